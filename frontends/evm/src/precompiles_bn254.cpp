/// @file precompiles_bn254.cpp
/// The alt_bn128 (BN254) precompiles: ECADD at 0x06 and ECMUL at 0x07 (EIP-196) and the pairing check at 0x08
/// (EIP-197), priced by EIP-196/197 from Byzantium and EIP-1108 from Istanbul.
///
/// G1 is y^2 = x^3 + 3 over Fp; G2 lives on the sextic twist y^2 = x^3 + 3/xi over Fp2 = Fp[i]/(i^2 + 1),
/// xi = 9 + i. The pairing is the optimal ate pairing computed in Fp12 = Fp[w]/(w^12 - 18 w^6 + 82), where
/// w^6 = xi: a twist point (x', y') maps to (x' w^2, y' w^3), so the point arithmetic of the Miller loop stays in
/// Fp2 and only the line values are written into Fp12. The final exponentiation is a plain power by
/// (p^12 - 1) / r. This favours clarity over speed (a pairing check costs milliseconds); the field, curve and Fp12
/// arithmetic it shares with BLS12-381 (GMP) is in pairing_math.hpp.
#include <gmpxx.h>

#include <algorithm>
#include <cstring>

#include "pairing_math.hpp"
#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

const pairing::PairingConstants& k() {
    static const pairing::PairingConstants c{
        mpz_class("21888242871839275222246405745257275088696311157297823662689037894645226208583", 10),
        mpz_class("21888242871839275222246405745257275088548364400416034343698204186575808495617", 10),
        mpz_class("29793968203157093288", 10)};  // 6u + 2 for the BN parameter u
    return c;
}

struct Bn254 {
    static const mpz_class& p() { return k().p; }
    static constexpr int xi_re = 9;  // xi = 9 + i
};
using G1 = pairing::G1<Bn254>;
using G2 = pairing::G2<Bn254>;
using Fp2 = pairing::Fp2<Bn254>;
using Fp12 = pairing::Fp12<Bn254>;

mpz_class mod(const mpz_class& a) { return pairing::mod<Bn254>(a); }

bool on_curve(const G1& a) { return a.infinity || mod(a.y * a.y - a.x * a.x * a.x - 3) == 0; }

const Fp2& twist_b() {  // 3 / (9 + i)
    static const Fp2 b = scale(inverse(Fp2{9, 1}), 3);
    return b;
}

bool on_curve(const G2& a) { return a.infinity || a.y * a.y == a.x * a.x * a.x + twist_b(); }

/// The p-power Frobenius map carried to the twist: (x, y) -> (conj(x) xi^((p-1)/3), conj(y) xi^((p-1)/2)).
G2 frobenius(const G2& a) {
    static const Fp2 gx = pow(Fp2{9, 1}, (k().p - 1) / 3);
    static const Fp2 gy = pow(Fp2{9, 1}, (k().p - 1) / 2);
    if (a.infinity) return a;
    G2 c;
    c.infinity = false;
    c.x = conj(a.x) * gx;
    c.y = conj(a.y) * gy;
    return c;
}

/// The line through the twisted points t and u (tangent if equal), evaluated at the G1 point p.
Fp12 line(const G2& t, const G2& u, const G1& p) {
    Fp12 f = Fp12::zero();
    if (t.x == u.x && !(t.y == u.y)) {  // vertical: x_P - x' w^2
        f[0] = p.x;
        add_scaled(f, neg(t.x), 2);
        return f;
    }
    // m w (x_P - x' w^2) - (y_P - y' w^3) = -y_P + m x_P w + (y' - m x') w^3, with m the twist slope.
    const Fp2 m = slope(t, u);
    f[0] = mod(-p.y);
    add_scaled(f, scale(m, p.x), 1);
    add_scaled(f, t.y - m * t.x, 3);
    return f;
}

/// The optimal ate Miller loop: the loop over 6u + 2, then the lines to Frobenius(q) and -Frobenius^2(q).
Fp12 miller_loop(const G2& q, const G1& p) {
    G2 r;
    Fp12 f = pairing::miller_loop(q, p, k().loop_count, r, line);
    const G2 q1 = frobenius(q);
    const G2 nq2 = neg(frobenius(q1));
    f = f * line(r, q1, p);
    r = add(r, q1);
    f = f * line(r, nq2, p);
    return f;
}

// ---- encoding ----

mpz_class read_fp(const uint8_t* p32) { return pairing::read_be(p32, 32); }

/// Decodes a G1 point (x, y; (0, 0) is infinity); false if a coordinate is >= p or the point is off the curve.
bool read_g1(const uint8_t* in, G1& out) {
    out.x = read_fp(in);
    out.y = read_fp(in + 32);
    if (out.x >= k().p || out.y >= k().p) return false;
    out.infinity = out.x == 0 && out.y == 0;
    return on_curve(out);
}

/// Decodes a G2 point (x_im, x_re, y_im, y_re; all zero is infinity); false if a coordinate is >= p, the point
/// is off the twist or outside the order-r subgroup.
bool read_g2(const uint8_t* in, G2& out) {
    out.x = {read_fp(in + 32), read_fp(in)};
    out.y = {read_fp(in + 96), read_fp(in + 64)};
    for (const mpz_class* c : {&out.x.a, &out.x.b, &out.y.a, &out.y.b})
        if (*c >= k().p) return false;
    out.infinity = is_zero(out.x) && is_zero(out.y);
    if (out.infinity) return true;
    return on_curve(out) && mul(out, k().r).infinity;
}

PrecompileResult g1_output(PrecompileResult r, const G1& a) {
    r.output.assign(64, 0);
    if (!a.infinity) {
        pairing::write_be(r.output.data(), 32, a.x);
        pairing::write_be(r.output.data() + 32, 32, a.y);
    }
    return r;
}

}  // namespace

PrecompileResult bn254_add(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept {
    PrecompileResult r = charge(gas, rev >= Revision::Istanbul ? 150 : 500);
    if (r.status != StatusCode::Success) return r;
    uint8_t in[128] = {};
    std::memcpy(in, input, std::min<size_t>(size, sizeof(in)));
    G1 a, b;
    if (!read_g1(in, a) || !read_g1(in + 64, b)) return failure();
    return g1_output(std::move(r), add(a, b));
}

PrecompileResult bn254_mul(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept {
    PrecompileResult r = charge(gas, rev >= Revision::Istanbul ? 6000 : 40000);
    if (r.status != StatusCode::Success) return r;
    uint8_t in[96] = {};
    std::memcpy(in, input, std::min<size_t>(size, sizeof(in)));
    G1 a;
    if (!read_g1(in, a)) return failure();
    return g1_output(std::move(r), mul(a, read_fp(in + 64)));
}

PrecompileResult bn254_pairing(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept {
    if (size % 192 != 0) return failure();
    const int64_t pairs = static_cast<int64_t>(size / 192);
    const bool istanbul = rev >= Revision::Istanbul;
    const int64_t per_pair = istanbul ? 34000 : 80000;
    if (pairs > (gas / per_pair) + 1) return failure(StatusCode::OutOfGas);  // no overflow below
    PrecompileResult r = charge(gas, (istanbul ? 45000 : 100000) + per_pair * pairs);
    if (r.status != StatusCode::Success) return r;
    Fp12 f = Fp12::one();
    for (int64_t i = 0; i < pairs; ++i) {
        G1 p;
        G2 q;
        if (!read_g1(input + 192 * i, p) || !read_g2(input + 192 * i + 64, q)) return failure();
        if (p.infinity || q.infinity) continue;  // e(O, Q) = e(P, O) = 1
        f = f * miller_loop(q, p);
    }
    const bool is_one = pow(f, k().final_exponent) == Fp12::one();
    r.output.assign(32, 0);
    r.output[31] = is_one ? 1 : 0;
    return r;
}

}  // namespace trellis::evm::precompiles
