/// @file bn254_fast.cpp
/// alt_bn128 on Montgomery arithmetic (bn254_fast.hpp): curve checks, scalar multiplication and the optimal ate
/// pairing check of EIP-197.
///
/// Miller loop over the bits of 6u + 2 (u = 4965661367192848881) for all pairs at once, then the lines to
/// pi(Q) and -pi^2(Q) (pi the p-power Frobenius carried to the twist). The twist is D-type: (x', y') maps to
/// (x' w^2, y' w^3) (w^6 = xi), so the line through T with twist slope m' at P = (xP, yP) is
/// yP - m' xP w + (m' x' - y') w^3; T is homogeneous projective and the Fp2 denominators are cleared as in
/// bls12_381_pairing.cpp (the same point formulas of Costello, Lange and Naehrig, PKC 2010):
///   doubling: 2 Y Z yP - 3 X^2 xP w + (Y^2 - 3 b' Z^2) w^3,
///   addition of an affine Q (theta = Y - yQ Z, lambda = X - xQ Z): lambda yP - theta xP w + (theta xQ - lambda yQ) w^3.
/// The loop runs over the non-adjacent form of 6u + 2 (22 non-zero digits instead of 37 set bits; a -1 digit adds
/// -Q). Final exponentiation: the easy part f^((p^6 - 1)(p^2 + 1)), then the hard part (p^4 - p^2 + 1) / r =
/// l0 + l1 p + l2 p^2 + p^3 (l2 = 6u^2 + 1, l1 = -36u^3 - 18u^2 - 12u + 1, l0 = -36u^3 - 30u^2 - 18u - 2) by the
/// addition chain of Scott, Benger, Charlemagne, Dominguez Perez and Kachisa, "On the final exponentiation for
/// calculating pairings on ordinary elliptic curves" (Pairing 2009): three powers by u (cyclotomic squarings over
/// the NAF of u), Frobenius maps and 13 products, about a quarter of the 761-bit power's work.
#include "bn254_fast.hpp"

#include <vector>

namespace trellis::evm::precompiles::bn254 {

namespace {

/// b' = 3 / xi, and 3 b'.
const Fp2& twist_b() {
    static const Fp2 b = Fp2{Fp::from_u64(9), Fp::one()}.inverse() * Fp::from_u64(3);
    return b;
}

const Fp2& xi() {
    static const Fp2 x{Fp::from_u64(9), Fp::one()};
    return x;
}

/// xi^(k (p - 1) / 6).
const std::array<Fp2, 6>& gamma() {
    static const std::array<Fp2, 6> g = tower::frobenius_constants(xi());
    return g;
}

/// pi(x, y) = (conj(x) xi^((p - 1) / 3), conj(y) xi^((p - 1) / 2)).
G2 frobenius(const G2& a) { return {a.x.conj() * gamma()[2], a.y.conj() * gamma()[3], a.infinity}; }

/// a times the line with coefficients b0 (w^0), b1 (w^1), b3 (w^3): L0 = b0, L1 = b1 + b3 v.
Fp12 mul_by_line(const Fp12& f, const Fp2& b0, const Fp2& b1, const Fp2& b3) {
    using E6 = tower::Fp6<Fp2>;
    using W6 = E6::Wide;
    const W6 t0{Fp2::mul_wide(f.c0.c0, b0), Fp2::mul_wide(f.c0.c1, b0), Fp2::mul_wide(f.c0.c2, b0)};
    const W6 t1 = f.c1.mul_by_01_wide(b1, b3);
    return {E6::reduce(t0 + t1.mul_by_v()), E6::reduce((f.c0 + f.c1).mul_by_01_wide(b0 + b1, b3) - t0 - t1)};
}

struct Projective {
    Fp2 x, y, z;
};

void doubling_step(Projective& t, const G1& p, Fp12& f) {
    static const Fp2 three_b = twist_b().dbl() + twist_b();
    const Fp2 a = (t.x * t.y).halve(), b = t.y.square(), c = t.z.square();
    const Fp2 e = three_b * c, ff = e.dbl() + e, g = (b + ff).halve();
    const Fp2 h = (t.y + t.z).square() - b - c;  // 2 Y Z
    const Fp2 x2 = t.x.square();
    f = mul_by_line(f, h * p.y, (x2.dbl() + x2) * (-p.x), b - e);
    const Fp2 e2 = e.square();
    t.x = a * (b - ff);
    t.y = g.square() - (e2.dbl() + e2);
    t.z = b * h;
}

void addition_step(Projective& t, const G2& q, const G1& p, Fp12& f) {
    const Fp2 theta = t.y - q.y * t.z, lambda = t.x - q.x * t.z;
    f = mul_by_line(f, lambda * p.y, theta * (-p.x), theta * q.x - lambda * q.y);
    const Fp2 c = theta.square(), d = lambda.square(), e = lambda * d, ff = t.z * c, g = t.x * d;
    const Fp2 h = e + ff - g.dbl();
    t.x = lambda * h;
    t.y = theta * (g - h) - t.y * e;
    t.z = t.z * e;
}

/// The non-adjacent form of n, least significant digit first (digits -1, 0, 1; no two adjacent non-zero), for
/// the loops below: conjugation makes a negative digit as cheap as a positive one.
template <size_t Len>
constexpr std::array<int8_t, Len> naf(mont::u128 n) {
    std::array<int8_t, Len> out{};
    for (size_t i = 0; n != 0; ++i, n >>= 1) {
        if (n & 1) {
            out[i] = (n & 2) ? -1 : 1;
            n = (n & 2) ? n + 1 : n - 1;
        }
    }
    return out;
}

/// a^u for a unitary a (cyclotomic squarings; a negative digit multiplies by conj(a) = a^-1).
Fp12 pow_u(const Fp12& a) {
    static constexpr auto digits = naf<64>(seed);
    static_assert(digits[62] == 1 && digits[63] == 0);
    const Fp12 a_inv = a.conj();
    Fp12 acc = a;  // the top digit is 1
    for (size_t i = 62; i-- > 0;) {
        acc = acc.cyclotomic_square();
        if (digits[i] == 1) acc *= a;
        else if (digits[i] == -1) acc *= a_inv;
    }
    return acc;
}

}  // namespace

Fp12 final_exponentiation(const Fp12& m) {
    Fp12 f = m.conj() * m.inverse();
    f = f.frobenius(gamma()).frobenius(gamma()) * f;
    // f^((p^4 - p^2 + 1) / r) = f^(l0 + l1 p + l2 p^2 + p^3) with l2 = 6u^2 + 1, l1 = -36u^3 - 18u^2 - 12u + 1,
    // l0 = -36u^3 - 30u^2 - 18u - 2, by the addition chain of Scott et al. (see the file comment).
    auto frob = [](const Fp12& a) { return a.frobenius(gamma()); };
    const Fp12 fu = pow_u(f), fu2 = pow_u(fu), fu3 = pow_u(fu2);
    const Fp12 fp = frob(f), fp2 = frob(fp), fp3 = frob(fp2);
    const Fp12 y0 = fp * fp2 * fp3, y1 = f.conj(), y2 = frob(frob(fu2)), y3 = frob(fu).conj();
    const Fp12 y4 = (fu * frob(fu2)).conj(), y5 = fu2.conj(), y6 = (fu3 * frob(fu3)).conj();
    Fp12 t0 = y6.cyclotomic_square() * y4 * y5;
    Fp12 t1 = y3 * y5 * t0;
    t0 *= y2;
    t1 = (t1.cyclotomic_square() * t0).cyclotomic_square();
    t0 = t1 * y1;
    t1 *= y0;
    return t0.cyclotomic_square() * t1;
}

Fp12 final_exponentiation_by_power(const Fp12& m) {
    static constexpr mont::Limbs<12> hard = mont::limbs_from_hex<12>(
        "1baaa710b0759ad331ec15183177faf6c0eb522d5b122784e529a5861876f6b3b1b1355d189227d79581e16f3fd90c66b887d56d5"
        "095f23aaa441e3954bcf8adcc7b44c87cdbacff1154e7e1da014fd5abf5cc4f49c36d4e81bb482ccdf42b1");
    Fp12 f = m.conj() * m.inverse();
    f = f.frobenius(gamma()).frobenius(gamma()) * f;
    std::array<Fp12, 16> table;
    table[0] = Fp12::one();
    for (size_t i = 1; i < 16; ++i) table[i] = table[i - 1] * f;
    Fp12 acc = Fp12::one();
    for (size_t i = 16 * hard.size(); i-- > 0;) {
        for (int k = 0; k < 4; ++k) acc = acc.cyclotomic_square();
        const unsigned nibble = static_cast<unsigned>(hard[i / 16] >> (4 * (i % 16))) & 15;
        if (nibble != 0) acc *= table[nibble];
    }
    return acc;
}

bool on_curve(const G1& a) {
    static const Fp b = Fp::from_u64(3);
    return a.infinity || a.y.square() == a.x.square() * a.x + b;
}

bool on_curve(const G2& a) { return a.infinity || a.y.square() == a.x.square() * a.x + twist_b(); }

G1J mul(const G1& a, const mont::Limbs<4>& s) {
    const G1 points[] = {a};
    const mont::Limbs<4> scalars[] = {s};
    return ec::msm<Fp, 4>(points, scalars, 256);
}

bool in_subgroup_by_order(const G2& a) {
    const G2 points[] = {a};
    const mont::Limbs<4> scalars[] = {r};
    return ec::msm<Fp2, 4>(points, scalars, 256).is_infinity();
}

bool in_subgroup(const G2& a) {
    if (a.infinity) return true;
    auto pi = [](const G2J& q) { return G2J{q.x.conj() * gamma()[2], q.y.conj() * gamma()[3], q.z.conj()}; };
    const G2J p = G2J::from(a), up = G2J::mul_u64(p, seed);
    const G2J lhs = up.add(p).add(pi(up)).add(pi(pi(up)));
    return lhs.equals(pi(pi(pi(up.dbl()))));
}

bool pairing_product_is_one(std::span<const std::pair<G1, G2>> pairs) {
    static constexpr auto digits = naf<68>(mont::u128{6} * seed + 2);  // 66 digits
    static_assert(digits[65] == 1 && digits[66] == 0 && digits[67] == 0);
    std::vector<std::pair<G1, G2>> live;
    for (const auto& pq : pairs)
        if (!pq.first.infinity && !pq.second.infinity) live.push_back(pq);
    std::vector<Projective> t;
    std::vector<G2> neg_q;
    for (const auto& [p, q] : live) t.push_back({q.x, q.y, Fp2::one()}), neg_q.push_back(q.neg());
    Fp12 f = Fp12::one();
    for (size_t bit = 65; bit-- > 0;) {  // the top digit (65) is 1: T starts at Q
        f = f.square();
        for (size_t i = 0; i < live.size(); ++i) doubling_step(t[i], live[i].first, f);
        if (digits[bit] != 0)
            for (size_t i = 0; i < live.size(); ++i)
                addition_step(t[i], digits[bit] > 0 ? live[i].second : neg_q[i], live[i].first, f);
    }
    for (size_t i = 0; i < live.size(); ++i) {
        const G2 q1 = frobenius(live[i].second);
        const G2 nq2 = frobenius(q1).neg();
        addition_step(t[i], q1, live[i].first, f);
        addition_step(t[i], nq2, live[i].first, f);
    }
    return final_exponentiation(f).is_one();
}

}  // namespace trellis::evm::precompiles::bn254
