/// @file builtins_split.cpp
/// split (perlfunc "split"): split PATTERN, EXPR, LIMIT. The argument List holds the mode (1: awk-style ' ',
/// runs of whitespace with leading whitespace skipped; 0: a pattern), the pattern, the string and the limit
/// (compiler/compiler_calls.cpp). Awk mode and a pattern of one literal byte (`split /,/`) on a byte string are
/// split here without PCRE2, reading the string in place; everything else runs the pattern with regex_search.
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/builtins_call.hpp"
#include "runtime/fast_alloc.hpp"
#include "runtime/regex.hpp"
#include "utf8.hpp"

namespace trellis::perl::builtins {

namespace {

/// isspace() in the C locale: what \s matches in a byte string (space, \t \n \v \f \r).
inline bool is_space(unsigned char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); }

/// split in awk mode (`awk`) or on the byte `sep`, of a byte string: the fields' bounds are found first, then
/// the result is made with one List of its final size and one String and Cell per field. Returns the field
/// count in scalar context, like the general path.
bool split_simple(Call& c, bool awk, char sep, int64_t limit) {
    Vm& vm = c.vm();
    const Value subject = c.arg(2);
    std::string text;  // the subject's text when it is no String (a number, undef)
    const bool in_heap = is_str(subject);
    if (!in_heap) text = to_str(subject);
    const size_t base = vm.scratch.size();
    vm.scratch.push_back(subject);  // rooted: a String moves when the fields are allocated
    auto view = [&]() -> std::string_view {
        return in_heap ? static_cast<core::String*>(vm.scratch[base].as_object())->view() : std::string_view(text);
    };
    std::string_view v = view();
    size_t start = 0, end = v.size();
    if (awk)
        while (start < end && is_space(static_cast<unsigned char>(v[start]))) ++start;
    if (limit == 0) {  // trailing empty fields are dropped: so are the separators that would make them
        while (end > start && (awk ? is_space(static_cast<unsigned char>(v[end - 1])) : v[end - 1] == sep)) --end;
    }
    // the fields' [begin, end) offsets, two per field (kept between calls: no allocation once warm)
    static thread_local std::vector<size_t> bounds;
    bounds.clear();
    if (start < end) {  // else no field (an empty string, or only separators with the trailing ones dropped)
        size_t field = start, i = start;
        while (limit <= 0 || static_cast<int64_t>(bounds.size() / 2) < limit - 1) {
            if (awk) {
                while (i < end && !is_space(static_cast<unsigned char>(v[i]))) ++i;
            } else {
                const void* hit = std::memchr(v.data() + i, sep, end - i);
                i = hit ? static_cast<size_t>(static_cast<const char*>(hit) - v.data()) : end;
            }
            if (i >= end) break;
            bounds.push_back(field);
            bounds.push_back(i);
            ++i;
            if (awk)
                while (i < end && is_space(static_cast<unsigned char>(v[i]))) ++i;
            field = i;
        }
        bounds.push_back(field);
        bounds.push_back(end);
    }
    const size_t n = bounds.size() / 2;
    if (c.ctx != ctx_list) {
        vm.scratch.resize(base);
        return c.ret_int(static_cast<int64_t>(n));
    }
    vm.scratch.push_back(Value::object(fast::new_list_of_size(c.heap(), n)));
    for (size_t k = 0; k < n; ++k) {
        const size_t from = bounds[2 * k], len = bounds[2 * k + 1] - from;
        core::String* s = fast::alloc_string(c.heap(), len);
        fast::fill_string(s, view().substr(from, len));
        fast::push_value(c.heap(), vm.scratch[base + 1], Value::object(s));
    }
    vm.scratch[base] = vm.scratch[base + 1];
    vm.scratch.resize(base + 1);
    return c.end_list(base);
}

}  // namespace

bool b_split(Call& c) {
    Vm& vm = c.vm();
    bool awk = to_iv(c.arg(0)) == 1;
    int64_t limit = c.n() > 3 ? to_iv(c.arg(3)) : 0;
    // a character string (perlunicode): fields are characters, the match runs in UTF mode
    const bool utf = TRELLIS_UNLIKELY(is_utf8(c.arg(2)) || (!awk && is_utf8(c.arg(1))));
    if (!utf) {
        if (awk) return split_simple(c, true, 0, limit);
        std::string_view p;
        if (str_view(c.arg(1), p) && p.size() == 1 && !std::strchr("\\^$.|?*+()[]{}#", p[0]))
            return split_simple(c, false, p[0], limit);
    }
    std::string pattern = awk ? "\\s+" : to_str(c.arg(1));
    std::string subject = to_str(c.arg(2));
    if (awk) {
        size_t k = 0;
        while (k < subject.size() && is_space(static_cast<unsigned char>(subject[k]))) ++k;
        subject = subject.substr(k);
    }
    int flags = pattern == "^" ? 4 : 0;  // split /^/ means /^/m
    if (utf) {
        flags |= regex_utf;
        std::string up;
        if (!is_utf8(c.arg(2))) append_latin1_as_utf8(up, subject), subject = std::move(up);
        up.clear();
        if (!awk && !is_utf8(c.arg(1))) append_latin1_as_utf8(up, pattern), pattern = std::move(up);
    }
    size_t res = c.begin_list();
    std::vector<long> ov;
    std::string error;
    size_t start = 0, from = 0;
    int64_t fields = 0;
    while (limit <= 0 || fields < limit - 1) {
        bool ok = regex_search(vm, pattern, flags, subject, from, ov, error);
        if (!error.empty()) {
            vm.scratch.resize(res);
            return c.die(error);
        }
        if (!ok) break;
        size_t ms = static_cast<size_t>(ov[0]), me = static_cast<size_t>(ov[1]);
        if (me == ms) {
            if (ms >= subject.size()) break;
            if (ms == start) {  // a zero-length match at the start of a field splits nothing there
                from = ms + 1;
                if (utf) from = ms + utf8_offset(std::string_view(subject).substr(ms), 1);
                continue;
            }
        }
        c.push(res, make_str(c.heap(), subject.substr(start, ms - start), utf));
        ++fields;
        for (size_t g = 1; g < ov.size() / 2; ++g) {
            if (ov[2 * g] < 0) c.push(res, Value::nil());
            else c.push(res, make_str(c.heap(), subject.substr(static_cast<size_t>(ov[2 * g]), static_cast<size_t>(ov[2 * g + 1] - ov[2 * g])), utf));
        }
        start = me;
        from = me;
    }
    c.push(res, make_str(c.heap(), subject.substr(std::min(start, subject.size())), utf));
    if (limit == 0) {
        Value l = vm.scratch[res];
        while (av::len(l) > 0) {
            Value last = av::fetch(l, static_cast<int64_t>(av::len(l) - 1));
            if (!last.is_nil() && !to_str(last).empty()) break;
            av::pop(l);
        }
    }
    if (subject.empty() && av::len(vm.scratch[res]) > 0) av::clear(c.heap(), vm.scratch[res]);
    if (c.ctx == ctx_list) return c.end_list(res);
    int64_t n = static_cast<int64_t>(av::len(vm.scratch[res]));
    vm.scratch.resize(res);
    return c.ret_int(n);
}

}  // namespace trellis::perl::builtins
