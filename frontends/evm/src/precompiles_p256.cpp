/// @file precompiles_p256.cpp
/// The P256VERIFY precompile at 0x100 (EIP-7951, Osaka): ECDSA signature verification on secp256r1 (NIST P-256,
/// SEC 2 section 2.4.2) through OpenSSL's elliptic-curve arithmetic.
///
/// Input: 160 bytes, hash h | r | s | qx | qy, each 32 bytes big-endian. 6900 gas, charged whatever the input.
/// Output: 32 bytes holding 1 when the signature verifies; otherwise empty output (the call still succeeds and
/// the gas is spent). Checks, in the EIP's order: the length is exactly 160; 0 < r < n and 0 < s < n;
/// 0 <= qx, qy < p, and (qx, qy) lies on y^2 = x^3 + a x + b and is not the point at infinity (0, 0 encodes it);
/// then R' = (h s^-1) G + (r s^-1) Q must not be infinity and its x-coordinate mod n must equal r. The hash is
/// used as a number as is (no truncation: n has 256 bits).
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <memory>

#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

constexpr int64_t p256verify_gas = 6900;  // EIP-7951 as adopted (the vectors' 3450 is an earlier draft's price)

struct BnCtxFree {
    void operator()(BN_CTX* c) const noexcept { BN_CTX_free(c); }
};
struct PointFree {
    void operator()(EC_POINT* p) const noexcept { EC_POINT_free(p); }
};

/// The secp256r1 group, its order n and field prime p, built once (OpenSSL's groups are immutable and may be
/// shared between threads once built).
struct P256 {
    EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    BIGNUM* n = BN_new();
    BIGNUM* p = BN_new();
    P256() noexcept {
        if (group != nullptr) {
            BN_copy(n, EC_GROUP_get0_order(group));
            EC_GROUP_get_curve(group, p, nullptr, nullptr, nullptr);
        }
    }
};

const P256& curve() noexcept {
    static const P256 c;
    return c;
}

/// True if the 160-byte input holds a signature that verifies under EIP-7951's rules; false for every invalid
/// input and on any OpenSSL failure (allocation).
bool verify(const uint8_t* in) noexcept {
    const P256& c = curve();
    if (c.group == nullptr) return false;
    std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new());
    if (!ctx) return false;
    BN_CTX_start(ctx.get());
    BIGNUM* h = BN_CTX_get(ctx.get());
    BIGNUM* r = BN_CTX_get(ctx.get());
    BIGNUM* s = BN_CTX_get(ctx.get());
    BIGNUM* qx = BN_CTX_get(ctx.get());
    BIGNUM* qy = BN_CTX_get(ctx.get());
    BIGNUM* w = BN_CTX_get(ctx.get());
    BIGNUM* u1 = BN_CTX_get(ctx.get());
    BIGNUM* u2 = BN_CTX_get(ctx.get());
    BIGNUM* rx = BN_CTX_get(ctx.get());
    bool ok = rx != nullptr;
    ok = ok && BN_bin2bn(in, 32, h) && BN_bin2bn(in + 32, 32, r) && BN_bin2bn(in + 64, 32, s) &&
         BN_bin2bn(in + 96, 32, qx) && BN_bin2bn(in + 128, 32, qy);
    // Signature bounds: 0 < r, s < n.
    ok = ok && !BN_is_zero(r) && BN_cmp(r, c.n) < 0 && !BN_is_zero(s) && BN_cmp(s, c.n) < 0;
    // Public key: coordinates below p, not (0, 0), on the curve.
    ok = ok && BN_cmp(qx, c.p) < 0 && BN_cmp(qy, c.p) < 0 && !(BN_is_zero(qx) && BN_is_zero(qy));
    std::unique_ptr<EC_POINT, PointFree> q(ok ? EC_POINT_new(c.group) : nullptr);
    ok = ok && q && EC_POINT_set_affine_coordinates(c.group, q.get(), qx, qy, ctx.get()) == 1 &&
         EC_POINT_is_on_curve(c.group, q.get(), ctx.get()) == 1;
    // u1 = h / s, u2 = r / s (mod n); R' = u1 G + u2 Q.
    ok = ok && BN_mod_inverse(w, s, c.n, ctx.get()) != nullptr && BN_mod_mul(u1, h, w, c.n, ctx.get()) &&
         BN_mod_mul(u2, r, w, c.n, ctx.get());
    std::unique_ptr<EC_POINT, PointFree> rp(ok ? EC_POINT_new(c.group) : nullptr);
    ok = ok && rp && EC_POINT_mul(c.group, rp.get(), u1, q.get(), u2, ctx.get()) == 1 &&
         EC_POINT_is_at_infinity(c.group, rp.get()) == 0 &&
         EC_POINT_get_affine_coordinates(c.group, rp.get(), rx, nullptr, ctx.get()) == 1 &&
         BN_nnmod(rx, rx, c.n, ctx.get()) && BN_cmp(rx, r) == 0;
    BN_CTX_end(ctx.get());
    return ok;
}

}  // namespace

PrecompileResult p256verify(const uint8_t* input, size_t size, int64_t gas) noexcept {
    PrecompileResult result = charge(gas, p256verify_gas);
    if (result.status != StatusCode::Success) return result;
    if (size == 160 && verify(input)) {
        result.output.assign(32, 0);
        result.output[31] = 1;
    }
    return result;
}

}  // namespace trellis::evm::precompiles
