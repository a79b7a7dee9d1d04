/// @file builtins.cpp
/// The builtins of perlfunc reached through the BUILTIN instruction (list and hash functions, strings,
/// numbers, die/warn/exit, split) and the table of all builtins by name (I/O and time in builtins_io.cpp,
/// List::Util / Scalar::Util / POSIX in builtins_util.cpp). Each takes its arguments as one List of Cells (its shape is decided by the
/// compiler, compiler_calls.cpp) and the call's context.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "runtime/builtins_call.hpp"
#include "runtime/overload.hpp"
#include "runtime/containers.hpp"
#include "runtime/fast_alloc.hpp"
#include "runtime/ops.hpp"
#include "runtime/regex.hpp"
#include "runtime/vm.hpp"
#include "runtime/warnings.hpp"
#include "trellis/gc/objects.hpp"
#include "utf8.hpp"

namespace trellis::perl {

namespace builtins {

// builtins_integer.cpp (use integer)
bool b_i_add(Call& c);
bool b_i_subtract(Call& c);
bool b_i_multiply(Call& c);
bool b_i_divide(Call& c);
bool b_i_modulo(Call& c);
bool b_i_negate(Call& c);
bool b_i_complement(Call& c);
bool b_i_bit_and(Call& c);
bool b_i_bit_or(Call& c);
bool b_i_bit_xor(Call& c);
bool b_i_left_shift(Call& c);
bool b_i_right_shift(Call& c);
bool b_i_eq(Call& c);
bool b_i_ne(Call& c);
bool b_i_lt(Call& c);
bool b_i_le(Call& c);
bool b_i_gt(Call& c);
bool b_i_ge(Call& c);
bool b_i_ncmp(Call& c);
// builtins_io.cpp, builtins_seek.cpp, builtins_process.cpp (Fcntl-level I/O and processes)
bool b_sysopen(Call& c);
bool b_pipe(Call& c);
bool b_sysseek(Call& c);
bool b_flock(Call& c);
bool b_fork(Call& c);
bool b_wait(Call& c);
bool b_waitpid(Call& c);
bool b_kill(Call& c);
bool b_exec(Call& c);
bool b_pid(Call& c);
// builtins_require.cpp
bool b_require_file(Call& c);
bool b_do_file(Call& c);
bool b_bind_sub(Call& c);

// a %c above 0xFF made the result a character string (Vm::sprintf_wide): formatted again by characters
[[gnu::noinline, gnu::cold]] static bool sprintf_again(Call& c) {
    c.vm().sprintf_wide = false;
    return u_sprintf(c);
}

bool b_sprintf(Call& c) {
    if (TRELLIS_UNLIKELY(has_utf8_arg(c, 0))) return u_sprintf(c);  // a character string among the arguments
    std::string fmt = to_str(c.arg(0));
    if (TRELLIS_UNLIKELY(c.s.proto->warns)) {
        std::vector<SprintfNote> notes;
        std::string text = perl_sprintf(c.vm(), fmt, c.args(), 1, &notes);
        if (TRELLIS_UNLIKELY(c.vm().sprintf_wide)) return sprintf_again(c);
        if (!warn_sprintf(c.s, c.ip, notes, "sprintf")) return false;
        return c.ret_str(text);
    }
    std::string text = perl_sprintf(c.vm(), fmt, c.args(), 1);
    if (TRELLIS_UNLIKELY(c.vm().sprintf_wide)) return sprintf_again(c);
    return c.ret_str(text);
}

bool b_push(Call& c) {
    for (size_t i = 1; i < c.n(); ++i) {
        Value v = c.arg(i);
        Value arr = c.arg(0);
        c.vm().scratch.push_back(arr);
        av::push_value(c.heap(), c.vm().scratch.back(), v);
        c.vm().scratch.pop_back();
    }
    return c.ret_int(static_cast<int64_t>(av::len(c.arg(0))));
}

bool b_unshift(Call& c) {
    size_t k = c.n() - 1;
    Value arr = c.arg(0);
    c.vm().scratch.push_back(arr);
    size_t slot = c.vm().scratch.size() - 1;
    av::insert_holes(c.heap(), c.vm().scratch[slot], 0, k);
    for (size_t i = 0; i < k; ++i) {
        Value cell = Value::object(gc::new_cell(c.heap(), c.arg(i + 1)));
        gc::list_set(c.heap(), av::list(c.vm().scratch[slot]), i, cell);
    }
    int64_t n = static_cast<int64_t>(av::len(c.vm().scratch[slot]));
    c.vm().scratch.pop_back();
    return c.ret_int(n);
}

bool b_pop(Call& c) { return c.ret(av::cell_value(av::pop(c.arg(0)))); }
bool b_shift(Call& c) { return c.ret(av::cell_value(av::shift(c.heap(), c.arg(0)))); }

bool b_splice(Call& c) {
    Value arr = c.arg(0);
    int64_t len = static_cast<int64_t>(av::len(arr));
    int64_t off = c.n() > 1 ? to_iv(c.arg(1)) : 0;
    if (off < 0) off += len;
    if (off < 0) return c.die("Modification of non-creatable array value attempted, subscript " + std::to_string(off - len));
    if (off > len) off = len;
    int64_t cnt = c.n() > 2 ? to_iv(c.arg(2)) : len - off;
    if (cnt < 0) cnt = std::max<int64_t>(0, len - off + cnt);
    if (off + cnt > len) cnt = len - off;
    size_t res = c.begin_list();
    for (int64_t i = 0; i < cnt; ++i) c.push(res, av::fetch(c.arg(0), off + i));
    av::remove(c.heap(), c.arg(0), static_cast<uint64_t>(off), static_cast<uint64_t>(cnt));
    size_t add = c.n() > 3 ? c.n() - 3 : 0;
    if (add) {
        c.vm().scratch.push_back(c.arg(0));
        av::insert_holes(c.heap(), c.vm().scratch.back(), static_cast<uint64_t>(off), add);
        c.vm().scratch.pop_back();
        for (size_t i = 0; i < add; ++i) {
            Value cell = Value::object(gc::new_cell(c.heap(), c.arg(3 + i)));
            gc::list_set(c.heap(), av::list(c.arg(0)), static_cast<uint64_t>(off) + i, cell);
        }
    }
    if (c.ctx == ctx_list) return c.end_list(res);
    Value removed = c.vm().scratch[res];
    c.vm().scratch.resize(res);
    uint64_t rn = av::len(removed);
    return c.ret(rn ? av::fetch(removed, static_cast<int64_t>(rn - 1)) : Value::nil());
}

bool b_reverse(Call& c) {
    if (c.ctx == ctx_list) {
        const size_t n = c.n();  // the result List is made at its size, the Cells pushed in line
        c.vm().scratch.push_back(Value::object(fast::new_list_of_size(c.heap(), n)));
        const size_t res = c.vm().scratch.size() - 1;
        for (size_t i = n; i-- > 0;) {
            Value cell = c.arg_cell(i);
            if (cell.is_nil()) cell = Value::object(fast::new_cell(c.heap(), Value::nil()));
            fast::list_push(c.heap(), c.vm().scratch[res], cell);
        }
        return c.end_list(res);
    }
    if (TRELLIS_UNLIKELY(has_utf8_arg(c, 0))) return u_reverse_scalar(c);
    std::string s = join_args(c, 0, "");
    std::reverse(s.begin(), s.end());
    return c.ret_str(s);
}

bool b_join(Call& c) {
    if (TRELLIS_UNLIKELY(has_utf8_arg(c, 0))) return u_join(c);
    std::string sep = c.n() ? to_str(c.arg(0)) : "";
    return c.ret_str(join_args(c, 1, sep));
}

bool b_keys(Call& c) {
    Value agg = c.arg(0);
    if (core::is_kind(agg, core::Kind::list)) {
        if (c.ctx != ctx_list) return c.ret_int(static_cast<int64_t>(av::len(agg)));
        size_t res = c.begin_list();
        for (uint64_t i = 0; i < av::len(c.arg(0)); ++i) c.push(res, make_iv(c.heap(), static_cast<int64_t>(i)));
        return c.end_list(res);
    }
    // reset the each-iterator
    for (size_t i = 0; i < c.vm().each_positions.size(); ++i)
        if (c.vm().each_positions[i].cell == agg) c.vm().each_positions.erase(c.vm().each_positions.begin() + static_cast<long>(i));
    if (c.ctx != ctx_list) return c.ret_int(hv::count(agg));
    size_t res = c.begin_list();
    for (uint32_t i = 0; i < hv::map(c.arg(0))->used; ++i) {
        auto* e = static_cast<core::Array*>(hv::map(c.arg(0))->entries.as_object());
        if (e->items[2 * i].is_undefined()) continue;
        c.push(res, hv::key_out(c.heap(), e->items[2 * i]));
    }
    return c.end_list(res);
}

bool b_values(Call& c) {
    Value agg = c.arg(0);
    if (core::is_kind(agg, core::Kind::list)) {
        if (c.ctx != ctx_list) return c.ret_int(static_cast<int64_t>(av::len(agg)));
        size_t res = c.begin_list();
        Value src = c.arg(0);
        c.vm().scratch.push_back(src);
        av::push_all(c.heap(), c.vm().scratch[res], c.vm().scratch.back());
        c.vm().scratch.pop_back();
        return c.end_list(res);
    }
    if (c.ctx != ctx_list) return c.ret_int(hv::count(agg));
    size_t res = c.begin_list();
    for (uint32_t i = 0; i < hv::map(c.arg(0))->used; ++i) {
        auto* e = static_cast<core::Array*>(hv::map(c.arg(0))->entries.as_object());
        if (e->items[2 * i].is_undefined()) continue;
        gc::list_push(c.heap(), c.vm().scratch[res], e->items[2 * i + 1]);  // aliases (values are lvalues)
    }
    return c.end_list(res);
}

bool b_each(Call& c) {
    Value h = c.arg(0);
    if (!core::is_kind(h, core::Kind::map)) return c.die("each on an array is not supported by trellis-perl");
    auto& its = c.vm().each_positions;
    size_t slot = SIZE_MAX;
    for (size_t i = 0; i < its.size(); ++i)
        if (its[i].cell == h) slot = i;
    if (slot == SIZE_MAX) {
        its.push_back({h, Value::nil(), 0});
        slot = its.size() - 1;
    }
    size_t i = its[slot].pos;
    auto* m = hv::map(h);
    auto* e = static_cast<core::Array*>(m->entries.as_object());
    while (i < m->used && e->items[2 * i].is_undefined()) ++i;
    if (i >= m->used) {
        its.erase(its.begin() + static_cast<long>(slot));
        if (c.ctx == ctx_list) {
            size_t res = c.begin_list();
            return c.end_list(res);
        }
        return c.ret(Value::nil());
    }
    its[slot].pos = i + 1;
    if (c.ctx != ctx_list) return c.ret(hv::key_out(c.heap(), e->items[2 * i]));
    size_t res = c.begin_list();
    c.push(res, hv::key_out(c.heap(), static_cast<core::Array*>(hv::map(c.arg(0))->entries.as_object())->items[2 * i]));
    e = static_cast<core::Array*>(hv::map(c.arg(0))->entries.as_object());
    gc::list_push(c.heap(), c.vm().scratch[res], e->items[2 * i + 1]);
    return c.end_list(res);
}

bool b_delete(Call& c) {
    Value agg = c.arg(0);
    if (core::is_kind(agg, core::Kind::list)) {
        int64_t i = to_iv(c.arg(1));
        int64_t n = static_cast<int64_t>(av::len(agg));
        if (i < 0) i += n;
        if (i < 0 || i >= n) return c.ret(Value::nil());
        Value v = av::fetch(agg, i);
        if (i == n - 1) {
            av::pop(agg);
            while (av::len(agg) && av::slot(agg, av::len(agg) - 1).is_nil()) av::pop(agg);
        } else {
            gc::list_set(c.heap(), av::list(agg), static_cast<uint64_t>(i), Value::nil());
        }
        return c.ret(v);
    }
    Value key = hv::key(c.heap(), c.arg(1));
    agg = c.arg(0);
    Value v = hv::fetch(agg, key);
    gc::map_remove(c.heap(), hv::map(agg), key);
    return c.ret(v);
}

bool b_exists(Call& c) {
    Value agg = c.arg(0);
    if (c.n() == 1) {  // exists &name
        uint32_t g = c.vm().glob_index(to_str(agg));
        return c.ret_bool(!c.vm().globs[g].cv.is_nil());
    }
    if (core::is_kind(agg, core::Kind::list)) {
        int64_t i = to_iv(c.arg(1));
        int64_t n = static_cast<int64_t>(av::len(agg));
        if (i < 0) i += n;
        return c.ret_bool(i >= 0 && i < n && !av::slot(agg, static_cast<uint64_t>(i)).is_nil());
    }
    Value key = hv::key(c.heap(), c.arg(1));
    Value r = gc::map_get(hv::map(c.arg(0)), key);
    return c.ret_bool(!r.is_undefined());
}

bool b_code_defined(Call& c) {
    uint32_t g = c.vm().glob_index(to_str(c.s.r[c.ip->b]));
    return c.ret_bool(!c.vm().globs[g].cv.is_nil());
}

bool b_code_of(Call& c) {
    std::string name = to_str(c.s.r[c.ip->b]);
    uint32_t g = c.vm().glob_index(name);
    if (c.vm().globs[g].cv.is_nil()) return c.die("Undefined subroutine &" + name + " called");
    return c.ret(c.vm().globs[g].cv);
}

bool b_hash_scalar(Call& c) { return c.ret_int(hv::count(c.s.r[c.ip->b])); }

bool b_list_repeat(Call& c) {
    int64_t times = to_iv(c.arg(0));
    size_t n = c.n() - 1;
    if (times > 0 && static_cast<double>(times) * static_cast<double>(n) > 1e8)
        return c.die("Out of memory in trellis-perl: list repetition too large");
    size_t res = c.begin_list();
    for (int64_t t = 0; t < times; ++t)
        for (size_t i = 0; i < n; ++i) c.push(res, c.arg(i + 1));
    return c.end_list(res);
}

std::string arg_str(Call& c, size_t i) { return str_of(c.vm(), c.arg(i)); }

bool b_lc(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)))) return u_lc(c);
    std::string s = arg_str(c, 0);
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return c.ret_str(s);
}
bool b_uc(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)))) return u_uc(c);
    std::string s = arg_str(c, 0);
    for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return c.ret_str(s);
}
bool b_fc(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)))) return u_fc(c);
    return b_lc(c);
}
bool b_lcfirst(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)))) return u_lcfirst(c);
    std::string s = arg_str(c, 0);
    if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return c.ret_str(s);
}
bool b_ucfirst(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)))) return u_ucfirst(c);
    std::string s = arg_str(c, 0);
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return c.ret_str(s);
}
bool b_length(Call& c) {
    Value v = c.arg(0);
    if (v.is_nil()) return c.ret(Value::nil());
    std::string_view sv;
    if (str_view(v, sv)) {
        if (TRELLIS_UNLIKELY(v.as_object()->class_id != 0) && is_utf8(v)) return u_length(c);
        return c.ret_int(static_cast<int64_t>(sv.size()));
    }
    return c.ret_int(static_cast<int64_t>(arg_str(c, 0).size()));
}
bool b_chr(Call& c) {
    int64_t v = to_iv(c.arg(0));
    std::string s;
    if (v < 0) v = 0xFFFD;
    if (v >= 256) return u_chr(c, v);
    s += static_cast<char>(v);
    return c.ret_str(s);
}
bool b_ord(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)))) return u_ord(c);
    std::string s = arg_str(c, 0);
    return c.ret_int(s.empty() ? 0 : static_cast<unsigned char>(s[0]));
}
bool parse_base(Call& c, std::string s, int base) {
    uint64_t v = 0;
    double dv = 0;
    size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    for (; i < s.size(); ++i) {
        char ch = s[i];
        if (ch == '_') continue;
        int d = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0'
                : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : 99;
        if (d >= base) break;
        v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
        dv = dv * base + d;
    }
    if (dv > 9.2e18) return c.ret(Value::from_double(dv));
    return c.ret_int(static_cast<int64_t>(v));
}
bool b_hex(Call& c) {
    std::string s = arg_str(c, 0);
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s = s.substr(2);
    else if (!s.empty() && (s[0] == 'x' || s[0] == 'X')) s = s.substr(1);
    return parse_base(c, s, 16);
}
bool b_oct(Call& c) {
    std::string s = arg_str(c, 0);
    size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    s = s.substr(i);
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return parse_base(c, s.substr(2), 16);
    if (!s.empty() && (s[0] == 'x' || s[0] == 'X')) return parse_base(c, s.substr(1), 16);
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) return parse_base(c, s.substr(2), 2);
    if (!s.empty() && (s[0] == 'b' || s[0] == 'B')) return parse_base(c, s.substr(1), 2);
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) return parse_base(c, s.substr(2), 8);
    return parse_base(c, s, 8);
}
bool b_abs(Call& c) {
    Num n = to_num(c.arg(0));
    iv_please(n);
    if (n.is_int && n.i != INT64_MIN) return c.ret_int(n.i < 0 ? -n.i : n.i);
    return c.ret(Value::from_double(std::fabs(n.as_double())));
}
bool b_int(Call& c) {
    Num n = to_num(c.arg(0));
    if (n.is_int) return c.ret_int(n.i);
    if (std::isnan(n.d) || std::isinf(n.d)) return c.ret(Value::from_double(n.d));
    double t = std::trunc(n.d);
    if (std::fabs(t) < 9.2e18) return c.ret_int(static_cast<int64_t>(t));
    return c.ret(Value::from_double(t));
}
bool b_sqrt(Call& c) {
    double d = to_nv(c.arg(0));
    if (d < 0) return c.die("Can't take sqrt of " + to_str(c.arg(0)));
    return c.ret(Value::from_double(std::sqrt(d)));
}
bool b_log(Call& c) {
    double d = to_nv(c.arg(0));
    if (d <= 0) return c.die("Can't take log of " + to_str(c.arg(0)));
    return c.ret(Value::from_double(std::log(d)));
}
bool b_exp(Call& c) { return c.ret(Value::from_double(std::exp(to_nv(c.arg(0))))); }
bool b_sin(Call& c) { return c.ret(Value::from_double(std::sin(to_nv(c.arg(0))))); }
bool b_cos(Call& c) { return c.ret(Value::from_double(std::cos(to_nv(c.arg(0))))); }
bool b_atan2(Call& c) { return c.ret(Value::from_double(std::atan2(to_nv(c.arg(0)), to_nv(c.arg(1))))); }
bool b_quotemeta(Call& c) {
    if (TRELLIS_UNLIKELY(c.n() && is_utf8(c.arg(0)))) return u_quotemeta(c);
    std::string s = arg_str(c, 0), o;
    for (char ch : s) {  // a byte string: every byte but [A-Za-z0-9_] (those above 0x7F too)
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'))
            o += '\\';
        o += ch;
    }
    return c.ret_str(o);
}
// A qr// object: a String carrying the class id of package Regexp (made by __qr).
bool is_qr(Vm& vm, Value v) { return is_str(v) && v.as_object()->class_id == vm.regexp_class; }
bool b_qr(Call& c) {
    Value v = make_str(c.heap(), to_str(c.arg(0)));
    v.as_object()->class_id = c.vm().regexp_class;
    return c.ret(v);
}

bool b_ref(Call& c) {
    Value v = c.arg(0);
    if (is_qr(c.vm(), v)) return c.ret_str("Regexp");
    if (!is_ref(v)) return c.ret(c.vm().v_empty);
    uint16_t id = v.as_object()->class_id;
    if (id) return c.ret_str(c.vm().package_name(id));
    return c.ret_str(reftype_name(v));
}
bool b_bless(Call& c) {
    Value v = c.arg(0);
    if (!is_ref(v)) return c.die("Can't bless non-reference value");
    std::string cls = c.n() > 1 ? to_str(c.arg(1)) : "main";
    if (is_ref(c.arg(1)) && c.arg(1).as_object()->class_id) cls = c.vm().package_name(c.arg(1).as_object()->class_id);
    uint16_t id = c.vm().package_id(cls);
    v = c.arg(0);
    v.as_object()->class_id = id;
    c.vm().note_blessed(v, id);  // finalizable when the class can DESTROY (runtime/destroy.cpp)
    v = c.arg(0);
    return c.ret(v);
}
bool b_blessed(Call& c) {
    Value v = c.arg(0);
    if (is_qr(c.vm(), v)) return c.ret_str("Regexp");
    if (!is_ref(v) || !v.as_object()->class_id) return c.ret(Value::nil());
    return c.ret_str(c.vm().package_name(v.as_object()->class_id));
}
bool b_reftype(Call& c) {
    Value v = c.arg(0);
    if (is_qr(c.vm(), v)) return c.ret_str("REGEXP");
    if (!is_ref(v)) return c.ret(Value::nil());
    return c.ret_str(reftype_name(v));
}
bool b_looks_like_number(Call& c) { return c.ret_bool(looks_like_number(c.arg(0))); }

bool b_substr(Call& c) {
    if (TRELLIS_UNLIKELY(has_utf8_arg(c, 0))) return u_substr(c);
    // A string argument is read through a view (no copy of the whole text per call: k_nucleotide takes
    // substr($seq, $i, $k) at every position of a long string); the view is dead after the first allocation.
    std::string text;
    std::string_view s;
    if (!str_view(c.arg(0), s)) s = text = arg_str(c, 0);
    int64_t len = static_cast<int64_t>(s.size());
    int64_t off, cnt;
    if (!substr_span(c, len, off, cnt)) return substr_outside(c);
    if (c.n() != 4 && cnt <= 256) {  // staged on the stack: make_str may move the String s views
        char piece[256];
        std::memcpy(piece, s.data() + off, static_cast<size_t>(cnt));
        return c.ret_str(std::string_view(piece, static_cast<size_t>(cnt)));
    }
    std::string piece(s.substr(static_cast<size_t>(off), static_cast<size_t>(cnt)));
    if (c.n() == 4) {  // arg_str does not allocate on the heap: s stays valid until make_str
        std::string ns(s.substr(0, static_cast<size_t>(off)));
        ns += arg_str(c, 3);
        ns += s.substr(static_cast<size_t>(off + cnt));
        Value nv = make_str(c.heap(), ns);
        auto* cell = static_cast<core::Cell*>(c.arg_cell(0).as_object());
        c.heap().store(cell, cell->value, nv);
    }
    return c.ret_str(piece);
}
bool b_index(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)) || is_utf8(c.arg(1)))) return u_index(c, false);
    std::string s = arg_str(c, 0), t = arg_str(c, 1);
    int64_t pos = c.n() > 2 ? to_iv(c.arg(2)) : 0;
    if (pos < 0) pos = 0;
    if (pos > static_cast<int64_t>(s.size())) pos = static_cast<int64_t>(s.size());
    size_t r = s.find(t, static_cast<size_t>(pos));
    return c.ret_int(r == std::string::npos ? -1 : static_cast<int64_t>(r));
}
bool b_rindex(Call& c) {
    if (TRELLIS_UNLIKELY(is_utf8(c.arg(0)) || is_utf8(c.arg(1)))) return u_index(c, true);
    std::string s = arg_str(c, 0), t = arg_str(c, 1);
    int64_t pos = c.n() > 2 ? to_iv(c.arg(2)) : static_cast<int64_t>(s.size());
    if (pos < 0) return c.ret_int(t.empty() ? 0 : -1);
    size_t r = s.rfind(t, static_cast<size_t>(pos));
    return c.ret_int(r == std::string::npos ? -1 : static_cast<int64_t>(r));
}

bool b_chomp(Call& c) {
    Value sepv = static_cast<core::Cell*>(c.vm().glob_sv(c.vm().g_rs).as_object())->value;
    if (sepv.is_nil()) return c.ret_int(0);
    std::string sep = to_str(sepv);
    const bool paragraph = sep.empty();  // $/ = "": chomp removes every trailing newline (perlfunc "chomp")
    if (paragraph) sep = "\n";
    int64_t removed = 0;
    for (size_t i = 0; i < c.n(); ++i) {
        Value cellv = c.arg_cell(i);
        if (cellv.is_nil()) continue;
        auto* cell = static_cast<core::Cell*>(cellv.as_object());
        if (cell->value.is_nil()) continue;
        const bool utf = is_utf8(cell->value);  // a character string stays one
        std::string s = to_str(cell->value);
        if (s.size() >= sep.size() && s.compare(s.size() - sep.size(), sep.size(), sep) == 0) {
            s.resize(s.size() - sep.size());
            removed += static_cast<int64_t>(sep.size());
            while (paragraph && !s.empty() && s.back() == '\n') s.pop_back(), ++removed;
            Value nv = make_str(c.heap(), s, utf);
            cell = static_cast<core::Cell*>(c.arg_cell(i).as_object());
            c.heap().store(cell, cell->value, nv);
        }
    }
    return c.ret_int(removed);
}
bool b_chop(Call& c) {
    std::string last;
    bool last_utf = false;  // the removed character is a character string's
    for (size_t i = 0; i < c.n(); ++i) {
        Value cellv = c.arg_cell(i);
        if (cellv.is_nil()) continue;
        auto* cell = static_cast<core::Cell*>(cellv.as_object());
        const bool utf = is_utf8(cell->value);  // a character string loses its last character
        std::string s = to_str(cell->value);
        if (!s.empty()) {
            size_t cut = s.size() - 1;
            while (utf && cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
            last = s.substr(cut);
            last_utf = utf;
            s.resize(cut);
            Value nv = make_str(c.heap(), s, utf);
            cell = static_cast<core::Cell*>(c.arg_cell(i).as_object());
            c.heap().store(cell, cell->value, nv);
        }
    }
    return last_utf ? c.ret(make_str(c.heap(), last, true)) : c.ret_str(last);
}

bool b_die(Call& c) {
    if (c.n() == 1 && is_ref(c.arg(0))) return c.vm().die_value(c.s, c.arg(0));
    std::string msg = join_args(c, 0, "");
    if (msg.empty()) msg = "Died";
    return c.die(msg);
}
bool b_warn(Call& c) {
    std::string msg = join_args(c, 0, "");
    if (msg.empty()) msg = "Warning: something's wrong";
    if (msg.back() != '\n') msg += c.vm().where(c.s, c.ip);
    if (!c.vm().warn(c.s, msg)) return false;
    return c.ret(c.vm().v_one);
}
bool b_exit(Call& c) {
    c.vm().exit_code = c.n() ? static_cast<int>(to_iv(c.arg(0))) & 255 : 0;
    c.s.status = Status::exit;
    return false;
}

// The body of a host function's sub (the embedding API, src/embed/embed_perl.cpp): the host runs with @_.
bool b_host(Call& c) {
    Vm& vm = c.vm();
    if (!vm.host_call) return c.die("No host function in this interpreter");
    return vm.host_call(vm.hook_context, c.s, c.ip, c.args(), c.out);
}

bool b_rand(Call& c) {
    double m = c.n() ? to_nv(c.arg(0)) : 1.0;
    if (m == 0) m = 1;
    std::uniform_real_distribution<double> d(0.0, 1.0);
    return c.ret(Value::from_double(d(rng(c)) * m));
}
bool b_srand(Call& c) {
    uint64_t seed = c.n() ? static_cast<uint64_t>(to_iv(c.arg(0))) : static_cast<uint64_t>(std::time(nullptr));
    rng(c).seed(seed);
    return c.ret_int(static_cast<int64_t>(seed));
}
struct Entry {
    const char* name;
    Fn fn;
};

const Entry table[] = {
    {"print", b_print},
    {"say", b_say},
    {"printf", b_printf},
    {"sprintf", b_sprintf},
    {"push", b_push},
    {"unshift", b_unshift},
    {"pop", b_pop},
    {"shift", b_shift},
    {"splice", b_splice},
    {"reverse", b_reverse},
    {"join", b_join},
    {"keys", b_keys},
    {"values", b_values},
    {"each", b_each},
    {"delete", b_delete},
    {"exists", b_exists},
    {"__code_defined", b_code_defined},
    {"__code_of", b_code_of},
    {"__hash_scalar", b_hash_scalar},
    {"__list_repeat", b_list_repeat},
    {"lc", b_lc},
    {"uc", b_uc},
    {"fc", b_fc},
    {"lcfirst", b_lcfirst},
    {"ucfirst", b_ucfirst},
    {"length", b_length},
    {"chr", b_chr},
    {"ord", b_ord},
    {"hex", b_hex},
    {"oct", b_oct},
    {"abs", b_abs},
    {"int", b_int},
    {"sqrt", b_sqrt},
    {"log", b_log},
    {"exp", b_exp},
    {"sin", b_sin},
    {"cos", b_cos},
    {"atan2", b_atan2},
    {"quotemeta", b_quotemeta},
    {"ref", b_ref},
    {"bless", b_bless},
    {"blessed", b_blessed},
    {"reftype", b_reftype},
    {"looks_like_number", b_looks_like_number},
    {"substr", b_substr},
    {"index", b_index},
    {"rindex", b_rindex},
    {"chomp", b_chomp},
    {"chop", b_chop},
    {"die", b_die},
    {"caller", b_caller},
    {"warn", b_warn},
    {"exit", b_exit},
    {"rand", b_rand},
    {"srand", b_srand},
    {"time", b_time},
    {"localtime", b_localtime},
    {"gmtime", b_gmtime},
    {"sleep", b_sleep},
    {"split", b_split},
    {"sum", b_sum},
    {"sum0", b_sum0},
    {"max", b_max},
    {"min", b_min},
    {"maxstr", b_maxstr},
    {"minstr", b_minstr},
    {"uniq", b_uniq},
    {"uniqnum", b_uniq},
    {"shuffle", b_shuffle},
    {"first", b_first},
    {"any", b_any},
    {"all", b_all},
    {"none", b_none},
    {"reduce", b_reduce},
    {"floor", b_floor},
    {"ceil", b_ceil},
    {"fmod", b_fmod},
    {"pow", b_pow},
    {"readline", b_readline},
    {"pos", b_pos},
    {"__pos_cell", b_pos_cell},
    {"__match_var", b_match_var},
    {"__trellis_host", b_host},
    {"__qr", b_qr},
    {"__dd_dump", b_dd_dump},
    {"__caller_args", b_caller_args},
    {"__hires_time", b_hires_time},
    {"__hires_sleep", b_hires_sleep},
    {"__getcwd", b_getcwd},
    {"pack", b_pack},
    {"__overload_import", b_overload_import},
    {"overload::StrVal", b_overload_strval},
    {"overload::Overloaded", b_overload_overloaded},
    {"overload::Method", b_overload_method},
    {"unpack", b_unpack},
    {"open", b_open},
    {"close", b_close},
    {"eof", b_eof},
    {"seek", b_seek},
    {"tell", b_tell},
    {"read", b_read},
    {"sysread", b_sysread},
    {"syswrite", b_syswrite},
    {"truncate", b_truncate},
    {"binmode", b_binmode},
    {"unlink", b_unlink},
    {"-e", [](Call& c) { return file_test(c, 'e'); }},
    {"-f", [](Call& c) { return file_test(c, 'f'); }},
    {"-d", [](Call& c) { return file_test(c, 'd'); }},
    {"-l", [](Call& c) { return file_test(c, 'l'); }},
    {"-s", [](Call& c) { return file_test(c, 's'); }},
    {"-z", [](Call& c) { return file_test(c, 'z'); }},
    {"-r", [](Call& c) { return file_test(c, 'r'); }},
    {"-w", [](Call& c) { return file_test(c, 'w'); }},
    {"-x", [](Call& c) { return file_test(c, 'x'); }},
    {"-M", [](Call& c) { return file_test(c, 'M'); }},
    {"-A", [](Call& c) { return file_test(c, 'A'); }},
    {"-C", [](Call& c) { return file_test(c, 'C'); }},
    {"opendir", b_opendir},
    {"readdir", b_readdir},
    {"rewinddir", b_rewinddir},
    {"closedir", b_closedir},
    {"stat", b_stat},
    {"lstat", b_lstat},
    {"mkdir", b_mkdir},
    {"rmdir", b_rmdir},
    {"rename", b_rename},
    {"chdir", b_chdir},
    {"glob", b_glob},
    {"system", b_system},
    {"readpipe", b_readpipe},
    {"__export", b_export},
    {"__i_add", b_i_add},
    {"__i_subtract", b_i_subtract},
    {"__i_multiply", b_i_multiply},
    {"__i_divide", b_i_divide},
    {"__i_modulo", b_i_modulo},
    {"__i_negate", b_i_negate},
    {"__i_complement", b_i_complement},
    {"__i_bit_and", b_i_bit_and},
    {"__i_bit_or", b_i_bit_or},
    {"__i_bit_xor", b_i_bit_xor},
    {"__i_left_shift", b_i_left_shift},
    {"__i_right_shift", b_i_right_shift},
    {"__i_eq", b_i_eq},
    {"__i_ne", b_i_ne},
    {"__i_lt", b_i_lt},
    {"__i_le", b_i_le},
    {"__i_gt", b_i_gt},
    {"__i_ge", b_i_ge},
    {"__i_ncmp", b_i_ncmp},
    {"sysopen", b_sysopen},
    {"pipe", b_pipe},
    {"sysseek", b_sysseek},
    {"flock", b_flock},
    {"fork", b_fork},
    {"wait", b_wait},
    {"waitpid", b_waitpid},
    {"kill", b_kill},
    {"exec", b_exec},
    {"__pid", b_pid},
    {"__require", b_require_file},
    {"__do_file", b_do_file},
    {"__bind_sub", b_bind_sub},
    {"utf8::is_utf8", b_utf8_is_utf8},
    {"utf8::upgrade", b_utf8_upgrade},
    {"utf8::downgrade", b_utf8_downgrade},
    {"utf8::encode", b_utf8_encode},
    {"utf8::decode", b_utf8_decode},
    {"utf8::valid", b_utf8_valid},
    {"__encode", b_encode_utf8},
    {"__decode", b_decode_utf8},
};

}  // namespace builtins

using namespace builtins;

bool substr_slow(State& s, const Ins* ip) {
    static const uint32_t id = static_cast<uint32_t>(builtin_id("substr"));
    Vm& vm = *s.vm;
    Value* r = s.r;
    const unsigned len_reg = static_cast<uint32_t>(ip->d) >> 16;
    r[ip->b] = Value::object(gc::new_list(vm.heap, 3));
    av::push_value(vm.heap, r[ip->b], r[ip->c]);
    av::push_value(vm.heap, r[ip->b], r[ip->d & 0xFFFF]);
    if (len_reg != 0xFFFF) av::push_value(vm.heap, r[ip->b], r[len_reg]);
    Value out;
    s.call_ip = ip;
    if (!run_builtin(s, ip, id, r[ip->b], ctx_scalar, out)) return false;
    r[ip->a] = out;
    return true;
}

int builtin_id(const std::string& name) {
    static const std::unordered_map<std::string, int> ids = [] {
        std::unordered_map<std::string, int> m;
        for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i) m.emplace(table[i].name, static_cast<int>(i));
        return m;
    }();
    auto it = ids.find(name);
    return it == ids.end() ? -1 : it->second;
}

namespace {

// Builtins that take their arguments as strings (1) or numbers (2): overloaded objects among them are converted
// first (perldoc overload "Conversion operators"); abs is its own overloadable operator (3).
uint8_t conversion_of(uint32_t id) {
    static const std::vector<uint8_t> kinds = [] {
        std::vector<uint8_t> k(sizeof table / sizeof table[0], 0);
        for (const char* n : {"print", "say", "printf", "sprintf", "join", "lc", "uc", "fc", "lcfirst", "ucfirst",
                              "length", "ord", "quotemeta", "index", "rindex", "substr", "die", "warn", "split",
                              "maxstr", "minstr", "uniq"})
            k[static_cast<size_t>(builtin_id(n))] = 1;
        for (const char* n : {"int", "sqrt", "log", "exp", "sin", "cos", "atan2", "chr", "sum", "sum0", "max", "min",
                              "floor", "ceil", "fmod", "pow", "uniqnum"})
            k[static_cast<size_t>(builtin_id(n))] = 2;
        k[static_cast<size_t>(builtin_id("abs"))] = 3;
        return k;
    }();
    return kinds[id];
}

// run_builtin when the program uses overloading: the arguments converted, or abs overloaded. `list_result` is
// set when `out` is already a List.
[[gnu::noinline, gnu::cold]] bool run_overloaded(State& s, const Ins* ip, uint32_t id, uint8_t kind, uint8_t ctx,
                                                 Value& out, bool& list_result) {
    Vm& vm = *s.vm;
    if (kind == 3) {
        Value args = s.r[ip->b];
        if (av::len(args) > 0 && is_ref(av::fetch(args, 0))) return ov_unary(s, ip, Ov::abs, av::fetch(args, 0), out);
        kind = 2;
    }
    Value converted;
    if (!ov_convert_args(s, ip, s.r[ip->b], kind == 2, converted)) return false;
    // the builtin reads its arguments from register b: the converted List stands there for the call
    vm.scratch.push_back(s.r[ip->b]);
    size_t saved = vm.scratch.size() - 1;
    s.r[ip->b] = converted;
    Call c{s, ip, ctx, out};
    bool ok = table[id].fn(c);
    s.r[ip->b] = vm.scratch[saved];
    vm.scratch.resize(saved);
    list_result = c.list_result;
    return ok;
}

}  // namespace

bool run_builtin(State& s, const Ins* ip, uint32_t id, Value args, uint8_t ctx, Value& out) {
    (void)args;
    if (TRELLIS_UNLIKELY(s.proto->warns) && !warn_builtin_args(s, ip, id)) return false;
    bool list_result = false;
    if (TRELLIS_UNLIKELY(s.vm->overloading) && conversion_of(id)) {
        if (!run_overloaded(s, ip, id, conversion_of(id), ctx, out, list_result)) return false;
    } else {
        Call c{s, ip, ctx, out};
        if (!table[id].fn(c)) return false;
        list_result = c.list_result;
    }
    if (ctx == ctx_list && !list_result) {  // a scalar result in list context: a one-element list
        Vm& vm = *s.vm;
        vm.scratch.push_back(out);
        Value l = Value::object(gc::new_list(vm.heap, 1));
        vm.scratch.push_back(l);
        av::push_value(vm.heap, vm.scratch.back(), vm.scratch[vm.scratch.size() - 2]);
        out = vm.scratch.back();
        vm.scratch.resize(vm.scratch.size() - 2);
    }
    return true;
}

}  // namespace trellis::perl
