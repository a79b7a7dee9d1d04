/// @file ec_jacobian.hpp
/// Points of a short Weierstrass curve y^2 = x^3 + b (a = 0) over a field F of tower_fields.hpp / mont_field.hpp,
/// for the G1 and G2 groups of the pairing precompiles: affine points with an infinity flag (the precompiles'
/// encoding) and Jacobian points (x, y) = (X / Z^2, Y / Z^3), Z = 0 at infinity. Formulas of the Explicit-Formulas
/// Database for a = 0: doubling "dbl-2009-l", addition "add-2007-bl", mixed addition "madd-2007-bl", each with
/// the special cases (equal points, opposite points, infinity) handled. Multi-scalar multiplication is Pippenger's
/// bucket method on signed digits (half the buckets) with the window chosen by a cost estimate, a joint signed
/// 4-bit fixed-window ladder (Straus, tables of P..8P), or for up
/// to four points one table of all subset sums (made affine with one inversion) and one mixed addition per bit
/// (Shamir's trick), whichever the estimate says is cheapest. Variable time: all inputs of the precompiles are public. Not installed.
#pragma once
#include <cstddef>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "mont_field.hpp"

namespace trellis::evm::precompiles::ec {

template <class F>
struct Affine {
    F x, y;
    bool infinity = true;
    Affine neg() const { return infinity ? *this : Affine{x, -y, false}; }
};

/// a + b in affine coordinates: lambda = (yb - ya) / (xb - xa), or 3 xa^2 / (2 ya) when a = b; x = lambda^2 - xa -
/// xb, y = lambda (xa - x) - ya. One inversion and three products, for a single addition whose result is wanted
/// affine (the ADD precompiles): the Jacobian mixed addition and to_affine take the same inversion and 11 more
/// products. Equal x with other y (b = -a) or y = 0 give infinity.
template <class F>
Affine<F> add_affine(const Affine<F>& a, const Affine<F>& b) {
    if (a.infinity) return b;
    if (b.infinity) return a;
    F num, den;
    if (a.x == b.x) {
        if (!(a.y == b.y) || a.y.is_zero()) return {};
        const F xx = a.x.square();
        num = xx.dbl() + xx;
        den = a.y.dbl();
    } else {
        num = b.y - a.y;
        den = b.x - a.x;
    }
    const F lambda = num * den.inverse();
    Affine<F> r;
    r.x = lambda.square() - a.x - b.x;
    r.y = lambda * (a.x - r.x) - a.y;
    r.infinity = false;
    return r;
}

template <class F>
struct Jacobian {
    F x = F::one(), y = F::one(), z = F::zero();

    bool is_infinity() const { return z.is_zero(); }
    static Jacobian from(const Affine<F>& a) { return a.infinity ? Jacobian{} : Jacobian{a.x, a.y, F::one()}; }
    Jacobian neg() const { return {x, -y, z}; }

    Jacobian dbl() const {
        if (is_infinity()) return *this;
        const F a = x.square(), b = y.square(), c = b.square();
        const F d = ((x + b).square() - a - c).dbl();
        const F e = a.dbl() + a, f = e.square();
        Jacobian r;
        r.x = f - d.dbl();
        r.y = e * (d - r.x) - c.dbl().dbl().dbl();
        r.z = (y * z).dbl();
        return r;
    }

    /// this + q for an affine q.
    Jacobian add(const Affine<F>& q) const {
        if (q.infinity) return *this;
        if (is_infinity()) return from(q);
        const F z1z1 = z.square(), u2 = q.x * z1z1, s2 = q.y * z * z1z1;
        const F h = u2 - x, rr = (s2 - y).dbl();
        if (h.is_zero()) return rr.is_zero() ? dbl() : Jacobian{};
        const F hh = h.square(), i = hh.dbl().dbl(), j = h * i, v = x * i;
        Jacobian r;
        r.x = rr.square() - j - v.dbl();
        r.y = rr * (v - r.x) - (y * j).dbl();
        r.z = (z + h).square() - z1z1 - hh;
        return r;
    }

    Jacobian add(const Jacobian& q) const {
        if (q.is_infinity()) return *this;
        if (is_infinity()) return q;
        const F z1z1 = z.square(), z2z2 = q.z.square();
        const F u1 = x * z2z2, u2 = q.x * z1z1, s1 = y * q.z * z2z2, s2 = q.y * z * z1z1;
        const F h = u2 - u1, rr = (s2 - s1).dbl();
        if (h.is_zero()) return rr.is_zero() ? dbl() : Jacobian{};
        const F i = h.dbl().square(), j = h * i, v = u1 * i;
        Jacobian r;
        r.x = rr.square() - j - v.dbl();
        r.y = rr * (v - r.x) - (s1 * j).dbl();
        r.z = ((z + q.z).square() - z1z1 - z2z2) * h;
        return r;
    }

    Affine<F> to_affine() const {
        if (is_infinity()) return {};
        const F zi = z.inverse(), zi2 = zi.square();
        return {x * zi2, y * zi2 * zi, false};
    }

    /// Same point as the affine q (projective comparison: X = x Z^2, Y = y Z^3).
    bool equals(const Affine<F>& q) const {
        if (q.infinity || is_infinity()) return q.infinity && is_infinity();
        const F z2 = z.square();
        return x == q.x * z2 && y == q.y * z2 * z;
    }

    /// Same point as q (X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3).
    bool equals(const Jacobian& q) const {
        if (q.is_infinity() || is_infinity()) return q.is_infinity() && is_infinity();
        const F z1 = z.square(), z2 = q.z.square();
        return x * z2 == q.x * z1 && y * z2 * q.z == q.y * z1 * z;
    }

    /// s a for an affine a and the 64-bit s, most significant bit first (mixed additions).
    static Jacobian mul_u64(const Affine<F>& a, uint64_t s) {
        if (a.infinity || s == 0) return Jacobian{};
        Jacobian acc = from(a);
        for (int i = 62 - __builtin_clzll(s); i >= 0; --i) {
            acc = acc.dbl();
            if ((s >> i) & 1) acc = acc.add(a);
        }
        return acc;
    }

    /// s a for the 64-bit s, most significant bit first.
    static Jacobian mul_u64(const Jacobian& a, uint64_t s) {
        Jacobian acc;
        for (int i = 63 - __builtin_clzll(s | 1); i >= 0; --i) {
            acc = acc.dbl();
            if ((s >> i) & 1) acc = acc.add(a);
        }
        return s == 0 ? Jacobian{} : acc;
    }
};

/// The `width`-bit digit of the little-endian scalar `s` starting at bit `bit` (bits past the end are 0).
template <size_t M>
unsigned scalar_digit(const mont::Limbs<M>& s, size_t bit, unsigned width) {
    const size_t limb = bit / 64, shift = bit % 64;
    if (limb >= M) return 0;
    uint64_t v = s[limb] >> shift;
    if (shift + width > 64 && limb + 1 < M) v |= s[limb + 1] << (64 - shift);
    return static_cast<unsigned>(v & ((uint64_t{1} << width) - 1));
}

/// The signed `width`-bit digits of the `bits`-bit scalar `s` (bits / width + 1 of them, least significant
/// first): s = sum d_k 2^(width k) with every d_k in [-2^(width - 1), 2^(width - 1)] (a digit above half the window
/// borrows 2^width from the next one), so a bucket or table needs only the positive half and -P costs nothing.
template <size_t M>
void signed_digits(const mont::Limbs<M>& s, size_t bits, unsigned width, int32_t* out) {
    const size_t count = bits / width + 1;
    const int32_t half = int32_t{1} << (width - 1), full = int32_t{1} << width;
    int32_t carry = 0;
    for (size_t k = 0; k < count; ++k) {
        int32_t d = static_cast<int32_t>(scalar_digit(s, width * k, width)) + carry;
        carry = d > half ? 1 : 0;
        out[k] = d - carry * full;
    }
}

/// The affine forms of n Jacobian points with one field inversion (Montgomery's trick: the running products of the
/// Z coordinates, one inverse, then each 1/Z unwound from it); points at infinity stay at infinity.
template <class F>
void batch_to_affine(const Jacobian<F>* in, Affine<F>* out, size_t n) {
    std::array<F, 16> prefix;  // prefix[i] = the product of the finite Z before i (n <= 16)
    F acc = F::one();
    for (size_t i = 0; i < n; ++i) {
        prefix[i] = acc;
        if (!in[i].is_infinity()) acc = acc * in[i].z;
    }
    F inv = acc.inverse();
    for (size_t i = n; i-- > 0;) {
        if (in[i].is_infinity()) {
            out[i] = Affine<F>{};
            continue;
        }
        const F zi = inv * prefix[i], zi2 = zi.square();
        inv = inv * in[i].z;
        out[i] = Affine<F>{in[i].x * zi2, in[i].y * zi2 * zi, false};
    }
}

/// sum s_i P_i for affine points and `bits`-bit scalars of M limbs.
template <class F, size_t M>
Jacobian<F> msm(std::span<const Affine<F>> points, std::span<const mont::Limbs<M>> scalars, size_t bits) {
    using J = Jacobian<F>;
    using A = Affine<F>;
    const size_t n = points.size();
    // Costs in mixed additions (a full Jacobian addition counts 1.4): Straus with signed 4-bit windows: a table
    // of P..8P per point (7 n) + n (bits / 4 + 1); Pippenger with signed c-bit windows: (bits / c + 1) windows of
    // n bucket additions + 2 2^(c - 1) to sum the buckets.
    const double straus = 1.4 * (7.0 * static_cast<double>(n) + static_cast<double>(n * (bits / 4 + 1)));
    unsigned best_c = 0;
    double best = straus;
    for (unsigned c = 2; c <= 16; ++c) {
        const double windows = static_cast<double>(bits / c + 1);
        const double cost = windows * (static_cast<double>(n) + 2.0 * static_cast<double>(size_t{1} << (c - 1)) * 1.4);
        if (cost < best) best = cost, best_c = c;
    }
    J acc;
    // Few points: one table of all 2^n subset sums and one mixed addition per bit (Shamir's trick); the table's
    // affine form costs one inversion (about 10 mixed additions) and 0.6 per entry.
    const double entries = n <= 4 ? static_cast<double>(size_t{1} << n) : 0;
    const double shamir = n <= 4 ? 1.4 * (entries - static_cast<double>(n) - 1) + 0.6 * entries + 10 +
                                       static_cast<double>(bits) * (1.0 - 1.0 / entries)
                                 : best + 1;
    if (shamir < best) {
        std::array<J, 16> subsets;
        for (size_t m = 1; m < (size_t{1} << n); ++m) {
            const size_t low = static_cast<size_t>(__builtin_ctzll(m));
            subsets[m] = subsets[m & (m - 1)].add(points[low]);
        }
        // Affine table entries make each of the ~bits additions a mixed one (7M + 4S instead of 11M + 5S) for the
        // price of one inversion.
        std::array<A, 16> table;
        batch_to_affine(subsets.data(), table.data(), size_t{1} << n);
        for (size_t b = bits; b-- > 0;) {
            acc = acc.dbl();
            unsigned m = 0;
            for (size_t i = 0; i < n; ++i) m |= scalar_digit(scalars[i], b, 1) << i;
            if (m != 0) acc = acc.add(table[m]);
        }
        return acc;
    }
    const unsigned c = best_c == 0 ? 4 : best_c;
    const size_t windows = bits / c + 1;
    std::vector<int32_t> digits(n * windows);
    for (size_t i = 0; i < n; ++i) signed_digits(scalars[i], bits, c, &digits[i * windows]);
    if (best_c == 0) {
        std::vector<std::array<J, 8>> tables(n);  // tables[i][k] = (k + 1) P_i
        for (size_t i = 0; i < n; ++i) {
            tables[i][0] = J::from(points[i]);
            for (size_t k = 1; k < 8; ++k) tables[i][k] = tables[i][k - 1].add(points[i]);
        }
        for (size_t w = windows; w-- > 0;) {
            for (int d = 0; d < 4; ++d) acc = acc.dbl();
            for (size_t i = 0; i < n; ++i) {
                const int32_t digit = digits[i * windows + w];
                if (digit > 0) acc = acc.add(tables[i][digit - 1]);
                else if (digit < 0) acc = acc.add(tables[i][-digit - 1].neg());
            }
        }
        return acc;
    }
    std::vector<J> buckets(size_t{1} << (c - 1));  // buckets[k]: the points with digit +-(k + 1), signed
    for (size_t w = windows; w-- > 0;) {
        for (unsigned d = 0; d < c; ++d) acc = acc.dbl();
        for (J& b : buckets) b = J{};
        for (size_t i = 0; i < n; ++i) {
            const int32_t digit = digits[i * windows + w];
            if (digit > 0) buckets[digit - 1] = buckets[digit - 1].add(points[i]);
            else if (digit < 0) buckets[-digit - 1] = buckets[-digit - 1].add(A(points[i]).neg());
        }
        // sum_k (k + 1) B_k = sum over k of (B_top + ... + B_k).
        J running, sum;
        for (size_t k = buckets.size(); k-- > 0;) {
            running = running.add(buckets[k]);
            sum = sum.add(running);
        }
        acc = acc.add(sum);
    }
    return acc;
}

}  // namespace trellis::evm::precompiles::ec
