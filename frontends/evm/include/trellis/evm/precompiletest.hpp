/// @file precompiletest.hpp
/// The runner behind `trellis-evm precompiletest`: JSON vector files of single precompile calls, in the format of
/// the EIPs' own assets (EIP-2537 `assets/eip-2537/*.json`, EIP-7951 `assets/eip-7951/test-vectors.json`):
/// a list of `{Input, Expected, Gas, Name}` (the call succeeds with output Expected and costs Gas) or, in files
/// named `fail-*`, `{Input, ExpectedError, Name}` (the call fails). See shared/testdata/evm/README.md.
#pragma once
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "trellis/evm/types.hpp"

namespace trellis::evm {

/// Options of run_precompile_tests.
struct PrecompileTestOptions {
    /// The precompile to call; nullopt: chosen per file from its name (precompile_for_vector_file).
    std::optional<Address> address;
    /// The gas every successful call must cost, instead of each vector's `Gas` (the EIP-7951 vectors carry a
    /// draft's 3450, the adopted price is 6900).
    std::optional<int64_t> expect_gas;
    Revision rev = Revision::Osaka;
};

/// The precompile a vector file exercises, from its file name: `add_G1` 0x0b, `msm_G1`/`mul_G1` 0x0c,
/// `add_G2` 0x0d, `msm_G2`/`mul_G2` 0x0e, `pairing_check` 0x0f, `map_fp_to_G1` 0x10, `map_fp2_to_G2` 0x11
/// (EIP-2537); a path naming `p256` or `7951` 0x100 (EIP-7951). nullopt if none matches.
std::optional<Address> precompile_for_vector_file(const std::string& path);

/// Runs every vector of the `.json` files in `paths` (files or folders, recursively; other files are ignored):
/// each call gets 2^40 gas; a success vector passes when the call succeeds with exactly `Expected` as output
/// (empty `Expected`: empty output) and costs `Gas` (or options.expect_gas); a `fail-*` vector passes when the call
/// fails. Prints each failure (file, name, expected vs got) and a line per file, then
/// `N passed, M failed, K skipped` (a vector is skipped only when its precompile is unimplemented, with the
/// reason). Returns 0 only when nothing failed and nothing was skipped; a file that cannot be read or whose
/// precompile cannot be told counts as one failure.
int run_precompile_tests(const std::vector<std::string>& paths, const PrecompileTestOptions& options, std::FILE* out);

}  // namespace trellis::evm
