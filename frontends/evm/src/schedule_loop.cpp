// The schedule interpreter's loop: a definition of the second (register) form of dispatch/loops.hpp over
// ScheduleEntry pointers, with the stack top and the gas counter held in registers. BEGIN_BLOCK checks the block's
// stack needs and charges its static gas once; PUSH, JUMP, JUMPI, PC and GAS are handled here; every other
// instruction runs the baseline's handler instruction<Op>() (instructions.hpp) without the per-instruction checks.
// Exactness rules and the fallback to the baseline loop: schedule.hpp.
#include "instructions_loop.hpp"
#include "schedule.hpp"

namespace trellis::evm {

namespace {

/// State of the schedule loop: the baseline's frame state plus the stream being run.
struct ScheduleState : ExecState {
    const Schedule* schedule = nullptr;
    const ScheduleEntry* entries = nullptr;  ///< schedule->entries.data()
    const uint256* constants = nullptr;      ///< schedule->constants.data()
    dispatch::Strategy strategy = dispatch::Strategy::Switch;
};

/// Continues the frame in the baseline loop from code offset `pc` (gas and stack exactly the baseline's there);
/// returns false so the schedule loop ends with the status the baseline set.
TRELLIS_COLD bool continue_in_baseline(ScheduleState& s, size_t pc) noexcept {
    dispatch::run<InterpreterDef<false>>(s.strategy, s, s.code.code + pc);
    return false;
}

/// Instructions that neither read the gas counter nor charge dynamic gas, nor call out: no correction needed.
constexpr bool is_static_only(unsigned op) noexcept {
    if (is_stack_only(op)) return true;
    switch (op) {
        case OP_ADDRESS: case OP_ORIGIN: case OP_CALLER:
        case OP_CALLVALUE: case OP_CALLDATALOAD: case OP_CALLDATASIZE: case OP_CODESIZE: case OP_GASPRICE:
        case OP_RETURNDATASIZE: case OP_COINBASE: case OP_TIMESTAMP: case OP_NUMBER: case OP_PREVRANDAO:
        case OP_GASLIMIT: case OP_CHAINID: case OP_SELFBALANCE: case OP_BASEFEE: case OP_BLOBBASEFEE:
        case OP_MSIZE: case OP_STOP: case OP_INVALID:
            return true;
        default:
            return false;
    }
}

/// Definition of the second form of dispatch/loops.hpp: the stack top pointer and the gas counter live in Regs
/// (registers) and are written back to ScheduleState only around instructions that use the full state, and
/// before the loop is left.
struct ScheduleDef {
    using State = ScheduleState;
    using Ip = const ScheduleEntry*;
    struct Regs {
        uint256* sp;  ///< one past the top stack item
        int64_t gas;  ///< gas left after the current block's static gas was charged (gas units)
    };

    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return ip->op; }
    static TRELLIS_ALWAYS_INLINE Regs enter(State& s) { return {s.sp, s.gas}; }
    static TRELLIS_ALWAYS_INLINE void sync(State& s, const Regs& r) {
        s.sp = r.sp;
        s.gas = r.gas;
    }

    /// The block-entry check of a BEGIN_BLOCK / BEGIN_BLOCK_AT entry: stack height within the block's bounds and
    /// gas for its base cost (evmone-style per-block charging). Charges and returns true, or syncs the registers
    /// into the state and returns false (the caller continues in the baseline loop, which finds the exact error).
    static TRELLIS_ALWAYS_INLINE bool charge_block(State& s, const ScheduleEntry& entry, Regs& r) {
        const BlockCheck b = block_check(entry);
        const auto height = r.sp - s.stack_base;
        if (TRELLIS_UNLIKELY(height < b.stack_min || height > b.stack_max || r.gas < b.gas)) {
            sync(s, r);
            return false;
        }
        r.gas -= b.gas;
        return true;
    }

    /// A jump's arrival at `target`, a BEGIN_BLOCK, BEGIN_BLOCK_AT or BAD_JUMP entry: the target block's check
    /// and charge done here (one dispatch fewer per jump) and ip at its first instruction; if the check fails
    /// (or the target is BAD_JUMP, whose check never passes), ip stops at `target`, whose own handler repeats the
    /// check and takes the exact slow path.
    static TRELLIS_ALWAYS_INLINE void enter_block(State& s, Ip& ip, Ip target, Regs& r) {
        const BlockCheck b = block_check(*target);
        const auto height = r.sp - s.stack_base;
        if (TRELLIS_LIKELY(height >= b.stack_min && height <= b.stack_max && r.gas >= b.gas)) {
            r.gas -= b.gas;
            ip = target + body_offset(*target);
        } else {
            ip = target;
        }
    }

    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip, Regs& r) {
        if constexpr (Op == op_begin_block || Op == op_begin_block_at) {
            // Falling into a block, or a jump whose inline check failed. BEGIN_BLOCK_AT (a jump into a run of
            // JUMPDESTs) charges the run's block from its JUMPDEST on, then goes to the block's first instruction.
            if (TRELLIS_UNLIKELY(!charge_block(s, *ip, r))) return continue_in_baseline(s, ip->pc);
            ip += body_offset(*ip);
            return true;
        } else if constexpr (Op == op_jump_const) {
            enter_block(s, ip, ip + ip->arg, r);
            return true;
        } else if constexpr (Op == op_jumpi_const) {
            // Not taken: the next entry is the BEGIN_BLOCK of the block after the JUMPI.
            const bool taken = static_cast<bool>(r.sp[-1]);
            r.sp -= 1;
            enter_block(s, ip, taken ? ip + ip->arg : ip + 1, r);
            return true;
        } else if constexpr (is_push_fused(Op)) {
            // PUSHn c; OP: OP with a = c (a constant whose high limbs the compiler knows are zero), b = top.
            constexpr unsigned base_op = push_fusable_ops[Op - op_push_fused_base];
            static_assert(is_binary_op(base_op));
            r.sp[-1] = binary_result<base_op>(uint256(static_cast<uint64_t>(ip->arg)), r.sp[-1]);
            ++ip;
            return true;
        } else if constexpr (is_fused_pair(Op)) {
            constexpr FusedPair pair = fused_pairs[fused_pair_index(Op)];
            return execute_pair<pair.first, pair.second>(s, ip, r);
        } else if constexpr (is_memory_const(Op)) {
            // PUSHn c; MLOAD/MSTORE/MSTORE8 with c < 2^24: no offset to push, load and range-check. Outside current
            // memory (and a growth the block's gas covers), the PUSH is done and the general path runs.
            constexpr unsigned mem_op = memory_const_instruction(Op);
            if (TRELLIS_UNLIKELY(!memory_const_in_registers<mem_op>(s, const_offset(*ip), r.sp, r.gas))) {
                *r.sp++ = uint256(static_cast<uint64_t>(const_offset(*ip)));
                return with_full_state<mem_op>(s, ip, r);
            }
            ++ip;
            return true;
        } else if constexpr (Op == op_bad_jump) {
            sync(s, r);
            return halt(s, StatusCode::BadJumpDestination);
        } else if constexpr (Op == op_undefined || !op_table[Op].defined) {
            sync(s, r);
            return halt(s, StatusCode::UndefinedInstruction);
        } else if constexpr (Op >= OP_PUSH1 && Op <= OP_PUSH32) {
            if constexpr (Op - OP_PUSH1 + 1 <= 8) *r.sp = uint256(static_cast<uint64_t>(ip->arg));
            else *r.sp = s.constants[ip->arg];
            ++r.sp;
            ++ip;
            return true;
        } else if constexpr (Op == OP_JUMP || Op == OP_JUMPI) {
            const uint256* const target = pop_jump_operands<Op>(r.sp);
            if (!target) {  // JUMPI not taken: the next entry is the BEGIN_BLOCK after it
                enter_block(s, ip, ip + 1, r);
                return true;
            }
            const uint256& dest = *target;
            if (TRELLIS_UNLIKELY(!dest.fits_u64() || !s.code.is_jumpdest(dest.w[0]))) {
                sync(s, r);
                return halt(s, StatusCode::BadJumpDestination);
            }
            enter_block(s, ip, s.entries + s.schedule->jump_map[dest.w[0]], r);
            return true;
        } else if constexpr (Op == OP_PC) {
            *r.sp++ = uint256(static_cast<uint64_t>(ip->pc));
            ++ip;
            return true;
        } else if constexpr (Op == OP_GAS) {
            *r.sp++ = uint256(static_cast<uint64_t>(r.gas + ip->arg));
            ++ip;
            return true;
        } else if constexpr (Op == OP_MLOAD || Op == OP_MSTORE || Op == OP_MSTORE8) {
            // Within current memory (or a growth the block's gas covers): nothing but the stack pointer and gas
            // change. Otherwise the general path (expansion charged with the baseline's gas counter).
            if (TRELLIS_UNLIKELY(!memory_op_in_registers<Op>(s, r.sp, r.gas))) return with_full_state<Op>(s, ip, r);
            ++ip;
            return true;
        } else if constexpr (is_stack_only(Op)) {
            run_stack_only<Op>(s, ip, r);
            ++ip;
            return true;
        } else if constexpr (is_static_only(Op)) {
            sync(s, r);
            const uint8_t* cip = s.code.code + ip->pc;
            if (!instruction<Op>(s, cip)) return false;
            r = enter(s);
            ++ip;
            return true;
        } else {
            return with_full_state<Op>(s, ip, r);
        }
    }

    /// MLOAD, MSTORE or MSTORE8 at the constant `offset` (< 2^24) on the register-held stack top and gas, within
    /// current memory or a growth grow_within_capacity() allows; false (nothing changed) otherwise.
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool memory_const_in_registers(State& s, uint64_t offset, uint256*& sp,
                                                                int64_t& gas) {
        constexpr uint64_t size = Op == OP_MSTORE8 ? 1 : 32;
        if (TRELLIS_UNLIKELY(offset + size > s.memory.size) && !grow_within_capacity(s, gas, offset + size))
            return false;
        uint8_t* const p = s.memory.data + offset;
        if constexpr (Op == OP_MLOAD) {
            *sp = load_be(p);
            ++sp;
        } else {
            if constexpr (Op == OP_MSTORE) store_be(p, sp[-1]);
            else *p = static_cast<uint8_t>(sp[-1].w[0]);
            --sp;
        }
        return true;
    }

    /// A stack-only instruction on the register-held stack top (does not advance ip).
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE void run_stack_only(State& s, Ip ip, Regs& r) {
        static_assert(is_stack_only(Op));
        StackView v{r.sp};
        const uint8_t* cip = s.code.code + ip->pc;  // unused by these instructions; optimised away
        instruction<Op>(v, cip);
        r.sp = v.sp;
    }

    /// True for the entries that carry a constant: PUSH1..PUSH8 and PUSHn+OP.
    static constexpr bool is_constant_entry(unsigned op) {
        return (op >= OP_PUSH1 && op <= OP_PUSH1 + 7) || is_push_fused(op);
    }

    /// A constant entry (is_constant_entry) with its constant `c` (does not advance ip).
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE void run_constant(Regs& r, uint64_t c) {
        if constexpr (is_push_fused(Op)) {
            constexpr unsigned base_op = push_fusable_ops[Op - op_push_fused_base];
            r.sp[-1] = binary_result<base_op>(uint256(c), r.sp[-1]);
        } else {
            static_assert(Op >= OP_PUSH1 && Op <= OP_PUSH1 + 7);
            *r.sp = uint256(c);
            ++r.sp;
        }
    }

    /// A fused pair (fused_pairs, schedule.hpp, which says where the entry keeps each part's data).
    template <unsigned First, unsigned Second>
    static TRELLIS_ALWAYS_INLINE bool execute_pair(State& s, Ip& ip, Regs& r) {
        if constexpr (is_constant_entry(First)) {
            static_assert(is_constant_entry(Second) || is_stack_only(Second), "not a fusable pair");
            run_constant<First>(r, static_cast<uint64_t>(ip->arg));
            if constexpr (is_constant_entry(Second)) run_constant<Second>(r, ip->pc);
            else run_stack_only<Second>(s, ip, r);
            ++ip;
            return true;
        } else if constexpr (First == OP_MLOAD || First == OP_MSTORE || First == OP_MSTORE8) {
            static_assert(is_stack_only(Second), "not a fusable pair");
            if (TRELLIS_UNLIKELY(!memory_op_in_registers<First>(s, r.sp, r.gas)) && !full_state_step<First>(s, ip, r))
                return false;
            run_stack_only<Second>(s, ip, r);
            ++ip;
            return true;
        } else {
            static_assert(is_data_free(First) && Second != op_begin_block && Second != op_begin_block_at &&
                              Second != op_bad_jump && Second != op_undefined,
                          "not a fusable pair");
            run_data_free<First>(s, ip, r);
            return execute<Second>(s, ip, r);
        }
    }

    /// Stack-only instructions, and fused pairs of them: they use no data of their entry.
    static constexpr bool is_data_free(unsigned op) {
        if (is_fused_pair(op)) {
            const FusedPair pair = fused_pairs[fused_pair_index(op)];
            return is_data_free(pair.first) && is_data_free(pair.second);
        }
        return is_stack_only(op);
    }

    /// A data-free entry (is_data_free) on the register-held stack top (does not advance ip).
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE void run_data_free(State& s, Ip ip, Regs& r) {
        if constexpr (is_fused_pair(Op)) {
            constexpr FusedPair pair = fused_pairs[fused_pair_index(Op)];
            run_data_free<pair.first>(s, ip, r);
            run_data_free<pair.second>(s, ip, r);
        } else {
            run_stack_only<Op>(s, ip, r);
        }
    }

    /// Dynamic gas, gas-reading or calling instruction: runs it on ScheduleState with the baseline's gas counter
    /// (the correction added back around it); continues in the baseline loop if the rest of the block's static
    /// gas is no longer there. Does not advance ip; false: the loop ends.
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool full_state_step(State& s, Ip ip, Regs& r) {
        const int64_t correction = ip->arg;
        s.sp = r.sp;
        s.gas = r.gas + correction;
        const uint8_t* cip = s.code.code + ip->pc;
        if (!instruction<Op>(s, cip)) return false;
        r.sp = s.sp;
        r.gas = s.gas - correction;
        if (TRELLIS_UNLIKELY(r.gas < 0)) return continue_in_baseline(s, ip->pc + 1u);
        return true;
    }

    /// full_state_step(), then the next entry.
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool with_full_state(State& s, Ip& ip, Regs& r) {
        if (!full_state_step<Op>(s, ip, r)) return false;
        ++ip;
        return true;
    }
};

}  // namespace

namespace {

/// Moves the frame `state` into a ScheduleState, runs `schedule` from entry `start`, and moves the frame back
/// (members are pointers and counters; Memory and return data move by swap, so a frame resumed after a tier-up
/// keeps its memory).
void run_from(dispatch::Strategy strategy, ExecState& state, const Schedule& schedule, uint32_t start) {
    ScheduleState s;
    static_cast<ExecState&>(s).sp = state.sp;
    s.stack_base = state.stack_base;
    s.gas = state.gas;
    s.refund = state.refund;
    s.costs = state.costs;
    s.rev = state.rev;
    s.status = state.status;
    s.host = state.host;
    s.msg = state.msg;
    s.code = state.code;
    s.trace = state.trace;
    s.output_offset = state.output_offset;
    s.output_size = state.output_size;
    if (state.tx_loaded) {
        s.tx = state.tx;
        s.tx_loaded = true;
    }
    s.schedule = &schedule;
    s.entries = schedule.entries.data();
    s.constants = schedule.constants.data();
    s.strategy = strategy;
    auto swap_frame_data = [&] {
        std::swap(state.memory.data, s.memory.data);
        std::swap(state.memory.size, s.memory.size);
        std::swap(state.memory.capacity, s.memory.capacity);
        std::swap(state.memory.dirty, s.memory.dirty);
        state.return_data.swap(s.return_data);
    };
    swap_frame_data();
    dispatch::run<ScheduleDef>(strategy, s, schedule.entries.data() + start);
    state.sp = s.sp;
    state.gas = s.gas;
    state.refund = s.refund;
    state.status = s.status;
    swap_frame_data();
    state.output_offset = s.output_offset;
    state.output_size = s.output_size;
}

}  // namespace

void run_schedule(dispatch::Strategy strategy, ExecState& state, const Schedule& schedule) {
    run_from(strategy, state, schedule, 0);
}

void resume_in_schedule(dispatch::Strategy strategy, ExecState& state, const Schedule& schedule, uint64_t pc) {
    run_from(strategy, state, schedule, schedule.jump_map[pc]);
}

}  // namespace trellis::evm
