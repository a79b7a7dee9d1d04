/// @file block.cpp
/// Block-level processing around transactions (block.hpp): receipts and blooms (Yellow Paper section 4.3.1),
/// ordered tries, EIP-4788/2935/7002/7251 system calls, EIP-6110/7685 requests, EIP-4895 withdrawals, block
/// rewards, EIP-1559 and EIP-4844/7918 header values.
#include "trellis/evm/block.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <string>

#include "trellis/core/error.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/mpt.hpp"
#include "trellis/evm/rlp.hpp"
#include "trellis/evm/state_host.hpp"

namespace trellis::evm {

namespace {

void bloom_add_item(Bloom& bloom, const uint8_t* data, size_t size) noexcept {
    const Bytes32 h = keccak256(data, size);
    for (size_t i = 0; i < 6; i += 2) {
        const unsigned bit = ((unsigned(h.bytes[i]) << 8) | h.bytes[i + 1]) & 2047u;
        bloom[255 - bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    }
}

/// The encoded logs list of a receipt: RLP([[address, [topics], data], ...]).
core::Bytes encode_logs(const std::vector<Log>& logs) {
    std::vector<core::Bytes> encoded;
    encoded.reserve(logs.size());
    for (const Log& log : logs) {
        std::vector<core::Bytes> topics;
        for (const Bytes32& t : log.topics) topics.push_back(rlp::encode_bytes(t.bytes.data(), t.bytes.size()));
        encoded.push_back(rlp::encode_list({rlp::encode_bytes(log.address.bytes.data(), log.address.bytes.size()),
                                            rlp::encode_list(topics), rlp::encode_bytes(log.data)}));
    }
    return rlp::encode_list(encoded);
}

constexpr int64_t system_call_gas = 30'000'000;
constexpr uint64_t blob_base_cost = 1 << 13;  // EIP-7918 BLOB_BASE_COST

uint64_t target_blobs(Revision rev) noexcept { return rev >= Revision::Prague ? 6 : 3; }

/// The big-endian 64-bit number in the last 8 of 32 bytes, or ~0 if the first 24 are not zero.
uint64_t abi_word(const uint8_t* w) noexcept {
    for (size_t i = 0; i < 24; ++i)
        if (w[i]) return ~uint64_t{0};
    uint64_t v = 0;
    for (size_t i = 24; i < 32; ++i) v = (v << 8) | w[i];
    return v;
}

}  // namespace

void bloom_add(Bloom& bloom, const Log& log) noexcept {
    bloom_add_item(bloom, log.address.bytes.data(), log.address.bytes.size());
    for (const Bytes32& t : log.topics) bloom_add_item(bloom, t.bytes.data(), t.bytes.size());
}

Bloom logs_bloom(const std::vector<Log>& logs) noexcept {
    Bloom b{};
    for (const Log& log : logs) bloom_add(b, log);
    return b;
}

core::Bytes encode_receipt(const Receipt& receipt) {
    core::Bytes first = receipt.post_state
                            ? rlp::encode_bytes(receipt.post_state->bytes.data(), receipt.post_state->bytes.size())
                            : rlp::encode_uint(uint64_t{receipt.success ? 1u : 0u});
    const core::Bytes list = rlp::encode_list({std::move(first),
                                               rlp::encode_uint(static_cast<uint64_t>(receipt.cumulative_gas_used)),
                                               rlp::encode_bytes(receipt.bloom.data(), receipt.bloom.size()),
                                               encode_logs(receipt.logs)});
    if (receipt.type == 0) return list;
    core::Bytes out{receipt.type};
    out.insert(out.end(), list.begin(), list.end());
    return out;
}

Bytes32 ordered_trie_root(const std::vector<core::Bytes>& values) {
    std::vector<std::pair<core::Bytes, core::Bytes>> entries;
    entries.reserve(values.size());
    for (size_t i = 0; i < values.size(); ++i) entries.emplace_back(rlp::encode_uint(uint64_t{i}), values[i]);
    return trie_root(std::move(entries));
}

core::Bytes encode_withdrawal(const Withdrawal& w) {
    return rlp::encode_list({rlp::encode_uint(w.index), rlp::encode_uint(w.validator_index),
                             rlp::encode_bytes(w.address.bytes.data(), w.address.bytes.size()),
                             rlp::encode_uint(w.amount)});
}

void apply_withdrawals(State& state, const std::vector<Withdrawal>& withdrawals, Revision rev) {
    for (const Withdrawal& w : withdrawals) {
        state.add_balance(w.address, uint256(w.amount) * uint256(1'000'000'000));
        state.touch(w.address);
    }
    state.finalize_transaction(rev >= Revision::SpuriousDragon);
}

void apply_block_reward(State& state, const Address& coinbase, const uint256& reward, const std::vector<Ommer>& ommers,
                        Revision rev) {
    uint256 miner = reward;
    for (const Ommer& o : ommers) {
        miner = miner + (reward >> 5);
        const uint64_t factor = o.delta < 8 ? 8 - o.delta : 0;
        state.add_balance(o.address, uint256(factor) * reward / uint256(8));
        state.touch(o.address);
    }
    state.add_balance(coinbase, miner);
    state.touch(coinbase);
    state.finalize_transaction(rev >= Revision::SpuriousDragon);
}

std::optional<core::Bytes> system_call(State& state, const BlockInfo& block, Revision rev, const Address& to,
                                       core::BytesView input, const ExecOptions& options) {
    const Account* target = state.find(to);
    if (!target || target->code.empty()) return std::nullopt;
    TxContext ctx = block_tx_context(block, rev);
    ctx.origin = system_address;
    StateHost host(state, rev, ctx, options);
    host.set_block_hashes(block.block_hashes);
    state.access_account(system_address);
    state.access_account(to);
    Message msg;
    msg.kind = CallKind::Call;
    msg.depth = 0;
    msg.gas = system_call_gas;
    msg.sender = system_address;
    msg.recipient = to;
    msg.code_address = to;
    msg.input = input.data();
    msg.input_size = input.size();
    const Result r = host.call(msg);
    state.clear_logs();
    state.finalize_transaction(rev >= Revision::SpuriousDragon);
    if (r.status != StatusCode::Success)
        throw core::Error("system call to " + core::to_hex_0x(to.bytes) + " failed: " + std::string(status_name(r.status)));
    return r.output;
}

core::Bytes deposit_requests(const std::vector<Log>& logs) {
    // keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)")
    static const Bytes32 deposit_event =
        to_bytes32(parse_uint256("0x649bbc62d0e31342afea4e5cd82d4049e7e1ee912fc0889aa790803be39038c5"));
    // (offset of the length word, length) of pubkey, withdrawal credentials, amount, signature, index.
    static constexpr std::pair<size_t, size_t> fields[] = {{160, 48}, {256, 32}, {320, 8}, {384, 96}, {512, 8}};
    core::Bytes out;
    for (const Log& log : logs) {
        if (log.address != deposit_contract_address || log.topics.empty() || log.topics[0] != deposit_event) continue;
        const core::Bytes& d = log.data;
        bool ok = d.size() == 576;
        for (size_t i = 0; ok && i < 5; ++i)
            ok = abi_word(d.data() + 32 * i) == fields[i].first && abi_word(d.data() + fields[i].first) == fields[i].second;
        if (!ok) throw core::Error("invalid deposit event layout (EIP-6110)");
        for (const auto& [at, len] : fields) out.insert(out.end(), d.begin() + at + 32, d.begin() + at + 32 + len);
    }
    return out;
}

Bytes32 requests_hash(const std::vector<core::Bytes>& requests) {
    core::Bytes all;
    for (const core::Bytes& r : requests) {
        if (r.size() <= 1) continue;
        uint8_t h[SHA256_DIGEST_LENGTH];
        SHA256(r.data(), r.size(), h);
        all.insert(all.end(), h, h + sizeof(h));
    }
    Bytes32 out;
    SHA256(all.data(), all.size(), out.bytes.data());
    return out;
}

uint256 next_base_fee(const uint256& parent_base_fee, uint64_t parent_gas_used, uint64_t parent_gas_limit) {
    const uint64_t target = parent_gas_limit / 2;
    if (target == 0 || parent_gas_used == target) return parent_base_fee;
    if (parent_gas_used > target) {
        uint256 delta = parent_base_fee * uint256(parent_gas_used - target) / uint256(target) / uint256(8);
        if (!delta) delta = 1;
        return parent_base_fee + delta;
    }
    const uint256 delta = parent_base_fee * uint256(target - parent_gas_used) / uint256(target) / uint256(8);
    return delta > parent_base_fee ? uint256{} : parent_base_fee - delta;
}

uint64_t next_excess_blob_gas(uint64_t parent_excess, uint64_t parent_blob_gas_used, const uint256& parent_base_fee,
                              const BlockInfo& block, Revision rev) {
    const uint64_t target = target_blobs(rev) * blob_gas_per_blob;
    if (parent_excess + parent_blob_gas_used < target) return 0;
    if (rev >= Revision::Osaka) {  // EIP-7918: blob base fee bounded below by the execution cost
        const uint64_t max_gas = max_blobs_per_block(block, rev) * blob_gas_per_blob;
        const uint256 parent_blob_fee = blob_base_fee(parent_excess, blob_update_fraction(block, rev));
        if (uint256(blob_base_cost) * parent_base_fee > uint256(blob_gas_per_blob) * parent_blob_fee)
            return parent_excess + parent_blob_gas_used * (max_gas - target) / max_gas;
    }
    return parent_excess + parent_blob_gas_used - target;
}

}  // namespace trellis::evm
