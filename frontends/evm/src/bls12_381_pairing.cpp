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
/// Final exponentiation: the easy part f^((p^6 - 1)(p^2 + 1)) with one Fp12 inversion and Frobenius maps, then the
/// hard part as 3 (p^4 - p^2 + 1) / r = (x - 1)^2 (x + p) (x^2 + p^2 - 1) + 3 (Hayashida, Hayasaka and Teruya,
/// "Efficient final exponentiation via cyclotomic structure for pairings over families of elliptic curves", 2020):
/// five exponentiations by x with Granger-Scott cyclotomic squarings. The result is e(P, Q)^3.
#include <vector>

#include "bls12_381_fast.hpp"

namespace trellis::evm::precompiles::bls::fast {

namespace {

struct Projective {
    Fp2 x, y, z;
};

/// 3 b' = 12 (1 + u).
const Fp2& three_b() {
    static const Fp2 b{Fp::from_u64(12), Fp::from_u64(12)};
    return b;
}

/// T = 2 T; f = f * (tangent line at P).
void doubling_step(Projective& t, const G1& p, Fp12& f) {
    const Fp2 a = (t.x * t.y).halve(), b = t.y.square(), c = t.z.square();
    const Fp2 e = three_b() * c, ff = e.dbl() + e, g = (b + ff).halve();
    const Fp2 h = (t.y + t.z).square() - b - c;  // 2 Y Z
    const Fp2 x2 = t.x.square();
    f = f.mul_by_line(b - e, (x2.dbl() + x2) * (-p.x), h * p.y);
    const Fp2 e2 = e.square();
    t.x = a * (b - ff);
    t.y = g.square() - (e2.dbl() + e2);
    t.z = b * h;
}

/// T = T + Q; f = f * (line through T and Q at P).
void addition_step(Projective& t, const G2& q, const G1& p, Fp12& f) {
    const Fp2 theta = t.y - q.y * t.z, lambda = t.x - q.x * t.z;
    f = f.mul_by_line(theta * q.x - lambda * q.y, theta * (-p.x), lambda * p.y);
    const Fp2 c = theta.square(), d = lambda.square(), e = lambda * d, ff = t.z * c, g = t.x * d;
    const Fp2 h = e + ff - g.dbl();
    t.x = lambda * h;
    t.y = theta * (g - h) - t.y * e;
    t.z = t.z * e;
}

Fp12 miller_loop(std::span<const std::pair<G1, G2>> pairs) {
    std::vector<std::pair<G1, G2>> live;
    for (const auto& pq : pairs)
        if (!pq.first.infinity && !pq.second.infinity) live.push_back(pq);
    std::vector<Projective> t;
    for (const auto& [p, q] : live) t.push_back({q.x, q.y, Fp2::one()});
    Fp12 f = Fp12::one();
    for (int bit = 62; bit >= 0; --bit) {
        f = f.square();
        for (size_t i = 0; i < live.size(); ++i) doubling_step(t[i], live[i].first, f);
        if ((seed >> bit) & 1)
            for (size_t i = 0; i < live.size(); ++i) addition_step(t[i], live[i].second, live[i].first, f);
    }
    return f;
}

const std::array<Fp2, 6>& gamma() {
    static const std::array<Fp2, 6> g = tower::frobenius_constants(Fp2{Fp::one(), Fp::one()});
    return g;
}

/// a^x = conj(a^|x|) for a unitary a.
Fp12 pow_x(const Fp12& a) {
    Fp12 acc = a;
    for (int bit = 62; bit >= 0; --bit) {
        acc = acc.cyclotomic_square();
        if ((seed >> bit) & 1) acc *= a;
    }
    return acc.conj();
}

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

Fp12 pairing(const G1& p, const G2& q) {
    const std::pair<G1, G2> pq{p, q};
    return final_exponentiation(miller_loop({&pq, 1}));
}

bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs) {
    return final_exponentiation(miller_loop(pairs)).is_one();
}

}  // namespace trellis::evm::precompiles::bls::fast
