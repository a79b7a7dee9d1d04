/// @file interpreter.hpp
/// The baseline EVM interpreter: raw bytecode, jumpdest analysis (bitmap over padded code), a 1024-item stack of
/// 256-bit words on the VM's frame stack, gas per the revision's schedule, run by any dispatch strategy.
#pragma once
#include <cstdint>
#include <cstdio>

#include "trellis/dispatch/strategy.hpp"
#include "trellis/evm/host.hpp"

namespace trellis::evm {

/// Per-run options that do not change semantics.
struct ExecOptions {
    dispatch::Strategy dispatch = dispatch::Strategy::Switch;
    /// EIP-3155 tracing: one JSON line per instruction to this stream (nullptr: tracing off, zero cost).
    std::FILE* trace = nullptr;
};

/// Executes `code` for message `msg` against `host` under revision `rev`.
/// Returns status, gas left, refund and output. Never throws for any bytecode (bad bytecode ends in an
/// exceptional-halt status). Nested calls go through host.call(), which re-enters execute().
Result execute(Host& host, Revision rev, const Message& msg, const uint8_t* code, size_t code_size,
               const ExecOptions& options = {});

}  // namespace trellis::evm
