/// @file interpreter.hpp
/// The baseline EVM interpreter: raw bytecode, jumpdest analysis (bitmap over padded code), a 1024-item stack of
/// 256-bit words on the VM's frame stack, gas per the revision's schedule, run by any dispatch strategy.
/// Spec: Yellow Paper (Berlin version) sections 8-9 and appendices G-H, plus the EIPs of each later revision
/// through Cancun and EIP-7939 (CLZ, Osaka). Prague adds no legacy opcodes; its one interpreter-side change is the
/// EIP-7702 access charge (100 warm / 2600 cold) for the delegate of a CALL target holding a delegation designator.
///
/// ## Frame stack
/// Each thread that calls execute() owns one core::FrameStack (thread_local, created on first use, 512 MiB of
/// address space reserved lazily with MAP_NORESERVE). Every execute() pushes one frame: 1024 * 32 bytes of stack
/// plus its padded code and JUMPDEST bitmap; nested calls (host.call -> execute) push theirs on top, and each
/// frame is popped when its execute() returns. Depth 1024 needs about 33 MiB plus the code of every frame.
///
/// ## What the interpreter does, and what the Host must do
/// The interpreter computes all gas of the instructions it runs: static gas, memory expansion, EIP-2929 cold
/// surcharges (from the AccessStatus the host returns), SSTORE cost and refund (from the StorageStatus), the CALL
/// family's value/new-account/stipend charges and the EIP-150 63/64 rule, CREATE's EIP-3860 initcode limit and
/// word cost, CREATE2's hashing cost, and the SELFDESTRUCT charges/refund. It also refuses nested calls at depth
/// 1024 and when the caller's balance is below the value (both push 0 and return the callee's gas, with no
/// host.call), and raises StaticModeViolation for state changes inside STATICCALL.
///
/// Host::call(msg) must, for CallKind::Call/CallCode/DelegateCall: take a snapshot, transfer msg.value (not for
/// DelegateCall), run precompiles, or execute() the code of msg.code_address with the same Revision and
/// ExecOptions (so traces and the dispatch strategy carry into nested frames), revert the snapshot on any
/// non-Success status, and return the callee's Result (gas_left is 0 after an exceptional halt).
/// For CallKind::Create/Create2 the host does everything about the new account: bump the sender's nonce (failing
/// at 2^64-1), compute the address (sender+nonce, or EIP-1014 from msg.create2_salt and keccak256 of msg.input),
/// warm it (EIP-2929), check collision (nonce or code already present: failure, all gas consumed), transfer the
/// value, run the init code (msg.input) with execute(), then apply EIP-3541 (code starting with 0xEF fails,
/// London+), EIP-170 (code size above 24576 fails, Spurious Dragon+) and the code deposit cost of 200 gas per
/// byte (if unaffordable: failure from Homestead on; in Frontier the account is created with empty code), and
/// return Result::create_address on success with an empty output (output = revert data on Revert).
/// The message's input pointer points into the caller's memory and is valid only during host.call.
/// Intrinsic gas, the refund cap and the transaction-level rules (EIP-3651 warm coinbase, access lists,
/// EIP-6780 SELFDESTRUCT semantics in Host::selfdestruct) are the host's.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "trellis/dispatch/strategy.hpp"
#include "trellis/evm/host.hpp"

namespace trellis::evm {

/// Address space (bytes) each thread reserves for interpreter frames (see "Frame stack" above).
inline constexpr size_t frame_stack_capacity = size_t{512} << 20;

/// The execution model (`--interpreter=auto|baseline|schedule`); all have the same semantics.
enum class Interpreter {
    Baseline,  ///< raw bytecode, per-instruction checks
    Schedule,  ///< pre-decoded stream with per-block gas/stack checks, cached per thread (src/schedule.hpp)
    /// Baseline while a code is cold, its schedule once it is hot: a schedule already cached for it, or its
    /// baseline runs on this thread have used gas or calls past the thresholds of src/schedule.hpp (measured
    /// in docs/performance.md). A baseline run that crosses the gas threshold itself tiers up at its next taken
    /// jump: the schedule is built and the frame continues in it from the destination JUMPDEST (same gas,
    /// stack, memory and status as the baseline would give).
    Auto,
};

/// "baseline", "schedule" or "auto" (the `--interpreter` spelling).
std::string_view interpreter_name(Interpreter interpreter) noexcept;

/// Per-run options that do not change semantics.
struct ExecOptions {
    dispatch::Strategy dispatch = dispatch::Strategy::Switch;
    /// Execution model. With `trace` set, the schedule interpreter runs the frame in the baseline loop (the
    /// EIP-3155 trace is per instruction).
    Interpreter interpreter = Interpreter::Baseline;
    /// EIP-3155 tracing: one JSON line per instruction to this stream (nullptr: tracing off, zero cost).
    /// Each line is written before the instruction runs: {"pc","op","gas","gasCost","memSize","stack","depth",
    /// "refund","opName"}; gasCost is the static part. The summary line (output, gasUsed) is the runner's.
    std::FILE* trace = nullptr;
};

/// Executes `code` (code_size bytes) for message `msg` against `host` under revision `rev`, starting with
/// msg.gas gas. Returns the status; on Success or Revert gas_left and output (RETURN/REVERT data); on Success
/// gas_refund (this frame's and its successful callees' refund counter, possibly negative per EIP-2200). After
/// an exceptional halt gas_left is 0. Never throws for any bytecode. Nested calls go through host.call(), which
/// re-enters execute(). InternalError only if the thread's frame stack cannot be reserved or is exhausted.
Result execute(Host& host, Revision rev, const Message& msg, const uint8_t* code, size_t code_size,
               const ExecOptions& options = {});

}  // namespace trellis::evm
