/// @file precompiles_kzg.cpp
/// The KZG point evaluation precompile at 0x0a (EIP-4844): checks that a KZG commitment C to a blob polynomial
/// opens to y at z with proof pi, i.e. e(C - [y]G1, -G2) * e(pi, [tau]G2 - [z]G2) == 1 on BLS12-381, with
/// [tau]G2 from the EIP-4844 trusted setup (g2_monomial[1]).
///
/// BLS12-381: G1 is y^2 = x^3 + 4 over Fp; G2 lives on the M-type twist y^2 = x^3 + 4(1 + i) over
/// Fp2 = Fp[i]/(i^2 + 1). The pairing check runs the Miller loop for |x| (x = -0xd201000000010000) in
/// Fp12 = Fp[w]/(w^12 - 2 w^6 + 2), where w^6 = 1 + i and a twist point (x', y') maps to (x' / w^2, y' / w^3);
/// line values are scaled by w^3 (or w^2 for vertical lines), factors in proper subfields that the final
/// exponentiation by (p^12 - 1) / r removes, as it removes the conjugation a negative x would need. Clarity
/// over speed: one evaluation costs tens of milliseconds. The field, curve and Fp12 arithmetic it shares with
/// alt_bn128 (GMP) is in pairing_math.hpp.
#include <cryptopp/sha.h>
#include <gmpxx.h>

#include <cstring>

#include "pairing_math.hpp"
#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

mpz_class hex_mpz(const char* hex) { return mpz_class(hex, 16); }

const pairing::PairingConstants& k() {
    static const pairing::PairingConstants c{
        hex_mpz("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab"),
        hex_mpz("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"),
        hex_mpz("d201000000010000")};  // |x|
    return c;
}

struct Bls12_381 {
    static const mpz_class& p() { return k().p; }
    static constexpr int xi_re = 1;  // xi = 1 + i
};
using G1 = pairing::G1<Bls12_381>;
using G2 = pairing::G2<Bls12_381>;
using Fp2 = pairing::Fp2<Bls12_381>;
using Fp12 = pairing::Fp12<Bls12_381>;

mpz_class mod(const mpz_class& a) { return pairing::mod<Bls12_381>(a); }

const G1& g1_generator() {
    static const G1 g{hex_mpz("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af"
                              "00adb22c6bb"),
                      hex_mpz("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa2"
                              "32946c5e7e1"),
                      false};
    return g;
}

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
    return mul(out, k().r).infinity;
}

const G2& g2_generator() {
    static const G2 g{
        {hex_mpz("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
         hex_mpz("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")},
        {hex_mpz("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
         hex_mpz("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")},
        false};
    return g;
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

/// The line through twisted points t and u (tangent if equal) at the G1 point p, scaled by w^3 (w^2 if vertical).
Fp12 line(const G2& t, const G2& u, const G1& p) {
    Fp12 f = Fp12::zero();
    if (t.x == u.x && !(t.y == u.y)) {  // vertical: (x_P - x' w^-2) w^2 = x_P w^2 - x'
        f[2] = p.x;
        add_scaled(f, neg(t.x), 0);
        return f;
    }
    // (m' w^-1 (x_P - x' w^-2) - (y_P - y' w^-3)) w^3 = (y' - m' x') + m' x_P w^2 - y_P w^3
    const Fp2 m = slope(t, u);
    add_scaled(f, t.y - m * t.x, 0);
    add_scaled(f, scale(m, p.x), 2);
    f[3] = mod(f[3] - p.y);
    return f;
}

/// True if the product of e(p_i, q_i) is 1 (pairs with a point at infinity contribute 1).
bool pairing_check(const G1& p1, const G2& q1, const G1& p2, const G2& q2) {
    G2 r;
    Fp12 f = Fp12::one();
    if (!p1.infinity && !q1.infinity) f = f * pairing::miller_loop(q1, p1, k().loop_count, r, line);
    if (!p2.infinity && !q2.infinity) f = f * pairing::miller_loop(q2, p2, k().loop_count, r, line);
    return pow(f, k().final_exponent) == Fp12::one();
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
    const G1 lhs = add(commitment, neg(mul(g1_generator(), y)));
    const G2 rhs = add(tau_g2(), neg(mul(g2_generator(), z)));
    if (!pairing_check(lhs, neg(g2_generator()), proof, rhs)) return failure();
    // FIELD_ELEMENTS_PER_BLOB (4096) and BLS_MODULUS as two 32-byte big-endian words.
    result.output.assign(64, 0);
    result.output[30] = 0x10;
    pairing::write_be(result.output.data() + 32, 32, k().r);
    return result;
}

}  // namespace trellis::evm::precompiles
