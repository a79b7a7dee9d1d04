/// @file precompiles_internal.hpp
/// Private interface between the precompile dispatcher (precompiles.cpp) and the files implementing each
/// precompile (precompiles_hash.cpp, precompiles_modexp.cpp, blake2f.cpp, precompiles_p256.cpp, ...). Not installed.
#pragma once
#include <cstddef>
#include <cstdint>

#include "trellis/evm/precompiles.hpp"

namespace trellis::evm::precompiles {

/// Number of 32-byte words covering `size` bytes (the per-word unit of the hash precompiles' gas).
inline int64_t num_words(size_t size) noexcept { return static_cast<int64_t>((size + 31) / 32); }

/// All gas consumed with the given failure status.
inline PrecompileResult failure(StatusCode status = StatusCode::PrecompileFailure) noexcept {
    PrecompileResult r;
    r.status = status;
    r.gas_left = 0;
    return r;
}

/// Success with `gas - cost` left, or OutOfGas if cost > gas.
inline PrecompileResult charge(int64_t gas, int64_t cost) noexcept {
    if (cost > gas) return failure(StatusCode::OutOfGas);
    PrecompileResult r;
    r.gas_left = gas - cost;
    return r;
}

/// 0x01 ECRECOVER (Yellow Paper appendix E): 3000 gas; 32 bytes (address right-aligned) or empty if invalid.
PrecompileResult ecrecover(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x02 SHA2-256: 60 + 12 per word.
PrecompileResult sha256(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x03 RIPEMD-160: 600 + 120 per word; the 20-byte digest right-aligned in 32 bytes.
PrecompileResult ripemd160(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x04 IDENTITY: 15 + 3 per word; returns the input.
PrecompileResult identity(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x05 MODEXP (EIP-198, EIP-2565, EIP-7823, EIP-7883).
PrecompileResult modexp(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept;
/// 0x06 ECADD on alt_bn128 (EIP-196): 500 gas, 150 from Istanbul (EIP-1108); invalid points fail.
PrecompileResult bn254_add(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept;
/// 0x07 ECMUL on alt_bn128 (EIP-196): 40000 gas, 6000 from Istanbul (EIP-1108); invalid points fail.
PrecompileResult bn254_mul(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept;
/// 0x08 pairing check on alt_bn128 (EIP-197): 100000 + 80000 per pair, 45000 + 34000 from Istanbul;
/// input a multiple of 192 bytes; returns 32-byte 1 or 0.
PrecompileResult bn254_pairing(const uint8_t* input, size_t size, int64_t gas, Revision rev) noexcept;
/// 0x09 BLAKE2F (EIP-152).
PrecompileResult blake2f(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x0a KZG point evaluation (EIP-4844): 50000 gas; exactly 192 bytes; failure unless the proof verifies.
PrecompileResult kzg_point_evaluation(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x0b BLS12_G1ADD (EIP-2537): 375 gas; 256 bytes, two G1 points (on the curve, no subgroup check).
PrecompileResult bls12_g1add(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x0c BLS12_G1MSM (EIP-2537): k (point, scalar) pairs of 160 bytes, k >= 1; discounted 12000 per pair.
PrecompileResult bls12_g1msm(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x0d BLS12_G2ADD (EIP-2537): 600 gas; 512 bytes, two G2 points.
PrecompileResult bls12_g2add(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x0e BLS12_G2MSM (EIP-2537): k pairs of 288 bytes, k >= 1; discounted 22500 per pair.
PrecompileResult bls12_g2msm(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x0f BLS12_PAIRING_CHECK (EIP-2537): k (G1, G2) pairs of 384 bytes, k >= 1; 32600 k + 37700; 32-byte 1 or 0.
PrecompileResult bls12_pairing_check(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x10 BLS12_MAP_FP_TO_G1 (EIP-2537): 5500 gas; one 64-byte Fp element to a G1 point.
PrecompileResult bls12_map_fp_to_g1(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x11 BLS12_MAP_FP2_TO_G2 (EIP-2537): 23800 gas; one 128-byte Fp2 element to a G2 point.
PrecompileResult bls12_map_fp2_to_g2(const uint8_t* input, size_t size, int64_t gas) noexcept;
/// 0x100 P256VERIFY (EIP-7951): 6900 gas; 160 bytes h | r | s | qx | qy; 32-byte 1 if the secp256r1 signature
/// verifies, else empty output (never a failure status, except OutOfGas).
PrecompileResult p256verify(const uint8_t* input, size_t size, int64_t gas) noexcept;

/// The BLAKE2b compression function F (RFC 7693 section 3.2) with a caller-chosen number of rounds, as
/// EIP-152 exposes it: updates the state `h` in place from the message block `m`, the 128-bit offset
/// counter (t0 low, t1 high) and the final-block flag.
void blake2b_compress(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                      uint32_t rounds) noexcept;
/// The same function in portable C++, which blake2b_compress runs where the CPU lacks AVX2 (the tests compare the
/// three), and its SIMD forms (x86-64 only): AVX2 (needs a CPU with AVX2), and AVX2 with AVX-512VL rotations (needs
/// AVX2 and AVX-512VL); blake2b_compress takes the best the CPU has.
void blake2b_compress_portable(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                               uint32_t rounds) noexcept;
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
void blake2b_compress_avx2(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                           uint32_t rounds) noexcept;
void blake2b_compress_avx512(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                             uint32_t rounds) noexcept;
#endif

}  // namespace trellis::evm::precompiles
