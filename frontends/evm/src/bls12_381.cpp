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

std::vector<Fp> fp_list(std::initializer_list<const char*> hex) {
    std::vector<Fp> out;
    for (const char* h : hex) out.push_back({hex_mpz(h)});
    return out;
}

const IsogenyMap<Fp>& g1_isogeny() {
    static const IsogenyMap<Fp> m{
        fp_list({"11a05f2b1e833340b809101dd99815856b303e88a2d7005ff2627b56cdb4e2c85610c2d5f2e62d6eaeac1662734649b7",
                 "17294ed3e943ab2f0588bab22147a81c7c17e75b2f6a8417f565e33c70d1e86b4838f2a6f318c356e834eef1b3cb83bb",
                 "d54005db97678ec1d1048c5d10a9a1bce032473295983e56878e501ec68e25c958c3e3d2a09729fe0179f9dac9edcb0",
                 "1778e7166fcc6db74e0609d307e55412d7f5e4656a8dbf25f1b33289f1b330835336e25ce3107193c5b388641d9b6861",
                 "e99726a3199f4436642b4b3e4118e5499db995a1257fb3f086eeb65982fac18985a286f301e77c451154ce9ac8895d9",
                 "1630c3250d7313ff01d1201bf7a74ab5db3cb17dd952799b9ed3ab9097e68f90a0870d2dcae73d19cd13c1c66f652983",
                 "d6ed6553fe44d296a3726c38ae652bfb11586264f0f8ce19008e218f9c86b2a8da25128c1052ecaddd7f225a139ed84",
                 "17b81e7701abdbe2e8743884d1117e53356de5ab275b4db1a682c62ef0f2753339b7c8f8c8f475af9ccb5618e3f0c88e",
                 "80d3cf1f9a78fc47b90b33563be990dc43b756ce79f5574a2c596c928c5d1de4fa295f296b74e956d71986a8497e317",
                 "169b1f8e1bcfa7c42e0c37515d138f22dd2ecb803a0c5c99676314baf4bb1b7fa3190b2edc0327797f241067be390c9e",
                 "10321da079ce07e272d8ec09d2565b0dfa7dccdde6787f96d50af36003b14866f69b771f8c285decca67df3f1605fb7b",
                 "6e08c248e260e70bd1e962381edee3d31d79d7e22c837bc23c0bf1bc24c6b68c24b1b80b64d391fa9c8ba2e8ba2d229"}),
        fp_list({"8ca8d548cff19ae18b2e62f4bd3fa6f01d5ef4ba35b48ba9c9588617fc8ac62b558d681be343df8993cf9fa40d21b1c",
                 "12561a5deb559c4348b4711298e536367041e8ca0cf0800c0126c2588c48bf5713daa8846cb026e9e5c8276ec82b3bff",
                 "b2962fe57a3225e8137e629bff2991f6f89416f5a718cd1fca64e00b11aceacd6a3d0967c94fedcfcc239ba5cb83e19",
                 "3425581a58ae2fec83aafef7c40eb545b08243f16b1655154cca8abc28d6fd04976d5243eecf5c4130de8938dc62cd8",
                 "13a8e162022914a80a6f1d5f43e7a07dffdfc759a12062bb8d6b44e833b306da9bd29ba81f35781d539d395b3532a21e",
                 "e7355f8e4e667b955390f7f0506c6e9395735e9ce9cad4d0a43bcef24b8982f7400d24bc4228f11c02df9a29f6304a5",
                 "772caacf16936190f3e0c63e0596721570f5799af53a1894e2e073062aede9cea73b3538f0de06cec2574496ee84a3a",
                 "14a7ac2a9d64a8b230b3f5b074cf01996e7f63c21bca68a81996e1cdf9822c580fa5b9489d11e2d311f7d99bbdcc5a5e",
                 "a10ecf6ada54f825e920b3dafc7a3cce07f8d1d7161366b74100da67f39883503826692abba43704776ec3a79a1d641",
                 "95fc13ab9e92ad4476d6e3eb3a56680f682b4ee96f7d03776df533978f31c1593174e4b4b7865002d6384d168ecdd0a",
                 "1"}),
        fp_list({"90d97c81ba24ee0259d1f094980dcfa11ad138e48a869522b52af6c956543d3cd0c7aee9b3ba3c2be9845719707bb33",
                 "134996a104ee5811d51036d776fb46831223e96c254f383d0f906343eb67ad34d6c56711962fa8bfe097e75a2e41c696",
                 "cc786baa966e66f4a384c86a3b49942552e2d658a31ce2c344be4b91400da7d26d521628b00523b8dfe240c72de1f6",
                 "1f86376e8981c217898751ad8746757d42aa7b90eeb791c09e4a3ec03251cf9de405aba9ec61deca6355c77b0e5f4cb",
                 "8cc03fdefe0ff135caf4fe2a21529c4195536fbe3ce50b879833fd221351adc2ee7f8dc099040a841b6daecf2e8fedb",
                 "16603fca40634b6a2211e11db8f0a6a074a7d0d4afadb7bd76505c3d3ad5544e203f6326c95a807299b23ab13633a5f0",
                 "4ab0b9bcfac1bbcb2c977d027796b3ce75bb8ca2be184cb5231413c4d634f3747a87ac2460f415ec961f8855fe9d6f2",
                 "987c8d5333ab86fde9926bd2ca6c674170a05bfe3bdd81ffd038da6c26c842642f64550fedfe935a15e4ca31870fb29",
                 "9fc4018bd96684be88c9e221e4da1bb8f3abd16679dc26c1e8b6e6a1f20cabe69d65201c78607a360370e577bdba587",
                 "e1bba7a1186bdb5223abde7ada14a23c42a0ca7915af6fe06985e7ed1e4d43b9b3f7055dd4eba6f2bafaaebca731c30",
                 "19713e47937cd1be0dfd0b8f1d43fb93cd2fcbcb6caf493fd1183e416389e61031bf3a5cce3fbafce813711ad011c132",
                 "18b46a908f36f6deb918c143fed2edcc523559b8aaf0c2462e6bfe7f911f643249d9cdf41b44d606ce07c8a4d0074d8e",
                 "b182cac101b9399d155096004f53f447aa7b12a3426b08ec02710e807b4633f06c851c1919211f20d4c04f00b971ef8",
                 "245a394ad1eca9b72fc00ae7be315dc757b3b080d4c158013e6632d3c40659cc6cf90ad1c232a6442d9d3f5db980133",
                 "5c129645e44cf1102a159f748c4a3fc5e673d81d7e86568d9ab0f5d396a7ce46ba1049b6579afb7866b1e715475224b",
                 "15e6be4e990f03ce4ea50b3b42df2eb5cb181d8f84965a3957add4fa95af01b2b665027efec01c7704b456be69c8b604"}),
        fp_list({"16112c4c3a9c98b252181140fad0eae9601a6de578980be6eec3232b5be72e7a07f3688ef60c206d01479253b03663c1",
                 "1962d75c2381201e1a0cbd6c43c348b885c84ff731c4d59ca4a10356f453e01f78a4260763529e3532f6102c2e49a03d",
                 "58df3306640da276faaae7d6e8eb15778c4855551ae7f310c35a5dd279cd2eca6757cd636f96f891e2538b53dbf67f2",
                 "16b7d288798e5395f20d23bf89edb4d1d115c5dbddbcd30e123da489e726af41727364f2c28297ada8d26d98445f5416",
                 "be0e079545f43e4b00cc912f8228ddcc6d19c9f0f69bbb0542eda0fc9dec916a20b15dc0fd2ededda39142311a5001d",
                 "8d9e5297186db2d9fb266eaac783182b70152c65550d881c5ecd87b6f0f5a6449f38db9dfa9cce202c6477faaf9b7ac",
                 "166007c08a99db2fc3ba8734ace9824b5eecfdfa8d0cf8ef5dd365bc400a0051d5fa9c01a58b1fb93d1a1399126a775c",
                 "16a3ef08be3ea7ea03bcddfabba6ff6ee5a4375efa1f4fd7feb34fd206357132b920f5b00801dee460ee415a15812ed9",
                 "1866c8ed336c61231a1be54fd1d74cc4f9fb0ce4c6af5920abc5750c4bf39b4852cfe2f7bb9248836b233d9d55535d4a",
                 "167a55cda70a6e1cea820597d94a84903216f763e13d87bb5308592e7ea7d4fbc7385ea3d529b35e346ef48bb8913f55",
                 "4d2f259eea405bd48f010a01ad2911d9c6dd039bb61a6290e591b36e636a5c871a5c29f4f83060400f8b49cba8f6aa8",
                 "accbb67481d033ff5852c1e48c50c477f94ff8aefce42d28c0f9a88cea7913516f968986f7ebbea9684b529e2561092",
                 "ad6b9514c767fe3c3613144b45f1496543346d98adf02267d5ceef9a00d9b8693000763e3b90ac11e99b138573345cc",
                 "2660400eb2e4f3b628bdd0d53cd76f2bf565b94e72927c1cb748df27942480e420517bd8714cc80d1fadc1326ed06f7",
                 "e0fa1d816ddc03e6b24255e0d7819c171c40f65e273b853324efcd6356caa205ca2f570f13497804415473a1d634b8f",
                 "1"})};
    return m;
}

/// Fp2 constants written as (real, imaginary) hex pairs; "0" for a zero part.
std::vector<Fp2> fp2_list(std::initializer_list<std::pair<const char*, const char*>> hex) {
    std::vector<Fp2> out;
    for (const auto& [re, im] : hex) out.push_back({hex_mpz(re), hex_mpz(im)});
    return out;
}

const IsogenyMap<Fp2>& g2_isogeny() {
    static const char* k10 = "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6";
    static const char* k30 = "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706";
    static const char* k40 = "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb";
    static const IsogenyMap<Fp2> m{
        fp2_list({{k10, k10},
                  {"0", "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a"},
                  {"11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e",
                   "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d"},
                  {"171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1", "0"}}),
        fp2_list({{"0", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63"},
                  {"c", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f"},
                  {"1", "0"}}),
        fp2_list({{k30, k30},
                  {"0", "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be"},
                  {"11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c",
                   "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f"},
                  {"124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10", "0"}}),
        fp2_list({{k40, k40},
                  {"0", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3"},
                  {"12", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99"},
                  {"1", "0"}})};
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
