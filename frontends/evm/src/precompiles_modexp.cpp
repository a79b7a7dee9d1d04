/// @file precompiles_modexp.cpp
/// The MODEXP precompile at 0x05: BASE^EXP mod MOD on big-endian byte strings (EIP-198), priced by EIP-198
/// before Berlin, EIP-2565 from Berlin and EIP-7883 from Osaka, with EIP-7823's 1024-byte input limits from
/// Osaka. The three length fields are 256-bit words: the price is computed from them (saturating) before any
/// operand is read, and operands are read only as far as the call data reaches (the rest is implicit zeros),
/// so huge lengths neither overflow nor allocate. Since MOD comes last, a non-zero MOD implies BASE and EXP lie
/// wholly inside the call data. Arithmetic by GMP.
#include <gmp.h>

#include <algorithm>
#include <cstring>

#include "precompiles_internal.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm::precompiles {

namespace {

using u128 = unsigned __int128;

/// Largest modulus (and so output) Trellis allocates: 32 MiB. Only reachable with a gas budget far beyond any
/// block (about 10^13 gas under EIP-198); a larger one fails instead of exhausting memory.
constexpr uint64_t max_output_bytes = uint64_t{1} << 25;

/// The part of the call data covering [offset, offset + length): pointer and byte count (0 if beyond the end).
struct Span {
    const uint8_t* data = nullptr;
    size_t size = 0;
};
Span present(const uint8_t* input, size_t size, u128 offset, u128 length) noexcept {
    if (offset >= size) return {};
    const u128 avail = size - offset;
    return {input + static_cast<size_t>(offset), static_cast<size_t>(std::min(avail, length))};
}

/// 32-byte big-endian word at `offset` of the zero-padded call data.
uint256 word_at(const uint8_t* input, size_t size, u128 offset) noexcept {
    const Span s = present(input, size, offset, 32);
    uint8_t buf[32] = {};
    if (s.size != 0) std::memcpy(buf, s.data, s.size);
    return load_be(buf);
}

/// The gas price, saturated at 2^64 (more than any gas budget). `exp_head` is the first min(32, elen) bytes of
/// the exponent as an integer.
uint256 modexp_price(const uint256& blen, const uint256& elen, const uint256& mlen, const uint256& exp_head,
                     Revision rev) noexcept {
    const uint256 saturated = uint256(0, 1, 0, 0);
    const uint256 max_len = blen > mlen ? blen : mlen;
    const bool osaka = rev >= Revision::Osaka;

    // Multiplication complexity.
    uint256 complexity;
    if (rev < Revision::Berlin) {  // EIP-198
        if (max_len > uint256(uint64_t{1} << 32)) return saturated;
        const uint256 x = max_len;
        if (x <= 64)
            complexity = x * x;
        else if (x <= 1024)
            complexity = x * x / 4 + x * 96 - 3072;
        else
            complexity = x * x / 16 + x * 480 - 199680;
    } else {  // EIP-2565 / EIP-7883
        if (max_len > uint256(uint64_t{1} << 32)) return saturated;
        const uint256 words = (max_len + 7) / 8;
        complexity = osaka ? (max_len <= 32 ? uint256(16) : words * words * 2) : words * words;
    }

    // Iteration count (EIP-198's ADJUSTED_EXPONENT_LENGTH); 16 per byte beyond 32 from Osaka (EIP-7883).
    const unsigned head_bits = 256 - clz(exp_head);
    const uint256 head_index = head_bits == 0 ? uint256(0) : uint256(head_bits - 1);
    uint256 iterations;
    if (elen <= 32) {
        iterations = head_index;
    } else {
        if (!elen.fits_u64()) {
            iterations = saturated;  // only matters when complexity != 0
        } else {
            iterations = (elen - 32) * (osaka ? 16 : 8) + head_index;
        }
    }
    if (iterations < 1) iterations = 1;
    if (!complexity) iterations = 1;  // 0 * anything: avoid multiplying a saturated count
    if (iterations > saturated) iterations = saturated;

    const uint256 product = complexity * iterations;  // < 2^64 * 2^64: exact
    uint256 price;
    if (rev < Revision::Berlin)
        price = product / 20;
    else if (!osaka)
        price = std::max(uint256(200), product / 3, [](const uint256& a, const uint256& b) { return a < b; });
    else
        price = std::max(uint256(500), product, [](const uint256& a, const uint256& b) { return a < b; });
    return price > saturated ? saturated : price;
}

/// Imports big-endian bytes into `z`.
void import_be(mpz_t z, const uint8_t* data, size_t size) noexcept {
    if (size == 0)
        mpz_set_ui(z, 0);
    else
        mpz_import(z, size, 1, 1, 1, 0, data);
}

}  // namespace

PrecompileResult modexp(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept {
    const uint256 blen = word_at(input, size, 0);
    const uint256 elen = word_at(input, size, 32);
    const uint256 mlen = word_at(input, size, 64);
    if (rev >= Revision::Osaka && (blen > 1024 || elen > 1024 || mlen > 1024)) return failure();  // EIP-7823

    // The exponent's first 32 bytes start after the base; past 2^64 bytes they are implicit zeros.
    uint256 exp_head;
    if (blen.fits_u64() && elen) {
        const uint64_t head_len = elen < 32 ? elen.w[0] : 32;
        const Span s = present(input, size, u128{96} + blen.w[0], head_len);
        uint8_t buf[32] = {};
        if (s.size != 0) std::memcpy(buf, s.data, s.size);  // left-aligned in head_len bytes
        exp_head = load_be_partial(buf, head_len);
    }
    const uint256 price = modexp_price(blen, elen, mlen, exp_head, rev);
    if (!price.fits_u64() || price.w[0] > static_cast<uint64_t>(gas)) return failure(StatusCode::OutOfGas);
    PrecompileResult r = charge(gas, static_cast<int64_t>(price.w[0]));
    if (!mlen) return r;  // empty output
    // A non-zero price bounds blen and mlen by 2^32 and elen by 2^64 (else it saturated above).
    if (mlen.w[0] > max_output_bytes) return failure();
    const uint64_t bl = blen.w[0], el = elen.w[0], ml = mlen.w[0];
    const Span b = present(input, size, 96, bl);
    const Span e = present(input, size, u128{96} + bl, el);
    const Span m = present(input, size, u128{96} + bl + el, ml);

    r.output.assign(ml, 0);
    mpz_t base, exponent, mod, result;
    mpz_inits(base, exponent, mod, result, nullptr);
    // MOD = its present bytes followed by (ml - present) implicit zero bytes.
    import_be(mod, m.data, m.size);
    mpz_mul_2exp(mod, mod, 8 * (ml - m.size));
    // A non-zero MOD has a byte inside the call data, and MOD comes last: BASE and EXP are then complete.
    if (mpz_sgn(mod) != 0) {
        import_be(base, b.data, b.size);
        import_be(exponent, e.data, e.size);
        mpz_powm(result, base, exponent, mod);
        // Export right-aligned into ml bytes (result < MOD, so it fits).
        if (mpz_sgn(result) != 0) {
            const size_t bytes = (mpz_sizeinbase(result, 2) + 7) / 8;
            size_t written = 0;
            mpz_export(r.output.data() + (ml - bytes), &written, 1, 1, 1, 0, result);
        }
    }
    mpz_clears(base, exponent, mod, result, nullptr);
    return r;
}

}  // namespace trellis::evm::precompiles
