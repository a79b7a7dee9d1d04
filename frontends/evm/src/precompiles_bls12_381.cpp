/// @file precompiles_bls12_381.cpp
/// The BLS12-381 precompiles of EIP-2537 (Prague), addresses 0x0b-0x11: G1ADD, G1MSM, G2ADD, G2MSM,
/// PAIRING_CHECK, MAP_FP_TO_G1, MAP_FP2_TO_G2, on the Montgomery arithmetic of bls12_381_fast.hpp.
///
/// Encoding (EIP-2537 "Fine points and encoding of base elements"): an Fp element is 64 bytes big-endian whose top
/// 16 bytes are zero and whose value is below p; an Fp2 element c0 + c1 i is c0 | c1 (128 bytes); a G1 point is
/// x | y (128 bytes), a G2 point x | y (256 bytes); all zeros encode the point at infinity; any other point must
/// satisfy its curve equation. Scalars are 32 bytes big-endian, any value. MSM and pairing inputs also require
/// every point to be in the order-r subgroup; additions do not. Every error (length, encoding, curve, subgroup)
/// fails the call and burns all its gas.
///
/// Gas: G1ADD 375, G2ADD 600, MAP_FP_TO_G1 5500, MAP_FP2_TO_G2 23800, PAIRING_CHECK 32600 k + 37700;
/// G1MSM / G2MSM k * 12000 / 22500 * discount(k) / 1000 with the EIP's discount tables (k > 128: the last entry).
#include <array>
#include <utility>
#include <vector>

#include "bls12_381_fast.hpp"
#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

using bls::fast::Fp;
using bls::fast::Fp2;
using bls::fast::G1;
using bls::fast::G2;

constexpr size_t fp_size = 64, g1_size = 128, g2_size = 256, scalar_size = 32;

// EIP-2537 "Gas schedule": the MSM discounts for k = 1..128 pairs, in thousandths.
constexpr std::array<uint16_t, 128> g1_msm_discount{
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665, 661, 658, 654,
    651,  648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615, 613, 611, 609, 608, 606, 604,
    603,  601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585, 584, 582, 581, 580, 579, 577, 576, 575, 574,
    573,  572, 570, 569, 568, 567, 566, 565, 564, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551,
    550,  549, 548, 547, 547, 546, 545, 544, 543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532,
    532,  531, 530, 529, 528, 528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519};
constexpr std::array<uint16_t, 128> g2_msm_discount{
    1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699, 693, 688, 683,
    679,  674,  670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629, 627, 624, 622, 620, 618, 615,
    613,  611,  609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592, 590, 589, 587, 586, 584, 583, 582, 580, 579,
    578,  576,  575, 574, 573, 571, 570, 569, 568, 567, 566, 565, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554,
    553,  552,  552, 551, 550, 549, 548, 547, 546, 545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536,
    535,  535,  534, 533, 532, 532, 531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524};

/// k pairs of an MSM at `mul_cost` per multiplication, discounted.
int64_t msm_gas(size_t k, int64_t mul_cost, const std::array<uint16_t, 128>& discount) {
    if (k == 0) return 0;
    const int64_t d = discount[std::min<size_t>(k, discount.size()) - 1];
    return static_cast<int64_t>(k) * mul_cost * d / 1000;
}

/// An Fp element: top 16 bytes zero, value below p.
bool read_fp(const uint8_t* in, Fp& out) {
    for (size_t i = 0; i < 16; ++i)
        if (in[i] != 0) return false;
    return Fp::from_be(in + 16, out);
}

bool read_fp2(const uint8_t* in, Fp2& out) { return read_fp(in, out.c0) && read_fp(in + fp_size, out.c1); }

/// A G1 point: (0, 0) is infinity, anything else must be on the curve; with `subgroup` also in G1's subgroup.
bool read_g1(const uint8_t* in, G1& out, bool subgroup) {
    if (!read_fp(in, out.x) || !read_fp(in + fp_size, out.y)) return false;
    out.infinity = out.x.is_zero() && out.y.is_zero();
    return bls::fast::on_curve(out) && (!subgroup || bls::fast::in_subgroup(out));
}

bool read_g2(const uint8_t* in, G2& out, bool subgroup) {
    if (!read_fp2(in, out.x) || !read_fp2(in + 2 * fp_size, out.y)) return false;
    out.infinity = out.x.is_zero() && out.y.is_zero();
    return bls::fast::on_curve(out) && (!subgroup || bls::fast::in_subgroup(out));
}

void write_fp(uint8_t* out, const Fp& v) { v.to_be(out + 16); }

std::vector<uint8_t> encode(const G1& a) {
    std::vector<uint8_t> out(g1_size, 0);
    if (!a.infinity) {
        write_fp(out.data(), a.x);
        write_fp(out.data() + fp_size, a.y);
    }
    return out;
}

std::vector<uint8_t> encode(const G2& a) {
    std::vector<uint8_t> out(g2_size, 0);
    if (!a.infinity) {
        write_fp(out.data(), a.x.c0);
        write_fp(out.data() + fp_size, a.x.c1);
        write_fp(out.data() + 2 * fp_size, a.y.c0);
        write_fp(out.data() + 3 * fp_size, a.y.c1);
    }
    return out;
}

/// a + b, both points decoded without subgroup check.
template <class P, size_t point_size, bool (*read)(const uint8_t*, P&, bool)>
PrecompileResult add_points(const uint8_t* input, size_t size, int64_t gas, int64_t cost) {
    PrecompileResult result = charge(gas, cost);
    if (result.status != StatusCode::Success) return result;
    P a, b;
    if (size != 2 * point_size || !read(input, a, false) || !read(input + point_size, b, false)) return failure();
    result.output = encode(ec::add_affine(a, b));
    return result;
}

/// sum s_i P_i over k = size / (point_size + 32) pairs, every P_i in the subgroup (so s_i may be reduced mod r).
template <class P, size_t point_size, bool (*read)(const uint8_t*, P&, bool)>
PrecompileResult msm(const uint8_t* input, size_t size, int64_t gas, int64_t mul_cost,
                     const std::array<uint16_t, 128>& discount) {
    constexpr size_t pair_size = point_size + scalar_size;
    const size_t k = size / pair_size;
    PrecompileResult result = charge(gas, msm_gas(k, mul_cost, discount));
    if (result.status != StatusCode::Success) return result;
    if (k == 0 || size % pair_size != 0) return failure();
    std::vector<P> points(k);
    std::vector<bls::fast::Scalar> scalars(k);
    for (size_t i = 0; i < k; ++i) {
        const uint8_t* pair = input + i * pair_size;
        if (!read(pair, points[i], true)) return failure();
        scalars[i] = mont::limbs_from_be<4>(pair + point_size);
    }
    result.output = encode(bls::fast::msm(points, scalars).to_affine());
    return result;
}

}  // namespace

PrecompileResult bls12_g1add(const uint8_t* input, size_t size, int64_t gas) noexcept {
    return add_points<G1, g1_size, read_g1>(input, size, gas, 375);
}

PrecompileResult bls12_g2add(const uint8_t* input, size_t size, int64_t gas) noexcept {
    return add_points<G2, g2_size, read_g2>(input, size, gas, 600);
}

PrecompileResult bls12_g1msm(const uint8_t* input, size_t size, int64_t gas) noexcept {
    return msm<G1, g1_size, read_g1>(input, size, gas, 12000, g1_msm_discount);
}

PrecompileResult bls12_g2msm(const uint8_t* input, size_t size, int64_t gas) noexcept {
    return msm<G2, g2_size, read_g2>(input, size, gas, 22500, g2_msm_discount);
}

PrecompileResult bls12_pairing_check(const uint8_t* input, size_t size, int64_t gas) noexcept {
    constexpr size_t pair_size = g1_size + g2_size;
    const size_t k = size / pair_size;
    PrecompileResult result = charge(gas, 32600 * static_cast<int64_t>(k) + 37700);
    if (result.status != StatusCode::Success) return result;
    if (k == 0 || size % pair_size != 0) return failure();
    std::vector<std::pair<G1, G2>> pairs(k);
    for (size_t i = 0; i < k; ++i)
        if (!read_g1(input + i * pair_size, pairs[i].first, true) ||
            !read_g2(input + i * pair_size + g1_size, pairs[i].second, true))
            return failure();
    result.output.assign(32, 0);
    result.output[31] = bls::fast::pairing_product_is_one(pairs) ? 1 : 0;
    return result;
}

PrecompileResult bls12_map_fp_to_g1(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult result = charge(gas, 5500);
    if (result.status != StatusCode::Success) return result;
    Fp u;
    if (size != fp_size || !read_fp(input, u)) return failure();
    result.output = encode(bls::fast::map_fp_to_g1(u));
    return result;
}

PrecompileResult bls12_map_fp2_to_g2(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult result = charge(gas, 23800);
    if (result.status != StatusCode::Success) return result;
    Fp2 u;
    if (size != 2 * fp_size || !read_fp2(input, u)) return failure();
    result.output = encode(bls::fast::map_fp2_to_g2(u));
    return result;
}

}  // namespace trellis::evm::precompiles
