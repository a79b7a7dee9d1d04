// Tests for the instruction-level arithmetic fast paths of frontends/evm/src/instructions.hpp: SDIV and SMOD take
// hardware divisions when the dividend is a signed 128-bit value and the divisor a signed 64-bit one
// (detail::sdiv_op, smod_op); the results
// must equal the 256-bit sdiv()/smod() of uint256.hpp (themselves checked against GMP in test_uint256.cpp) on
// every operand, in particular around the signed 64- and 128-bit boundaries. ADDMOD by a power of two (the low bits
// of the sum, detail::addmod_op) likewise against addmod(). (Yellow Paper H.2: truncating division, the
// remainder takes the dividend's sign, x / 0 = x % 0 = 0).
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "instructions.hpp"

using trellis::evm::uint256;
namespace evm = trellis::evm;

namespace {

/// The 256-bit two's-complement word of the signed 64-bit value `v`.
uint256 from_i64(int64_t v) {
    uint256 r(static_cast<uint64_t>(v));
    if (v < 0) r.w[1] = r.w[2] = r.w[3] = ~uint64_t{0};
    return r;
}

/// Operands on both sides of the fast path's limits: the signed 64-bit extremes, their neighbours just outside
/// (2^63, -2^63 - 1, 2^64 - 1), small values and words with only a high limb set.
std::vector<uint256> edge_operands() {
    std::vector<uint256> v;
    for (int64_t x : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{2}, int64_t{-2}, int64_t{3}, int64_t{-3},
                      int64_t{7}, int64_t{-7}, int64_t{1000000}, int64_t{-1000000}, INT64_MAX, INT64_MIN,
                      INT64_MAX - 1, INT64_MIN + 1, int64_t{1} << 32, -(int64_t{1} << 32)})
        v.push_back(from_i64(x));
    v.push_back(uint256(uint64_t{1} << 63));                 // 2^63: positive, not a signed 64-bit value
    v.push_back(uint256(~uint64_t{0}));                      // 2^64 - 1
    v.push_back(-uint256(uint64_t{1} << 63) - uint256(1));   // -2^63 - 1
    v.push_back(uint256(1) << 255);                          // -2^255
    v.push_back(uint256::max());                             // -1 (also in the list above, as from_i64)
    v.push_back(uint256(1) << 64);
    v.push_back(-(uint256(1) << 64));
    const uint256 i128_max = (uint256(1) << 127) - uint256(1);
    v.push_back(i128_max);                                   // 2^127 - 1: the largest signed 128-bit value
    v.push_back(-i128_max);
    v.push_back(-(uint256(1) << 127));                       // -2^127: the smallest
    v.push_back(uint256(1) << 127);                          // 2^127: not a signed 128-bit value
    v.push_back(-(uint256(1) << 127) - uint256(1));          // -2^127 - 1: not one either
    v.push_back(uint256(0x123456789abcdef0, 0x0fedcba987654321, 0, 0));
    v.push_back(-uint256(0x123456789abcdef0, 0x0fedcba987654321, 0, 0));
    v.push_back(uint256(0, 1, 0, 0) * uint256(1000000007));
    uint256 mixed(5);
    mixed.w[2] = 1;  // a word whose middle limb breaks the sign extension
    v.push_back(mixed);
    v.push_back(-mixed);
    return v;
}

}  // namespace

TEST_CASE("SDIV and SMOD fast paths equal the 256-bit sdiv/smod on edge operands", "[evm][instructions]") {
    const std::vector<uint256> ops = edge_operands();
    int mismatches = 0;
    for (const uint256& a : ops)
        for (const uint256& b : ops) {
            INFO("a=" << evm::to_hex(a) << " b=" << evm::to_hex(b));
            const uint256 q = evm::binary_result<evm::OP_SDIV>(a, b), r = evm::binary_result<evm::OP_SMOD>(a, b);
            if (q != evm::sdiv(a, b) || r != evm::smod(a, b)) ++mismatches;
            CHECK(q == evm::sdiv(a, b));
            CHECK(r == evm::smod(a, b));
        }
    CHECK(mismatches == 0);
    // By rule: -2^63 / -1 = 2^63 (no 64-bit overflow in 256 bits), -2^63 / 1 = -2^63, -7 / 2 = -3, -7 % 2 = -1,
    // 7 % -2 = 1, x / 0 = x % 0 = 0.
    CHECK(evm::binary_result<evm::OP_SDIV>(from_i64(INT64_MIN), from_i64(-1)) == uint256(uint64_t{1} << 63));
    CHECK(evm::binary_result<evm::OP_SDIV>(from_i64(INT64_MIN), from_i64(1)) == from_i64(INT64_MIN));
    CHECK(evm::binary_result<evm::OP_SDIV>(from_i64(-7), from_i64(2)) == from_i64(-3));
    CHECK(evm::binary_result<evm::OP_SMOD>(from_i64(-7), from_i64(2)) == from_i64(-1));
    CHECK(evm::binary_result<evm::OP_SMOD>(from_i64(7), from_i64(-2)) == from_i64(1));
    CHECK(evm::binary_result<evm::OP_SDIV>(from_i64(-7), uint256(0)) == uint256(0));
    CHECK(evm::binary_result<evm::OP_SMOD>(from_i64(-7), uint256(0)) == uint256(0));
}

TEST_CASE("SDIV and SMOD fast paths equal the 256-bit sdiv/smod on random signed 128/64-bit operands",
          "[evm][instructions]") {
    std::mt19937_64 rng(20261206);
    int mismatches = 0;
    for (int i = 0; i < 200000; ++i) {
        // Magnitudes of every width, so quotients of every size (and zero) occur.
        const int64_t x = static_cast<int64_t>(rng() >> (rng() % 64));
        const int64_t y = static_cast<int64_t>(rng() >> (rng() % 64));
        auto negate = [](int64_t v) { return static_cast<int64_t>(uint64_t{0} - static_cast<uint64_t>(v)); };
        uint256 a = from_i64(rng() & 1 ? negate(x) : x);
        const uint256 b = from_i64(rng() & 1 ? negate(y) : y);
        if (rng() & 1) {  // a signed 128-bit dividend of any width (sometimes past the fast path's reach)
            const int shift = static_cast<int>(rng() % 130);
            a = uint256(rng(), rng(), 0, 0) >> static_cast<unsigned>(shift);
            if (rng() & 1) a = -a;
        }
        if (evm::binary_result<evm::OP_SDIV>(a, b) != evm::sdiv(a, b) ||
            evm::binary_result<evm::OP_SMOD>(a, b) != evm::smod(a, b)) {
            INFO("a=" << evm::to_hex(a) << " b=" << evm::to_hex(b));
            CHECK(evm::binary_result<evm::OP_SDIV>(a, b) == evm::sdiv(a, b));
            ++mismatches;
            if (mismatches > 10) break;
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("ADDMOD's power-of-two path equals the 257-bit addmod", "[evm][instructions]") {
    // detail::addmod_op takes (a + b) & (m - 1) for m = 2^k; every modulus kind must give addmod()'s result
    // (itself checked against GMP in test_uint256.cpp): 0, 1, powers of two up to 2^255, their neighbours.
    std::vector<uint256> moduli = {uint256(0), uint256(1), uint256(3), uint256::max()};
    for (unsigned k = 1; k < 256; k += (k < 70 ? 1 : 7)) {
        const uint256 p = uint256(1) << k;
        moduli.push_back(p);
        moduli.push_back(p - uint256(1));
        moduli.push_back(p + uint256(1));
    }
    moduli.push_back(uint256(1) << 255);
    std::vector<uint256> operands = edge_operands();
    std::mt19937_64 rng(7);
    for (int i = 0; i < 12; ++i) operands.push_back(uint256(rng(), rng(), rng(), rng()));
    int mismatches = 0;
    for (const uint256& m : moduli)
        for (const uint256& a : operands)
            for (const uint256& b : operands)
                if (evm::detail::addmod_op(a, b, m) != evm::addmod(a, b, m)) {
                    INFO("a=" << evm::to_hex(a) << " b=" << evm::to_hex(b) << " m=" << evm::to_hex(m));
                    CHECK(evm::detail::addmod_op(a, b, m) == evm::addmod(a, b, m));
                    if (++mismatches > 10) return;
                }
    CHECK(mismatches == 0);
    // By rule: the sum's carry out of 256 bits does not reach a modulus below 2^256.
    CHECK(evm::detail::addmod_op(uint256::max(), uint256::max(), uint256(1) << 64) == uint256(~uint64_t{0} - 1));
    CHECK(evm::detail::addmod_op(uint256(5), uint256(7), uint256(1)) == uint256(0));
    CHECK(evm::detail::addmod_op(uint256(5), uint256(7), uint256(0)) == uint256(0));
}
