/// @file hash_cryptopp.cpp
/// The Zexus hash module (`libtrellis_zexus_hash.so`): the message digests of the `hash`, `keccak256` and
/// `sha256` builtins (LANGUAGE.md §13) through Crypto++, behind one C entry point. trellis-zx loads it with dlopen
/// on the first hash call (src/builtins_hash.cpp), so that Crypto++'s load and static initialisers (CPU probing,
/// big-integer and elliptic-curve constants: ~1.3 ms) stay out of the startup of scripts that never hash.
/// Algorithms: SHA-256, SHA-512, SHA-1 (FIPS 180-4), SHA3-256 (FIPS 202), Keccak-256 (original padding, as
/// Ethereum uses it), RIPEMD-160.
#include <cryptopp/keccak.h>
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>
#include <cryptopp/sha3.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace {

template <class H>
size_t digest(const uint8_t* data, size_t size, uint8_t* out) {
    H h;
    h.CalculateDigest(out, data, size);
    return H::DIGESTSIZE;
}

}  // namespace

/// Digest of data[0..size) with `algorithm` (canonical upper-case name: "SHA256", "SHA512", "SHA1", "SHA3256",
/// "KECCAK256", "RIPEMD160") written to out (room for 64 bytes). Returns the digest size in bytes, 0 for an
/// unknown algorithm.
extern "C" __attribute__((visibility("default"))) size_t trellis_zexus_digest(const char* algorithm,
                                                                              const uint8_t* data, size_t size,
                                                                              uint8_t* out) {
    if (std::strcmp(algorithm, "SHA256") == 0) return digest<CryptoPP::SHA256>(data, size, out);
    if (std::strcmp(algorithm, "SHA512") == 0) return digest<CryptoPP::SHA512>(data, size, out);
    if (std::strcmp(algorithm, "SHA1") == 0) return digest<CryptoPP::SHA1>(data, size, out);
    if (std::strcmp(algorithm, "SHA3256") == 0) return digest<CryptoPP::SHA3_256>(data, size, out);
    if (std::strcmp(algorithm, "KECCAK256") == 0) return digest<CryptoPP::Keccak_256>(data, size, out);
    if (std::strcmp(algorithm, "RIPEMD160") == 0) return digest<CryptoPP::RIPEMD160>(data, size, out);
    return 0;
}
