/// @file analysis.hpp
/// Code analysis for the baseline interpreter (Yellow Paper section 9.4.3, "valid jump destinations"): a copy of
/// the code padded with 33 zero bytes, so a PUSHn truncated at the end of the code reads zeros and execution
/// running past the end meets STOP, and a bitmap with one bit per code byte set at every JUMPDEST (0x5b) that is
/// not inside PUSH data. Both live in caller-provided memory (the interpreter's frame on the frame stack).
#pragma once
#include <cstddef>
#include <cstdint>

namespace trellis::evm {

/// Zero bytes appended after the code: 32 for the longest PUSH immediate, plus one STOP.
inline constexpr size_t code_padding = 33;

/// Analysed code, pointing into the buffer analyze() filled.
struct CodeAnalysis {
    const uint8_t* code = nullptr;       ///< padded code: code_size bytes, then code_padding zero bytes
    size_t code_size = 0;                ///< original code size in bytes
    const uint8_t* jumpdests = nullptr;  ///< bitmap, bit (i % 8) of byte i / 8 set if i is a valid JUMPDEST

    /// True if `pos` (any 64-bit offset) is a valid jump destination.
    bool is_jumpdest(uint64_t pos) const noexcept {
        return pos < code_size && ((jumpdests[pos >> 3] >> (pos & 7)) & 1) != 0;
    }
};

/// Bytes analyze() needs for code of `code_size` bytes (padded code and bitmap, 8-byte aligned).
size_t analysis_size(size_t code_size) noexcept;

/// Copies and pads `code`, builds the JUMPDEST bitmap, in `buffer` (analysis_size(code_size) bytes, 8-aligned).
CodeAnalysis analyze(const uint8_t* code, size_t code_size, uint8_t* buffer) noexcept;

}  // namespace trellis::evm
