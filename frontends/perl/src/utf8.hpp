/// @file utf8.hpp
/// UTF-8 encoding of one code point (RFC 3629), shared by "\x{...}" escapes, chr() and sprintf's %c.
#pragma once
#include <string>

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

}  // namespace trellis::perl
