/// @file precompiles_bn254.cpp
/// The alt_bn128 (BN254) precompiles: ECADD at 0x06 and ECMUL at 0x07 (EIP-196) and the pairing check at 0x08
/// (EIP-197), priced by EIP-196/197 from Byzantium and EIP-1108 from Istanbul.
///
/// G1 is y^2 = x^3 + 3 over Fp; G2 lives on the sextic twist y^2 = x^3 + 3/xi over Fp2 = Fp[i]/(i^2 + 1),
/// xi = 9 + i. The arithmetic (Montgomery field, Jacobian points, optimal ate pairing) is bn254_fast.hpp's.
#include <algorithm>
#include <cstring>
#include <vector>

#include "bn254_fast.hpp"
#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

using bn254::Fp;
using bn254::Fp2;
using bn254::G1;
using bn254::G2;

/// Decodes a G1 point (x, y; (0, 0) is infinity); false if a coordinate is >= p or the point is off the curve.
bool read_g1(const uint8_t* in, G1& out) {
    if (!Fp::from_be(in, out.x) || !Fp::from_be(in + 32, out.y)) return false;
    out.infinity = out.x.is_zero() && out.y.is_zero();
    return bn254::on_curve(out);
}

/// Decodes a G2 point (x_im, x_re, y_im, y_re; all zero is infinity); false if a coordinate is >= p, the point
/// is off the twist or outside the order-r subgroup.
bool read_g2(const uint8_t* in, G2& out) {
    if (!Fp::from_be(in + 32, out.x.c0) || !Fp::from_be(in, out.x.c1) || !Fp::from_be(in + 96, out.y.c0) ||
        !Fp::from_be(in + 64, out.y.c1))
        return false;
    out.infinity = out.x.is_zero() && out.y.is_zero();
    if (out.infinity) return true;
    return bn254::on_curve(out) && bn254::in_subgroup(out);
}

PrecompileResult g1_output(PrecompileResult r, const G1& a) {
    r.output.assign(64, 0);
    if (!a.infinity) {
        a.x.to_be(r.output.data());
        a.y.to_be(r.output.data() + 32);
    }
    return r;
}

}  // namespace

PrecompileResult bn254_add(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept {
    PrecompileResult r = charge(gas, rev >= Revision::Istanbul ? 150 : 500);
    if (r.status != StatusCode::Success) return r;
    uint8_t in[128] = {};
    std::memcpy(in, input, std::min<size_t>(size, sizeof(in)));
    G1 a, b;
    if (!read_g1(in, a) || !read_g1(in + 64, b)) return failure();
    return g1_output(std::move(r), ec::add_affine(a, b));
}

PrecompileResult bn254_mul(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept {
    PrecompileResult r = charge(gas, rev >= Revision::Istanbul ? 6000 : 40000);
    if (r.status != StatusCode::Success) return r;
    uint8_t in[96] = {};
    std::memcpy(in, input, std::min<size_t>(size, sizeof(in)));
    G1 a;
    if (!read_g1(in, a)) return failure();
    return g1_output(std::move(r), bn254::mul(a, mont::limbs_from_be<4>(in + 64)).to_affine());
}

PrecompileResult bn254_pairing(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept {
    if (size % 192 != 0) return failure();
    const int64_t pairs = static_cast<int64_t>(size / 192);
    const bool istanbul = rev >= Revision::Istanbul;
    const int64_t per_pair = istanbul ? 34000 : 80000;
    if (pairs > (gas / per_pair) + 1) return failure(StatusCode::OutOfGas);  // no overflow below
    PrecompileResult r = charge(gas, (istanbul ? 45000 : 100000) + per_pair * pairs);
    if (r.status != StatusCode::Success) return r;
    std::vector<std::pair<G1, G2>> points(static_cast<size_t>(pairs));
    for (int64_t i = 0; i < pairs; ++i)
        if (!read_g1(input + 192 * i, points[i].first) || !read_g2(input + 192 * i + 64, points[i].second))
            return failure();
    const bool is_one = bn254::pairing_product_is_one(points);
    r.output.assign(32, 0);
    r.output[31] = is_one ? 1 : 0;
    return r;
}

}  // namespace trellis::evm::precompiles
