/// @file repl.hpp
/// The interactive EVM REPL of `trellis-evm` (started with no arguments).
#pragma once
#include <cstdio>

#include "trellis/dispatch/strategy.hpp"

namespace trellis::evm {

/// Runs the REPL on `in`/`out` until `:quit` or end of input. Lines are assembly (`PUSH1 2 PUSH1 3 ADD`) or
/// `0x` hex bytecode, run as a message call to one contract whose storage persists between lines; `:`-commands
/// step through the last run, change revision, gas or input, and show help. Uses core::LineReader (libedit
/// loaded on demand: history in ~/.trellis_evm_history, editing)
/// when `in` is a terminal. Every error is printed and the session goes on. Returns the process exit code (0).
int run_repl(dispatch::Strategy strategy, std::FILE* in = stdin, std::FILE* out = stdout);

}  // namespace trellis::evm
