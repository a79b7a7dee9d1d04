/// @file rlp.hpp
/// Recursive Length Prefix encoding (Yellow Paper appendix B): the serialisation of accounts, trie nodes,
/// transactions, logs and CREATE addresses. Encoders build byte strings; the decoder splits an encoding into
/// items (views into the input) and enforces the canonical form, as transaction validation requires.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trellis/core/hex.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm::rlp {

/// RLP of a byte string (Yellow Paper B, R_b): a single byte below 0x80 is itself; up to 55 bytes get the
/// prefix 0x80+len; longer strings get 0xb7+len(len) followed by the big-endian length.
core::Bytes encode_bytes(core::BytesView bytes);
/// RLP of `size` bytes at `data` (`data` may be null when `size` is 0).
inline core::Bytes encode_bytes(const uint8_t* data, size_t size) {
    return encode_bytes(core::BytesView(data, size));
}
/// RLP of a scalar (Yellow Paper B, "positive integers"): minimal big-endian bytes, no leading zeros;
/// 0 is the empty string (0x80).
core::Bytes encode_uint(const uint256& value);
/// RLP of a 64-bit scalar (nonces, gas limits), same rules as above.
core::Bytes encode_uint(uint64_t value);
/// RLP of a list (Yellow Paper B, R_l) whose items are ALREADY RLP-encoded: the concatenation of the items,
/// prefixed by 0xc0+len (up to 55 bytes of payload) or 0xf7+len(len) and the big-endian length.
core::Bytes encode_list(const std::vector<core::Bytes>& encoded_items);

/// One decoded RLP item. All views point into the buffer given to decode(), which must outlive the item.
struct Item {
    bool is_list = false;
    core::BytesView payload;     ///< the string's bytes, or the list's concatenated encoded children
    core::BytesView raw;         ///< the complete encoding of this item, prefix included
    std::vector<Item> children;  ///< a list's decoded items, in order (empty for strings)
};

/// Decodes exactly one item spanning the whole of `input` (nested lists are decoded recursively, up to 64
/// levels). Throws core::Error on truncated input, trailing bytes, nesting too deep, or non-canonical form:
/// a single byte below 0x80 wrapped as a string, a long-form length below 56, or a length with leading zeros.
Item decode(core::BytesView input);

/// The value of a string item as a scalar: at most 32 bytes, no leading zero byte (0 is the empty string).
/// Throws core::Error for lists, over-long or non-minimal scalars.
uint256 to_uint(const Item& item);
/// The value of a string item as a scalar of at most 8 bytes (nonces, gas limits); same errors as to_uint.
uint64_t to_u64(const Item& item);

/// A transaction envelope split into its type and body (EIP-2718): legacy transactions are a bare RLP list
/// (type 0); typed ones are one type byte 0x01-0x7f followed by the RLP list of the type's fields.
struct TxEnvelope {
    uint8_t type = 0;  ///< 0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844, ...
    Item body;         ///< the fields' list (is_list is checked)
};
/// Splits signed transaction bytes into type and decoded field list. Throws core::Error if the input is empty,
/// the type byte is outside 0x01-0x7f, or the rest is not exactly one canonical RLP list.
TxEnvelope decode_tx_envelope(core::BytesView tx_bytes);

}  // namespace trellis::evm::rlp
