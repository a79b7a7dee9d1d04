// JUMPDEST analysis and code padding (see analysis.hpp; Yellow Paper section 9.4.3).
#include "analysis.hpp"

#include <cstring>

namespace trellis::evm {
namespace {
constexpr size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }
}  // namespace

size_t analysis_size(size_t code_size) noexcept {
    return align8(code_size + code_padding) + align8((code_size + 7) / 8);
}

CodeAnalysis analyze(const uint8_t* code, size_t code_size, uint8_t* buffer) noexcept {
    uint8_t* padded = buffer;
    uint8_t* bits = buffer + align8(code_size + code_padding);
    if (code_size) std::memcpy(padded, code, code_size);
    std::memset(padded + code_size, 0, code_padding);
    std::memset(bits, 0, align8((code_size + 7) / 8));
    for (size_t i = 0; i < code_size; ++i) {
        const uint8_t op = code[i];
        if (op == 0x5b)
            bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
        else if (op >= 0x60 && op <= 0x7f)
            i += op - 0x5f;  // skip the immediate
    }
    return CodeAnalysis{padded, code_size, bits};
}

}  // namespace trellis::evm
