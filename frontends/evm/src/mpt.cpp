/// @file mpt.cpp
/// Merkle Patricia Trie root (Yellow Paper appendix D): the trie is built bottom-up over the sorted key set,
/// without storing nodes, since only the root hash is needed.
#include "trellis/evm/mpt.hpp"

#include <algorithm>

#include "trellis/evm/keccak.hpp"
#include "trellis/evm/rlp.hpp"

namespace trellis::evm {

namespace {

using Entry = std::pair<core::Bytes, core::Bytes>;

/// Nibble `i` of `key` (high nibble of each byte first).
uint8_t nibble(const core::Bytes& key, size_t i) {
    const uint8_t b = key[i / 2];
    return (i % 2 == 0) ? static_cast<uint8_t>(b >> 4) : static_cast<uint8_t>(b & 0x0f);
}

/// Hex-prefix encoding (Yellow Paper appendix C) of nibbles [from, to) of `key`; `leaf` sets the terminator flag.
core::Bytes hex_prefix(const core::Bytes& key, size_t from, size_t to, bool leaf) {
    const size_t n = to - from;
    const bool odd = (n % 2) != 0;
    core::Bytes out;
    out.reserve(n / 2 + 1);
    const uint8_t flag = static_cast<uint8_t>((leaf ? 2 : 0) + (odd ? 1 : 0));
    size_t i = from;
    if (odd) {
        out.push_back(static_cast<uint8_t>((flag << 4) | nibble(key, i)));
        ++i;
    } else {
        out.push_back(static_cast<uint8_t>(flag << 4));
    }
    for (; i < to; i += 2) out.push_back(static_cast<uint8_t>((nibble(key, i) << 4) | nibble(key, i + 1)));
    return out;
}

/// How a node appears inside its parent: the encoding itself if under 32 bytes, else RLP(keccak256(encoding)).
core::Bytes reference(const core::Bytes& encoded) {
    if (encoded.size() < 32) return encoded;
    const Bytes32 h = keccak256(encoded.data(), encoded.size());
    return rlp::encode_bytes(core::BytesView(h.bytes.data(), h.bytes.size()));
}

/// RLP encoding of the node covering the sorted, non-empty range [first, last) whose keys share their first
/// `depth` nibbles.
core::Bytes encode_node(const Entry* first, const Entry* last, size_t depth) {
    const size_t count = static_cast<size_t>(last - first);
    if (count == 1) {  // leaf: the rest of the path and the value
        const size_t end = first->first.size() * 2;
        return rlp::encode_list({rlp::encode_bytes(hex_prefix(first->first, depth, end, true)),
                                 rlp::encode_bytes(first->second)});
    }
    // Keys are sorted, so the prefix shared by the first and the last is shared by all.
    const core::Bytes& lo = first->first;
    const core::Bytes& hi = (last - 1)->first;
    const size_t limit = std::min(lo.size(), hi.size()) * 2;
    size_t common = depth;
    while (common < limit && nibble(lo, common) == nibble(hi, common)) ++common;
    if (common > depth) {  // extension: the shared path, then the branch below it
        return rlp::encode_list({rlp::encode_bytes(hex_prefix(lo, depth, common, false)),
                                 reference(encode_node(first, last, common))});
    }
    // Branch: 16 children by the next nibble, and the value of a key that ends exactly here (sorted first).
    std::vector<core::Bytes> slots;
    slots.reserve(17);
    const Entry* it = first;
    core::Bytes value_slot = rlp::encode_bytes(core::BytesView());
    if (it->first.size() * 2 == depth) {
        value_slot = rlp::encode_bytes(it->second);
        ++it;
    }
    for (uint8_t n = 0; n < 16; ++n) {
        const Entry* group_end = it;
        while (group_end != last && nibble(group_end->first, depth) == n) ++group_end;
        if (group_end == it) {
            slots.push_back(rlp::encode_bytes(core::BytesView()));
        } else {
            slots.push_back(reference(encode_node(it, group_end, depth + 1)));
            it = group_end;
        }
    }
    slots.push_back(std::move(value_slot));
    return rlp::encode_list(slots);
}

}  // namespace

Bytes32 empty_trie_root() noexcept {
    static const uint8_t empty_string = 0x80;
    return keccak256(&empty_string, 1);
}

Bytes32 trie_root(std::vector<std::pair<core::Bytes, core::Bytes>> entries) {
    // Sort by key (byte order is nibble order); among equal keys keep the last given.
    std::vector<size_t> order(entries.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return entries[a].first != entries[b].first ? entries[a].first < entries[b].first : a < b;
    });
    std::vector<Entry> unique;
    unique.reserve(entries.size());
    for (size_t k = 0; k < order.size(); ++k) {
        Entry& e = entries[order[k]];
        if (k + 1 < order.size() && entries[order[k + 1]].first == e.first) continue;
        if (e.second.empty()) continue;
        unique.push_back(std::move(e));
    }
    if (unique.empty()) return empty_trie_root();
    const core::Bytes root = encode_node(unique.data(), unique.data() + unique.size(), 0);
    return keccak256(root.data(), root.size());
}

}  // namespace trellis::evm
