/// @file state_root.cpp
/// State root and logs hash of a State (state.hpp), following Yellow Paper section 4.1 and appendix D (Merkle
/// Patricia Trie) and section 4.3.1 (logs), as recapped in shared/testdata/evm/README.md.
#include <utility>

#include "trellis/evm/keccak.hpp"
#include "trellis/evm/mpt.hpp"
#include "trellis/evm/rlp.hpp"
#include "trellis/evm/state.hpp"

namespace trellis::evm {

namespace {

core::Bytes as_bytes(const Bytes32& h) { return core::Bytes(h.bytes.begin(), h.bytes.end()); }

/// Root of the storage trie of one account: keccak256(slot) -> RLP(value), zero values left out.
Bytes32 storage_root(const Account& a) {
    std::vector<std::pair<core::Bytes, core::Bytes>> items;
    items.reserve(a.storage.size());
    for (const auto& [key, slot] : a.storage) {
        if (!slot.current) continue;
        uint8_t k[32];
        store_be(k, key);
        items.emplace_back(as_bytes(keccak256(k, 32)), rlp::encode_uint(slot.current));
    }
    return trie_root(std::move(items));
}

}  // namespace

Bytes32 state_root(const State& state) {
    std::vector<std::pair<core::Bytes, core::Bytes>> items;
    items.reserve(state.accounts().size());
    for (const auto& [addr, a] : state.accounts()) {
        const Bytes32 sroot = storage_root(a);
        std::vector<core::Bytes> fields;
        fields.push_back(rlp::encode_uint(a.nonce));
        fields.push_back(rlp::encode_uint(a.balance));
        fields.push_back(rlp::encode_bytes(sroot.bytes.data(), sroot.bytes.size()));
        fields.push_back(rlp::encode_bytes(a.code_hash.bytes.data(), a.code_hash.bytes.size()));
        items.emplace_back(as_bytes(keccak256(addr.bytes.data(), addr.bytes.size())), rlp::encode_list(fields));
    }
    return trie_root(std::move(items));
}

Bytes32 logs_hash(const std::vector<Log>& logs) {
    std::vector<core::Bytes> encoded;
    encoded.reserve(logs.size());
    for (const Log& log : logs) {
        std::vector<core::Bytes> topics;
        for (const Bytes32& t : log.topics) topics.push_back(rlp::encode_bytes(t.bytes.data(), t.bytes.size()));
        std::vector<core::Bytes> fields;
        fields.push_back(rlp::encode_bytes(log.address.bytes.data(), log.address.bytes.size()));
        fields.push_back(rlp::encode_list(topics));
        fields.push_back(rlp::encode_bytes(log.data.data(), log.data.size()));
        encoded.push_back(rlp::encode_list(fields));
    }
    const core::Bytes all = rlp::encode_list(encoded);
    return keccak256(all.data(), all.size());
}

}  // namespace trellis::evm
