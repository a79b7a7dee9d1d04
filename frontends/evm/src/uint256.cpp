/// @file uint256.cpp
/// Text conversion of 256-bit EVM words: parsing decimal/0x-hex (the JSON fixtures' number spellings) and
/// printing as 0x-hex and decimal. Off the hot path, so it may allocate and throw.
#include "trellis/evm/uint256.hpp"

#include <algorithm>

#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"

namespace trellis::evm {

uint256 parse_uint256(std::string_view text) {
    const std::string shown(text);
    if (text.empty()) throw core::Error("empty number");
    uint256 r;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        std::string_view digits = text.substr(2);
        if (digits.empty()) throw core::Error("number '" + shown + "' has no digits after 0x");
        while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
        if (digits.size() > 64) throw core::Error("number '" + shown + "' exceeds 2^256-1");
        for (char c : digits) {
            const int d = core::hex_digit(c);
            if (d < 0) throw core::Error("bad hex digit '" + std::string(1, c) + "' in number '" + shown + "'");
            r = (r << 4) | uint256(static_cast<uint64_t>(d));
        }
        return r;
    }
    const uint256 max_div10 = uint256::max() / 10;
    for (char c : text) {
        if (c < '0' || c > '9')
            throw core::Error("bad decimal digit '" + std::string(1, c) + "' in number '" + shown + "'");
        const uint64_t d = static_cast<uint64_t>(c - '0');
        if (r > max_div10) throw core::Error("number '" + shown + "' exceeds 2^256-1");
        const uint256 times10 = r * 10;
        const uint256 next = times10 + d;
        if (next < times10) throw core::Error("number '" + shown + "' exceeds 2^256-1");
        r = next;
    }
    return r;
}

std::string to_hex(const uint256& v) {
    if (!v) return "0x0";
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    const unsigned nibbles = (256 - clz(v) + 3) / 4;
    out.reserve(2 + nibbles);
    out += "0x";
    for (int i = static_cast<int>(nibbles) - 1; i >= 0; --i)
        out += digits[(v.w[i / 16] >> (4 * (i % 16))) & 0xf];
    return out;
}

std::string to_decimal(const uint256& v) {
    if (!v) return "0";
    std::string out;
    uint256 x = v;
    const uint256 chunk = 10'000'000'000'000'000'000ull;  // 10^19, the largest power of ten in 64 bits
    while (x) {
        uint256 q, r;
        divmod(x, chunk, q, r);
        uint64_t part = r.w[0];
        for (int i = 0; i < 19 && (q || part != 0); ++i) {
            out += static_cast<char>('0' + part % 10);
            part /= 10;
        }
        x = q;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace trellis::evm
