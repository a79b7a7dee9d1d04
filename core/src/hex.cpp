// Hex parsing and printing (see hex.hpp).
#include "trellis/core/hex.hpp"

#include "trellis/core/error.hpp"

namespace trellis::core {

Bytes from_hex(std::string_view hex) {
    if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
    Bytes out;
    out.reserve((hex.size() + 1) / 2);
    size_t i = 0;
    auto digit = [&](size_t at) {
        int d = hex_digit(hex[at]);
        if (d < 0)
            throw Error("invalid hex character '" + std::string(1, hex[at]) + "' at offset " + std::to_string(at));
        return d;
    };
    if (hex.size() % 2 == 1) out.push_back(static_cast<uint8_t>(digit(i++)));
    for (; i < hex.size(); i += 2) out.push_back(static_cast<uint8_t>(digit(i) << 4 | digit(i + 1)));
    return out;
}

std::string to_hex(BytesView bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    s.resize(bytes.size() * 2);
    for (size_t i = 0; i < bytes.size(); ++i) {
        s[2 * i] = digits[bytes[i] >> 4];
        s[2 * i + 1] = digits[bytes[i] & 15];
    }
    return s;
}

std::string to_hex_0x(BytesView bytes) { return "0x" + to_hex(bytes); }

}  // namespace trellis::core
