/// @file utf8.hpp
/// UTF-8 (RFC 3629) as perl's character strings use it (perlunicode): encoding one code point (shared by
/// "\x{...}" escapes, chr() and sprintf's %c), decoding, counting characters, character offsets, and the
/// Latin-1 upgrade/downgrade between byte strings and character strings (utf8::upgrade, utf8::downgrade).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trellis::perl {

/// Appends code point `cp` to `out` as UTF-8 (1-4 bytes; values past U+10FFFF are encoded in 4 bytes anyway,
/// as perl's extended UTF-8 would for the common range).
inline void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 63));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 63));
        out += static_cast<char>(0x80 | (cp & 63));
    } else {
        out += static_cast<char>(0xF0 | ((cp >> 18) & 7));
        out += static_cast<char>(0x80 | ((cp >> 12) & 63));
        out += static_cast<char>(0x80 | ((cp >> 6) & 63));
        out += static_cast<char>(0x80 | (cp & 63));
    }
}

/// True when every byte of `s` is below 0x80.
inline bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

/// Decodes the code point at byte `i` of `s` (which holds well-formed UTF-8 as character strings do) and
/// advances `i` past it. A malformed or truncated sequence yields its first byte as one character.
inline uint32_t utf8_next(std::string_view s, size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xC0 ? 0 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF8 ? 4 : 0;
    if (n <= 1 || i + n > s.size()) return ++i, b;
    uint32_t cp = b & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return ++i, b;
        cp = (cp << 6) | (c & 63);
    }
    i += n;
    return cp;
}

/// The number of characters of the UTF-8 text `s` (bytes that do not continue a sequence).
inline size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

/// The byte offset of character `chars` of UTF-8 text `s` (s.size() when past its end).
inline size_t utf8_offset(std::string_view s, size_t chars) {
    size_t i = 0;
    while (chars > 0 && i < s.size()) utf8_next(s, i), --chars;
    return i;
}

/// The character index of byte offset `byte` of UTF-8 text `s`.
inline size_t utf8_chars_before(std::string_view s, size_t byte) { return utf8_length(s.substr(0, byte)); }

/// The length of the longest well-formed UTF-8 prefix of `s` (RFC 3629: no overlongs, no surrogates, at most
/// U+10FFFF); s.size() when all of `s` is well-formed.
inline size_t utf8_valid_prefix(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        const size_t n = b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return i;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        if ((b == 0xE0 && c1 < 0xA0) || (b == 0xED && c1 >= 0xA0) || (b == 0xF0 && c1 < 0x90) ||
            (b == 0xF4 && c1 >= 0x90))
            return i;
        i += n;
    }
    return i;
}

/// Compares byte string `bytes` (Latin-1 characters) with UTF-8 text `chars` character by character, as perl's
/// sv_cmp does after upgrading the byte side (perlop "Equality Operators"): -1, 0 or 1.
inline int cmp_latin1_utf8(std::string_view bytes, std::string_view chars) {
    size_t i = 0, j = 0;
    while (i < bytes.size() && j < chars.size()) {
        const uint32_t b = static_cast<unsigned char>(bytes[i++]);
        const uint32_t c = utf8_next(chars, j);
        if (b != c) return b < c ? -1 : 1;
    }
    return i < bytes.size() ? 1 : j < chars.size() ? -1 : 0;
}

/// Appends byte string `s` to `out` as characters: bytes 0x80-0xFF become their two-byte UTF-8 (Latin-1).
inline void append_latin1_as_utf8(std::string& out, std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x80) out += static_cast<char>(c);
        else out += static_cast<char>(0xC0 | (c >> 6)), out += static_cast<char>(0x80 | (c & 63));
    }
}

/// Appends UTF-8 text `s` to `out` as bytes when every character is below 256 (utf8::downgrade); false (out
/// partly written) when some character is wider.
inline bool append_utf8_as_latin1(std::string& out, std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const uint32_t cp = utf8_next(s, i);
        if (cp > 0xFF) return false;
        out += static_cast<char>(cp);
    }
    return true;
}

}  // namespace trellis::perl
