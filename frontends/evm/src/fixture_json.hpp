/// @file fixture_json.hpp
/// Helpers shared by the state-test and VMTest loaders: reading a JSON file with a clear error, and converting
/// the fixtures' 0x-hex quantities, addresses, byte strings and account maps (shared/testdata/evm/README.md).
#pragma once
#include <nlohmann/json.hpp>

#include <string>

#include "trellis/evm/state.hpp"
#include "trellis/evm/transaction.hpp"

namespace trellis::evm::fixture {

using json = nlohmann::json;

/// Parses the JSON file at `path`; throws core::Error "PATH: cannot open" / "PATH: invalid JSON: ...".
json read_json_file(const std::string& path);

/// A hex quantity ("0x1f", "0x", decimal also accepted). Throws core::Error if it does not fit 256 bits.
uint256 quantity(const json& j);
/// A hex quantity that must fit 64 bits. Throws core::Error otherwise.
uint64_t quantity_u64(const json& j);
/// A 20-byte address (shorter hex is left-padded). Throws core::Error on bad hex or more than 20 bytes.
Address address(const json& j);
/// A 32-byte value (shorter hex is left-padded).
Bytes32 bytes32(const json& j);
/// A byte string ("0x..."). A leading ":raw " prefix, used by some old fillers, is skipped.
core::Bytes bytes(const json& j);
/// An EIP-2930 access list [{address, storageKeys}] (null: empty).
std::vector<AccessListEntry> access_list(const json& j);
/// An EIP-7702 authorization list [{chainId, address, nonce, yParity (or v), r, s}], each signer recovered.
std::vector<Authorization> authorization_list(const json& j);
/// The block of a state test's (or t8n's) `env`: currentCoinbase, currentNumber, currentTimestamp, currentGasLimit
/// (clamped to INT64_MAX), optional currentDifficulty, currentRandom, currentBaseFee, currentExcessBlobGas.
BlockInfo block_info(const json& j);
/// Loads an account map {address: {balance, nonce, code, storage}} into `state` (not journaled).
void load_accounts(const json& j, State& state);

}  // namespace trellis::evm::fixture
