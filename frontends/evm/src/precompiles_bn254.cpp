/// @file precompiles_bn254.cpp
/// The alt_bn128 (BN254) precompiles: ECADD at 0x06 and ECMUL at 0x07 (EIP-196) and the pairing check at 0x08
/// (EIP-197), priced by EIP-196/197 from Byzantium and EIP-1108 from Istanbul.
///
/// G1 is y^2 = x^3 + 3 over Fp; G2 lives on the sextic twist y^2 = x^3 + 3/xi over Fp2 = Fp[i]/(i^2 + 1),
/// xi = 9 + i. The pairing is the optimal ate pairing computed in Fp12 = Fp[w]/(w^12 - 18 w^6 + 82), where
/// w^6 = xi: a twist point (x', y') maps to (x' w^2, y' w^3), so the point arithmetic of the Miller loop stays in
/// Fp2 and only the line values are written into Fp12. The final exponentiation is a plain power by
/// (p^12 - 1) / r. This favours clarity over speed (a pairing check costs milliseconds); field arithmetic is GMP.
#include <gmpxx.h>

#include <array>
#include <cstring>

#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

struct Constants {
    mpz_class p{"21888242871839275222246405745257275088696311157297823662689037894645226208583", 10};
    mpz_class r{"21888242871839275222246405745257275088548364400416034343698204186575808495617", 10};
    mpz_class ate_loop_count{"29793968203157093288", 10};  // 6u + 2 for the BN parameter u
    mpz_class final_exponent;                              // (p^12 - 1) / r
    Constants() {
        mpz_class p12;
        mpz_pow_ui(p12.get_mpz_t(), p.get_mpz_t(), 12);
        final_exponent = (p12 - 1) / r;
    }
};
const Constants& k() {
    static const Constants c;
    return c;
}

mpz_class mod(const mpz_class& a) {
    mpz_class r;
    mpz_mod(r.get_mpz_t(), a.get_mpz_t(), k().p.get_mpz_t());
    return r;
}
mpz_class inv(const mpz_class& a) {
    mpz_class r;
    mpz_invert(r.get_mpz_t(), a.get_mpz_t(), k().p.get_mpz_t());
    return r;
}

// ---- G1 over Fp (affine; `infinity` flags the point at infinity) ----

struct G1 {
    mpz_class x, y;
    bool infinity = true;
};

bool on_curve(const G1& a) { return a.infinity || mod(a.y * a.y - a.x * a.x * a.x - 3) == 0; }

G1 add(const G1& a, const G1& b) {
    if (a.infinity) return b;
    if (b.infinity) return a;
    mpz_class m;
    if (a.x == b.x) {
        if (mod(a.y + b.y) == 0) return {};
        m = mod(3 * a.x * a.x * inv(2 * a.y));
    } else {
        m = mod((b.y - a.y) * inv(mod(b.x - a.x)));
    }
    G1 c;
    c.infinity = false;
    c.x = mod(m * m - a.x - b.x);
    c.y = mod(m * (a.x - c.x) - a.y);
    return c;
}

G1 mul(const G1& a, const mpz_class& s) {
    G1 acc;
    for (long i = static_cast<long>(mpz_sizeinbase(s.get_mpz_t(), 2)) - 1; i >= 0 && s != 0; --i) {
        acc = add(acc, acc);
        if (mpz_tstbit(s.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) acc = add(acc, a);
    }
    return acc;
}

// ---- Fp2 = Fp[i] / (i^2 + 1) ----

struct Fp2 {
    mpz_class a, b;  // a + b i
};
Fp2 operator+(const Fp2& x, const Fp2& y) { return {mod(x.a + y.a), mod(x.b + y.b)}; }
Fp2 operator-(const Fp2& x, const Fp2& y) { return {mod(x.a - y.a), mod(x.b - y.b)}; }
Fp2 operator*(const Fp2& x, const Fp2& y) { return {mod(x.a * y.a - x.b * y.b), mod(x.a * y.b + x.b * y.a)}; }
Fp2 scale(const Fp2& x, const mpz_class& s) { return {mod(x.a * s), mod(x.b * s)}; }
Fp2 conj(const Fp2& x) { return {x.a, mod(-x.b)}; }
Fp2 neg(const Fp2& x) { return {mod(-x.a), mod(-x.b)}; }
Fp2 inverse(const Fp2& x) {
    const mpz_class n = inv(mod(x.a * x.a + x.b * x.b));
    return {mod(x.a * n), mod(-x.b * n)};
}
bool operator==(const Fp2& x, const Fp2& y) { return x.a == y.a && x.b == y.b; }
bool is_zero(const Fp2& x) { return x.a == 0 && x.b == 0; }
Fp2 pow(Fp2 base, const mpz_class& e) {
    Fp2 acc{1, 0};
    for (long i = static_cast<long>(mpz_sizeinbase(e.get_mpz_t(), 2)) - 1; i >= 0; --i) {
        acc = acc * acc;
        if (mpz_tstbit(e.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) acc = acc * base;
    }
    return acc;
}

const Fp2& twist_b() {  // 3 / (9 + i)
    static const Fp2 b = scale(inverse(Fp2{9, 1}), 3);
    return b;
}

// ---- G2 on the twist over Fp2 (affine) ----

struct G2 {
    Fp2 x, y;
    bool infinity = true;
};

bool on_curve(const G2& a) { return a.infinity || a.y * a.y == a.x * a.x * a.x + twist_b(); }

/// Slope of the chord through a and b, or of the tangent at a when a == b (neither at infinity, not vertical).
Fp2 slope(const G2& a, const G2& b) {
    if (a.x == b.x) return scale(a.x * a.x, 3) * inverse(scale(a.y, 2));
    return (b.y - a.y) * inverse(b.x - a.x);
}

G2 add(const G2& a, const G2& b) {
    if (a.infinity) return b;
    if (b.infinity) return a;
    if (a.x == b.x && !(a.y == b.y)) return {};  // a == -b
    if (a.x == b.x && is_zero(a.y)) return {};
    const Fp2 m = slope(a, b);
    G2 c;
    c.infinity = false;
    c.x = m * m - a.x - b.x;
    c.y = m * (a.x - c.x) - a.y;
    return c;
}

G2 mul(const G2& a, const mpz_class& s) {
    G2 acc;
    for (long i = static_cast<long>(mpz_sizeinbase(s.get_mpz_t(), 2)) - 1; i >= 0 && s != 0; --i) {
        acc = add(acc, acc);
        if (mpz_tstbit(s.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) acc = add(acc, a);
    }
    return acc;
}

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

// ---- Fp12 = Fp[w] / (w^12 - 18 w^6 + 82) ----

using Fp12 = std::array<mpz_class, 12>;

Fp12 one12() {
    Fp12 f;
    for (auto& c : f) c = 0;
    f[0] = 1;
    return f;
}

Fp12 operator*(const Fp12& x, const Fp12& y) {
    std::array<mpz_class, 23> t;
    for (auto& c : t) c = 0;
    for (int i = 0; i < 12; ++i) {
        if (x[i] == 0) continue;
        for (int j = 0; j < 12; ++j) t[i + j] += x[i] * y[j];
    }
    for (int d = 22; d >= 12; --d) {  // w^12 = 18 w^6 - 82
        if (t[d] == 0) continue;
        t[d - 6] += 18 * t[d];
        t[d - 12] -= 82 * t[d];
    }
    Fp12 out;
    for (int i = 0; i < 12; ++i) out[i] = mod(t[i]);
    return out;
}

/// Adds the Fp2 element v times w^e (e <= 5) to f: a + b i = (a - 9 b) + b w^6.
void add_scaled(Fp12& f, const Fp2& v, int e) {
    f[e] = mod(f[e] + v.a - 9 * v.b);
    f[e + 6] = mod(f[e + 6] + v.b);
}

/// The line through the twisted points t and u (tangent if equal), evaluated at the G1 point p.
Fp12 line(const G2& t, const G2& u, const G1& p) {
    Fp12 f;
    for (auto& c : f) c = 0;
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

Fp12 miller_loop(const G2& q, const G1& p) {
    const mpz_class& n = k().ate_loop_count;
    G2 r = q;
    Fp12 f = one12();
    for (long i = static_cast<long>(mpz_sizeinbase(n.get_mpz_t(), 2)) - 2; i >= 0; --i) {
        f = f * f * line(r, r, p);
        r = add(r, r);
        if (mpz_tstbit(n.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) {
            f = f * line(r, q, p);
            r = add(r, q);
        }
    }
    const G2 q1 = frobenius(q);
    G2 nq2 = frobenius(q1);
    nq2.y = neg(nq2.y);
    f = f * line(r, q1, p);
    r = add(r, q1);
    f = f * line(r, nq2, p);
    return f;
}

Fp12 pow12(const Fp12& base, const mpz_class& e) {
    Fp12 acc = one12();
    for (long i = static_cast<long>(mpz_sizeinbase(e.get_mpz_t(), 2)) - 1; i >= 0; --i) {
        acc = acc * acc;
        if (mpz_tstbit(e.get_mpz_t(), static_cast<mp_bitcnt_t>(i))) acc = acc * base;
    }
    return acc;
}

// ---- encoding ----

mpz_class read_fp(const uint8_t* p32) {
    mpz_class v;
    mpz_import(v.get_mpz_t(), 32, 1, 1, 1, 0, p32);
    return v;
}

void write_fp(uint8_t* out32, const mpz_class& v) {
    std::memset(out32, 0, 32);
    if (v == 0) return;
    const size_t n = (mpz_sizeinbase(v.get_mpz_t(), 2) + 7) / 8;
    size_t written = 0;
    mpz_export(out32 + (32 - n), &written, 1, 1, 1, 0, v.get_mpz_t());
}

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
        write_fp(r.output.data(), a.x);
        write_fp(r.output.data() + 32, a.y);
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
    Fp12 f = one12();
    for (int64_t i = 0; i < pairs; ++i) {
        G1 p;
        G2 q;
        if (!read_g1(input + 192 * i, p) || !read_g2(input + 192 * i + 64, q)) return failure();
        if (p.infinity || q.infinity) continue;  // e(O, Q) = e(P, O) = 1
        f = f * miller_loop(q, p);
    }
    const bool is_one = pow12(f, k().final_exponent) == one12();
    r.output.assign(32, 0);
    r.output[31] = is_one ? 1 : 0;
    return r;
}

}  // namespace trellis::evm::precompiles
