/// @file blake2f.cpp
/// The BLAKE2F precompile (EIP-152) at 0x09: the BLAKE2b compression function F of RFC 7693 with the round
/// count taken from the input, 1 gas per round. Two forms of F: 16 scalar words (portable; x86-64 has 15 free
/// registers for them, so the compiler spills one row to the stack, on the dependency chain), and on x86-64 with
/// AVX2 the four rows of the working vector as four 256-bit registers, each G step on four columns (or diagonals)
/// at once, its rotations by byte shuffles, or where the CPU has AVX-512VL by VPRORQ (one instruction each, and off
/// the shuffle port that the lane permutations need).
#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define TRELLIS_EVM_BLAKE2_AVX2 1
#endif

#include "precompiles_internal.hpp"

namespace trellis::evm::precompiles {

namespace {

/// BLAKE2b initialisation vector (RFC 7693 section 2.6): the SHA-512 IV.
constexpr uint64_t iv[8] = {0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull,
                            0xa54ff53a5f1d36f1ull, 0x510e527fade682d1ull, 0x9b05688c2b3e6c1full,
                            0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull};

/// Message word schedule SIGMA (RFC 7693 section 2.7); round i uses row i mod 10.
constexpr uint8_t sigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

inline uint64_t rotr(uint64_t x, unsigned n) noexcept { return (x >> n) | (x << (64 - n)); }

/// The mixing function G (RFC 7693 section 3.1) on v[a], v[b], v[c], v[d] with message words x, y.
[[gnu::always_inline]] inline void mix(uint64_t& a, uint64_t& b, uint64_t& c, uint64_t& d, uint64_t x,
                                       uint64_t y) noexcept {
    a = a + b + x;
    d = rotr(d ^ a, 32);
    c = c + d;
    b = rotr(b ^ c, 24);
    a = a + b + y;
    d = rotr(d ^ a, 16);
    c = c + d;
    b = rotr(b ^ c, 63);
}

/// The working vector as 16 scalars (so the compiler keeps what fits in registers), and one round with the
/// message schedule row R, a compile-time constant: every message index is then a constant too.
struct Work {
    uint64_t v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15;

    template <int R>
    [[gnu::always_inline]] void round(const uint64_t m[16]) noexcept {
        constexpr const uint8_t* s = sigma[R];
        mix(v0, v4, v8, v12, m[s[0]], m[s[1]]);
        mix(v1, v5, v9, v13, m[s[2]], m[s[3]]);
        mix(v2, v6, v10, v14, m[s[4]], m[s[5]]);
        mix(v3, v7, v11, v15, m[s[6]], m[s[7]]);
        mix(v0, v5, v10, v15, m[s[8]], m[s[9]]);
        mix(v1, v6, v11, v12, m[s[10]], m[s[11]]);
        mix(v2, v7, v8, v13, m[s[12]], m[s[13]]);
        mix(v3, v4, v9, v14, m[s[14]], m[s[15]]);
    }
    /// Rounds R, R + 1, ... up to row 9 or until `n` (decremented) runs out.
    template <int R>
    [[gnu::always_inline]] void rounds_from(const uint64_t m[16], uint32_t& n) noexcept {
        if (n == 0) return;
        round<R>(m);
        --n;
        if constexpr (R < 9) rounds_from<R + 1>(m, n);
    }
};

#if TRELLIS_EVM_BLAKE2_AVX2
#define TRELLIS_AVX2_INLINE [[gnu::always_inline, gnu::target("avx2")]] inline

/// v unchanged, hidden from the optimizer: clang otherwise adds b before the message word (putting that add on the
/// dependency chain), moves rotations across the XORs before them (two shuffles instead of one), and turns the byte
/// shuffle of ror16 into two word shuffles.
TRELLIS_AVX2_INLINE __m256i opaque(__m256i v) {
    __asm__("" : "+x"(v));
    return v;
}

/// Right rotations of each 64-bit lane: by 32 swaps its halves, by 24 and 16 move bytes, by 63 is a left shift by 1.
TRELLIS_AVX2_INLINE __m256i ror32(__m256i x) { return _mm256_shuffle_epi32(x, 0xb1); }
TRELLIS_AVX2_INLINE __m256i ror24(__m256i x) {
    const __m256i bytes = _mm256_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10, 3, 4, 5, 6, 7, 0, 1, 2,
                                           11, 12, 13, 14, 15, 8, 9, 10);
    return _mm256_shuffle_epi8(x, opaque(bytes));
}
TRELLIS_AVX2_INLINE __m256i ror16(__m256i x) {
    const __m256i bytes = _mm256_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9, 2, 3, 4, 5, 6, 7, 0, 1,
                                           10, 11, 12, 13, 14, 15, 8, 9);
    return _mm256_shuffle_epi8(x, opaque(bytes));
}
TRELLIS_AVX2_INLINE __m256i ror63(__m256i x) { return _mm256_or_si256(_mm256_srli_epi64(x, 63), _mm256_add_epi64(x, x)); }
/// The right rotation by N with AVX-512VL's VPRORQ (written as assembly so that this AVX2 code can hold it; run only
/// where the CPU has AVX-512VL).
template <int N>
TRELLIS_AVX2_INLINE __m256i vprorq(__m256i x) {
    __asm__("vprorq %1, %0, %0" : "+x"(x) : "i"(N));
    return x;
}

/// The rows a = v0..v3, b = v4..v7, c = v8..v11, d = v12..v15, one 64-bit word a lane; rotations by VPRORQ if
/// `Vpror`, else by shuffles and shifts.
template <bool Vpror>
struct Rows {
    __m256i a, b, c, d;

    template <int N>
    TRELLIS_AVX2_INLINE static __m256i ror(__m256i x) {
        if constexpr (Vpror) return vprorq<N>(x);
        else if constexpr (N == 32) return ror32(x);
        else if constexpr (N == 24) return ror24(x);
        else if constexpr (N == 16) return ror16(x);
        else return ror63(x);
    }
    /// G on the four lanes at once with message words x and y (a lane each); a gets x before b, as b is the
    /// last value of the previous step.
    TRELLIS_AVX2_INLINE void g(__m256i x, __m256i y) {
        a = _mm256_add_epi64(opaque(_mm256_add_epi64(a, x)), b);
        d = ror<32>(opaque(_mm256_xor_si256(d, a)));
        c = _mm256_add_epi64(c, d);
        b = ror<24>(opaque(_mm256_xor_si256(b, c)));
        a = _mm256_add_epi64(opaque(_mm256_add_epi64(a, y)), b);
        d = ror<16>(opaque(_mm256_xor_si256(d, a)));
        c = _mm256_add_epi64(c, d);
        b = ror<63>(opaque(_mm256_xor_si256(b, c)));
    }
    /// One round with schedule row R: G on the columns, then on the diagonals. The diagonals line up by rotating
    /// a, c and d across lanes and leaving b, the step's last result, in place (lane k then holds the diagonal of
    /// v(4 + k): (v3, v4, v9, v14), (v0, v5, v10, v15), (v1, v6, v11, v12), (v2, v7, v8, v13)), so the lane
    /// permutations run beside b's last operations instead of after them.
    template <int R>
    TRELLIS_AVX2_INLINE void round(const uint64_t m[16]) {
        constexpr const uint8_t* s = sigma[R];
        g(_mm256_setr_epi64x(m[s[0]], m[s[2]], m[s[4]], m[s[6]]), _mm256_setr_epi64x(m[s[1]], m[s[3]], m[s[5]], m[s[7]]));
        a = _mm256_permute4x64_epi64(a, 0x93);  // (v3, v0, v1, v2)
        c = _mm256_permute4x64_epi64(c, 0x39);  // (v9, v10, v11, v8)
        d = _mm256_permute4x64_epi64(d, 0x4e);  // (v14, v15, v12, v13)
        g(_mm256_setr_epi64x(m[s[14]], m[s[8]], m[s[10]], m[s[12]]),
          _mm256_setr_epi64x(m[s[15]], m[s[9]], m[s[11]], m[s[13]]));
        a = _mm256_permute4x64_epi64(a, 0x39);
        c = _mm256_permute4x64_epi64(c, 0x93);
        d = _mm256_permute4x64_epi64(d, 0x4e);
    }
    /// Rounds R, R + 1, ... up to row 9 or until `n` (decremented) runs out.
    template <int R>
    TRELLIS_AVX2_INLINE void rounds_from(const uint64_t m[16], uint32_t& n) {
        if (n == 0) return;
        round<R>(m);
        --n;
        if constexpr (R < 9) rounds_from<R + 1>(m, n);
    }
};

#undef TRELLIS_AVX2_INLINE

/// 2 if the CPU has AVX2 and AVX-512VL, 1 if it has AVX2 only, else 0 (checked once at start-up).
const int simd_level = [] {
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2")) return 0;
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") ? 2 : 1;
}();

/// F on the SIMD rows (see the file comment).
template <bool Vpror>
[[gnu::target("avx2")]] void compress_rows(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1,
                                           bool final_block, uint32_t rounds) noexcept {
    const __m256i h_lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h));
    const __m256i h_hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(h + 4));
    const __m256i counter = _mm256_setr_epi64x(static_cast<int64_t>(t0), static_cast<int64_t>(t1), final_block ? -1 : 0, 0);
    Rows<Vpror> w{h_lo, h_hi, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(iv)),
                  _mm256_xor_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(iv + 4)), counter)};
    for (uint32_t left = rounds; left > 0;) {  // as in the portable form
        uint32_t cycle = std::min(left, 10u);
        left -= cycle;
        w.template rounds_from<0>(m, cycle);
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(h), _mm256_xor_si256(h_lo, _mm256_xor_si256(w.a, w.c)));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(h + 4), _mm256_xor_si256(h_hi, _mm256_xor_si256(w.b, w.d)));
}
#endif

uint64_t load_le64(const uint8_t* p) noexcept {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

void store_le64(uint8_t* p, uint64_t v) noexcept {
    for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace

#if TRELLIS_EVM_BLAKE2_AVX2
void blake2b_compress_avx2(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                           uint32_t rounds) noexcept {
    compress_rows<false>(h, m, t0, t1, final_block, rounds);
}

void blake2b_compress_avx512(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                             uint32_t rounds) noexcept {
    compress_rows<true>(h, m, t0, t1, final_block, rounds);
}
#endif

void blake2b_compress(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                      uint32_t rounds) noexcept {
#if TRELLIS_EVM_BLAKE2_AVX2
    if (simd_level == 2) return compress_rows<true>(h, m, t0, t1, final_block, rounds);
    if (simd_level == 1) return compress_rows<false>(h, m, t0, t1, final_block, rounds);
#endif
    blake2b_compress_portable(h, m, t0, t1, final_block, rounds);
}

void blake2b_compress_portable(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block,
                               uint32_t rounds) noexcept {
    Work w{h[0],  h[1],  h[2],  h[3],  h[4],       h[5],       h[6],  h[7],
           iv[0], iv[1], iv[2], iv[3], iv[4] ^ t0, iv[5] ^ t1, iv[6], iv[7]};
    if (final_block) w.v14 = ~w.v14;
    // Whole cycles of the 10 schedule rows, then the rest: rounds 0..9 again (round i uses row i mod 10).
    for (uint32_t left = rounds; left > 0;) {
        uint32_t cycle = std::min(left, 10u);
        left -= cycle;
        w.rounds_from<0>(m, cycle);
    }
    h[0] ^= w.v0 ^ w.v8;
    h[1] ^= w.v1 ^ w.v9;
    h[2] ^= w.v2 ^ w.v10;
    h[3] ^= w.v3 ^ w.v11;
    h[4] ^= w.v4 ^ w.v12;
    h[5] ^= w.v5 ^ w.v13;
    h[6] ^= w.v6 ^ w.v14;
    h[7] ^= w.v7 ^ w.v15;
}

PrecompileResult blake2f(const uint8_t* input, size_t size, int64_t gas) noexcept {
    // rounds (4, big-endian) | h (8 x 8, little-endian) | m (16 x 8) | t (2 x 8) | f (1)
    if (size != 213) return failure();
    const uint8_t f = input[212];
    if (f > 1) return failure();
    const uint32_t rounds = (static_cast<uint32_t>(input[0]) << 24) | (static_cast<uint32_t>(input[1]) << 16) |
                            (static_cast<uint32_t>(input[2]) << 8) | input[3];
    PrecompileResult r = charge(gas, rounds);
    if (r.status != StatusCode::Success) return r;
    uint64_t h[8], m[16];
    for (int i = 0; i < 8; ++i) h[i] = load_le64(input + 4 + 8 * i);
    for (int i = 0; i < 16; ++i) m[i] = load_le64(input + 68 + 8 * i);
    const uint64_t t0 = load_le64(input + 196), t1 = load_le64(input + 204);
    blake2b_compress(h, m, t0, t1, f == 1, rounds);
    uint8_t out[64];
    for (int i = 0; i < 8; ++i) store_le64(out + 8 * i, h[i]);
    r.output.assign(out, out + 64);
    return r;
}

}  // namespace trellis::evm::precompiles
