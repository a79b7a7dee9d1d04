/// @file precompiles.hpp
/// The precompiled contracts at addresses 0x01.. (Yellow Paper appendix E and the EIPs that added or repriced
/// them): ecrecover, sha256, ripemd160, identity (Frontier), modexp (EIP-198, repriced by EIP-2565 in Berlin,
/// EIP-7823/7883 in Osaka), bn254 add/mul/pairing (EIP-196/197, repriced by EIP-1108), blake2f (EIP-152),
/// KZG point evaluation (EIP-4844), the BLS12-381 operations (EIP-2537, Prague), P256VERIFY (EIP-7951, Osaka).
/// The state's call path asks is_precompile() and then run_precompile() instead of running code.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trellis/evm/types.hpp"

namespace trellis::evm {

/// True if addr is a precompile at rev: 0x01-0x04 from Frontier, 0x05-0x08 from Byzantium, 0x09 from
/// Istanbul, 0x0a from Cancun, 0x0b-0x11 (BLS12-381, EIP-2537) from Prague, 0x100
/// (P256VERIFY, EIP-7951) from Osaka.
bool is_precompile(const Address& addr, Revision rev) noexcept;

/// Outcome of one precompile call.
struct PrecompileResult {
    StatusCode status = StatusCode::Success;  ///< Success, or OutOfGas/PrecompileFailure (all gas consumed)
    int64_t gas_left = 0;                     ///< gas - cost on success, 0 on failure
    std::vector<uint8_t> output;              ///< return data (empty on failure)
    /// Non-null (the precompile's name) when Trellis does not implement the precompile (none at present): status
    /// is then PrecompileFailure and a conformance runner must report the test as "needs precompile X", never as a
    /// pass.
    const char* unsupported = nullptr;
};

/// Runs the precompile at `addr` (which must satisfy is_precompile(addr, rev); otherwise the result is Failure)
/// on `input_size` bytes of call data with `gas` available, under the gas rules of `rev`:
///   ecrecover 3000; sha256 60 + 12/word; ripemd160 600 + 120/word; identity 15 + 3/word (words of 32 bytes);
///   modexp EIP-198 before Berlin, EIP-2565 from Berlin, EIP-7883 (+ EIP-7823 1024-byte limits) from Osaka;
///   bn254 add 500/150, mul 40000/6000, pairing 100000 + 80000 k / 45000 + 34000 k (Byzantium / Istanbul,
///   EIP-1108), invalid points or a pairing input not a multiple of 192 bytes -> PrecompileFailure;
///   blake2f 1 per round (input exactly 213 bytes, final flag 0 or 1, else PrecompileFailure);
///   KZG point evaluation 50000 (exactly 192 bytes; a proof that does not verify -> PrecompileFailure);
///   BLS12-381 (EIP-2537): G1ADD 375, G1MSM k 12000 discount(k) / 1000, G2ADD 600, G2MSM k 22500 discount(k) / 1000,
///   PAIRING_CHECK 32600 k + 37700, MAP_FP_TO_G1 5500, MAP_FP2_TO_G2 23800; any invalid input -> PrecompileFailure;
///   P256VERIFY 6900 (160 bytes; 32-byte 1 if the signature verifies, else empty output, still Success).
/// ecrecover with an invalid signature succeeds with empty output (gas charged). Never throws.
PrecompileResult run_precompile(const Address& addr, const uint8_t* input, size_t input_size, int64_t gas,
                                Revision rev);

}  // namespace trellis::evm
