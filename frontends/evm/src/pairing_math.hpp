/// @file pairing_math.hpp
/// Private GMP arithmetic of the reference BLS12-381 code (bls12_381.cpp, the test oracle of bls12_381_fast.hpp;
/// generic enough for alt_bn128 too, whose precompiles now run on bn254_fast.hpp): the prime field Fp, Fp2 = Fp[i]/(i^2 + 1), Fp12 = Fp[w]/(w^6 - xi)
/// with xi = c + i, affine points of y^2 = x^3 + b over Fp (G1) and over Fp2 (the twist, G2), and the Miller loop.
/// Both primes are 3 mod 4, so i^2 = -1 builds Fp2; (w^6 - c)^2 = i^2 = -1 gives Fp12 = Fp[w]/(w^12 - 2c w^6 +
/// c^2 + 1), and an Fp2 element a + b i is (a - c b) + b w^6 in it. What differs per curve (constants, the line
/// functions of its twist type, point decoding) stays in the precompile's own file. Clarity over speed: every
/// operation reduces mod p at once, points are affine, each inverse is a GMP call. Not installed.
///
/// A curve is a traits type `C` with `static const mpz_class& p()` (the field prime) and `static constexpr int
/// xi_re` (c above: 9 for alt_bn128, where xi = 9 + i; 1 for BLS12-381, where xi = 1 + i).
#pragma once
#include <gmpxx.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace trellis::evm::precompiles::pairing {

// ---- numbers and bytes ----

/// The constants of a pairing check: field prime p, group order r, Miller loop count and the final exponent
/// (p^12 - 1) / r, computed from p and r.
struct PairingConstants {
    mpz_class p, r, loop_count, final_exponent;
    PairingConstants(mpz_class p_, mpz_class r_, mpz_class loop_count_)
        : p(std::move(p_)), r(std::move(r_)), loop_count(std::move(loop_count_)) {
        mpz_class p12;
        mpz_pow_ui(p12.get_mpz_t(), p.get_mpz_t(), 12);
        final_exponent = (p12 - 1) / r;
    }
};

/// The unsigned big-endian number in the `size` bytes at `in`.
inline mpz_class read_be(const uint8_t* in, size_t size) {
    mpz_class v;
    mpz_import(v.get_mpz_t(), size, 1, 1, 1, 0, in);
    return v;
}

/// Writes `v` (0 <= v < 2^(8 size)) as `size` big-endian bytes at `out`, zero-padded on the left.
inline void write_be(uint8_t* out, size_t size, const mpz_class& v) {
    std::memset(out, 0, size);
    if (v == 0) return;
    const size_t n = (mpz_sizeinbase(v.get_mpz_t(), 2) + 7) / 8;
    size_t written = 0;
    mpz_export(out + (size - n), &written, 1, 1, 1, 0, v.get_mpz_t());
}

/// x^e by most-significant-bit-first square-and-multiply in a group with neutral element `identity` and law `op`
/// (for curve points, written additively, this is the double-and-add scalar product e x).
template <class T, class Op>
T power(T identity, const T& x, const mpz_class& e, Op op) {
    T acc = std::move(identity);
    for (long i = static_cast<long>(mpz_sizeinbase(e.get_mpz_t(), 2)) - 1; i >= 0; --i) {
        acc = op(acc, acc);
        if (mpz_tstbit(e.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) acc = op(acc, x);
    }
    return acc;
}

// ---- Fp ----

/// a mod p, in [0, p).
template <class C>
mpz_class mod(const mpz_class& a) {
    mpz_class out;
    mpz_mod(out.get_mpz_t(), a.get_mpz_t(), C::p().get_mpz_t());
    return out;
}

/// a^-1 mod p; `a` must not be 0 mod p.
template <class C>
mpz_class inv(const mpz_class& a) {
    mpz_class out;
    mpz_invert(out.get_mpz_t(), a.get_mpz_t(), C::p().get_mpz_t());
    return out;
}

// ---- G1 over Fp (affine; `infinity` flags the point at infinity) ----

template <class C>
struct G1 {
    mpz_class x, y;
    bool infinity = true;
};

/// a + b on y^2 = x^3 + b (the chord through a and b, the tangent when a == b).
template <class C>
G1<C> add(const G1<C>& a, const G1<C>& b) {
    if (a.infinity) return b;
    if (b.infinity) return a;
    mpz_class m;
    if (a.x == b.x) {
        if (mod<C>(a.y + b.y) == 0) return {};
        m = mod<C>(3 * a.x * a.x * inv<C>(2 * a.y));
    } else {
        m = mod<C>((b.y - a.y) * inv<C>(mod<C>(b.x - a.x)));
    }
    G1<C> c;
    c.infinity = false;
    c.x = mod<C>(m * m - a.x - b.x);
    c.y = mod<C>(m * (a.x - c.x) - a.y);
    return c;
}

/// -a: (x, -y).
template <class C>
G1<C> neg(const G1<C>& a) {
    G1<C> c = a;
    if (!a.infinity) c.y = mod<C>(-a.y);
    return c;
}

// ---- Fp2 = Fp[i] / (i^2 + 1) ----

template <class C>
struct Fp2 {
    mpz_class a, b;  // a + b i
};
template <class C>
Fp2<C> operator+(const Fp2<C>& x, const Fp2<C>& y) {
    return {mod<C>(x.a + y.a), mod<C>(x.b + y.b)};
}
template <class C>
Fp2<C> operator-(const Fp2<C>& x, const Fp2<C>& y) {
    return {mod<C>(x.a - y.a), mod<C>(x.b - y.b)};
}
template <class C>
Fp2<C> operator*(const Fp2<C>& x, const Fp2<C>& y) {
    return {mod<C>(x.a * y.a - x.b * y.b), mod<C>(x.a * y.b + x.b * y.a)};
}
/// x times the Fp element s.
template <class C>
Fp2<C> scale(const Fp2<C>& x, const mpz_class& s) {
    return {mod<C>(x.a * s), mod<C>(x.b * s)};
}
/// The conjugate a - b i (the p-power Frobenius of Fp2).
template <class C>
Fp2<C> conj(const Fp2<C>& x) {
    return {x.a, mod<C>(-x.b)};
}
template <class C>
Fp2<C> neg(const Fp2<C>& x) {
    return {mod<C>(-x.a), mod<C>(-x.b)};
}
/// x^-1 = conj(x) / (a^2 + b^2); x must not be zero.
template <class C>
Fp2<C> inverse(const Fp2<C>& x) {
    const mpz_class n = inv<C>(mod<C>(x.a * x.a + x.b * x.b));
    return {mod<C>(x.a * n), mod<C>(-x.b * n)};
}
template <class C>
bool operator==(const Fp2<C>& x, const Fp2<C>& y) {
    return x.a == y.a && x.b == y.b;
}
template <class C>
bool is_zero(const Fp2<C>& x) {
    return x.a == 0 && x.b == 0;
}
template <class C>
Fp2<C> pow(const Fp2<C>& x, const mpz_class& e) {
    return power(Fp2<C>{1, 0}, x, e, [](const Fp2<C>& u, const Fp2<C>& v) { return u * v; });
}

// ---- G2 on the twist over Fp2 (affine) ----

template <class C>
struct G2 {
    Fp2<C> x, y;
    bool infinity = true;
};

/// Slope of the chord through a and b, or of the tangent at a when a == b (neither at infinity, not vertical).
template <class C>
Fp2<C> slope(const G2<C>& a, const G2<C>& b) {
    if (a.x == b.x) return scale(a.x * a.x, 3) * inverse(scale(a.y, 2));
    return (b.y - a.y) * inverse(b.x - a.x);
}

template <class C>
G2<C> add(const G2<C>& a, const G2<C>& b) {
    if (a.infinity) return b;
    if (b.infinity) return a;
    if (a.x == b.x && (!(a.y == b.y) || is_zero(a.y))) return {};  // a == -b
    const Fp2<C> m = slope(a, b);
    G2<C> c;
    c.infinity = false;
    c.x = m * m - a.x - b.x;
    c.y = m * (a.x - c.x) - a.y;
    return c;
}

/// The scalar product s a (s >= 0) of a G1 or G2 point.
template <class P>
    requires requires(const P& a) { a.infinity; }
P mul(const P& a, const mpz_class& s) {
    return power(P{}, a, s, [](const P& x, const P& y) { return add(x, y); });
}

/// -a: (x, -y).
template <class C>
G2<C> neg(const G2<C>& a) {
    G2<C> c = a;
    if (!a.infinity) c.y = neg(a.y);
    return c;
}

// ---- Fp12 = Fp[w] / (w^12 - 2c w^6 + c^2 + 1), coefficients of w^0 .. w^11 ----

template <class C>
struct Fp12 {
    std::array<mpz_class, 12> c;

    static Fp12 zero() {
        Fp12 f;
        for (auto& x : f.c) x = 0;
        return f;
    }
    static Fp12 one() {
        Fp12 f = zero();
        f.c[0] = 1;
        return f;
    }
    mpz_class& operator[](size_t i) { return c[i]; }
    const mpz_class& operator[](size_t i) const { return c[i]; }
    bool operator==(const Fp12& o) const { return c == o.c; }
};

template <class C>
Fp12<C> operator*(const Fp12<C>& x, const Fp12<C>& y) {
    std::array<mpz_class, 23> t;
    for (auto& c : t) c = 0;
    for (int i = 0; i < 12; ++i) {
        if (x[i] == 0) continue;
        for (int j = 0; j < 12; ++j) t[i + j] += x[i] * y[j];
    }
    constexpr int c6 = 2 * C::xi_re, c0 = C::xi_re * C::xi_re + 1;
    for (int d = 22; d >= 12; --d) {  // w^12 = 2c w^6 - (c^2 + 1)
        if (t[d] == 0) continue;
        t[d - 6] += c6 * t[d];
        t[d - 12] -= c0 * t[d];
    }
    Fp12<C> out;
    for (int i = 0; i < 12; ++i) out[i] = mod<C>(t[i]);
    return out;
}

template <class C>
Fp12<C> pow(const Fp12<C>& x, const mpz_class& e) {
    return power(Fp12<C>::one(), x, e, [](const Fp12<C>& u, const Fp12<C>& v) { return u * v; });
}

/// Adds the Fp2 element v times w^e (e <= 5) to f: a + b i = (a - c b) + b w^6.
template <class C>
void add_scaled(Fp12<C>& f, const Fp2<C>& v, int e) {
    f[e] = mod<C>(f[e] + v.a - C::xi_re * v.b);
    f[e + 6] = mod<C>(f[e + 6] + v.b);
}

/// The Miller loop for loop count n: from r = q, for each bit of n below the top one, f = f^2 line(r, r, p) and
/// r = 2r, then on a set bit f = f line(r, q, p) and r = r + q. `line(t, u, p)` is the curve's line through the
/// twist points t and u (tangent if equal) evaluated at the G1 point p. Returns f; leaves the last r in `r`.
template <class C, class Line>
Fp12<C> miller_loop(const G2<C>& q, const G1<C>& p, const mpz_class& n, G2<C>& r, Line line) {
    r = q;
    Fp12<C> f = Fp12<C>::one();
    for (long i = static_cast<long>(mpz_sizeinbase(n.get_mpz_t(), 2)) - 2; i >= 0; --i) {
        f = f * f * line(r, r, p);
        r = add(r, r);
        if (mpz_tstbit(n.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) {
            f = f * line(r, q, p);
            r = add(r, q);
        }
    }
    return f;
}

}  // namespace trellis::evm::precompiles::pairing
