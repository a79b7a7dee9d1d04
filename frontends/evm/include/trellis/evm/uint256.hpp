/// @file uint256.hpp
/// 256-bit EVM words: four 64-bit limbs, little-endian limb order (w[0] least significant), with every operation
/// the EVM needs (Yellow Paper appendix H.2): wrapping arithmetic modulo 2^256, signed division and modulo in two's
/// complement, ADDMOD/MULMOD with 512-bit intermediates, EXP by squaring, SIGNEXTEND, BYTE, SHL/SHR/SAR (EIP-145),
/// CLZ (EIP-7939). Division by zero yields 0, as the EVM defines.
///
/// Everything on the hot path is defined inline here (no allocation, no exception). Division is Knuth's
/// algorithm D (TAOCP vol. 2, section 4.3.1) on normalised 64-bit limbs, with a 128-by-64 hardware division
/// step; MULMOD's 512-by-256 reduction instead takes each digit from a 3-by-2 division by a reciprocal (Möller and
/// Granlund 2011), cached per thread for the last modulus. Text conversion (parse_uint256, to_hex, to_decimal)
/// lives in src/uint256.cpp.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "trellis/core/compiler.hpp"
#include "trellis/evm/types.hpp"

namespace trellis::evm {

struct uint256 {
    uint64_t w[4] = {0, 0, 0, 0};  ///< limbs, w[0] least significant

    constexpr uint256() noexcept = default;
    constexpr uint256(uint64_t v) noexcept : w{v, 0, 0, 0} {}  // NOLINT: implicit from small integers
    constexpr uint256(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3) noexcept : w{w0, w1, w2, w3} {}

    /// True if the value fits in 64 bits.
    constexpr bool fits_u64() const noexcept { return (w[1] | w[2] | w[3]) == 0; }
    constexpr explicit operator bool() const noexcept { return (w[0] | w[1] | w[2] | w[3]) != 0; }
    friend constexpr bool operator==(const uint256&, const uint256&) noexcept = default;

    /// The largest value, 2^256 - 1.
    static constexpr uint256 max() noexcept { return {~0ull, ~0ull, ~0ull, ~0ull}; }
};

// ------------------------------------------------------------------------------------------------------------
// Byte order and conversions
// ------------------------------------------------------------------------------------------------------------

/// Big-endian 32-byte load/store (the EVM's memory and calldata byte order).
TRELLIS_ALWAYS_INLINE uint256 load_be(const uint8_t bytes[32]) noexcept {
    uint256 r;
    for (int i = 0; i < 4; ++i) {
        uint64_t limb;
        std::memcpy(&limb, bytes + 8 * (3 - i), 8);
        r.w[i] = __builtin_bswap64(limb);
    }
    return r;
}
TRELLIS_ALWAYS_INLINE void store_be(uint8_t out[32], const uint256& v) noexcept {
    for (int i = 0; i < 4; ++i) {
        const uint64_t limb = __builtin_bswap64(v.w[i]);
        std::memcpy(out + 8 * (3 - i), &limb, 8);
    }
}
/// Loads `n` <= 32 big-endian bytes as the low-order bytes (PUSHn immediates, short calldata).
TRELLIS_ALWAYS_INLINE uint256 load_be_partial(const uint8_t* bytes, size_t n) noexcept {
    uint8_t buf[32] = {};
    if (n > 32) n = 32;
    if (n != 0) std::memcpy(buf + 32 - n, bytes, n);
    return load_be(buf);
}
/// The 32 big-endian bytes of `v`.
TRELLIS_ALWAYS_INLINE std::array<uint8_t, 32> to_be_bytes(const uint256& v) noexcept {
    std::array<uint8_t, 32> out;
    store_be(out.data(), v);
    return out;
}
/// The low 64 bits of `v` (truncating; check fits_u64() first where that matters).
TRELLIS_ALWAYS_INLINE constexpr uint64_t as_u64(const uint256& v) noexcept { return v.w[0]; }
/// An address as a word: the 20 bytes right-aligned, high 12 bytes zero (Yellow Paper section 4.1).
TRELLIS_ALWAYS_INLINE uint256 to_uint256(const Address& a) noexcept { return load_be_partial(a.bytes.data(), 20); }
/// The address in the low 20 bytes of a word (the high 12 bytes are dropped, as CALL/BALANCE etc. do).
TRELLIS_ALWAYS_INLINE Address to_address(const uint256& v) noexcept {
    uint8_t buf[32];
    store_be(buf, v);
    Address a;
    std::memcpy(a.bytes.data(), buf + 12, 20);
    return a;
}
/// A word as 32 big-endian bytes (storage keys/values, hashes).
TRELLIS_ALWAYS_INLINE Bytes32 to_bytes32(const uint256& v) noexcept {
    Bytes32 b;
    store_be(b.bytes.data(), v);
    return b;
}
/// 32 big-endian bytes as a word.
TRELLIS_ALWAYS_INLINE uint256 to_uint256(const Bytes32& b) noexcept { return load_be(b.bytes.data()); }

/// Parses decimal or 0x-hex text; throws core::Error on bad digits or overflow beyond 2^256-1.
uint256 parse_uint256(std::string_view text);
/// Lower-case hex without leading zeros, with 0x prefix ("0x0" for zero).
std::string to_hex(const uint256& v);
/// Decimal text.
std::string to_decimal(const uint256& v);

// ------------------------------------------------------------------------------------------------------------
// Bitwise operations and comparisons
// ------------------------------------------------------------------------------------------------------------

TRELLIS_ALWAYS_INLINE uint256 operator&(const uint256& a, const uint256& b) noexcept {
    return {a.w[0] & b.w[0], a.w[1] & b.w[1], a.w[2] & b.w[2], a.w[3] & b.w[3]};
}
TRELLIS_ALWAYS_INLINE uint256 operator|(const uint256& a, const uint256& b) noexcept {
    return {a.w[0] | b.w[0], a.w[1] | b.w[1], a.w[2] | b.w[2], a.w[3] | b.w[3]};
}
TRELLIS_ALWAYS_INLINE uint256 operator^(const uint256& a, const uint256& b) noexcept {
    return {a.w[0] ^ b.w[0], a.w[1] ^ b.w[1], a.w[2] ^ b.w[2], a.w[3] ^ b.w[3]};
}
TRELLIS_ALWAYS_INLINE uint256 operator~(const uint256& a) noexcept { return {~a.w[0], ~a.w[1], ~a.w[2], ~a.w[3]}; }

/// Logical left shift; 0 if shift >= 256. Branch-light: a funnel shift of every limb by shift % 64 (the
/// `(x >> 1) >> (63 - bits)` form is 0 for bits == 0, no undefined 64-bit shift), then whole-limb moves by 1 and
/// by 2 limbs chosen with selects from the bits of shift / 64; no loop, no memory round trip.
TRELLIS_ALWAYS_INLINE uint256 operator<<(const uint256& a, unsigned shift) noexcept {
    if (TRELLIS_UNLIKELY(shift >= 256)) return {};
    const unsigned bits = shift % 64, back = 63 - bits;
    uint64_t t0 = a.w[0] << bits;
    uint64_t t1 = (a.w[1] << bits) | ((a.w[0] >> 1) >> back);
    uint64_t t2 = (a.w[2] << bits) | ((a.w[1] >> 1) >> back);
    uint64_t t3 = (a.w[3] << bits) | ((a.w[2] >> 1) >> back);
    const bool one = (shift & 64) != 0, two = (shift & 128) != 0;
    t3 = one ? t2 : t3;
    t2 = one ? t1 : t2;
    t1 = one ? t0 : t1;
    t0 = one ? 0 : t0;
    return {two ? 0 : t0, two ? 0 : t1, two ? t0 : t2, two ? t1 : t3};
}
/// Logical right shift; 0 if shift >= 256. Branch-light, the mirror of operator<<.
TRELLIS_ALWAYS_INLINE uint256 operator>>(const uint256& a, unsigned shift) noexcept {
    if (TRELLIS_UNLIKELY(shift >= 256)) return {};
    const unsigned bits = shift % 64, back = 63 - bits;
    uint64_t t0 = (a.w[0] >> bits) | ((a.w[1] << 1) << back);
    uint64_t t1 = (a.w[1] >> bits) | ((a.w[2] << 1) << back);
    uint64_t t2 = (a.w[2] >> bits) | ((a.w[3] << 1) << back);
    uint64_t t3 = a.w[3] >> bits;
    const bool one = (shift & 64) != 0, two = (shift & 128) != 0;
    t0 = one ? t1 : t0;
    t1 = one ? t2 : t1;
    t2 = one ? t3 : t2;
    t3 = one ? 0 : t3;
    return {two ? t2 : t0, two ? t3 : t1, two ? 0 : t2, two ? 0 : t3};
}

TRELLIS_ALWAYS_INLINE bool operator<(const uint256& a, const uint256& b) noexcept {
    // Borrow out of a - b, computed limb by limb: branch-free.
    bool borrow = false;
    for (int i = 0; i < 4; ++i) {
        uint64_t d;
        const bool b1 = __builtin_sub_overflow(a.w[i], b.w[i], &d);
        const bool b2 = __builtin_sub_overflow(d, static_cast<uint64_t>(borrow), &d);
        borrow = b1 | b2;
    }
    return borrow;
}
TRELLIS_ALWAYS_INLINE bool operator>(const uint256& a, const uint256& b) noexcept { return b < a; }
TRELLIS_ALWAYS_INLINE bool operator<=(const uint256& a, const uint256& b) noexcept { return !(b < a); }
TRELLIS_ALWAYS_INLINE bool operator>=(const uint256& a, const uint256& b) noexcept { return !(a < b); }

/// SLT: signed (two's complement) less-than.
TRELLIS_ALWAYS_INLINE bool slt(const uint256& a, const uint256& b) noexcept {
    const bool a_neg = (a.w[3] >> 63) != 0, b_neg = (b.w[3] >> 63) != 0;
    if (a_neg != b_neg) return a_neg;
    return a < b;
}
/// SGT: signed (two's complement) greater-than.
TRELLIS_ALWAYS_INLINE bool sgt(const uint256& a, const uint256& b) noexcept { return slt(b, a); }

/// CLZ (EIP-7939): number of leading zero bits; 256 for 0.
TRELLIS_ALWAYS_INLINE unsigned clz(const uint256& x) noexcept {
    for (int i = 3; i >= 0; --i)
        if (x.w[i] != 0) return static_cast<unsigned>((3 - i) * 64 + __builtin_clzll(x.w[i]));
    return 256;
}
/// Number of bytes needed to write `x` in big-endian without leading zeros; 0 for 0. EXP gas uses it.
TRELLIS_ALWAYS_INLINE unsigned count_significant_bytes(const uint256& x) noexcept { return (256 - clz(x) + 7) / 8; }

// ------------------------------------------------------------------------------------------------------------
// Arithmetic
// ------------------------------------------------------------------------------------------------------------

TRELLIS_ALWAYS_INLINE uint256 operator+(const uint256& a, const uint256& b) noexcept {
    uint256 r;
    bool carry = false;
    for (int i = 0; i < 4; ++i) {
        uint64_t s;
        const bool c1 = __builtin_add_overflow(a.w[i], b.w[i], &s);
        const bool c2 = __builtin_add_overflow(s, static_cast<uint64_t>(carry), &r.w[i]);
        carry = c1 | c2;
    }
    return r;
}
TRELLIS_ALWAYS_INLINE uint256 operator-(const uint256& a, const uint256& b) noexcept {
    uint256 r;
    bool borrow = false;
    for (int i = 0; i < 4; ++i) {
        uint64_t d;
        const bool b1 = __builtin_sub_overflow(a.w[i], b.w[i], &d);
        const bool b2 = __builtin_sub_overflow(d, static_cast<uint64_t>(borrow), &r.w[i]);
        borrow = b1 | b2;
    }
    return r;
}
/// Two's complement negation (0 - a).
TRELLIS_ALWAYS_INLINE uint256 operator-(const uint256& a) noexcept { return uint256{} - a; }

/// Product modulo 2^256 (schoolbook, only the ten partial products that reach the low 256 bits).
TRELLIS_ALWAYS_INLINE uint256 operator*(const uint256& a, const uint256& b) noexcept {
    using u128 = unsigned __int128;
    uint256 r;
    for (int i = 0; i < 4; ++i) {
        uint64_t carry = 0;
        for (int j = 0; j < 4 - i; ++j) {
            const u128 p = static_cast<u128>(a.w[i]) * b.w[j] + r.w[i + j] + carry;
            r.w[i + j] = static_cast<uint64_t>(p);
            carry = static_cast<uint64_t>(p >> 64);
        }
    }
    return r;
}

/// Full 512-bit product (lo, hi), for MULMOD and for the schedule analysis.
inline void mul_full(const uint256& a, const uint256& b, uint256& lo, uint256& hi) noexcept {
    using u128 = unsigned __int128;
    uint64_t r[8] = {};
    for (int i = 0; i < 4; ++i) {
        uint64_t carry = 0;
        for (int j = 0; j < 4; ++j) {
            const u128 p = static_cast<u128>(a.w[i]) * b.w[j] + r[i + j] + carry;
            r[i + j] = static_cast<uint64_t>(p);
            carry = static_cast<uint64_t>(p >> 64);
        }
        r[i + 4] = carry;
    }
    lo = {r[0], r[1], r[2], r[3]};
    hi = {r[4], r[5], r[6], r[7]};
}

namespace detail {

/// (hi:lo) / d for hi < d: the quotient fits in 64 bits. `rem` receives the remainder.
TRELLIS_ALWAYS_INLINE uint64_t udiv128(uint64_t hi, uint64_t lo, uint64_t d, uint64_t& rem) noexcept {
#if defined(__x86_64__)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    rem = r;
    return q;
#else
    const unsigned __int128 n = (static_cast<unsigned __int128>(hi) << 64) | lo;
    rem = static_cast<uint64_t>(n % d);
    return static_cast<uint64_t>(n / d);
#endif
}

/// Number of limbs of `u[0..n)` up to and including the highest non-zero one.
TRELLIS_ALWAYS_INLINE int significant_limbs(const uint64_t* u, int n) noexcept {
    while (n > 0 && u[n - 1] == 0) --n;
    return n;
}

/// Multiply-subtract step of long division (Knuth 4.3.1 D4): un[0..len) -= q * v[0..len). Returns in `carry` the
/// high limb of the product and in `borrow` the subtraction's borrow (0..2 together), both still owed by un[len].
TRELLIS_ALWAYS_INLINE void submul(uint64_t* un, const uint64_t* v, int len, uint64_t q, uint64_t& carry,
                                  uint64_t& borrow) noexcept {
    using u128 = unsigned __int128;
    carry = 0;
    borrow = 0;
    for (int i = 0; i < len; ++i) {
        const u128 p = static_cast<u128>(q) * v[i] + carry;
        carry = static_cast<uint64_t>(p >> 64);
        const uint64_t plo = static_cast<uint64_t>(p);
        const uint64_t t = un[i] - plo;
        const uint64_t b1 = un[i] < plo;
        un[i] = t - borrow;
        borrow = b1 + (t < borrow);
    }
}

/// Knuth algorithm D for a divisor of exactly `n` (2..4, a template parameter so the limb loops unroll and the
/// working arrays stay in registers) limbs: u[0..m) / v[0..n) with m >= n, v[n-1] != 0, m <= 8. Writes the
/// quotient to q[0..m-n] and the remainder to r[0..n).
template <int n>
inline void udivrem_n(const uint64_t* u, int m, const uint64_t* v, uint64_t* q, uint64_t* r) noexcept {
    using u128 = unsigned __int128;
    // D1: normalise so the divisor's top bit is set.
    const unsigned s = static_cast<unsigned>(__builtin_clzll(v[n - 1]));
    uint64_t vn[4];
    uint64_t un[9];
    for (int i = n - 1; i > 0; --i) vn[i] = (v[i] << s) | (s != 0 ? v[i - 1] >> (64 - s) : 0);
    vn[0] = v[0] << s;
    un[m] = s != 0 ? u[m - 1] >> (64 - s) : 0;
    for (int i = m - 1; i > 0; --i) un[i] = (u[i] << s) | (s != 0 ? u[i - 1] >> (64 - s) : 0);
    un[0] = u[0] << s;

    const uint64_t v1 = vn[n - 1], v2 = vn[n - 2];
    for (int j = m - n; j >= 0; --j) {
        // D3: estimate qhat from the top two limbs, correct it with the third (at most two steps).
        uint64_t qhat, rhat;
        bool rhat_overflow;
        if (un[j + n] >= v1) {  // by the loop invariant un[j+n] <= v1; equality means qhat = b - 1
            qhat = ~0ull;
            rhat = un[j + n - 1] + v1;
            rhat_overflow = rhat < v1;
        } else {
            qhat = udiv128(un[j + n], un[j + n - 1], v1, rhat);
            rhat_overflow = false;
        }
        while (!rhat_overflow &&
               static_cast<u128>(qhat) * v2 > ((static_cast<u128>(rhat) << 64) | un[j + n - 2])) {
            --qhat;
            rhat += v1;
            rhat_overflow = rhat < v1;
        }
        // D4: multiply and subtract.
        uint64_t carry, borrow;
        submul(un + j, vn, n, qhat, carry, borrow);
        const uint64_t t = un[j + n] - carry;
        const uint64_t b1 = un[j + n] < carry;
        un[j + n] = t - borrow;
        const bool negative = (b1 + (t < borrow)) != 0;
        // D6: add back (rare: probability about 2/b).
        if (TRELLIS_UNLIKELY(negative)) {
            --qhat;
            uint64_t c = 0;
            for (int i = 0; i < n; ++i) {
                const u128 sum = static_cast<u128>(un[i + j]) + vn[i] + c;
                un[i + j] = static_cast<uint64_t>(sum);
                c = static_cast<uint64_t>(sum >> 64);
            }
            un[j + n] += c;
        }
        q[j] = qhat;
    }
    // D8: unnormalise the remainder.
    for (int i = 0; i < n - 1; ++i) r[i] = (un[i] >> s) | (s != 0 ? un[i + 1] << (64 - s) : 0);
    r[n - 1] = un[n - 1] >> s;
}

/// Knuth algorithm D: u[0..m) / v[0..n) with m >= n >= 1, v[n-1] != 0, m <= 8, n <= 4.
/// Writes the quotient to q[0..m-n] and the remainder to r[0..n).
inline void udivrem(const uint64_t* u, int m, const uint64_t* v, int n, uint64_t* q, uint64_t* r) noexcept {
    switch (n) {
        case 1: {
            uint64_t rem = 0;
            for (int j = m - 1; j >= 0; --j) q[j] = udiv128(rem, u[j], v[0], rem);
            r[0] = rem;
            return;
        }
        case 2: return udivrem_n<2>(u, m, v, q, r);
        case 3: return udivrem_n<3>(u, m, v, q, r);
        default: return udivrem_n<4>(u, m, v, q, r);
    }
}

}  // namespace detail

/// Division with remainder; quotient and remainder 0 if b == 0.
inline void divmod(const uint256& a, const uint256& b, uint256& quotient, uint256& remainder) noexcept {
    if (TRELLIS_LIKELY(a.fits_u64() && b.fits_u64())) {
        if (b.w[0] == 0) {
            quotient = {};
            remainder = {};
        } else {
            quotient = a.w[0] / b.w[0];
            remainder = a.w[0] % b.w[0];
        }
        return;
    }
    if (b.fits_u64()) {  // one-limb divisor (a does not fit in 64 bits here): schoolbook short division
        const uint64_t d = b.w[0];
        if (d == 0) {
            quotient = {};
            remainder = {};
            return;
        }
        uint256 q;
        uint64_t rem = 0;
        for (int j = detail::significant_limbs(a.w, 4) - 1; j >= 0; --j) q.w[j] = detail::udiv128(rem, a.w[j], d, rem);
        quotient = q;
        remainder = rem;
        return;
    }
    const int n = detail::significant_limbs(b.w, 4);
    if (a < b) {
        remainder = a;
        quotient = {};
        return;
    }
    const int m = detail::significant_limbs(a.w, 4);
    uint256 q, r;
    detail::udivrem(a.w, m, b.w, n, q.w, r.w);
    quotient = q;
    remainder = r;
}

TRELLIS_ALWAYS_INLINE uint256 operator/(const uint256& a, const uint256& b) noexcept {
    uint256 q, r;
    divmod(a, b, q, r);
    return q;
}
TRELLIS_ALWAYS_INLINE uint256 operator%(const uint256& a, const uint256& b) noexcept {
    uint256 q, r;
    divmod(a, b, q, r);
    return r;
}

TRELLIS_ALWAYS_INLINE uint256& operator+=(uint256& a, const uint256& b) noexcept { return a = a + b; }
TRELLIS_ALWAYS_INLINE uint256& operator-=(uint256& a, const uint256& b) noexcept { return a = a - b; }
TRELLIS_ALWAYS_INLINE uint256& operator*=(uint256& a, const uint256& b) noexcept { return a = a * b; }
TRELLIS_ALWAYS_INLINE uint256& operator&=(uint256& a, const uint256& b) noexcept { return a = a & b; }
TRELLIS_ALWAYS_INLINE uint256& operator|=(uint256& a, const uint256& b) noexcept { return a = a | b; }
TRELLIS_ALWAYS_INLINE uint256& operator^=(uint256& a, const uint256& b) noexcept { return a = a ^ b; }
TRELLIS_ALWAYS_INLINE uint256& operator<<=(uint256& a, unsigned s) noexcept { return a = a << s; }
TRELLIS_ALWAYS_INLINE uint256& operator>>=(uint256& a, unsigned s) noexcept { return a = a >> s; }

namespace detail {
TRELLIS_ALWAYS_INLINE bool is_negative(const uint256& x) noexcept { return (x.w[3] >> 63) != 0; }
TRELLIS_ALWAYS_INLINE uint256 abs_value(const uint256& x) noexcept { return is_negative(x) ? -x : x; }
}  // namespace detail

/// SDIV; 0 if b == 0; -2^255 / -1 = -2^255 (the quotient wraps).
inline uint256 sdiv(const uint256& a, const uint256& b) noexcept {
    const uint256 q = detail::abs_value(a) / detail::abs_value(b);
    return detail::is_negative(a) != detail::is_negative(b) ? -q : q;
}
/// SMOD; the result takes the sign of the dividend; 0 if b == 0.
inline uint256 smod(const uint256& a, const uint256& b) noexcept {
    const uint256 r = detail::abs_value(a) % detail::abs_value(b);
    return detail::is_negative(a) ? -r : r;
}

/// ADDMOD: (a + b) mod m computed on the exact 257-bit sum; 0 if m == 0.
inline uint256 addmod(const uint256& a, const uint256& b, const uint256& m) noexcept {
    if (!m) return {};
    if (a < m && b < m) {  // common case: one conditional subtraction
        const uint256 s = a + b;
        const bool carry = s < a;
        return (carry || s >= m) ? s - m : s;
    }
    uint64_t u[5];
    bool carry = false;
    for (int i = 0; i < 4; ++i) {
        uint64_t s;
        const bool c1 = __builtin_add_overflow(a.w[i], b.w[i], &s);
        const bool c2 = __builtin_add_overflow(s, static_cast<uint64_t>(carry), &u[i]);
        carry = c1 | c2;
    }
    u[4] = carry;
    const int n = detail::significant_limbs(m.w, 4);
    const int len = detail::significant_limbs(u, 5);
    if (len < n) return {u[0], u[1], u[2], u[3]};
    uint64_t q[5];
    uint256 r;
    detail::udivrem(u, len, m.w, n, q, r.w);
    return r;
}

namespace detail {

/// Reciprocal of a normalised two-limb divisor (d1:d0), d1's top bit set, for 3-by-2 division by multiplication:
/// floor((2^192 - 1) / (d1:d0)) - 2^64 (Möller and Granlund, "Improved division by invariant integers", IEEE
/// Trans. Computers 2011, algorithm 6; one hardware division for the one-limb reciprocal, then two corrections).
inline uint64_t reciprocal_3by2(uint64_t d1, uint64_t d0) noexcept {
    using u128 = unsigned __int128;
    uint64_t unused;
    // One-limb reciprocal floor((2^128 - 1) / d1) - 2^64: the dividend's high limb is ~d1 < d1, so it fits.
    uint64_t v = udiv128(~d1, ~0ull, d1, unused);
    uint64_t p = d1 * v + d0;
    if (p < d0) {  // carry out of d1 * v + d0
        --v;
        if (p >= d1) {
            --v;
            p -= d1;
        }
        p -= d1;
    }
    const u128 t = static_cast<u128>(v) * d0;
    const uint64_t t1 = static_cast<uint64_t>(t >> 64), t0 = static_cast<uint64_t>(t);
    p += t1;
    if (p < t1) {  // carry
        --v;
        if (p > d1 || (p == d1 && t0 >= d0)) --v;
    }
    return v;
}

/// 3-by-2 division (Möller and Granlund 2011, algorithm 5): (u2:u1:u0) / (d1:d0) with (u2:u1) < (d1:d0), d1's
/// top bit set and v = reciprocal_3by2(d1, d0). Returns the one-limb quotient; the remainder goes to (r1:r0).
TRELLIS_ALWAYS_INLINE uint64_t udivrem_3by2(uint64_t u2, uint64_t u1, uint64_t u0, uint64_t d1, uint64_t d0,
                                            uint64_t v, uint64_t& r1, uint64_t& r0) noexcept {
    using u128 = unsigned __int128;
    const u128 d = (static_cast<u128>(d1) << 64) | d0;
    u128 q = static_cast<u128>(v) * u2 + ((static_cast<u128>(u2) << 64) | u1);
    uint64_t q1 = static_cast<uint64_t>(q >> 64);
    const uint64_t q0 = static_cast<uint64_t>(q);
    const uint64_t r1_first = u1 - q1 * d1;
    u128 r = ((static_cast<u128>(r1_first) << 64) | u0) - static_cast<u128>(q1) * d0 - d;
    ++q1;
    if (static_cast<uint64_t>(r >> 64) >= q0) {
        --q1;
        r += d;
    }
    if (TRELLIS_UNLIKELY(r >= d)) {
        ++q1;
        r -= d;
    }
    r1 = static_cast<uint64_t>(r >> 64);
    r0 = static_cast<uint64_t>(r);
    return q1;
}

/// A divisor of 2..4 significant limbs prepared for reduction by multiplication instead of hardware division:
/// normalised limbs, shift and the 3-by-2 reciprocal of its top two normalised limbs.
struct PreparedDivisor {
    uint256 divisor;      ///< the divisor as given (0: nothing prepared yet)
    uint64_t dn[4] = {};  ///< divisor << shift, limbs [0, n)
    unsigned shift = 0;   ///< leading zero bits of the divisor's top limb
    int n = 0;            ///< significant limbs of the divisor (2..4)
    uint64_t v = 0;       ///< reciprocal_3by2(dn[n-1], dn[n-2])

    /// Prepares `d`, which must have 2..4 significant limbs.
    void prepare(const uint256& d) noexcept {
        divisor = d;
        n = significant_limbs(d.w, 4);
        shift = static_cast<unsigned>(__builtin_clzll(d.w[n - 1]));
        for (int i = n - 1; i > 0; --i) dn[i] = (d.w[i] << shift) | (shift != 0 ? d.w[i - 1] >> (64 - shift) : 0);
        dn[0] = d.w[0] << shift;
        v = reciprocal_3by2(dn[n - 1], dn[n - 2]);
    }
};

/// Remainder of u[0..m) (n <= m <= 8) by a prepared divisor of exactly `n` limbs: Knuth's algorithm D (TAOCP
/// vol. 2, 4.3.1) with each quotient digit from udivrem_3by2, which is exact for the top three limbs, so the
/// digit is at most one too large and one add-back corrects it. Writes the remainder to r[0..4). Both lengths
/// are template parameters so every loop unrolls and the working limbs stay in registers.
template <int n, int m>
inline void urem_prepared(const uint64_t* u, const PreparedDivisor& d, uint64_t* r) noexcept {
    static_assert(n >= 2 && n <= 4 && m >= n && m <= 8);
    using u128 = unsigned __int128;
    const unsigned s = d.shift;
    uint64_t un[9];
    un[m] = s != 0 ? u[m - 1] >> (64 - s) : 0;
    for (int i = m - 1; i > 0; --i) un[i] = (u[i] << s) | (s != 0 ? u[i - 1] >> (64 - s) : 0);
    un[0] = u[0] << s;
    const uint64_t d1 = d.dn[n - 1], d0 = d.dn[n - 2];
    for (int j = m - n; j >= 0; --j) {
        const uint64_t u2 = un[j + n], u1 = un[j + n - 1], u0 = un[j + n - 2];
        if (TRELLIS_UNLIKELY(u2 == d1 && u1 == d0)) {
            // The window is below divisor * 2^64 and its top two limbs equal the divisor's: the digit is 2^64 - 1
            // exactly. Multiply-subtract over all n + 1 limbs.
            uint64_t carry, borrow;
            submul(un + j, d.dn, n, ~0ull, carry, borrow);
            un[j + n] -= carry + borrow;  // zero by the argument above
            continue;
        }
        uint64_t r1, r0;
        const uint64_t q = udivrem_3by2(u2, u1, u0, d1, d0, d.v, r1, r0);
        if constexpr (n > 2) {
            // Subtract q * dn[0..n-2) from the window's low limbs; the borrow comes out of (r1:r0).
            uint64_t carry, borrow;
            submul(un + j, d.dn, n - 2, q, carry, borrow);
            const u128 top = (static_cast<u128>(r1) << 64) | r0;
            const u128 sub = static_cast<u128>(carry) + borrow;
            const u128 rest = top - sub;
            r1 = static_cast<uint64_t>(rest >> 64);
            r0 = static_cast<uint64_t>(rest);
            if (TRELLIS_UNLIKELY(top < sub)) {  // the digit was one too large: add the divisor back once
                uint64_t c = 0;
                for (int i = 0; i < n - 2; ++i) {
                    const u128 sum = static_cast<u128>(un[i + j]) + d.dn[i] + c;
                    un[i + j] = static_cast<uint64_t>(sum);
                    c = static_cast<uint64_t>(sum >> 64);
                }
                const u128 hi = ((static_cast<u128>(r1) << 64) | r0) + ((static_cast<u128>(d1) << 64) | d0) + c;
                r1 = static_cast<uint64_t>(hi >> 64);
                r0 = static_cast<uint64_t>(hi);
            }
        }
        un[j + n - 2] = r0;
        un[j + n - 1] = r1;
        un[j + n] = 0;
    }
    for (int i = 0; i < 4; ++i) r[i] = 0;
    for (int i = 0; i < n - 1; ++i) r[i] = (un[i] >> s) | (s != 0 ? un[i + 1] << (64 - s) : 0);
    r[n - 1] = un[n - 1] >> s;
}

/// The calling thread's one-entry cache of the last MULMOD modulus with 2..4 limbs, prepared. Contracts reduce
/// by one modulus for long stretches (a field prime), so the reciprocal's hardware division runs once per change.
inline constinit thread_local PreparedDivisor mulmod_divisor{};

/// The prepared form of `m` (2..4 significant limbs) from the thread's one-entry cache, prepared on a miss.
TRELLIS_ALWAYS_INLINE const PreparedDivisor& prepared_mulmod_divisor(const uint256& m) noexcept {
    PreparedDivisor& c = mulmod_divisor;
    if (TRELLIS_UNLIKELY(((c.divisor.w[0] ^ m.w[0]) | (c.divisor.w[1] ^ m.w[1]) | (c.divisor.w[2] ^ m.w[2]) |
                          (c.divisor.w[3] ^ m.w[3])) != 0))
        c.prepare(m);
    return c;
}

}  // namespace detail

/// MULMOD: (a * b) mod m computed on the exact 512-bit product; 0 if m == 0. A modulus of two or more limbs is
/// reduced by multiplication with its cached reciprocal (detail::prepared_mulmod_divisor), no hardware division.
inline uint256 mulmod(const uint256& a, const uint256& b, const uint256& m) noexcept {
    if (!m) return {};
    uint256 lo, hi;
    mul_full(a, b, lo, hi);
    const uint64_t u[8] = {lo.w[0], lo.w[1], lo.w[2], lo.w[3], hi.w[0], hi.w[1], hi.w[2], hi.w[3]};
    const int n = detail::significant_limbs(m.w, 4);
    const int len = detail::significant_limbs(u, 8);
    if (len < n) return lo;  // product < 2^(64*(n-1)) <= m
    uint256 r;
    if (n == 1) {
        uint64_t q[8];
        detail::udivrem(u, len, m.w, n, q, r.w);
        return r;
    }
    const detail::PreparedDivisor& d = detail::prepared_mulmod_divisor(m);
    // All eight limbs (leading zero limbs give zero digits): a fixed length keeps the digit loop unrolled.
    switch (n) {
        case 2: detail::urem_prepared<2, 8>(u, d, r.w); break;
        case 3: detail::urem_prepared<3, 8>(u, d, r.w); break;
        default: detail::urem_prepared<4, 8>(u, d, r.w); break;
    }
    return r;
}

/// EXP: base^exponent mod 2^256, by square-and-multiply over the exponent's bits.
inline uint256 exp(const uint256& base, const uint256& exponent) noexcept {
    uint256 result = 1;
    uint256 b = base;
    const unsigned bits = 256 - clz(exponent);
    for (unsigned i = 0; i < bits; ++i) {
        if ((exponent.w[i / 64] >> (i % 64)) & 1) result = result * b;
        if (i + 1 < bits) b = b * b;
    }
    return result;
}

/// SIGNEXTEND(b, x): extend the sign of byte `b` (0 = least significant) of `x`; `x` unchanged if b >= 31.
inline uint256 signextend(const uint256& byte_index, const uint256& x) noexcept {
    if (!byte_index.fits_u64() || byte_index.w[0] >= 31) return x;
    const unsigned sign_bit = static_cast<unsigned>(byte_index.w[0]) * 8 + 7;
    const uint256 mask = (uint256{1} << (sign_bit + 1)) - 1;
    const bool negative = ((x.w[sign_bit / 64] >> (sign_bit % 64)) & 1) != 0;
    return negative ? (x | ~mask) : (x & mask);
}

/// BYTE(i, x): byte `i` of `x` counting from the most significant (i = 0); 0 if i >= 32.
TRELLIS_ALWAYS_INLINE uint256 byte_op(const uint256& index, const uint256& x) noexcept {
    if (!index.fits_u64() || index.w[0] >= 32) return {};
    const unsigned bit = (31 - static_cast<unsigned>(index.w[0])) * 8;
    return (x.w[bit / 64] >> (bit % 64)) & 0xff;
}

/// SHL (EIP-145): x << shift; 0 if shift >= 256.
TRELLIS_ALWAYS_INLINE uint256 shl(const uint256& shift, const uint256& x) noexcept {
    if (!shift.fits_u64() || shift.w[0] >= 256) return {};
    return x << static_cast<unsigned>(shift.w[0]);
}
/// SHR (EIP-145): logical x >> shift; 0 if shift >= 256.
TRELLIS_ALWAYS_INLINE uint256 shr(const uint256& shift, const uint256& x) noexcept {
    if (!shift.fits_u64() || shift.w[0] >= 256) return {};
    return x >> static_cast<unsigned>(shift.w[0]);
}
/// SAR (EIP-145): arithmetic x >> shift; for shift >= 256, 0 or all ones by the sign of x.
TRELLIS_ALWAYS_INLINE uint256 sar(const uint256& shift, const uint256& x) noexcept {
    if (!detail::is_negative(x)) return shr(shift, x);
    if (!shift.fits_u64() || shift.w[0] >= 256) return uint256::max();
    return ~(~x >> static_cast<unsigned>(shift.w[0]));
}

}  // namespace trellis::evm
