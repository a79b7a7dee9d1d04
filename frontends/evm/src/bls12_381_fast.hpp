/// @file bls12_381_fast.hpp
/// BLS12-381 on fixed-width Montgomery arithmetic, for the KZG point evaluation precompile (EIP-4844) and the
/// BLS12-381 precompiles (EIP-2537): the field Fp (6 limbs) and its tower (tower_fields.hpp, xi = 1 + u), G1
/// (y^2 = x^3 + 4 over Fp) and G2 (the M-type twist y^2 = x^3 + 4 (1 + u) over Fp2) as ec_jacobian.hpp points,
/// the subgroup tests and scalar multiplications by the curve's endomorphisms, the optimal ate pairing product
/// check and the EIP-2537 maps from field elements to the groups.
///
/// The GMP code of bls12_381.hpp computes the same functions plainly (affine points, textbook final
/// exponentiation); it is the test oracle of this one (tests/evm/test_bls12_381_fast.cpp). Not installed.
#pragma once
#include <array>
#include <span>
#include <utility>
#include <vector>

#include "ec_jacobian.hpp"
#include "mont_field.hpp"
#include "tower_fields.hpp"

namespace trellis::evm::precompiles::bls::fast {

struct FpParams {
    static constexpr size_t limbs = 6;
    static constexpr mont::Limbs<6> modulus = mont::limbs_from_hex<6>(
        "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");
};
using Fp = mont::Fp<FpParams>;
using Fp2 = tower::Fp2<Fp, 1>;
using Fp6 = tower::Fp6<Fp2>;
using Fp12 = tower::Fp12<Fp2>;
using G1 = ec::Affine<Fp>;
using G2 = ec::Affine<Fp2>;
using G1J = ec::Jacobian<Fp>;
using G2J = ec::Jacobian<Fp2>;
/// A 256-bit scalar, little-endian limbs.
using Scalar = mont::Limbs<4>;

/// The group order r.
inline constexpr Scalar r = mont::limbs_from_hex<4>("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
/// |x| for the curve seed x = -0xd201000000010000: the Miller loop count, and the eigenvalue of the endomorphisms
/// (psi(P) = -|x| P on G2, phi(P) = -x^2 P on G1).
inline constexpr uint64_t seed = 0xd201000000010000;

/// The standard generators (EIP-2537 "Generators").
const G1& g1_generator();
const G2& g2_generator();

/// True if the point is at infinity or satisfies its curve equation.
bool on_curve(const G1& a);
bool on_curve(const G2& a);

/// True if the point (on the curve) is in the order-r subgroup, by EIP-2537 assets/fast_subgroup_checks.md:
/// phi(P) + x^2 P = 0 on G1 (phi(x, y) = (beta x, y)), psi(P) + |x| P = 0 on G2.
bool in_subgroup(const G1& a);
bool in_subgroup(const G2& a);
/// The G1 test, also handing out |x| P (computed on the way to x^2 P; infinity for P at infinity), which
/// msm_generator_and_point takes.
bool in_subgroup(const G1& a, G1J& x_a);

/// The endomorphism psi(x, y) = (conj(x) / (1 + u)^((p - 1) / 3), conj(y) / (1 + u)^((p - 1) / 2)) of the twist
/// (untwist, Frobenius, twist), affine and Jacobian.
G2 psi(const G2& a);
G2J psi(const G2J& a);

/// sum s_i P_i for points in the subgroups (scalars any 256-bit value; they are reduced mod r). The scalars are
/// split by the endomorphisms, into two 128-bit halves on G1 and four 64-bit digits on G2, before the MSM of
/// ec_jacobian.hpp.
G1J msm(std::span<const G1> points, std::span<const Scalar> scalars);
G2J msm(std::span<const G2> points, std::span<const Scalar> scalars);

/// [s]G1 + [t]P for the G1 generator and a point P that passed in_subgroup(P, x_p) (x_p = |x| P), as KZG's check
/// needs it: both scalars split into four base-|x| digits of 64 bits, over G1's fixed powers [|x|^k]G1 (their
/// subset sums tabulated once per process) and P's powers P, |x| P, x^2 P = -phi(P), |x|^3 P = -phi(|x| P) (one
/// table of subset sums made affine with one inversion), so the MSM doubles 64 times instead of msm's 128.
G1J msm_generator_and_point(const Scalar& s, const G1& p, const G1J& x_p, const Scalar& t);

/// The pairing e(P, Q)^3 (the cube: the final exponentiation computes 3 (p^4 - p^2 + 1) / r for its hard part, which
/// changes neither which products are 1 nor bilinearity); P, Q in the subgroups, either may be infinity.
Fp12 pairing(const G1& p, const G2& q);

/// True if the product of e(P_i, Q_i) is 1 (pairs with a point at infinity contribute 1; none: true). The points
/// must be in their subgroups.
bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs);

/// The Miller loop's line coefficients (c0, c1, c2) of one G2 point, in loop order (63 doublings and 5
/// additions; empty for infinity): computed once for a fixed point (KZG's).
struct G2Prepared {
    std::vector<std::array<Fp2, 3>> lines;
};
G2Prepared prepare(const G2& q);
/// The same check with prepared G2 points: true if the product of e(ps[i], qs[i]) is 1.
bool pairing_product_is_one(std::span<const G1> ps, std::span<const G2Prepared* const> qs);

/// Two fixed G2 points prepared for a product of two pairings (KZG's -G2 and [tau]G2): per line index, the nine
/// Fp2 products of the two lines' coefficients. With each line divided by its P's y (an Fp factor, which the final
/// exponentiation removes), the lines are a0 alpha + a1 beta w^2 + a2 w^3 (alpha = 1 / yP, beta = xP / yP), and
/// their product needs these fixed products times four P-dependent Fp values instead of six Fp2 products.
struct G2PairPrepared {
    std::vector<std::array<Fp2, 9>> products;
};
/// Both points must be finite (non-empty lines).
G2PairPrepared prepare_pair(const G2Prepared& a, const G2Prepared& b);
/// True if e(pa, A) e(pb, B) = 1 for the pair (A, B) prepared by prepare_pair; either P may be infinity.
bool pairing_product_is_one(const G1& pa, const G1& pb, const G2PairPrepared& q, const G2Prepared& a,
                            const G2Prepared& b);

/// a^|x| for a unitary a (a^(p^6 + 1) = 1, as in the final exponentiation's hard part): the 63 squarings in
/// Karabina's compressed form (tower_fields.hpp), the 6 powers of a at |x|'s set bits decompressed with one shared
/// inversion and multiplied. pow_seed_uncompressed is plain square-and-multiply with Granger-Scott squarings, the
/// fallback where a decompression does not apply (a zero coefficient) and the tests' reference.
Fp12 pow_seed(const Fp12& a);
Fp12 pow_seed_uncompressed(const Fp12& a);

/// MAP_FP_TO_G1 / MAP_FP2_TO_G2 of EIP-2537 (simplified SWU, the isogeny, cofactor clearing).
G1 map_fp_to_g1(const Fp& u);
G2 map_fp2_to_g2(const Fp2& u);

/// sqrt of a (p = 3 mod 4: a^((p + 1) / 4)); false if a is not a square.
bool sqrt(const Fp& a, Fp& out);

}  // namespace trellis::evm::precompiles::bls::fast
