/// @file instructions_loop.hpp
/// The interpreter's definition for dispatch/loops.hpp: the per-instruction prologue shared by every opcode
/// (EIP-3155 trace when `Trace`, undefined-in-revision check, stack underflow/overflow check against the opcode's
/// inputs/outputs from opcodes.hpp, static gas from the revision's table) followed by instruction<Op>().
/// Tracing is a template parameter, so the untraced loop contains no trace code at all; interpreter.cpp and
/// interpreter_trace.cpp instantiate the two variants.
#pragma once
#include "instructions.hpp"
#include "tracer.hpp"
#include "trellis/dispatch/loops.hpp"

namespace trellis::evm {

/// Definition type for dispatch::run (see dispatch/loops.hpp).
template <bool Trace>
struct InterpreterDef {
    using State = ExecState;
    using Ip = const uint8_t*;

    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return *ip; }

    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip) {
        if constexpr (Trace) trace_instruction(s, ip);
        constexpr OpInfo info = op_table[Op];
        if constexpr (!info.defined) {
            return halt(s, StatusCode::UndefinedInstruction);
        } else {
            const int64_t cost = s.costs[Op];
            if (TRELLIS_UNLIKELY(cost < 0)) return halt(s, StatusCode::UndefinedInstruction);
            // Pointer comparisons against the stack base (no division by the item size on the hot path).
            if constexpr (info.inputs > 0)
                if (TRELLIS_UNLIKELY(s.sp < s.stack_base + info.inputs)) return halt(s, StatusCode::StackUnderflow);
            if constexpr (info.outputs > info.inputs)
                if (TRELLIS_UNLIKELY(s.sp > s.stack_base + (stack_limit - (info.outputs - info.inputs))))
                    return halt(s, StatusCode::StackOverflow);
            if (TRELLIS_UNLIKELY((s.gas -= cost) < 0)) return halt(s, StatusCode::OutOfGas);
            return instruction<Op>(s, ip);
        }
    }
};

/// Runs the loop for `s` from the start of its code with `strategy`; tracing per `Trace`.
template <bool Trace>
void run_interpreter(dispatch::Strategy strategy, ExecState& s);

}  // namespace trellis::evm
