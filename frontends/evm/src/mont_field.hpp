/// @file mont_field.hpp
/// A prime field of fixed width in Montgomery form, for the pairing precompiles (BLS12-381 of EIP-2537/EIP-4844,
/// 6 limbs; alt_bn128 of EIP-196/197, 4 limbs). An element a is stored as a R mod p, R = 2^(64 N), in N 64-bit
/// limbs, least significant first, always fully reduced (in [0, p)), so equality is limb equality.
///
/// Multiplication is the coarsely integrated operand scanning (CIOS) Montgomery product (Koc, Acar, Kaliski,
/// "Analyzing and comparing Montgomery multiplication algorithms", 1996) in the form that needs no extra carry
/// word when the top limb of p is below 2^63 - 1 (both primes here leave two spare bits): N^2 + N^2 64x64->128
/// products and one conditional subtraction; on x86-64 with BMI2 and ADX the same product runs as assembly with two
/// carry chains (mont_mul_x86.hpp). Inversion is Pornin's binary GCD (31 steps per batch on 64-bit approximations)
/// (variable time: every input of the precompiles is public). Powers use 4-bit fixed windows.
///
/// A field is a traits type `P` with `static constexpr size_t limbs` and `static constexpr std::array<uint64_t,
/// limbs> modulus`; every other constant (-p^-1 mod 2^64, R mod p, R^2 mod p, R^3 mod p) is derived at compile
/// time. Not installed.
#pragma once
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "mont_mul_x86.hpp"
#include "mont_wide_x86.hpp"

namespace trellis::evm::precompiles::mont {

using u128 = unsigned __int128;

/// N limbs, least significant first.
template <size_t N>
using Limbs = std::array<uint64_t, N>;

// ---- limb arithmetic (plain integers, no modulus) ----

/// a + b, returning the carry out.
template <size_t N>
constexpr uint64_t add_limbs(Limbs<N>& out, const Limbs<N>& a, const Limbs<N>& b) {
#if defined(__clang__) && __has_builtin(__builtin_addcll)
    if (!std::is_constant_evaluated()) {  // one ADD/ADC chain (the 128-bit form below compiles to SETB/MOVZX)
        unsigned long long c = 0;
        for (size_t i = 0; i < N; ++i) out[i] = __builtin_addcll(a[i], b[i], c, &c);
        return c;
    }
#endif
    uint64_t carry = 0;
    for (size_t i = 0; i < N; ++i) {
        const u128 s = u128{a[i]} + b[i] + carry;
        out[i] = static_cast<uint64_t>(s);
        carry = static_cast<uint64_t>(s >> 64);
    }
    return carry;
}

/// a - b, returning the borrow out (1 if a < b).
template <size_t N>
constexpr uint64_t sub_limbs(Limbs<N>& out, const Limbs<N>& a, const Limbs<N>& b) {
#if defined(__clang__) && __has_builtin(__builtin_subcll)
    if (!std::is_constant_evaluated()) {  // one SUB/SBB chain
        unsigned long long c = 0;
        for (size_t i = 0; i < N; ++i) out[i] = __builtin_subcll(a[i], b[i], c, &c);
        return c;
    }
#endif
    uint64_t borrow = 0;
    for (size_t i = 0; i < N; ++i) {
        const u128 d = u128{a[i]} - b[i] - borrow;
        out[i] = static_cast<uint64_t>(d);
        borrow = static_cast<uint64_t>(d >> 64) & 1;
    }
    return borrow;
}

/// m unchanged, but hidden from the optimizer, so that a select by the mask m (all ones or zero) stays a run of
/// AND/OR instructions: clang otherwise turns it into a branch, which field elements mispredict half the time.
constexpr uint64_t opaque_mask(uint64_t m) {
    if (!std::is_constant_evaluated()) __asm__("" : "+r"(m));
    return m;
}

/// a >= b.
template <size_t N>
constexpr bool geq(const Limbs<N>& a, const Limbs<N>& b) {
    for (size_t i = N; i-- > 0;)
        if (a[i] != b[i]) return a[i] > b[i];
    return true;
}

template <size_t N>
constexpr bool is_zero_limbs(const Limbs<N>& a) {
    uint64_t acc = 0;
    for (uint64_t l : a) acc |= l;
    return acc == 0;
}

/// a >>= 1 with `top` shifted into the highest bit.
template <size_t N>
constexpr void shift_right_1(Limbs<N>& a, uint64_t top = 0) {
    for (size_t i = 0; i + 1 < N; ++i) a[i] = (a[i] >> 1) | (a[i + 1] << 63);
    a[N - 1] = (a[N - 1] >> 1) | (top << 63);
}

/// The limbs of the big-endian number in 8 N bytes.
template <size_t N>
constexpr Limbs<N> limbs_from_be(const uint8_t* in) {
    Limbs<N> out{};
    for (size_t i = 0; i < N; ++i) {
        uint64_t l = 0;
        for (size_t b = 0; b < 8; ++b) l = (l << 8) | in[(N - 1 - i) * 8 + b];
        out[i] = l;
    }
    return out;
}

template <size_t N>
constexpr void limbs_to_be(const Limbs<N>& a, uint8_t* out) {
    for (size_t i = 0; i < N; ++i)
        for (size_t b = 0; b < 8; ++b) out[(N - 1 - i) * 8 + b] = static_cast<uint8_t>(a[i] >> (56 - 8 * b));
}

/// a / d (d > 0) in place, returning the remainder.
template <size_t N>
constexpr uint64_t div_small(Limbs<N>& a, uint64_t d) {
    u128 rem = 0;
    for (size_t i = N; i-- > 0;) {
        const u128 cur = (rem << 64) | a[i];
        a[i] = static_cast<uint64_t>(cur / d);
        rem = cur % d;
    }
    return static_cast<uint64_t>(rem);
}

/// The limbs of a hex string (no prefix, at most 16 N digits), for constants.
template <size_t N>
constexpr Limbs<N> limbs_from_hex(const char* hex) {
    Limbs<N> out{};
    size_t len = 0;
    while (hex[len] != 0) ++len;
    for (size_t k = 0; k < len; ++k) {
        const char c = hex[len - 1 - k];
        const uint64_t digit = c >= '0' && c <= '9' ? uint64_t(c - '0') : c >= 'a' && c <= 'f' ? uint64_t(c - 'a' + 10) : uint64_t(c - 'A' + 10);
        out[k / 16] |= digit << (4 * (k % 16));
    }
    return out;
}

// ---- the field ----

/// An element of the prime field of `P` (see the file comment), in Montgomery form.
template <class P>
struct Fp {
    static constexpr size_t N = P::limbs;
    using L = Limbs<N>;
    static constexpr const L& p = P::modulus;
    static_assert(P::modulus[N - 1] < (uint64_t{1} << 62), "the product needs two spare bits in the top limb");

    L v{};  // a R mod p

    /// -p^-1 mod 2^64 (Newton's iteration doubles the correct low bits each step).
    static constexpr uint64_t inv = [] {
        uint64_t x = 1;
        for (int i = 0; i < 7; ++i) x *= 2 - P::modulus[0] * x;
        return ~x + 1;
    }();
    /// 2^k mod p by doubling.
    static constexpr L pow2_mod(size_t k) {
        L x{};
        x[0] = 1;
        for (size_t i = 0; i < k; ++i) {
            L d{};
            const uint64_t carry = add_limbs(d, x, x);
            L s{};
            if (carry || geq(d, P::modulus)) sub_limbs(s, d, P::modulus), d = s;
            x = d;
        }
        return x;
    }
    static constexpr L r1 = pow2_mod(64 * N);
    static constexpr L r2 = pow2_mod(128 * N);
    static constexpr L r3 = pow2_mod(192 * N);

    static constexpr Fp zero() { return {}; }
    static constexpr Fp one() { return Fp{r1}; }
    /// The element whose plain value is `a` (a < p).
    static constexpr Fp from_limbs(const L& a) { return mul(Fp{a}, Fp{r2}); }
    static constexpr Fp from_u64(uint64_t a) {
        L l{};
        l[0] = a;
        return from_limbs(l);
    }
    static constexpr Fp from_hex(const char* hex) { return from_limbs(limbs_from_hex<N>(hex)); }
    /// The plain value in [0, p).
    constexpr L to_limbs() const {
        L one_plain{};
        one_plain[0] = 1;
        return mul(*this, Fp{one_plain}).v;
    }
    /// Reads 8 N big-endian bytes; false (and `out` unchanged) if the value is not below p.
    static bool from_be(const uint8_t* in, Fp& out) {
        const L l = limbs_from_be<N>(in);
        if (geq(l, P::modulus)) return false;
        out = from_limbs(l);
        return true;
    }
    void to_be(uint8_t* out) const { limbs_to_be(to_limbs(), out); }

    constexpr bool is_zero() const { return is_zero_limbs(v); }
    constexpr bool operator==(const Fp& o) const { return v == o.v; }

    /// p's limbs, then -p^-1 mod 2^64 (the operand of mul_mulx_adx).
    static constexpr Limbs<N + 1> p_inv = [] {
        Limbs<N + 1> out{};
        for (size_t i = 0; i < N; ++i) out[i] = P::modulus[i];
        out[N] = inv;
        return out;
    }();

    /// The Montgomery product a b R^-1 (see the file comment): MULX/ADX assembly (mont_mul_x86.hpp) where the CPU
    /// has it, else mul_portable.
    static constexpr Fp mul(const Fp& a, const Fp& b) {
#if TRELLIS_EVM_MULX_ADX
        if constexpr (N == 4 || N == 6) {
            if (!std::is_constant_evaluated() && has_mulx_adx) {
                Fp out;
                mul_mulx_adx<N>(out.v.data(), a.v.data(), b.v.data(), p_inv.data());
                out.reduce_once_rare();
                return out;
            }
        }
#endif
        return mul_portable(a, b);
    }
    /// The same product in portable C++ (the tests compare the two).
    static constexpr Fp mul_portable(const Fp& a, const Fp& b) {
        L t{};
#pragma GCC unroll 8
        for (size_t i = 0; i < N; ++i) {
            u128 x = u128{a.v[0]} * b.v[i] + t[0];
            uint64_t carry_a = static_cast<uint64_t>(x >> 64);
            const uint64_t lo = static_cast<uint64_t>(x);
            const uint64_t m = lo * inv;
            u128 y = u128{m} * P::modulus[0] + lo;
            uint64_t carry_m = static_cast<uint64_t>(y >> 64);
            for (size_t j = 1; j < N; ++j) {
                x = u128{a.v[j]} * b.v[i] + t[j] + carry_a;
                carry_a = static_cast<uint64_t>(x >> 64);
                y = u128{m} * P::modulus[j] + static_cast<uint64_t>(x) + carry_m;
                carry_m = static_cast<uint64_t>(y >> 64);
                t[j - 1] = static_cast<uint64_t>(y);
            }
            t[N - 1] = carry_a + carry_m;
        }
        Fp out{t};
        out.reduce_once_rare();
        return out;
    }
    // ---- lazy reduction: products of 2N limbs, summed before one reduction ----

    /// A double-width value T (2N limbs) in [0, p R) that stands for T R^-1 mod p: a product of two field elements
    /// before its Montgomery reduction, or a sum or difference of such products (extension-field arithmetic reduces
    /// each sum of products once instead of each product; Scott, "Implementing cryptographic pairings", 2007).
    using Wide = Limbs<2 * N>;

    /// The plain product a b of two N-limb values (elements, or unreduced sums of two elements, each below 2p);
    /// the caller keeps a b below p R (4 p^2 < p R: both moduli leave two spare bits).
    static Wide mul_wide(const L& a, const L& b) {
        Wide out;
#if TRELLIS_EVM_MULX_ADX
        if constexpr (N == 4 || N == 6) {
            if (has_mulx_adx) {
                mul_wide_mulx_adx<N>(out.data(), a.data(), b.data());
                return out;
            }
        }
#endif
        return mul_wide_portable(a, b);
    }
    /// The same product in portable C++ (schoolbook; the tests compare the two).
    static Wide mul_wide_portable(const L& a, const L& b) {
        Wide out{};
        for (size_t i = 0; i < N; ++i) {
            uint64_t carry = 0;
            for (size_t j = 0; j < N; ++j) {
                const u128 x = u128{a[j]} * b[i] + out[i + j] + carry;
                out[i + j] = static_cast<uint64_t>(x);
                carry = static_cast<uint64_t>(x >> 64);
            }
            out[i + N] = carry;
        }
        return out;
    }
    /// Montgomery's reduction t R^-1 mod p, fully reduced, for t < p R (mont_wide_x86.hpp explains the method).
    static Fp redc(const Wide& t) {
        Fp out;
#if TRELLIS_EVM_MULX_ADX
        if constexpr (N == 4 || N == 6) {
            if (has_mulx_adx) {
                redc_mulx_adx<N>(out.v.data(), t.data(), p_inv.data());
                out.reduce_once();
                return out;
            }
        }
#endif
        return redc_portable(t);
    }
    /// The same reduction in portable C++: the m p rows of mul_portable on t's low half, then t's high half added.
    static Fp redc_portable(const Wide& t) {
        Fp out;
        L& w = out.v;
        for (size_t i = 0; i < N; ++i) w[i] = t[i];
        for (size_t i = 0; i < N; ++i) {
            const uint64_t m = w[0] * inv;
            u128 y = u128{m} * P::modulus[0] + w[0];
            uint64_t carry = static_cast<uint64_t>(y >> 64);
            for (size_t j = 1; j < N; ++j) {
                y = u128{m} * P::modulus[j] + w[j] + carry;
                w[j - 1] = static_cast<uint64_t>(y);
                carry = static_cast<uint64_t>(y >> 64);
            }
            w[N - 1] = carry;
        }
        L high;
        for (size_t i = 0; i < N; ++i) high[i] = t[N + i];
        add_limbs(w, w, high);  // (t_low + M p) / R <= p, t_high < p: below 2p
        out.reduce_once();
        return out;
    }
    /// a + b modulo p R, for a, b in [0, p R) (p R is p in the high half).
    static Wide wide_add(const Wide& a, const Wide& b) {
        Wide s;
        add_limbs(s, a, b);  // below 2 p R < 2^(128 N): no carry out
        L high, d;
        for (size_t i = 0; i < N; ++i) high[i] = s[N + i];
        const uint64_t keep = opaque_mask(0 - sub_limbs(d, high, P::modulus));  // all ones if s < p R
        for (size_t i = 0; i < N; ++i) s[N + i] = (high[i] & keep) | (d[i] & ~keep);
        return s;
    }
    /// a - b modulo p R, for a, b in [0, p R).
    static Wide wide_sub(const Wide& a, const Wide& b) {
        Wide d;
        const uint64_t mask = opaque_mask(0 - sub_limbs(d, a, b));
        L high, pm;
        for (size_t i = 0; i < N; ++i) high[i] = d[N + i], pm[i] = P::modulus[i] & mask;
        add_limbs(high, high, pm);
        for (size_t i = 0; i < N; ++i) d[N + i] = high[i];
        return d;
    }
    /// a + b without reduction (below 2p, an operand of mul_wide).
    static L add_unreduced(const Fp& a, const Fp& b) {
        L out;
        add_limbs(out, a.v, b.v);
        return out;
    }
    /// a + p - b without reduction (in (0, 2p), an operand of mul_wide).
    static L sub_unreduced(const Fp& a, const Fp& b) {
        L out;
        sub_limbs(out, P::modulus, b.v);
        add_limbs(out, out, a.v);
        return out;
    }

    /// v - p if v >= p, without a branch (on random values a branch would be mispredicted half the time).
    constexpr void reduce_once() {
        L s;
        const uint64_t keep = opaque_mask(0 - sub_limbs(s, v, P::modulus));  // all ones if v < p
        for (size_t i = 0; i < N; ++i) v[i] = (v[i] & keep) | (s[i] & ~keep);
    }

    /// v - p if v >= p, for a Montgomery product (a b + m p) / R: a b / R < p^2 / R < p / 4 for both primes, so
    /// v >= p at most about one time in eight and a branch is predicted well; the branch-free select of reduce_once would put
    /// its latency on every product's dependency chain.
    constexpr void reduce_once_rare() {
        L s;
        if (__builtin_expect(!sub_limbs(s, v, P::modulus), 0)) v = s;
    }

    friend constexpr Fp operator*(const Fp& a, const Fp& b) { return mul(a, b); }
    friend constexpr Fp operator+(const Fp& a, const Fp& b) {
        Fp out;
        add_limbs(out.v, a.v, b.v);  // < 2p < 2^(64 N): no carry out
        out.reduce_once();
        return out;
    }
    friend constexpr Fp operator-(const Fp& a, const Fp& b) {
        Fp out;
        const uint64_t mask = opaque_mask(0 - sub_limbs(out.v, a.v, b.v));
        L pm;
        for (size_t i = 0; i < N; ++i) pm[i] = P::modulus[i] & mask;
        add_limbs(out.v, out.v, pm);
        return out;
    }
    friend constexpr Fp operator-(const Fp& a) { return a.is_zero() ? a : Fp{} - a; }
    Fp& operator+=(const Fp& o) { return *this = *this + o; }
    Fp& operator-=(const Fp& o) { return *this = *this - o; }
    Fp& operator*=(const Fp& o) { return *this = mul(*this, o); }
    /// a^2: for 6 limbs with MULX/ADX the dedicated plain square (sqr_wide, 21 64-bit products instead of 36) and
    /// Montgomery's reduction (as for a product, the result is >= p at most one time in eight); else mul(a, a).
    constexpr Fp square() const {
#if TRELLIS_EVM_MULX_ADX
        if constexpr (N == 6) {
            if (!std::is_constant_evaluated() && has_mulx_adx) {
                Wide w;
                sqr_wide_mulx_adx6(w.data(), v.data());
                Fp out;
                redc_mulx_adx<6>(out.v.data(), w.data(), p_inv.data());
                out.reduce_once_rare();
                return out;
            }
        }
#endif
        return mul(*this, *this);
    }
    /// The plain square a^2 of an N-limb value (below 2p; as mul_wide(a, a)).
    static Wide sqr_wide(const L& a) {
#if TRELLIS_EVM_MULX_ADX
        if constexpr (N == 6) {
            if (has_mulx_adx) {
                Wide out;
                sqr_wide_mulx_adx6(out.data(), a.data());
                return out;
            }
        }
#endif
        return mul_wide(a, a);
    }
    constexpr Fp dbl() const { return *this + *this; }
    /// a / 2 (the Montgomery form is linear, so halving the representative halves the value).
    constexpr Fp halve() const {
        Fp out = *this;
        uint64_t carry = 0;
        if (out.v[0] & 1) carry = add_limbs(out.v, out.v, P::modulus);
        shift_right_1(out.v, carry);
        return out;
    }

    /// a / 2^k for 1 <= k <= 63, as one step of Montgomery reduction: m = -a p^-1 mod 2^k makes a + m p divisible
    /// by 2^k, and (a + m p) / 2^k < 2p.
    constexpr Fp div_pow2(int k) const {
        const uint64_t m = (v[0] * inv) & ((uint64_t{1} << k) - 1);
        Limbs<N + 1> t{};
        uint64_t carry = 0;
        for (size_t i = 0; i < N; ++i) {
            const u128 s = u128{m} * P::modulus[i] + v[i] + carry;
            t[i] = static_cast<uint64_t>(s);
            carry = static_cast<uint64_t>(s >> 64);
        }
        t[N] = carry;
        Fp out;
        for (size_t i = 0; i < N; ++i) out.v[i] = (t[i] >> k) | (t[i + 1] << (64 - k));
        out.reduce_once();
        return out;
    }

    static size_t bit_length(const L& a) {
        for (size_t i = N; i-- > 0;)
            if (a[i] != 0) return 64 * i + 64 - static_cast<size_t>(__builtin_clzll(a[i]));
        return 0;
    }
    /// Bits [n - 33, n) of a (n > 64).
    static uint64_t top_bits(const L& a, size_t n) {
        const size_t start = n - 33, limb = start / 64, shift = start % 64;
        uint64_t v = a[limb] >> shift;
        if (shift > 31 && limb + 1 < N) v |= a[limb + 1] << (64 - shift);
        return v & ((uint64_t{1} << 33) - 1);
    }
    /// The signed N+1-limb value a f + b g + c h (|f|, |g| <= 2^32, h < 2^31) shifted right by 31 into out (its
    /// magnitude), returning whether it was negative. The sum must be divisible by 2^31.
    static bool combine3(L& out, const L& a, int64_t f, const L& b, int64_t g, const L& c, uint64_t h) {
        Limbs<N + 1> t;
        __int128 carry = 0;
        for (size_t i = 0; i < N; ++i) {
            const __int128 s = static_cast<__int128>(a[i]) * f + static_cast<__int128>(b[i]) * g +
                               static_cast<__int128>(static_cast<u128>(c[i]) * h) + carry;
            t[i] = static_cast<uint64_t>(s);
            carry = s >> 64;
        }
        t[N] = static_cast<uint64_t>(carry);
        for (size_t i = 0; i < N; ++i) out[i] = (t[i] >> 31) | (t[i + 1] << 33);
        const bool negative = static_cast<int64_t>(t[N]) < 0;
        if (negative) {  // two's complement negation of the N-limb magnitude
            uint64_t borrow = 0;
            for (size_t i = 0; i < N; ++i) {
                const u128 d = u128{0} - out[i] - borrow;
                out[i] = static_cast<uint64_t>(d);
                borrow = static_cast<uint64_t>(d >> 64) & 1;
            }
        }
        return negative;
    }
    static bool combine(L& out, const L& a, int64_t f, const L& b, int64_t g) {
        return combine3(out, a, f, b, g, L{}, 0);
    }
    /// (u f + w g) / 2^31 mod p for u, w in [0, p).
    static L combine_mod(const L& u, int64_t f, const L& w, int64_t g) {
        // k p makes the low 31 bits vanish: k = (u f + w g) (-p^-1) mod 2^31.
        const uint64_t low = u[0] * static_cast<uint64_t>(f) + w[0] * static_cast<uint64_t>(g);
        const uint64_t k = (low * inv) & ((uint64_t{1} << 31) - 1);
        L out;
        const bool negative = combine3(out, u, f, w, g, P::modulus, k);  // |result| < 3p
        Fp r{out};
        if (negative) {
            r.reduce_once(), r.reduce_once();
            return (Fp{} - r).v;
        }
        r.reduce_once(), r.reduce_once();
        return r.v;
    }

    /// a^e for the plain exponent e (any width M).
    template <size_t M>
    constexpr Fp pow(const Limbs<M>& e) const {
        std::array<Fp, 16> table{};
        table[0] = one();
        for (size_t i = 1; i < 16; ++i) table[i] = mul(table[i - 1], *this);
        Fp acc = one();
        bool started = false;
        for (size_t i = 16 * M; i-- > 0;) {
            const unsigned nibble = static_cast<unsigned>(e[i / 16] >> (4 * (i % 16))) & 15;
            if (started)
                for (int k = 0; k < 4; ++k) acc = acc.square();
            if (nibble != 0) {
                acc = started ? mul(acc, table[nibble]) : table[nibble];
                started = true;
            }
        }
        return acc;
    }

    /// a^-1 (0 for 0), by Pornin's binary GCD ("Optimized binary GCD for modular inversion", 2020), variable-time
    /// form: 31 steps of the binary GCD at a time run on 64-bit approximations of (a, b) (their low 31 bits and top
    /// 33 bits), and the resulting 2x2 matrix is applied to the full numbers, with the invariants a = y u and
    /// b = y v (mod p) carried along (each step divides by 2^31, done on u, v by one Montgomery-style step). When b
    /// reaches gcd = 1, v = y^-1. Montgomery form: y = a R, so (a R)^-1 R^3 R^-1 = a^-1 R.
    Fp inverse() const {
        if (is_zero()) return *this;
        L a = v, b = P::modulus, u{}, w{};
        u[0] = 1;
        for (int round = 0; round < 64 * static_cast<int>(N); ++round) {
            if (is_zero_limbs(a)) break;
            const size_t n = std::max(bit_length(a), bit_length(b));
            uint64_t xa, xb;
            if (n <= 64) {
                xa = a[0], xb = b[0];
            } else {
                constexpr uint64_t low = (uint64_t{1} << 31) - 1;
                xa = (a[0] & low) | (top_bits(a, n) << 31);
                xb = (b[0] & low) | (top_bits(b, n) << 31);
            }
            // The 31 steps without branches (each step's two tests are coin flips a branch would mispredict):
            // if xa is odd, swap when xa < xb and subtract; then halve xa. f and g in two's complement.
            uint64_t f0 = 1, g0 = 0, f1 = 0, g1 = 1;
            for (int i = 0; i < 31; ++i) {
                const uint64_t odd = opaque_mask(0 - (xa & 1));
                const uint64_t swap = odd & opaque_mask(0 - static_cast<uint64_t>(xa < xb));
                const uint64_t tx = (xa ^ xb) & swap, tf = (f0 ^ f1) & swap, tg = (g0 ^ g1) & swap;
                xa ^= tx, xb ^= tx, f0 ^= tf, f1 ^= tf, g0 ^= tg, g1 ^= tg;
                xa -= xb & odd, f0 -= f1 & odd, g0 -= g1 & odd;
                xa >>= 1, f1 <<= 1, g1 <<= 1;
            }
            int64_t sf0 = static_cast<int64_t>(f0), sg0 = static_cast<int64_t>(g0), sf1 = static_cast<int64_t>(f1),
                    sg1 = static_cast<int64_t>(g1);
            L na, nb;
            if (combine(na, a, sf0, b, sg0)) sf0 = -sf0, sg0 = -sg0;
            if (combine(nb, a, sf1, b, sg1)) sf1 = -sf1, sg1 = -sg1;
            a = na, b = nb;
            const L nu = combine_mod(u, sf0, w, sg0), nw = combine_mod(u, sf1, w, sg1);
            u = nu, w = nw;
        }
        Fp vv{w};
        if (!is_zero_limbs(a) || !(b[0] == 1 && bit_length(b) == 1)) return Fp{};  // not reached for prime p
        return mul(vv, Fp{r3});
    }
    /// The plain value's parity (sgn0 of RFC 9380 section 4.1).
    bool is_odd() const { return to_limbs()[0] & 1; }
};

}  // namespace trellis::evm::precompiles::mont
