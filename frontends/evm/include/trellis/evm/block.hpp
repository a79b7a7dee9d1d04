/// @file block.hpp
/// What a block adds around its transactions (used by `trellis-evm t8n`): receipts and their logs bloom (Yellow
/// Paper section 4.3.1, EIP-658 status, EIP-2718 typed receipts), ordered tries for txRoot / receiptsRoot /
/// withdrawalsRoot, the system calls of EIP-4788 (beacon roots), EIP-2935 (block hash history), EIP-7002
/// (withdrawal requests) and EIP-7251 (consolidation requests), EIP-6110 deposit requests from logs, the EIP-7685
/// requests hash, EIP-4895 withdrawals, the pre-merge block reward, and the header values a block derives from its
/// parent (EIP-1559 base fee, EIP-4844/7918 excess blob gas).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "trellis/core/hex.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/state.hpp"
#include "trellis/evm/transaction.hpp"

namespace trellis::evm {

/// Builds an address from its 0x-less 40-digit hex text at compile time (for the fixed system addresses).
constexpr Address address_literal(const char (&hex)[41]) {
    Address a;
    for (size_t i = 0; i < 20; ++i)
        a.bytes[i] = static_cast<uint8_t>(core::hex_digit(hex[2 * i]) * 16 + core::hex_digit(hex[2 * i + 1]));
    return a;
}

/// The caller of every system call: 0xff..fe (EIP-4788).
inline constexpr Address system_address = address_literal("fffffffffffffffffffffffffffffffffffffffe");
/// EIP-4788 BEACON_ROOTS_ADDRESS.
inline constexpr Address beacon_roots_address = address_literal("000f3df6d732807ef1319fb7b8bb8522d0beac02");
/// EIP-2935 HISTORY_STORAGE_ADDRESS.
inline constexpr Address history_storage_address = address_literal("0000f90827f1c53a10cb7a02335b175320002935");
/// EIP-7002 WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS.
inline constexpr Address withdrawal_request_address = address_literal("00000961ef480eb55e80d19ad83579a64c007002");
/// EIP-7251 CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS.
inline constexpr Address consolidation_request_address = address_literal("0000bbddc7ce488642fb579f8b00f3a590007251");
/// The mainnet deposit contract (EIP-6110 DEPOSIT_CONTRACT_ADDRESS).
inline constexpr Address deposit_contract_address = address_literal("00000000219ab540356cbb839cbe05303d7705fa");

/// A 2048-bit logs bloom (Yellow Paper section 4.3.1): 256 bytes, big-endian bit order.
using Bloom = std::array<uint8_t, 256>;
/// Adds a log to `bloom`: its address and each topic set three bits each (from keccak256 of the item, bytes
/// (0,1), (2,3), (4,5) taken mod 2048).
void bloom_add(Bloom& bloom, const Log& log) noexcept;
/// The bloom of a list of logs.
Bloom logs_bloom(const std::vector<Log>& logs) noexcept;

/// A transaction receipt (Yellow Paper section 4.3.1; EIP-658 status from Byzantium, the post-transaction state
/// root before it; EIP-2718 type prefix for typed transactions).
struct Receipt {
    uint8_t type = 0;
    bool success = true;
    std::optional<Bytes32> post_state;  ///< before Byzantium: the state root after the transaction
    int64_t cumulative_gas_used = 0;    ///< gas, block total up to and including this transaction
    int64_t gas_used = 0;               ///< gas of this transaction
    Bloom bloom{};
    std::vector<Log> logs;
};
/// RLP([status or root, cumulativeGasUsed, bloom, logs]), prefixed by the type byte for typed transactions.
core::Bytes encode_receipt(const Receipt& receipt);

/// Root of the trie mapping RLP(index) -> values[index] (transactions, receipts, withdrawals: Yellow Paper
/// section 4.3, EIP-4895).
Bytes32 ordered_trie_root(const std::vector<core::Bytes>& values);

/// An EIP-4895 withdrawal: `amount` in Gwei.
struct Withdrawal {
    uint64_t index = 0;
    uint64_t validator_index = 0;
    Address address;
    uint64_t amount = 0;
};
/// RLP([index, validatorIndex, address, amount]).
core::Bytes encode_withdrawal(const Withdrawal& w);
/// Credits every withdrawal (amount * 10^9 wei) and finalises as a transaction end does (an empty recipient is
/// deleted from Spurious Dragon on, as a touched empty account).
void apply_withdrawals(State& state, const std::vector<Withdrawal>& withdrawals, Revision rev);

/// An uncle of the block for the reward: its address and the distance to the block (1..6).
struct Ommer {
    Address address;
    uint64_t delta = 0;
};
/// The pre-merge block reward (Yellow Paper section 11.3): the coinbase gets `reward` plus reward/32 per ommer,
/// each ommer's address (8 - delta) * reward / 8. Finalised as a transaction end (EIP-161 deletes an empty
/// coinbase that a zero reward touched).
void apply_block_reward(State& state, const Address& coinbase, const uint256& reward, const std::vector<Ommer>& ommers,
                        Revision rev);

/// Runs a system call: a CALL from system_address to `to` with `input`, 30,000,000 gas that no one pays, no value,
/// in `block`'s context (EIP-4788, EIP-2935, EIP-7002, EIP-7251), then finalises the state. Returns the call's
/// output, or nullopt when `to` has no code (nothing runs). Logs it emits are dropped. Throws core::Error if the
/// call fails.
std::optional<core::Bytes> system_call(State& state, const BlockInfo& block, Revision rev, const Address& to,
                                       core::BytesView input, const ExecOptions& options);

/// EIP-6110: the deposit requests data of a block's logs (every DepositEvent of the deposit contract, in order:
/// pubkey 48 | withdrawal credentials 32 | amount 8 | signature 96 | index 8 bytes). Throws core::Error for a
/// DepositEvent whose ABI layout is not the contract's (576 bytes, the fixed offsets and sizes).
core::Bytes deposit_requests(const std::vector<Log>& logs);

/// EIP-7685: sha256(sha256(r_0) || sha256(r_1) || ...) over the requests (type byte || data) with non-empty data.
Bytes32 requests_hash(const std::vector<core::Bytes>& requests);

/// EIP-1559 base fee of a block from its parent's base fee, gas used and gas limit (elasticity 2,
/// denominator 8).
uint256 next_base_fee(const uint256& parent_base_fee, uint64_t parent_gas_used, uint64_t parent_gas_limit);

/// EIP-4844 excess blob gas of a block from its parent (target and fraction from `block`/`rev`'s blob schedule),
/// with EIP-7918's reserve price from Osaka (`parent_base_fee` is used only then).
uint64_t next_excess_blob_gas(uint64_t parent_excess, uint64_t parent_blob_gas_used, const uint256& parent_base_fee,
                              const BlockInfo& block, Revision rev);

/// The EIP-4844 blob gas of one blob (GAS_PER_BLOB).
inline constexpr uint64_t blob_gas_per_blob = 131072;

}  // namespace trellis::evm
