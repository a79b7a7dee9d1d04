/// @file builtins_pack.cpp
/// pack and unpack (perlfunc "pack", "unpack"; perlpacktut) for the common templates: strings A a Z, hex H h,
/// integers c C s S l L q Q j J (native little-endian) n N v V (fixed byte order), BER w, characters U, and
/// the position codes x X @, each with a count or `*`. Whitespace and `#` comments in the template are
/// skipped. Anything else (groups, `<`/`>`/`!` modifiers, floats, `/` length items) dies with a "not supported
/// by trellis-perl" message naming the template letter, never packs something different from perl.
#include <cstdint>
#include <cstring>
#include <string>

#include "runtime/builtins_call.hpp"
#include "runtime/containers.hpp"
#include "utf8.hpp"

namespace trellis::perl::builtins {

namespace {

/// One template item: the letter and its count (-1 for `*`, 1 when absent).
struct Item {
    char code;
    long count;
    bool star;
    bool explicit_count;
};

/// Parses the next item of `t` at `i` (skipping whitespace and comments); false at the end. Sets `bad` to the
/// unsupported construct when there is one.
bool next_item(std::string_view t, size_t& i, Item& it, std::string& bad) {
    for (;;) {
        while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
        if (i < t.size() && t[i] == '#') {
            while (i < t.size() && t[i] != '\n') ++i;
            continue;
        }
        break;
    }
    if (i >= t.size()) return false;
    it.code = t[i++];
    it.count = 1;
    it.star = false;
    it.explicit_count = false;
    if (!std::strchr("AaZHhCcnNvVsSlLqQjJwUxX@", it.code)) {
        bad = std::string("the pack template letter '") + it.code + "'";
        return true;
    }
    if (i < t.size() && (t[i] == '<' || t[i] == '>' || t[i] == '!')) {
        bad = std::string("the pack modifier '") + t[i] + "'";
        return true;
    }
    if (i < t.size() && t[i] == '*') {
        it.star = true;
        it.explicit_count = true;
        it.count = -1;
        ++i;
    } else if (i < t.size() && t[i] == '[') {
        bad = "a pack count in brackets";
        return true;
    } else if (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
        it.count = 0;
        it.explicit_count = true;
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
            it.count = it.count * 10 + (t[i++] - '0');
            if (it.count > (1L << 30)) {
                bad = "a pack count this large";
                return true;
            }
        }
    }
    if (i < t.size() && t[i] == '/') bad = "the pack length item '/'";
    return true;
}

/// Byte width of an integer code; 0 for the others.
int int_width(char c) {
    switch (c) {
        case 'c': case 'C': return 1;
        case 's': case 'S': case 'n': case 'v': return 2;
        case 'l': case 'L': case 'N': case 'V': return 4;
        case 'q': case 'Q': case 'j': case 'J': return 8;
        default: return 0;
    }
}
bool big_endian(char c) { return c == 'n' || c == 'N'; }
bool is_signed(char c) { return c == 'c' || c == 's' || c == 'l' || c == 'q' || c == 'j'; }

int hex_digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return 0;
}

}  // namespace

bool b_pack(Call& c) {
    if (c.n() == 0) return c.die("Not enough arguments for pack");
    std::string tmpl = to_str(c.arg(0));
    size_t argi = 1;
    auto next = [&]() -> Value { return argi < c.n() ? c.arg(argi++) : Value::nil(); };
    std::string out;
    size_t i = 0;
    Item it;
    std::string bad;
    while (next_item(tmpl, i, it, bad)) {
        if (!bad.empty()) return c.die(bad + " not supported by trellis-perl");
        char code = it.code;
        if (code == 'A' || code == 'a' || code == 'Z') {
            std::string s = to_str(next());
            if (it.star) {
                out += s;
                if (code == 'Z') out += '\0';
                continue;
            }
            size_t n = static_cast<size_t>(it.count);
            std::string field = s.substr(0, code == 'Z' && n ? n - 1 : n);
            field.resize(n, code == 'A' ? ' ' : '\0');
            out += field;
        } else if (code == 'H' || code == 'h') {
            std::string s = to_str(next());
            size_t digits = it.star ? s.size() : static_cast<size_t>(it.count);
            for (size_t d = 0; d < digits; d += 2) {
                int hi = d < s.size() ? hex_digit(s[d]) : 0;
                int lo = d + 1 < s.size() && d + 1 < digits ? hex_digit(s[d + 1]) : 0;
                out += static_cast<char>(code == 'H' ? (hi << 4 | lo) : (lo << 4 | hi));
            }
        } else if (code == 'x') {
            out.append(it.star ? 0 : static_cast<size_t>(it.count), '\0');
        } else if (code == 'X') {
            size_t n = it.star ? 0 : static_cast<size_t>(it.count);
            if (n > out.size()) return c.die("'X' outside of string in pack");
            out.resize(out.size() - n);
        } else if (code == '@') {
            out.resize(it.star ? out.size() : static_cast<size_t>(it.count), '\0');
        } else {
            long reps = it.star ? static_cast<long>(c.n() - std::min(argi, c.n())) : it.count;
            for (long r = 0; r < reps; ++r) {
                Value v = next();
                if (code == 'U') {
                    append_utf8(out, static_cast<unsigned long>(to_iv(v)));
                } else if (code == 'w') {
                    double d = to_nv(v);
                    if (d < 0) return c.die("Cannot compress negative numbers in pack");
                    uint64_t u = static_cast<uint64_t>(d);
                    char buf[10];
                    int k = 0;
                    do {
                        buf[k++] = static_cast<char>(u & 0x7f);
                        u >>= 7;
                    } while (u);
                    while (k-- > 0) out += static_cast<char>(buf[k] | (k ? 0x80 : 0));
                } else {
                    int w = int_width(code);
                    Num num = to_num(v);
                    uint64_t u = num.is_int ? static_cast<uint64_t>(num.i)
                                            : (num.d < 0 ? static_cast<uint64_t>(static_cast<int64_t>(num.d))
                                                         : static_cast<uint64_t>(num.d));
                    for (int b = 0; b < w; ++b) {
                        int shift = big_endian(code) ? 8 * (w - 1 - b) : 8 * b;
                        out += static_cast<char>((u >> shift) & 0xff);
                    }
                }
            }
        }
    }
    // a template that starts with U packs a character string (perlfunc "pack", U0 mode): its bytes are the UTF-8
    const size_t lead = tmpl.find_first_not_of(" \t\n\r");
    if (lead != std::string::npos && tmpl[lead] == 'U' && tmpl.find("C0") == std::string::npos &&
        utf8_valid_prefix(out) == out.size())
        return c.ret(make_str(c.heap(), out, true));
    return c.ret_str(out);
}

bool b_unpack(Call& c) {
    if (c.n() < 2) return c.die("unpack with one argument (on $_) not supported by trellis-perl");
    std::string tmpl = to_str(c.arg(0));
    std::string data = to_str(c.arg(1));
    size_t res = c.begin_list();
    size_t pos = 0;
    size_t i = 0;
    Item it;
    std::string bad;
    while (next_item(tmpl, i, it, bad)) {
        if (!bad.empty()) {
            c.vm().scratch.resize(res);
            return c.die(bad + " not supported by trellis-perl");
        }
        char code = it.code;
        size_t left = data.size() - pos;
        if (code == 'A' || code == 'a' || code == 'Z') {
            size_t n = it.star ? left : std::min(left, static_cast<size_t>(it.count));
            std::string field = data.substr(pos, n);
            if (code == 'Z') {
                size_t z = field.find('\0');
                if (z != std::string::npos) {
                    field.resize(z);
                    if (it.star) n = z + 1;
                }
            } else if (code == 'A') {
                size_t e = field.find_last_not_of(std::string(" \0\t\n\r\f", 6));
                field.resize(e == std::string::npos ? 0 : e + 1);
            }
            pos += n;
            c.push(res, make_str(c.heap(), field));
        } else if (code == 'H' || code == 'h') {
            size_t digits = it.star ? 2 * left : std::min(2 * left, static_cast<size_t>(it.count));
            std::string s;
            static const char* hex = "0123456789abcdef";
            for (size_t d = 0; d < digits; ++d) {
                unsigned char byte = static_cast<unsigned char>(data[pos + d / 2]);
                int nib = (d % 2 == 0) == (code == 'H') ? byte >> 4 : byte & 0xf;
                s += hex[nib];
            }
            pos += (digits + 1) / 2;
            c.push(res, make_str(c.heap(), s));
        } else if (code == 'x') {
            size_t n = it.star ? 0 : static_cast<size_t>(it.count);
            if (n > left) {
                c.vm().scratch.resize(res);
                return c.die("'x' outside of string in unpack");
            }
            pos += n;
        } else if (code == 'X') {
            size_t n = it.star ? 0 : static_cast<size_t>(it.count);
            if (n > pos) {
                c.vm().scratch.resize(res);
                return c.die("'X' outside of string in unpack");
            }
            pos -= n;
        } else if (code == '@') {
            size_t n = it.star ? data.size() : static_cast<size_t>(it.count);
            if (n > data.size()) {
                c.vm().scratch.resize(res);
                return c.die("'@' outside of string in unpack");
            }
            pos = n;
        } else if (code == 'U') {
            long reps = it.star ? -1 : it.count;
            for (long r = 0; (reps < 0 || r < reps) && pos < data.size(); ++r) {
                unsigned char b0 = static_cast<unsigned char>(data[pos]);
                int len = b0 < 0x80 ? 1 : b0 < 0xe0 ? 2 : b0 < 0xf0 ? 3 : 4;
                if (pos + static_cast<size_t>(len) > data.size()) len = 1;
                unsigned long cp = len == 1 ? b0 : b0 & (0x7f >> len);
                for (int k = 1; k < len; ++k) cp = cp << 6 | (static_cast<unsigned char>(data[pos + k]) & 0x3f);
                pos += static_cast<size_t>(len);
                c.push(res, make_iv(c.heap(), static_cast<int64_t>(cp)));
            }
        } else if (code == 'w') {
            long reps = it.star ? -1 : it.count;
            for (long r = 0; (reps < 0 || r < reps) && pos < data.size(); ++r) {
                uint64_t u = 0;
                while (pos < data.size()) {
                    unsigned char b = static_cast<unsigned char>(data[pos++]);
                    u = u << 7 | (b & 0x7f);
                    if (!(b & 0x80)) break;
                }
                c.push(res, u > static_cast<uint64_t>(INT64_MAX) ? Value::from_double(static_cast<double>(u))
                                                                 : make_iv(c.heap(), static_cast<int64_t>(u)));
            }
        } else {
            size_t w = static_cast<size_t>(int_width(code));
            long reps = it.star ? static_cast<long>(left / w) : it.count;
            for (long r = 0; r < reps && data.size() - pos >= w; ++r) {
                uint64_t u = 0;
                for (size_t b = 0; b < w; ++b) {
                    uint64_t byte = static_cast<unsigned char>(data[pos + b]);
                    u |= byte << (big_endian(code) ? 8 * (w - 1 - b) : 8 * b);
                }
                pos += w;
                Value v;
                if (is_signed(code)) {
                    int64_t sv = w == 8 ? static_cast<int64_t>(u)
                                        : static_cast<int64_t>(u << (64 - 8 * w)) >> (64 - 8 * w);
                    v = make_iv(c.heap(), sv);
                } else if (u > static_cast<uint64_t>(INT64_MAX)) {
                    v = Value::from_double(static_cast<double>(u));  // past the IV range: an NV, as printed
                } else {
                    v = make_iv(c.heap(), static_cast<int64_t>(u));
                }
                c.push(res, v);
            }
        }
    }
    if (c.ctx == ctx_list) return c.end_list(res);
    Value l = c.vm().scratch[res];
    c.vm().scratch.resize(res);
    return c.ret(av::len(l) ? av::fetch(l, 0) : Value::nil());
}

}  // namespace trellis::perl::builtins
