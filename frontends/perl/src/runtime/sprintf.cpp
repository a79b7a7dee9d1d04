/// @file sprintf.cpp
/// perl's sprintf (perlfunc "sprintf"): %% %c %s %d %i %u %o %x %X %e %E %f %F %g %G %b %B with the flags
/// space + - 0 #, vector flag (%vd), explicit argument indexes (%2$s), `*` widths and precisions (negative
/// width = left-justify); Inf/NaN print as perl prints them; an unknown conversion is copied as written.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "utf8.hpp"

namespace trellis::perl {

namespace {

// Appends `body` to `out` padded to `width`: left-justified; or with the 0 flag zero-filled, after the sign or
// 0x/0b prefix of a number and on the left of anything else (perl pads "%05s" and Inf that way: "000ab",
// "00-Inf"); else space-filled on the left.
void append_padded(std::string& out, std::string_view body, int width, bool left, bool zero, bool numeric) {
    if (width <= 0 || static_cast<int>(body.size()) >= width) {
        out.append(body);
        return;
    }
    size_t fill = static_cast<size_t>(width) - body.size();
    if (left) {
        out.append(body);
        out.append(fill, ' ');
        return;
    }
    if (zero) {
        size_t sign = numeric && !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ') ? 1 : 0;
        if (numeric && body.size() > sign + 1 && body[sign] == '0' &&
            (body[sign + 1] == 'x' || body[sign + 1] == 'X' || body[sign + 1] == 'b' || body[sign + 1] == 'B'))
            sign += 2;
        out.append(body.substr(0, sign));
        out.append(fill, '0');
        out.append(body.substr(sign));
        return;
    }
    out.append(fill, ' ');
    out.append(body);
}

// The digits of `v` in `base` written backwards from `end` (a buffer of at least 64 bytes); returns the first.
char* unsigned_in_base(uint64_t v, int base, bool upper, char* end) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char* p = end;
    do {
        *--p = digits[v % static_cast<uint64_t>(base)];
        v /= static_cast<uint64_t>(base);
    } while (v);
    return p;
}

std::string unsigned_in_base(uint64_t v, int base, bool upper) {
    char buf[64];
    char* p = unsigned_in_base(v, base, upper, buf + sizeof buf);
    return std::string(p, static_cast<size_t>(buf + sizeof buf - p));
}

// The formats most programs use, without the general parser below: literal text, %%, and %d / %i / %s with
// the flags - 0 + space and a literal width, taking small integers (and, for %s, plain strings) in order, as
// many as there are conversions. False as soon as anything else appears (`out` is then partly written and is
// discarded by the caller, which runs the general path).
bool sprintf_simple(std::string_view fmt, Value args, size_t first, std::string& out) {
    size_t argi = first;
    const size_t nargs = av::len(args);
    for (size_t i = 0; i < fmt.size(); ++i) {
        const char c = fmt[i];
        if (c != '%') {
            out += c;
            continue;
        }
        if (++i >= fmt.size()) return false;
        if (fmt[i] == '%') {
            out += '%';
            continue;
        }
        bool left = false, plus = false, space = false, zero = false;
        for (; i < fmt.size(); ++i) {
            const char f = fmt[i];
            if (f == '-') left = true;
            else if (f == '+') plus = true;
            else if (f == ' ') space = true;
            else if (f == '0') zero = true;
            else break;
        }
        int width = 0;
        while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9' && width < 100000) width = width * 10 + (fmt[i++] - '0');
        if (i >= fmt.size() || argi >= nargs) return false;
        const char conv = fmt[i];
        if (conv != 'd' && conv != 'i' && conv != 's') return false;
        const Value v = av::fetch(args, static_cast<int64_t>(argi++));
        if (conv == 's' && !v.is_small_int()) {
            std::string_view text;
            if (!str_view(v, text) || v.as_object()->class_id != 0) return false;
            append_padded(out, text, width, left, zero && !left, false);
            continue;
        }
        if (!v.is_small_int()) return false;
        const int64_t iv = v.as_small_int();
        char buf[32];
        char* const end = buf + sizeof buf;
        char* p = unsigned_in_base(iv < 0 ? 0 - static_cast<uint64_t>(iv) : static_cast<uint64_t>(iv), 10, false, end);
        if (iv < 0) *--p = '-';
        else if (conv != 's' && plus) *--p = '+';
        else if (conv != 's' && space) *--p = ' ';
        append_padded(out, std::string_view(p, static_cast<size_t>(end - p)), width, left, zero && !left, conv != 's');
    }
    return argi == nargs;
}

}  // namespace

std::string perl_sprintf(Vm& vm, std::string_view fmt, Value args, size_t first, std::vector<SprintfNote>* notes,
                         bool chars) {
    std::string out;  // short results stay in the string's own buffer (no allocation)
    if (!notes && !chars) {
        if (sprintf_simple(fmt, args, first, out)) return out;
        out.clear();
    }
    size_t argi = first;
    size_t nargs = av::len(args);
    bool indexed = false;  // an explicit index N$ was used (no "Redundant argument" then)
    size_t got = 0;        // index of the argument fetched last
    auto note = [&](SprintfNote::Kind kind, size_t arg) {
        if (notes) notes->push_back(SprintfNote{kind, arg, {}});
    };
    auto next_arg = [&]() -> Value {
        if (argi < nargs) {
            got = argi;
            return av::fetch(args, static_cast<int64_t>(argi++));
        }
        ++argi;
        got = SIZE_MAX;
        note(SprintfNote::missing, 0);
        return Value::nil();
    };
    // the value fetched last, used as a number (undef or a string that is not one are warned about)
    auto numeric_arg = [&](Value v) {
        if (!notes || got == SIZE_MAX) return;
        std::string_view text;
        bool complete = true;
        if (v.is_nil()) note(SprintfNote::uninit, got);
        else if (str_view(v, text) && (parse_number(text, &complete), !complete)) note(SprintfNote::not_numeric, got);
    };
    for (size_t i = 0; i < fmt.size(); ++i) {
        char c = fmt[i];
        if (c != '%') {
            out += c;
            continue;
        }
        size_t start = i;
        ++i;
        if (i >= fmt.size()) {
            out += '%';
            if (notes) notes->push_back(SprintfNote{SprintfNote::invalid, 0, {}});
            indexed = true;
            break;
        }
        if (fmt[i] == '%') {
            out += '%';
            continue;
        }
        // explicit index N$
        size_t save = i;
        int explicit_index = 0;
        while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) explicit_index = explicit_index * 10 + (fmt[i++] - '0');
        if (i < fmt.size() && fmt[i] == '$' && explicit_index > 0) ++i;
        else i = save, explicit_index = 0;
        bool left = false, plus = false, space = false, zero = false, alt = false, vec = false;
        for (; i < fmt.size(); ++i) {
            char f = fmt[i];
            if (f == '-') left = true;
            else if (f == '+') plus = true;
            else if (f == ' ') space = true;
            else if (f == '0') zero = true;
            else if (f == '#') alt = true;
            else break;
        }
        if (i < fmt.size() && fmt[i] == 'v') vec = true, ++i;
        int width = 0;
        if (i < fmt.size() && fmt[i] == '*') {
            ++i;
            Value wv = next_arg();
            numeric_arg(wv);
            int64_t w = to_iv(wv);
            if (w < 0) left = true, w = -w;
            width = static_cast<int>(w > 100000 ? 100000 : w);
        } else {
            while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) width = width * 10 + (fmt[i++] - '0');
        }
        int prec = -1;
        if (i < fmt.size() && fmt[i] == '.') {
            ++i;
            prec = 0;
            if (i < fmt.size() && fmt[i] == '*') {
                ++i;
                Value pv = next_arg();
                numeric_arg(pv);
                int64_t p = to_iv(pv);
                prec = p < 0 ? -1 : static_cast<int>(p > 100000 ? 100000 : p);
            } else {
                while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i]))) prec = prec * 10 + (fmt[i++] - '0');
            }
        }
        while (i < fmt.size() && (fmt[i] == 'l' || fmt[i] == 'h' || fmt[i] == 'q' || fmt[i] == 'L' || fmt[i] == 'V'))
            ++i;
        if (i >= fmt.size()) {
            out.append(fmt.substr(start));
            if (notes) notes->push_back(SprintfNote{SprintfNote::invalid, 0, {}});
            indexed = true;
            break;
        }
        char conv = fmt[i];
        auto get = [&]() -> Value {
            if (explicit_index > 0) {
                indexed = true;
                size_t k = first + static_cast<size_t>(explicit_index) - 1;
                got = k < nargs ? k : SIZE_MAX;
                if (k >= nargs) note(SprintfNote::missing, 0);
                return k < nargs ? av::fetch(args, static_cast<int64_t>(k)) : Value::nil();
            }
            return next_arg();
        };
        std::string body;
        bool numeric = true;
        switch (conv) {
            case '%':  // "%5%": a padded percent sign, as perl formats it
                body = "%";
                numeric = false;
                break;
            case 'c': {
                Value cv = get();
                numeric_arg(cv);
                int64_t v = to_iv(cv);
                if (v < 0) v = 0xFFFD;  // perl: the replacement character (with a warning)
                if (chars) {
                    append_utf8(body, static_cast<unsigned long>(v));
                } else if (v < 0x100) {
                    body += static_cast<char>(v);
                } else {  // a character string: the caller formats again by characters
                    vm.sprintf_wide = true;
                    append_utf8(body, static_cast<unsigned long>(v));
                }
                numeric = false;
                break;
            }
            case 's': {
                Value v = get();
                if (notes && v.is_nil() && got != SIZE_MAX) note(SprintfNote::uninit, got);
                std::string sv;
                if (is_ref(v) && v.as_object()->class_id) append_str(sv, v, &vm.package_name(v.as_object()->class_id));
                else append_str(sv, v);
                if (prec >= 0 && static_cast<size_t>(prec) < sv.size())
                    sv.resize(chars ? utf8_offset(sv, static_cast<size_t>(prec)) : static_cast<size_t>(prec));
                body = sv;
                numeric = false;
                break;
            }
            case 'd':
            case 'i':
            case 'u':
            case 'o':
            case 'x':
            case 'X':
            case 'b':
            case 'B': {
                if (vec) {
                    Value vv = get();
                    if (notes && vv.is_nil() && got != SIZE_MAX) note(SprintfNote::uninit, got);
                    std::string sv = to_str(vv);
                    std::string joined;
                    for (size_t k = 0; k < sv.size(); ++k) {
                        if (k) joined += '.';
                        unsigned char ch = static_cast<unsigned char>(sv[k]);
                        joined += conv == 'd' || conv == 'i' || conv == 'u' ? std::to_string(ch)
                                  : unsigned_in_base(ch, conv == 'o' ? 8 : conv == 'b' || conv == 'B' ? 2 : 16, conv == 'X');
                    }
                    body = joined;
                    break;
                }
                Value v = get();
                numeric_arg(v);
                Num n = to_num(v);
                if (!n.is_int && (std::isnan(n.d) || std::isinf(n.d))) {
                    body = std::isnan(n.d) ? "NaN" : n.d < 0 ? "-Inf" : (plus ? "+Inf" : "Inf");
                    numeric = false;
                    break;
                }
                bool neg = false;
                uint64_t mag;
                if (is_uv(v)) {  // a UV: %d shows it as an IV (wrapped), as perl's does
                    uint64_t u = uv_of(v);
                    neg = (conv == 'd' || conv == 'i') && static_cast<int64_t>(u) < 0;
                    mag = neg ? 0 - u : u;
                } else if (conv == 'd' || conv == 'i') {
                    int64_t iv;
                    if (n.is_int) iv = n.i;
                    else if (n.d >= 9.2233720368547758e18) iv = INT64_MAX;
                    else if (n.d <= -9.2233720368547758e18) iv = INT64_MIN;
                    else iv = static_cast<int64_t>(n.d);
                    neg = iv < 0;
                    mag = neg ? 0 - static_cast<uint64_t>(iv) : static_cast<uint64_t>(iv);
                } else {
                    if (n.is_int) mag = static_cast<uint64_t>(n.i);
                    else if (n.d < 0) mag = static_cast<uint64_t>(static_cast<int64_t>(n.d));
                    else if (n.d >= 1.8446744073709552e19) mag = UINT64_MAX;
                    else mag = static_cast<uint64_t>(n.d);
                }
                int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : (conv == 'b' || conv == 'B') ? 2 : 10;
                // prefix, precision zeros and digits in one stack buffer, written backwards
                char buf[80];
                char* const end = buf + sizeof buf;
                char* p = unsigned_in_base(mag, base, conv == 'X', end);
                if (prec >= 0) {
                    if (prec == 0 && mag == 0) p = end;
                    if (prec > 64) {  // a long run of zeros: the slow way
                        std::string digits(static_cast<size_t>(prec) - std::min<size_t>(prec, end - p), '0');
                        digits.append(p, end);
                        body = (conv == 'd' || conv == 'i') ? (neg ? "-" : plus ? "+" : space ? " " : "") + digits
                               : alt && mag != 0 && conv == 'x' ? "0x" + digits : alt && mag != 0 && conv == 'X' ? "0X" + digits
                               : alt && mag != 0 && conv == 'b' ? "0b" + digits : alt && mag != 0 && conv == 'B' ? "0B" + digits
                               : digits;
                        append_padded(out, body, width, left, false, true);
                        continue;
                    }
                    while (end - p < prec) *--p = '0';
                    zero = false;
                }
                if (conv == 'd' || conv == 'i') {
                    if (neg) *--p = '-';
                    else if (plus) *--p = '+';
                    else if (space) *--p = ' ';
                } else if (alt && mag != 0) {
                    if (conv == 'x' || conv == 'X' || conv == 'b' || conv == 'B') *--p = conv, *--p = '0';
                    else if (conv == 'o' && *p != '0') *--p = '0';
                }
                append_padded(out, std::string_view(p, static_cast<size_t>(end - p)), width, left, zero && !left, true);
                continue;
            }
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G':
            case 'a':
            case 'A': {
                Value dv = get();
                numeric_arg(dv);
                double d = to_nv(dv);
                if (std::isnan(d) || std::isinf(d)) {
                    body = std::isnan(d) ? "NaN" : d < 0 ? "-Inf" : (plus ? "+Inf" : "Inf");
                    numeric = false;
                    break;
                }
                std::string f = "%";
                if (plus) f += '+';
                if (space) f += ' ';
                if (alt) f += '#';
                if (prec >= 0) f += "." + std::to_string(prec);
                f += conv;
                int len = std::snprintf(nullptr, 0, f.c_str(), d);
                body.resize(static_cast<size_t>(len) + 1);
                std::snprintf(body.data(), body.size(), f.c_str(), d);
                body.resize(static_cast<size_t>(len));
                break;
            }
            default:
                // an invalid conversion is printed as written (perl also warns)
                out.append(fmt.substr(start, i - start + 1));
                if (notes) notes->push_back(SprintfNote{SprintfNote::invalid, 0, std::string(fmt.substr(start, i - start + 1))});
                indexed = true;
                continue;
        }
        // UTF-8 text (`chars`): the width counts characters, so it grows by the bytes beyond one per character
        if (chars && width > 0) width += static_cast<int>(body.size() - utf8_length(body));
        append_padded(out, body, width, left, zero && !left, numeric);
    }
    if (!indexed && argi < nargs) note(SprintfNote::redundant, 0);
    return out;
}

}  // namespace trellis::perl
