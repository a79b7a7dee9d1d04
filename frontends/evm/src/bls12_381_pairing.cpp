/// @file bls12_381_pairing.cpp
/// The optimal ate pairing of BLS12-381 on Montgomery arithmetic (bls12_381_fast.hpp), for the pairing checks of
/// EIP-2537 and EIP-4844.
///
/// Miller loop over the bits of |x|, all pairs at once (one Fp12 squaring per bit), the twist points T in
/// homogeneous projective coordinates (x = X / Z, y = Y / Z). The untwist is (x', y') -> (x' / w^2, y' / w^3)
/// (w^6 = xi = 1 + u); the line through T with twist slope m', evaluated at P = (xP, yP) and scaled by w^3, is
/// (m' x' - y') - m' xP w^2 + yP w^3, and clearing the Fp2 denominators (factors in a proper subfield, which the
/// final exponentiation removes) gives
///   doubling: (Y^2 - 3 b' Z^2) - 3 X^2 xP w^2 + 2 Y Z yP w^3,
///   addition of an affine Q (theta = Y - yQ Z, lambda = X - xQ Z): (theta xQ - lambda yQ) - theta xP w^2 +
///   lambda yP w^3,
/// with b' = 4 xi and the point formulas of Costello, Lange and Naehrig, "Faster pairing computations on curves with
/// high-degree twists" (PKC 2010). A negative x would conjugate the Miller value, which changes no check against 1.
///
/// The line coefficients depend on Q alone (the line's value at P is c0 + c1 xP w^2 + c2 yP w^3), so `prepare`
/// runs T's doublings and additions once and keeps the 68 lines; a fixed G2 point (KZG's -G2 and [tau]G2) is
/// prepared once per process, and the loop over P then costs one sparse product per line.
///
/// Final exponentiation: the easy part f^((p^6 - 1)(p^2 + 1)) with one Fp12 inversion and Frobenius maps, then the
/// hard part as 3 (p^4 - p^2 + 1) / r = (x - 1)^2 (x + p) (x^2 + p^2 - 1) + 3 (Hayashida, Hayasaka and Teruya,
/// "Efficient final exponentiation via cyclotomic structure for pairings over families of elliptic curves", 2020):
/// five exponentiations by x, each 63 squarings in Karabina's compressed form and 6 decompressions sharing one
/// inversion (`pow_seed`). The result is e(P, Q)^3.
#include <vector>

#include "bls12_381_fast.hpp"

namespace trellis::evm::precompiles::bls::fast {

namespace {

struct Projective {
    Fp2 x, y, z;
};

using Line = std::array<Fp2, 3>;

/// 3 b' = 12 (1 + u).
const Fp2& three_b() {
    static const Fp2 b{Fp::from_u64(12), Fp::from_u64(12)};
    return b;
}

/// T = 2 T; the tangent line's coefficients.
Line doubling_step(Projective& t) {
    const Fp2 a = (t.x * t.y).halve(), b = t.y.square(), c = t.z.square();
    const Fp2 e = three_b() * c, ff = e.dbl() + e, g = (b + ff).halve();
    const Fp2 h = (t.y + t.z).square() - b - c;  // 2 Y Z
    const Fp2 x2 = t.x.square();
    const Line line{b - e, -(x2.dbl() + x2), h};
    const Fp2 e2 = e.square();
    t.x = a * (b - ff);
    t.y = g.square() - (e2.dbl() + e2);
    t.z = b * h;
    return line;
}

/// T = T + Q; the coefficients of the line through T and Q.
Line addition_step(Projective& t, const G2& q) {
    const Fp2 theta = t.y - q.y * t.z, lambda = t.x - q.x * t.z;
    const Line line{theta * q.x - lambda * q.y, -theta, lambda};
    const Fp2 c = theta.square(), d = lambda.square(), e = lambda * d, ff = t.z * c, g = t.x * d;
    const Fp2 h = e + ff - g.dbl();
    t.x = lambda * h;
    t.y = theta * (g - h) - t.y * e;
    t.z = t.z * e;
    return line;
}

/// f = f * (the line at P).
void mul_by_line(Fp12& f, const Line& l, const G1& p) { f = f.mul_by_line(l[0], l[1] * p.x, l[2] * p.y); }

/// f = f * (the lines of the pairs `live` at index k): two lines at a time are multiplied together first
/// (Fp12::line_product), which costs 23 Fp2 products per pair of lines instead of 26.
/// `f_is_one`: f is 1 (the loop's first step), so the first product of two lines is f itself.
void mul_by_lines(Fp12& f, std::span<const G1> ps, std::span<const G2Prepared* const> qs, const std::vector<size_t>& live,
                  size_t k, bool f_is_one) {
    size_t n = 0;
    for (; n + 1 < live.size(); n += 2) {
        const Line& a = qs[live[n]]->lines[k];
        const Line& b = qs[live[n + 1]]->lines[k];
        const G1& pa = ps[live[n]];
        const G1& pb = ps[live[n + 1]];
        const Fp12 lines = Fp12::line_product(a[0], a[1] * pa.x, a[2] * pa.y, b[0], b[1] * pb.x, b[2] * pb.y);
        f = f_is_one ? lines : f.mul_by_line_product(lines);
        f_is_one = false;
    }
    if (n < live.size()) mul_by_line(f, qs[live[n]]->lines[k], ps[live[n]]);
}

Fp12 miller_loop(std::span<const G1> ps, std::span<const G2Prepared* const> qs) {
    std::vector<size_t> live;
    for (size_t i = 0; i < ps.size(); ++i)
        if (!ps[i].infinity && !qs[i]->lines.empty()) live.push_back(i);
    Fp12 f = Fp12::one();
    size_t k = 0;  // the line index, the same for every Q
    for (int bit = 62; bit >= 0; --bit) {
        if (k > 0) f = f.square();  // 1 before the first lines
        mul_by_lines(f, ps, qs, live, k, k == 0);
        ++k;
        if ((seed >> bit) & 1) mul_by_lines(f, ps, qs, live, k++, false);
    }
    return f;
}

const std::array<Fp2, 6>& gamma() {
    static const std::array<Fp2, 6> g = tower::frobenius_constants(Fp2{Fp::one(), Fp::one()});
    return g;
}

}  // namespace

Fp12 pow_seed_uncompressed(const Fp12& a) {
    Fp12 acc = a;
    for (int bit = 62; bit >= 0; --bit) {
        acc = acc.cyclotomic_square();
        if ((seed >> bit) & 1) acc *= a;
    }
    return acc;
}

Fp12 pow_seed(const Fp12& a) {
    // z2 = 0 from the start (1, or any element of Fp6 such as a product of no pairs): nothing to compress.
    if (a.c1.c0.is_zero()) return pow_seed_uncompressed(a);
    constexpr int set_bits = __builtin_popcountll(seed);
    std::array<Fp12::Compressed, set_bits> powers;
    Fp12::Compressed c = a.compress();
    for (int k = 1, n = 0; k < 64; ++k) {
        c = Fp12::compressed_square(c);
        if ((seed >> k) & 1) powers[n++] = c;
    }
    std::array<Fp2, set_bits> numerator, denominator, prefix;
    for (int i = 0; i < set_bits; ++i) {
        Fp12::decompress_fraction(powers[i], numerator[i], denominator[i]);
        if (denominator[i].is_zero()) return pow_seed_uncompressed(a);
        prefix[i] = i == 0 ? denominator[0] : prefix[i - 1] * denominator[i];
    }
    Fp2 inv = prefix[set_bits - 1].inverse();  // 1 / (d_0 ... d_5)
    Fp12 acc = Fp12::one();
    for (int i = set_bits; i-- > 0;) {
        const Fp2 z1 = numerator[i] * (i == 0 ? inv : inv * prefix[i - 1]);
        if (i > 0) inv = inv * denominator[i];
        acc = i == set_bits - 1 ? Fp12::decompress(powers[i], z1) : acc * Fp12::decompress(powers[i], z1);
    }
    return acc;
}

namespace {

/// a^x = conj(a^|x|) for a unitary a.
Fp12 pow_x(const Fp12& a) { return pow_seed(a).conj(); }

Fp12 final_exponentiation(const Fp12& m) {
    Fp12 f = m.conj() * m.inverse();               // ^(p^6 - 1)
    f = f.frobenius(gamma()).frobenius(gamma()) * f;  // ^(p^2 + 1)
    Fp12 a = pow_x(f) * f.conj();                  // f^(x - 1)
    a = pow_x(a) * a.conj();                       // f^((x - 1)^2)
    const Fp12 b = pow_x(a) * a.frobenius(gamma());  // ^(x + p)
    const Fp12 c = pow_x(pow_x(b)) * b.frobenius(gamma()).frobenius(gamma()) * b.conj();  // ^(x^2 + p^2 - 1)
    return c * f.cyclotomic_square() * f;
}

}  // namespace

G2Prepared prepare(const G2& q) {
    G2Prepared out;
    if (q.infinity) return out;
    out.lines.reserve(68);
    Projective t{q.x, q.y, Fp2::one()};
    for (int bit = 62; bit >= 0; --bit) {
        out.lines.push_back(doubling_step(t));
        if ((seed >> bit) & 1) out.lines.push_back(addition_step(t, q));
    }
    return out;
}

Fp12 pairing(const G1& p, const G2& q) {
    const G2Prepared pq = prepare(q);
    const G2Prepared* qs[] = {&pq};
    return final_exponentiation(miller_loop({&p, 1}, qs));
}

bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs) {
    std::vector<G1> ps;
    std::vector<G2Prepared> prepared;
    std::vector<const G2Prepared*> qs;
    for (const auto& [p, q] : pairs) {
        if (p.infinity || q.infinity) continue;
        ps.push_back(p);
        prepared.push_back(prepare(q));
    }
    for (const G2Prepared& q : prepared) qs.push_back(&q);
    return pairing_product_is_one(ps, qs);
}

G2PairPrepared prepare_pair(const G2Prepared& a, const G2Prepared& b) {
    G2PairPrepared out;
    out.products.reserve(a.lines.size());
    for (size_t k = 0; k < a.lines.size() && k < b.lines.size(); ++k) {
        const Line& l = a.lines[k];
        const Line& m = b.lines[k];
        out.products.push_back({l[0] * m[0], (l[2] * m[2]).mul_by_xi(), l[0] * m[1], l[1] * m[0], l[1] * m[1],
                                l[0] * m[2], l[2] * m[0], l[1] * m[2], l[2] * m[1]});
    }
    return out;
}

bool pairing_product_is_one(const G1& pa, const G1& pb, const G2PairPrepared& q, const G2Prepared& a,
                            const G2Prepared& b) {
    if (pa.infinity || pb.infinity || q.products.empty()) {
        const G1 ps[] = {pa, pb};
        const G2Prepared* qs[] = {&a, &b};
        return pairing_product_is_one(ps, qs);
    }
    // alpha = 1 / ya, beta = xa / ya, gamma = 1 / yb, delta = xb / yb, with one inversion (y != 0 on the curve).
    const Fp inv = (pa.y * pb.y).inverse();
    const Fp alpha = pb.y * inv, gamma = pa.y * inv, beta = pa.x * alpha, delta = pb.x * gamma;
    const Fp ag = alpha * gamma, ad = alpha * delta, bg = beta * gamma, bd = beta * delta;
    using W = Fp2::Wide;
    auto scaled = [](const Fp2& c, const Fp& s) { return W{Fp::mul_wide(c.c0.v, s.v), Fp::mul_wide(c.c1.v, s.v)}; };
    // The product of the two scaled lines (Fp12::line_product's layout): (a0 b0 ag + xi a2 b2) + (a0 b1 ad +
    // a1 b0 bg) v + a1 b1 bd v^2 + ((a0 b2 alpha + a2 b0 gamma) v + (a1 b2 beta + a2 b1 delta) v^2) w.
    auto lines = [&](size_t k) {
        const std::array<Fp2, 9>& c = q.products[k];
        return Fp12{{c[0] * ag + c[1], Fp2::reduce(scaled(c[2], ad) + scaled(c[3], bg)), c[4] * bd},
                    {Fp2::zero(), Fp2::reduce(scaled(c[5], alpha) + scaled(c[6], gamma)),
                     Fp2::reduce(scaled(c[7], beta) + scaled(c[8], delta))}};
    };
    Fp12 f = Fp12::one();
    size_t k = 0;
    for (int bit = 62; bit >= 0; --bit) {
        f = k == 0 ? lines(k) : f.square().mul_by_line_product(lines(k));
        ++k;
        if ((seed >> bit) & 1) f = f.mul_by_line_product(lines(k++));
    }
    return final_exponentiation(f).is_one();
}

bool pairing_product_is_one(std::span<const G1> ps, std::span<const G2Prepared* const> qs) {
    const Fp12 f = miller_loop(ps, qs);
    if (f.is_one()) return true;  // no pair without infinity: the final exponentiation of 1 is 1
    return final_exponentiation(f).is_one();
}

}  // namespace trellis::evm::precompiles::bls::fast
