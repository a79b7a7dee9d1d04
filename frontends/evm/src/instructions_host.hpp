/// @file instructions_host.hpp
/// Instructions that touch the host, hash, copy or call: compiled once, out of line (interpreter_ops.cpp,
/// interpreter_calls.cpp), and called from the inline handlers of instructions.hpp. Each takes its operands
/// from the stack of `s` (already checked for height and charged the revision's static gas), charges the dynamic
/// gas, and returns false after halt() to leave the loop. Gas rules cite their EIP beside the code.
#pragma once
#include "instructions_state.hpp"

namespace trellis::evm::ops {

bool keccak256(ExecState& s) noexcept;         ///< KECCAK256: 30 + 6/word + memory
bool balance(ExecState& s) noexcept;           ///< BALANCE (EIP-2929 cold +2500 from Berlin)
bool selfbalance(ExecState& s) noexcept;       ///< SELFBALANCE (EIP-1884)
bool extcodesize(ExecState& s) noexcept;       ///< EXTCODESIZE (EIP-2929)
bool extcodehash(ExecState& s) noexcept;       ///< EXTCODEHASH (EIP-1052, EIP-2929)
bool extcodecopy(ExecState& s) noexcept;       ///< EXTCODECOPY: 3/word + memory (EIP-2929)
bool calldatacopy(ExecState& s) noexcept;      ///< CALLDATACOPY: 3/word + memory
bool codecopy(ExecState& s) noexcept;          ///< CODECOPY: 3/word + memory
bool returndatacopy(ExecState& s) noexcept;    ///< RETURNDATACOPY: out of bounds is InvalidMemoryAccess (EIP-211)
bool mcopy(ExecState& s) noexcept;             ///< MCOPY (EIP-5656): 3/word + memory of both ranges
bool blockhash(ExecState& s) noexcept;         ///< BLOCKHASH: last 256 blocks, else 0
bool sload(ExecState& s) noexcept;             ///< SLOAD (EIP-2929 cold +2000)
bool sstore(ExecState& s) noexcept;            ///< SSTORE (Yellow Paper / EIP-1283 / 2200 / 2929 / 3529)
bool tload(ExecState& s) noexcept;             ///< TLOAD (EIP-1153)
bool tstore(ExecState& s) noexcept;            ///< TSTORE (EIP-1153), static violation in STATICCALL
bool log(ExecState& s, unsigned num_topics) noexcept;  ///< LOG0..LOG4: 8/byte + memory; static violation
bool call(ExecState& s, uint8_t op) noexcept;  ///< CALL, CALLCODE, DELEGATECALL, STATICCALL
bool create(ExecState& s, uint8_t op) noexcept;  ///< CREATE, CREATE2
bool selfdestruct(ExecState& s) noexcept;      ///< SELFDESTRUCT; ends the frame with Success

}  // namespace trellis::evm::ops
