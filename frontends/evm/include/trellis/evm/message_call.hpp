/// @file message_call.hpp
/// One message call outside any transaction: the code an account holds, run as the outermost frame (depth 0) for
/// an externally owned caller, on a StateHost (state_host.hpp) over a caller-built State. This is what
/// `trellis-evm run`, the REPL and the differential tests execute; a transaction proper (intrinsic gas, nonce,
/// value, fees, refunds, finalisation) is apply_transaction in transaction.hpp.
#pragma once
#include <cstdint>
#include <span>

#include "trellis/evm/host.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/state.hpp"

namespace trellis::evm {

/// Who calls whom, with what, in run_message_call.
struct MessageCall {
    Address sender;                    ///< CALLER, and ORIGIN of the context
    Address recipient;                 ///< ADDRESS: the account whose code runs (it must exist in the state)
    std::span<const uint8_t> input;    ///< call data (CALLDATA*); must outlive the call
    int64_t gas = 0;                   ///< gas given to the frame, also the block's gas limit (GASLIMIT)
    int64_t block_number = 0;          ///< NUMBER (BLOCKHASH answers test_block_hash for the 256 below it)
};

/// Runs the code `call.recipient` holds in `state` as a CALL from `call.sender` at depth 0 with no value, under
/// `rev` and `options` (dispatch strategy, interpreter, EIP-3155 trace stream), with chain id 1 and every other
/// TxContext field zero. From Berlin on, sender and recipient are warm from the start, as a transaction's origin and
/// target are (EIP-2929). Returns the frame's Result: status, gas left (gas), refund, output. What the code
/// changed in `state` (storage, nonces, created accounts, logs, warm sets) stays there whatever the status: no
/// snapshot is reverted and the transaction is not finalised, so the caller decides (State::revert,
/// State::finalize_transaction). Throws core::Error if the recipient does not exist.
Result run_message_call(State& state, Revision rev, const MessageCall& call, const ExecOptions& options = {});

}  // namespace trellis::evm
