// Tests for the Montgomery BLS12-381 arithmetic (frontends/evm/src/bls12_381_fast.hpp) against the GMP reference
// (bls12_381.hpp) on random inputs: field and tower operations, point doubling/addition/multiplication, subgroup
// tests and the maps; the pairing for bilinearity and non-degeneracy. The precompiles built on it run
// the EIP-2537 vectors in CTest (evm_precompiles_bls12_381).
#include <catch2/catch.hpp>
#include <random>

#include "bls12_381.hpp"
#include "bls12_381_fast.hpp"

namespace bls = trellis::evm::precompiles::bls;
namespace fast = trellis::evm::precompiles::bls::fast;
namespace pairing = trellis::evm::precompiles::pairing;

namespace {

mpz_class to_mpz(const fast::Fp& a) {
    uint8_t b[48];
    a.to_be(b);
    return pairing::read_be(b, 48);
}

fast::Fp from_mpz(const mpz_class& v) {
    uint8_t b[48];
    pairing::write_be(b, 48, v);
    fast::Fp out;
    REQUIRE(fast::Fp::from_be(b, out));
    return out;
}

bls::Fp2 to_mpz(const fast::Fp2& a) { return {to_mpz(a.c0), to_mpz(a.c1)}; }
fast::Fp2 from_mpz(const bls::Fp2& a) { return {from_mpz(a.a), from_mpz(a.b)}; }

fast::G1 from_ref(const bls::G1& a) { return a.infinity ? fast::G1{} : fast::G1{from_mpz(a.x), from_mpz(a.y), false}; }
fast::G2 from_ref(const bls::G2& a) { return a.infinity ? fast::G2{} : fast::G2{from_mpz(a.x), from_mpz(a.y), false}; }

bool same(const fast::G1& a, const bls::G1& b) {
    return a.infinity == b.infinity && (a.infinity || (to_mpz(a.x) == b.x && to_mpz(a.y) == b.y));
}
bool same(const fast::G2& a, const bls::G2& b) {
    return a.infinity == b.infinity && (a.infinity || (to_mpz(a.x) == b.x && to_mpz(a.y) == b.y));
}

/// The reference Fp12 (coefficients of w^0..w^11, w^6 = 1 + i) of a tower element: a + b i at w^k adds a - b to
/// w^k and b to w^(k+6).
bls::Fp12 to_ref(const fast::Fp12& f) {
    bls::Fp12 out = bls::Fp12::zero();
    const fast::Fp2* at[6] = {&f.c0.c0, &f.c1.c0, &f.c0.c1, &f.c1.c1, &f.c0.c2, &f.c1.c2};  // w^0 .. w^5
    for (int k = 0; k < 6; ++k) {
        const bls::Fp2 v = to_mpz(*at[k]);
        out[k] = bls::mod(v.a - v.b);
        out[k + 6] = v.b;
    }
    return out;
}

mpz_class random_below(std::mt19937_64& rng, const mpz_class& bound) {
    mpz_class v = 0;
    for (int i = 0; i < 7; ++i) v = (v << 64) + mpz_class(static_cast<unsigned long>(rng()));
    return v % bound;
}

fast::Scalar scalar_of(const mpz_class& s) {
    uint8_t b[32];
    pairing::write_be(b, 32, s);
    return trellis::evm::precompiles::mont::limbs_from_be<4>(b);
}

}  // namespace

TEST_CASE("bls12-381 fast: field and tower arithmetic agree with GMP", "[bls12_381]") {
    std::mt19937_64 rng(11);
    const mpz_class& p = bls::constants().p;
    for (int i = 0; i < 200; ++i) {
        const mpz_class a = random_below(rng, p), b = random_below(rng, p);
        const fast::Fp fa = from_mpz(a), fb = from_mpz(b);
        CHECK(to_mpz(fa * fb) == bls::mod(a * b));
        CHECK(to_mpz(fa + fb) == bls::mod(a + b));
        CHECK(to_mpz(fa - fb) == bls::mod(a - b));
        CHECK(to_mpz(-fa) == bls::mod(-a));
        CHECK(to_mpz(fa.halve().dbl()) == a);
        if (a != 0) CHECK(to_mpz(fa.inverse()) == pairing::inv<bls::Curve>(a));
        const bls::Fp2 x{a, b}, y{random_below(rng, p), random_below(rng, p)};
        CHECK(to_mpz(from_mpz(x) * from_mpz(y)) == x * y);
        CHECK(to_mpz(from_mpz(x).square()) == x * x);
        CHECK(to_mpz(from_mpz(x).inverse()) == inverse(x));
    }
    CHECK(to_mpz(fast::Fp::zero().inverse()) == 0);
    // 1 compresses to z2 = 0, where decompression does not apply: pow_seed falls back.
    CHECK(fast::pow_seed(fast::Fp12::one()).is_one());
    // Fp12: products, squares, inverses through the basis change; the cyclotomic square on a unitary element.
    for (int i = 0; i < 5; ++i) {
        fast::Fp12 f, g;
        for (fast::Fp2* c : {&f.c0.c0, &f.c0.c1, &f.c0.c2, &f.c1.c0, &f.c1.c1, &f.c1.c2, &g.c0.c0, &g.c0.c1, &g.c0.c2,
                             &g.c1.c0, &g.c1.c1, &g.c1.c2})
            *c = from_mpz(bls::Fp2{random_below(rng, p), random_below(rng, p)});
        CHECK(to_ref(f * g) == to_ref(f) * to_ref(g));
        CHECK(to_ref(f.square()) == to_ref(f) * to_ref(f));
        // Sparse line products: two lines multiplied together, then into f, equal the two lines one by one.
        const fast::Fp12 lines = fast::Fp12::line_product(g.c0.c0, g.c0.c1, g.c1.c1, f.c1.c2, f.c0.c2, g.c1.c2);
        CHECK(lines == fast::Fp12::one().mul_by_line(g.c0.c0, g.c0.c1, g.c1.c1).mul_by_line(f.c1.c2, f.c0.c2, g.c1.c2));
        CHECK(f.mul_by_line_product(lines) == f * lines);
        CHECK(f.mul_by_line_product(lines) == f.mul_by_line(g.c0.c0, g.c0.c1, g.c1.c1).mul_by_line(f.c1.c2, f.c0.c2, g.c1.c2));
        CHECK((f * f.inverse()).is_one());
        // f^((p^6 - 1)(p^2 + 1)): in the cyclotomic subgroup, where Granger-Scott squaring applies.
        const auto gamma = trellis::evm::precompiles::tower::frobenius_constants(fast::Fp2{fast::Fp::one(), fast::Fp::one()});
        fast::Fp12 unitary = f.conj() * f.inverse();
        unitary = unitary.frobenius(gamma).frobenius(gamma) * unitary;
        CHECK(unitary.cyclotomic_square() == unitary.square());
        // Karabina: compressed squarings, then decompression, give the same unitary element.
        auto compressed = unitary.compress();
        fast::Fp12 squared = unitary;
        for (int k = 0; k < 5; ++k) {
            compressed = fast::Fp12::compressed_square(compressed);
            squared = squared.cyclotomic_square();
        }
        fast::Fp2 numerator, denominator;
        fast::Fp12::decompress_fraction(compressed, numerator, denominator);
        REQUIRE(!denominator.is_zero());
        CHECK(fast::Fp12::decompress(compressed, numerator * denominator.inverse()) == squared);
        CHECK(!(squared == unitary));
        CHECK(fast::pow_seed(unitary) == fast::pow_seed_uncompressed(unitary));
    }
}

// ec::msm's three methods (Shamir subset table, signed-digit Straus, signed-digit Pippenger at the window the cost
// estimate picks) against Horner double-and-add over the scalar's limbs, for point counts that select each method,
// with random scalars and the digit patterns at the signed-digit borrow (all ones, 0x88..., 0x77..., top bit).
template <class F, size_t M>
trellis::evm::precompiles::ec::Jacobian<F> horner(const trellis::evm::precompiles::ec::Affine<F>& p,
                                                   const trellis::evm::precompiles::mont::Limbs<M>& s) {
    using J = trellis::evm::precompiles::ec::Jacobian<F>;
    J acc;
    for (size_t l = M; l-- > 0;) {
        for (int b = 0; b < 64; ++b) acc = acc.dbl();
        acc = acc.add(J::mul_u64(J::from(p), s[l]));
    }
    return acc;
}

template <class F, size_t M>
void check_msm_methods(const trellis::evm::precompiles::ec::Affine<F>& generator, std::mt19937_64& rng) {
    namespace ec = trellis::evm::precompiles::ec;
    using J = ec::Jacobian<F>;
    const uint64_t patterns[] = {~uint64_t{0}, 0x8888888888888888, 0x7777777777777777, uint64_t{1} << 63, 0};
    for (size_t n : {1, 2, 3, 5, 8, 13, 32, 70}) {
        std::vector<ec::Affine<F>> points;
        std::vector<trellis::evm::precompiles::mont::Limbs<M>> scalars;
        J expected;
        for (size_t i = 0; i < n; ++i) {
            points.push_back(J::mul_u64(J::from(generator), rng() | 1).to_affine());
            trellis::evm::precompiles::mont::Limbs<M> s{};
            for (auto& limb : s) limb = i % 3 == 0 ? patterns[(i / 3 + n) % 5] : rng();
            scalars.push_back(s);
            expected = expected.add(horner(points.back(), s));
        }
        const J got = ec::msm<F, M>(points, scalars, 64 * M);
        INFO("points: " << n);
        CHECK(got.equals(expected));
    }
}

TEST_CASE("bls12-381 fast: every MSM method agrees with double-and-add", "[bls12_381]") {
    std::mt19937_64 rng(21);
    check_msm_methods<fast::Fp, 2>(fast::g1_generator(), rng);
    check_msm_methods<fast::Fp2, 1>(fast::g2_generator(), rng);
    check_msm_methods<fast::Fp, 4>(fast::g1_generator(), rng);
}

TEST_CASE("bls12-381 fast: points, multiplication, subgroup tests and maps agree with GMP", "[bls12_381]") {
    std::mt19937_64 rng(12);
    const mpz_class& r = bls::constants().r;
    const bls::G1 g1 = bls::g1_generator();
    const bls::G2 g2 = bls::g2_generator();
    REQUIRE(same(fast::g1_generator(), g1));
    REQUIRE(same(fast::g2_generator(), g2));
    for (int i = 0; i < 4; ++i) {
        const mpz_class s = random_below(rng, r), t = random_below(rng, r);
        const bls::G1 a = pairing::mul(g1, s), b = pairing::mul(g1, t);
        const bls::G2 c = pairing::mul(g2, s), d = pairing::mul(g2, t);
        const fast::G1 fa = from_ref(a), fb = from_ref(b);
        const fast::G2 fc = from_ref(c), fd = from_ref(d);
        CHECK(same(fast::G1J::from(fa).add(fb).to_affine(), add(a, b)));
        CHECK(same(fast::G1J::from(fa).add(fast::G1J::from(fb)).to_affine(), add(a, b)));
        CHECK(same(fast::G1J::from(fa).dbl().to_affine(), add(a, a)));
        CHECK(same(fast::G1J::from(fa).add(fa).to_affine(), add(a, a)));
        CHECK(fast::G1J::from(fa).add(fa.neg()).is_infinity());
        CHECK(same(fast::G2J::from(fc).add(fd).to_affine(), add(c, d)));
        CHECK(same(fast::G2J::from(fc).dbl().to_affine(), add(c, c)));
        // MSM (endomorphism split) against double-and-add.
        const mpz_class u = random_below(rng, r) + (i == 0 ? r : 0);  // one scalar above r
        const fast::G1 p1[] = {fa, fb};
        const fast::Scalar s1[] = {scalar_of(u), scalar_of(t)};
        CHECK(same(fast::msm(p1, s1).to_affine(), add(pairing::mul(a, u % r), pairing::mul(b, t))));
        const fast::G2 p2[] = {fc, fd};
        CHECK(same(fast::msm(p2, s1).to_affine(), add(pairing::mul(c, u % r), pairing::mul(d, t))));
        CHECK(fast::in_subgroup(fa));
        CHECK(fast::in_subgroup(fc));
        // KZG's MSM on base-|x| digits (the generator's fixed powers, P's from the subgroup test) against msm.
        fast::G1J x_fa;
        REQUIRE(fast::in_subgroup(fa, x_fa));
        CHECK(x_fa.equals(fast::G1J::mul_u64(fa, fast::seed)));
        const fast::G1 pg[] = {fast::g1_generator(), fa};
        const fast::Scalar sg[] = {scalar_of(u), scalar_of(t)};
        CHECK(fast::msm_generator_and_point(sg[0], fa, x_fa, sg[1]).equals(fast::msm(pg, sg)));
        // Maps.
        const mpz_class m = random_below(rng, bls::constants().p), n = random_below(rng, bls::constants().p);
        CHECK(same(fast::map_fp_to_g1(from_mpz(m)), bls::map_fp_to_g1(m)));
        CHECK(same(fast::map_fp2_to_g2(from_mpz(bls::Fp2{m, n})), bls::map_fp2_to_g2(bls::Fp2{m, n})));
    }
    // Points off the subgroup: (0, 2) on G1; G2's from an EIP-2537 failure vector.
    const fast::G1 g1_outside{fast::Fp::zero(), fast::Fp::from_u64(2), false};
    REQUIRE(fast::on_curve(g1_outside));
    CHECK(!fast::in_subgroup(g1_outside));
    // msm_generator_and_point at the scalars' edges (0, 1, r - 1, 2^256 - 1, digits of all ones) and with P at
    // infinity, against msm.
    {
        const fast::G1 p = fast::G1J::mul_u64(fast::g1_generator(), 0x1234567890abcdefULL).to_affine();
        fast::G1J x_p, x_inf;
        REQUIRE(fast::in_subgroup(p, x_p));
        REQUIRE(fast::in_subgroup(fast::G1{}, x_inf));
        CHECK(x_inf.is_infinity());
        const mpz_class edges[] = {0, 1, r - 1, (mpz_class(1) << 256) - 1, (mpz_class(1) << 64) - 1,
                                   (mpz_class(1) << 192) + 5};
        size_t mismatches = 0;
        for (const mpz_class& a : edges)
            for (const mpz_class& b : edges) {
                const fast::Scalar sa = scalar_of(a), sb = scalar_of(b);
                const fast::G1 pts[] = {fast::g1_generator(), p};
                const fast::Scalar scs[] = {sa, sb};
                if (!fast::msm_generator_and_point(sa, p, x_p, sb).equals(fast::msm(pts, scs))) ++mismatches;
                const fast::G1 gen[] = {fast::g1_generator()};
                if (!fast::msm_generator_and_point(sa, fast::G1{}, x_inf, sb).equals(fast::msm(gen, {&sa, 1})))
                    ++mismatches;
            }
        CHECK(mismatches == 0);
    }
    const fast::G2 g2_outside{
        {fast::Fp::from_hex("197bfd0342bbc8bee2beced2f173e1a87be576379b343e93232d6cef98d84b1d696e5612ff283ce2cfdccb2cfb65fa0c"),
         fast::Fp::from_hex("184e811f55e6f9d84d77d2f79102fd7ea7422f4759df5bf7f6331d550245e3f1bcf6a30e3b29110d85e0ca16f9f6ae7a")},
        {fast::Fp::from_hex("0f10e1eb3c1e53d2ad9cf2d398b2dc22c5842fab0a74b174f691a7e914975da3564d835cd7d2982815b8ac57f507348f"),
         fast::Fp::from_hex("0767d1c453890f1b9110fda82f5815c27281aba3f026ee868e4176a0654feea41a96575e0c4d58a14dbfbcc05b5010b1")},
        false};
    REQUIRE(fast::on_curve(g2_outside));
    CHECK(!fast::in_subgroup(g2_outside));
    CHECK(!fast::in_subgroup(fast::G2J::from(g2_outside).add(fast::g2_generator()).to_affine()));
}

TEST_CASE("bls12-381 fast: the pairing is bilinear and non-degenerate, products check", "[bls12_381]") {
    const bls::G1 g1 = bls::g1_generator();
    const bls::G2 g2 = bls::g2_generator();
    const mpz_class s = 0x1234567, t = 0x89abcdef;
    const bls::G1 a = pairing::mul(g1, s);
    const bls::G2 b = pairing::mul(g2, t);
    const fast::Fp12 e = fast::pairing(from_ref(a), from_ref(b));
    // e(sG1, tG2) == e(G1, G2)^(s t) == e(s t G1, G2).
    CHECK(e == fast::pairing(from_ref(pairing::mul(g1, s * t)), fast::g2_generator()));
    CHECK(!(e == fast::pairing(from_ref(pairing::mul(g1, s * t + 1)), fast::g2_generator())));
    CHECK(!e.is_one());
    const std::pair<fast::G1, fast::G2> pairs[] = {{from_ref(a), from_ref(b)},
                                                   {from_ref(neg(pairing::mul(g1, s * t))), fast::g2_generator()}};
    CHECK(fast::pairing_product_is_one(pairs));
    const std::pair<fast::G1, fast::G2> bad[] = {{from_ref(a), from_ref(b)}, {fast::g1_generator(), fast::g2_generator()}};
    CHECK(!fast::pairing_product_is_one(bad));
    CHECK(fast::pairing_product_is_one({}));
    CHECK(fast::pairing(fast::G1{}, fast::g2_generator()).is_one());
    // Two fixed G2 points prepared together (KZG's form): e(P, -G2) e(Q, [t]G2) == 1 iff P = [t]Q; against the
    // pairs' own check, with either P at infinity (the fallback).
    const fast::G2Prepared minus_g2 = fast::prepare(fast::g2_generator().neg()), tg2 = fast::prepare(from_ref(b));
    const fast::G2PairPrepared pair = fast::prepare_pair(minus_g2, tg2);
    REQUIRE(pair.products.size() == minus_g2.lines.size());
    const fast::G1 q = from_ref(a), tq = from_ref(pairing::mul(a, t)), tq1 = from_ref(pairing::mul(a, t + 1));
    CHECK(fast::pairing_product_is_one(tq, q, pair, minus_g2, tg2));
    CHECK(!fast::pairing_product_is_one(tq1, q, pair, minus_g2, tg2));
    CHECK(!fast::pairing_product_is_one(q, tq, pair, minus_g2, tg2));
    CHECK(fast::pairing_product_is_one(fast::G1{}, fast::G1{}, pair, minus_g2, tg2));
    CHECK(!fast::pairing_product_is_one(fast::G1{}, q, pair, minus_g2, tg2));
    CHECK(!fast::pairing_product_is_one(q, fast::G1{}, pair, minus_g2, tg2));
}
