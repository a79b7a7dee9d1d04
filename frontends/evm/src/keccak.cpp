/// @file keccak.cpp
/// Keccak-256 (original padding, Yellow Paper section 3): the Keccak-f[1600] permutation (Keccak reference,
/// "The Keccak reference" 3.0, sections 1.2-1.3: theta, rho, pi, chi, iota over 24 rounds) on 25 lanes held in
/// locals, every step's loops unrolled with constant indices so the compiler keeps the lanes in registers, and
/// the sponge with rate 136 bytes and the domain byte 0x01. Replaces Crypto++'s Keccak_256, which took ~6,400
/// instructions per permutation here (the KECCAK256 opcode was 17 % of snailtracer's instructions); this one ~4,600
/// on a CPU with BMI1/BMI2 (a second copy compiled for them, chosen by CPUID), ~6,200 without (docs/performance.md,
/// EVM session 8). Checked against Crypto++ in tests/evm/test_keccak_rlp_mpt.cpp.
#include "trellis/evm/keccak.hpp"

#include "trellis/core/compiler.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace trellis::evm {

namespace {

constexpr uint64_t round_constants[24] = {
    0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000, 0x000000000000808b,
    0x0000000080000001, 0x8000000080008081, 0x8000000000008009, 0x000000000000008a, 0x0000000000000088,
    0x0000000080008009, 0x000000008000000a, 0x000000008000808b, 0x800000000000008b, 0x8000000000008089,
    0x8000000000008003, 0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
};

/// rho's rotation of lane (x, y), at index x + 5 y.
constexpr int rotations[25] = {
    0,  1,  62, 28, 27,  // y = 0
    36, 44, 6,  55, 20,  // y = 1
    3,  10, 43, 25, 39,  // y = 2
    41, 45, 15, 21, 8,   // y = 3
    18, 2,  61, 56, 14,  // y = 4
};

/// pi: lane (x, y) moves to (y, 2x + 3y mod 5); destination index of source index x + 5 y.
constexpr int pi_destination(int i) { return (i / 5) + 5 * ((2 * (i % 5) + 3 * (i / 5)) % 5); }

constexpr size_t rate_bytes = 136;  // 1600 - 2 * 256 bits
constexpr size_t rate_lanes = rate_bytes / 8;

TRELLIS_ALWAYS_INLINE uint64_t load_le(const uint8_t* p) noexcept {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
}

/// Keccak-f[1600] on `state` (lane (x, y) at index x + 5 y). Inlined into the two entry points below.
TRELLIS_ALWAYS_INLINE void permute_body(uint64_t state[25]) noexcept {
    uint64_t a[25];
    for (int i = 0; i < 25; ++i) a[i] = state[i];
    for (int round = 0; round < 24; ++round) {
        uint64_t c[5], d[5], b[25];
        // theta
#pragma unroll
        for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
#pragma unroll
        for (int x = 0; x < 5; ++x) d[x] = c[(x + 4) % 5] ^ std::rotl(c[(x + 1) % 5], 1);
        // rho and pi
#pragma unroll
        for (int i = 0; i < 25; ++i) b[pi_destination(i)] = std::rotl(a[i] ^ d[i % 5], rotations[i]);
        // chi
#pragma unroll
        for (int y = 0; y < 25; y += 5)
#pragma unroll
            for (int x = 0; x < 5; ++x) a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
        // iota
        a[0] ^= round_constants[round];
    }
    for (int i = 0; i < 25; ++i) state[i] = a[i];
}

using PermuteFn = void (*)(uint64_t*) noexcept;

void permute_generic(uint64_t state[25]) noexcept { permute_body(state); }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
/// The same permutation compiled for BMI1/BMI2 (chi's ~b & c as one ANDN, rotations as RORX without a copy):
/// ~4,600 instructions instead of ~6,200 (the build targets baseline x86-64; chosen at run time by CPUID).
__attribute__((target("bmi,bmi2"))) void permute_bmi(uint64_t state[25]) noexcept { permute_body(state); }

PermuteFn choose_permute() noexcept {
    __builtin_cpu_init();
    return __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") ? permute_bmi : permute_generic;
}
#else
PermuteFn choose_permute() noexcept { return permute_generic; }
#endif

/// Keccak-f[1600]: the variant for this CPU, chosen on first use.
void keccak_f1600(uint64_t state[25]) noexcept {
    static const PermuteFn permute = choose_permute();
    permute(state);
}

}  // namespace

Bytes32 keccak256(const uint8_t* data, size_t size) noexcept {
    uint64_t state[25] = {};
    for (; size >= rate_bytes; data += rate_bytes, size -= rate_bytes) {
        for (size_t i = 0; i < rate_lanes; ++i) state[i] ^= load_le(data + 8 * i);
        keccak_f1600(state);
    }
    // The last block: the rest of the data, the domain byte 0x01, the final bit 0x80 of the rate.
    uint8_t last[rate_bytes] = {};
    if (size) std::memcpy(last, data, size);
    last[size] ^= 0x01;
    last[rate_bytes - 1] ^= 0x80;
    for (size_t i = 0; i < rate_lanes; ++i) state[i] ^= load_le(last + 8 * i);
    keccak_f1600(state);
    Bytes32 out;
    for (size_t i = 0; i < 4; ++i) {
        uint64_t lane = state[i];
        if constexpr (std::endian::native == std::endian::big) lane = __builtin_bswap64(lane);
        std::memcpy(out.bytes.data() + 8 * i, &lane, sizeof lane);
    }
    return out;
}

}  // namespace trellis::evm
