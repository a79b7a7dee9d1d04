/// @file hex.hpp
/// Hex and byte helpers: parsing `0x`-prefixed (or bare) hex strings into bytes and printing bytes as hex.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::core {

using Bytes = std::vector<uint8_t>;
using BytesView = std::span<const uint8_t>;

/// Value of one hex digit (0-15), or -1 if `c` is not a hex digit.
constexpr int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Parses hex text into bytes. Accepts an optional `0x`/`0X` prefix and an empty string (no bytes).
/// An odd number of digits is read with an implied leading zero ("0x1" -> {0x01}).
/// Throws core::Error naming the offending character and its offset on any non-hex character.
Bytes from_hex(std::string_view hex);

/// Lower-case hex of `bytes`, without prefix ("" for no bytes).
std::string to_hex(BytesView bytes);

/// Lower-case hex of `bytes` with a `0x` prefix ("0x" for no bytes).
std::string to_hex_0x(BytesView bytes);

}  // namespace trellis::core
