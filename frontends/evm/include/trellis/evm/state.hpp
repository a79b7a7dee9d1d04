/// @file state.hpp
/// The in-memory world state of the EVM frontend (Yellow Paper section 4.1): accounts with nonce, balance, code and
/// storage, plus everything a transaction tracks on the side: original storage values (EIP-2200), transient storage
/// (EIP-1153), the accessed address/slot sets (EIP-2929/2930), touched accounts (EIP-161), self-destructed
/// accounts (EIP-6780 from Cancun), logs and a journal that undoes all of it back to a snapshot.
///
/// Every mutation goes through a State member so that revert(snapshot) is exact. The state is not thread-safe.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "trellis/core/hex.hpp"
#include "trellis/evm/host.hpp"
#include "trellis/evm/slot_table.hpp"
#include "trellis/evm/types.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm {

/// Hash of a 256-bit word for unordered containers (mixes all four limbs).
struct Uint256Hash {
    size_t operator()(const uint256& v) const noexcept {
        uint64_t h = v.w[0] * 0x9e3779b97f4a7c15ULL;
        h ^= v.w[1] + 0x7f4a7c159e3779b9ULL + (h << 6) + (h >> 2);
        h ^= v.w[2] + (h << 6) + (h >> 2);
        h ^= v.w[3] + (h << 6) + (h >> 2);
        return static_cast<size_t>(h);
    }
};

/// One storage slot: its value at transaction start (`original`, EIP-2200) and now (`current`).
struct StorageSlot {
    uint256 original;
    uint256 current;
};

/// An account (Yellow Paper section 4.1). Storage slots holding zero may be present (written to zero);
/// they are left out of the storage root.
struct Account {
    uint64_t nonce = 0;
    uint256 balance;
    core::Bytes code;
    Bytes32 code_hash;  ///< keccak256(code), kept in step with `code` by State::set_code
    std::unordered_map<uint256, StorageSlot, Uint256Hash> storage;
    bool destructed = false;      ///< SELFDESTRUCT executed in this transaction: deleted at transaction end
    bool created_in_tx = false;   ///< created by this transaction (EIP-6780)

    /// EIP-161 emptiness: no code, zero nonce, zero balance.
    bool is_empty() const noexcept { return code.empty() && nonce == 0 && !balance; }
};

/// A log record (Yellow Paper section 4.3.1): emitter, up to four 32-byte topics, data.
struct Log {
    Address address;
    std::vector<Bytes32> topics;
    core::Bytes data;
};

/// keccak256 of the empty byte string: the code hash of accounts without code.
Bytes32 empty_code_hash() noexcept;

/// The world state with its journal. Addresses missing from the map do not exist.
class State {
public:
    /// A point to revert to: sizes of the journal and of the log list.
    struct Snapshot {
        size_t journal = 0;
        size_t logs = 0;
    };

    // --- reading ---
    /// The account at `addr`, or nullptr if it does not exist.
    const Account* find(const Address& addr) const noexcept;
    Account* find_mutable(const Address& addr) noexcept;
    bool exists(const Address& addr) const noexcept { return find(addr) != nullptr; }
    /// The current value of a storage slot (zero if the account or slot is absent).
    uint256 get_storage(const Address& addr, const uint256& key) const noexcept;
    /// All accounts (for the state root and for dumps).
    const std::unordered_map<Address, Account, AddressHash>& accounts() const noexcept { return m_accounts; }
    const std::vector<Log>& logs() const noexcept { return m_logs; }

    // --- setting up a pre-state (not journaled) ---
    /// Inserts or replaces an account as given; storage values become both original and current.
    void put_account(const Address& addr, uint64_t nonce, const uint256& balance, core::Bytes code,
                     const std::vector<std::pair<uint256, uint256>>& storage);

    // --- journaled mutations ---
    /// Creates an empty account if `addr` does not exist; returns it.
    Account& get_or_create(const Address& addr);
    /// Re-initialises `addr` for a contract creation: keeps the balance, clears nonce/code/storage, marks it
    /// created in this transaction (EIP-6780). Creates the account if absent.
    Account& create_contract(const Address& addr);
    void set_nonce(const Address& addr, uint64_t nonce);
    /// Adds to the balance, creating the account if needed (wrapping is impossible with real supplies).
    void add_balance(const Address& addr, const uint256& amount);
    /// Subtracts from the balance; the caller has checked it suffices.
    void sub_balance(const Address& addr, const uint256& amount);
    void set_code(const Address& addr, core::Bytes code);
    /// Writes a storage slot and classifies the write (EIP-2200 / EIP-1283 status as in host.hpp).
    StorageStatus set_storage(const Address& addr, const uint256& key, const uint256& value);
    /// EIP-1153 transient storage.
    uint256 get_transient(const Address& addr, const uint256& key) const noexcept;
    void set_transient(const Address& addr, const uint256& key, const uint256& value);
    /// Marks the account self-destructed (deleted at transaction end). Returns true the first time.
    bool mark_destructed(const Address& addr);
    /// Marks the account touched (EIP-161). Touches of non-existent accounts are recorded but harmless.
    void touch(const Address& addr);
    /// EIP-2929: marks warm, returns the status before.
    AccessStatus access_account(const Address& addr);
    AccessStatus access_storage(const Address& addr, const uint256& key);
    bool is_warm(const Address& addr) const noexcept { return m_warm_accounts.count(addr) != 0; }
    bool is_touched(const Address& addr) const noexcept { return m_touched.count(addr) != 0; }
    void add_log(Log log) { m_logs.push_back(std::move(log)); }

    // --- journal ---
    Snapshot snapshot() const noexcept { return {m_journal.size(), m_logs.size()}; }
    /// Undoes every journaled change made after `snap` and drops the logs emitted since.
    void revert(Snapshot snap);

    /// Ends the transaction: deletes self-destructed accounts, and (when `delete_empty_touched`, EIP-161 from
    /// Spurious Dragon on) touched accounts that are empty; makes current storage the new original; clears the
    /// journal, transient storage, accessed sets and touched set. Logs are kept until clear_logs().
    void finalize_transaction(bool delete_empty_touched);
    void clear_logs() noexcept { m_logs.clear(); }

private:
    enum class Change : uint8_t {
        Created,      ///< account did not exist: erase it
        Replaced,     ///< account was re-initialised by create_contract: restore m_saved[index]
        Nonce,
        Balance,
        Code,
        Storage,      ///< slot key: restore current value; `existed` tells if the slot entry existed
        Transient,
        Destructed,
        Touched,
        WarmAccount,
        WarmSlot,
    };
    struct JournalEntry {
        Change kind{};
        bool flag = false;
        Address addr{};
        uint256 key{};
        uint256 value{};
        uint64_t nonce = 0;
        size_t index = 0;
    };
    struct SlotKey {
        Address addr;
        uint256 key;
        friend bool operator==(const SlotKey&, const SlotKey&) = default;
    };
    struct SlotKeyHash {
        size_t operator()(const SlotKey& k) const noexcept { return AddressHash{}(k.addr) ^ Uint256Hash{}(k.key); }
    };

    Account& must_find(const Address& addr);

    std::unordered_map<Address, Account, AddressHash> m_accounts;
    SlotTable m_transient;  ///< EIP-1153, flat (slot_table.hpp)
    std::unordered_set<Address, AddressHash> m_warm_accounts;
    std::unordered_set<SlotKey, SlotKeyHash> m_warm_slots;
    std::unordered_set<Address, AddressHash> m_touched;
    std::vector<JournalEntry> m_journal;
    std::vector<Account> m_saved;  ///< accounts replaced by create_contract, for revert
    std::vector<core::Bytes> m_saved_code;
    std::vector<Log> m_logs;
};

/// The state root (Yellow Paper section 4.1, appendix D): Merkle Patricia Trie over keccak256(address) ->
/// RLP([nonce, balance, storageRoot, codeHash]); storage tries over keccak256(slot) -> RLP(value), zero slots absent.
Bytes32 state_root(const State& state);

/// keccak256(RLP(list of logs)), each log RLP([address, [topics...], data]) (Yellow Paper section 4.3.1).
Bytes32 logs_hash(const std::vector<Log>& logs);

}  // namespace trellis::evm
