// `trellis-evm bench --precompiles DIR` (see bench.hpp): times every precompile at Osaka and reports gas per second
// per precompile and input size, beside ECRECOVER, the gas schedule's calibration point (EIP-2537 "Gas schedule":
// "Assuming EcRecover precompile as a baseline"). Inputs: the success vectors of the EIPs under DIR (EIP-2537
// BLS12-381, EIP-7951 P256VERIFY, valid signatures only) and built-in inputs for the older precompiles.
#include <time.h>

#include <cryptopp/sha.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench.hpp"
#include "bls12_381.hpp"
#include "fixture_json.hpp"
#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/evm/precompiles.hpp"
#include "trellis/evm/precompiletest.hpp"
#include "trellis/evm/statetest.hpp"

namespace trellis::evm {
namespace {

namespace fs = std::filesystem;
using fixture::json;

constexpr int64_t call_gas = int64_t{1} << 40;

/// Inputs of one precompile and input size; `expected` (if not empty) is each input's output.
struct Group {
    std::string name;
    unsigned id = 0;
    std::vector<core::Bytes> inputs;
    std::vector<core::Bytes> expected;
};

Address precompile(unsigned id) {
    Address a;
    a.bytes[18] = static_cast<uint8_t>(id >> 8);
    a.bytes[19] = static_cast<uint8_t>(id);
    return a;
}

double cpu_us() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

core::Bytes hex(std::string_view h) { return core::from_hex(h); }

core::Bytes cat(std::initializer_list<core::Bytes> parts) {
    core::Bytes out;
    for (const core::Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

/// `count` distinct points k G (k = 2, 3, ...) in the precompile's own output encoding, made by a multiplication
/// precompile from the generator pair `base` (encoded point, then a 32-byte scalar that is overwritten).
std::vector<core::Bytes> distinct_points(unsigned mul_id, core::Bytes base, size_t count) {
    std::vector<core::Bytes> out;
    for (size_t k = 2; out.size() < count; ++k) {
        std::fill(base.end() - 32, base.end(), 0);
        base[base.size() - 1] = static_cast<uint8_t>(k);
        base[base.size() - 2] = static_cast<uint8_t>(k >> 8);
        const PrecompileResult r = run_precompile(precompile(mul_id), base.data(), base.size(), call_gas, Revision::Osaka);
        if (r.status != StatusCode::Success) throw core::Error(fmt::format("bench: precompile {:#x} failed", mul_id));
        out.push_back(r.output);
    }
    return out;
}

/// Additions of `count` distinct pairs of distinct points (P_k + P_{k+1}), so that repeated calls do not train the
/// branch predictor on one input's branches (the binary-GCD inversion's, the field's selects) as the few
/// identical inputs of the vectors would.
Group rotated_additions(const char* name, unsigned add_id, unsigned mul_id, const core::Bytes& base, size_t count) {
    const std::vector<core::Bytes> points = distinct_points(mul_id, base, count + 1);
    Group g{std::string(name) + " (rotated)", add_id, {}, {}};
    for (size_t k = 0; k < count; ++k) g.inputs.push_back(cat({points[k], points[k + 1]}));
    return g;
}

/// Built-in inputs for 0x01-0x0a: published samples and valid points, each a worst or typical case.
std::vector<Group> builtin_groups() {
    std::vector<Group> g;
    // go-ethereum's ecrecover sample (recovers 0xceaccac6...).
    g.push_back({"ECRECOVER", 0x01,
                 {hex("38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
                      "000000000000000000000000000000000000000000000000000000000000001b"
                      "38d18acb67d25c8bb9942764b62f18e17054f66a817bd4295423adf9ed98873e"
                      "789d1dd423d25f0772d2748d60f7e4b81bb14d086eba8e8e8efb6dcff8a4ae02")},
                 {}});
    for (const auto& [name, id] : {std::pair<const char*, unsigned>{"SHA256", 0x02}, {"RIPEMD160", 0x03}, {"IDENTITY", 0x04}})
        for (size_t n : {32u, 1024u}) g.push_back({name, id, {core::Bytes(n, 0xa5)}, {}});
    // MODEXP: all-ones operands (the exponent's every bit set), 32- and 256-byte.
    for (size_t n : {32u, 256u}) {
        core::Bytes len(32, 0);
        len[30] = static_cast<uint8_t>(n >> 8);
        len[31] = static_cast<uint8_t>(n);
        g.push_back({"MODEXP", 0x05, {cat({len, len, len, core::Bytes(3 * n, 0xff)})}, {}});
    }
    // alt_bn128: G1 = (1, 2), -G1 = (1, p - 2), G2 of EIP-197.
    const core::Bytes g1 = hex("0000000000000000000000000000000000000000000000000000000000000001"
                               "0000000000000000000000000000000000000000000000000000000000000002");
    const core::Bytes g1_neg = hex("0000000000000000000000000000000000000000000000000000000000000001"
                                   "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45");
    const core::Bytes g2 = hex("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
                               "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
                               "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
                               "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa");
    g.push_back({"BN254_ADD", 0x06, {cat({g1, g1})}, {}});
    g.push_back({"BN254_MUL", 0x07, {cat({g1, core::Bytes(32, 0xff)})}, {}});
    g.push_back({"BN254_PAIRING", 0x08, {cat({g1, g2, g1_neg, g2})}, {}});
    g.push_back({"BN254_PAIRING", 0x08, {cat({g1, g2, g1_neg, g2, g1, g2, g1_neg, g2, g1, g2, g1_neg, g2})}, {}});
    // BLAKE2F: EIP-152 vector 5 (12 rounds) and the same block with 1,000 rounds.
    const std::string body =
        "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b"
        "6bbd41fbabd9831f79217e1319cde05b616263" +
        std::string(250, '0') + "03000000000000000000000000000000" + "01";
    g.push_back({"BLAKE2F", 0x09, {hex("0000000c" + body)}, {}});
    g.push_back({"BLAKE2F", 0x09, {hex("000003e8" + body)}, {}});
    // KZG: the constant polynomial 1 (commitment = the compressed G1 generator, proof = infinity: one pair in the
    // pairing check), at z = 7; and a real proof (both pairs), EEST's point_evaluation_precompile_external_vectors
    // case verify_kzg_proof_case_correct_proof_31ebd010e6098750.
    const core::Bytes commitment = hex("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb");
    core::Bytes proof(48, 0);
    proof[0] = 0xc0;
    core::Bytes versioned(32);
    CryptoPP::SHA256().CalculateDigest(versioned.data(), commitment.data(), commitment.size());
    versioned[0] = 0x01;
    core::Bytes z(32, 0), y(32, 0);
    z[31] = 7;
    y[31] = 1;
    g.push_back({"KZG_POINT_EVALUATION", 0x0a, {cat({versioned, z, y, commitment, proof})}, {}});
    g.push_back({"KZG_POINT_EVALUATION", 0x0a,
                 {hex("01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b"
                      "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000"
                      "1522a4a7f34e1ea350ae07c29c96c7e79655aa926122e95fe69fcbd932ca49e9"
                      "8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7"
                      "a62ad71d14c5719385c0686f1871430475bf3a00f0aa3f7b8dd99a9abc2160744faf0070725e00b60ad9a026a15b1a8c")},
                 {}});
    // BLS12-381 MSMs at their worst: k pairs of the generator with an all-ones scalar (the vectors' larger MSMs
    // use trivial scalars), k = 1, 2, 4, ..., 128.
    auto fp = [](const mpz_class& v) {
        core::Bytes b(64, 0);
        precompiles::pairing::write_be(b.data() + 16, 48, v);
        return b;
    };
    const auto& bg1 = precompiles::bls::g1_generator();
    const auto& bg2 = precompiles::bls::g2_generator();
    const core::Bytes g1_pair = cat({fp(bg1.x), fp(bg1.y), core::Bytes(32, 0xff)});
    const core::Bytes g2_pair = cat({fp(bg2.x.a), fp(bg2.x.b), fp(bg2.y.a), fp(bg2.y.b), core::Bytes(32, 0xff)});
    // Additions on 64 distinct input pairs each (the vectors' few ADD inputs repeat).
    g.push_back(rotated_additions("BN254_ADD", 0x06, 0x07, cat({g1, core::Bytes(32, 0)}), 64));
    g.push_back(rotated_additions("BLS12_G1ADD", 0x0b, 0x0c, cat({fp(bg1.x), fp(bg1.y), core::Bytes(32, 0)}), 64));
    g.push_back(rotated_additions("BLS12_G2ADD", 0x0d, 0x0e,
                                  cat({fp(bg2.x.a), fp(bg2.x.b), fp(bg2.y.a), fp(bg2.y.b), core::Bytes(32, 0)}), 64));
    for (size_t k = 1; k <= 128; k *= 2) {
        Group m1{"BLS12_G1MSM", 0x0c, {{}}, {}}, m2{"BLS12_G2MSM", 0x0e, {{}}, {}};
        for (size_t i = 0; i < k; ++i) {
            m1.inputs[0].insert(m1.inputs[0].end(), g1_pair.begin(), g1_pair.end());
            m2.inputs[0].insert(m2.inputs[0].end(), g2_pair.begin(), g2_pair.end());
        }
        g.push_back(std::move(m1));
        g.push_back(std::move(m2));
    }
    return g;
}

/// The success vectors under `dir`, grouped by precompile and input size (not the MSMs: built-in worst cases).
std::vector<Group> vector_groups(const std::string& dir) {
    static const std::map<unsigned, const char*> names{
        {0x0b, "BLS12_G1ADD"},   {0x0c, "BLS12_G1MSM"},        {0x0d, "BLS12_G2ADD"},
        {0x0e, "BLS12_G2MSM"},   {0x0f, "BLS12_PAIRING_CHECK"}, {0x10, "BLS12_MAP_FP_TO_G1"},
        {0x11, "BLS12_MAP_FP2_TO_G2"}, {0x100, "P256VERIFY"}};
    std::map<std::pair<unsigned, size_t>, Group> groups;
    for (const std::string& file : collect_json_files({dir})) {
        if (fs::path(file).filename().string().rfind("fail-", 0) == 0) continue;
        const std::optional<Address> addr = precompile_for_vector_file(file);
        if (!addr) continue;
        const unsigned id = (unsigned{addr->bytes[18]} << 8) | addr->bytes[19];
        for (const json& v : fixture::read_json_file(file)) {
            if (!v.contains("Expected")) continue;
            const core::Bytes expected = core::from_hex(v.at("Expected").get<std::string>());
            if (id == 0x100 && expected.empty()) continue;  // P256VERIFY: only signatures that verify (full work)
            const core::Bytes input = core::from_hex(v.at("Input").get<std::string>());
            if (id == 0x0c || id == 0x0e) continue;
            Group& g = groups[{id, input.size()}];
            g.name = names.at(id);
            g.id = id;
            g.inputs.push_back(input);
            g.expected.push_back(expected);
        }
    }
    std::vector<Group> out;
    for (auto& [key, g] : groups) out.push_back(std::move(g));
    return out;
}

}  // namespace

int run_precompile_benchmarks(const std::string& dir, const BenchOptions& options, std::FILE* out) {
    std::vector<Group> groups = builtin_groups();
    if (!fs::is_directory(dir)) throw core::Error(dir + ": not a folder");
    for (Group& g : vector_groups(dir)) groups.push_back(std::move(g));
    if (!options.filter.empty())
        std::erase_if(groups, [&](const Group& g) {
            return g.name.find(options.filter) == std::string::npos && g.name != "ECRECOVER";
        });
    fmt::print(out, "# trellis-evm bench --precompiles: revision Osaka, CPU time per call (minimum of the batches), gas per second "
                    "beside ECRECOVER's (its batches interleaved with each group's)\n\n");
    fmt::print(out, "| {:<22} | {:>11} | {:>6} | {:>9} | {:>12} | {:>8} | {:>12} |\n|---|---:|---:|---:|---:|---:|---:|\n",
               "precompile", "input bytes", "inputs", "gas", "us per call", "Mgas/s", "vs ECRECOVER");
    int failures = 0;
    std::vector<std::string> slower;
    // CPU time per call of one batch: all inputs of g, `rounds` times.
    auto time_batch = [](const Group& g, int rounds) {
        const double t0 = cpu_us();
        for (int r = 0; r < rounds; ++r)
            for (const core::Bytes& in : g.inputs)
                (void)run_precompile(precompile(g.id), in.data(), in.size(), call_gas, Revision::Osaka);
        return (cpu_us() - t0) / (rounds * static_cast<double>(g.inputs.size()));
    };
    // Rounds for a batch of >= ~2 ms, from one warm-up batch.
    auto batch_rounds = [&](const Group& g) {
        const double per_call = time_batch(g, 1);
        return std::max(1, static_cast<int>(2000.0 / (per_call * static_cast<double>(g.inputs.size()))));
    };
    const Group& ecrecover = groups.front();  // builtin_groups() puts it first; the filter keeps it
    if (ecrecover.id != 0x01) throw core::Error("bench: ECRECOVER is not the first group");
    const int ecrecover_rounds = batch_rounds(ecrecover);
    for (const Group& g : groups) {
        // One checked call per input (status, and output where the vector gives it) also gives the gas.
        int64_t gas = 0;
        bool ok = true;
        for (size_t i = 0; i < g.inputs.size(); ++i) {
            const PrecompileResult r = run_precompile(precompile(g.id), g.inputs[i].data(), g.inputs[i].size(),
                                                      call_gas, Revision::Osaka);
            if (r.status != StatusCode::Success || (!g.expected.empty() && r.output != g.expected[i])) ok = false;
            gas += call_gas - r.gas_left;
        }
        if (!ok) {
            ++failures;
            fmt::print(out, "| {:<22} | {:>11} | FAILED: a call did not succeed with the expected output |\n", g.name,
                       g.inputs[0].size());
            continue;
        }
        const double gas_per_call = static_cast<double>(gas) / static_cast<double>(g.inputs.size());
        // Batches of all inputs repeated to >= ~2 ms, 5 (or --repeat), each followed by a batch of ECRECOVER, so the
        // ratio compares times taken side by side (the machine's load changes within a run); the minimum of each (the
        // batch least disturbed by other processes: on a loaded machine the median moves by +-20 % between runs).
        std::vector<double> samples, ecrecover_samples;
        const int rounds = batch_rounds(g);
        const int batches = options.repeat > 0 ? options.repeat : 5;
        for (int b = 0; b < batches; ++b) {
            samples.push_back(time_batch(g, rounds));
            ecrecover_samples.push_back(time_batch(ecrecover, ecrecover_rounds));
        }
        const double us = *std::min_element(samples.begin(), samples.end());
        const double rate = gas_per_call / us;  // gas per us = Mgas/s
        const double ecrecover_rate = 3000.0 / *std::min_element(ecrecover_samples.begin(), ecrecover_samples.end());
        const double vs = rate / ecrecover_rate;
        if (vs < 1 && g.id != 0x01) slower.push_back(fmt::format("{} ({} bytes)", g.name, g.inputs[0].size()));
        fmt::print(out, "| {:<22} | {:>11} | {:>6} | {:>9.0f} | {:>12.2f} | {:>8.1f} | {:>11.2f}x |\n", g.name,
                   g.inputs[0].size(), g.inputs.size(), gas_per_call, us, rate, vs);
        std::fflush(out);
    }
    fmt::print(out, "\nslower per gas than ECRECOVER (underpriced in time on Trellis): {}\n",
               slower.empty() ? std::string("none") : fmt::format("{}", fmt::join(slower, ", ")));
    fmt::print(out, "{} group(s) failed their checks\n", failures);
    return failures ? 1 : 0;
}

}  // namespace trellis::evm
