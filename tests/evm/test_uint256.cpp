// Tests for trellis::evm::uint256 (frontends/evm/include/trellis/evm/uint256.hpp): every operation is checked
// against GMP on thousands of edge-biased random operands, plus the EVM-defined corner cases by rule
// (Yellow Paper appendix H.2, EIP-145 shifts, EIP-7939 CLZ).
#include <gmpxx.h>

#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "trellis/core/error.hpp"
#include "trellis/evm/uint256.hpp"

using trellis::evm::uint256;
namespace evm = trellis::evm;

namespace {

constexpr int iterations = 20000;

mpz_class to_mpz(const uint256& x) {
    mpz_class r;
    mpz_import(r.get_mpz_t(), 4, -1, sizeof(uint64_t), 0, 0, x.w);
    return r;
}

const mpz_class& two256() {
    static const mpz_class v = mpz_class(1) << 256;
    return v;
}

/// x mod 2^256 (non-negative) as a uint256.
uint256 from_mpz(mpz_class x) {
    x %= two256();
    if (x < 0) x += two256();
    uint256 r;
    size_t count = 0;
    mpz_export(r.w, &count, -1, sizeof(uint64_t), 0, 0, x.get_mpz_t());
    return r;
}

/// Two's complement interpretation.
mpz_class to_signed(const uint256& x) {
    mpz_class v = to_mpz(x);
    if (v >= (two256() >> 1)) v -= two256();
    return v;
}

/// Operand generator biased toward the values where multi-limb arithmetic goes wrong.
class Gen {
public:
    explicit Gen(uint64_t seed) : m_rng(seed) {}

    uint64_t u64() { return m_rng(); }
    unsigned below(unsigned n) { return static_cast<unsigned>(m_rng() % n); }

    uint64_t limb() {
        static constexpr uint64_t specials[] = {0, 1, 2, 3, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                                 0xffffffffffffffffull, 0x2000000000000000ull, 0xfffffffffffffffeull};
        if (below(3) == 0) return specials[below(sizeof(specials) / sizeof(specials[0]))];
        return m_rng();
    }

    uint256 next() {
        switch (below(12)) {
            case 0: {
                static const uint256 fixed[] = {0, 1, 2, uint256::max(), uint256(0, 0, 0, 1ull << 63),
                                                uint256::max() >> 1, uint256::max() - 1};
                return fixed[below(7)];
            }
            case 1: return uint256(1) << below(256);                         // 2^k
            case 2: return (uint256(1) << below(257)) - 1;                   // 2^k - 1 (all ones when k = 256)
            case 3: return (uint256(1) << below(256)) + 1;                   // 2^k + 1
            case 4: return -uint256(u64() % 1000);                           // small negative
            case 5: return uint256(u64() % 300);                             // small
            case 6: return uint256(limb(), limb(), limb(), limb());          // structured limbs
            case 7: {                                                        // 1..4 random limbs
                uint256 r;
                const unsigned n = 1 + below(4);
                for (unsigned i = 0; i < n; ++i) r.w[i] = limb();
                return r;
            }
            case 8: return uint256(u64());                                   // one full limb
            case 9: return uint256(u64(), u64(), 0, 0) >> below(128);       // varied widths
            default: return uint256(u64(), u64(), u64(), u64());             // uniform
        }
    }

private:
    std::mt19937_64 m_rng;
};

#define CHECK_OP(expr_ours, expr_mpz, a, b)                                                              \
    do {                                                                                                   \
        const uint256 ours_ = (expr_ours);                                                                 \
        const uint256 want_ = from_mpz(expr_mpz);                                                          \
        if (ours_ != want_) {                                                                              \
            INFO("a=" << evm::to_hex(a) << " b=" << evm::to_hex(b) << " got=" << evm::to_hex(ours_)      \
                      << " want=" << evm::to_hex(want_));                                                \
            CHECK(ours_ == want_);                                                                         \
            ++failures;                                                                                    \
        }                                                                                                  \
    } while (0)

}  // namespace

TEST_CASE("uint256 add, sub, mul, neg, not match GMP", "[uint256]") {
    Gen g(1);
    int failures = 0;
    for (int i = 0; i < iterations && failures < 10; ++i) {
        const uint256 a = g.next(), b = g.next();
        const mpz_class A = to_mpz(a), B = to_mpz(b);
        CHECK_OP(a + b, A + B, a, b);
        CHECK_OP(a - b, A - B, a, b);
        CHECK_OP(a * b, A * B, a, b);
        CHECK_OP(-a, -A, a, b);
        CHECK_OP(~a, two256() - 1 - A, a, b);
        uint256 c = a;
        c += b;
        CHECK_OP(c, A + B, a, b);
        c = a;
        c *= b;
        CHECK_OP(c, A * B, a, b);
    }
    CHECK(failures == 0);
}

TEST_CASE("uint256 bitwise operations and comparisons match GMP", "[uint256]") {
    Gen g(2);
    int failures = 0;
    for (int i = 0; i < iterations && failures < 10; ++i) {
        const uint256 a = g.next();
        const uint256 b = g.below(8) == 0 ? a : g.next();
        const mpz_class A = to_mpz(a), B = to_mpz(b);
        CHECK_OP(a & b, A & B, a, b);
        CHECK_OP(a | b, A | B, a, b);
        CHECK_OP(a ^ b, A ^ B, a, b);
        const bool ok = (a < b) == (A < B) && (a > b) == (A > B) && (a <= b) == (A <= B) &&
                        (a >= b) == (A >= B) && (a == b) == (A == B) && (a != b) == (A != B);
        const mpz_class SA = to_signed(a), SB = to_signed(b);
        const bool sok = evm::slt(a, b) == (SA < SB) && evm::sgt(a, b) == (SA > SB);
        if (!ok || !sok) {
            INFO("a=" << evm::to_hex(a) << " b=" << evm::to_hex(b));
            CHECK(ok);
            CHECK(sok);
            ++failures;
        }
        CHECK(static_cast<bool>(a) == (A != 0));
        CHECK(a.fits_u64() == (A < (mpz_class(1) << 64)));
    }
    CHECK(failures == 0);
}

TEST_CASE("uint256 division and remainder match GMP", "[uint256]") {
    Gen g(3);
    int failures = 0;
    for (int i = 0; i < iterations * 2 && failures < 10; ++i) {
        uint256 a = g.next();
        const uint256 b = g.next();
        // Dividends that are near multiples of the divisor stress the qhat correction and add-back steps.
        if (g.below(4) == 0) a = b * g.next() + g.next() % (b ? b : uint256(1));
        const mpz_class A = to_mpz(a), B = to_mpz(b);
        uint256 q, r;
        evm::divmod(a, b, q, r);
        if (B == 0) {
            CHECK(!q);
            CHECK(!r);
            CHECK(!(a / b));
            CHECK(!(a % b));
            continue;
        }
        CHECK_OP(q, A / B, a, b);
        CHECK_OP(r, A % B, a, b);
        CHECK_OP(a / b, A / B, a, b);
        CHECK_OP(a % b, A % B, a, b);
    }
    CHECK(failures == 0);
}

TEST_CASE("uint256 Knuth D corner cases (qhat = b-1, add-back) match GMP", "[uint256]") {
    // Limb patterns (the 64-bit analogues of the classic algorithm D test divisions) that force the rarely
    // taken branches: un[j+n] == v[n-1] and the negative multiply-subtract.
    const uint64_t top = 0x8000000000000000ull, ones = ~0ull;
    const std::pair<uint256, uint256> cases[] = {
        {uint256(0, 0, top, top - 1), uint256(1, 0, top, 0)},
        {uint256(3, 0, top, 0), uint256(1, 0, 0x2000000000000000ull, 0)},
        {uint256(0, 0, top, 0), uint256(1, 0, 0x2000000000000000ull, 0)},
        {uint256(0, ones - 1, 0, top), uint256(ones, top, 0, 0)},
        {uint256(0, 0, ones, ones), uint256(1, ones, 0, 0)},
        {uint256(ones, ones, ones, ones), uint256(ones, ones, 0, 0)},
        {uint256(0, 0, 0, top), uint256(ones, top - 1, 0, 0)},
        {uint256(0, 0, 0, ones), uint256(1, 0, ones, 0)},
    };
    for (const auto& [a, b] : cases) {
        uint256 q, r;
        evm::divmod(a, b, q, r);
        INFO("a=" << evm::to_hex(a) << " b=" << evm::to_hex(b));
        CHECK(to_mpz(q) == to_mpz(a) / to_mpz(b));
        CHECK(to_mpz(r) == to_mpz(a) % to_mpz(b));
    }
}

TEST_CASE("uint256 signed division and modulo match GMP truncating division", "[uint256]") {
    Gen g(4);
    int failures = 0;
    for (int i = 0; i < iterations && failures < 10; ++i) {
        const uint256 a = g.next(), b = g.next();
        const mpz_class SA = to_signed(a), SB = to_signed(b);
        if (SB == 0) {
            CHECK(!evm::sdiv(a, b));
            CHECK(!evm::smod(a, b));
            continue;
        }
        mpz_class q, r;
        mpz_tdiv_qr(q.get_mpz_t(), r.get_mpz_t(), SA.get_mpz_t(), SB.get_mpz_t());
        CHECK_OP(evm::sdiv(a, b), q, a, b);
        CHECK_OP(evm::smod(a, b), r, a, b);
    }
    CHECK(failures == 0);
    // The one overflowing case, by the Yellow Paper's rule: -2^255 / -1 = -2^255.
    const uint256 min = uint256(1) << 255;
    CHECK(evm::sdiv(min, uint256::max()) == min);
    CHECK(!evm::smod(min, uint256::max()));
}

TEST_CASE("uint256 addmod and mulmod are exact (513/512-bit) against GMP", "[uint256]") {
    Gen g(5);
    int failures = 0;
    for (int i = 0; i < iterations && failures < 10; ++i) {
        const uint256 a = g.next(), b = g.next(), m = g.next();
        const mpz_class A = to_mpz(a), B = to_mpz(b), M = to_mpz(m);
        if (M == 0) {
            CHECK(!evm::addmod(a, b, m));
            CHECK(!evm::mulmod(a, b, m));
            continue;
        }
        CHECK_OP(evm::addmod(a, b, m), (A + B) % M, a, m);
        CHECK_OP(evm::mulmod(a, b, m), (A * B) % M, a, m);
        uint256 lo, hi;
        evm::mul_full(a, b, lo, hi);
        CHECK(to_mpz(lo) + (to_mpz(hi) << 256) == A * B);
    }
    CHECK(failures == 0);
}

TEST_CASE("uint256 3-by-2 reciprocal matches GMP floor((2^192 - 1) / d) - 2^64", "[uint256]") {
    Gen g(51);
    const mpz_class b192m1 = (mpz_class(1) << 192) - 1, b64 = mpz_class(1) << 64;
    int mismatches = 0;
    for (int i = 0; i < iterations && mismatches < 10; ++i) {
        const uint64_t d1 = g.limb() | 0x8000000000000000ull, d0 = g.limb();
        const mpz_class D = to_mpz(uint256(d0, d1, 0, 0));
        const mpz_class want = b192m1 / D - b64;
        const uint64_t got = evm::detail::reciprocal_3by2(d1, d0);
        if (to_mpz(uint256(got)) != want) {
            INFO("d1=" << d1 << " d0=" << d0);
            CHECK(to_mpz(uint256(got)) == want);
            ++mismatches;
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("uint256 mulmod through the cached reciprocal: repeated, alternating and special moduli", "[uint256]") {
    Gen g(52);
    int failures = 0;
    auto check = [&](const uint256& a, const uint256& b, const uint256& m) {
        const mpz_class M = to_mpz(m);
        const mpz_class want = M == 0 ? mpz_class(0) : mpz_class((to_mpz(a) * to_mpz(b)) % M);
        CHECK_OP(evm::mulmod(a, b, m), want, a, m);
    };
    // The BN254 base field prime (weierstrudel's modulus) and moduli of every length and shift.
    const uint256 bn254(0x3c208c16d87cfd47ull, 0x97816a916871ca8dull, 0xb85045b68181585dull, 0x30644e72e131a029ull);
    std::vector<uint256> moduli = {bn254, uint256::max(), 0, 1, 2, uint256(0, 1, 0, 0), uint256(5, 0, 0, 1ull << 63)};
    for (int i = 0; i < 12; ++i) moduli.push_back(g.next());
    // Same modulus many times in a row (cache hits), then the next one (a miss).
    for (const uint256& m : moduli)
        for (int i = 0; i < 400 && failures < 10; ++i) check(g.next(), g.next(), m);
    // Alternating moduli: every call replaces the cached one, and a stale entry would give wrong remainders.
    for (int i = 0; i < 4000 && failures < 10; ++i) {
        const uint256& m = moduli[i % moduli.size()];
        check(g.next(), g.next(), m);
        check(g.next(), g.next(), moduli[(i * 7 + 3) % moduli.size()]);
    }
    // Operands near the modulus (field arithmetic), and the products whose top limbs equal the divisor's
    // ((2^256 - 1)^2 mod 2^256 - 1 takes the digit-is-2^64-1 path).
    for (const uint256& m : moduli) {
        if (!m) continue;
        for (int i = 0; i < 200 && failures < 10; ++i) {
            const uint256 a = m - uint256(g.u64() % 4 + 1), b = m - uint256(g.u64() % 1000 + 1);
            check(a, b, m);
            check(a, a, m);
        }
    }
    check(uint256::max(), uint256::max(), uint256::max());
    check(uint256::max(), uint256::max() - 1, uint256::max());
    check(uint256::max(), uint256::max(), uint256::max() - 1);
    check(uint256::max(), uint256::max(), uint256(0, 0, ~0ull, ~0ull));
    check(uint256::max(), uint256::max(), uint256(0, ~0ull, ~0ull, 0));
    CHECK(failures == 0);
}

TEST_CASE("uint256 exp matches GMP powm modulo 2^256", "[uint256]") {
    Gen g(6);
    int failures = 0;
    for (int i = 0; i < iterations / 4 && failures < 10; ++i) {
        const uint256 base = g.next();
        const uint256 e = g.below(3) == 0 ? uint256(g.u64() % 300) : g.next();
        mpz_class want;
        mpz_powm(want.get_mpz_t(), to_mpz(base).get_mpz_t(), to_mpz(e).get_mpz_t(), two256().get_mpz_t());
        CHECK_OP(evm::exp(base, e), want, base, e);
    }
    CHECK(failures == 0);
    CHECK(evm::exp(0, 0) == 1);  // 0^0 = 1 in the EVM
    CHECK(!evm::exp(2, 256));
}

TEST_CASE("uint256 shifts (operators and EIP-145 SHL/SHR/SAR) match GMP, including shift >= 256", "[uint256]") {
    Gen g(7);
    int failures = 0;
    for (int i = 0; i < iterations && failures < 10; ++i) {
        const uint256 x = g.next();
        uint256 shift;
        switch (g.below(4)) {
            case 0: shift = g.below(300); break;
            case 1: shift = g.next(); break;
            case 2: shift = uint256(g.below(300), g.below(2), 0, g.below(2)); break;
            default: shift = 64 * g.below(5); break;
        }
        const mpz_class X = to_mpz(x), SX = to_signed(x);
        const bool big = !shift.fits_u64() || shift.w[0] >= 256;
        const unsigned s = big ? 256 : static_cast<unsigned>(shift.w[0]);
        CHECK_OP(evm::shl(shift, x), big ? mpz_class(0) : mpz_class(X << s), x, shift);
        CHECK_OP(evm::shr(shift, x), big ? mpz_class(0) : mpz_class(X >> s), x, shift);
        mpz_class sar;  // floor division by 2^s is the arithmetic shift
        mpz_fdiv_q_2exp(sar.get_mpz_t(), SX.get_mpz_t(), s);
        CHECK_OP(evm::sar(shift, x), sar, x, shift);
        if (shift.fits_u64() && shift.w[0] < 1024) {
            const unsigned us = static_cast<unsigned>(shift.w[0]);
            CHECK_OP(x << us, us >= 256 ? mpz_class(0) : mpz_class(X << us), x, shift);
            CHECK_OP(x >> us, us >= 256 ? mpz_class(0) : mpz_class(X >> us), x, shift);
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("uint256 byte_op, signextend, clz, count_significant_bytes match GMP", "[uint256]") {
    Gen g(8);
    int failures = 0;
    for (int i = 0; i < iterations && failures < 10; ++i) {
        const uint256 x = g.next();
        const uint256 idx = g.below(4) == 0 ? g.next() : uint256(g.below(40));
        const mpz_class X = to_mpz(x);
        const bool in_range = idx.fits_u64() && idx.w[0] < 32;
        const mpz_class byte = in_range ? mpz_class((X >> static_cast<unsigned>(8 * (31 - idx.w[0]))) & 0xff) : 0;
        CHECK_OP(evm::byte_op(idx, x), byte, idx, x);

        mpz_class ext = X;
        if (idx.fits_u64() && idx.w[0] < 31) {
            const unsigned bits = static_cast<unsigned>(8 * (idx.w[0] + 1));
            const mpz_class low = X & ((mpz_class(1) << bits) - 1);
            const bool negative = mpz_tstbit(X.get_mpz_t(), bits - 1) != 0;
            ext = negative ? mpz_class(low - (mpz_class(1) << bits)) : low;
        }
        CHECK_OP(evm::signextend(idx, x), ext, idx, x);

        const unsigned bitlen = X == 0 ? 0 : static_cast<unsigned>(mpz_sizeinbase(X.get_mpz_t(), 2));
        CHECK(evm::clz(x) == 256 - bitlen);
        CHECK(evm::count_significant_bytes(x) == (bitlen + 7) / 8);
    }
    CHECK(failures == 0);
    CHECK(evm::clz(0) == 256);
    CHECK(evm::clz(uint256::max()) == 0);
}

TEST_CASE("uint256 big-endian load/store and Address/Bytes32 conversions", "[uint256]") {
    Gen g(9);
    for (int i = 0; i < 2000; ++i) {
        const uint256 x = g.next();
        uint8_t buf[32];
        evm::store_be(buf, x);
        // Byte 0 is the most significant: compare with GMP's big-endian export.
        mpz_class X = to_mpz(x);
        for (int k = 31; k >= 0; --k) {
            CHECK(buf[k] == mpz_class(X & 0xff).get_ui());
            X >>= 8;
        }
        CHECK(evm::load_be(buf) == x);
        CHECK(evm::to_be_bytes(x) == std::to_array(buf));
        const size_t n = g.below(33);
        CHECK(to_mpz(evm::load_be_partial(buf + 32 - n, n)) == (to_mpz(x) & ((mpz_class(1) << (8 * n)) - 1)));
        CHECK(evm::to_uint256(evm::to_bytes32(x)) == x);
        const evm::Address a = evm::to_address(x);
        CHECK(to_mpz(evm::to_uint256(a)) == (to_mpz(x) & ((mpz_class(1) << 160) - 1)));
        CHECK(std::equal(a.bytes.begin(), a.bytes.end(), buf + 12));
        CHECK(evm::as_u64(x) == x.w[0]);
    }
}

TEST_CASE("uint256 text conversion round-trips and matches GMP", "[uint256]") {
    Gen g(10);
    for (int i = 0; i < 3000; ++i) {
        const uint256 x = g.next();
        const mpz_class X = to_mpz(x);
        CHECK(evm::to_hex(x) == "0x" + X.get_str(16));
        CHECK(evm::to_decimal(x) == X.get_str(10));
        CHECK(evm::parse_uint256(evm::to_hex(x)) == x);
        CHECK(evm::parse_uint256(X.get_str(10)) == x);
    }
    CHECK(evm::to_hex(0) == "0x0");
    CHECK(evm::parse_uint256("0x0000000000000000000000000000000000000000000000000000000000000000001") == 1);
    CHECK(evm::parse_uint256("0X1F") == 31);
    const std::string max_dec = mpz_class(two256() - 1).get_str(10);
    CHECK(evm::parse_uint256(max_dec) == uint256::max());
    CHECK_THROWS_AS(evm::parse_uint256((two256()).get_str(10)), trellis::core::Error);
    CHECK_THROWS_AS(evm::parse_uint256("0x1" + std::string(64, '0')), trellis::core::Error);
    CHECK_THROWS_AS(evm::parse_uint256("12a"), trellis::core::Error);
    CHECK_THROWS_AS(evm::parse_uint256("0xg"), trellis::core::Error);
    CHECK_THROWS_AS(evm::parse_uint256(""), trellis::core::Error);
    CHECK_THROWS_AS(evm::parse_uint256("0x"), trellis::core::Error);
}
