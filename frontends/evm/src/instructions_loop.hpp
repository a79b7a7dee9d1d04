/// @file instructions_loop.hpp
/// The baseline interpreter's definitions for dispatch/loops.hpp: the per-instruction prologue shared by every
/// opcode (undefined-in-revision check, stack underflow/overflow check against the opcode's inputs/outputs from
/// opcodes.hpp, static gas, constant where no revision repriced it) followed by instruction<Op>(). The untraced
/// loop (BaselineDef) keeps the stack top and gas counter in registers; the traced one (TracedDef) writes an
/// EIP-3155 line before each instruction and keeps everything in the state. interpreter.cpp and
/// interpreter_trace.cpp instantiate the two.
#pragma once
#include <cstring>
#include <type_traits>

#include "gas_schedule.hpp"
#include "instructions.hpp"
#include "tracer.hpp"
#include "trellis/dispatch/loops.hpp"

namespace trellis::evm {

/// The per-instruction checks of the baseline, before instruction<Op>(): the opcode is defined in the revision,
/// the stack (top pointer `sp`) holds its inputs and has room for its outputs, and `gas` covers its static gas.
/// Charges `gas` and returns Success, or returns the status the frame halts with. An opcode whose static gas is
/// the same in every revision (gas_is_constant: most of them) is charged as a compile-time constant, with no
/// table load and no defined-in-revision test (evmone's baseline does the same).
template <unsigned Op>
TRELLIS_ALWAYS_INLINE StatusCode check_instruction(const ExecState& s, const uint256* sp, int64_t& gas) {
    constexpr OpInfo info = op_table[Op];
    int64_t cost;
    if constexpr (gas_is_constant(Op)) {
        cost = info.base_gas;
    } else {
        cost = s.costs[Op];
        if (TRELLIS_UNLIKELY(cost < 0)) return StatusCode::UndefinedInstruction;
    }
    // Pointer comparisons against the stack base (no division by the item size on the hot path).
    if constexpr (info.inputs > 0)
        if (TRELLIS_UNLIKELY(sp < s.stack_base + info.inputs)) return StatusCode::StackUnderflow;
    if constexpr (info.outputs > info.inputs)
        if (TRELLIS_UNLIKELY(sp > s.stack_base + (stack_limit - (info.outputs - info.inputs))))
            return StatusCode::StackOverflow;
    if (TRELLIS_UNLIKELY((gas -= cost) < 0)) return StatusCode::OutOfGas;
    return StatusCode::Success;
}

/// Instructions that only read and write the stack (no gas, no memory, no host, never halt): they run on a
/// register-held stack pointer (StackView) with nothing written back to the state.
constexpr bool is_stack_only(unsigned op) noexcept {
    if (op >= OP_DUP1 && op <= OP_SWAP16) return true;
    switch (op) {
        case OP_ADD: case OP_MUL: case OP_SUB: case OP_DIV: case OP_SDIV: case OP_MOD: case OP_SMOD:
        case OP_ADDMOD: case OP_MULMOD: case OP_SIGNEXTEND: case OP_LT: case OP_GT: case OP_SLT: case OP_SGT:
        case OP_EQ: case OP_ISZERO: case OP_AND: case OP_OR: case OP_XOR: case OP_NOT: case OP_BYTE: case OP_SHL:
        case OP_SHR: case OP_SAR: case OP_CLZ: case OP_POP: case OP_PUSH0:
            return true;
        default:
            return false;
    }
}

/// The stack pointer alone, for instruction<Op>() of the stack-only instructions (and PUSHn, JUMPDEST).
struct StackView {
    uint256* sp;
};

/// Memory growth to `end` bytes (<= 2^32 + 32) that fits the allocated capacity and whose expansion gas
/// (Yellow Paper eq. 326) `gas` covers: charged from `gas` and zeroed here. Otherwise false, and the caller takes
/// the general path (touch_memory on the full state), which decides exactly.
TRELLIS_ALWAYS_INLINE bool grow_within_capacity(ExecState& s, int64_t& gas, uint64_t end) {
    Memory& m = s.memory;
    if (end > m.capacity) return false;
    const int64_t new_words = num_words(end);
    const int64_t cost = memory_cost(new_words) - memory_cost(static_cast<int64_t>(m.size / 32));
    if (cost > gas) return false;
    gas -= cost;
    const size_t new_size = static_cast<size_t>(new_words) * 32;
    for (size_t i = m.size; i < new_size; i += 32) std::memset(m.data + i, 0, 32);
    m.size = new_size;
    return true;
}

/// MLOAD, MSTORE or MSTORE8 on a register-held stack top `sp` and gas counter `gas` when the access lies within
/// current memory or a growth grow_within_capacity() allows; false (nothing changed) when the general path must
/// run. Does not advance ip.
template <unsigned Op>
TRELLIS_ALWAYS_INLINE bool memory_op_in_registers(ExecState& s, uint256*& sp, int64_t& gas) {
    static_assert(Op == OP_MLOAD || Op == OP_MSTORE || Op == OP_MSTORE8);
    constexpr uint64_t size = Op == OP_MSTORE8 ? 1 : 32;
    const uint256& offset = sp[-1];
    if (TRELLIS_UNLIKELY(((offset.w[1] | offset.w[2] | offset.w[3]) | (offset.w[0] >> 32)) != 0)) return false;
    if (TRELLIS_UNLIKELY(offset.w[0] + size > s.memory.size) && !grow_within_capacity(s, gas, offset.w[0] + size))
        return false;
    uint8_t* const p = s.memory.data + offset.w[0];
    if constexpr (Op == OP_MLOAD) {
        sp[-1] = load_be(p);
    } else {
        if constexpr (Op == OP_MSTORE) store_be(p, sp[-2]);
        else *p = static_cast<uint8_t>(sp[-2].w[0]);
        sp -= 2;
    }
    return true;
}

/// JUMP or JUMPI on a register-held stack top `sp`: pops the operands and returns the destination word (still
/// in the popped slot, not validated), or nullptr for a JUMPI whose condition is zero.
template <unsigned Op>
TRELLIS_ALWAYS_INLINE const uint256* pop_jump_operands(uint256*& sp) {
    static_assert(Op == OP_JUMP || Op == OP_JUMPI);
    const uint256* const dest = sp - 1;
    if constexpr (Op == OP_JUMPI) {
        const bool taken = static_cast<bool>(sp[-2]);
        sp -= 2;
        return taken ? dest : nullptr;
    } else {
        sp -= 1;
        return dest;
    }
}

/// The traced baseline: definition of the first form of dispatch/loops.hpp (the state in memory), with the
/// EIP-3155 line written before each instruction.
struct TracedDef {
    using State = ExecState;
    using Ip = const uint8_t*;

    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return *ip; }

    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip) {
        trace_instruction(s, ip);
        if constexpr (!op_table[Op].defined) {
            return halt(s, StatusCode::UndefinedInstruction);
        } else {
            const StatusCode status = check_instruction<Op>(s, s.sp, s.gas);
            if (TRELLIS_UNLIKELY(status != StatusCode::Success)) return halt(s, status);
            return instruction<Op>(s, ip);
        }
    }
};

/// The untraced baseline: definition of the second (register) form of dispatch/loops.hpp. The stack top pointer
/// and the gas counter live in Regs (registers: no store-to-load round trip through the state per instruction)
/// and are written back to the state only around instructions that use the full state, and before the loop is
/// left. Stack-only instructions, PUSHn, JUMPDEST, JUMP/JUMPI and MLOAD/MSTORE within memory run on the
/// registers alone.
struct BaselineDef {
    using State = ExecState;
    using Ip = const uint8_t*;
    struct Regs {
        uint256* sp;  ///< one past the top stack item
        int64_t gas;  ///< gas left (gas units)
    };

    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return *ip; }
    static TRELLIS_ALWAYS_INLINE Regs enter(State& s) { return {s.sp, s.gas}; }
    static TRELLIS_ALWAYS_INLINE void sync(State& s, const Regs& r) {
        s.sp = r.sp;
        s.gas = r.gas;
    }

    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip, Regs& r) {
        if constexpr (!op_table[Op].defined) {
            sync(s, r);
            return halt(s, StatusCode::UndefinedInstruction);
        } else {
            if (TRELLIS_UNLIKELY(!check_charged<Op>(s, r))) return false;
            if constexpr (is_stack_only(Op) || (Op >= OP_PUSH1 && Op <= OP_PUSH32) || Op == OP_JUMPDEST) {
                StackView v{r.sp};
                instruction<Op>(v, ip);
                r.sp = v.sp;
                return true;
            } else if constexpr (Op == OP_JUMP || Op == OP_JUMPI) {
                const uint256* const target = pop_jump_operands<Op>(r.sp);
                if (!target) {  // JUMPI not taken
                    ++ip;
                    return true;
                }
                const uint256& dest = *target;
                if (TRELLIS_UNLIKELY(!dest.fits_u64() || !s.code.is_jumpdest(dest.w[0]) || r.gas < s.tier_up_below)) {
                    sync(s, r);
                    return detail::jump_to(s, ip, dest);  // halts, or requests the tier-up (auto mode)
                }
                ip = s.code.code + dest.w[0];
                return true;
            } else if constexpr (Op == OP_MLOAD || Op == OP_MSTORE || Op == OP_MSTORE8) {
                if (TRELLIS_LIKELY(memory_op_in_registers<Op>(s, r.sp, r.gas))) {
                    ++ip;
                    return true;
                }
                return with_full_state<Op>(s, ip, r);
            } else {
                return with_full_state<Op>(s, ip, r);
            }
        }
    }

    /// check_instruction() with the same statuses in the same order, but the static gas subtracted before the
    /// stack checks: one `sub` whose sign is tested, instead of a copy of the gas kept for the stack checks' exits
    /// (1-2 instructions fewer per handler). A failing stack check leaves the charged gas in the state, which no
    /// one reads: an exceptional halt consumes all of the frame's gas. On failure the registers are written back
    /// and the status set with stores only, not a call of halt(): a handler without calls needs no
    /// stack-alignment push/pop (2 instructions per handler).
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool check_charged(State& s, Regs& r) {
        constexpr OpInfo info = op_table[Op];
        int64_t cost;
        if constexpr (gas_is_constant(Op)) {
            cost = info.base_gas;
        } else {
            cost = s.costs[Op];
            if (TRELLIS_UNLIKELY(cost < 0)) return fail(s, r, StatusCode::UndefinedInstruction);
        }
        r.gas -= cost;
        __asm__("" : "+r"(r.gas));  // keeps clang from testing `old gas < cost` on a copy instead of the sign
        if constexpr (info.inputs > 0)
            if (TRELLIS_UNLIKELY(r.sp < s.stack_base + info.inputs)) return fail(s, r, StatusCode::StackUnderflow);
        if constexpr (info.outputs > info.inputs)
            if (TRELLIS_UNLIKELY(r.sp > s.stack_base + (stack_limit - (info.outputs - info.inputs))))
                return fail(s, r, StatusCode::StackOverflow);
        if (TRELLIS_UNLIKELY(r.gas < 0)) return fail(s, r, StatusCode::OutOfGas);
        return true;
    }

    /// Ends the loop with `status` (registers written back); false.
    static TRELLIS_ALWAYS_INLINE bool fail(State& s, const Regs& r, StatusCode status) {
        sync(s, r);
        s.status = status;
        return false;
    }

    /// Any other instruction: runs on the full state (registers written back before, read again after).
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool with_full_state(State& s, Ip& ip, Regs& r) {
        sync(s, r);
        if (!instruction<Op>(s, ip)) return false;
        r = enter(s);
        return true;
    }
};

/// Definition type for dispatch::run: the register-form baseline, or the traced one when `Trace`.
template <bool Trace>
using InterpreterDef = std::conditional_t<Trace, TracedDef, BaselineDef>;

/// Runs the loop for `s` from the start of its code with `strategy`; tracing per `Trace`.
template <bool Trace>
void run_interpreter(dispatch::Strategy strategy, ExecState& s);

}  // namespace trellis::evm
