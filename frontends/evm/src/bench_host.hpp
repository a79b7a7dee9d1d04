/// @file bench_host.hpp
/// The host the benchmarks run against: an empty world like evmone-bench's mocked host. Storage starts empty
/// (SLOAD reads zero) and keeps what SSTORE writes; accounts and slots are cold on first access (EIP-2929) and
/// warm after; nested calls succeed without running anything; logs are dropped; the block context is all zero.
/// Linear searches are fine: the benchmark contracts touch few slots.
#pragma once
#include <utility>
#include <vector>

#include "trellis/evm/host.hpp"

namespace trellis::evm {

/// Empty in-memory Host for `trellis-evm bench` (see the file comment). Not for state tests.
class BenchHost final : public Host {
public:
    bool account_exists(const Address&) override { return false; }
    uint256 get_storage(const Address&, const uint256& key) override {
        for (const auto& [k, v] : m_storage)
            if (k == key) return v;
        return {};
    }
    /// EIP-2200 classification; every slot's original value is zero (the storage starts empty).
    StorageStatus set_storage(const Address&, const uint256& key, const uint256& value) override {
        for (auto& [k, current] : m_storage)
            if (k == key) {
                const uint256 before = current;
                current = value;
                if (before == value) return StorageStatus::Assigned;
                if (!before) return StorageStatus::Added;                       // 0 -> 0 -> Z
                return value ? StorageStatus::Assigned : StorageStatus::AddedDeleted;  // 0 -> Y -> Z / 0
            }
        m_storage.emplace_back(key, value);
        return value ? StorageStatus::Added : StorageStatus::Assigned;
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
        for (const auto& k : m_warm_slots)
            if (k == key) return AccessStatus::Warm;
        m_warm_slots.push_back(key);
        return AccessStatus::Cold;
    }
    uint256 get_transient_storage(const Address&, const uint256&) override { return {}; }
    void set_transient_storage(const Address&, const uint256&, const uint256&) override {}

private:
    std::vector<std::pair<uint256, uint256>> m_storage;
    std::vector<Address> m_accounts;
    std::vector<uint256> m_warm_slots;
};

}  // namespace trellis::evm
