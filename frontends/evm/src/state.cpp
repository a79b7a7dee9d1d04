/// @file state.cpp
/// The journaled world state (state.hpp): account mutations, EIP-2200 storage classification, EIP-2929 accessed
/// sets, EIP-161 touches, revert to a snapshot and end-of-transaction clean-up.
#include "trellis/evm/state.hpp"

#include "trellis/evm/keccak.hpp"

namespace trellis::evm {

Bytes32 empty_code_hash() noexcept {
    static const Bytes32 h = keccak256(nullptr, 0);
    return h;
}

const Account* State::find(const Address& addr) const noexcept {
    auto it = m_accounts.find(addr);
    return it == m_accounts.end() ? nullptr : &it->second;
}

Account* State::find_mutable(const Address& addr) noexcept {
    auto it = m_accounts.find(addr);
    return it == m_accounts.end() ? nullptr : &it->second;
}

Account& State::must_find(const Address& addr) { return get_or_create(addr); }

uint256 State::get_storage(const Address& addr, const uint256& key) const noexcept {
    const Account* a = find(addr);
    if (!a) return {};
    auto it = a->storage.find(key);
    return it == a->storage.end() ? uint256{} : it->second.current;
}

void State::put_account(const Address& addr, uint64_t nonce, const uint256& balance, core::Bytes code,
                        const std::vector<std::pair<uint256, uint256>>& storage) {
    Account a;
    a.nonce = nonce;
    a.balance = balance;
    a.code_hash = keccak256(code.data(), code.size());
    a.code = std::move(code);
    for (const auto& [k, v] : storage) a.storage[k] = StorageSlot{v, v};
    m_accounts[addr] = std::move(a);
}

Account& State::get_or_create(const Address& addr) {
    auto it = m_accounts.find(addr);
    if (it != m_accounts.end()) return it->second;
    Account a;
    a.code_hash = empty_code_hash();
    m_journal.push_back({.kind = Change::Created, .addr = addr});
    return m_accounts.emplace(addr, std::move(a)).first->second;
}

Account& State::create_contract(const Address& addr) {
    auto it = m_accounts.find(addr);
    if (it == m_accounts.end()) {
        Account& a = get_or_create(addr);
        a.created_in_tx = true;
        return a;
    }
    m_journal.push_back({.kind = Change::Replaced, .addr = addr, .index = m_saved.size()});
    m_saved.push_back(it->second);
    Account& a = it->second;
    a.nonce = 0;
    a.code.clear();
    a.code_hash = empty_code_hash();
    a.storage.clear();
    a.destructed = false;
    a.created_in_tx = true;
    return a;
}

void State::set_nonce(const Address& addr, uint64_t nonce) {
    Account& a = must_find(addr);
    m_journal.push_back({.kind = Change::Nonce, .addr = addr, .nonce = a.nonce});
    a.nonce = nonce;
}

void State::add_balance(const Address& addr, const uint256& amount) {
    Account& a = must_find(addr);
    m_journal.push_back({.kind = Change::Balance, .addr = addr, .value = a.balance});
    a.balance = a.balance + amount;
}

void State::sub_balance(const Address& addr, const uint256& amount) {
    Account& a = must_find(addr);
    m_journal.push_back({.kind = Change::Balance, .addr = addr, .value = a.balance});
    a.balance = a.balance - amount;
}

void State::set_code(const Address& addr, core::Bytes code) {
    Account& a = must_find(addr);
    m_journal.push_back({.kind = Change::Code, .addr = addr, .index = m_saved_code.size()});
    m_saved_code.push_back(std::move(a.code));
    a.code_hash = keccak256(code.data(), code.size());
    a.code = std::move(code);
}

StorageStatus State::set_storage(const Address& addr, const uint256& key, const uint256& value) {
    Account& a = must_find(addr);
    auto [it, inserted] = a.storage.try_emplace(key);
    StorageSlot& slot = it->second;
    const uint256 original = slot.original;
    const uint256 current = slot.current;
    m_journal.push_back({.kind = Change::Storage, .flag = inserted, .addr = addr, .key = key, .value = current});
    slot.current = value;

    // EIP-2200 / EVMC classification: original -> current -> value.
    if (current == value) return StorageStatus::Assigned;
    if (original == current) {
        if (!original) return StorageStatus::Added;
        if (!value) return StorageStatus::Deleted;
        return StorageStatus::Modified;
    }
    if (original) {
        if (!current) return value == original ? StorageStatus::DeletedRestored : StorageStatus::DeletedAdded;
        if (!value) return StorageStatus::ModifiedDeleted;
        if (value == original) return StorageStatus::ModifiedRestored;
        return StorageStatus::Assigned;
    }
    if (!value) return StorageStatus::AddedDeleted;
    return StorageStatus::Assigned;
}

uint256 State::get_transient(const Address& addr, const uint256& key) const noexcept {
    const uint256* v = m_transient.find(addr, key);
    return v ? *v : uint256{};
}

void State::set_transient(const Address& addr, const uint256& key, const uint256& value) {
    uint256& slot = m_transient.at(addr, key);
    m_journal.push_back({.kind = Change::Transient, .addr = addr, .key = key, .value = slot});
    slot = value;
}

bool State::mark_destructed(const Address& addr) {
    Account& a = must_find(addr);
    if (a.destructed) return false;
    m_journal.push_back({.kind = Change::Destructed, .addr = addr});
    a.destructed = true;
    return true;
}

void State::touch(const Address& addr) {
    if (m_touched.insert(addr).second) m_journal.push_back({.kind = Change::Touched, .addr = addr});
}

AccessStatus State::access_account(const Address& addr) {
    if (!m_warm_accounts.insert(addr).second) return AccessStatus::Warm;
    m_journal.push_back({.kind = Change::WarmAccount, .addr = addr});
    return AccessStatus::Cold;
}

AccessStatus State::access_storage(const Address& addr, const uint256& key) {
    if (!m_warm_slots.insert(SlotKey{addr, key}).second) return AccessStatus::Warm;
    m_journal.push_back({.kind = Change::WarmSlot, .addr = addr, .key = key});
    return AccessStatus::Cold;
}

void State::revert(Snapshot snap) {
    while (m_journal.size() > snap.journal) {
        JournalEntry e = std::move(m_journal.back());
        m_journal.pop_back();
        switch (e.kind) {
        case Change::Created: m_accounts.erase(e.addr); break;
        case Change::Replaced:
            m_accounts[e.addr] = std::move(m_saved[e.index]);
            m_saved.pop_back();
            break;
        case Change::Nonce: m_accounts[e.addr].nonce = e.nonce; break;
        case Change::Balance: m_accounts[e.addr].balance = e.value; break;
        case Change::Code: {
            Account& a = m_accounts[e.addr];
            a.code = std::move(m_saved_code[e.index]);
            a.code_hash = keccak256(a.code.data(), a.code.size());
            m_saved_code.pop_back();
            break;
        }
        case Change::Storage: {
            Account& a = m_accounts[e.addr];
            if (e.flag)
                a.storage.erase(e.key);
            else
                a.storage[e.key].current = e.value;
            break;
        }
        case Change::Transient: m_transient.at(e.addr, e.key) = e.value; break;
        case Change::Destructed: m_accounts[e.addr].destructed = false; break;
        case Change::Touched: m_touched.erase(e.addr); break;
        case Change::WarmAccount: m_warm_accounts.erase(e.addr); break;
        case Change::WarmSlot: m_warm_slots.erase(SlotKey{e.addr, e.key}); break;
        }
    }
    m_logs.resize(snap.logs);
}

void State::finalize_transaction(bool delete_empty_touched) {
    for (auto it = m_accounts.begin(); it != m_accounts.end();) {
        Account& a = it->second;
        const bool dead = a.destructed || (delete_empty_touched && a.is_empty() && m_touched.count(it->first));
        if (dead) {
            it = m_accounts.erase(it);
            continue;
        }
        for (auto& [k, slot] : a.storage) slot.original = slot.current;
        a.created_in_tx = false;
        ++it;
    }
    m_journal.clear();
    m_saved.clear();
    m_saved_code.clear();
    m_transient.clear();
    m_warm_accounts.clear();
    m_warm_slots.clear();
    m_touched.clear();
}

}  // namespace trellis::evm
