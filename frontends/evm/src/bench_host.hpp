/// @file bench_host.hpp
/// The host the benchmarks run against: an empty world like evmone-bench's mocked host. Storage starts empty
/// (SLOAD reads zero) and keeps what SSTORE writes; accounts and slots are cold on first access (EIP-2929) and
/// warm after; nested calls succeed without running anything; logs are dropped; the block context is all zero.
/// Slots live in hash maps, as in evmone's mocked host (snailtracer touches thousands of slots: a linear search
/// was a quarter of its run time).
#pragma once
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "trellis/evm/host.hpp"

namespace trellis::evm {

/// Hash of a storage key for the benchmark host's maps (limbs mixed with odd multipliers).
struct BenchKeyHash {
    size_t operator()(const uint256& k) const noexcept {
        return static_cast<size_t>((k.w[0] * 0x9e3779b97f4a7c15ULL) ^ (k.w[1] * 0xc2b2ae3d27d4eb4fULL) ^
                                   (k.w[2] * 0x165667b19e3779f9ULL) ^ (k.w[3] * 0x27d4eb2f165667c5ULL) ^
                                   (k.w[0] >> 29));
    }
};

/// Empty in-memory Host for `trellis-evm bench` (see the file comment). Not for state tests.
class BenchHost final : public Host {
public:
    bool account_exists(const Address&) override { return false; }
    uint256 get_storage(const Address&, const uint256& key) override {
        const auto it = m_storage.find(key);
        return it == m_storage.end() ? uint256{} : it->second;
    }
    /// EIP-2200 classification; every slot's original value is zero (the storage starts empty).
    StorageStatus set_storage(const Address&, const uint256& key, const uint256& value) override {
        const auto [it, inserted] = m_storage.try_emplace(key, value);
        if (inserted) return value ? StorageStatus::Added : StorageStatus::Assigned;
        const uint256 before = it->second;
        it->second = value;
        if (before == value) return StorageStatus::Assigned;
        if (!before) return StorageStatus::Added;                                // 0 -> 0 -> Z
        return value ? StorageStatus::Assigned : StorageStatus::AddedDeleted;   // 0 -> Y -> Z / 0
    }
    uint256 get_balance(const Address&) override { return {}; }
    size_t get_code_size(const Address&) override { return 0; }
    Bytes32 get_code_hash(const Address&) override { return {}; }
    size_t copy_code(const Address&, size_t, uint8_t*, size_t) override { return 0; }
    bool selfdestruct(const Address&, const Address&) override { return true; }
    Result call(const Message& msg) override {
        Result r;
        r.gas_left = msg.gas;
        return r;
    }
    TxContext get_tx_context() override { return {}; }
    Bytes32 get_block_hash(int64_t) override { return {}; }
    void emit_log(const Address&, const uint8_t*, size_t, const Bytes32[], size_t) override {}
    AccessStatus access_account(const Address& addr) override {
        for (const auto& a : m_accounts)
            if (a == addr) return AccessStatus::Warm;
        m_accounts.push_back(addr);
        return AccessStatus::Cold;
    }
    AccessStatus access_storage(const Address&, const uint256& key) override {
        return m_warm_slots.insert(key).second ? AccessStatus::Cold : AccessStatus::Warm;
    }
    uint256 get_transient_storage(const Address&, const uint256&) override { return {}; }
    void set_transient_storage(const Address&, const uint256&, const uint256&) override {}

private:
    std::unordered_map<uint256, uint256, BenchKeyHash> m_storage;
    std::vector<Address> m_accounts;
    std::unordered_set<uint256, BenchKeyHash> m_warm_slots;
};

}  // namespace trellis::evm
