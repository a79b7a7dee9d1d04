/// @file regex.cpp
/// m// and s/// on PCRE2 (perlop "Regexp Quote-Like Operators"; PCRE2's perl compatibility in pcre2compat(3)):
/// a per-Vm cache of compiled patterns, scalar and list context, /g with pos() kept per (variable, string),
/// captures, empty-match advancement as perl does it (a zero-length match may not repeat at the same position).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "runtime/regex.hpp"

#include <pcre2.h>

#include <algorithm>
#include <unordered_map>

#include "runtime/builtins_call.hpp"
#include "runtime/containers.hpp"
#include "trellis/gc/objects.hpp"
#include "utf8.hpp"

namespace trellis::perl {

/// pos() of one variable (perlfunc "pos"): the variable's Cell, the string object it held when the position
/// was set (a new value resets pos, as assignment does in perl), and the position as a Cell of its own, so that
/// `pos($s) = N` is an ordinary assignment to that Cell.
struct PosSlot {
    Value var;
    Value str;
    Value pos;            ///< a Cell: an integer offset, or undef
    int64_t last_pos = -1;  ///< the offset the last match left ...
    bool last_empty = false;  ///< ... and whether that match was empty (no empty match again at the same place)
};

struct Vm::RegexCache {
    std::unordered_map<std::string, pcre2_code*> codes;
    pcre2_match_data* data = nullptr;
    /// Matching runs JIT-compiled code (pcre2jit) on this stack (grown up to 8 MiB); a match that needs more
    /// runs again in the interpreter, so the stack size never changes a result.
    pcre2_jit_stack* jit_stack = nullptr;
    pcre2_match_context* match_context = nullptr;
    /// The pattern compile() returned last, with its flags, capture count and whether it is JIT code: a loop
    /// (s///g, m//g, one regex over many lines) finds it without building a key and hashing it.
    std::string last_pattern;
    int last_flags = -1;
    pcre2_code* last_compiled = nullptr;
    uint32_t last_groups = 0;
    bool last_jit = false;
    pcre2_code* last_code = nullptr;  ///< the pattern of the last successful match (names of %+)
    std::vector<PosSlot> positions;
    gc::Heap* heap = nullptr;
    size_t root_id = 0;
    static void visit(gc::RootVisitor& v, void* self) {
        for (PosSlot& p : static_cast<RegexCache*>(self)->positions) {
            v.visit(&p.var, &p.var + 1);
            v.visit(&p.str, &p.str + 1);
            v.visit(&p.pos, &p.pos + 1);
        }
    }
    explicit RegexCache(gc::Heap& h) : heap(&h) { root_id = h.add_root_callback(&RegexCache::visit, this); }
    ~RegexCache() {
        heap->remove_root_callback(root_id);
        for (auto& [k, c] : codes) pcre2_code_free(c);
        if (data) pcre2_match_data_free(data);
        if (match_context) pcre2_match_context_free(match_context);
        if (jit_stack) pcre2_jit_stack_free(jit_stack);
    }
};

void Vm::RegexCacheDeleter::operator()(RegexCache* c) const { delete c; }

namespace {

enum : int { f_g = 1, f_i = 2, f_m = 4, f_s = 8, f_x = 16, f_neg = 32, f_cell = 64, f_r = 128, f_c = 256, f_utf = regex_utf };

pcre2_code* compile_keyed(Vm& vm, const std::string& pattern, int flags, std::string& error);

/// The compiled code of `pattern` under `flags` (cached per Vm; the last one also in RegexCache::last_*), or
/// null with `error` set.
pcre2_code* compile(Vm& vm, const std::string& pattern, int flags, std::string& error) {
    if (!vm.regex_cache) vm.regex_cache.reset(new Vm::RegexCache(vm.heap));
    auto& cache = *vm.regex_cache;
    const int mode = flags & (f_i | f_m | f_s | f_x | f_utf);
    if (cache.last_compiled && cache.last_flags == mode && cache.last_pattern == pattern) return cache.last_compiled;
    pcre2_code* found = compile_keyed(vm, pattern, flags, error);
    if (found) {
        cache.last_pattern = pattern;
        cache.last_flags = mode;
        cache.last_compiled = found;
        pcre2_pattern_info(found, PCRE2_INFO_CAPTURECOUNT, &cache.last_groups);
        size_t jit_size = 0;
        cache.last_jit = pcre2_pattern_info(found, PCRE2_INFO_JITSIZE, &jit_size) == 0 && jit_size > 0;
    }
    return found;
}

pcre2_code* compile_keyed(Vm& vm, const std::string& pattern, int flags, std::string& error) {
    std::string key;
    key += static_cast<char>('0' + (flags & (f_i | f_m | f_s | f_x)));
    if (flags & f_utf) key += 'u';
    key += pattern;
    auto it = vm.regex_cache->codes.find(key);
    if (it != vm.regex_cache->codes.end()) return it->second;
    // constructs PCRE2 cannot run the perl way: embedded perl code (perlre "(?{ code })", "(??{ code })")
    for (size_t i = 0; i + 2 < pattern.size(); ++i) {
        if (pattern[i] == '\\') {
            ++i;
            continue;
        }
        if (pattern.compare(i, 3, "(?{") == 0 || pattern.compare(i, 4, "(??{") == 0 ||
            pattern.compare(i, 4, "(*{") == 0) {
            error = std::string("the regex construct ") + (pattern[i + 2] == '?' ? "(??{ code })" : "(?{ code })") +
                    " not supported by trellis-perl";
            return nullptr;
        }
    }
    uint32_t opts = PCRE2_DUPNAMES;  // perlre: several groups may share a name ($+{n} is the leftmost that matched)
    if (flags & f_i) opts |= PCRE2_CASELESS;
    if (flags & f_m) opts |= PCRE2_MULTILINE;
    if (flags & f_s) opts |= PCRE2_DOTALL;
    if (flags & f_x) opts |= PCRE2_EXTENDED;
    if (flags & f_utf) opts |= PCRE2_UTF | PCRE2_UCP;
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
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // when JIT is unavailable, pcre2_match interprets
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
    auto& cache = *vm.regex_cache;
    if (!cache.match_context) {
        cache.match_context = pcre2_match_context_create(nullptr);
        cache.jit_stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, nullptr);
        if (cache.match_context && cache.jit_stack) pcre2_jit_stack_assign(cache.match_context, nullptr, cache.jit_stack);
    }
    const uint32_t options = not_empty_at_start ? PCRE2_NOTEMPTY_ATSTART : 0;
    // compile() left this pattern's facts in last_*: JIT code runs through the fast entry (pcre2jit "JIT FAST
    // PATH API"), which skips the checks pcre2_match repeats on every call
    int rc = cache.last_jit && cache.match_context
                 ? pcre2_jit_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from,
                                   options, md, cache.match_context)
                 : pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from, options,
                               md, cache.match_context);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)  // deeper than the JIT stack: the interpreter decides
        rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from,
                         options | PCRE2_NO_JIT, md, nullptr);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
        error = "Complex regular subexpression recursion limit exceeded";
        return false;
    }
    if (rc < 0) return false;
    vm.regex_cache->last_code = code;
    const uint32_t groups = cache.last_groups;
    PCRE2_SIZE* o = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    const size_t n = 2 * (static_cast<size_t>(groups) + 1);
    if (ov.size() != n) ov.resize(n);  // the same size match after match: no allocation, no fill
    long* out = ov.data();
    for (uint32_t i = 0; i <= groups; ++i) {
        const bool set = i < pairs && o[2 * i] != PCRE2_UNSET;
        out[2 * i] = set ? static_cast<long>(o[2 * i]) : -1;
        out[2 * i + 1] = set ? static_cast<long>(o[2 * i + 1]) : -1;
    }
    return true;
}

Value regex_capture(Vm& vm, int n) {
    size_t i = static_cast<size_t>(n);
    if (vm.match_subject.is_nil() || 2 * i + 1 >= vm.match_offsets.size() || vm.match_offsets[2 * i] < 0)
        return Value::nil();
    std::string_view s = static_cast<core::String*>(vm.match_subject.as_object())->view();
    long a = vm.match_offsets[2 * i], b = vm.match_offsets[2 * i + 1];
    return make_str(vm.heap, s.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)), is_utf8(vm.match_subject));
}

namespace {

Value as_string(Vm& vm, Value v) { return is_str(v) ? v : make_str(vm.heap, to_str(v)); }

/// A character-string match (perlunicode): when the pattern or the subject is a character string, both are
/// matched as characters; a byte subject is upgraded into a new character string (`subj` is replaced) and a
/// byte pattern's text is upgraded in `pattern`. Returns whether the match is one.
[[gnu::noinline, gnu::cold]] bool utf_operands(Vm& vm, Value pattern_value, std::string& pattern, Value& subj) {
    const bool pu = is_utf8(pattern_value), su = is_utf8(subj);
    if (!pu && !su) return false;
    if (!pu && !is_ascii(pattern)) {
        std::string up;
        append_latin1_as_utf8(up, pattern);
        pattern = std::move(up);
    }
    if (!su) {
        std::string up;
        append_latin1_as_utf8(up, static_cast<core::String*>(subj.as_object())->view());
        subj = make_str(vm.heap, up, true);
    }
    return true;
}

/// The pos() record of variable Cell `var`: nullptr when it has none (or its value changed since, which resets
/// pos) unless `create`. May allocate when creating (`var` is re-read from the caller's rooted slot).
PosSlot* pos_slot(Vm& vm, Value var, bool create) {
    if (!vm.regex_cache) {
        if (!create) return nullptr;
        vm.regex_cache.reset(new Vm::RegexCache(vm.heap));
    }
    auto& ps = vm.regex_cache->positions;
    Value now = sv_value(static_cast<core::Cell*>(var.as_object()));
    for (size_t i = 0; i < ps.size(); ++i) {
        if (ps[i].var != var) continue;
        if (ps[i].str == now) return &ps[i];
        if (!create) {
            ps.erase(ps.begin() + static_cast<long>(i));
            return nullptr;
        }
        ps[i].str = now;
        static_cast<core::Cell*>(ps[i].pos.as_object())->value = Value::nil();
        ps[i].last_pos = -1;
        return &ps[i];
    }
    if (!create) return nullptr;
    if (ps.size() >= 256) ps.erase(ps.begin());  // bounded: the oldest record goes (its pos() reads undef)
    vm.scratch.push_back(var);
    Value cell = Value::object(gc::new_cell(vm.heap, Value::nil()));
    var = vm.scratch.back();
    vm.scratch.pop_back();
    ps.push_back({var, sv_value(static_cast<core::Cell*>(var.as_object())), cell, -1, false});
    return &ps.back();
}

}  // namespace

bool regex_match(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    int flags = ip->d;
    std::string pattern = to_str(s.r[ip->c]);
    Value target = (flags & f_cell) ? sv_value(static_cast<core::Cell*>(s.r[ip->b].as_object())) : s.r[ip->b];
    Value subj = as_string(vm, target);
    if (TRELLIS_UNLIKELY(subj.as_object()->class_id != 0 || s.r[ip->c].is_object() && s.r[ip->c].as_object()->class_id != 0) &&
        utf_operands(vm, s.r[ip->c], pattern, subj))
        flags |= f_utf;
    vm.scratch.push_back(subj);
    std::string subject(static_cast<core::String*>(subj.as_object())->view());
    // a successful search writes the offsets of the last match (perlvar "$1") in place; a failed one leaves them
    std::vector<long>& ov = vm.match_offsets;
    std::string error;
    bool list = ip->x == ctx_list;
    auto fail_if_error = [&]() -> bool {
        vm.scratch.pop_back();
        return vm.die(s, ip, error);
    };
    if (!list && (flags & f_g)) {
        // scalar //g: continue from pos() of the variable (Cell r[b])
        Value var = s.r[ip->b];
        PosSlot* ps = pos_slot(vm, var, false);
        size_t from = 0;
        bool last_empty = false;
        if (ps && !av::cell_value(ps->pos).is_nil()) {
            int64_t p = to_iv(av::cell_value(ps->pos));
            const auto len = static_cast<int64_t>((flags & f_utf) ? utf8_length(subject) : subject.size());
            if (p < 0) p += len;
            from = static_cast<size_t>(std::clamp<int64_t>(p, 0, len));
            if (flags & f_utf) from = utf8_offset(subject, from);  // pos() counts characters
            last_empty = ps->last_empty && ps->last_pos == p;
        }
        bool ok = regex_search(vm, pattern, flags, subject, from, ov, error, last_empty);
        if (!error.empty()) return fail_if_error();
        if (ok) {
            vm.match_subject = vm.scratch.back();
            ps = pos_slot(vm, s.r[ip->b], true);
            const long end_at = (flags & f_utf) ? static_cast<long>(utf8_chars_before(subject, static_cast<size_t>(ov[1]))) : ov[1];
            Value end = Value::small_int(end_at);
            auto* pc = static_cast<core::Cell*>(ps->pos.as_object());
            vm.heap.store(pc, pc->value, end);
            ps->last_pos = end_at;
            ps->last_empty = ov[0] == ov[1];
        } else if (ps && !(flags & f_c)) {
            auto* pc = static_cast<core::Cell*>(ps->pos.as_object());
            pc->value = Value::nil();
        }
        vm.scratch.pop_back();
        s.r[ip->a] = (ok != ((flags & f_neg) != 0)) ? vm.v_one : vm.v_empty;
        return true;
    }
    if (!list) {
        bool ok = regex_search(vm, pattern, flags, subject, 0, ov, error);
        if (!error.empty()) return fail_if_error();
        if (ok) vm.match_subject = vm.scratch.back();
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
        size_t groups = ov.size() / 2 - 1;
        if (groups == 0) {
            if (flags & f_g) av::push_value(vm.heap, vm.scratch[out_slot], make_str(vm.heap, std::string_view(subject).substr(static_cast<size_t>(ov[0]), static_cast<size_t>(ov[1] - ov[0])), (flags & f_utf) != 0));
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
    Value subj = as_string(vm, sv_value(static_cast<core::Cell*>(s.r[ip->b].as_object())));
    if (TRELLIS_UNLIKELY(subj.as_object()->class_id != 0 || s.r[ip->c].is_object() && s.r[ip->c].as_object()->class_id != 0 ||
                         (!code && is_utf8(s.r[ip[1].a]))))
        if (utf_operands(vm, s.r[ip->c], pattern, subj) || (!code && is_utf8(s.r[ip[1].a]))) {
            flags |= f_utf;
            if (!is_utf8(subj)) {  // a character replacement into a byte subject: the subject is upgraded
                std::string up;
                append_latin1_as_utf8(up, static_cast<core::String*>(subj.as_object())->view());
                subj = make_str(vm.heap, up, true);
            }
        }
    vm.scratch.push_back(subj);
    size_t subj_slot = vm.scratch.size() - 1;
    std::string subject(static_cast<core::String*>(subj.as_object())->view());
    std::string out;
    std::vector<long>& ov = vm.match_offsets;  // written in place by each successful search (see regex_match)
    std::string error;
    size_t from = 0, copied = 0;
    bool not_empty = false;
    int64_t count = 0;
    std::string repl_text;  // a replacement without /e is one value for every match: its text is made once
    if (!code && (flags & f_utf) && !is_utf8(s.r[ip[1].a])) {
        std::string bytes;
        append_str(bytes, s.r[ip[1].a]);
        append_latin1_as_utf8(repl_text, bytes);
    } else if (!code) {
        append_str(repl_text, s.r[ip[1].a]);
    }
    for (;;) {
        bool ok = regex_search(vm, pattern, flags, subject, from, ov, error, not_empty);
        if (!error.empty()) {
            vm.scratch.resize(subj_slot);
            return vm.die(s, ip, error);
        }
        if (!ok) break;
        ++count;
        vm.match_subject = vm.scratch[subj_slot];
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
            vm.match_offsets = saved;  // (ov is vm.match_offsets)
            if ((flags & f_utf) && is_str(result) && !is_utf8(result))
                append_latin1_as_utf8(out, static_cast<core::String*>(result.as_object())->view());
            else
                append_str(out, result);
        } else {
            out.append(repl_text);
        }
        copied = static_cast<size_t>(ov[1]);
        if (!(flags & f_g)) break;
        not_empty = ov[0] == ov[1];
        from = static_cast<size_t>(ov[1]);
        if (from > subject.size()) break;
    }
    vm.scratch.resize(subj_slot);
    if (count == 0) {
        s.r[ip->a] = (flags & f_r) ? sv_value(static_cast<core::Cell*>(s.r[ip->b].as_object())) : vm.v_empty;
        if ((flags & f_r) && !is_str(s.r[ip->a])) s.r[ip->a] = make_str(vm.heap, to_str(s.r[ip->a]));
        return true;
    }
    out.append(subject, copied, std::string::npos);
    Value nv = make_str(vm.heap, out, (flags & f_utf) != 0);
    if (flags & f_r) {
        s.r[ip->a] = nv;
        return true;
    }
    auto* c = static_cast<core::Cell*>(s.r[ip->b].as_object());
    vm.heap.store(c, c->value, nv);
    s.r[ip->a] = make_iv(vm.heap, count);
    return true;
}

namespace builtins {

bool b_pos(Call& c) {
    PosSlot* ps = pos_slot(c.vm(), c.arg_cell(0), false);
    return c.ret(ps ? av::cell_value(ps->pos) : Value::nil());
}

bool b_pos_cell(Call& c) {
    Value var = c.arg_cell(0);
    return c.ret(pos_slot(c.vm(), var, true)->pos);
}

bool b_match_var(Call& c) {
    Vm& vm = c.vm();
    std::string name = to_str(c.s.r[c.ip->b]);
    const auto& ov = vm.match_offsets;
    bool have = !vm.match_subject.is_nil() && ov.size() >= 2;
    size_t groups = have ? ov.size() / 2 : 0;  // group 0 included
    auto piece = [&](long a, long b) -> Value {
        std::string_view sub = static_cast<core::String*>(vm.match_subject.as_object())->view();
        return make_str(vm.heap, sub.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)), is_utf8(vm.match_subject));
    };
    Value v = Value::nil();
    if (name == "$`" || name == "$'" || name == "$+") {
        if (have && name == "$`") v = piece(0, ov[0]);
        if (have && name == "$'") {
            long len = static_cast<long>(static_cast<core::String*>(vm.match_subject.as_object())->view().size());
            v = piece(ov[1], len);
        }
        if (have && name == "$+")
            for (size_t g = groups; g-- > 1;)
                if (ov[2 * g] >= 0) {
                    v = regex_capture(vm, static_cast<int>(g));
                    break;
                }
        return c.ret(Value::object(gc::new_cell(c.heap(), v)));
    }
    if (name == "%+" || name == "%-") {
        const bool all = name == "%-";  // %-: every group of each name, as an array (undef where unmatched)
        c.vm().scratch.push_back(Value::object(gc::new_map(c.heap(), 4)));
        size_t slot = c.vm().scratch.size() - 1;
        pcre2_code* code = vm.regex_cache ? vm.regex_cache->last_code : nullptr;
        uint32_t count = 0, size = 0;
        PCRE2_SPTR table = nullptr;
        if (have && code) {
            pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
            pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &size);
            pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
        }
        for (uint32_t i = 0; i < count; ++i) {
            const unsigned char* e = table + i * size;
            size_t g = (static_cast<size_t>(e[0]) << 8) | e[1];
            std::string gname(reinterpret_cast<const char*>(e + 2));
            if (all) {  // the name table lists a duplicated name's groups in group order
                Value key = make_str(c.heap(), gname);
                c.vm().scratch.push_back(key);
                Value existing = gc::map_get(hv::map(c.vm().scratch[slot]), key);
                if (existing.is_undefined()) {
                    c.vm().scratch.push_back(Value::object(gc::new_list(c.heap(), 2)));
                    hv::store(c.heap(), c.vm().scratch[slot], c.vm().scratch[c.vm().scratch.size() - 2],
                              c.vm().scratch.back());
                } else {
                    c.vm().scratch.push_back(av::cell_value(existing));
                }
                Value val = g < groups && ov[2 * g] >= 0 ? regex_capture(vm, static_cast<int>(g)) : Value::nil();
                av::push_value(c.heap(), c.vm().scratch.back(), val);
                c.vm().scratch.resize(c.vm().scratch.size() - 2);
                continue;
            }
            if (g >= groups || ov[2 * g] < 0) continue;  // %+ holds only the groups that matched
            Value key = make_str(c.heap(), gname);
            c.vm().scratch.push_back(key);
            Value existing = gc::map_get(hv::map(c.vm().scratch[slot]), key);
            if (existing.is_undefined()) {  // the leftmost defined group of a duplicated name wins
                Value val = regex_capture(vm, static_cast<int>(g));
                hv::store(c.heap(), c.vm().scratch[slot], c.vm().scratch.back(), val);
            }
            c.vm().scratch.pop_back();
        }
        Value m = c.vm().scratch[slot];
        c.vm().scratch.resize(slot);
        return c.ret(m);
    }
    // @- (starts, up to the last group that matched) and @+ (ends, every group)
    bool starts = name == "@-";
    size_t n = groups;
    if (starts)
        while (n > 1 && ov[2 * (n - 1)] < 0) --n;
    size_t res = c.begin_list();
    for (size_t g = 0; g < n; ++g) {
        long o = ov[2 * g + (starts ? 0 : 1)];
        if (o > 0 && is_utf8(vm.match_subject))  // offsets in characters
            o = static_cast<long>(utf8_chars_before(static_cast<core::String*>(vm.match_subject.as_object())->view(), static_cast<size_t>(o)));
        c.push(res, o < 0 ? Value::nil() : Value::small_int(o));
    }
    Value l = c.vm().scratch[res];
    c.vm().scratch.resize(res);
    return c.ret(l);
}

}  // namespace builtins

}  // namespace trellis::perl
