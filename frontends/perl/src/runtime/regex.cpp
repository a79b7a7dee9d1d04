/// @file regex.cpp
/// m// and s/// on PCRE2 (perlop "Regexp Quote-Like Operators"; PCRE2's perl compatibility in pcre2compat(3)):
/// a per-Vm cache of compiled patterns, scalar and list context, /g with pos() kept per (variable, string),
/// captures, empty-match advancement as perl does it (a zero-length match may not repeat at the same position).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "runtime/regex.hpp"

#include <pcre2.h>

#include <unordered_map>

#include "runtime/containers.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

struct Vm::RegexCache {
    std::unordered_map<std::string, pcre2_code*> codes;
    pcre2_match_data* data = nullptr;
    ~RegexCache() {
        for (auto& [k, c] : codes) pcre2_code_free(c);
        if (data) pcre2_match_data_free(data);
    }
};

void Vm::RegexCacheDeleter::operator()(RegexCache* c) const { delete c; }

namespace {

enum : int { f_g = 1, f_i = 2, f_m = 4, f_s = 8, f_x = 16, f_neg = 32, f_cell = 64, f_r = 128 };

pcre2_code* compile(Vm& vm, const std::string& pattern, int flags, std::string& error) {
    if (!vm.regex_cache) vm.regex_cache.reset(new Vm::RegexCache());
    std::string key;
    key += static_cast<char>('0' + (flags & (f_i | f_m | f_s | f_x)));
    key += pattern;
    auto it = vm.regex_cache->codes.find(key);
    if (it != vm.regex_cache->codes.end()) return it->second;
    uint32_t opts = PCRE2_ALT_BSUX * 0;
    if (flags & f_i) opts |= PCRE2_CASELESS;
    if (flags & f_m) opts |= PCRE2_MULTILINE;
    if (flags & f_s) opts |= PCRE2_DOTALL;
    if (flags & f_x) opts |= PCRE2_EXTENDED;
    int err = 0;
    PCRE2_SIZE off = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), opts, &err, &off,
                                     nullptr);
    if (!code) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof buf);
        error = std::string(reinterpret_cast<char*>(buf)) + " in regex; marked by <-- HERE in m/" +
                pattern.substr(0, off) + " <-- HERE " + pattern.substr(off) + "/";
        return nullptr;
    }
    vm.regex_cache->codes.emplace(key, code);
    return code;
}

}  // namespace

bool regex_search(Vm& vm, const std::string& pattern, int flags, std::string_view subject, size_t from,
                  std::vector<long>& ov, std::string& error, bool not_empty_at_start) {
    pcre2_code* code = compile(vm, pattern, flags, error);
    if (!code) return false;
    if (!vm.regex_cache->data) vm.regex_cache->data = pcre2_match_data_create(64, nullptr);
    pcre2_match_data* md = vm.regex_cache->data;
    if (from > subject.size()) return false;
    int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from,
                         not_empty_at_start ? PCRE2_NOTEMPTY_ATSTART : 0, md, nullptr);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
        error = "Complex regular subexpression recursion limit exceeded";
        return false;
    }
    if (rc < 0) return false;
    uint32_t groups = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    PCRE2_SIZE* o = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    ov.assign(2 * (groups + 1), -1);
    for (uint32_t i = 0; i <= groups && i < pairs; ++i) {
        if (o[2 * i] == PCRE2_UNSET) continue;
        ov[2 * i] = static_cast<long>(o[2 * i]);
        ov[2 * i + 1] = static_cast<long>(o[2 * i + 1]);
    }
    return true;
}

Value regex_capture(Vm& vm, int n) {
    size_t i = static_cast<size_t>(n);
    if (vm.match_subject.is_nil() || 2 * i + 1 >= vm.match_offsets.size() || vm.match_offsets[2 * i] < 0)
        return Value::nil();
    std::string_view s = static_cast<core::String*>(vm.match_subject.as_object())->view();
    long a = vm.match_offsets[2 * i], b = vm.match_offsets[2 * i + 1];
    return make_str(vm.heap, s.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)));
}

namespace {

Value as_string(Vm& vm, Value v) { return is_str(v) ? v : make_str(vm.heap, to_str(v)); }

}  // namespace

bool regex_match(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    int flags = ip->d;
    std::string pattern = to_str(s.r[ip->c]);
    Value target = (flags & f_cell) ? static_cast<core::Cell*>(s.r[ip->b].as_object())->value : s.r[ip->b];
    Value subj = as_string(vm, target);
    vm.scratch.push_back(subj);
    std::string subject(static_cast<core::String*>(subj.as_object())->view());
    std::vector<long> ov;
    std::string error;
    bool list = ip->x == ctx_list;
    auto fail_if_error = [&]() -> bool {
        vm.scratch.pop_back();
        return vm.die(s, ip, error);
    };
    if (!list && (flags & f_g)) {
        // scalar //g: continue from pos()
        Value cellv = s.r[ip->b];
        size_t from = 0;
        bool last_empty = false;
        size_t slot = SIZE_MAX;
        for (size_t i = 0; i < vm.positions.size(); ++i)
            if (vm.positions[i].cell == cellv) slot = i;
        if (slot != SIZE_MAX && vm.positions[slot].str == target) {
            from = vm.positions[slot].pos & ~(size_t(1) << 62);
            last_empty = (vm.positions[slot].pos >> 62) & 1;
        }
        bool ok = regex_search(vm, pattern, flags, subject, from, ov, error, last_empty);
        if (!error.empty()) return fail_if_error();
        if (ok) {
            vm.match_subject = vm.scratch.back();
            vm.match_offsets = ov;
            size_t end = static_cast<size_t>(ov[1]);
            size_t packed = end | (ov[0] == ov[1] ? (size_t(1) << 62) : 0);
            Value str = static_cast<core::Cell*>(s.r[ip->b].as_object())->value;
            if (slot == SIZE_MAX) {
                if (vm.positions.size() > 64) vm.positions.erase(vm.positions.begin());
                vm.positions.push_back({s.r[ip->b], str, packed});
            } else {
                vm.positions[slot].str = str;
                vm.positions[slot].pos = packed;
            }
        } else if (slot != SIZE_MAX) {
            vm.positions.erase(vm.positions.begin() + static_cast<long>(slot));
        }
        vm.scratch.pop_back();
        s.r[ip->a] = (ok != ((flags & f_neg) != 0)) ? vm.v_one : vm.v_empty;
        return true;
    }
    if (!list) {
        bool ok = regex_search(vm, pattern, flags, subject, 0, ov, error);
        if (!error.empty()) return fail_if_error();
        if (ok) {
            vm.match_subject = vm.scratch.back();
            vm.match_offsets = ov;
        }
        vm.scratch.pop_back();
        s.r[ip->a] = (ok != ((flags & f_neg) != 0)) ? vm.v_one : vm.v_empty;
        return true;
    }
    // list context
    Value out = Value::object(gc::new_list(vm.heap, 4));
    vm.scratch.push_back(out);
    size_t out_slot = vm.scratch.size() - 1;
    size_t from = 0;
    bool not_empty = false;
    bool any = false;
    for (;;) {
        bool ok = regex_search(vm, pattern, flags, subject, from, ov, error, not_empty);
        if (!error.empty()) {
            vm.scratch.pop_back();
            return fail_if_error();
        }
        if (!ok) break;
        any = true;
        vm.match_subject = vm.scratch[out_slot - 1];
        vm.match_offsets = ov;
        size_t groups = ov.size() / 2 - 1;
        if (groups == 0) {
            if (flags & f_g) av::push_value(vm.heap, vm.scratch[out_slot], make_str(vm.heap, subject.substr(static_cast<size_t>(ov[0]), static_cast<size_t>(ov[1] - ov[0]))));
            else av::push_value(vm.heap, vm.scratch[out_slot], vm.v_one);
        } else {
            for (size_t g = 1; g <= groups; ++g) av::push_value(vm.heap, vm.scratch[out_slot], regex_capture(vm, static_cast<int>(g)));
        }
        if (!(flags & f_g)) break;
        not_empty = ov[0] == ov[1];
        from = static_cast<size_t>(ov[1]);
        if (from > subject.size()) break;
    }
    Value result = vm.scratch[out_slot];
    vm.scratch.resize(out_slot - 1);
    if (flags & f_neg) {
        s.r[ip->a] = Value::object(gc::new_list(vm.heap, 1));
        av::push_value(vm.heap, s.r[ip->a], any ? vm.v_empty : vm.v_one);
        return true;
    }
    s.r[ip->a] = result;
    return true;
}

bool regex_subst(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    int flags = ip->d;
    bool code = ip->x == 1;
    std::string pattern = to_str(s.r[ip->c]);
    Value subj = as_string(vm, static_cast<core::Cell*>(s.r[ip->b].as_object())->value);
    vm.scratch.push_back(subj);
    size_t subj_slot = vm.scratch.size() - 1;
    std::string subject(static_cast<core::String*>(subj.as_object())->view());
    std::string out;
    std::vector<long> ov;
    std::string error;
    size_t from = 0, copied = 0;
    bool not_empty = false;
    int64_t count = 0;
    Value repl_const = code ? Value::nil() : s.r[ip[1].a];
    for (;;) {
        bool ok = regex_search(vm, pattern, flags, subject, from, ov, error, not_empty);
        if (!error.empty()) {
            vm.scratch.resize(subj_slot);
            return vm.die(s, ip, error);
        }
        if (!ok) break;
        ++count;
        vm.match_subject = vm.scratch[subj_slot];
        vm.match_offsets = ov;
        out.append(subject, copied, static_cast<size_t>(ov[0]) - copied);
        if (code) {
            Value args = Value::object(gc::new_list(vm.heap, 1));
            Value result;
            std::vector<long> saved = ov;
            if (!vm.call(s, s.r[ip[1].a], args, ctx_scalar, result)) {
                vm.scratch.resize(subj_slot);
                return false;
            }
            vm.match_subject = vm.scratch[subj_slot];
            vm.match_offsets = saved;
            ov = saved;
            append_str(out, result);
        } else {
            append_str(out, repl_const);
        }
        copied = static_cast<size_t>(ov[1]);
        if (!(flags & f_g)) break;
        not_empty = ov[0] == ov[1];
        from = static_cast<size_t>(ov[1]);
        if (from > subject.size()) break;
    }
    vm.scratch.resize(subj_slot);
    if (count == 0) {
        s.r[ip->a] = (flags & f_r) ? static_cast<core::Cell*>(s.r[ip->b].as_object())->value : vm.v_empty;
        if ((flags & f_r) && !is_str(s.r[ip->a])) s.r[ip->a] = make_str(vm.heap, to_str(s.r[ip->a]));
        return true;
    }
    out.append(subject, copied, std::string::npos);
    Value nv = make_str(vm.heap, out);
    if (flags & f_r) {
        s.r[ip->a] = nv;
        return true;
    }
    auto* c = static_cast<core::Cell*>(s.r[ip->b].as_object());
    vm.heap.store(c, c->value, nv);
    s.r[ip->a] = make_iv(vm.heap, count);
    return true;
}

}  // namespace trellis::perl
