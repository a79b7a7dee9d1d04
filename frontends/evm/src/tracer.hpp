/// @file tracer.hpp
/// EIP-3155 execution traces: one JSON object per line, written before each instruction executes, with
/// pc, op, gas (hex), gasCost (hex, the instruction's static gas), memSize (bytes), stack (hex quantities, bottom
/// first), depth (1-based), refund (this frame's refund counter) and opName.
#pragma once
#include <cstdint>

#include "instructions_state.hpp"

namespace trellis::evm {

/// Writes the EIP-3155 line for the instruction at `ip` to s.trace. Cold: only the traced loop calls it.
TRELLIS_COLD void trace_instruction(const ExecState& s, const uint8_t* ip) noexcept;

}  // namespace trellis::evm
