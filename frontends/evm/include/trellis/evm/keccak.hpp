/// @file keccak.hpp
/// Keccak-256 as Ethereum uses it (Yellow Paper section 3, "KEC"): the original Keccak submission's padding
/// (domain byte 0x01), which differs from NIST FIPS-202 SHA3-256 (0x06). Our own permutation (src/keccak.cpp).
#pragma once
#include <cstddef>
#include <cstdint>

#include "trellis/core/hex.hpp"
#include "trellis/evm/types.hpp"

namespace trellis::evm {

/// Keccak-256 of `size` bytes at `data` (`data` may be null when `size` is 0). Returns the 32-byte digest.
/// Used by KECCAK256 (opcode 0x20), CREATE2 and EXTCODEHASH, addresses, tries and logs hashes. Never throws.
Bytes32 keccak256(const uint8_t* data, size_t size) noexcept;

/// Keccak-256 of a byte view.
inline Bytes32 keccak256(core::BytesView bytes) noexcept { return keccak256(bytes.data(), bytes.size()); }

}  // namespace trellis::evm
