/// @file mont_field.hpp
/// A prime field of fixed width in Montgomery form, for the pairing precompiles (BLS12-381 of EIP-2537/EIP-4844,
/// 6 limbs; alt_bn128 of EIP-196/197, 4 limbs). An element a is stored as a R mod p, R = 2^(64 N), in N 64-bit
/// limbs, least significant first, always fully reduced (in [0, p)), so equality is limb equality.
///
/// Multiplication is the coarsely integrated operand scanning (CIOS) Montgomery product (Koc, Acar, Kaliski,
/// "Analyzing and comparing Montgomery multiplication algorithms", 1996) in the form that needs no extra carry
/// word when the top limb of p is below 2^63 - 1 (both primes here leave two spare bits): N^2 + N^2 64x64->128
/// products and one conditional subtraction; on x86-64 with BMI2 and ADX the same product runs as assembly with two
/// carry chains (mont_mul_x86.hpp). Inversion is Bernstein and Yang's safegcd in batches of 62 divsteps on signed
/// 62-bit limbs (variable time: every input of the precompiles is public). Powers use 4-bit fixed windows.
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

/// v - p if v >= p, else v, without a branch: on x86-64 for 4 and 6 limbs a SUB/SBB chain into copies of v and one
/// CMOVC per limb (the borrow keeps v), 3 instructions a limb instead of the mask select's 5-6 (clang turns a plain
/// select into a branch, which field elements mispredict half the time); else the mask select. Needs v < 2p.
template <size_t N>
[[gnu::always_inline]] inline void sub_p_if_geq(Limbs<N>& v, const Limbs<N>& p) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if constexpr (N == 4) {
        uint64_t t0, t1, t2, t3;
        __asm__(
            "movq %[v0], %[t0]\n\t"
            "movq %[v1], %[t1]\n\t"
            "movq %[v2], %[t2]\n\t"
            "movq %[v3], %[t3]\n\t"
            "subq %[p0], %[t0]\n\t"
            "sbbq %[p1], %[t1]\n\t"
            "sbbq %[p2], %[t2]\n\t"
            "sbbq %[p3], %[t3]\n\t"
            "cmovcq %[v0], %[t0]\n\t"
            "cmovcq %[v1], %[t1]\n\t"
            "cmovcq %[v2], %[t2]\n\t"
            "cmovcq %[v3], %[t3]"
            : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
            : [v0] "rm"(v[0]), [v1] "rm"(v[1]), [v2] "rm"(v[2]), [v3] "rm"(v[3]), [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3])
            : "cc");
        v = {t0, t1, t2, t3};
        return;
    } else if constexpr (N == 6) {
        uint64_t t0, t1, t2, t3, t4, t5;
        __asm__(
            "movq %[v0], %[t0]\n\t"
            "movq %[v1], %[t1]\n\t"
            "movq %[v2], %[t2]\n\t"
            "movq %[v3], %[t3]\n\t"
            "movq %[v4], %[t4]\n\t"
            "movq %[v5], %[t5]\n\t"
            "subq %[p0], %[t0]\n\t"
            "sbbq %[p1], %[t1]\n\t"
            "sbbq %[p2], %[t2]\n\t"
            "sbbq %[p3], %[t3]\n\t"
            "sbbq %[p4], %[t4]\n\t"
            "sbbq %[p5], %[t5]\n\t"
            "cmovcq %[v0], %[t0]\n\t"
            "cmovcq %[v1], %[t1]\n\t"
            "cmovcq %[v2], %[t2]\n\t"
            "cmovcq %[v3], %[t3]\n\t"
            "cmovcq %[v4], %[t4]\n\t"
            "cmovcq %[v5], %[t5]"
            : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [t4] "=&r"(t4), [t5] "=&r"(t5)
            : [v0] "rm"(v[0]), [v1] "rm"(v[1]), [v2] "rm"(v[2]), [v3] "rm"(v[3]), [v4] "rm"(v[4]), [v5] "rm"(v[5]), [p0] "m"(p[0]), [p1] "m"(p[1]), [p2] "m"(p[2]), [p3] "m"(p[3]), [p4] "m"(p[4]), [p5] "m"(p[5])
            : "cc");
        v = {t0, t1, t2, t3, t4, t5};
        return;
    }
#endif
    Limbs<N> s;
    const uint64_t keep = opaque_mask(0 - sub_limbs(s, v, p));  // all ones if v < p
    for (size_t i = 0; i < N; ++i) v[i] = (v[i] & keep) | (s[i] & ~keep);
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
    [[gnu::always_inline]] static Wide wide_add(const Wide& a, const Wide& b) {
        Wide s;
        add_limbs(s, a, b);  // below 2 p R < 2^(128 N): no carry out
        L high;
        for (size_t i = 0; i < N; ++i) high[i] = s[N + i];
        sub_p_if_geq(high, P::modulus);  // s - p R if s >= p R
        for (size_t i = 0; i < N; ++i) s[N + i] = high[i];
        return s;
    }
    /// a - b modulo p R, for a, b in [0, p R).
    [[gnu::always_inline]] static Wide wide_sub(const Wide& a, const Wide& b) {
        Wide d;
        const uint64_t mask = opaque_mask(0 - sub_limbs(d, a, b));
        L high, pm;
        for (size_t i = 0; i < N; ++i) high[i] = d[N + i], pm[i] = P::modulus[i] & mask;
        add_limbs(high, high, pm);
        for (size_t i = 0; i < N; ++i) d[N + i] = high[i];
        return d;
    }
    /// a + b without reduction (below 2p, an operand of mul_wide).
    [[gnu::always_inline]] static L add_unreduced(const Fp& a, const Fp& b) {
        L out;
        add_limbs(out, a.v, b.v);
        return out;
    }
    /// a + p - b without reduction (in (0, 2p), an operand of mul_wide).
    [[gnu::always_inline]] static L sub_unreduced(const Fp& a, const Fp& b) {
        L out;
        sub_limbs(out, P::modulus, b.v);
        add_limbs(out, out, a.v);
        return out;
    }

    /// v - p if v >= p, without a branch (on random values a branch would be mispredicted half the time).
    [[gnu::always_inline]] constexpr void reduce_once() {
        if (!std::is_constant_evaluated()) return sub_p_if_geq(v, P::modulus);
        L s;
        if (!sub_limbs(s, v, P::modulus)) v = s;
    }

    /// v - p if v >= p, for a Montgomery product (a b + m p) / R: a b / R < p^2 / R < p / 4 for both primes, so
    /// v >= p at most about one time in eight and a branch is predicted well; the branch-free select of reduce_once would put
    /// its latency on every product's dependency chain.
    constexpr void reduce_once_rare() {
        L s;
        if (__builtin_expect(!sub_limbs(s, v, P::modulus), 0)) v = s;
    }

    friend constexpr Fp operator*(const Fp& a, const Fp& b) { return mul(a, b); }
    [[gnu::always_inline]] friend constexpr Fp operator+(const Fp& a, const Fp& b) {
        Fp out;
        add_limbs(out.v, a.v, b.v);  // < 2p < 2^(64 N): no carry out
        out.reduce_once();
        return out;
    }
    [[gnu::always_inline]] friend constexpr Fp operator-(const Fp& a, const Fp& b) {
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
    [[gnu::always_inline]] constexpr Fp dbl() const { return *this + *this; }
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

    // ---- inversion: Bernstein-Yang divsteps on signed 62-bit limbs ----

    /// Limbs of the inversion's signed form: value = sum s[k] 2^(62 k), s[k] in [0, 2^62) below the top limb,
    /// the top limb signed; K limbs hold any value in (-2^(64 N + 1), 2^(64 N + 1)).
    static constexpr size_t K = 64 * N / 62 + 1;
    using S62 = std::array<int64_t, K>;
    static constexpr uint64_t m62 = ~uint64_t{0} >> 2;
    /// The signed form of a plain value below 2^(64 N).
    static constexpr S62 to_s62(const L& a) {
        S62 out{};
        for (size_t k = 0; k < K; ++k) {
            const size_t limb = 62 * k / 64, shift = 62 * k % 64;
            uint64_t x = limb < N ? a[limb] >> shift : 0;
            if (shift > 2 && limb + 1 < N) x |= a[limb + 1] << (64 - shift);
            out[k] = static_cast<int64_t>(x & m62);
        }
        return out;
    }
    /// The plain value of a signed form whose limbs are all in [0, 2^62) and whose value is below 2^(64 N).
    static constexpr L from_s62(const S62& s) {
        L out{};
        for (size_t k = 0; k < K; ++k) {
            const size_t limb = 62 * k / 64, shift = 62 * k % 64;
            const uint64_t x = static_cast<uint64_t>(s[k]);
            if (limb < N) out[limb] |= x << shift;
            if (shift > 2 && limb + 1 < N) out[limb + 1] |= x >> (64 - shift);
        }
        return out;
    }
    static constexpr S62 p62 = to_s62(P::modulus);
    /// p^-1 mod 2^62 (inv is -p^-1 mod 2^64).
    static constexpr uint64_t p_inv62 = (0 - inv) & m62;

    /// The 2x2 matrix [u v; q r] of 62 divsteps, scaled by 2^62: [f'; g'] 2^62 = [u v; q r] [f; g].
    struct Divsteps {
        int64_t u, v, q, r;
    };
    /// 62 divsteps of Bernstein and Yang ("Fast constant-time gcd computation and modular inversion", 2019) on the
    /// low 64 bits of f (odd) and g, in the variable-time form with eta = -delta: a run of zero low bits of g is
    /// one shift, and each odd g gets the multiple w of f that clears its low min(eta + 1, remaining, 6 or 4)
    /// bits at once (w = -g f^-1 mod 2^k; f^-1 mod 64 = f (2 - f^2), mod 16 = f + 8 ((f + 1) >> 2 & 1)).
    /// Returns the new eta; `t` gets the matrix.
    static int64_t divsteps_62(int64_t eta, uint64_t f, uint64_t g, Divsteps& t) {
        uint64_t u = 1, v = 0, q = 0, r = 1;  // two's complement mod 2^64; the true values stay within 2^62
        int left = 62;
        for (;;) {
            const int zeros = __builtin_ctzll(g | (~uint64_t{0} << left));  // stops at `left`
            g >>= zeros, u <<= zeros, v <<= zeros;
            eta -= zeros, left -= zeros;
            if (left == 0) break;
            uint64_t w;
            int limit;
            if (eta < 0) {  // delta > 0: (f, g) <- (g, -f), with the matrix rows
                eta = -eta;
                const uint64_t tf = f, tu = u, tv = v;
                f = g, g = 0 - tf, u = q, q = 0 - tu, v = r, r = 0 - tv;
                limit = std::min(static_cast<int>(eta) + 1, left);
                const uint64_t mask = (~uint64_t{0} >> (64 - limit)) & 63;
                w = (f * g * (f * f - 2)) & mask;
            } else {
                limit = std::min(static_cast<int>(eta) + 1, left);
                const uint64_t mask = (~uint64_t{0} >> (64 - limit)) & 15;
                w = ((0 - (f + (((f + 1) & 4) << 1))) * g) & mask;
            }
            g += f * w, q += u * w, r += v * w;
        }
        t = {static_cast<int64_t>(u), static_cast<int64_t>(v), static_cast<int64_t>(q), static_cast<int64_t>(r)};
        return eta;
    }
    /// [d; e] <- [u v; q r] [d; e] / 2^62 mod p, d and e in (-2p, p) before and after: md, me multiples of p
    /// (chosen from the signs of d and e, then corrected mod 2^62) make both sums divisible by 2^62.
    static void update_de(S62& d, S62& e, const Divsteps& t) {
        using i128 = __int128;
        const int64_t sd = d[K - 1] >> 63, se = e[K - 1] >> 63;
        int64_t md = (t.u & sd) + (t.v & se), me = (t.q & sd) + (t.r & se);
        i128 cd = i128{t.u} * d[0] + i128{t.v} * e[0], ce = i128{t.q} * d[0] + i128{t.r} * e[0];
        md -= static_cast<int64_t>((p_inv62 * static_cast<uint64_t>(cd) + static_cast<uint64_t>(md)) & m62);
        me -= static_cast<int64_t>((p_inv62 * static_cast<uint64_t>(ce) + static_cast<uint64_t>(me)) & m62);
        cd += i128{p62[0]} * md, ce += i128{p62[0]} * me;
        cd >>= 62, ce >>= 62;  // the low 62 bits are zero
        for (size_t k = 1; k < K; ++k) {
            cd += i128{t.u} * d[k] + i128{t.v} * e[k] + i128{p62[k]} * md;
            ce += i128{t.q} * d[k] + i128{t.r} * e[k] + i128{p62[k]} * me;
            d[k - 1] = static_cast<int64_t>(static_cast<uint64_t>(cd) & m62), cd >>= 62;
            e[k - 1] = static_cast<int64_t>(static_cast<uint64_t>(ce) & m62), ce >>= 62;
        }
        d[K - 1] = static_cast<int64_t>(cd), e[K - 1] = static_cast<int64_t>(ce);
    }
    /// [f; g] <- [u v; q r] [f; g] / 2^62 (exact) on the low `len` limbs.
    static void update_fg(size_t len, S62& f, S62& g, const Divsteps& t) {
        using i128 = __int128;
        i128 cf = i128{t.u} * f[0] + i128{t.v} * g[0], cg = i128{t.q} * f[0] + i128{t.r} * g[0];
        cf >>= 62, cg >>= 62;
        for (size_t k = 1; k < len; ++k) {
            cf += i128{t.u} * f[k] + i128{t.v} * g[k];
            cg += i128{t.q} * f[k] + i128{t.r} * g[k];
            f[k - 1] = static_cast<int64_t>(static_cast<uint64_t>(cf) & m62), cf >>= 62;
            g[k - 1] = static_cast<int64_t>(static_cast<uint64_t>(cg) & m62), cg >>= 62;
        }
        f[len - 1] = static_cast<int64_t>(cf), g[len - 1] = static_cast<int64_t>(cg);
    }
    /// d in (-2p, p), negated if `sign` < 0, as a plain value in [0, p).
    static L normalize(S62 d, int64_t sign) {
        auto add_p_if_negative = [&d] {
            const int64_t neg = d[K - 1] >> 63;
            for (size_t k = 0; k < K; ++k) d[k] += p62[k] & neg;
        };
        auto carry = [&d] {
            for (size_t k = 0; k + 1 < K; ++k) d[k + 1] += d[k] >> 62, d[k] &= static_cast<int64_t>(m62);
        };
        add_p_if_negative();  // (-p, p)
        const int64_t neg = sign >> 63;
        for (int64_t& l : d) l = (l ^ neg) - neg;
        carry();
        add_p_if_negative();  // [0, p)
        carry();
        return from_s62(d);
    }

    /// a^-1 (0 for 0), by the variable-time safegcd of Bernstein and Yang in batches of 62 divsteps
    /// (divsteps_62; the update formulas follow Wuille's explanation of libsecp256k1's modinv64): f = p,
    /// g = a R, d = 0, e = 1 with d a R = f and e a R = g (mod p) up to the batches' powers of 2, which
    /// update_de divides out as it goes. When g reaches 0, f = +-1 and +-d = (a R)^-1; the loop also drops the
    /// top limb of f and g once both fit in one limb less. Montgomery form: (a R)^-1 R^3 R^-1 = a^-1 R.
    /// Variable time: every input of the precompiles is public.
    Fp inverse() const {
        if (is_zero()) return *this;
        S62 d{}, e{}, f = p62, g = to_s62(v);
        e[0] = 1;
        size_t len = K;
        int64_t eta = -1;
        for (size_t batch = 0; batch < 4 * K; ++batch) {  // 62 divsteps each; about 2.2 per bit suffice
            Divsteps t;
            eta = divsteps_62(eta, static_cast<uint64_t>(f[0]), static_cast<uint64_t>(g[0]), t);
            update_de(d, e, t);
            update_fg(len, f, g, t);
            if (g[0] == 0) {
                int64_t rest = 0;
                for (size_t k = 1; k < len; ++k) rest |= g[k];
                if (rest == 0) return mul(Fp{normalize(d, f[len - 1])}, Fp{r3});
            }
            const int64_t fn = f[len - 1], gn = g[len - 1];
            if (len > 1 && (fn ^ (fn >> 63)) == 0 && (gn ^ (gn >> 63)) == 0) {  // top limbs both 0 or -1
                f[len - 2] |= static_cast<int64_t>(static_cast<uint64_t>(fn) << 62);
                g[len - 2] |= static_cast<int64_t>(static_cast<uint64_t>(gn) << 62);
                --len;
            }
        }
        return Fp{};  // not reached for a prime p
    }
    /// The plain value's parity (sgn0 of RFC 9380 section 4.1).
    bool is_odd() const { return to_limbs()[0] & 1; }
};

}  // namespace trellis::evm::precompiles::mont
