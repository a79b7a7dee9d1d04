/// @file precompiles_hash.cpp
/// The Frontier precompiles (Yellow Paper appendix E): ECRECOVER through libsecp256k1's recovery module,
/// SHA2-256 and RIPEMD-160 through Crypto++, and IDENTITY.
#include <cryptopp/ripemd.h>
#include <cryptopp/sha.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>
#include <cstring>

#include "precompiles_internal.hpp"
#include "trellis/evm/keccak.hpp"

namespace trellis::evm::precompiles {

namespace {

const secp256k1_context* secp_context() noexcept {
    static const secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    return ctx;
}

}  // namespace

PrecompileResult ecrecover(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult r = charge(gas, 3000);
    if (r.status != StatusCode::Success) return r;
    // hash (32) | v (32) | r (32) | s (32), right-padded with zeros.
    uint8_t in[128] = {};
    std::memcpy(in, input, std::min<size_t>(size, sizeof(in)));
    // v must be exactly 27 or 28 as a 256-bit word.
    for (int i = 32; i < 63; ++i)
        if (in[i] != 0) return r;
    if (in[63] != 27 && in[63] != 28) return r;
    const int recid = in[63] - 27;
    // r and s in [1, n): parse_compact rejects values >= n; zero is rejected by recover itself.
    secp256k1_ecdsa_recoverable_signature sig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(secp_context(), &sig, in + 64, recid)) return r;
    secp256k1_pubkey pubkey;
    if (!secp256k1_ecdsa_recover(secp_context(), &pubkey, &sig, in)) return r;
    uint8_t serialized[65];
    size_t len = sizeof(serialized);
    secp256k1_ec_pubkey_serialize(secp_context(), serialized, &len, &pubkey, SECP256K1_EC_UNCOMPRESSED);
    const Bytes32 h = keccak256(serialized + 1, 64);  // address = last 20 bytes of keccak(x || y)
    r.output.assign(32, 0);
    std::memcpy(r.output.data() + 12, h.bytes.data() + 12, 20);
    return r;
}

PrecompileResult sha256(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult r = charge(gas, 60 + 12 * num_words(size));
    if (r.status != StatusCode::Success) return r;
    r.output.resize(CryptoPP::SHA256::DIGESTSIZE);
    CryptoPP::SHA256().CalculateDigest(r.output.data(), input, size);
    return r;
}

PrecompileResult ripemd160(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult r = charge(gas, 600 + 120 * num_words(size));
    if (r.status != StatusCode::Success) return r;
    r.output.assign(32, 0);
    CryptoPP::RIPEMD160().CalculateDigest(r.output.data() + 12, input, size);
    return r;
}

PrecompileResult identity(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult r = charge(gas, 15 + 3 * num_words(size));
    if (r.status != StatusCode::Success) return r;
    r.output.assign(input, input + size);
    return r;
}

}  // namespace trellis::evm::precompiles
