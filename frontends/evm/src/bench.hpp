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

/// `bench --precompiles DIR`: times every precompile at Osaka (CPU time per call, the minimum of batches of >= ~2 ms;
/// options.repeat batches, default 5, each followed by a batch of ECRECOVER, whose minimum over those batches is the
/// group's reference) on built-in inputs for 0x01-0x0a (ECRECOVER's go-ethereum sample, 32- and
/// 1024-byte hashes, all-ones MODEXP operands of 32 and 256 bytes, alt_bn128 generators, BLAKE2F with 12 and 1,000
/// rounds, a KZG proof of the constant polynomial and a real one, BLS12-381 MSMs of 1, 2, 4, ..., 128 generator pairs
/// with all-ones scalars, BN254_ADD, BLS12_G1ADD and BLS12_G2ADD on 64 distinct pairs of points each, made by the
/// multiplication precompiles) and on the success vectors under DIR (EIP-2537 by precompile and input size, not the MSMs, whose larger
/// vectors have trivial scalars; EIP-7951's valid signatures). Prints per group the gas, the time
/// per call, Mgas/s and the ratio to ECRECOVER's Mgas/s, then the groups slower per gas than ECRECOVER.
/// options.filter keeps the groups whose name contains it (and ECRECOVER). Returns 1 if a call failed or gave
/// another output than its vector's, else 0.
int run_precompile_benchmarks(const std::string& dir, const BenchOptions& options, std::FILE* out);

}  // namespace trellis::evm
