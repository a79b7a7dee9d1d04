/// @file evm.hpp
/// The EVM's extension of the embedding API: message calls against a host's state given as the EVMC-shaped C
/// callbacks of trellis.h (trellis_evm_host), or against the instance's built-in in-memory state. Obtained with
/// `static_cast<EvmApi*>(instance.extension("evm"))` (nullptr on other languages). Words are 32-byte big-endian;
/// statuses number as trellis::evm::StatusCode. The C functions trellis_evm_* wrap it one to one.
#pragma once
#include <cstdint>
#include <string_view>

#include "trellis/embed.hpp"
#include "trellis/trellis.h"

namespace trellis::embed {

class EvmApi {
public:
    virtual ~EvmApi() = default;
    /// Runs `code` (code_size bytes) for `message` against `host` (callbacks, `context` passed to each) under the
    /// Cancun rules, gas capped by Limits::gas. Fills `out` (its output malloc'ed: trellis_evm_result_release).
    /// Returns the output as a string, or the error: revert (value = revert data), out_of_gas, step_limit,
    /// runtime (other exceptional halts, message = the status name).
    virtual Result execute(const trellis_evm_host& host, void* context, const trellis_evm_message& message,
                           const uint8_t* code, size_t code_size, trellis_evm_result& out) = 0;
    /// Runs the code of message.recipient in the built-in state as a top-level CALL; keeps the state changes on
    /// success, reverts them otherwise. ErrorKind::usage if the recipient has no account.
    virtual Result message_call(const trellis_evm_message& message, trellis_evm_result& out) = 0;
    /// Creates or replaces an account of the built-in state (storage cleared).
    virtual Result set_account(const trellis_evm_address& address, uint64_t nonce, const trellis_evm_word& balance,
                               std::string_view code) = 0;
    /// A storage word of the built-in state (zero when unset).
    virtual trellis_evm_word storage(const trellis_evm_address& address, const trellis_evm_word& key) = 0;
};

}  // namespace trellis::embed
