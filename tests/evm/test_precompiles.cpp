// Tests for the precompiled contracts (precompiles.hpp): published vectors (EIP-152, EIP-198, hash test
// vectors, go-ethereum's ecrecover sample), independent oracles (libsecp256k1 signing, Crypto++ BLAKE2b, GMP),
// and the per-revision gas pricing (EIP-198, EIP-2565, EIP-7883, EIP-7823).
#include <cryptopp/blake2.h>
#include <gmpxx.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "trellis/core/hex.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/precompiles.hpp"
#include "trellis/evm/uint256.hpp"
#include "precompiles_internal.hpp"

namespace evm = trellis::evm;
namespace core = trellis::core;
using core::Bytes;
using evm::Revision;
using evm::StatusCode;

namespace {

evm::Address precompile(unsigned id) {
    evm::Address a;
    a.bytes[18] = static_cast<uint8_t>(id >> 8);
    a.bytes[19] = static_cast<uint8_t>(id);
    return a;
}

evm::PrecompileResult run(unsigned id, const Bytes& input, int64_t gas, Revision rev = Revision::Cancun) {
    return evm::run_precompile(precompile(id), input.data(), input.size(), gas, rev);
}

std::string hex(const Bytes& b) { return core::to_hex(b); }

Bytes word(const evm::uint256& v) {
    const auto a = evm::to_be_bytes(v);
    return Bytes(a.begin(), a.end());
}

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

/// MODEXP input: three 32-byte lengths, then the operands.
Bytes modexp_input(const Bytes& b, const Bytes& e, const Bytes& m) {
    return concat({word(b.size()), word(e.size()), word(m.size()), b, e, m});
}

Bytes mpz_bytes(const mpz_class& v, size_t len) {
    Bytes out(len, 0);
    size_t n = (mpz_sizeinbase(v.get_mpz_t(), 2) + 7) / 8;
    if (v == 0) return out;
    REQUIRE(n <= len);
    mpz_export(out.data() + (len - n), &n, 1, 1, 1, 0, v.get_mpz_t());
    return out;
}

mpz_class bytes_mpz(const Bytes& b) {
    mpz_class v;
    if (!b.empty()) mpz_import(v.get_mpz_t(), b.size(), 1, 1, 1, 0, b.data());
    return v;
}

constexpr int64_t plenty = 100'000'000;

}  // namespace

TEST_CASE("precompile addresses per revision", "[precompiles]") {
    CHECK(!evm::is_precompile(precompile(0), Revision::Osaka));
    for (unsigned id = 1; id <= 4; ++id) CHECK(evm::is_precompile(precompile(id), Revision::Frontier));
    CHECK(!evm::is_precompile(precompile(5), Revision::SpuriousDragon));
    for (unsigned id = 5; id <= 8; ++id) CHECK(evm::is_precompile(precompile(id), Revision::Byzantium));
    CHECK(!evm::is_precompile(precompile(9), Revision::Petersburg));
    CHECK(evm::is_precompile(precompile(9), Revision::Istanbul));
    CHECK(!evm::is_precompile(precompile(0x0a), Revision::Shanghai));
    CHECK(evm::is_precompile(precompile(0x0a), Revision::Cancun));
    CHECK(!evm::is_precompile(precompile(0x0b), Revision::Cancun));
    CHECK(evm::is_precompile(precompile(0x11), Revision::Prague));
    CHECK(!evm::is_precompile(precompile(0x12), Revision::Osaka));
    CHECK(!evm::is_precompile(precompile(0x100), Revision::Prague));
    CHECK(evm::is_precompile(precompile(0x100), Revision::Osaka));
    evm::Address high = precompile(1);
    high.bytes[0] = 1;
    CHECK(!evm::is_precompile(high, Revision::Osaka));
    // Not a precompile at this revision: the call is refused.
    CHECK(run(9, Bytes(213, 0), plenty, Revision::Byzantium).status == StatusCode::Failure);
}

TEST_CASE("sha256, ripemd160, identity: vectors and per-word gas", "[precompiles]") {
    auto r = run(2, {}, plenty);
    CHECK(r.status == StatusCode::Success);
    CHECK(hex(r.output) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(r.gas_left == plenty - 60);
    r = run(2, Bytes{'a', 'b', 'c'}, plenty);
    CHECK(hex(r.output) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(r.gas_left == plenty - 72);

    r = run(3, {}, plenty);
    CHECK(hex(r.output) == std::string(24, '0') + "9c1185a5c5e9fc54612808977ee8f548b2258d31");
    CHECK(r.gas_left == plenty - 600);
    r = run(3, Bytes{'a', 'b', 'c'}, plenty);
    CHECK(hex(r.output) == std::string(24, '0') + "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    CHECK(r.gas_left == plenty - 720);

    for (size_t n : {0u, 1u, 31u, 32u, 33u, 64u, 65u, 1000u}) {
        Bytes in(n);
        for (size_t i = 0; i < n; ++i) in[i] = static_cast<uint8_t>(i * 13 + 1);
        const int64_t words = static_cast<int64_t>((n + 31) / 32);
        r = run(4, in, plenty);
        CHECK(r.output == in);
        CHECK(r.gas_left == plenty - (15 + 3 * words));
        CHECK(run(2, in, plenty).gas_left == plenty - (60 + 12 * words));
        CHECK(run(3, in, plenty).gas_left == plenty - (600 + 120 * words));
        // One gas short: out of gas, everything consumed, no output.
        r = run(4, in, 15 + 3 * words - 1);
        CHECK(r.status == StatusCode::OutOfGas);
        CHECK(r.gas_left == 0);
        CHECK(r.output.empty());
    }
}

TEST_CASE("ecrecover: go-ethereum sample, signatures made by libsecp256k1, invalid inputs", "[precompiles]") {
    const Bytes sample = core::from_hex(
        "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
        "000000000000000000000000000000000000000000000000000000000000001b"
        "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
        "789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02");
    auto r = run(1, sample, plenty, Revision::Frontier);
    CHECK(r.status == StatusCode::Success);
    CHECK(hex(r.output) == "000000000000000000000000ceaccac640adf55b2028469bd36ba501f28b699d");
    CHECK(r.gas_left == plenty - 3000);

    // Sign with known keys; the recovered address must be keccak256(pubkey)[12:].
    secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    std::mt19937_64 rng(42);
    for (int k = 0; k < 20; ++k) {
        uint8_t key[32] = {}, hash[32];
        for (auto& b : key) b = static_cast<uint8_t>(rng());
        for (auto& b : hash) b = static_cast<uint8_t>(rng());
        REQUIRE(secp256k1_ec_seckey_verify(ctx, key));
        secp256k1_pubkey pub;
        REQUIRE(secp256k1_ec_pubkey_create(ctx, &pub, key));
        uint8_t ser[65];
        size_t len = 65;
        secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
        const evm::Bytes32 h = evm::keccak256(ser + 1, 64);
        const Bytes expected = concat({Bytes(12, 0), Bytes(h.bytes.begin() + 12, h.bytes.end())});

        secp256k1_ecdsa_recoverable_signature sig;
        REQUIRE(secp256k1_ecdsa_sign_recoverable(ctx, &sig, hash, key, nullptr, nullptr));
        uint8_t rs[64];
        int recid = 0;
        secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, rs, &recid, &sig);
        Bytes in = concat({Bytes(hash, hash + 32), word(27 + recid), Bytes(rs, rs + 64)});
        CHECK(run(1, in, plenty).output == expected);

        // High-s twin (s' = n - s, flipped parity) is accepted by ECRECOVER (no EIP-2 rule here).
        const mpz_class n("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
        const Bytes s_high = mpz_bytes(n - bytes_mpz(Bytes(rs + 32, rs + 64)), 32);
        Bytes twin = concat({Bytes(hash, hash + 32), word(27 + (recid ^ 1)), Bytes(rs, rs + 32), s_high});
        CHECK(run(1, twin, plenty).output == expected);

        // Wrong parity recovers some other key (or none), never this one.
        Bytes wrong = in;
        wrong[63] = static_cast<uint8_t>(27 + (recid ^ 1));
        CHECK(run(1, wrong, plenty).output != expected);
        // Invalid v, r = 0, s = n, v with high bytes set: empty output, success, gas charged.
        for (int variant = 0; variant < 5; ++variant) {
            Bytes bad = in;
            if (variant == 0) bad[63] = 29;
            if (variant == 1) std::fill(bad.begin() + 64, bad.begin() + 96, 0);
            if (variant == 2) {
                const Bytes nb = mpz_bytes(n, 32);
                std::copy(nb.begin(), nb.end(), bad.begin() + 96);
            }
            if (variant == 3) bad[32] = 1;
            if (variant == 4) bad[63] = 1;
            r = run(1, bad, plenty);
            CHECK(r.status == StatusCode::Success);
            CHECK(r.output.empty());
            CHECK(r.gas_left == plenty - 3000);
        }
    }
    secp256k1_context_destroy(ctx);
    // Short input is zero-padded: all zeros is invalid (v = 0).
    r = run(1, Bytes{1, 2, 3}, plenty);
    CHECK(r.status == StatusCode::Success);
    CHECK(r.output.empty());
    CHECK(run(1, sample, 2999).status == StatusCode::OutOfGas);
}

TEST_CASE("modexp: EIP-198 examples and pricing per revision", "[precompiles][modexp]") {
    // Example 1 of EIP-198: 3^(p-1) mod p = 1 for the prime p = 2^256 - 2^32 - 977.
    const Bytes e = core::from_hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e");
    const Bytes p = core::from_hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
    const Bytes in1 = modexp_input(Bytes{3}, e, p);
    auto r = run(5, in1, plenty, Revision::Byzantium);
    CHECK(r.status == StatusCode::Success);
    CHECK(r.output == word(1));
    // EIP-198: mult_complexity(32) = 1024, adjusted exponent length 255: 1024 * 255 / 20 = 13056.
    CHECK(plenty - r.gas_left == 13056);
    // EIP-2565: ceil(32/8)^2 = 16, 16 * 255 / 3 = 1360.
    CHECK(plenty - run(5, in1, plenty, Revision::Berlin).gas_left == 1360);
    // EIP-7883: complexity 16 (max length <= 32), 16 * 255 = 4080.
    CHECK(plenty - run(5, in1, plenty, Revision::Osaka).gas_left == 4080);
    CHECK(run(5, in1, 13055, Revision::Byzantium).status == StatusCode::OutOfGas);
    CHECK(run(5, in1, 13056, Revision::Byzantium).status == StatusCode::Success);

    // Example 2 of EIP-198: base length 0 means base 0: 0^(p-1) mod p = 0, 32 bytes of output.
    const Bytes in2 = modexp_input(Bytes{}, e, p);
    r = run(5, in2, plenty, Revision::Byzantium);
    CHECK(r.output == Bytes(32, 0));

    // Minimum prices: 200 (EIP-2565) and 500 (EIP-7883); zero under EIP-198 for empty operands.
    const Bytes tiny = modexp_input(Bytes{2}, Bytes{1}, Bytes{7});
    CHECK(plenty - run(5, tiny, plenty, Revision::Byzantium).gas_left == 0);  // 1 * 1 / 20
    CHECK(plenty - run(5, tiny, plenty, Revision::Berlin).gas_left == 200);
    CHECK(plenty - run(5, tiny, plenty, Revision::Osaka).gas_left == 500);
    CHECK(run(5, tiny, plenty).output == Bytes{2});

    // The EIP-198 complexity bands: 64 < x <= 1024 and x > 1024 (exponent 1, so iterations = 1).
    const Bytes b100(100, 1), m100(100, 0xff);
    CHECK(plenty - run(5, modexp_input(b100, Bytes{1}, m100), plenty, Revision::Byzantium).gas_left ==
          (100 * 100 / 4 + 96 * 100 - 3072) / 20);
    const Bytes b2000(2000, 1), m2000(2000, 0xff);
    CHECK(plenty - run(5, modexp_input(b2000, Bytes{1}, m2000), plenty, Revision::Byzantium).gas_left ==
          (2000 * 2000 / 16 + 480 * 2000 - 199680) / 20);
    // Exponent longer than 32 bytes: 8 (16 from Osaka) per extra byte + index of the top bit of the first 32.
    Bytes e40(40, 0);
    e40[2] = 0x01;  // highest bit of the first 32 bytes: index 8 * 29 = 232
    const Bytes m32(32, 0xff);
    const Bytes in3 = modexp_input(Bytes{3}, e40, m32);
    CHECK(plenty - run(5, in3, plenty, Revision::Berlin).gas_left == 16 * (8 * 8 + 232) / 3);
    CHECK(plenty - run(5, in3, plenty, Revision::Osaka).gas_left == 16 * (16 * 8 + 232));
    // Osaka, max length > 32: 2 * words^2 (33 bytes = 5 words); iterations 255; below the minimum: 500.
    CHECK(plenty - run(5, modexp_input(Bytes(33, 1), Bytes(32, 0xff), Bytes(33, 0xff)), plenty, Revision::Osaka)
                       .gas_left == 2 * 5 * 5 * 255);
    CHECK(plenty - run(5, modexp_input(Bytes(33, 1), Bytes{5}, Bytes(33, 0xff)), plenty, Revision::Osaka)
                       .gas_left == 500);
    // The result of in3 is checked against GMP.
    mpz_class want;
    mpz_powm(want.get_mpz_t(), mpz_class(3).get_mpz_t(), bytes_mpz(e40).get_mpz_t(), bytes_mpz(m32).get_mpz_t());
    CHECK(run(5, in3, plenty).output == mpz_bytes(want, 32));
}

TEST_CASE("modexp: huge length fields are priced before anything is read", "[precompiles][modexp]") {
    const evm::uint256 huge = evm::uint256::max();
    // Huge base length: the price saturates, out of gas, no allocation.
    auto r = run(5, concat({word(huge), word(1), word(1)}), plenty, Revision::Byzantium);
    CHECK(r.status == StatusCode::OutOfGas);
    r = run(5, concat({word(1), word(1), word(evm::uint256(1) << 200)}), plenty, Revision::Berlin);
    CHECK(r.status == StatusCode::OutOfGas);
    // Huge exponent length with empty base and modulus: free before Berlin, 200 after, empty output.
    r = run(5, concat({word(0), word(huge), word(0)}), plenty, Revision::Byzantium);
    CHECK(r.status == StatusCode::Success);
    CHECK(r.gas_left == plenty);
    CHECK(r.output.empty());
    r = run(5, concat({word(0), word(huge), word(0)}), plenty, Revision::Berlin);
    CHECK(r.status == StatusCode::Success);
    CHECK(r.gas_left == plenty - 200);
    // ... but a modulus makes the exponent length count: out of gas.
    CHECK(run(5, concat({word(0), word(huge), word(1)}), plenty, Revision::Berlin).status == StatusCode::OutOfGas);
    CHECK(run(5, concat({word(0), word(uint64_t{1} << 40), word(1)}), plenty, Revision::Berlin).status ==
          StatusCode::OutOfGas);
    // EIP-7823 (Osaka): any length above 1024 bytes fails outright.
    r = run(5, concat({word(0), word(1025), word(0)}), plenty, Revision::Osaka);
    CHECK(r.status == StatusCode::PrecompileFailure);
    CHECK(r.gas_left == 0);
    CHECK(run(5, modexp_input(Bytes(1024, 1), Bytes{1}, Bytes(1024, 3)), plenty, Revision::Osaka).status ==
          StatusCode::Success);
    CHECK(run(5, modexp_input(Bytes(1025, 1), Bytes{1}, Bytes(1, 3)), plenty, Revision::Osaka).status ==
          StatusCode::PrecompileFailure);
}

TEST_CASE("modexp: results match GMP, including operands cut short by the end of input", "[precompiles][modexp]") {
    std::mt19937_64 rng(7);
    auto random_bytes = [&](size_t n) {
        Bytes b(n);
        for (auto& x : b) x = static_cast<uint8_t>(rng());
        if (n != 0 && rng() % 4 == 0) b[0] = 0;  // leading zeros
        return b;
    };
    for (int i = 0; i < 300; ++i) {
        const Bytes b = random_bytes(rng() % 70), e = random_bytes(rng() % 40), m = random_bytes(rng() % 70);
        Bytes in = modexp_input(b, e, m);
        // Sometimes drop the tail of the input: the missing bytes read as zeros.
        size_t cut = rng() % 3 == 0 ? static_cast<size_t>(rng() % (m.size() + e.size() + 1)) : 0;
        in.resize(in.size() - cut);
        Bytes full = in;
        full.resize(96 + b.size() + e.size() + m.size(), 0);
        const mpz_class B = bytes_mpz(Bytes(full.begin() + 96, full.begin() + 96 + b.size()));
        const mpz_class E = bytes_mpz(Bytes(full.begin() + 96 + b.size(), full.begin() + 96 + b.size() + e.size()));
        const mpz_class M = bytes_mpz(Bytes(full.end() - static_cast<long>(m.size()), full.end()));
        mpz_class want = 0;
        if (M != 0) mpz_powm(want.get_mpz_t(), B.get_mpz_t(), E.get_mpz_t(), M.get_mpz_t());
        for (Revision rev : {Revision::Byzantium, Revision::Berlin, Revision::Osaka}) {
            const auto r = run(5, in, plenty, rev);
            INFO("case " << i << " rev " << static_cast<int>(rev));
            REQUIRE(r.status == StatusCode::Success);
            CHECK(r.output == mpz_bytes(want, m.size()));
        }
    }
    // An exponent whose zero bytes are written out in full: E = 2^312.
    Bytes in = concat({word(1), word(40), word(1), Bytes{3}, Bytes{1}});
    in.resize(96 + 1 + 40, 0);
    in.push_back(0xfb);  // modulus 251
    mpz_class want;
    mpz_powm(want.get_mpz_t(), mpz_class(3).get_mpz_t(), mpz_class(mpz_class(1) << 312).get_mpz_t(),
             mpz_class(251).get_mpz_t());
    CHECK(run(5, in, plenty).output == mpz_bytes(want, 1));
    // Input ending inside the exponent: the modulus reads as zero, so the result is zero (of modulus length).
    in.resize(96 + 1 + 20);
    CHECK(run(5, in, plenty).output == Bytes{0});
    // Modulus partly present: 0xfb followed by 3 implicit zero bytes.
    Bytes partial = concat({word(1), word(1), word(4), Bytes{7}, Bytes{0x21}, Bytes{0xfb}});
    mpz_powm(want.get_mpz_t(), mpz_class(7).get_mpz_t(), mpz_class(0x21).get_mpz_t(),
             mpz_class(0xfb000000).get_mpz_t());
    CHECK(run(5, partial, plenty).output == mpz_bytes(want, 4));
}

TEST_CASE("blake2f: EIP-152 vectors, Crypto++ BLAKE2b oracle, malformed input", "[precompiles][blake2f]") {
    const std::string body =
        "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b"
        "6bbd41fbabd9831f79217e1319cde05b" +
        std::string("616263") + std::string(250, '0') + "0300000000000000" + "0000000000000000";
    auto vec = [&](const std::string& rounds, const std::string& f) { return core::from_hex(rounds + body + f); };
    // EIP-152 test vectors 0-3: wrong length and bad final flag fail with all gas consumed.
    CHECK(run(9, {}, plenty).status == StatusCode::PrecompileFailure);
    Bytes v5 = vec("0000000c", "01");
    CHECK(run(9, Bytes(v5.begin(), v5.end() - 1), plenty).status == StatusCode::PrecompileFailure);
    Bytes longer = v5;
    longer.push_back(0);
    CHECK(run(9, longer, plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(9, vec("0000000c", "02"), plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(9, vec("0000000c", "02"), plenty).gas_left == 0);
    // Vectors 4-7.
    auto r = run(9, vec("00000000", "01"), plenty);
    CHECK(hex(r.output) ==
          "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b"
          "9442be0454267ce079217e1319cde05b");
    CHECK(r.gas_left == plenty);
    r = run(9, v5, plenty);
    CHECK(hex(r.output) ==
          "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc95"
          "18d38aa8dbf1925ab92386edd4009923");
    CHECK(r.gas_left == plenty - 12);
    r = run(9, vec("0000000c", "00"), plenty);
    CHECK(hex(r.output) ==
          "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b"
          "4e426ac4f2d3d666a610c2116fde4735");
    r = run(9, vec("00000001", "01"), plenty);
    CHECK(hex(r.output) ==
          "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923"
          "de3d64fcc68c034e717b9293fed7a421");
    CHECK(r.gas_left == plenty - 1);
    CHECK(run(9, v5, 11).status == StatusCode::OutOfGas);

    // Single-block BLAKE2b-512 of random messages: one F call with 12 rounds, t0 = length, final flag set.
    std::mt19937_64 rng(3);
    const std::string iv_hex = body.substr(0, 128);
    for (int i = 0; i < 50; ++i) {
        const size_t len = rng() % 129;
        Bytes msg(len);
        for (auto& x : msg) x = static_cast<uint8_t>(rng());
        Bytes in = core::from_hex("0000000c" + iv_hex);
        Bytes block(128, 0);
        std::copy(msg.begin(), msg.end(), block.begin());
        in.insert(in.end(), block.begin(), block.end());
        for (int k = 0; k < 8; ++k) in.push_back(static_cast<uint8_t>(len >> (8 * k)));
        in.insert(in.end(), 8, 0);
        in.push_back(1);
        REQUIRE(in.size() == 213);
        Bytes want(64);
        CryptoPP::BLAKE2b oracle(false, 64);
        oracle.CalculateDigest(want.data(), msg.data(), msg.size());
        CHECK(run(9, in, plenty).output == want);
    }
}

TEST_CASE("blake2f: the SIMD compression functions equal the portable one", "[precompiles][blake2f]") {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    namespace pc = evm::precompiles;
    using Compress = void (*)(uint64_t*, const uint64_t*, uint64_t, uint64_t, bool, uint32_t) noexcept;
    std::vector<std::pair<const char*, Compress>> forms;
    if (__builtin_cpu_supports("avx2")) forms.push_back({"AVX2", pc::blake2b_compress_avx2});
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"))
        forms.push_back({"AVX2 + AVX-512VL", pc::blake2b_compress_avx512});
    if (forms.empty()) WARN("the CPU has no AVX2: nothing to compare");
    for (const auto& [name, compress] : forms) {
        INFO(name);
        // Random states, blocks and counters; every round count up to two cycles of the schedule and past them (the
        // round loop's whole cycles and remainder), 1000 rounds, both final flags.
        std::mt19937_64 rng(152);
        std::vector<uint32_t> round_counts{1000};
        for (uint32_t n = 0; n < 25; ++n) round_counts.push_back(n);
        size_t mismatches = 0, calls = 0;
        for (const uint32_t rounds : round_counts) {
            for (int i = 0; i < 8; ++i) {
                uint64_t h[8], m[16];
                for (auto& w : h) w = rng();
                for (auto& w : m) w = rng();
                const uint64_t t0 = rng(), t1 = rng();
                const bool final_block = i % 2 == 1;
                uint64_t want[8], got[8];
                std::copy(h, h + 8, want);
                std::copy(h, h + 8, got);
                pc::blake2b_compress_portable(want, m, t0, t1, final_block, rounds);
                compress(got, m, t0, t1, final_block, rounds);
                if (!std::equal(want, want + 8, got)) ++mismatches;
                ++calls;
            }
        }
        CHECK(mismatches == 0);
        CHECK(calls == 8 * 26);
    }
#endif
}

namespace {

const mpz_class bn_p("21888242871839275222246405745257275088696311157297823662689037894645226208583");
const mpz_class bn_r("21888242871839275222246405745257275088548364400416034343698204186575808495617");
// The G2 generator of EIP-197 (x_im, x_re, y_im, y_re).
const std::string g2_hex =
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd"
    "46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d"
    "1e7690c43d37b4ce6cc0166fa7daa";

Bytes g1(const mpz_class& x, const mpz_class& y) { return concat({mpz_bytes(x, 32), mpz_bytes(y, 32)}); }
Bytes g1_neg(const Bytes& pt) {
    const mpz_class y = bytes_mpz(Bytes(pt.begin() + 32, pt.end()));
    return concat({Bytes(pt.begin(), pt.begin() + 32), mpz_bytes(y == 0 ? mpz_class(0) : mpz_class(bn_p - y), 32)});
}
Bytes ecmul(const Bytes& pt, const mpz_class& s) {
    const auto r = run(7, concat({pt, mpz_bytes(s, 32)}), plenty);
    REQUIRE(r.status == StatusCode::Success);
    return r.output;
}
Bytes ecadd(const Bytes& a, const Bytes& b) {
    const auto r = run(6, concat({a, b}), plenty);
    REQUIRE(r.status == StatusCode::Success);
    return r.output;
}

}  // namespace

TEST_CASE("bn254 ecadd/ecmul: group laws, published doubling, invalid points, gas", "[precompiles][bn254]") {
    const Bytes g = g1(1, 2), inf(64, 0);
    // 2G, as published with the curve (py_ecc / EIP-196 examples).
    const Bytes g2x = g1(mpz_class("1368015179489954701390400359078579693043519447331113978918064868415326638035"),
                         mpz_class("9918110051302171585080402603319702774565515993150576347155970296011118125764"));
    CHECK(ecadd(g, g) == g2x);
    CHECK(ecmul(g, 2) == g2x);
    CHECK(ecadd(g, inf) == g);
    CHECK(ecadd(inf, inf) == inf);
    CHECK(ecadd(g, g1_neg(g)) == inf);
    CHECK(ecmul(g, 0) == inf);
    CHECK(ecmul(g, bn_r) == inf);
    CHECK(ecmul(g, bn_r + 1) == g);
    CHECK(ecmul(inf, 12345) == inf);
    std::mt19937_64 rng(11);
    for (int i = 0; i < 10; ++i) {
        const mpz_class a = mpz_class(static_cast<unsigned long>(rng())) * rng() + 3;
        const mpz_class b = mpz_class(static_cast<unsigned long>(rng())) * rng() + 5;
        CHECK(ecadd(ecmul(g, a), ecmul(g, b)) == ecmul(g, a + b));
        CHECK(ecmul(ecmul(g, a), b) == ecmul(g, a * b));
    }
    // Short input is zero-padded: G + (nothing) = G.
    CHECK(run(6, g, plenty).output == g);
    // Off-curve point, coordinate >= p: failure with all gas consumed.
    auto r = run(6, concat({g1(1, 3), g}), plenty);
    CHECK(r.status == StatusCode::PrecompileFailure);
    CHECK(r.gas_left == 0);
    CHECK(run(7, concat({g1(bn_p + 1, 2), mpz_bytes(1, 32)}), plenty).status == StatusCode::PrecompileFailure);
    // Gas: EIP-196 (Byzantium) and EIP-1108 (Istanbul).
    CHECK(plenty - run(6, concat({g, g}), plenty, Revision::Byzantium).gas_left == 500);
    CHECK(plenty - run(6, concat({g, g}), plenty, Revision::Istanbul).gas_left == 150);
    CHECK(plenty - run(7, concat({g, mpz_bytes(2, 32)}), plenty, Revision::Byzantium).gas_left == 40000);
    CHECK(plenty - run(7, concat({g, mpz_bytes(2, 32)}), plenty, Revision::Istanbul).gas_left == 6000);
    CHECK(run(7, concat({g, mpz_bytes(2, 32)}), 5999, Revision::Istanbul).status == StatusCode::OutOfGas);
}

TEST_CASE("bn254 pairing check: bilinearity, go-ethereum 'jeff1', invalid input, gas", "[precompiles][bn254]") {
    const Bytes g = g1(1, 2);
    const Bytes q = core::from_hex(g2_hex);
    Bytes q_neg = q;  // -Q: negate y = (y_im, y_re)
    for (int part = 0; part < 2; ++part) {
        const mpz_class y = bytes_mpz(Bytes(q.begin() + 64 + 32 * part, q.begin() + 96 + 32 * part));
        const Bytes ny = mpz_bytes(bn_p - y, 32);
        std::copy(ny.begin(), ny.end(), q_neg.begin() + 64 + 32 * part);
    }
    auto check = [&](const Bytes& in) {
        const auto r = run(8, in, plenty);
        REQUIRE(r.status == StatusCode::Success);
        REQUIRE(r.output.size() == 32);
        return r.output == word(1);
    };
    CHECK(check({}));                                             // empty product is 1
    CHECK(!check(concat({g, q})));                                // e(G1, G2) != 1
    CHECK(check(concat({g, q, g, q_neg})));                       // e(P, Q) e(P, -Q) = 1
    CHECK(check(concat({g, q, g1_neg(g), q})));                   // e(P, Q) e(-P, Q) = 1
    CHECK(check(concat({ecmul(g, 3), q, g1_neg(g), q, g1_neg(g), q, g1_neg(g), q})));  // e(3P, Q) = e(P, Q)^3
    CHECK(!check(concat({ecmul(g, 3), q, g1_neg(g), q, g1_neg(g), q})));
    CHECK(check(concat({Bytes(64, 0), q})));                      // infinity contributes 1
    CHECK(check(concat({g, Bytes(128, 0)})));
    const Bytes jeff1 = core::from_hex(
        "1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745fc819b55d3e9d294"
        "e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf704bf11ca01483bfa8b34b43561848d28"
        "905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0ca2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9"
        "845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2"
        "032c61a830e3c17286de9462bf242fca2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e7129"
        "7e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395b"
        "c4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa");
    auto r = run(8, jeff1, plenty, Revision::Istanbul);
    CHECK(r.output == word(1));
    CHECK(plenty - r.gas_left == 113000);  // 45000 + 2 * 34000
    CHECK(plenty - run(8, jeff1, plenty, Revision::Byzantium).gas_left == 100000 + 2 * 80000);
    // Length not a multiple of 192; G2 point off the twist; coordinate >= p: failures.
    CHECK(run(8, Bytes(191, 0), plenty).status == StatusCode::PrecompileFailure);
    Bytes bad = concat({g, q});
    bad.back() ^= 1;
    CHECK(run(8, bad, plenty).status == StatusCode::PrecompileFailure);
    bad = concat({g, q});
    const Bytes big = mpz_bytes(bn_p, 32);
    std::copy(big.begin(), big.end(), bad.begin() + 64);
    CHECK(run(8, bad, plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(8, jeff1, 112999, Revision::Istanbul).status == StatusCode::OutOfGas);
}

TEST_CASE("kzg point evaluation: constant polynomials, malformed input, gas", "[precompiles][kzg]") {
    // For the constant polynomial p(x) = c the commitment is [c]G1 and the quotient is 0, so the proof is the
    // point at infinity and p(z) = c for every z. With c = 1 the commitment is the compressed G1 generator.
    const Bytes g1_gen = core::from_hex(
        "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb");
    Bytes infinity(48, 0);
    infinity[0] = 0xc0;
    const mpz_class bls_r("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);
    auto versioned = [](const Bytes& commitment) {
        Bytes h = run(2, commitment, plenty).output;  // sha256 through the precompile tested above
        h[0] = 0x01;
        return h;
    };
    auto input = [&](const Bytes& commitment, const mpz_class& z, const mpz_class& y, const Bytes& proof) {
        return concat({versioned(commitment), mpz_bytes(z, 32), mpz_bytes(y, 32), commitment, proof});
    };
    const Bytes ok_out = concat({word(4096), mpz_bytes(bls_r, 32)});
    auto r = run(0x0a, input(g1_gen, 12345, 1, infinity), plenty);
    CHECK(r.status == StatusCode::Success);
    CHECK(r.output == ok_out);
    CHECK(r.gas_left == plenty - 50000);
    CHECK(run(0x0a, input(g1_gen, 0, 1, infinity), plenty).output == ok_out);
    CHECK(run(0x0a, input(infinity, 777, 0, infinity), plenty).output == ok_out);  // c = 0
    // Wrong value, or a non-zero proof for a constant: the pairing check fails.
    CHECK(run(0x0a, input(g1_gen, 12345, 2, infinity), plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(0x0a, input(infinity, 777, 1, infinity), plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(0x0a, input(g1_gen, 12345, 1, g1_gen), plenty).status == StatusCode::PrecompileFailure);
    // Malformed: wrong length, versioned hash mismatch, z or y >= r, bad point encodings.
    Bytes in = input(g1_gen, 5, 1, infinity);
    CHECK(run(0x0a, Bytes(in.begin(), in.end() - 1), plenty).status == StatusCode::PrecompileFailure);
    Bytes bad = in;
    bad[5] ^= 1;
    CHECK(run(0x0a, bad, plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(0x0a, input(g1_gen, bls_r, 1, infinity), plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(0x0a, input(g1_gen, 5, bls_r + 1, infinity), plenty).status == StatusCode::PrecompileFailure);
    Bytes uncompressed_flag = g1_gen;
    uncompressed_flag[0] &= 0x7f;
    CHECK(run(0x0a, input(uncompressed_flag, 5, 1, infinity), plenty).status == StatusCode::PrecompileFailure);
    Bytes wrong_sign = g1_gen;
    wrong_sign[0] ^= 0x20;  // the other y: -G1, which is not the constant 1
    CHECK(run(0x0a, input(wrong_sign, 5, 1, infinity), plenty).status == StatusCode::PrecompileFailure);
    Bytes bad_infinity = infinity;
    bad_infinity[47] = 1;
    CHECK(run(0x0a, input(g1_gen, 5, 1, bad_infinity), plenty).status == StatusCode::PrecompileFailure);
    CHECK(run(0x0a, in, 49999).status == StatusCode::OutOfGas);
}

TEST_CASE("every precompile is implemented at Osaka: none reports 'unsupported'", "[precompiles]") {
    for (unsigned id : {0x01u, 0x02u, 0x03u, 0x04u, 0x05u, 0x06u, 0x07u, 0x08u, 0x09u, 0x0au, 0x0bu, 0x0cu, 0x0du,
                        0x0eu, 0x0fu, 0x10u, 0x11u, 0x100u})
        CHECK(run(id, Bytes(64, 0), plenty, Revision::Osaka).unsupported == nullptr);
}

TEST_CASE("p256verify: a Wycheproof signature, its mutations, the EIP-7951 input checks, gas", "[precompiles][p256]") {
    // Wycheproof ecdsa_secp256r1_sha256_p1363_test #1 (the first vector of EIP-7951's assets): h | r | s | qx | qy.
    const Bytes good = core::from_hex(
        "bb5a52f42f9c9261ed4361f59422a1e30036e7c32b270c8807a419feca605023"
        "2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e18"
        "4cd60b855d442f5b3c7b11eb6c4e0ae7525fe710fab9aa7c77a67f79e6fadd76"
        "2927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838"
        "c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e7341513e");
    const std::string one = std::string(63, '0') + "1";
    const mpz_class n("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    const mpz_class p("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    auto field = [](const Bytes& in, size_t at) { return mpz_class(core::to_hex(Bytes(in.begin() + at, in.begin() + at + 32)), 16); };
    auto with = [&](size_t at, const mpz_class& v) {
        Bytes b = good;
        std::string h = v.get_str(16);
        h.insert(0, 64 - h.size(), '0');
        const Bytes w = core::from_hex(h);
        std::copy(w.begin(), w.end(), b.begin() + at);
        return b;
    };
    auto verifies = [](const Bytes& in) {
        const auto r = run(0x100, in, 6900, Revision::Osaka);
        REQUIRE(r.status == StatusCode::Success);
        CHECK(r.gas_left == 0);
        return hex(r.output);
    };
    CHECK(verifies(good) == one);
    CHECK(verifies(with(64, n - field(good, 64))) == one);  // (r, n - s) verifies too: no low-s rule
    Bytes flipped = good;
    flipped[5] ^= 1;
    CHECK(verifies(flipped).empty());  // another hash
    const mpz_class top = (mpz_class(1) << 256) - 1;
    CHECK(verifies(with(32, top)).empty());
    CHECK(verifies(with(32, 0)).empty());
    CHECK(verifies(with(32, n)).empty());
    CHECK(verifies(with(64, 0)).empty());
    CHECK(verifies(with(64, n)).empty());
    CHECK(verifies(with(128, field(good, 128) + 1)).empty());  // off the curve
    CHECK(verifies(with(96, p)).empty());  // coordinates must be below p
    CHECK(verifies(with(128, field(good, 128))) == one);  // the helper rewrites a field faithfully
    CHECK(verifies(with(128, top)).empty());
    CHECK(verifies(with(128, 0)).empty());
    CHECK(verifies(with(96, 0)).empty());
    Bytes infinity = with(96, 0);
    std::fill(infinity.begin() + 128, infinity.end(), 0);
    CHECK(verifies(infinity).empty());
    Bytes longer = good;
    longer.push_back(0);
    CHECK(verifies(longer).empty());
    CHECK(verifies(Bytes(good.begin(), good.end() - 1)).empty());
    CHECK(verifies({}).empty());
    CHECK(run(0x100, good, 6899, Revision::Osaka).status == StatusCode::OutOfGas);
    CHECK(run(0x100, good, 10000, Revision::Osaka).gas_left == 3100);
}
