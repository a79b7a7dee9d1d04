// Tests for the Montgomery alt_bn128 arithmetic (frontends/evm/src/bn254_fast.hpp): the endomorphism subgroup test
// of G2 against r Q = 0 on subgroup points and on random twist points (which lie outside the subgroup), and the
// pairing check's bilinearity, the final exponentiation's u-chain, and the MULX/ADX Montgomery product
// (mont_mul_x86.hpp) of both pairing fields against the portable one. The precompiles' published vectors run in test_precompiles.cpp and the state tests.
#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "bls12_381_fast.hpp"
#include "bn254_fast.hpp"

namespace bn = trellis::evm::precompiles::bn254;
namespace mont = trellis::evm::precompiles::mont;

namespace {

const bn::G2& g2() {
    static const bn::G2 g{{bn::Fp::from_hex("1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"),
                           bn::Fp::from_hex("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2")},
                          {bn::Fp::from_hex("12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"),
                           bn::Fp::from_hex("090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b")},
                          false};
    return g;
}

bn::G2 mul(const bn::G2& q, uint64_t s) {
    const bn::G2 points[] = {q};
    const mont::Limbs<4> scalars[] = {{s, 0, 0, 0}};
    return mont::Limbs<4>{} == scalars[0] ? bn::G2{} : trellis::evm::precompiles::ec::msm<bn::Fp2, 4>(points, scalars, 256).to_affine();
}

/// a^((p + 1) / 4), a square root when a is a square (p = 3 mod 4).
bool sqrt_fp(const bn::Fp& a, bn::Fp& out) {
    mont::Limbs<4> e = bn::Fp::p;
    mont::add_limbs(e, e, mont::Limbs<4>{1, 0, 0, 0});
    mont::div_small(e, 4);
    out = a.pow(e);
    return out.square() == a;
}

/// A square root in Fp2 by the norm; false if none.
bool sqrt_fp2(const bn::Fp2& a, bn::Fp2& out) {
    bn::Fp n, x0;
    if (!sqrt_fp(a.norm(), n)) return false;
    if (!sqrt_fp((a.c0 + n).halve(), x0) && !sqrt_fp((a.c0 - n).halve(), x0)) return false;
    if (x0.is_zero()) return false;
    out = {x0, a.c1 * x0.dbl().inverse()};
    return out.square() == a;
}

}  // namespace

TEST_CASE("bn254 fast: G2 subgroup test by endomorphism agrees with r Q = 0", "[bn254]") {
    REQUIRE(bn::on_curve(g2()));
    CHECK(bn::in_subgroup(g2()));
    CHECK(bn::in_subgroup_by_order(g2()));
    std::mt19937_64 rng(5);
    for (int i = 0; i < 3; ++i) {
        const bn::G2 q = mul(g2(), rng() | 1);
        CHECK(bn::in_subgroup(q));
        CHECK(bn::in_subgroup_by_order(q));
    }
    const bn::Fp2 b = bn::Fp2{bn::Fp::from_u64(9), bn::Fp::one()}.inverse() * bn::Fp::from_u64(3);
    int outside = 0;
    for (uint64_t k = 1; outside < 4 && k < 100; ++k) {
        const bn::Fp2 x{bn::Fp::from_u64(k), bn::Fp::from_u64(rng() >> 8)};
        bn::Fp2 y;
        if (!sqrt_fp2(x.square() * x + b, y)) continue;
        const bn::G2 q{x, y, false};
        REQUIRE(bn::on_curve(q));
        const bool by_order = bn::in_subgroup_by_order(q);
        CHECK(bn::in_subgroup(q) == by_order);
        if (!by_order) ++outside;
    }
    CHECK(outside == 4);
}

TEST_CASE("bn254 fast: the pairing check is bilinear", "[bn254]") {
    const bn::G1 g1{bn::Fp::one(), bn::Fp::from_u64(2), false};
    auto mul1 = [&](uint64_t s) { return bn::mul(g1, mont::Limbs<4>{s, 0, 0, 0}).to_affine(); };
    const uint64_t a = 0x1234567, c = 0x89abcd;
    const std::pair<bn::G1, bn::G2> good[] = {{mul1(a), mul(g2(), c)}, {mul1(a * c).neg(), g2()}};
    CHECK(bn::pairing_product_is_one(good));
    const std::pair<bn::G1, bn::G2> bad[] = {{mul1(a), mul(g2(), c)}, {mul1(a * c + 1).neg(), g2()}};
    CHECK(!bn::pairing_product_is_one(bad));
    const std::pair<bn::G1, bn::G2> one[] = {{g1, g2()}};
    CHECK(!bn::pairing_product_is_one(one));
}

TEST_CASE("bn254 fast: the final exponentiation's u-chain equals the plain power", "[bn254]") {
    std::mt19937_64 rng(11);
    auto fp = [&] { return bn::Fp::from_limbs(mont::Limbs<4>{rng(), rng(), rng(), rng() >> 3}); };
    auto fp2 = [&] { return bn::Fp2{fp(), fp()}; };
    for (int i = 0; i < 3; ++i) {
        const bn::Fp12 f{{fp2(), fp2(), fp2()}, {fp2(), fp2(), fp2()}};
        const bn::Fp12 chain = bn::final_exponentiation(f), power = bn::final_exponentiation_by_power(f);
        CHECK(chain == power);
        CHECK(!chain.is_one());
    }
}

namespace {

/// mul (the assembly where the CPU has it) against mul_portable on edge and random operands of the field F.
template <class F>
void check_product(std::mt19937_64& rng) {
    using L = typename F::L;
    L pm1 = F::p, half = F::p;
    pm1[0] -= 1;  // p is odd
    mont::shift_right_1(half);
    // Limbs of all ones below the top one (the longest carry chains).
    L ones{};
    for (auto& limb : ones) limb = ~uint64_t{0};
    ones[F::N - 1] = F::p[F::N - 1] - 1;
    std::vector<F> values{F{}, F{L{1}}, F{pm1}, F{half}, F::one(), F{F::r2}, F{ones}};
    for (int i = 0; i < 200; ++i) {
        L l;
        for (auto& limb : l) limb = rng();
        l[F::N - 1] &= (uint64_t{1} << (64 - __builtin_clzll(F::p[F::N - 1]))) - 1;
        if (mont::geq(l, F::p)) continue;
        values.push_back(F{l});
    }
    size_t mismatches = 0;
    for (const F& a : values)
        for (const F& b : values)
            if (!(F::mul(a, b) == F::mul_portable(a, b))) ++mismatches;
    CHECK(mismatches == 0);
    // The dedicated squaring (assembly for 6 limbs) against the portable product, and its plain square against
    // the portable plain product, also on unreduced operands below 2p (a + b, as Fp2's Karatsuba forms them).
    size_t bad_squares = 0;
    for (size_t i = 0; i < values.size(); ++i) {
        const F& a = values[i];
        const L sum = F::add_unreduced(a, values[(i * 7 + 3) % values.size()]);
        if (!(a.square() == F::mul_portable(a, a)) || !(F::sqr_wide(a.v) == F::mul_wide_portable(a.v, a.v)) ||
            !(F::sqr_wide(sum) == F::mul_wide_portable(sum, sum)))
            ++bad_squares;
    }
    CHECK(bad_squares == 0);
    CHECK(values.size() > 100);
}

/// The lazy-reduction halves of the product (mul_wide, redc, the wide sums) against the full product `mul`, and
/// their assembly forms against the portable ones, on pairs of edge and random operands.
template <class F>
void check_lazy(std::mt19937_64& rng) {
    using L = typename F::L;
    L pm1 = F::p;
    pm1[0] -= 1;
    std::vector<F> values{F{}, F{L{1}}, F{pm1}, F::one(), F{F::r2}};
    while (values.size() < 40) {
        L l;
        for (auto& limb : l) limb = rng();
        l[F::N - 1] &= (uint64_t{1} << (64 - __builtin_clzll(F::p[F::N - 1]))) - 1;
        if (!mont::geq(l, F::p)) values.push_back(F{l});
    }
    size_t mismatches = 0, checked = 0;
    for (size_t i = 0; i < values.size(); ++i)
        for (size_t j = 0; j < values.size(); ++j) {
            const F& a = values[i];
            const F& b = values[j];
            const F& c = values[(i * 7 + j) % values.size()];
            const F& d = values[(j * 5 + i + 3) % values.size()];
            const typename F::Wide ab = F::mul_wide(a.v, b.v), cd = F::mul_wide(c.v, d.v);
            const bool ok = ab == F::mul_wide_portable(a.v, b.v) && F::redc(ab) == a * b &&
                            F::redc_portable(ab) == a * b && F::redc(F::wide_add(ab, cd)) == a * b + c * d &&
                            F::redc(F::wide_sub(ab, cd)) == a * b - c * d &&
                            F::redc(F::wide_sub(cd, ab)) == c * d - a * b &&
                            F::redc(F::mul_wide(F::add_unreduced(a, b), F::sub_unreduced(c, d))) == (a + b) * (c - d);
            if (!ok) ++mismatches;
            ++checked;
        }
    CHECK(mismatches == 0);
    CHECK(checked == 1600);
    // The branch-free binary-GCD inversion on the same edge and random values (1, p - 1, R^2 mod p included).
    size_t bad_inverses = 0;
    for (const F& a : values)
        if (!a.is_zero() && !(a * a.inverse() == F::one())) ++bad_inverses;
    CHECK(bad_inverses == 0);
}

/// The safegcd inversion (mont_field.hpp inverse) against Fermat's a^(p - 2) on values that take its rare paths:
/// powers of two (long runs of zero divsteps), 1, 2, p - 1, p - 2, values next to R and R^2, a few-bit values, and
/// random ones; and the signed 62-bit form's round trip. Returns the number of mismatches.
template <class F>
size_t inverse_mismatches(std::mt19937_64& rng) {
    using L = typename F::L;
    L pm2 = F::p;
    pm2[0] -= 2;  // p - 2, the Fermat exponent (p is odd, its low limb above 2)
    std::vector<L> plain;
    for (size_t k = 0; k + 2 < 64 * F::N && plain.size() < 400; ++k) {
        L l{};
        l[k / 64] = uint64_t{1} << (k % 64);
        if (!mont::geq(l, F::p)) plain.push_back(l);
    }
    L pm1 = F::p;
    pm1[0] -= 1;
    plain.insert(plain.end(), {L{1}, L{2}, L{3}, pm1, pm2, F::r1, F::r2});
    for (uint64_t small : {5ull, 7ull, 0xffffffffull, 0x3fffffffffffffffull, 0x4000000000000000ull}) plain.push_back(L{small});
    while (plain.size() < 700) {
        L l;
        for (auto& limb : l) limb = rng();
        l[F::N - 1] &= (uint64_t{1} << (64 - __builtin_clzll(F::p[F::N - 1]))) - 1;
        if (!mont::geq(l, F::p)) plain.push_back(l);
    }
    size_t bad = 0;
    for (const L& l : plain) {
        if (F::from_s62(F::to_s62(l)) != l) ++bad;
        for (const F a : {F{l}, F::from_limbs(l)}) {  // as the Montgomery limbs and as the plain value
            if (a.is_zero()) continue;
            if (!(a.inverse() == a.pow(pm2))) ++bad;
        }
    }
    return bad;
}

/// ec::add_affine (the ADD precompiles' one-inversion addition) against the Jacobian mixed addition made affine, on
/// every pair of: infinity, 12 multiples of `g`, and the negation of one of them (so equal points take the doubling
/// formula and opposite points give infinity). Returns the number of mismatches.
template <class F>
size_t affine_add_mismatches(const trellis::evm::precompiles::ec::Affine<F>& g) {
    namespace ec = trellis::evm::precompiles::ec;
    using J = ec::Jacobian<F>;
    std::vector<ec::Affine<F>> points{ec::Affine<F>{}};
    for (uint64_t s = 1; s <= 12; ++s) points.push_back(J::mul_u64(g, (s * 0x9e3779b97f4a7c15ull) >> 20).to_affine());
    points.push_back(points[3].neg());
    size_t bad = 0;
    for (const auto& a : points)
        for (const auto& b : points) {
            const ec::Affine<F> want = J::from(a).add(b).to_affine(), got = ec::add_affine(a, b);
            if (want.infinity != got.infinity || (!want.infinity && !(want.x == got.x && want.y == got.y))) ++bad;
        }
    return bad;
}

}  // namespace

TEST_CASE("montgomery product: lazy reduction (wide products, sums, one reduction) equals the full product",
          "[bn254][bls12_381]") {
    INFO("CPU has BMI2 and ADX: " << mont::has_mulx_adx);
    std::mt19937_64 rng(23);
    check_lazy<bn::Fp>(rng);
    check_lazy<trellis::evm::precompiles::bls::fast::Fp>(rng);
}

TEST_CASE("montgomery product: the MULX/ADX assembly equals the portable form", "[bn254][bls12_381]") {
    INFO("CPU has BMI2 and ADX: " << mont::has_mulx_adx);
    std::mt19937_64 rng(17);
    check_product<bn::Fp>(rng);
    check_product<trellis::evm::precompiles::bls::fast::Fp>(rng);
}

TEST_CASE("field inversion: safegcd divsteps equal Fermat's a^(p - 2)", "[bn254][bls12_381]") {
    std::mt19937_64 rng(0x5afe6cd);
    CHECK(inverse_mismatches<bn::Fp>(rng) == 0);
    CHECK(inverse_mismatches<trellis::evm::precompiles::bls::fast::Fp>(rng) == 0);
    CHECK(bn::Fp::zero().inverse().is_zero());
}

TEST_CASE("affine addition with one inversion equals the Jacobian sum", "[bn254][bls12_381]") {
    namespace bls = trellis::evm::precompiles::bls::fast;
    CHECK(affine_add_mismatches<bn::Fp>(bn::G1{bn::Fp::from_u64(1), bn::Fp::from_u64(2), false}) == 0);
    CHECK(affine_add_mismatches<bn::Fp2>(g2()) == 0);
    CHECK(affine_add_mismatches<bls::Fp>(bls::g1_generator()) == 0);
    CHECK(affine_add_mismatches<bls::Fp2>(bls::g2_generator()) == 0);
}
