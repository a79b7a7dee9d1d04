/// @file slot_table.hpp
/// A flat hash table from (address, 256-bit key) to a 256-bit value, for the per-transaction slot maps of the
/// state: EIP-1153 transient storage. The entries (key, value, address) sit in one dense array in insertion
/// order; an open-addressing index (linear probing, power-of-two size, at most half full) holds per slot the
/// entry's position and the high 32 bits of its hash, so a probe compares a tag before it touches an entry, and
/// growing rebuilds only the index. No allocation per slot, unlike a node-based std::unordered_map.
/// There is no erase: a transaction's transient storage only grows, and reverts write the old value back. The table
/// is emptied at the end of each transaction in time proportional to what that transaction wrote, and keeps its
/// memory (fresh memory for every transaction costs page faults).
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

#include "trellis/evm/types.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm {

/// (address, key) -> value, zero when absent; see the file comment.
class SlotTable {
public:
    /// The value stored under (addr, key), or nullptr if none.
    const uint256* find(const Address& addr, const uint256& key) const noexcept {
        if (m_index.empty()) return nullptr;
        const uint64_t h = hash(addr, key);
        for (size_t i = h & mask();; i = (i + 1) & mask()) {
            const uint64_t s = m_index[i];
            if (s == 0) return nullptr;
            if ((s >> 32) == (h >> 32)) {
                const Entry& e = m_entries[(s & 0xffffffffu) - 1];
                if (e.key == key && e.addr == addr) return &e.value;
            }
        }
    }
    /// The value under (addr, key), inserted as zero if absent. The reference is valid until the next insertion.
    uint256& at(const Address& addr, const uint256& key) {
        if (2 * (m_entries.size() + 1) > m_index.size()) grow();
        const uint64_t h = hash(addr, key);
        for (size_t i = h & mask();; i = (i + 1) & mask()) {
            const uint64_t s = m_index[i];
            if (s == 0) {
                m_entries.push_back({key, uint256{}, addr});
                m_index[i] = (h >> 32 << 32) | m_entries.size();
                return m_entries.back().value;
            }
            if ((s >> 32) == (h >> 32)) {
                Entry& e = m_entries[(s & 0xffffffffu) - 1];
                if (e.key == key && e.addr == addr) return e.value;
            }
        }
    }
    /// Empties the table in time proportional to its entries (each entry's index slot is found again and zeroed),
    /// keeping the memory for the next transaction unless it holds over 2^20 entries.
    void clear() noexcept {
        if (m_entries.empty()) return;
        if (m_index.size() > (size_t{1} << 21)) {
            m_index = {};
            m_entries = {};
            return;
        }
        for (size_t n = 0; n < m_entries.size(); ++n) {
            size_t i = hash(m_entries[n].addr, m_entries[n].key) & mask();
            while ((m_index[i] & 0xffffffffu) != n + 1) i = (i + 1) & mask();
            m_index[i] = 0;
        }
        m_entries.clear();
    }
    size_t size() const noexcept { return m_entries.size(); }

private:
    struct Entry {
        uint256 key;
        uint256 value;
        Address addr;
    };

    size_t mask() const noexcept { return m_index.size() - 1; }
    /// Every byte of address and key, each 64-bit word multiplied by its own odd constant, then a final
    /// xor-shift-multiply so that the low bits (the index) and the high bits (the tag) depend on all of them.
    static uint64_t hash(const Address& addr, const uint256& key) noexcept {
        uint64_t a0, a1;
        uint32_t a2;
        std::memcpy(&a0, addr.bytes.data(), 8);
        std::memcpy(&a1, addr.bytes.data() + 8, 8);
        std::memcpy(&a2, addr.bytes.data() + 16, 4);
        uint64_t h = a0 * 0x9e3779b97f4a7c15ULL ^ a1 * 0xc2b2ae3d27d4eb4fULL ^ a2 * 0x165667b19e3779f9ULL ^
                     key.w[0] * 0xd6e8feb86659fd93ULL ^ key.w[1] * 0xff51afd7ed558ccdULL ^
                     key.w[2] * 0xc4ceb9fe1a85ec53ULL ^ key.w[3] * 0x94d049bb133111ebULL;
        h ^= h >> 32;
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
        return h;
    }
    /// Doubles the index (16 slots at first) and re-inserts every entry's position.
    [[gnu::noinline, gnu::cold]] void grow() {
        m_index.assign(m_index.empty() ? 16 : 2 * m_index.size(), 0);
        for (size_t n = 0; n < m_entries.size(); ++n) {
            const uint64_t h = hash(m_entries[n].addr, m_entries[n].key);
            size_t i = h & mask();
            while (m_index[i] != 0) i = (i + 1) & mask();
            m_index[i] = (h >> 32 << 32) | (n + 1);
        }
    }

    std::vector<uint64_t> m_index;  // 0 empty, else tag << 32 | (position + 1); size 0 or a power of two
    std::vector<Entry> m_entries;
};

}  // namespace trellis::evm
