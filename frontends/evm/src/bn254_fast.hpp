/// @file bn254_fast.hpp
/// alt_bn128 (BN254) on fixed-width Montgomery arithmetic, for the precompiles 0x06-0x08 (EIP-196, EIP-197): the
/// field Fp (4 limbs) and its tower (tower_fields.hpp, xi = 9 + u), G1 (y^2 = x^3 + 3 over Fp) and G2 (the D-type
/// twist y^2 = x^3 + 3 / xi over Fp2) as ec_jacobian.hpp points, and the optimal ate pairing product check.
/// The GMP code of pairing_math.hpp is its test oracle (tests/evm/test_precompiles.cpp runs both on the same
/// inputs). Not installed.
#pragma once
#include <span>
#include <utility>

#include "ec_jacobian.hpp"
#include "mont_field.hpp"
#include "tower_fields.hpp"

namespace trellis::evm::precompiles::bn254 {

struct FpParams {
    static constexpr size_t limbs = 4;
    static constexpr mont::Limbs<4> modulus =
        mont::limbs_from_hex<4>("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
};
using Fp = mont::Fp<FpParams>;
using Fp2 = tower::Fp2<Fp, 9>;
using Fp12 = tower::Fp12<Fp2>;
using G1 = ec::Affine<Fp>;
using G2 = ec::Affine<Fp2>;
using G1J = ec::Jacobian<Fp>;
using G2J = ec::Jacobian<Fp2>;

/// The group order r.
inline constexpr mont::Limbs<4> r =
    mont::limbs_from_hex<4>("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");

/// True if the point is infinity or satisfies its curve equation.
bool on_curve(const G1& a);
bool on_curve(const G2& a);
/// The BN parameter u (6u + 2 is the Miller loop count).
inline constexpr uint64_t seed = 4965661367192848881;

/// True if the twist point (on the twist) has order r, by the endomorphism test of El Housni, Guillevic and
/// Piellard, "Co-factor clearing and subgroup membership testing on pairing-friendly curves" (2022, section 5.1):
/// r Q = 0 exactly when [u + 1] Q + pi([u] Q) + pi^2([u] Q) = pi^3([2u] Q), pi the Frobenius on the twist.
bool in_subgroup(const G2& a);
/// The same answer by the definition, r Q = 0 (slower; the tests compare the two).
bool in_subgroup_by_order(const G2& a);

/// s a for a 256-bit scalar (little-endian limbs).
G1J mul(const G1& a, const mont::Limbs<4>& s);

/// The final exponentiation f^((p^12 - 1) / r) of a non-zero Miller value: the easy part, then the hard part by the
/// addition chain in u of bn254_fast.cpp.
Fp12 final_exponentiation(const Fp12& f);
/// The same value with the hard part as a plain 761-bit power (slower; the tests compare the two).
Fp12 final_exponentiation_by_power(const Fp12& f);

/// True if the product of e(P_i, Q_i) is 1; points at infinity contribute 1. Q_i must be in the subgroup.
bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs);

}  // namespace trellis::evm::precompiles::bn254
