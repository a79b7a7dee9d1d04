/// @file precompiles.cpp
/// Which addresses are precompiles in which revision, and dispatch to their implementations
/// (Yellow Paper appendix E; EIP-196/197/198/152/4844/2537/7951 for the later ones).
#include "precompiles_internal.hpp"

namespace trellis::evm {

namespace {

/// The precompile number (the address as an integer) if it is below 2^16, else 0.
unsigned precompile_id(const Address& addr) noexcept {
    for (size_t i = 0; i < 18; ++i)
        if (addr.bytes[i] != 0) return 0;
    return (static_cast<unsigned>(addr.bytes[18]) << 8) | addr.bytes[19];
}

}  // namespace

bool is_precompile(const Address& addr, Revision rev) noexcept {
    const unsigned id = precompile_id(addr);
    if (id >= 0x01 && id <= 0x04) return true;
    if (id >= 0x05 && id <= 0x08) return rev >= Revision::Byzantium;
    if (id == 0x09) return rev >= Revision::Istanbul;
    if (id == 0x0a) return rev >= Revision::Cancun;
    if (id >= 0x0b && id <= 0x11) return rev >= Revision::Prague;
    if (id == 0x100) return rev >= Revision::Osaka;
    return false;
}

PrecompileResult run_precompile(const Address& addr, const uint8_t* input, size_t input_size, int64_t gas,
                                Revision rev) {
    if (!is_precompile(addr, rev)) return precompiles::failure(StatusCode::Failure);
    static const uint8_t no_input = 0;
    if (input == nullptr) input = &no_input;  // callers may pass null with size 0
    switch (precompile_id(addr)) {
        case 0x01: return precompiles::ecrecover(input, input_size, gas);
        case 0x02: return precompiles::sha256(input, input_size, gas);
        case 0x03: return precompiles::ripemd160(input, input_size, gas);
        case 0x04: return precompiles::identity(input, input_size, gas);
        case 0x05: return precompiles::modexp(input, input_size, gas, rev);
        case 0x06: return precompiles::bn254_add(input, input_size, gas, rev);
        case 0x07: return precompiles::bn254_mul(input, input_size, gas, rev);
        case 0x08: return precompiles::bn254_pairing(input, input_size, gas, rev);
        case 0x09: return precompiles::blake2f(input, input_size, gas);
        case 0x0a: return precompiles::kzg_point_evaluation(input, input_size, gas);
        case 0x0b: return precompiles::bls12_g1add(input, input_size, gas);
        case 0x0c: return precompiles::bls12_g1msm(input, input_size, gas);
        case 0x0d: return precompiles::bls12_g2add(input, input_size, gas);
        case 0x0e: return precompiles::bls12_g2msm(input, input_size, gas);
        case 0x0f: return precompiles::bls12_pairing_check(input, input_size, gas);
        case 0x10: return precompiles::bls12_map_fp_to_g1(input, input_size, gas);
        case 0x11: return precompiles::bls12_map_fp2_to_g2(input, input_size, gas);
        case 0x100: return precompiles::p256verify(input, input_size, gas);
        default: return precompiles::failure(StatusCode::Failure);  // unreachable: is_precompile said yes
    }
}

}  // namespace trellis::evm
