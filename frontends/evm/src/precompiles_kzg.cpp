/// @file precompiles_kzg.cpp
/// The KZG point evaluation precompile at 0x0a (EIP-4844): checks that a KZG commitment C to a blob polynomial
/// opens to y at z with proof pi, i.e. e(C - [y]G1, -G2) * e(pi, [tau]G2 - [z]G2) == 1 on BLS12-381, with
/// [tau]G2 from the EIP-4844 trusted setup (g2_monomial[1]).
///
/// The BLS12-381 arithmetic (groups, subgroup test, MSM, pairing) is bls12_381_fast.hpp's, shared with the EIP-2537
/// precompiles; the Miller loop's lines of the two fixed G2 points are computed once per process.
#include <cryptopp/sha.h>
#include <cstring>

#include "bls12_381_fast.hpp"
#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

using bls::fast::Fp;
using bls::fast::Fp2;
using bls::fast::G1;
using bls::fast::G1J;
using bls::fast::G2;

/// The plain value of r, big-endian, for the output.
constexpr mont::Limbs<4> bls_modulus = bls::fast::r;

/// Decodes a compressed G1 point (ZCash encoding: 0x80 compressed, 0x40 infinity, 0x20 larger y; 381-bit x),
/// checking x < p, that it is on the curve and in the order-r subgroup (the KeyValidate of EIP-4844); x_out is
/// |x| out, a by-product of the subgroup test (bls12_381_fast.hpp).
bool decode_g1(const uint8_t in[48], G1& out, G1J& x_out) {
    const uint8_t flags = in[0] & 0xe0;
    if ((flags & 0x80) == 0) return false;
    uint8_t buf[48];
    std::memcpy(buf, in, 48);
    buf[0] &= 0x1f;
    if (flags & 0x40) {  // infinity: no sign bit, x = 0
        out = G1{};
        x_out = G1J{};
        if (flags & 0x20) return false;
        for (uint8_t b : buf)
            if (b != 0) return false;
        return true;
    }
    Fp x, y;
    if (!Fp::from_be(buf, x)) return false;
    if (!bls::fast::sqrt(x.square() * x + Fp::from_u64(4), y)) return false;
    // "larger": y > (p - 1) / 2, i.e. y > p - y as plain values.
    const mont::Limbs<6> yl = y.to_limbs(), nyl = (-y).to_limbs();
    const bool larger = !y.is_zero() && !mont::geq(nyl, yl);
    if (larger != ((flags & 0x20) != 0)) y = -y;
    out = G1{x, y, false};
    return bls::fast::in_subgroup(out, x_out);
}

/// [tau]G2 of the EIP-4844 trusted setup (g2_monomial[1], compressed b5bfd7dd...c1def2), decompressed.
const G2& tau_g2() {
    static const G2 t{
        {Fp::from_hex("185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2"),
         Fp::from_hex("15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72")},
        {Fp::from_hex("014353bdb96b626dd7d5ee8599d1fca2131569490e28de18e82451a496a9c9794ce26d105941f383ee689bfbbb832a99"),
         Fp::from_hex("1666c54b0a32529503432fcae0181b4bef79de09fc63671fda5ed1ba9bfa07899495346f3d7ac9cd23048ef30d0a154f")},
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
    const mont::Limbs<4> z = mont::limbs_from_be<4>(input + 32), y = mont::limbs_from_be<4>(input + 64);
    if (mont::geq(z, bls_modulus) || mont::geq(y, bls_modulus)) return failure();
    G1 commitment, proof;
    G1J x_commitment, x_proof;  // |x| C, |x| pi from the subgroup tests
    if (!decode_g1(input + 96, commitment, x_commitment) || !decode_g1(input + 144, proof, x_proof)) return failure();
    // e(C - [y]G1, -G2) * e(pi, [tau]G2 - [z]G2) == 1, rewritten with both G2 points fixed:
    // e(C - [y]G1 + [z]pi, -G2) * e(pi, [tau]G2) == 1 (e(pi, -[z]G2) = e([z]pi, -G2)).
    mont::Limbs<4> minus_y{};
    mont::sub_limbs(minus_y, bls_modulus, y);  // r - y (= r when y = 0: the MSM reduces it to 0)
    const G1 lhs = bls::fast::msm_generator_and_point(minus_y, proof, x_proof, z).add(commitment).to_affine();
    static const bls::fast::G2Prepared minus_g2 = bls::fast::prepare(bls::fast::g2_generator().neg()),
                                       tau = bls::fast::prepare(tau_g2());
    static const bls::fast::G2PairPrepared pair = bls::fast::prepare_pair(minus_g2, tau);
    if (!bls::fast::pairing_product_is_one(lhs, proof, pair, minus_g2, tau)) return failure();
    // FIELD_ELEMENTS_PER_BLOB (4096) and BLS_MODULUS as two 32-byte big-endian words.
    result.output.assign(64, 0);
    result.output[30] = 0x10;
    mont::limbs_to_be(bls_modulus, result.output.data() + 32);
    return result;
}

}  // namespace trellis::evm::precompiles
