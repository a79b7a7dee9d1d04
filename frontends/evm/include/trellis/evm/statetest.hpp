/// @file statetest.hpp
/// The Ethereum conformance fixtures: loading filled GeneralStateTests (ethereum/tests and the EEST flavour) and
/// legacy VMTests, running them, and the runners behind `trellis-evm statetest` / `trellis-evm vmtest`.
/// Formats: shared/testdata/evm/README.md (state root and logs hash recipes, BLOCKHASH convention).
#pragma once
#include <array>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/dispatch/strategy.hpp"
#include "trellis/evm/state.hpp"
#include "trellis/evm/transaction.hpp"

namespace trellis::evm {

/// The `transaction` template of a state test: scalar fields in `base`, plus the three indexed arrays.
struct TxTemplate {
    Transaction base;                       ///< everything but data, gas limit, value, access list
    std::vector<core::Bytes> data;
    std::vector<int64_t> gas_limits;        ///< clamped to INT64_MAX (the block gas limit check rejects them)
    std::vector<std::optional<uint256>> values;  ///< nullopt: not representable (>= 2^256) -> RLP_INVALID_VALUE
    std::vector<std::vector<AccessListEntry>> access_lists;  ///< parallel to data, empty if absent
    bool invalid_field = false;             ///< a scalar field did not fit its type
};

/// One expected result (`post[fork][i]`).
struct PostEntry {
    std::string fork;          ///< as spelled in the file
    std::optional<Revision> rev;
    int data = 0, gas = 0, value = 0;
    Bytes32 hash;              ///< expected state root
    Bytes32 logs;              ///< expected logs hash
    std::string expect_exception;  ///< empty: the transaction must be valid
};

/// One filled state test.
struct StateTest {
    std::string name;
    std::string file;
    State pre;
    BlockInfo env;
    TxTemplate tx;
    std::vector<PostEntry> posts;
    /// EEST `config.blobSchedule`: fork name -> (max blobs, base fee update fraction).
    std::map<std::string, std::pair<uint64_t, uint64_t>> blob_schedule;
};

/// Loads every test of a state-test JSON file. Throws core::Error naming the file on unreadable or malformed
/// JSON and on fields of the wrong shape.
std::vector<StateTest> load_state_tests(const std::string& path);

/// The concrete transaction of `post` (indexes into the template). Returns TxError::RlpInvalidValue when a
/// field does not fit its type, else TxError::None.
TxError build_transaction(const StateTest& test, const PostEntry& post, Transaction& out);

/// Outcome of running one post entry.
struct CaseResult {
    bool passed = false;
    Bytes32 root;              ///< computed state root
    Bytes32 logs;              ///< computed logs hash
    TxError error = TxError::None;
    StatusCode status = StatusCode::Success;
    int64_t gas_used = 0;
    const char* unsupported_precompile = nullptr;
    std::string message;       ///< why it failed
    State post;                ///< the state after the transaction (for --dump)
};

/// Runs one post entry of `test` on a copy of its pre-state and compares root, logs and exception.
CaseResult run_state_test_case(const StateTest& test, const PostEntry& post, const ExecOptions& options);

/// Options of the state-test runner.
struct StateTestOptions {
    std::optional<std::string> fork;   ///< only this fork's post entries
    dispatch::Strategy dispatch = dispatch::Strategy::Switch;
    Interpreter interpreter = Interpreter::Baseline;  ///< execution model (--interpreter)
    std::optional<std::array<int, 3>> only_case;  ///< data:gas:value indexes
    bool trace = false;                ///< EIP-3155 trace of each executed case to stderr
    bool dump = false;                 ///< print the post-state of each failing case
    /// Threads running files (statetest -j N): each file's tests on one thread, nothing shared but the file list;
    /// the output is the same as with one thread. Tracing forces 1.
    unsigned jobs = 1;
};

/// Prints the accounts of `state` (sorted by address: nonce, balance, code size, non-zero storage) to `out`.
void dump_state(const State& state, std::FILE* out);

/// Runs every state test found under `paths` (files or folders, recursively, sorted; on options.jobs threads),
/// printing one line per folder (with the summed run time of its files), every failure with the command to rerun it, the cases that need a missing precompile, and the final
/// line "N passed, M failed, K skipped" (a case is skipped only for an unknown fork or a missing precompile, with
/// the reasons listed). Returns 0 if nothing failed and nothing was skipped, 1 otherwise.
int run_state_tests(const std::vector<std::string>& paths, const StateTestOptions& options, std::FILE* out);

/// Runs every legacy VMTest under `paths` (exec.code run directly in the exec environment; gas left, output, logs
/// hash and post accounts compared; no `post` means an exceptional halt is expected). Frontier schedule unless
/// `rev` says otherwise; `interpreter` picks the execution model (baseline or schedule). Prints per-folder counts
/// and "N passed, M failed, 0 skipped" (nothing is ever skipped). Returns 0 if nothing failed.
int run_vm_tests(const std::vector<std::string>& paths, dispatch::Strategy dispatch, std::FILE* out,
                 Revision rev = Revision::Frontier, Interpreter interpreter = Interpreter::Baseline);

/// The JSON files under `paths` (a file is taken as is; folders recursively), sorted; throws core::Error for a
/// path that does not exist.
std::vector<std::string> collect_json_files(const std::vector<std::string>& paths);

}  // namespace trellis::evm
