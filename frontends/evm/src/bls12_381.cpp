/// @file bls12_381.cpp
/// BLS12-381 (bls12_381.hpp): constants, membership tests, the pairing product check and the EIP-2537 maps from
/// field elements to points. The pairing runs the Miller loop for |x| in Fp12 = Fp[w]/(w^12 - 2 w^6 + 2), where
/// w^6 = 1 + i and a twist point (x', y') maps to (x' / w^2, y' / w^3); line values are scaled by w^3 (or w^2 for
/// vertical lines), factors in proper subfields that the final exponentiation by (p^12 - 1) / r removes, as it
/// removes the conjugation a negative x would need. The constants of the maps are those of EIP-2537's
/// assets/field_to_curve.md (RFC 9380 appendix E.2, E.3); the endomorphism constants those of its
/// assets/fast_subgroup_checks.md. Clarity over speed: affine points, GMP for every field operation.
#include "bls12_381.hpp"

#include <array>

#include "bls12_381_constants.hpp"

namespace trellis::evm::precompiles::bls {

namespace {

mpz_class hex_mpz(const char* hex) { return mpz_class(hex, 16); }

// ---- Fp as a value type with reducing operators, so the map code below serves Fp and Fp2 alike ----

struct Fp {
    mpz_class v;  // in [0, p)
};
Fp operator+(const Fp& a, const Fp& b) { return {mod(a.v + b.v)}; }
Fp operator*(const Fp& a, const Fp& b) { return {mod(a.v * b.v)}; }
Fp neg(const Fp& a) { return {mod(-a.v)}; }
Fp inverse(const Fp& a) { return {pairing::inv<Curve>(a.v)}; }
bool is_zero(const Fp& a) { return a.v == 0; }

mpz_class powm(const mpz_class& a, const mpz_class& e) {
    mpz_class out;
    mpz_powm(out.get_mpz_t(), a.get_mpz_t(), e.get_mpz_t(), constants().p.get_mpz_t());
    return out;
}

/// Squares of Fp, including 0 (Euler's criterion).
bool is_square(const mpz_class& a) {
    static const mpz_class half = (constants().p - 1) / 2;
    return a == 0 || powm(a, half) == 1;
}
bool is_square(const Fp& a) { return is_square(a.v); }
/// A square root of a square (p = 3 mod 4: a^((p + 1) / 4)).
mpz_class sqrt_fp(const mpz_class& a) {
    static const mpz_class quarter = (constants().p + 1) / 4;
    return powm(a, quarter);
}
Fp sqrt(const Fp& a) { return {sqrt_fp(a.v)}; }
/// sgn0 of RFC 9380 section 4.1: the parity of the element.
bool sgn0(const Fp& a) { return mpz_odd_p(a.v.get_mpz_t()) != 0; }

// ---- the same operations on Fp2 ----

/// a + b i is a square in Fp2 exactly when its norm a^2 + b^2 is a square in Fp.
bool is_square(const Fp2& a) { return is_square(mod(a.a * a.a + a.b * a.b)); }
/// A square root of a square of Fp2 (the "complex method": with n = sqrt(a^2 + b^2), x0^2 = (a +- n) / 2 and
/// x1 = b / (2 x0)).
Fp2 sqrt(const Fp2& a) {
    static const mpz_class half = pairing::inv<Curve>(2);
    if (a.b == 0) {
        if (is_square(a.a)) return {sqrt_fp(a.a), 0};
        return {0, sqrt_fp(mod(-a.a))};
    }
    const mpz_class n = sqrt_fp(mod(a.a * a.a + a.b * a.b));
    mpz_class d = mod((a.a + n) * half);
    if (!is_square(d)) d = mod((a.a - n) * half);
    const mpz_class x0 = sqrt_fp(d);
    return {x0, mod(a.b * pairing::inv<Curve>(mod(2 * x0)))};
}
/// sgn0 of RFC 9380 section 4.1 for m = 2: sign of the real part, or of the imaginary part when the real part is 0.
bool sgn0(const Fp2& a) {
    const bool sign_0 = mpz_odd_p(a.a.get_mpz_t()) != 0;
    const bool sign_1 = mpz_odd_p(a.b.get_mpz_t()) != 0;
    return sign_0 || (a.a == 0 && sign_1);
}

// ---- simplified SWU (RFC 9380 section 6.6.2) and the isogeny (section 6.6.3) ----

/// E': y^2 = x^3 + a x + b with a b != 0, its SWU constant z, and the field's 1.
template <class F>
struct SwuCurve {
    F a, b, z, one;
};

/// The point of E' that simplified SWU assigns to u (EIP-2537 field_to_curve.md, "Simplified SWU for AB != 0").
template <class F>
std::pair<F, F> map_to_curve_simple_swu(const F& u, const SwuCurve<F>& c) {
    const F zu2 = c.z * u * u;
    const F den = zu2 * zu2 + zu2;  // Z^2 u^4 + Z u^2
    const F x1 = is_zero(den) ? c.b * inverse(c.z * c.a) : neg(c.b) * inverse(c.a) * (c.one + inverse(den));
    auto g = [&](const F& x) { return x * x * x + c.a * x + c.b; };
    const F gx1 = g(x1);
    F x = x1, y;
    if (is_square(gx1)) {
        y = sqrt(gx1);
    } else {
        x = zu2 * x1;
        y = sqrt(g(x));
    }
    if (sgn0(u) != sgn0(y)) y = neg(y);
    return {x, y};
}

/// sum c[i] x^i (Horner).
template <class F>
F polynomial(const std::vector<F>& c, const F& x) {
    F acc = c.back();
    for (size_t i = c.size() - 1; i-- > 0;) acc = acc * x + c[i];
    return acc;
}

/// The isogeny's rational maps, coefficients from the constant term up (the denominators monic).
template <class F>
struct IsogenyMap {
    std::vector<F> x_num, x_den, y_num, y_den;
};

/// iso_map(x', y') = (x_num / x_den, y' y_num / y_den); false when a denominator is 0 (the point at infinity).
template <class F>
bool apply_isogeny(const IsogenyMap<F>& m, const std::pair<F, F>& p, F& x, F& y) {
    const F xd = polynomial(m.x_den, p.first), yd = polynomial(m.y_den, p.first);
    if (is_zero(xd) || is_zero(yd)) return false;
    x = polynomial(m.x_num, p.first) * inverse(xd);
    y = p.second * polynomial(m.y_num, p.first) * inverse(yd);
    return true;
}

template <size_t n>
std::vector<Fp> fp_list(const std::array<const char*, n>& hex) {
    std::vector<Fp> out;
    for (const char* h : hex) out.push_back({hex_mpz(h)});
    return out;
}

const IsogenyMap<Fp>& g1_isogeny() {
    static const IsogenyMap<Fp> m{fp_list(g1_iso_x_num), fp_list(g1_iso_x_den), fp_list(g1_iso_y_num),
                                  fp_list(g1_iso_y_den)};
    return m;
}

/// Fp2 constants written as (real, imaginary) hex pairs.
template <size_t n>
std::vector<Fp2> fp2_list(const std::array<std::array<const char*, 2>, n>& hex) {
    std::vector<Fp2> out;
    for (const auto& [re, im] : hex) out.push_back({hex_mpz(re), hex_mpz(im)});
    return out;
}

const IsogenyMap<Fp2>& g2_isogeny() {
    static const IsogenyMap<Fp2> m{fp2_list(g2_iso_x_num), fp2_list(g2_iso_x_den), fp2_list(g2_iso_y_num),
                                   fp2_list(g2_iso_y_den)};
    return m;
}

// ---- the pairing ----

/// The line through twisted points t and u (tangent if equal) at the G1 point p, scaled by w^3 (w^2 if vertical).
Fp12 line(const G2& t, const G2& u, const G1& p) {
    Fp12 f = Fp12::zero();
    if (t.x == u.x && !(t.y == u.y)) {  // vertical: (x_P - x' w^-2) w^2 = x_P w^2 - x'
        f[2] = p.x;
        add_scaled(f, neg(t.x), 0);
        return f;
    }
    // (m' w^-1 (x_P - x' w^-2) - (y_P - y' w^-3)) w^3 = (y' - m' x') + m' x_P w^2 - y_P w^3
    const Fp2 m = slope(t, u);
    add_scaled(f, t.y - m * t.x, 0);
    add_scaled(f, scale(m, p.x), 2);
    f[3] = mod(f[3] - p.y);
    return f;
}

}  // namespace

const pairing::PairingConstants& constants() {
    static const pairing::PairingConstants c{
        hex_mpz("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab"),
        hex_mpz("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"),
        hex_mpz("d201000000010000")};  // |x|
    return c;
}

const G1& g1_generator() {
    static const G1 g{hex_mpz("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af"
                              "00adb22c6bb"),
                      hex_mpz("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa2"
                              "32946c5e7e1"),
                      false};
    return g;
}

const G2& g2_generator() {
    static const G2 g{
        {hex_mpz("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
         hex_mpz("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")},
        {hex_mpz("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
         hex_mpz("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")},
        false};
    return g;
}

bool on_curve(const G1& a) { return a.infinity || mod(a.y * a.y) == mod(a.x * a.x * a.x + 4); }

bool on_curve(const G2& a) { return a.infinity || a.y * a.y == a.x * a.x * a.x + Fp2{4, 4}; }

bool in_subgroup(const G1& a) {
    static const mpz_class beta("793479390729215512621379701633421447060886740281060493010456487427281649075476305620"
                                "758731620350");
    static const mpz_class x2 = constants().loop_count * constants().loop_count;
    if (a.infinity) return true;
    const G1 phi{mod(beta * a.x), a.y, false};  // phi(P) = -(x^2 P)
    const G1 rhs = neg(pairing::mul(a, x2));
    return !rhs.infinity && phi.x == rhs.x && phi.y == rhs.y;
}

bool in_subgroup(const G2& a) {
    static const Fp2 r{0, mpz_class("400240955522166739262431043500668864393550311830558643827117139584297115748038137"
                                    "7015405980053539358417135540939437")};
    static const Fp2 s{mpz_class("297367740898656104344246534652010887917204288300924998917641501809142080719218263"
                                 "8567116318576472649347015917690530"),
                       mpz_class("102873214623510634997532447921579527738483993692975789615564311803261084329865522"
                                 "5875571310552543014690878354869257")};
    if (a.infinity) return true;
    const G2 psi{conj(a.x) * r, conj(a.y) * s, false};  // psi(P) + |x| P = 0
    const G2 rhs = neg(pairing::mul(a, constants().loop_count));
    return !rhs.infinity && psi.x == rhs.x && psi.y == rhs.y;
}

bool in_subgroup_by_order(const G1& a) { return pairing::mul(a, constants().r).infinity; }
bool in_subgroup_by_order(const G2& a) { return pairing::mul(a, constants().r).infinity; }

bool pairing_product_is_one(const std::vector<std::pair<G1, G2>>& pairs) {
    Fp12 f = Fp12::one();
    G2 r;
    for (const auto& [p, q] : pairs)
        if (!p.infinity && !q.infinity) f = f * pairing::miller_loop(q, p, constants().loop_count, r, line);
    return pow(f, constants().final_exponent) == Fp12::one();
}

G1 map_fp_to_g1(const mpz_class& u) {
    static const SwuCurve<Fp> e{
        {hex_mpz("144698a3b8e9433d693a02c96d4982b0ea985383ee66a8d8e8981aefd881ac98936f8da0e0f97f5cf428082d584c1d")},
        {hex_mpz("12e2908d11688030018b12e8753eee3b2016c1f0f24f4070a0b9c14fcef35ef55a23215a316ceaa5d1cc48e98e172be0")},
        {11},
        {1}};
    static const mpz_class h_eff = hex_mpz("d201000000010001");
    Fp x, y;
    if (!apply_isogeny(g1_isogeny(), map_to_curve_simple_swu(Fp{u}, e), x, y)) return {};
    return pairing::mul(G1{x.v, y.v, false}, h_eff);
}

G2 map_fp2_to_g2(const Fp2& u) {
    static const SwuCurve<Fp2> e{{0, 240}, {1012, 1012}, {mod(-2), mod(-1)}, {1, 0}};
    static const mpz_class h_eff = hex_mpz(
        "bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf015d1212b02ec0ec69d7477c1a"
        "e954cbc06689f6a359894c0adebbf6b4e8020005aaa95551");
    Fp2 x, y;
    if (!apply_isogeny(g2_isogeny(), map_to_curve_simple_swu(u, e), x, y)) return {};
    return pairing::mul(G2{x, y, false}, h_eff);
}

}  // namespace trellis::evm::precompiles::bls
