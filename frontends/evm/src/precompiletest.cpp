/// @file precompiletest.cpp
/// The precompile vector runner (precompiletest.hpp): the EIP-2537 and EIP-7951 JSON vectors
/// (shared/testdata/evm/precompiles, README section "Added later") run one call each through run_precompile.
#include "trellis/evm/precompiletest.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <utility>

#include "fixture_json.hpp"
#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/evm/precompiles.hpp"
#include "trellis/evm/statetest.hpp"

namespace trellis::evm {

namespace fs = std::filesystem;
using fixture::json;

std::optional<Address> precompile_for_vector_file(const std::string& path) {
    static const std::pair<const char*, unsigned> table[] = {
        {"add_G1", 0x0b},        {"msm_G1", 0x0c},        {"mul_G1", 0x0c},    {"add_G2", 0x0d},
        {"msm_G2", 0x0e},        {"mul_G2", 0x0e},        {"pairing_check", 0x0f}, {"map_fp_to_G1", 0x10},
        {"map_fp2_to_G2", 0x11}, {"p256", 0x100},          {"7951", 0x100},
    };
    const std::string name = fs::path(path).filename().string();
    for (const auto& [key, id] : table) {
        const bool in_name = name.find(key) != std::string::npos;
        const bool in_path = id == 0x100 && path.find(key) != std::string::npos;
        if (in_name || in_path) {
            Address a;
            a.bytes[18] = static_cast<uint8_t>(id >> 8);
            a.bytes[19] = static_cast<uint8_t>(id & 0xff);
            return a;
        }
    }
    return std::nullopt;
}

int run_precompile_tests(const std::vector<std::string>& paths, const PrecompileTestOptions& options, std::FILE* out) {
    const auto t0 = std::chrono::steady_clock::now();
    constexpr int64_t call_gas = int64_t{1} << 40;
    size_t passed = 0, failed = 0, skipped = 0;
    std::map<std::string, size_t> skip_reasons;
    for (const std::string& file : collect_json_files(paths)) {
        const std::optional<Address> addr = options.address ? options.address : precompile_for_vector_file(file);
        json vectors;
        try {
            if (!addr) throw core::Error("no precompile for this file name (use --address)");
            vectors = fixture::read_json_file(file);
            if (!vectors.is_array()) throw core::Error("expected a JSON list of vectors");
        } catch (const std::exception& e) {
            std::fprintf(out, "FAIL %s\n  cannot run: %s\n", file.c_str(), e.what());
            ++failed;
            continue;
        }
        const bool fail_file = fs::path(file).filename().string().rfind("fail-", 0) == 0;
        size_t file_passed = 0, file_failed = 0;
        for (const json& v : vectors) {
            std::string name = "?", why;
            try {
                name = v.value("Name", std::string("?"));
                const core::Bytes input = core::from_hex(v.at("Input").get<std::string>());
                const PrecompileResult r = run_precompile(*addr, input.data(), input.size(), call_gas, options.rev);
                if (r.unsupported) {
                    ++skipped;
                    ++skip_reasons[std::string("needs precompile ") + r.unsupported];
                    continue;
                }
                const int64_t used = call_gas - r.gas_left;
                if (fail_file || v.contains("ExpectedError")) {
                    if (r.status == StatusCode::Success)
                        why = "expected failure (" + v.value("ExpectedError", std::string("error")) +
                              "), got success with output " + core::to_hex_0x(r.output);
                } else {
                    const core::Bytes expected = core::from_hex(v.at("Expected").get<std::string>());
                    const int64_t gas = options.expect_gas ? *options.expect_gas : v.at("Gas").get<int64_t>();
                    if (r.status != StatusCode::Success)
                        why = "expected success, got " + std::string(status_name(r.status));
                    else if (r.output != expected)
                        why = "output " + core::to_hex_0x(r.output) + ", expected " + core::to_hex_0x(expected);
                    else if (used != gas)
                        why = "gas used " + std::to_string(used) + ", expected " + std::to_string(gas);
                }
            } catch (const std::exception& e) {
                why = std::string("bad vector: ") + e.what();
            }
            if (why.empty()) {
                ++passed;
                ++file_passed;
            } else {
                ++failed;
                ++file_failed;
                std::fprintf(out, "FAIL %s: %s\n  %s\n", file.c_str(), name.c_str(), why.c_str());
            }
        }
        std::fprintf(out, "%s: %zu passed, %zu failed\n", file.c_str(), file_passed, file_failed);
        std::fflush(out);
    }
    for (const auto& [reason, n] : skip_reasons) std::fprintf(out, "skipped %zu: %s\n", n, reason.c_str());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(out, "time: %.1f s\n%zu passed, %zu failed, %zu skipped\n", secs, passed, failed, skipped);
    return failed || skipped ? 1 : 0;
}

}  // namespace trellis::evm
