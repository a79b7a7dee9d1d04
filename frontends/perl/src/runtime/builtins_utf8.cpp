/// @file builtins_utf8.cpp
/// perl's character semantics (perlunicode "Byte and Character Semantics", perlfunc) for the string builtins
/// when an argument is a character string (the UTF8 flag, runtime/scalar.hpp): length, substr, index, rindex,
/// ord, lc, uc, lcfirst, ucfirst, fc, reverse, join, chop, chomp count and map characters; a byte string met
/// with a character string is upgraded (its bytes are Latin-1 characters). The byte-string builtins in
/// builtins.cpp test the flag once and come here only for character strings. Also the utf8:: functions
/// (utf8.pm) and Encode's encode_utf8/decode_utf8/encode/decode for UTF-8, and the output side of print:
/// "Wide character in print" and the :utf8 layer.
///
/// Case mapping of code points above 0x7F is the C library's (towlower/towupper in the C.UTF-8 locale: simple
/// one-to-one mappings) plus the full mappings perl uses for U+00DF (uc "SS", ucfirst "Ss", fc "ss").
#include <algorithm>
#include <clocale>
#include <cwctype>
#include <locale.h>

#include "runtime/builtins_call.hpp"
#include "runtime/regex.hpp"
#include "runtime/strbuf.hpp"
#include "runtime/warnings.hpp"
#include "utf8.hpp"

namespace trellis::perl::builtins {

namespace {

/// The text of argument `v` as characters (UTF-8): a character string's own text, a byte string upgraded.
std::string chars_of(Call& c, Value v) {
    std::string out;
    std::string_view sv;
    if (is_utf8(v) && str_view(v, sv)) out.assign(sv);
    else append_latin1_as_utf8(out, str_of(c.vm(), v));
    return out;
}

locale_t utf8_locale() {
    static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return loc;
}

enum class Case { lower, upper, fold, title };

void map_char(std::string& out, uint32_t cp, Case how) {
    if (cp == 0xDF && how != Case::lower) {  // perl's full case mappings of sharp s (SpecialCasing.txt)
        out += how == Case::upper ? "SS" : how == Case::title ? "Ss" : "ss";
        return;
    }
    if (cp == 0x130 && how != Case::upper && how != Case::title) {  // capital I with dot: "i" + combining dot
        out += "i\xCC\x87";
        return;
    }
    if (how != Case::lower && cp >= 0xFB00 && cp <= 0xFB06) {  // the Latin ligatures' full mappings
        static const char* const upper[] = {"FF", "FI", "FL", "FFI", "FFL", "ST", "ST"};
        static const char* const title[] = {"Ff", "Fi", "Fl", "Ffi", "Ffl", "St", "St"};
        static const char* const fold[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
        out += (how == Case::upper ? upper : how == Case::title ? title : fold)[cp - 0xFB00];
        return;
    }
    if (cp < 0x80) {
        const char ch = static_cast<char>(cp);
        out += how == Case::upper || how == Case::title
                   ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch)))
                   : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return;
    }
    locale_t loc = utf8_locale();
    wint_t m = static_cast<wint_t>(cp);
    if (loc) m = how == Case::upper || how == Case::title ? towupper_l(m, loc) : towlower_l(m, loc);
    append_utf8(out, static_cast<unsigned long>(m));
}

/// lc/uc/fc of all characters, or lcfirst/ucfirst (`first_only`) of the first.
bool case_map(Call& c, Case how, bool first_only) {
    const std::string s = chars_of(c, c.arg(0));
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        const uint32_t cp = utf8_next(s, i);
        map_char(out, cp, how);
        if (first_only) {
            out.append(s, i, std::string::npos);
            break;
        }
    }
    return c.ret(make_str(c.heap(), out, true));
}

}  // namespace

bool u_lc(Call& c) { return case_map(c, Case::lower, false); }
bool u_uc(Call& c) { return case_map(c, Case::upper, false); }
bool u_fc(Call& c) { return case_map(c, Case::fold, false); }
bool u_lcfirst(Call& c) { return case_map(c, Case::lower, true); }
bool u_ucfirst(Call& c) { return case_map(c, Case::title, true); }

bool u_length(Call& c) {
    std::string_view sv;
    str_view(c.arg(0), sv);
    return c.ret_int(static_cast<int64_t>(utf8_length(sv)));
}

bool u_ord(Call& c) {
    std::string_view sv;
    str_view(c.arg(0), sv);
    size_t i = 0;
    return c.ret_int(sv.empty() ? 0 : static_cast<int64_t>(utf8_next(sv, i)));
}

bool u_substr(Call& c) {
    const std::string s = chars_of(c, c.arg(0));
    const auto len = static_cast<int64_t>(utf8_length(s));
    int64_t off, cnt;
    if (!substr_span(c, len, off, cnt)) return substr_outside(c);
    const size_t b0 = utf8_offset(s, static_cast<size_t>(off));
    const size_t b1 = b0 + utf8_offset(std::string_view(s).substr(b0), static_cast<size_t>(cnt));
    std::string piece = s.substr(b0, b1 - b0);
    if (c.n() == 4) {
        std::string ns = s.substr(0, b0) + chars_of(c, c.arg(3)) + s.substr(b1);
        Value nv = make_str(c.heap(), ns, true);
        auto* cell = static_cast<core::Cell*>(c.arg_cell(0).as_object());
        c.heap().store(cell, cell->value, nv);
    }
    return c.ret(make_str(c.heap(), piece, true));
}

bool u_index(Call& c, bool reverse) {
    const std::string s = chars_of(c, c.arg(0)), t = chars_of(c, c.arg(1));
    const auto len = static_cast<int64_t>(utf8_length(s));
    size_t r;
    if (!reverse) {
        int64_t pos = c.n() > 2 ? to_iv(c.arg(2)) : 0;
        pos = std::clamp<int64_t>(pos, 0, len);
        r = s.find(t, utf8_offset(s, static_cast<size_t>(pos)));
    } else {
        int64_t pos = c.n() > 2 ? to_iv(c.arg(2)) : len;
        if (pos < 0) return c.ret_int(t.empty() ? 0 : -1);
        r = s.rfind(t, utf8_offset(s, static_cast<size_t>(std::min(pos, len))));
    }
    return c.ret_int(r == std::string::npos ? -1 : static_cast<int64_t>(utf8_chars_before(s, r)));
}

bool u_join(Call& c) {
    const std::string sep = c.n() ? chars_of(c, c.arg(0)) : "";
    std::string s;
    for (size_t i = 1; i < c.n(); ++i) {
        if (i > 1) s += sep;
        s += chars_of(c, c.arg(i));
    }
    return c.ret(make_str(c.heap(), s, true));
}

bool u_reverse_scalar(Call& c) {
    std::string s;
    for (size_t i = 0; i < c.n(); ++i) s += chars_of(c, c.arg(i));
    std::string out(s.size(), '\0');
    size_t i = 0, o = s.size();
    while (i < s.size()) {  // each character's bytes keep their order, the characters are reversed
        const size_t start = i;
        utf8_next(s, i);
        o -= i - start;
        std::copy(s.begin() + static_cast<long>(start), s.begin() + static_cast<long>(i), out.begin() + static_cast<long>(o));
    }
    return c.ret(make_str(c.heap(), out, true));
}

namespace {
// perlfunc "quotemeta" for a character string: the code points above 0x7F it quotes (Unicode 14 PropList:
// Pattern_Syntax, Pattern_White_Space, White_Space, Default_Ignorable_Code_Point; General_Category=Control)
bool quoted_above_ascii(uint32_t cp) {
    static constexpr uint32_t ranges[][2] = {
        {0x80, 0xA7}, {0xA9, 0xA9}, {0xAB, 0xAE}, {0xB0, 0xB1}, {0xB6, 0xB6}, {0xBB, 0xBB}, {0xBF, 0xBF},
        {0xD7, 0xD7}, {0xF7, 0xF7}, {0x34F, 0x34F}, {0x61C, 0x61C}, {0x115F, 0x1160}, {0x1680, 0x1680},
        {0x17B4, 0x17B5}, {0x180B, 0x180F}, {0x2000, 0x203E}, {0x2041, 0x2053}, {0x2055, 0x206F},
        {0x2190, 0x245F}, {0x2500, 0x2775}, {0x2794, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3003},
        {0x3008, 0x3020}, {0x3030, 0x3030}, {0x3164, 0x3164}, {0xFD3E, 0xFD3F}, {0xFE00, 0xFE0F},
        {0xFE45, 0xFE46}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
        {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}};
    for (const auto& r : ranges)
        if (cp >= r[0] && cp <= r[1]) return true;
    return false;
}
}  // namespace

bool u_quotemeta(Call& c) {
    std::string_view s;
    str_view(c.arg(0), s);
    std::string out;
    for (size_t i = 0; i < s.size();) {
        const size_t at = i;
        const uint32_t cp = utf8_next(s, i);
        if (cp < 0x80 ? !(std::isalnum(static_cast<int>(cp)) || cp == '_') : quoted_above_ascii(cp)) out += '\\';
        out.append(s.substr(at, i - at));
    }
    return c.ret(make_str(c.heap(), out, true));
}

bool u_chr(Call& c, int64_t v) {
    std::string s;
    append_utf8(s, static_cast<unsigned long>(v < 0 ? 0xFFFD : v));
    return c.ret(make_str(c.heap(), s, true));
}

namespace {
/// One formatting of sprintf_chars: the string arguments as Latin-1 bytes, or (`wide`) as UTF-8 by characters;
/// `needs_wide` set when a %c gave a character above 0xFF in the first way.
std::string sprintf_pass(Call& c, size_t first, std::vector<SprintfNote>* notes, bool wide, bool& needs_wide);
}  // namespace

std::string sprintf_chars(Call& c, size_t first, std::vector<SprintfNote>* notes) {
    // characters all below 0x100: format the Latin-1 bytes and upgrade the result; else (or when a %c gives a
    // character above 0xFF) format the UTF-8 of every string by characters (perl_sprintf's `chars`)
    bool wide = false;
    for (size_t i = first; i < c.n() && !wide; ++i) {
        std::string_view sv;
        std::string tmp;
        if (is_utf8(c.arg(i)) && str_view(c.arg(i), sv)) wide = !append_utf8_as_latin1(tmp, sv);
    }
    for (;;) {
        bool needs_wide = false;
        std::string text = sprintf_pass(c, first, notes, wide, needs_wide);
        if (!needs_wide) return text;
        if (notes) notes->clear();
        wide = true;
    }
}

namespace {
std::string sprintf_pass(Call& c, size_t first, std::vector<SprintfNote>* notes, bool wide, bool& needs_wide) {
    size_t res = c.begin_list();
    for (size_t i = first; i < c.n(); ++i) {
        Value v = c.arg(i);
        std::string_view sv;
        if (!wide && is_utf8(v) && str_view(v, sv)) {
            std::string bytes;
            append_utf8_as_latin1(bytes, sv);
            v = make_str(c.heap(), bytes);
        } else if (wide && !is_utf8(v) && str_view(v, sv) && !is_ascii(sv)) {
            std::string up;
            append_latin1_as_utf8(up, sv);
            v = make_str(c.heap(), up, true);
        }
        c.push(res, v);
    }
    Value list = c.vm().scratch[res];
    const std::string fmt = to_str(av::fetch(list, 0));
    std::string text = perl_sprintf(c.vm(), fmt, list, 1, notes, wide);
    needs_wide = c.vm().sprintf_wide;
    c.vm().sprintf_wide = false;
    c.vm().scratch.resize(res);
    if (wide || needs_wide) return text;
    std::string out;
    append_latin1_as_utf8(out, text);
    return out;
}
}  // namespace

bool u_sprintf(Call& c) {
    std::vector<SprintfNote> notes;
    std::string text = sprintf_chars(c, 0, c.s.proto->warns ? &notes : nullptr);
    if (!notes.empty() && !warn_sprintf(c.s, c.ip, notes, "sprintf")) return false;
    return c.ret(make_str(c.heap(), text, true));
}

// ---- utf8:: (utf8.pm) ----

namespace {

/// Stores `text` (flagged when `utf8`) into the variable of argument `i`.
void store_arg(Call& c, size_t i, const std::string& text, bool utf8) {
    Value nv = make_str(c.heap(), text, utf8);
    Value cellv = c.arg_cell(i);
    if (cellv.is_nil()) return;
    auto* cell = static_cast<core::Cell*>(cellv.as_object());
    c.heap().store(cell, cell->value, nv);
}

}  // namespace

// utf8::is_utf8(S): the flag.
bool b_utf8_is_utf8(Call& c) { return c.ret_bool(c.n() && is_utf8(c.arg(0))); }

// utf8::upgrade(S): S becomes a character string of the same characters; returns the number of octets.
bool b_utf8_upgrade(Call& c) {
    if (!c.n() || c.arg(0).is_nil()) return c.ret(Value::nil());
    if (!is_utf8(c.arg(0))) store_arg(c, 0, chars_of(c, c.arg(0)), true);
    std::string_view sv;
    str_view(c.arg(0), sv);
    return c.ret_int(static_cast<int64_t>(sv.size()));
}

// utf8::downgrade(S [, FAIL_OK]): S becomes a byte string; dies "Wide character in subroutine entry" (or returns
// false with FAIL_OK) when a character is above 0xFF.
bool b_utf8_downgrade(Call& c) {
    if (!c.n() || !is_utf8(c.arg(0))) return c.ret(c.vm().v_one);
    std::string_view sv;
    str_view(c.arg(0), sv);
    std::string out;
    if (!append_utf8_as_latin1(out, sv)) {
        if (c.n() > 1 && truthy(c.arg(1))) return c.ret_bool(false);
        return c.die("Wide character in subroutine entry");
    }
    store_arg(c, 0, out, false);
    return c.ret(c.vm().v_one);
}

// utf8::encode(S): S becomes the byte string of its UTF-8 encoding.
bool b_utf8_encode(Call& c) {
    if (!c.n()) return c.ret(Value::nil());
    store_arg(c, 0, chars_of(c, c.arg(0)), false);
    return c.ret(Value::nil());
}

// utf8::decode(S): when S (as bytes) is well-formed UTF-8 with a non-ASCII byte, it becomes that character
// string; returns false for malformed input (S unchanged).
bool b_utf8_decode(Call& c) {
    if (!c.n()) return c.ret_bool(false);
    std::string bytes;
    if (is_utf8(c.arg(0))) {
        std::string_view sv;
        str_view(c.arg(0), sv);
        if (!append_utf8_as_latin1(bytes, sv)) return c.ret_bool(false);
    } else {
        bytes = str_of(c.vm(), c.arg(0));
    }
    if (utf8_valid_prefix(bytes) != bytes.size()) return c.ret_bool(false);
    store_arg(c, 0, bytes, !is_ascii(bytes));
    return c.ret(c.vm().v_one);
}

// utf8::valid(S): true (character strings are kept well-formed).
bool b_utf8_valid(Call& c) { return c.ret(c.vm().v_one); }

// ---- Encode (common use) ----

namespace {
/// False (with a die) when ENCODING argument 0 is not UTF-8 (Encode's other encodings are not provided).
bool utf8_encoding(Call& c, const char* what) {
    if (c.arg(0).is_nil()) return true;  // encode_utf8 / decode_utf8
    std::string enc = to_str(c.arg(0));
    std::transform(enc.begin(), enc.end(), enc.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (enc == "utf-8" || enc == "utf8" || enc == "utf-8-strict") return true;
    return c.die(std::string("Encode::") + what + " with the encoding " + to_str(c.arg(0)) +
                 " not supported by trellis-perl");
}
}  // namespace

// __encode(ENCODING|undef, S) (lib/Encode.pm: encode, encode_utf8): the UTF-8 bytes of S's characters.
bool b_encode_utf8(Call& c) {
    if (!utf8_encoding(c, "encode")) return false;
    if (c.n() < 2 || c.arg(1).is_nil()) return c.ret(Value::nil());
    return c.ret(make_str(c.heap(), chars_of(c, c.arg(1)), false));
}

// __decode(ENCODING|undef, BYTES, CHECK) (lib/Encode.pm: decode, decode_utf8): the characters of UTF-8 bytes;
// a malformed sequence becomes U+FFFD, or dies as Encode's FB_CROAK (CHECK 1) does.
bool b_decode_utf8(Call& c) {
    if (!utf8_encoding(c, "decode")) return false;
    if (c.n() < 2 || c.arg(1).is_nil()) return c.ret(Value::nil());
    std::string bytes;
    if (is_utf8(c.arg(1))) {
        std::string_view sv;
        str_view(c.arg(1), sv);
        if (!append_utf8_as_latin1(bytes, sv)) return c.die("Cannot decode string with wide characters");
    } else {
        bytes = str_of(c.vm(), c.arg(1));
    }
    const size_t ok = utf8_valid_prefix(bytes);
    if (ok < bytes.size() && c.n() > 2 && (to_iv(c.arg(2)) & 1)) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(bytes[ok])));
        return c.die(std::string("utf8 \"") + hex + "\" does not map to Unicode");
    }
    return c.ret(make_str(c.heap(), decode_utf8_lax(bytes), true));
}

std::string decode_utf8_lax(std::string_view bytes) {
    std::string out;
    size_t i = 0;
    while (i < bytes.size()) {
        const size_t ok = utf8_valid_prefix(bytes.substr(i));
        out.append(bytes.substr(i, ok));
        i += ok;
        if (i < bytes.size()) {
            append_utf8(out, 0xFFFD);
            ++i;
            while (i < bytes.size() && (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80) ++i;
        }
    }
    return out;
}

// ---- layers and output ----

/// Applies layer string `layers` (":utf8", ":encoding(UTF-8)", ":raw", ":bytes", ":crlf" ...) to files entry
/// `f`; false for an encoding other than UTF-8 (`bad` names it).
bool apply_layers(Vm& vm, int f, std::string_view layers, std::string& bad) {
    if (f < 0 || static_cast<size_t>(f) >= vm.files.size()) return true;
    size_t i = 0;
    while ((i = layers.find(':', i)) != std::string_view::npos) {
        ++i;
        size_t e = i;
        while (e < layers.size() && layers[e] != ':' && layers[e] != ' ') ++e;
        std::string layer(layers.substr(i, e - i));
        for (char& ch : layer) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (layer == "utf8" || layer == "encoding(utf-8)" || layer == "encoding(utf8)" ||
            layer == "encoding(utf-8-strict)")
            vm.files[static_cast<size_t>(f)].utf8 = true, g_utf8_seen.store(true, std::memory_order_relaxed);
        else if (layer == "raw" || layer == "bytes")
            vm.files[static_cast<size_t>(f)].utf8 = false;
        else if (layer.compare(0, 9, "encoding(") == 0) {
            bad = layer.substr(9, layer.size() - 10);
            return false;
        }
        i = e;
    }
    return true;
}

Value read_value(Call& c, int f, std::string_view line) {
    if (f < 0 || !c.vm().files[static_cast<size_t>(f)].utf8) return make_str(c.heap(), line);
    std::string out;
    size_t i = 0;
    std::string bad;
    while (i < line.size()) {
        const size_t ok = utf8_valid_prefix(std::string_view(line).substr(i));
        out.append(line, i, ok);
        i += ok;
        if (i < line.size()) {  // :encoding(UTF-8)'s substitution for a byte that is not UTF-8 (PERLQQ)
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(line[i])));
            out += hex;
            if (bad.empty()) bad = hex;
            ++i;
        }
    }
    if (!bad.empty()) {
        // perl: utf8 "\xE9" does not map to Unicode (category utf8, on by default)
        const std::string msg = "utf8 \"" + bad + "\" does not map to Unicode";
        if (c.s.proto->warns) warn_at(c.s, c.ip, w_other, msg);
        else c.vm().warn(c.s, msg + c.vm().where(c.s, c.ip));
    }
    return make_str(c.heap(), out, !is_ascii(out));
}


namespace {

/// Appends string `s` (UTF-8 when `utf8`) as a handle writes it; sets `wide` for a character above 0xFF
/// written without a layer.
void encode_out(std::string& text, std::string_view s, bool utf8, bool layer, bool& wide) {
    if (utf8 && layer) {
        text += s;
    } else if (utf8) {
        const size_t at = text.size();
        if (!append_utf8_as_latin1(text, s)) {
            text.resize(at);
            text += s;
            wide = true;
        }
    } else if (layer) {
        append_latin1_as_utf8(text, s);
    } else {
        text += s;
    }
}

bool warn_wide(Call& c, const char* op) {
    const std::string msg = std::string("Wide character in ") + op;
    if (c.s.proto->warns) return warn_at(c.s, c.ip, w_other, msg);
    return c.vm().warn(c.s, msg + c.vm().where(c.s, c.ip));
}

}  // namespace

bool output_text(Call& c, size_t from, std::string_view sep, std::string_view tail, bool layer, const char* op,
                 std::string& text) {
    bool wide = false;
    for (size_t i = from; i < c.n(); ++i) {
        if (i > from && !sep.empty()) encode_out(text, sep, false, layer, wide);
        Value v = c.arg(i);
        std::string_view sv;
        if (str_view(v, sv)) {
            encode_out(text, sv, is_utf8(v), layer, wide);
        } else {
            const std::string s = str_of(c.vm(), v);
            encode_out(text, s, false, layer, wide);
        }
    }
    encode_out(text, tail, false, layer, wide);
    return !wide || warn_wide(c, op);
}

bool output_piece(Call& c, std::string_view s, bool utf8, bool layer, const char* op, std::string& text) {
    bool wide = false;
    encode_out(text, s, utf8, layer, wide);
    return !wide || warn_wide(c, op);
}

}  // namespace trellis::perl::builtins

namespace trellis::perl {

bool trans_chars(State& s, const Ins* ip, const TransTable& t) {
    Vm& vm = *s.vm;
    for (int b = 0x80; b < 0x100; ++b)
        if (t.map[b] != -1)
            return vm.die(s, ip, "tr/// with non-ASCII characters (or /c) on a character string not supported by trellis-perl");
    std::string_view src;
    str_view(static_cast<core::Cell*>(s.r[ip->b].as_object())->value, src);
    std::string out;
    int64_t count = 0;
    int last = -1;
    for (unsigned char c : src) {  // UTF-8 bytes from 0x80 up belong to non-ASCII characters: kept
        const int m = c < 0x80 ? t.map[c] : -1;
        if (m == -1) {
            out += static_cast<char>(c);
            last = -1;
            continue;
        }
        ++count;
        if (m == -2 || (t.squeeze && m == last)) continue;
        append_utf8(out, static_cast<unsigned long>(m));
        last = m;
    }
    if (t.return_new) {
        s.r[ip->a] = make_str(vm.heap, out, true);
        return true;
    }
    if (!t.count_only || t.squeeze) {
        Value v = make_str(vm.heap, out, true);
        auto* c = static_cast<core::Cell*>(s.r[ip->b].as_object());
        vm.heap.store(c, c->value, v);
    }
    s.r[ip->a] = make_iv(vm.heap, count);
    return true;
}

}  // namespace trellis::perl
