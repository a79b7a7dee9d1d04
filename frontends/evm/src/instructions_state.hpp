/// @file instructions_state.hpp
/// The mutable state of one interpreter frame (one execute() call) and the helpers every instruction shares:
/// halting with a status, charging gas, and growing memory (Yellow Paper section 9.4, eq. 326 memory cost).
///
/// Stack: 1024 32-byte words at the bottom of this frame's region on the thread's frame stack; `sp` points one
/// past the top item. Memory: a malloc'd buffer grown on a cold path, always a whole number of 32-byte words,
/// capped at 2^32 bytes (any larger offset or size is out of gas before anything is allocated).
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "analysis.hpp"
#include "gas_schedule.hpp"
#include "trellis/core/compiler.hpp"
#include "trellis/evm/host.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm {

/// Maximum stack height in items (Yellow Paper section 9.4.2).
inline constexpr int stack_limit = 1024;
/// Maximum call depth: a CALL/CREATE from a frame at this depth fails without executing (Yellow Paper 8).
inline constexpr int32_t call_depth_limit = 1024;
/// Largest memory offset + size the interpreter accepts (bytes); beyond it the gas could never be paid.
inline constexpr uint64_t max_memory_bytes = 0xffffffffULL;

/// EVM memory of one frame: `size` bytes (a multiple of 32) are valid and zero-initialised when grown. The buffer
/// comes from a per-thread pool and goes back to it when the frame ends (release_memory), so nested calls and
/// consecutive transactions reuse pages instead of faulting in fresh ones. Invariant: every byte at or beyond
/// max(size, dirty) is zero, so growth zeroes only [size, dirty).
struct Memory {
    uint8_t* data = nullptr;
    size_t size = 0;      ///< bytes, multiple of 32 (MSIZE)
    size_t capacity = 0;  ///< bytes allocated
    size_t dirty = 0;     ///< bytes from `data` on that a previous user of the buffer may have left non-zero
    Memory() = default;
    Memory(const Memory&) = delete;
    Memory& operator=(const Memory&) = delete;
    ~Memory();
};

/// State of one execute() call, shared by all instruction handlers.
struct ExecState {
    uint256* sp = nullptr;          ///< one past the top stack item
    uint256* stack_base = nullptr;  ///< bottom of the 1024-item stack
    int64_t gas = 0;                ///< gas left (gas units)
    int64_t refund = 0;             ///< refund counter change of this frame (may be negative, EIP-2200)
    const int16_t* costs = nullptr; ///< static gas per opcode for `rev`, -1 undefined
    Revision rev = Revision::Osaka;
    StatusCode status = StatusCode::Success;
    Host* host = nullptr;
    const Message* msg = nullptr;
    CodeAnalysis code;
    Memory memory;
    std::vector<uint8_t> return_data;  ///< output of the last nested call (EIP-211)
    size_t output_offset = 0;          ///< RETURN/REVERT data in memory
    size_t output_size = 0;
    std::FILE* trace = nullptr;
    TxContext tx;                      ///< loaded from the host on first use
    bool tx_loaded = false;
    /// Auto mode's tier-up (Interpreter::Auto): a taken JUMP/JUMPI of the baseline loop that leaves less gas than
    /// this ends the loop with `tier_up` set and `tier_up_pc` = the (valid) destination, so execute() continues the
    /// frame in the code's schedule from that JUMPDEST. The default never triggers (gas is never below it).
    int64_t tier_up_below = INT64_MIN;
    uint64_t tier_up_pc = 0;  ///< destination JUMPDEST of the jump that requested the tier-up (code offset)
    bool tier_up = false;     ///< set with tier_up_pc; status stays Success

    /// Stack height in items.
    int height() const noexcept { return static_cast<int>(sp - stack_base); }
    /// Program counter of `ip` (byte offset into the code).
    size_t pc(const uint8_t* ip) const noexcept { return static_cast<size_t>(ip - code.code); }
};

/// Ends the frame with `status`; returns false so a handler can `return halt(s, ...)` to leave the loop.
TRELLIS_COLD bool halt(ExecState& s, StatusCode status) noexcept;

/// Charges `amount` gas; false (status OutOfGas) if not enough is left.
TRELLIS_ALWAYS_INLINE bool charge(ExecState& s, int64_t amount) noexcept {
    if (TRELLIS_UNLIKELY((s.gas -= amount) < 0)) return halt(s, StatusCode::OutOfGas);
    return true;
}

/// Grows memory to cover `end` bytes (end <= max_memory_bytes), charging the expansion gas. Cold path.
TRELLIS_COLD bool grow_memory(ExecState& s, uint64_t end) noexcept;

/// Makes memory [offset, offset+size) accessible, charging expansion gas. A zero size touches nothing (any
/// offset is fine). Offsets/sizes beyond max_memory_bytes are out of gas. On success `offset` fits in 32 bits.
TRELLIS_ALWAYS_INLINE bool touch_memory(ExecState& s, const uint256& offset, const uint256& size) noexcept {
    if (!size) return true;
    if (TRELLIS_UNLIKELY(!offset.fits_u64() || !size.fits_u64() || offset.w[0] > max_memory_bytes ||
                         size.w[0] > max_memory_bytes))
        return halt(s, StatusCode::OutOfGas);
    const uint64_t end = offset.w[0] + size.w[0];
    if (TRELLIS_UNLIKELY(end > s.memory.size)) return grow_memory(s, end);
    return true;
}

/// The block/transaction context, fetched from the host once per frame.
const TxContext& tx_context(ExecState& s) noexcept;

/// Copies `size` bytes from src[offset...] (a buffer of src_size bytes) to memory at `dest`, zero-filling what lies
/// beyond src_size (CALLDATACOPY/CODECOPY/EXTCODECOPY semantics). Memory must already cover the range.
void copy_padded(uint8_t* dest, size_t size, const uint8_t* src, size_t src_size, const uint256& offset) noexcept;

}  // namespace trellis::evm
