/// @file bench.hpp
/// `trellis-evm bench`: the evmone benchmark set (ipsilon/evm-benchmarks, state-test JSON; see
/// shared/testdata/evm/benchmarks/README.md) run the way evmone-bench runs it: each benchmark's code executed
/// directly as a message call (no transaction, 1e9 gas, an empty in-memory host) with each input, at revision
/// Istanbul by default. Outputs, status and gas are checked against expected_outputs.json. Times are CPU time of
/// the running thread (CLOCK_THREAD_CPUTIME_ID), as the evmone reference timings are, so a loaded machine skews
/// them less than wall-clock time would.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "trellis/dispatch/strategy.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/types.hpp"

namespace trellis::evm {

/// Options of one `bench` run.
struct BenchOptions {
    /// x every strategy
    std::vector<Interpreter> interpreters{Interpreter::Auto, Interpreter::Baseline, Interpreter::Schedule};
    std::vector<dispatch::Strategy> strategies;  ///< empty: every strategy compiled into the binary
    Revision rev = Revision::Istanbul;           ///< evmone-bench's default revision
    int repeat = 0;                              ///< timed runs per case; 0: adaptive (>= 5 runs and ~0.3 s)
    std::string filter;                          ///< only cases whose "suite/name/input" contains this text
};

/// Runs the benchmarks under `dir` (a folder with main/ and micro/ and expected_outputs.json; the evmone
/// reference timings are read from dir/../REFERENCE_TIMINGS_evmone.md if present) and prints to `out`:
/// one line per case and pair for execution only (baseline: JUMPDEST analysis done once; schedule: taken from
/// the cache) and for analysis + execution (execute(); the schedule cache is emptied before every run)
/// (`NAME/INPUT  <median> us  <gas> gas  <Mgas/s>`), then ratio tables between the pairs and against evmone.
/// Returns 0, or 1 if any case's status/output/gas differs from the expected outputs.
/// Throws core::Error for an unreadable folder or file.
int run_benchmarks(const std::string& dir, const BenchOptions& options, std::FILE* out);

}  // namespace trellis::evm
