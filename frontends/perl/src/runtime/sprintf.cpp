/// @file sprintf.cpp
/// perl's sprintf (perlfunc "sprintf"): %% %c %s %d %i %u %o %x %X %e %E %f %F %g %G %b %B with the flags
/// space + - 0 #, vector flag (%vd), explicit argument indexes (%2$s), `*` widths and precisions (negative
/// width = left-justify); Inf/NaN print as perl prints them; an unknown conversion is copied as written.
#include <cmath>
#include <cstdio>
#include <string>

#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "utf8.hpp"

namespace trellis::perl {

namespace {

std::string pad(std::string body, int width, bool left, bool zero, bool numeric) {
    if (width <= 0 || static_cast<int>(body.size()) >= width) return body;
    size_t fill = static_cast<size_t>(width) - body.size();
    if (left) return body + std::string(fill, ' ');
    if (zero && numeric) {
        size_t sign = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
        if (body.size() > sign + 1 && body[sign] == '0' && (body[sign + 1] == 'x' || body[sign + 1] == 'X' ||
                                                             body[sign + 1] == 'b' || body[sign + 1] == 'B'))
            sign += 2;
        return body.substr(0, sign) + std::string(fill, '0') + body.substr(sign);
    }
    return std::string(fill, ' ') + body;
}

std::string unsigned_in_base(uint64_t v, int base, bool upper) {
    if (v == 0) return "0";
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string s;
    while (v) s.insert(s.begin(), digits[v % static_cast<uint64_t>(base)]), v /= static_cast<uint64_t>(base);
    return s;
}

}  // namespace

std::string perl_sprintf(Vm& vm, std::string_view fmt, Value args, size_t first, std::vector<SprintfNote>* notes) {
    std::string out;
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
                if (v < 0x100) body += static_cast<char>(v);
                else append_utf8(body, static_cast<unsigned long>(v));
                numeric = false;
                break;
            }
            case 's': {
                Value v = get();
                if (notes && v.is_nil() && got != SIZE_MAX) note(SprintfNote::uninit, got);
                std::string sv;
                if (is_ref(v) && v.as_object()->class_id) append_str(sv, v, &vm.package_name(v.as_object()->class_id));
                else append_str(sv, v);
                if (prec >= 0 && static_cast<size_t>(prec) < sv.size()) sv.resize(static_cast<size_t>(prec));
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
                std::string digits = unsigned_in_base(mag, base, conv == 'X');
                if (prec >= 0) {
                    if (prec == 0 && mag == 0) digits.clear();
                    while (static_cast<int>(digits.size()) < prec) digits.insert(digits.begin(), '0');
                    zero = false;
                }
                std::string prefix;
                if (alt && mag != 0) {
                    if (conv == 'x') prefix = "0x";
                    else if (conv == 'X') prefix = "0X";
                    else if (conv == 'b') prefix = "0b";
                    else if (conv == 'B') prefix = "0B";
                    else if (conv == 'o' && digits[0] != '0') prefix = "0";
                }
                if (conv == 'd' || conv == 'i') prefix = neg ? "-" : plus ? "+" : space ? " " : "";
                body = prefix + digits;
                break;
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
        out += pad(body, width, left, zero && !left, numeric);
    }
    if (!indexed && argi < nargs) note(SprintfNote::redundant, 0);
    return out;
}

}  // namespace trellis::perl
