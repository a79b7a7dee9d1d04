// Tests for the BLS12-381 arithmetic (frontends/evm/src/bls12_381.hpp) and the EIP-2537 precompiles built on it:
// the fast subgroup tests against r P = 0, the maps landing in the subgroups, bilinearity of the pairing, the
// precompiles' encoding rules, infinity handling, subgroup checks (MSM and pairing yes, addition no) and gas.
// The EIP's own vectors run in CTest (evm_precompiles_bls12_381).
#include <catch2/catch.hpp>
#include <algorithm>
#include <random>

#include "bls12_381.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/evm/precompiles.hpp"

namespace evm = trellis::evm;
namespace bls = trellis::evm::precompiles::bls;
namespace pairing = trellis::evm::precompiles::pairing;
using trellis::core::Bytes;
using evm::Revision;
using evm::StatusCode;

namespace {

constexpr int64_t plenty = 100'000'000;

evm::PrecompileResult call(unsigned id, const Bytes& input, int64_t gas = plenty) {
    evm::Address a;
    a.bytes[19] = static_cast<uint8_t>(id);
    return evm::run_precompile(a, input.data(), input.size(), gas, Revision::Prague);
}

Bytes fp(const mpz_class& v) {
    Bytes out(64, 0);
    pairing::write_be(out.data() + 16, 48, v);
    return out;
}

Bytes enc(const bls::G1& a) {
    if (a.infinity) return Bytes(128, 0);
    Bytes out = fp(a.x);
    const Bytes y = fp(a.y);
    out.insert(out.end(), y.begin(), y.end());
    return out;
}

Bytes enc(const bls::G2& a) {
    if (a.infinity) return Bytes(256, 0);
    Bytes out;
    for (const mpz_class* v : {&a.x.a, &a.x.b, &a.y.a, &a.y.b}) {
        const Bytes b = fp(*v);
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

Bytes scalar(const mpz_class& s) {
    Bytes out(32, 0);
    pairing::write_be(out.data(), 32, s);
    return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// A G1 point off the subgroup: (0, 2) satisfies y^2 = x^3 + 4. A G2 point off the subgroup: from EIP-2537's
// fail-pairing_check vector "bls_pairing_e(0,G2_not_in_correct_subgroup)".
const bls::G1 g1_outside{0, 2, false};
bls::G2 g2_outside() {
    auto h = [](const char* s) { return mpz_class(s, 16); };
    return {{h("197bfd0342bbc8bee2beced2f173e1a87be576379b343e93232d6cef98d84b1d696e5612ff283ce2cfdccb2cfb65fa0c"),
             h("184e811f55e6f9d84d77d2f79102fd7ea7422f4759df5bf7f6331d550245e3f1bcf6a30e3b29110d85e0ca16f9f6ae7a")},
            {h("0f10e1eb3c1e53d2ad9cf2d398b2dc22c5842fab0a74b174f691a7e914975da3564d835cd7d2982815b8ac57f507348f"),
             h("0767d1c453890f1b9110fda82f5815c27281aba3f026ee868e4176a0654feea41a96575e0c4d58a14dbfbcc05b5010b1")},
            false};
}

}  // namespace

TEST_CASE("bls12-381: fast subgroup tests agree with r P = 0", "[bls12_381]") {
    const bls::G1 g1 = bls::g1_generator();
    const bls::G2 g2 = bls::g2_generator();
    REQUIRE(bls::on_curve(g1));
    REQUIRE(bls::on_curve(g2));
    REQUIRE(bls::on_curve(g1_outside));
    REQUIRE(bls::on_curve(g2_outside()));
    std::mt19937_64 rng(7);
    for (int i = 0; i < 4; ++i) {
        const mpz_class s = mpz_class(static_cast<unsigned long>(rng())) * rng() + 1;
        for (const bls::G1& p : {pairing::mul(g1, s), add(pairing::mul(g1, s), g1_outside), pairing::mul(g1_outside, s)}) {
            CHECK(bls::in_subgroup(p) == bls::in_subgroup_by_order(p));
        }
        for (const bls::G2& p : {pairing::mul(g2, s), add(pairing::mul(g2, s), g2_outside()), pairing::mul(g2_outside(), s)}) {
            CHECK(bls::in_subgroup(p) == bls::in_subgroup_by_order(p));
        }
        CHECK(bls::in_subgroup(pairing::mul(g1, s)));
        CHECK(bls::in_subgroup(pairing::mul(g2, s)));
    }
    CHECK(!bls::in_subgroup(g1_outside));
    CHECK(!bls::in_subgroup(g2_outside()));
    CHECK(bls::in_subgroup(bls::G1{}));
    CHECK(bls::in_subgroup(bls::G2{}));
}

TEST_CASE("bls12-381: the maps land on the curve, in the subgroup, and depend on the sign of u", "[bls12_381]") {
    std::mt19937_64 rng(3);
    for (int i = 0; i < 3; ++i) {
        const mpz_class u = bls::mod(mpz_class(static_cast<unsigned long>(rng())) * rng() * rng() * rng());
        const bls::G1 a = bls::map_fp_to_g1(u), b = bls::map_fp_to_g1(bls::mod(-u));
        CHECK(bls::on_curve(a));
        CHECK(bls::in_subgroup_by_order(a));
        CHECK(!(a.x == b.x && a.y == b.y));  // u and -u: the same SWU x, opposite y signs
        const bls::G2 c = bls::map_fp2_to_g2({u, bls::mod(u + 1)});
        CHECK(bls::on_curve(c));
        CHECK(bls::in_subgroup_by_order(c));
    }
    CHECK(bls::on_curve(bls::map_fp_to_g1(0)));  // u = 0: the exceptional case of SWU
    CHECK(bls::on_curve(bls::map_fp2_to_g2({0, 0})));
}

TEST_CASE("bls12-381 precompiles: group laws, infinity, subgroup checks, encoding, gas", "[precompiles][bls12_381]") {
    const bls::G1 g1 = bls::g1_generator();
    const bls::G2 g2 = bls::g2_generator();
    const Bytes inf1(128, 0), inf2(256, 0);
    // G1ADD / G2ADD: P + P = 2P, P + 0 = P, P + (-P) = 0; points outside the subgroup are accepted.
    CHECK(call(0x0b, cat({enc(g1), enc(g1)})).output == enc(pairing::mul(g1, 2)));
    CHECK(call(0x0b, cat({enc(g1), inf1})).output == enc(g1));
    CHECK(call(0x0b, cat({enc(g1), enc(neg(g1))})).output == inf1);
    CHECK(call(0x0b, cat({enc(g1_outside), inf1})).output == enc(g1_outside));
    CHECK(call(0x0d, cat({enc(g2), enc(g2)})).output == enc(pairing::mul(g2, 2)));
    CHECK(call(0x0d, cat({enc(g2_outside()), enc(neg(g2_outside()))})).output == inf2);
    CHECK(plenty - call(0x0b, cat({inf1, inf1})).gas_left == 375);
    CHECK(plenty - call(0x0d, cat({inf2, inf2})).gas_left == 600);
    // MSM: sum s_i P_i; scalars are not reduced by the caller (r + 2 acts as 2); points outside the subgroup fail.
    const mpz_class r = bls::constants().r;
    CHECK(call(0x0c, cat({enc(g1), scalar(3), enc(g1), scalar(r + 2)})).output == enc(pairing::mul(g1, 5)));
    CHECK(call(0x0c, cat({enc(g1), scalar(0)})).output == inf1);
    CHECK(call(0x0c, cat({inf1, scalar(5)})).output == inf1);
    CHECK(call(0x0e, cat({enc(g2), scalar(7)})).output == enc(pairing::mul(g2, 7)));
    CHECK(call(0x0c, cat({enc(g1_outside), scalar(1)})).status == StatusCode::PrecompileFailure);
    CHECK(call(0x0e, cat({enc(g2_outside()), scalar(1)})).status == StatusCode::PrecompileFailure);
    CHECK(call(0x0c, {}).status == StatusCode::PrecompileFailure);
    // MSM gas: k * 12000 (22500) * discount / 1000, the discount capped at k = 128 (EIP-2537 tables).
    auto msm_cost = [&](unsigned id, size_t k) {
        Bytes in;
        const Bytes pair = id == 0x0c ? cat({enc(g1), scalar(1)}) : cat({enc(g2), scalar(1)});
        for (size_t i = 0; i < k; ++i) in.insert(in.end(), pair.begin(), pair.end());
        const auto res = call(id, in, int64_t{1} << 40);
        REQUIRE(res.status == StatusCode::Success);
        return (int64_t{1} << 40) - res.gas_left;
    };
    CHECK(msm_cost(0x0c, 1) == 12000);
    CHECK(msm_cost(0x0c, 2) == 2 * 12000 * 949 / 1000);
    CHECK(msm_cost(0x0e, 2) == 2 * 22500);  // G2's discount for 2 is 1000
    CHECK(msm_cost(0x0e, 3) == 3 * 22500 * 923 / 1000);
    CHECK(msm_cost(0x0c, 130) == 130 * 12000 * 519 / 1000);
    // Pairing: bilinearity e(aP, Q) e(-P, aQ) = 1; an infinity pair contributes 1; gas 32600 k + 37700.
    auto check = [&](const Bytes& in) {
        const auto res = call(0x0f, in);
        REQUIRE(res.status == StatusCode::Success);
        REQUIRE(res.output.size() == 32);
        CHECK(std::all_of(res.output.begin(), res.output.end() - 1, [](uint8_t b) { return b == 0; }));
        CHECK(plenty - res.gas_left == 32600 * static_cast<int64_t>(in.size() / 384) + 37700);
        return res.output[31] == 1;
    };
    CHECK(check(cat({enc(pairing::mul(g1, 6)), enc(g2), enc(neg(g1)), enc(pairing::mul(g2, 6))})));
    CHECK(!check(cat({enc(pairing::mul(g1, 6)), enc(g2), enc(neg(g1)), enc(pairing::mul(g2, 5))})));
    CHECK(!check(cat({enc(g1), enc(g2)})));
    CHECK(check(cat({inf1, enc(g2)})));
    CHECK(call(0x0f, cat({enc(g1_outside), enc(g2)})).status == StatusCode::PrecompileFailure);
    // Encoding: a coordinate equal to p, a non-zero top byte, a point off the curve, a wrong length: failure.
    Bytes top = cat({enc(g1), inf1});
    top[0] = 1;
    CHECK(call(0x0b, top).status == StatusCode::PrecompileFailure);
    CHECK(call(0x0b, cat({fp(bls::constants().p), fp(2), inf1})).status == StatusCode::PrecompileFailure);
    CHECK(call(0x0b, cat({fp(1), fp(1), inf1})).status == StatusCode::PrecompileFailure);
    CHECK(call(0x0b, Bytes(255, 0)).status == StatusCode::PrecompileFailure);
    CHECK(call(0x10, fp(bls::constants().p)).status == StatusCode::PrecompileFailure);
    CHECK(call(0x10, fp(5)).output == enc(bls::map_fp_to_g1(5)));
    CHECK(plenty - call(0x10, fp(5)).gas_left == 5500);
    CHECK(plenty - call(0x11, cat({fp(5), fp(6)})).gas_left == 23800);
    CHECK(call(0x11, cat({fp(5), fp(6)}), 23799).status == StatusCode::OutOfGas);
    const auto failed = call(0x11, fp(5));
    CHECK(failed.status == StatusCode::PrecompileFailure);
    CHECK(failed.gas_left == 0);
}
