/// @file t8n.hpp
/// The state transition tool behind `trellis-evm t8n`, with the interface of geth's `evm t8n` (and evmone-t8n):
/// a pre-state alloc, a block env and a list of transactions in; the post-state alloc, the result (stateRoot,
/// txRoot, receiptsRoot, logsHash, logsBloom, receipts, rejected transactions with reasons, gasUsed and the
/// fork's header values) and the transactions' RLP body out. JSON shapes: geth's cmd/evm t8n documentation;
/// execution rules: Yellow Paper sections 6 and 11 and the EIPs listed in block.hpp and transaction.hpp.
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/types.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm {

/// Options of one transition (`--state.fork`, `--state.reward`, `--state.chainid`, dispatch/interpreter).
struct T8nOptions {
    Revision rev = Revision::Osaka;
    std::optional<uint256> reward;  ///< block reward in wei; nullopt (`--state.reward -1`): no reward at all
    uint256 chain_id = 1;
    ExecOptions exec;
};

/// What a transition produces.
struct T8nOutput {
    nlohmann::json result;  ///< result.json
    nlohmann::json alloc;   ///< alloc.json: address -> {balance, nonce, code, storage}
    std::string body;       ///< 0x-hex RLP list of the transactions (legacy as lists, typed as byte strings)
};

/// Runs the transactions of `txs` on `alloc` in the block `env` (geth t8n's env.json: currentCoinbase,
/// currentGasLimit, currentNumber, currentTimestamp, currentDifficulty, currentRandom, currentBaseFee or
/// parentBaseFee/parentGasUsed/parentGasLimit, currentExcessBlobGas or parentExcessBlobGas/parentBlobGasUsed,
/// parentBeaconBlockRoot, blockHashes, ommers, withdrawals). `txs` is a JSON array of transactions (signed with
/// v, r, s, or with `secretKey` to be signed here) or a string holding the 0x-hex RLP list of signed envelopes.
/// Invalid transactions are rejected (result.rejected: index and geth's error text), not fatal.
/// Throws core::Error for malformed input (bad JSON shapes, undecodable RLP, env values the fork needs missing).
T8nOutput run_t8n(const nlohmann::json& alloc, const nlohmann::json& env, const nlohmann::json& txs,
                  const T8nOptions& options);

/// The EIP-55 mixed-case checksum spelling of an address ("0x5aAeb6...").
std::string checksum_address(const Address& addr);

}  // namespace trellis::evm
