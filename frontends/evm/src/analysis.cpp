// JUMPDEST analysis and code padding (see analysis.hpp; Yellow Paper section 9.4.3). The scan takes the padded copy
// 16 bytes at a time where SSE2 exists: two compares find the JUMPDEST (0x5b) and PUSH1..PUSH32 (0x60..0x7f) bytes
// of the chunk as bit masks; the loop then visits only the PUSHes (skipping their data), and every JUMPDEST between
// them is valid. Bytes that are neither cost no branch (the byte-at-a-time loop paid one or two per byte).
#include "analysis.hpp"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace trellis::evm {
namespace {
constexpr size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

#if defined(__SSE2__)
/// The bitmap of `padded` (code_size bytes, then at least 15 readable bytes), written 16 bits per 16-byte chunk.
/// `bits` holds at least 2 * ceil(code_size / 16) bytes (analysis_size() guarantees it).
void scan_jumpdests(const uint8_t* padded, size_t code_size, uint8_t* bits) noexcept {
    const __m128i jumpdest = _mm_set1_epi8(0x5b);
    const __m128i top3 = _mm_set1_epi8(static_cast<char>(0xe0));
    const __m128i push = _mm_set1_epi8(0x60);  // (byte & 0xe0) == 0x60: PUSH1..PUSH32
    size_t next = 0;  // offset of the next instruction (past the data of the last PUSH seen)
    for (size_t i = 0; i < code_size; i += 16) {
        uint32_t valid = 0;
        if (next < i + 16) {  // else the whole chunk is PUSH data
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(padded + i));
            const auto jumpdests = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, jumpdest)));
            const auto pushes =
                static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, top3), push)));
            uint32_t from = ~0u << (next - i);  // chunk positions at or after the next instruction
            for (;;) {
                const uint32_t m = pushes & from;
                if (m == 0) {
                    valid |= jumpdests & from;
                    next = i + 16;
                    break;
                }
                const auto q = static_cast<unsigned>(__builtin_ctz(m));
                valid |= jumpdests & from & ~(~0u << q);  // JUMPDESTs before this PUSH
                next = i + q + 1 + (padded[i + q] - 0x5fu);
                if (next >= i + 16) break;
                from = ~0u << (next - i);
            }
        }
        const auto word = static_cast<uint16_t>(valid);
        std::memcpy(bits + i / 8, &word, sizeof word);  // little-endian: bit k of byte j is offset 8j + k
    }
}
#else
void scan_jumpdests(const uint8_t* code, size_t code_size, uint8_t* bits) noexcept {
    std::memset(bits, 0, align8((code_size + 7) / 8));
    for (size_t i = 0; i < code_size; ++i) {
        const uint8_t op = code[i];
        if (op == 0x5b)
            bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
        else if (op >= 0x60 && op <= 0x7f)
            i += op - 0x5f;  // skip the immediate
    }
}
#endif
}  // namespace

size_t analysis_size(size_t code_size) noexcept {
    // The bitmap: align8(ceil(n / 8)) bytes is at least the 2 * ceil(n / 16) the chunked scan writes.
    return align8(code_size + code_padding) + align8((code_size + 7) / 8);
}

CodeAnalysis analyze(const uint8_t* code, size_t code_size, uint8_t* buffer) noexcept {
    uint8_t* padded = buffer;
    uint8_t* bits = buffer + align8(code_size + code_padding);
    if (code_size) std::memcpy(padded, code, code_size);
    std::memset(padded + code_size, 0, code_padding);
    static_assert(code_padding >= 15, "the chunked scan reads up to 15 bytes past the code");
    scan_jumpdests(padded, code_size, bits);
    return CodeAnalysis{padded, code_size, bits};
}

}  // namespace trellis::evm
