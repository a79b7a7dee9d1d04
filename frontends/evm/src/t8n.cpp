/// @file t8n.cpp
/// The state transition tool (t8n.hpp): geth `evm t8n` JSON in and out around apply_transaction (transaction.hpp)
/// and the block-level steps of block.hpp. Rejection texts follow geth's core/error.go wording.
#include "trellis/evm/t8n.hpp"

#include <fmt/format.h>

#include <map>

#include "fixture_json.hpp"
#include "trellis/core/error.hpp"
#include "trellis/evm/block.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/rlp.hpp"
#include "trellis/evm/state_host.hpp"
#include "trellis/evm/tx_codec.hpp"

namespace trellis::evm {

using fixture::json;

namespace {

std::string qty(uint64_t v) { return fmt::format("0x{:x}", v); }
std::string hex(core::BytesView b) { return core::to_hex_0x(b); }
std::string hex(const Bytes32& h) { return core::to_hex_0x(h.bytes); }
std::string hex(const Address& a) { return core::to_hex_0x(a.bytes); }

bool has(const json& j, const char* key) { return j.contains(key) && !j.at(key).is_null(); }

/// One entry of the transaction list: the signed transaction, or why it could not be signed/recovered.
struct InputTx {
    SignedTransaction stx;
    std::string error;  ///< non-empty: rejected before execution
};

/// A transaction in geth's JSON form (types 0-4; `input` or `data`; `secretKey` to sign it here).
InputTx tx_from_json(const json& j, const T8nOptions& options) {
    InputTx in;
    SignedTransaction& stx = in.stx;
    Transaction& t = stx.tx;
    if (has(j, "type")) {
        t.type = static_cast<uint8_t>(fixture::quantity_u64(j.at("type")));
    } else {
        t.type = has(j, "authorizationList")     ? 4
                 : has(j, "blobVersionedHashes") ? 3
                 : has(j, "maxFeePerGas")        ? 2
                 : has(j, "accessList")          ? 1
                                                 : 0;
    }
    if (t.type > 4) throw core::Error(fmt::format("transaction type {} not supported", t.type));
    t.nonce = fixture::quantity_u64(j.at("nonce"));
    const uint64_t gas = fixture::quantity_u64(j.at(has(j, "gas") ? "gas" : "gasLimit"));
    if (gas > uint64_t(INT64_MAX)) throw core::Error("gas limit above 2^63 - 1");
    t.gas_limit = static_cast<int64_t>(gas);
    if (has(j, "to") && !j.at("to").get<std::string>().empty()) t.to = fixture::address(j.at("to"));
    t.value = has(j, "value") ? fixture::quantity(j.at("value")) : uint256{};
    t.data = fixture::bytes(j.at(has(j, "input") ? "input" : "data"));
    if (has(j, "gasPrice")) t.gas_price = fixture::quantity(j.at("gasPrice"));
    if (has(j, "maxFeePerGas")) t.max_fee_per_gas = fixture::quantity(j.at("maxFeePerGas"));
    if (has(j, "maxPriorityFeePerGas")) t.max_priority_fee_per_gas = fixture::quantity(j.at("maxPriorityFeePerGas"));
    if (has(j, "maxFeePerBlobGas")) t.max_fee_per_blob_gas = fixture::quantity(j.at("maxFeePerBlobGas"));
    if (has(j, "blobVersionedHashes"))
        for (const json& h : j.at("blobVersionedHashes")) t.blob_hashes.push_back(fixture::bytes32(h));
    if (has(j, "accessList")) t.access_list = fixture::access_list(j.at("accessList"));
    if (has(j, "authorizationList")) t.authorizations = fixture::authorization_list(j.at("authorizationList"));
    const bool protect = !j.contains("protected") || j.at("protected").get<bool>();
    if (t.type != 0 || (protect && has(j, "secretKey")))
        stx.chain_id = has(j, "chainId") ? fixture::quantity(j.at("chainId")) : options.chain_id;
    if (has(j, "secretKey")) {
        sign_transaction(stx, fixture::bytes32(j.at("secretKey")));
        return in;
    }
    stx.v = fixture::quantity(j.at(t.type != 0 && has(j, "yParity") ? "yParity" : "v"));
    stx.r = fixture::quantity(j.at("r"));
    stx.s = fixture::quantity(j.at("s"));
    if (t.type == 0) stx.chain_id = stx.v >= uint256(35) ? std::optional((stx.v - uint256(35)) >> 1) : std::nullopt;
    return in;
}

/// Recovers the sender and checks the chain id (geth's signer rules); sets in.error on failure.
void recover(InputTx& in, const T8nOptions& options) {
    SignedTransaction& stx = in.stx;
    if (stx.chain_id && (stx.tx.type != 0 || stx.v >= uint256(35))) {
        if (stx.tx.type == 0 && options.rev < Revision::SpuriousDragon) {
            in.error = "invalid chain id for signer: replay-protected transaction before EIP-155";
            return;
        }
        if (*stx.chain_id != options.chain_id) {
            in.error = fmt::format("invalid chain id for signer: have {} want {}", to_decimal(*stx.chain_id),
                                   to_decimal(options.chain_id));
            return;
        }
    }
    if (stx.tx.sender != Address{} && stx.r) return;  // signed here: the sender is known
    const auto sender = recover_sender(stx, options.rev >= Revision::Homestead);
    if (!sender) {
        in.error = "invalid transaction v, r, s values";
        return;
    }
    stx.tx.sender = *sender;
}

std::vector<InputTx> read_txs(const json& txs, const T8nOptions& options) {
    std::vector<InputTx> out;
    if (txs.is_string()) {
        const core::Bytes raw = core::from_hex(txs.get<std::string>());
        const rlp::Item list = rlp::decode(raw);
        if (!list.is_list) throw core::Error("txs RLP: expected a list of transactions");
        for (const rlp::Item& item : list.children) {
            InputTx in;
            in.stx = decode_transaction(item.is_list ? item.raw : item.payload);
            out.push_back(std::move(in));
        }
    } else if (txs.is_array()) {
        for (const json& j : txs) out.push_back(tx_from_json(j, options));
    } else if (!txs.is_null()) {
        throw core::Error("txs: expected an array of transactions or an RLP hex string");
    }
    for (InputTx& in : out) recover(in, options);
    return out;
}

/// geth's text for a rejection by apply_transaction's checks.
std::string rejection_text(TxError e, const State& state, const BlockInfo& block, const Transaction& tx,
                           Revision rev, const uint256& blob_fee) {
    const std::string from = checksum_address(tx.sender);
    const Account* acc = state.find(tx.sender);
    const uint64_t nonce = acc ? acc->nonce : 0;
    switch (e) {
    case TxError::NonceMismatch:
        return fmt::format("nonce too {}: address {}, tx: {} state: {}", tx.nonce < nonce ? "low" : "high", from,
                           tx.nonce, nonce);
    case TxError::NonceIsMax: return fmt::format("nonce has max value: address {}, nonce: {}", from, nonce);
    case TxError::SenderNotEoa:
        return fmt::format("sender not an eoa: address {}, len(code): {}", from, acc ? acc->code.size() : 0);
    case TxError::IntrinsicGasTooLow: {
        const int64_t intrinsic = intrinsic_gas(tx, rev);
        const int64_t floor = rev >= Revision::Prague ? floor_data_gas(tx) : 0;
        if (tx.gas_limit >= intrinsic)
            return fmt::format("insufficient gas for floor data gas cost: have {}, want {}", tx.gas_limit, floor);
        return fmt::format("intrinsic gas too low: have {}, want {}", tx.gas_limit, intrinsic);
    }
    case TxError::InsufficientAccountFunds:
    case TxError::GasPriceProductOverflow: {
        const uint256 price = tx.type >= 2 ? tx.max_fee_per_gas : tx.gas_price;
        const uint256 want = uint256(static_cast<uint64_t>(tx.gas_limit)) * price + tx.value +
                             uint256(blob_gas_per_blob * tx.blob_hashes.size()) * tx.max_fee_per_blob_gas;
        return fmt::format("insufficient funds for gas * price + value: address {} have {} want {}", from,
                           to_decimal(acc ? acc->balance : uint256{}), to_decimal(want));
    }
    case TxError::InsufficientMaxFeePerGas:
        return fmt::format("max fee per gas less than block base fee: address {}, maxFeePerGas: {}, baseFee: {}", from,
                           to_decimal(tx.type >= 2 ? tx.max_fee_per_gas : tx.gas_price), to_decimal(block.base_fee));
    case TxError::PriorityGreaterThanMaxFee:
        return fmt::format(
            "max priority fee per gas higher than max fee per gas: address {}, maxPriorityFeePerGas: {}, maxFeePerGas: {}",
            from, to_decimal(tx.max_priority_fee_per_gas), to_decimal(tx.max_fee_per_gas));
    case TxError::GasAllowanceExceeded: return "gas limit reached";
    case TxError::GasLimitExceedsMaximum:
        return fmt::format("transaction gas limit too high (cap: {}, tx: {})", 1 << 24, tx.gas_limit);
    case TxError::InitcodeSizeExceeded:
        return fmt::format("max initcode size exceeded: code size {} limit {}", tx.data.size(), 49152);
    case TxError::TypeNotSupported: return "transaction type not supported";
    case TxError::Type3ContractCreation: return "blob transaction of type create";
    case TxError::Type3ZeroBlobs: return "blob transaction missing blob hashes";
    case TxError::InvalidBlobVersionedHash: return "blob with invalid hash version";
    case TxError::TooManyBlobs: return fmt::format("blob transaction has too many blobs: {}", tx.blob_hashes.size());
    case TxError::InsufficientMaxFeePerBlobGas:
        return fmt::format("max fee per blob gas less than block blob gas fee: address {} blobGasFeeCap: {}, blobBaseFee: {}",
                           from, to_decimal(tx.max_fee_per_blob_gas), to_decimal(blob_fee));
    case TxError::Type4ContractCreation: return "set code transaction of type create";
    case TxError::Type4EmptyAuthorizationList: return "EIP-7702 transaction with empty auth list";
    case TxError::RlpInvalidValue: return "rlp: invalid value";
    case TxError::None: break;
    }
    return tx_error_name(e);
}

json log_json(const Log& log, const BlockInfo& block, const Bytes32& tx_hash, size_t tx_index, size_t log_index) {
    json topics = json::array();
    for (const Bytes32& t : log.topics) topics.push_back(hex(t));
    return {{"address", hex(log.address)},          {"topics", topics},
            {"data", hex(log.data)},                {"blockNumber", qty(uint64_t(block.number))},
            {"transactionHash", hex(tx_hash)},      {"transactionIndex", qty(tx_index)},
            {"blockHash", hex(Bytes32{})},          {"logIndex", qty(log_index)},
            {"removed", false}};
}

json alloc_json(const State& state) {
    std::map<Address, const Account*> sorted;
    for (const auto& [addr, a] : state.accounts()) sorted[addr] = &a;
    json out = json::object();
    for (const auto& [addr, a] : sorted) {
        json acc = json::object();
        if (!a->code.empty()) acc["code"] = hex(a->code);
        std::map<uint256, uint256, decltype([](const uint256& x, const uint256& y) { return x < y; })> slots;
        for (const auto& [k, slot] : a->storage)
            if (slot.current) slots[k] = slot.current;
        if (!slots.empty()) {
            json storage = json::object();
            for (const auto& [k, v] : slots) storage[hex(to_bytes32(k))] = hex(to_bytes32(v));
            acc["storage"] = storage;
        }
        acc["balance"] = to_hex(a->balance);
        if (a->nonce) acc["nonce"] = qty(a->nonce);
        out[hex(addr)] = acc;
    }
    return out;
}

/// The block of `env` with the header values the fork needs derived from the parent where not given.
BlockInfo block_from_env(const json& env, const T8nOptions& options, json& result) {
    BlockInfo block = fixture::block_info(env);
    block.chain_id = options.chain_id;
    const Revision rev = options.rev;
    if (rev < Revision::Paris) {
        if (!has(env, "currentDifficulty"))
            throw core::Error("env: currentDifficulty is required before Paris (it is not derived from the parent)");
        result["currentDifficulty"] = to_hex(block.difficulty);
    } else if (!has(env, "currentRandom")) {
        throw core::Error("env: currentRandom is required from Paris on");
    }
    if (rev >= Revision::London) {
        if (!has(env, "currentBaseFee")) {
            if (!has(env, "parentBaseFee") || !has(env, "parentGasUsed") || !has(env, "parentGasLimit"))
                throw core::Error("env: currentBaseFee, or parentBaseFee, parentGasUsed and parentGasLimit, required from London on");
            block.base_fee = next_base_fee(fixture::quantity(env.at("parentBaseFee")),
                                           fixture::quantity_u64(env.at("parentGasUsed")),
                                           fixture::quantity_u64(env.at("parentGasLimit")));
        }
        result["currentBaseFee"] = to_hex(block.base_fee);
    }
    if (rev >= Revision::Cancun) {
        if (!has(env, "currentExcessBlobGas") && has(env, "parentExcessBlobGas") && has(env, "parentBlobGasUsed"))
            block.excess_blob_gas = next_excess_blob_gas(
                fixture::quantity_u64(env.at("parentExcessBlobGas")), fixture::quantity_u64(env.at("parentBlobGasUsed")),
                has(env, "parentBaseFee") ? fixture::quantity(env.at("parentBaseFee")) : uint256{}, block, rev);
        result["currentExcessBlobGas"] = qty(block.excess_blob_gas);
    }
    return block;
}

}  // namespace

std::string checksum_address(const Address& addr) {
    const std::string lower = core::to_hex(addr.bytes);
    const Bytes32 h = keccak256(reinterpret_cast<const uint8_t*>(lower.data()), lower.size());
    std::string out = "0x";
    for (size_t i = 0; i < lower.size(); ++i) {
        const uint8_t nib = (i % 2 == 0) ? h.bytes[i / 2] >> 4 : h.bytes[i / 2] & 0x0f;
        out += (lower[i] >= 'a' && nib >= 8) ? static_cast<char>(lower[i] - 'a' + 'A') : lower[i];
    }
    return out;
}

T8nOutput run_t8n(const json& alloc, const json& env, const json& txs, const T8nOptions& options) {
    try {
        const Revision rev = options.rev;
        T8nOutput out;
        json& result = out.result;
        State state;
        fixture::load_accounts(alloc, state);
        BlockInfo block = block_from_env(env, options, result);
        std::map<int64_t, Bytes32> hashes;
        if (has(env, "blockHashes"))
            for (const auto& [n, h] : env.at("blockHashes").items())
                hashes[static_cast<int64_t>(fixture::quantity_u64(json(n)))] = fixture::bytes32(h);
        block.block_hashes = &hashes;
        std::vector<InputTx> input = read_txs(txs, options);

        // Pre-transaction system calls: EIP-4788 beacon root, EIP-2935 parent hash.
        if (rev >= Revision::Cancun && has(env, "parentBeaconBlockRoot")) {
            const Bytes32 root = fixture::bytes32(env.at("parentBeaconBlockRoot"));
            system_call(state, block, rev, beacon_roots_address, root.bytes, options.exec);
        }
        if (rev >= Revision::Prague && has(env, "blockHashes") && block.number > 0) {
            const auto it = hashes.find(block.number - 1);
            const Bytes32 parent = it == hashes.end() ? Bytes32{} : it->second;
            system_call(state, block, rev, history_storage_address, parent.bytes, options.exec);
        }

        const uint256 blob_fee = rev >= Revision::Cancun
                                     ? blob_base_fee(block.excess_blob_gas, blob_update_fraction(block, rev))
                                     : uint256{};
        const uint64_t max_blob_gas = max_blobs_per_block(block, rev) * blob_gas_per_blob;
        int64_t gas_used = 0;
        uint64_t blob_gas_used = 0;
        std::vector<core::Bytes> tx_encodings, receipt_encodings, body;
        std::vector<Log> all_logs;
        json receipts = json::array(), rejected = json::array();
        for (size_t i = 0; i < input.size(); ++i) {
            const SignedTransaction& stx = input[i].stx;
            const Transaction& tx = stx.tx;
            const core::Bytes envelope = encode_transaction(stx);
            body.push_back(tx.type == 0 ? envelope : rlp::encode_bytes(envelope));
            std::string error = input[i].error;
            const uint64_t tx_blob_gas = blob_gas_per_blob * tx.blob_hashes.size();
            if (error.empty() && tx.gas_limit > block.gas_limit - gas_used) error = "gas limit reached";
            if (error.empty() && blob_gas_used + tx_blob_gas > max_blob_gas)
                error = fmt::format("blob gas ({}) would exceed maximum allowance {}", tx_blob_gas,
                                    max_blob_gas - blob_gas_used);
            TxResult r;
            if (error.empty()) {
                r = apply_transaction(state, block, tx, rev, options.exec);
                if (r.error != TxError::None) error = rejection_text(r.error, state, block, tx, rev, blob_fee);
                else if (r.unsupported_precompile)
                    throw core::Error(std::string("transaction needs precompile ") + r.unsupported_precompile);
            }
            if (!error.empty()) {
                rejected.push_back({{"index", i}, {"error", error}});
                continue;
            }
            const Bytes32 tx_hash = keccak256(envelope.data(), envelope.size());
            gas_used += r.gas_used;
            blob_gas_used += tx_blob_gas;
            Receipt receipt;
            receipt.type = tx.type;
            receipt.success = r.status == StatusCode::Success;
            receipt.cumulative_gas_used = gas_used;
            receipt.gas_used = r.gas_used;
            receipt.logs = state.logs();
            state.clear_logs();
            receipt.bloom = logs_bloom(receipt.logs);
            if (rev < Revision::Byzantium) receipt.post_state = state_root(state);
            const size_t index = tx_encodings.size();
            json logs = json::array();
            for (const Log& log : receipt.logs) logs.push_back(log_json(log, block, tx_hash, index, all_logs.size() + logs.size()));
            json rj = {{"type", qty(tx.type)},
                       {"root", receipt.post_state ? hex(*receipt.post_state) : "0x"},
                       {"status", qty(receipt.success ? 1 : 0)},
                       {"cumulativeGasUsed", qty(uint64_t(gas_used))},
                       {"logsBloom", hex(core::BytesView(receipt.bloom.data(), receipt.bloom.size()))},
                       {"logs", receipt.logs.empty() ? json(nullptr) : logs},
                       {"transactionHash", hex(tx_hash)},
                       {"contractAddress", hex(tx.to ? Address{} : create_address(tx.sender, tx.nonce))},
                       {"gasUsed", qty(uint64_t(r.gas_used))},
                       {"blockHash", hex(Bytes32{})},
                       {"transactionIndex", qty(index)}};
            if (tx.type == 3) {
                rj["blobGasUsed"] = qty(tx_blob_gas);
                rj["blobGasPrice"] = to_hex(blob_fee);
            }
            receipts.push_back(std::move(rj));
            all_logs.insert(all_logs.end(), receipt.logs.begin(), receipt.logs.end());
            tx_encodings.push_back(envelope);
            receipt_encodings.push_back(encode_receipt(receipt));
        }

        // After the transactions: reward, withdrawals, requests.
        if (options.reward) {
            std::vector<Ommer> ommers;
            if (has(env, "ommers"))
                for (const json& o : env.at("ommers"))
                    ommers.push_back({fixture::address(o.at("address")), fixture::quantity_u64(o.at("delta"))});
            apply_block_reward(state, block.coinbase, *options.reward, ommers, rev);
        }
        if (rev >= Revision::Shanghai) {
            std::vector<Withdrawal> withdrawals;
            if (has(env, "withdrawals"))
                for (const json& w : env.at("withdrawals"))
                    withdrawals.push_back({fixture::quantity_u64(w.at("index")),
                                           fixture::quantity_u64(w.at("validatorIndex")),
                                           fixture::address(w.at("address")), fixture::quantity_u64(w.at("amount"))});
            apply_withdrawals(state, withdrawals, rev);
            std::vector<core::Bytes> enc;
            for (const Withdrawal& w : withdrawals) enc.push_back(encode_withdrawal(w));
            result["withdrawalsRoot"] = hex(ordered_trie_root(enc));
        }
        if (rev >= Revision::Prague) {
            std::vector<core::Bytes> requests;
            auto add = [&](uint8_t type, const core::Bytes& data) {
                if (data.empty()) return;
                core::Bytes r{type};
                r.insert(r.end(), data.begin(), data.end());
                requests.push_back(std::move(r));
            };
            add(0, deposit_requests(all_logs));
            add(1, system_call(state, block, rev, withdrawal_request_address, {}, options.exec).value_or(core::Bytes{}));
            add(2, system_call(state, block, rev, consolidation_request_address, {}, options.exec).value_or(core::Bytes{}));
            result["requestsHash"] = hex(requests_hash(requests));
            json list = json::array();
            for (const core::Bytes& r : requests) list.push_back(hex(r));
            result["requests"] = list;
        }

        result["stateRoot"] = hex(state_root(state));
        result["txRoot"] = hex(ordered_trie_root(tx_encodings));
        result["receiptsRoot"] = hex(ordered_trie_root(receipt_encodings));
        result["logsHash"] = hex(logs_hash(all_logs));
        const Bloom bloom = logs_bloom(all_logs);
        result["logsBloom"] = hex(core::BytesView(bloom.data(), bloom.size()));
        result["receipts"] = std::move(receipts);
        if (!rejected.empty()) result["rejected"] = std::move(rejected);
        result["gasUsed"] = qty(uint64_t(gas_used));
        if (rev >= Revision::Cancun) result["blobGasUsed"] = qty(blob_gas_used);
        out.alloc = alloc_json(state);
        out.body = hex(rlp::encode_list(body));
        return out;
    } catch (const json::exception& e) {
        throw core::Error(std::string("t8n: malformed input: ") + e.what());
    }
}

}  // namespace trellis::evm
