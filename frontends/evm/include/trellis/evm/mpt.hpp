/// @file mpt.hpp
/// Root hash of a Merkle Patricia Trie built from scratch (Yellow Paper appendix D): keys as nibble paths,
/// hex-prefix encoded leaf and extension paths, 17-slot branch nodes, RLP-encoded nodes that are referenced by
/// their Keccak-256 hash when 32 bytes or longer and embedded inline otherwise. Used for state roots, storage
/// roots and (elsewhere) transaction/receipt roots.
#pragma once
#include <utility>
#include <vector>

#include "trellis/core/hex.hpp"
#include "trellis/evm/types.hpp"

namespace trellis::evm {

/// keccak256(RLP("")) = keccak256(0x80): the root of the empty trie,
/// 0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421.
Bytes32 empty_trie_root() noexcept;

/// Root hash of the trie holding `entries` (Yellow Paper appendix D, TRIE(J)).
/// Keys are the raw key bytes (the caller passes keccak256(key) for the "secure" state and storage tries);
/// values are the already RLP-encoded payloads (e.g. RLP([nonce, balance, storageRoot, codeHash])).
/// Entries with an empty value are treated as absent; when a key repeats, the last entry wins.
/// The order of `entries` does not matter. The root is always hashed, even when its node is under 32 bytes.
Bytes32 trie_root(std::vector<std::pair<core::Bytes, core::Bytes>> entries);

}  // namespace trellis::evm
