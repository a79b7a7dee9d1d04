/// @file tower_fields.hpp
/// The extension tower of the pairing precompiles over a Montgomery prime field (mont_field.hpp):
/// Fp2 = Fp[u]/(u^2 + 1), Fp6 = Fp2[v]/(v^3 - xi), Fp12 = Fp6[w]/(w^2 - v), with xi = c + u (c = 1 for BLS12-381,
/// EIP-2537/EIP-4844; c = 9 for alt_bn128, EIP-197). Both primes are 3 mod 4, so -1 is not a square and u^2 = -1
/// builds Fp2; xi is neither a square nor a cube in Fp2, which makes the two higher steps fields. Multiplications
/// use Karatsuba (3 base products for Fp2, 6 for Fp6, 3 Fp6 products for Fp12); the formulas are the textbook ones
/// of Beuchat et al., "High-speed software implementation of the optimal ate pairing over Barreto-Naehrig curves"
/// (2010) and of Granger and Scott, "Faster squaring in the cyclotomic subgroup of sixth degree extensions" (2010)
/// for the squaring of unitary elements. Not installed.
#pragma once
#include <array>

#include "mont_field.hpp"

namespace trellis::evm::precompiles::tower {

/// c + u for the small integer c = `xi_re` (see the file comment).
template <class F, int xi_re>
struct Fp2 {
    using Base = F;
    F c0, c1;  // c0 + c1 u

    static constexpr Fp2 zero() { return {}; }
    static constexpr Fp2 one() { return {F::one(), F::zero()}; }
    bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
    bool operator==(const Fp2& o) const { return c0 == o.c0 && c1 == o.c1; }
    [[gnu::always_inline]] friend Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
    [[gnu::always_inline]] friend Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
    friend Fp2 operator-(const Fp2& a) { return {-a.c0, -a.c1}; }
    /// An Fp2 value before reduction: two of F's wide values (mont_field.hpp), each in [0, p R). Sums of products
    /// are formed here and reduced once (`reduce`), which saves a Montgomery reduction per product summed.
    struct Wide {
        typename F::Wide c0, c1;
        [[gnu::always_inline]] friend Wide operator+(const Wide& a, const Wide& b) { return {F::wide_add(a.c0, b.c0), F::wide_add(a.c1, b.c1)}; }
        [[gnu::always_inline]] friend Wide operator-(const Wide& a, const Wide& b) { return {F::wide_sub(a.c0, b.c0), F::wide_sub(a.c1, b.c1)}; }
        /// a xi, as Fp2::mul_by_xi.
        [[gnu::always_inline]] Wide mul_by_xi() const {
            if constexpr (xi_re == 1) {
                return {F::wide_sub(c0, c1), F::wide_add(c0, c1)};
            } else {
                static_assert(xi_re == 9);
                Wide e8 = *this + *this;
                e8 = e8 + e8;
                e8 = e8 + e8;
                const Wide e9 = e8 + *this;
                return {F::wide_sub(e9.c0, c1), F::wide_add(e9.c1, c0)};
            }
        }
    };
    /// a b before reduction (Karatsuba: three products; the middle term a0 b1 + a1 b0 is formed exactly from the
    /// unreduced sums, so it needs no modular correction).
    static Wide mul_wide(const Fp2& a, const Fp2& b) {
        const auto v0 = F::mul_wide(a.c0.v, b.c0.v), v1 = F::mul_wide(a.c1.v, b.c1.v);
        auto s = F::mul_wide(F::add_unreduced(a.c0, a.c1), F::add_unreduced(b.c0, b.c1));  // < 4 p^2
        mont::sub_limbs(s, s, v0);
        mont::sub_limbs(s, s, v1);  // a0 b1 + a1 b0 < 2 p^2
        return {F::wide_sub(v0, v1), s};
    }
    /// a^2 before reduction: ((a0 + a1)(a0 - a1), 2 a0 a1), two products.
    [[gnu::always_inline]] Wide square_wide() const {
        return {F::mul_wide(F::add_unreduced(c0, c1), F::sub_unreduced(c0, c1)), F::mul_wide(F::add_unreduced(c0, c0), c1.v)};
    }
    static Fp2 reduce(const Wide& w) { return {F::redc(w.c0), F::redc(w.c1)}; }
    friend Fp2 operator*(const Fp2& a, const Fp2& b) { return reduce(mul_wide(a, b)); }
    /// a times an element of the base field.
    friend Fp2 operator*(const Fp2& a, const F& s) { return {a.c0 * s, a.c1 * s}; }
    Fp2& operator+=(const Fp2& o) { return *this = *this + o; }
    Fp2& operator-=(const Fp2& o) { return *this = *this - o; }
    Fp2& operator*=(const Fp2& o) { return *this = *this * o; }
    Fp2 square() const {
        const F t = c0 * c1;
        return {(c0 + c1) * (c0 - c1), t + t};
    }
    [[gnu::always_inline]] Fp2 dbl() const { return {c0.dbl(), c1.dbl()}; }
    Fp2 halve() const { return {c0.halve(), c1.halve()}; }
    /// The conjugate c0 - c1 u, which is also the p-power Frobenius map.
    Fp2 conj() const { return {c0, -c1}; }
    /// a xi.
    Fp2 mul_by_xi() const {
        if constexpr (xi_re == 1) {
            return {c0 - c1, c0 + c1};
        } else {
            static_assert(xi_re == 9);
            const F a8 = c0.dbl().dbl().dbl(), b8 = c1.dbl().dbl().dbl();
            return {a8 + c0 - c1, b8 + c1 + c0};
        }
    }
    /// c0^2 + c1^2, the norm to Fp.
    F norm() const { return c0.square() + c1.square(); }
    /// a^-1 = conj(a) / norm(a) (0 for 0).
    Fp2 inverse() const {
        const F n = norm().inverse();
        return {c0 * n, -(c1 * n)};
    }
};

/// Fp2[v]/(v^3 - xi).
template <class E2>
struct Fp6 {
    E2 c0, c1, c2;  // c0 + c1 v + c2 v^2

    static Fp6 zero() { return {}; }
    static Fp6 one() { return {E2::one(), E2::zero(), E2::zero()}; }
    bool is_zero() const { return c0.is_zero() && c1.is_zero() && c2.is_zero(); }
    bool operator==(const Fp6& o) const { return c0 == o.c0 && c1 == o.c1 && c2 == o.c2; }
    friend Fp6 operator+(const Fp6& a, const Fp6& b) { return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2}; }
    friend Fp6 operator-(const Fp6& a, const Fp6& b) { return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2}; }
    friend Fp6 operator-(const Fp6& a) { return {-a.c0, -a.c1, -a.c2}; }
    /// An Fp6 value before reduction: three of E2's wide values (sums of products, reduced once by `reduce`).
    struct Wide {
        typename E2::Wide c0, c1, c2;
        friend Wide operator+(const Wide& a, const Wide& b) { return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2}; }
        friend Wide operator-(const Wide& a, const Wide& b) { return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2}; }
        /// a v, as Fp6::mul_by_v.
        Wide mul_by_v() const { return {c2.mul_by_xi(), c0, c1}; }
    };
    static Fp6 reduce(const Wide& w) { return {E2::reduce(w.c0), E2::reduce(w.c1), E2::reduce(w.c2)}; }
    /// a b before reduction: Karatsuba over Fp2, six Fp2 products.
    static Wide mul_wide(const Fp6& a, const Fp6& b) {
        using W = typename E2::Wide;
        const W v0 = E2::mul_wide(a.c0, b.c0), v1 = E2::mul_wide(a.c1, b.c1), v2 = E2::mul_wide(a.c2, b.c2);
        return {v0 + (E2::mul_wide(a.c1 + a.c2, b.c1 + b.c2) - v1 - v2).mul_by_xi(),
                E2::mul_wide(a.c0 + a.c1, b.c0 + b.c1) - v0 - v1 + v2.mul_by_xi(),
                E2::mul_wide(a.c0 + a.c2, b.c0 + b.c2) - v0 - v2 + v1};
    }
    /// Karatsuba over Fp2 with lazy reduction: the six Fp2 products stay wide and each coefficient is reduced once.
    friend Fp6 operator*(const Fp6& a, const Fp6& b) { return reduce(mul_wide(a, b)); }
    Fp6 square() const {  // CH-SQR2 of Chung and Hasan (2007)
        const E2 s0 = c0.square(), ab = c0 * c1, s1 = ab.dbl(), s2 = (c0 - c1 + c2).square(), bc = c1 * c2,
                 s3 = bc.dbl(), s4 = c2.square();
        return {s0 + s3.mul_by_xi(), s1 + s4.mul_by_xi(), s1 + s2 + s3 - s0 - s4};
    }
    /// a v: (c0, c1, c2) -> (xi c2, c0, c1).
    Fp6 mul_by_v() const { return {c2.mul_by_xi(), c0, c1}; }
    /// a (b0 + b1 v) before reduction (five Fp2 products).
    Wide mul_by_01_wide(const E2& b0, const E2& b1) const {
        using W = typename E2::Wide;
        const W v0 = E2::mul_wide(c0, b0), v1 = E2::mul_wide(c1, b1);
        return {v0 + (E2::mul_wide(c1 + c2, b1) - v1).mul_by_xi(), E2::mul_wide(c0 + c1, b0 + b1) - v0 - v1,
                E2::mul_wide(c0 + c2, b0) - v0 + v1};
    }
    /// a (b0 + b1 v).
    Fp6 mul_by_01(const E2& b0, const E2& b1) const { return reduce(mul_by_01_wide(b0, b1)); }
    /// a (b1 v) before reduction.
    Wide mul_by_1_wide(const E2& b1) const {
        return {E2::mul_wide(c2, b1).mul_by_xi(), E2::mul_wide(c0, b1), E2::mul_wide(c1, b1)};
    }
    /// a (b1 v).
    Fp6 mul_by_1(const E2& b1) const { return {(c2 * b1).mul_by_xi(), c0 * b1, c1 * b1}; }
    Fp6 inverse() const {
        const E2 t0 = c0.square() - (c1 * c2).mul_by_xi();
        const E2 t1 = c2.square().mul_by_xi() - c0 * c1;
        const E2 t2 = c1.square() - c0 * c2;
        const E2 d = (c0 * t0 + (c2 * t1 + c1 * t2).mul_by_xi()).inverse();
        return {t0 * d, t1 * d, t2 * d};
    }
};

/// Fp6[w]/(w^2 - v); as an Fp2-vector the basis is 1, v, v^2, w, v w, v^2 w = w^0, w^2, w^4, w^1, w^3, w^5.
template <class E2>
struct Fp12 {
    using E6 = Fp6<E2>;
    E6 c0, c1;  // c0 + c1 w

    static Fp12 one() { return {E6::one(), E6::zero()}; }
    bool operator==(const Fp12& o) const { return c0 == o.c0 && c1 == o.c1; }
    bool is_one() const { return *this == one(); }
    /// Karatsuba over Fp6 (18 Fp2 products), each of the six Fp2 coefficients reduced once.
    friend Fp12 operator*(const Fp12& a, const Fp12& b) {
        using W6 = typename E6::Wide;
        const W6 v0 = E6::mul_wide(a.c0, b.c0), v1 = E6::mul_wide(a.c1, b.c1);
        return {E6::reduce(v0 + v1.mul_by_v()), E6::reduce(E6::mul_wide(a.c0 + a.c1, b.c0 + b.c1) - v0 - v1)};
    }
    Fp12& operator*=(const Fp12& o) { return *this = *this * o; }
    Fp12 square() const {
        const E6 t = c0 * c1;
        const E6 s = (c0 + c1) * (c0 + c1.mul_by_v()) - t - t.mul_by_v();
        return {s, t + t};
    }
    /// The conjugate c0 - c1 w: the p^6-power Frobenius map, the inverse of a unitary element.
    Fp12 conj() const { return {c0, -c1}; }
    Fp12 inverse() const {
        const E6 d = (c0.square() - c1.square().mul_by_v()).inverse();
        return {c0 * d, -(c1 * d)};
    }
    /// a (b0 + b1 v + b4 v w): the sparse value of a line of a Miller loop (coefficients of w^0, w^2, w^3).
    Fp12 mul_by_line(const E2& b0, const E2& b1, const E2& b4) const {
        using W6 = typename E6::Wide;
        const W6 t0 = c0.mul_by_01_wide(b0, b1), t1 = c1.mul_by_1_wide(b4);
        return {E6::reduce(t0 + t1.mul_by_v()), E6::reduce((c0 + c1).mul_by_01_wide(b0, b1 + b4) - t0 - t1)};
    }
    /// The product of two lines (b0 + b1 v + b4 v w)(d0 + d1 v + d4 v w) = (b0 d0 + xi b4 d4) + (b0 d1 + b1 d0) v +
    /// b1 d1 v^2 + ((b0 d4 + b4 d0) v + (b1 d4 + b4 d1) v^2) w: six Fp2 products (Karatsuba), one reduction per
    /// coefficient; its coefficient of w^1 (c1.c0) is 0 (mul_by_line_product).
    static Fp12 line_product(const E2& b0, const E2& b1, const E2& b4, const E2& d0, const E2& d1, const E2& d4) {
        using W = typename E2::Wide;
        const W m0 = E2::mul_wide(b0, d0), m1 = E2::mul_wide(b1, d1), m4 = E2::mul_wide(b4, d4);
        return {{E2::reduce(m0 + m4.mul_by_xi()), E2::reduce(E2::mul_wide(b0 + b1, d0 + d1) - m0 - m1), E2::reduce(m1)},
                {E2::zero(), E2::reduce(E2::mul_wide(b0 + b4, d0 + d4) - m0 - m4),
                 E2::reduce(E2::mul_wide(b1 + b4, d1 + d4) - m1 - m4)}};
    }
    /// a l for l with l.c1.c0 = 0 (a line_product): 17 Fp2 products instead of the 18 of a full product (and 26
    /// for two mul_by_line).
    Fp12 mul_by_line_product(const Fp12& l) const {
        using W6 = typename E6::Wide;
        const W6 v0 = E6::mul_wide(c0, l.c0), v1 = c1.mul_by_01_wide(l.c1.c1, l.c1.c2).mul_by_v();  // c1 (e1 v + e2 v^2)
        return {E6::reduce(v0 + v1.mul_by_v()), E6::reduce(E6::mul_wide(c0 + c1, l.c0 + l.c1) - v0 - v1)};
    }
    /// a^2 for a unitary element (a^(p^6 + 1) = 1, as after the easy part of a final exponentiation): Granger and
    /// Scott's squaring, which treats a as three elements of Fp4 = Fp2[w^3] and needs 6 Fp2 squarings.
    Fp12 cyclotomic_square() const {
        auto fp4_square = [](const E2& a, const E2& b, E2& r0, E2& r1) {  // (a + b s)^2, s^2 = xi
            const typename E2::Wide t0 = a.square_wide(), t1 = b.square_wide();
            r0 = E2::reduce(t1.mul_by_xi() + t0);
            r1 = E2::reduce((a + b).square_wide() - t0 - t1);
        };
        E2 z0 = c0.c0, z4 = c0.c1, z3 = c0.c2, z2 = c1.c0, z1 = c1.c1, z5 = c1.c2;
        E2 t0, t1, t2, t3;
        fp4_square(z0, z1, t0, t1);
        z0 = (t0 - z0).dbl() + t0;
        z1 = (t1 + z1).dbl() + t1;
        fp4_square(z2, z3, t0, t1);
        fp4_square(z4, z5, t2, t3);
        z4 = (t0 - z4).dbl() + t0;
        z5 = (t1 + z5).dbl() + t1;
        t0 = t3.mul_by_xi();
        z2 = (t0 + z2).dbl() + t0;
        z3 = (t2 - z3).dbl() + t2;
        return {{z0, z4, z3}, {z2, z1, z5}};
    }
    /// Karabina's compressed form of a unitary element ("Squaring in cyclotomic subgroups", Math. Comp. 2013): the
    /// four coefficients z2 = c1.c0, z3 = c0.c2, z4 = c0.c1, z5 = c1.c2 (Granger-Scott's names, as in
    /// cyclotomic_square). Squaring maps them among themselves, so a run of squarings carries only these.
    struct Compressed {
        E2 z2, z3, z4, z5;
    };
    Compressed compress() const { return {c1.c0, c0.c2, c0.c1, c1.c2}; }
    /// The square in compressed form: z2' = 2 z2 + 6 xi z4 z5, z3' = 3 (z4^2 + xi z5^2) - 2 z3,
    /// z4' = 3 (z2^2 + xi z3^2) - 2 z4, z5' = 2 z5 + 6 z2 z3 (cyclotomic_square's formulas for these four):
    /// 6 Fp2 squarings instead of 9.
    static Compressed compressed_square(const Compressed& g) {
        using W = typename E2::Wide;
        const W s2 = g.z2.square_wide(), s3 = g.z3.square_wide(), s4 = g.z4.square_wide(), s5 = g.z5.square_wide();
        const E2 a = E2::reduce(((g.z4 + g.z5).square_wide() - s4 - s5).mul_by_xi());  // 2 xi z4 z5
        const E2 b = E2::reduce(s4 + s5.mul_by_xi()), c = E2::reduce(s2 + s3.mul_by_xi());
        const E2 d = E2::reduce((g.z2 + g.z3).square_wide() - s2 - s3);  // 2 z2 z3
        return {(a + g.z2).dbl() + a, (b - g.z3).dbl() + b, (c - g.z4).dbl() + c, (d + g.z5).dbl() + d};
    }
    /// z1 = numerator / denominator for decompress, with numerator = xi z5^2 + 3 z4^2 - 2 z3 and denominator
    /// = 4 z2 (when z2 = 0 this form does not apply: the caller falls back to uncompressed squaring).
    static void decompress_fraction(const Compressed& g, E2& numerator, E2& denominator) {
        const E2 s4 = g.z4.square();
        numerator = g.z5.square().mul_by_xi() + (s4 - g.z3).dbl() + s4;
        denominator = g.z2.dbl().dbl();
    }
    /// The unitary element of compressed form g and z1 (decompress_fraction): z0 = xi (2 z1^2 + z2 z5 - 3 z3 z4) + 1.
    static Fp12 decompress(const Compressed& g, const E2& z1) {
        using W = typename E2::Wide;
        const W t = z1.square_wide(), u = E2::mul_wide(g.z3, g.z4);
        const E2 z0 = E2::reduce((t + t + E2::mul_wide(g.z2, g.z5) - u - u - u).mul_by_xi()) + E2::one();
        return {{z0, g.z4, g.z3}, {g.z2, z1, g.z5}};
    }
    /// The p-power Frobenius map: the coefficient of w^k is conjugated and multiplied by gamma[k] =
    /// xi^(k (p - 1) / 6) (w^p = w xi^((p - 1) / 6)).
    Fp12 frobenius(const std::array<E2, 6>& gamma) const {
        return {{c0.c0.conj(), c0.c1.conj() * gamma[2], c0.c2.conj() * gamma[4]},
                {c1.c0.conj() * gamma[1], c1.c1.conj() * gamma[3], c1.c2.conj() * gamma[5]}};
    }
};

/// gamma[k] = xi^(k (p - 1) / 6) for Fp12::frobenius.
template <class E2>
std::array<E2, 6> frobenius_constants(const E2& xi) {
    using F = typename E2::Base;
    mont::Limbs<F::N> e = F::p;
    e[0] -= 1;  // p is odd
    mont::div_small(e, 6);
    // xi^e in Fp2 by square-and-multiply over the bits of e.
    E2 g = E2::one();
    for (size_t i = 64 * F::N; i-- > 0;) {
        g = g.square();
        if ((e[i / 64] >> (i % 64)) & 1) g = g * xi;
    }
    std::array<E2, 6> out;
    out[0] = E2::one();
    for (size_t k = 1; k < 6; ++k) out[k] = out[k - 1] * g;
    return out;
}

}  // namespace trellis::evm::precompiles::tower
