/// @file builtins_hash.hpp
/// Private to the Zexus evaluator: message digests for the `hash`, `keccak256` and `sha256` builtins
/// (LANGUAGE.md §13), computed by the Crypto++ hash module (plugins/hash_cryptopp.cpp) loaded on first use.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trellis::zexus {

/// Digest of `data` with `algorithm` (canonical name: "SHA256", "SHA512", "SHA1", "SHA3256", "KECCAK256",
/// "RIPEMD160") into out (64 bytes of room). Returns the digest size in bytes; 0 for an unknown algorithm.
/// Errors: returns SIZE_MAX with `error` set when the hash module cannot be loaded (first call only tries).
size_t compute_digest(const char* algorithm, std::string_view data, uint8_t* out, std::string& error);

}  // namespace trellis::zexus
