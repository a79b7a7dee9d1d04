/// @file interpreter.hpp
/// The Zexus interpreter for embedders and the `trellis-zx` binary: a tree-walking evaluator of LANGUAGE.md
/// §1-§10 on the shared value core and GC (one gc::Heap per Interpreter, evaluator temporaries on a FrameStack
/// registered with it). Follows the tree-walker semantics with the Trellis decisions of LANGUAGE.md §0.
///
/// Errors: syntax errors and uncaught runtime errors are reported on the error stream as
/// `❌ Error: MESSAGE` followed by `  at FILE:LINE:COLUMN`; run_file/run_source then return exit status 1.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "trellis/core/value.hpp"
#include "trellis/dispatch/strategy.hpp"

namespace trellis::zexus {

/// Which execution tier runs the program (`--tier=tree|vm|auto`). Output is identical in every tier.
enum class Tier : uint8_t {
    tree,  ///< the tree-walking evaluator only
    vm,    ///< compile every function and loop to bytecode before its first run (constructs the compiler does
           ///< not cover stay in the tree walker for that function or loop)
    auto_, ///< start in the tree walker; hot loops and often-called functions tier up to bytecode (default)
};

/// Where a program's output goes: `print` text and error reports. The default writes to stdout/stderr.
class Output {
public:
    virtual ~Output() = default;
    /// Text printed by the program (`print`, `debug`), newline included.
    virtual void write_out(std::string_view text);
    /// Error reports (uncaught errors, errors skipped inside print arguments), newline included.
    virtual void write_err(std::string_view text);
    /// Flushes both streams.
    virtual void flush();
};

/// Options of one interpreter (the CLI flags of trellis-zx).
struct RunOptions {
    /// Maximum loop iterations in the whole program (`--max-iterations N`); 0 = no cap (LANGUAGE.md §0).
    uint64_t max_iterations = 0;
    /// Maximum nesting of Zexus calls before "Maximum recursion depth exceeded" (LANGUAGE.md §5: >= 5000).
    int max_depth = 10000;
    /// Frame stack reserved for evaluator temporaries and bytecode frames, bytes.
    size_t frame_stack_bytes = size_t(256) << 20;
    /// Execution tier (`--tier`).
    Tier tier = Tier::auto_;
    /// Dispatch loop of the bytecode VM (`--dispatch=switch|goto|tail`). Default: tail calls where the compiler
    /// has them (clang; the fastest loop in benchmarks/zexus/run_bench.py: fib30, loop), else computed goto.
    dispatch::Strategy strategy = dispatch::tail_available() ? dispatch::Strategy::Tail : dispatch::Strategy::Goto;
    /// Iterations after which a loop running in the tree walker is compiled and continues in the VM
    /// (`--hot-loop N`, LANGUAGE.md tier-up; issue default 500).
    uint32_t hot_loop_threshold = 500;
    /// Calls after which a function is compiled before its next call (`--hot-call N`).
    uint32_t hot_call_threshold = 2;

    // ---- embedding hooks (the Zexus adapter of trellis/embed.hpp, src/embed/) ----
    /// Heap limit in bytes (gc::HeapConfig::max_heap_bytes: old + large objects); 0 = the heap's default.
    size_t max_heap_bytes = 0;
    /// Bytes at the start of eden on 4 KiB pages (gc::HeapConfig::small_start_bytes); 0 = the heap's default.
    /// The embedding sets 256 KiB: an instance that runs little then costs ~100 KiB, not a 2 MiB huge page.
    size_t small_heap_start_bytes = 0;
    /// Also count every function call against max_iterations (the embedding's step budget: loop iterations and
    /// calls). The iteration error then reads "Step budget exhausted".
    bool count_calls = false;
    /// Asked when max_iterations is exceeded: returns how many more iterations (steps) to allow; 0 raises the
    /// error. Empty: the error at once.
    std::function<uint64_t()> on_iteration_limit;
    /// Host functions: a builtin whose index is >= host_function_base calls host_call(index - base, args, argc);
    /// it returns the result or raises a Zexus error through Evaluator::fail.
    std::function<core::Value(uint32_t index, core::Value* args, size_t argc)> host_call;
};

/// First builtin index of host functions (RunOptions::host_call).
inline constexpr int host_function_base = 1 << 24;

class Evaluator;

/// One Zexus VM instance: heap, frame stack and global environment. Not thread-safe; globals persist between
/// run_source calls (the REPL relies on this).
class Interpreter {
public:
    explicit Interpreter(const RunOptions& options = {}, Output* output = nullptr);
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// Parses and runs `source` (display name `file`). Returns the exit status: 0, or 1 after a syntax error or
    /// an uncaught runtime error (already reported on the error stream).
    int run_source(std::string_view source, const std::string& file);
    /// Reads and runs a file; 1 (with a report) if it cannot be read.
    int run_file(const std::string& path);
    /// REPL step: runs `source`; when its last statement is an expression, returns its print form in `shown`
    /// (empty otherwise). Errors are reported and return 1; the session goes on.
    int run_repl_line(std::string_view source, std::string& shown);
    /// The code passed to `exit_program` (LANGUAGE.md §13) by the last run, if it called it: the program has
    /// asked to end (the REPL stops; an embedder decides). Cleared by each run_source / run_repl_line.
    std::optional<int> exit_status() const { return m_exit_status; }

private:
    /// run_source and run_repl_line: parses `source` (display name `file`) and runs it, reporting errors (a syntax
    /// error's message after `syntax_label`); with `shown`, the print form of a last expression statement that is
    /// not an assignment goes there. Returns 0, 1 after an error, or the code passed to exit_program.
    int run(std::string_view source, const std::string& file, std::string_view syntax_label, std::string* shown);

    std::unique_ptr<Output> m_default_output;
    Output* m_output;
    std::unique_ptr<Evaluator> m_eval;
    struct Sources;
    std::unique_ptr<Sources> m_sources;
    std::optional<int> m_exit_status;  // parsed programs kept alive (closures point into their ASTs)
};

/// Runs `fn` on a `stack_bytes` native stack (lazily committed) and returns its result; an exception leaving fn
/// is rethrown here. Deep Zexus recursion then reaches the evaluator's own depth limit long before the native
/// stack ends. The calling thread switches to the new stack (swapcontext; sanitizer builds use a thread).
int run_on_large_stack(const std::function<int()>& fn, size_t stack_bytes = size_t(1) << 30);

}  // namespace trellis::zexus
