/// @file precompiles_kzg.cpp
/// The KZG point evaluation precompile at 0x0a (EIP-4844): checks that a KZG commitment C to a blob polynomial
/// opens to y at z with proof pi, i.e. e(C - [y]G1, -G2) * e(pi, [tau]G2 - [z]G2) == 1 on BLS12-381, with
/// [tau]G2 from the EIP-4844 trusted setup (g2_monomial[1]).
///
/// The BLS12-381 arithmetic (groups, subgroup test, pairing) is bls12_381.hpp's, shared with the EIP-2537
/// precompiles. Clarity over speed: one evaluation costs tens of milliseconds.
#include <cryptopp/sha.h>
#include <gmpxx.h>

#include <cstring>

#include "bls12_381.hpp"
#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

mpz_class hex_mpz(const char* hex) { return mpz_class(hex, 16); }

using bls::G1;
using bls::G2;
using bls::mod;

const pairing::PairingConstants& k() { return bls::constants(); }

/// Decodes a compressed G1 point (ZCash encoding: 0x80 compressed, 0x40 infinity, 0x20 larger y; 381-bit x),
/// checking x < p, that it is on the curve and in the order-r subgroup (the KeyValidate of EIP-4844).
bool decode_g1(const uint8_t in[48], G1& out) {
    static const mpz_class sqrt_exponent = (k().p + 1) / 4;  // square roots, p = 3 mod 4
    const uint8_t flags = in[0] & 0xe0;
    if ((flags & 0x80) == 0) return false;
    uint8_t buf[48];
    std::memcpy(buf, in, 48);
    buf[0] &= 0x1f;
    const mpz_class x = pairing::read_be(buf, 48);
    if (flags & 0x40) {  // infinity: no sign bit, x = 0
        out = G1{};
        return (flags & 0x20) == 0 && x == 0;
    }
    if (x >= k().p) return false;
    const mpz_class rhs = mod(x * x * x + 4);
    mpz_class y;
    mpz_powm(y.get_mpz_t(), rhs.get_mpz_t(), sqrt_exponent.get_mpz_t(), k().p.get_mpz_t());
    if (mod(y * y) != rhs) return false;
    const bool larger = y > (k().p - 1) / 2;
    if (larger != ((flags & 0x20) != 0)) y = mod(-y);
    out = G1{x, y, false};
    return bls::in_subgroup(out);
}

/// [tau]G2 of the EIP-4844 trusted setup (g2_monomial[1], compressed b5bfd7dd...c1def2), decompressed.
const G2& tau_g2() {
    static const G2 t{
        {hex_mpz("185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2"),
         hex_mpz("15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72")},
        {hex_mpz("014353bdb96b626dd7d5ee8599d1fca2131569490e28de18e82451a496a9c9794ce26d105941f383ee689bfbbb832a99"),
         hex_mpz("1666c54b0a32529503432fcae0181b4bef79de09fc63671fda5ed1ba9bfa07899495346f3d7ac9cd23048ef30d0a154f")},
        false};
    return t;
}

}  // namespace

PrecompileResult kzg_point_evaluation(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult result = charge(gas, 50000);
    if (result.status != StatusCode::Success) return result;
    // versioned_hash (32) | z (32) | y (32) | commitment (48) | proof (48)
    if (size != 192) return failure();
    uint8_t h[32];
    CryptoPP::SHA256().CalculateDigest(h, input + 96, 48);
    h[0] = 0x01;  // VERSIONED_HASH_VERSION_KZG
    if (std::memcmp(h, input, 32) != 0) return failure();
    const mpz_class z = pairing::read_be(input + 32, 32), y = pairing::read_be(input + 64, 32);
    if (z >= k().r || y >= k().r) return failure();
    G1 commitment, proof;
    if (!decode_g1(input + 96, commitment) || !decode_g1(input + 144, proof)) return failure();
    // e(C - [y]G1, -G2) * e(pi, [tau]G2 - [z]G2) == 1
    const G1 lhs = add(commitment, neg(mul(bls::g1_generator(), y)));
    const G2 rhs = add(tau_g2(), neg(mul(bls::g2_generator(), z)));
    if (!bls::pairing_product_is_one({{lhs, neg(bls::g2_generator())}, {proof, rhs}})) return failure();
    // FIELD_ELEMENTS_PER_BLOB (4096) and BLS_MODULUS as two 32-byte big-endian words.
    result.output.assign(64, 0);
    result.output[30] = 0x10;
    pairing::write_be(result.output.data() + 32, 32, k().r);
    return result;
}

}  // namespace trellis::evm::precompiles
