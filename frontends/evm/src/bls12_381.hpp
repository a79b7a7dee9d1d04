/// @file bls12_381.hpp
/// The reference (GMP) BLS12-381 arithmetic, the test oracle of the fast implementation that the KZG precompile
/// (EIP-4844) and the BLS12-381 precompiles (EIP-2537) run on (bls12_381_fast.hpp): the curve's constants, its two groups
/// (G1: y^2 = x^3 + 4 over Fp; G2: the M-type twist y^2 = x^3 + 4(1 + i) over Fp2 = Fp[i]/(i^2 + 1)), curve and
/// subgroup membership, the pairing product check, and the maps from field elements to curve points of EIP-2537
/// (simplified SWU onto an isogenous curve, the 11- resp. 3-isogeny, cofactor clearing by h_eff; RFC 9380
/// sections 6.6.2, 6.6.3, 8.8 and appendix E.2-E.3, restated in EIP-2537's assets/field_to_curve.md).
/// Built on the generic GMP field and curve code of pairing_math.hpp. Not installed.
#pragma once
#include <utility>
#include <vector>

#include "pairing_math.hpp"

namespace trellis::evm::precompiles::bls {

/// p, the group order r, the Miller loop count |x| (x = -0xd201000000010000) and the final exponent.
const pairing::PairingConstants& constants();

/// The curve traits of pairing_math.hpp: the field prime and xi = 1 + i.
struct Curve {
    static const mpz_class& p() { return constants().p; }
    static constexpr int xi_re = 1;
};
using G1 = pairing::G1<Curve>;
using G2 = pairing::G2<Curve>;
using Fp2 = pairing::Fp2<Curve>;
using Fp12 = pairing::Fp12<Curve>;

/// a mod p, in [0, p).
inline mpz_class mod(const mpz_class& a) { return pairing::mod<Curve>(a); }

/// The standard generators (EIP-2537 "Generators", the same as the ZCash/IETF BLS12-381 ones).
const G1& g1_generator();
const G2& g2_generator();

/// True if the point is at infinity or its coordinates (each already in [0, p)) satisfy the curve equation.
bool on_curve(const G1& a);
bool on_curve(const G2& a);

/// True if the point (on the curve) lies in the order-r subgroup, by the endomorphism tests of EIP-2537's
/// assets/fast_subgroup_checks.md, whose x is the seed |x| = 0xd201000000010000: phi(P) + x^2 P = 0 on G1
/// (phi(x, y) = (beta x, y), beta a cube root of unity), psi(P) + x P = 0 on G2 (psi the untwist-Frobenius-twist
/// endomorphism, psi(x, y) = (conj(x) / (1 + i)^((p-1)/3), conj(y) / (1 + i)^((p-1)/2))).
bool in_subgroup(const G1& a);
bool in_subgroup(const G2& a);

/// The same answers by the definition, r P = 0 (slower; the tests compare the two).
bool in_subgroup_by_order(const G1& a);
bool in_subgroup_by_order(const G2& a);

/// True if the product of e(P_i, Q_i) over the pairs is 1 in Fp12 (a pair with a point at infinity contributes
/// 1; no pairs: true). The points must be in their subgroups.
bool pairing_product_is_one(const std::vector<std::pair<G1, G2>>& pairs);

/// MAP_FP_TO_G1 of EIP-2537: u (in [0, p)) through simplified SWU onto E' (A', B', Z = 11), the 11-isogeny to E,
/// then multiplication by h_eff = 0xd201000000010001. The result is in G1.
G1 map_fp_to_g1(const mpz_class& u);

/// MAP_FP2_TO_G2 of EIP-2537: u through simplified SWU onto E' (A' = 240 i, B' = 1012 (1 + i), Z = -(2 + i)),
/// the 3-isogeny to the twist, then multiplication by the 636-bit h_eff. The result is in G2.
G2 map_fp2_to_g2(const Fp2& u);

}  // namespace trellis::evm::precompiles::bls
