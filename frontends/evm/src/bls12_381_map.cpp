/// @file bls12_381_map.cpp
/// MAP_FP_TO_G1 and MAP_FP2_TO_G2 of EIP-2537 on Montgomery arithmetic (bls12_381_fast.hpp): simplified SWU onto
/// the isogenous curve (RFC 9380 section 6.6.2), the 11- resp. 3-isogeny (section 6.6.3, constants in
/// bls12_381_constants.hpp), then cofactor clearing: h_eff = 1 - x on G1, and on G2 the endomorphism form of
/// h_eff P = [x^2 - x - 1] P + [x - 1] psi(P) + psi^2(2 P) (RFC 9380 appendix G.3, Budroni and Pintore).
/// A square root candidate is checked by squaring it, so each square test costs no extra exponentiation.
#include <vector>

#include "bls12_381_constants.hpp"
#include "bls12_381_fast.hpp"

namespace trellis::evm::precompiles::bls::fast {

namespace {

/// (p + 1) / 4 and its use: a^((p + 1) / 4) squares to a exactly when a is a square.
bool sqrt_fp(const Fp& a, Fp& out) {
    static const mont::Limbs<6> e = [] {
        mont::Limbs<6> v = Fp::p;
        mont::Limbs<6> one{};
        one[0] = 1;
        mont::add_limbs(v, v, one);
        mont::div_small(v, 4);
        return v;
    }();
    out = a.pow(e);
    return out.square() == a;
}

/// A square root in Fp2 by the norm (the "complex method"); false if there is none.
bool sqrt_fp2(const Fp2& a, Fp2& out) {
    Fp s;
    if (a.c1.is_zero()) {
        if (sqrt_fp(a.c0, s)) return out = {s, Fp::zero()}, true;
        if (sqrt_fp(-a.c0, s)) return out = {Fp::zero(), s}, true;  // -1 is not a square: -a0 is
        return false;
    }
    Fp n;
    if (!sqrt_fp(a.norm(), n)) return false;
    Fp x0;
    if (!sqrt_fp((a.c0 + n).halve(), x0) && !sqrt_fp((a.c0 - n).halve(), x0)) return false;
    out = {x0, a.c1 * x0.dbl().inverse()};
    return out.square() == a;
}

bool sqrt_any(const Fp& a, Fp& out) { return sqrt_fp(a, out); }
bool sqrt_any(const Fp2& a, Fp2& out) { return sqrt_fp2(a, out); }
bool sgn0(const Fp& a) { return a.is_odd(); }
bool sgn0(const Fp2& a) { return a.c0.is_odd() || (a.c0.is_zero() && a.c1.is_odd()); }

/// E': y^2 = x^3 + a x + b and the SWU constant z.
template <class F>
struct SwuCurve {
    F a, b, z;
};

/// The point of E' simplified SWU assigns to u (RFC 9380 section 6.6.2).
template <class F>
void map_to_curve_simple_swu(const F& u, const SwuCurve<F>& c, F& x, F& y) {
    const F zu2 = c.z * u.square();
    const F den = zu2.square() + zu2;
    // x1 = -b / a (1 + 1 / den) = -b (den + 1) / (a den), one inversion.
    const F x1 = den.is_zero() ? c.b * (c.z * c.a).inverse() : -(c.b * (den + F::one())) * (c.a * den).inverse();
    auto g = [&](const F& v) { return v.square() * v + c.a * v + c.b; };
    x = x1;
    if (!sqrt_any(g(x1), y)) {
        x = zu2 * x1;
        sqrt_any(g(x), y);  // g(x2) = z^3 u^6 g(x1) is a square when g(x1) is not
    }
    if (sgn0(u) != sgn0(y)) y = -y;
}

template <class F>
F polynomial(const std::vector<F>& c, const F& x) {
    F acc = c.back();
    for (size_t i = c.size() - 1; i-- > 0;) acc = acc * x + c[i];
    return acc;
}

template <class F>
struct IsogenyMap {
    std::vector<F> x_num, x_den, y_num, y_den;
};

/// The isogeny's image of (x', y') = (x_num / x_den, y' y_num / y_den) as a Jacobian point without inversion:
/// Z = x_den y_den, X = x_num x_den y_den^2, Y = y' y_num x_den^3 y_den^2 (X / Z^2 and Y / Z^3 are the affine
/// coordinates); Z = 0 (infinity) when a denominator is 0.
template <class F>
ec::Jacobian<F> apply_isogeny(const IsogenyMap<F>& m, const F& x, const F& y) {
    const F xd = polynomial(m.x_den, x), yd = polynomial(m.y_den, x);
    if (xd.is_zero() || yd.is_zero()) return {};
    const F yd2 = yd.square(), xd_yd2 = xd * yd2;
    return {polynomial(m.x_num, x) * xd_yd2, y * polynomial(m.y_num, x) * xd.square() * xd_yd2, xd * yd};
}

template <size_t n>
std::vector<Fp> fp_list(const std::array<const char*, n>& hex) {
    std::vector<Fp> out;
    for (const char* h : hex) out.push_back(Fp::from_hex(h));
    return out;
}

template <size_t n>
std::vector<Fp2> fp2_list(const std::array<std::array<const char*, 2>, n>& hex) {
    std::vector<Fp2> out;
    for (const auto& [re, im] : hex) out.push_back({Fp::from_hex(re), Fp::from_hex(im)});
    return out;
}

}  // namespace

bool sqrt(const Fp& a, Fp& out) { return sqrt_fp(a, out); }

G1 map_fp_to_g1(const Fp& u) {
    static const SwuCurve<Fp> e{
        Fp::from_hex("144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d"),
        Fp::from_hex("12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0"),
        Fp::from_u64(11)};
    static const IsogenyMap<Fp> iso{fp_list(g1_iso_x_num), fp_list(g1_iso_x_den), fp_list(g1_iso_y_num),
                                    fp_list(g1_iso_y_den)};
    Fp x, y;
    map_to_curve_simple_swu(u, e, x, y);
    // h_eff = |x| + 1
    const G1J pj = apply_isogeny(iso, x, y);
    return G1J::mul_u64(pj, seed).add(pj).to_affine();
}

G2 map_fp2_to_g2(const Fp2& u) {
    static const SwuCurve<Fp2> e{{Fp::zero(), Fp::from_u64(240)},
                                 {Fp::from_u64(1012), Fp::from_u64(1012)},
                                 {-Fp::from_u64(2), -Fp::from_u64(1)}};
    static const IsogenyMap<Fp2> iso{fp2_list(g2_iso_x_num), fp2_list(g2_iso_x_den), fp2_list(g2_iso_y_num),
                                     fp2_list(g2_iso_y_den)};
    Fp2 x, y;
    map_to_curve_simple_swu(u, e, x, y);
    const G2J p = apply_isogeny(iso, x, y);
    // RFC 9380 G.3 with c1 = x = -|x|: t1 = x P, t2 = psi(P), t3 = psi^2(2 P) - t2, t2 = x (t1 + t2),
    // result t3 + t2 - t1 - P.
    const G2J t1 = G2J::mul_u64(p, seed).neg();
    G2J t2 = psi(p);
    G2J t3 = psi(psi(p.dbl())).add(t2.neg());
    t2 = G2J::mul_u64(t1.add(t2), seed).neg();
    return t3.add(t2).add(t1.neg()).add(p.neg()).to_affine();
}

}  // namespace trellis::evm::precompiles::bls::fast
