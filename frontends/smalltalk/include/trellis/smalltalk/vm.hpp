/// @file vm.hpp
/// The SOM Smalltalk virtual machine of Trellis, as a host program uses it: create a Vm with a class path and a
/// dispatch strategy, then run a program file as SOM VMs do, or evaluate statements. One Vm owns one gc::Heap,
/// one core::FrameStack and one class table; two Vms on two threads share nothing.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/dispatch/strategy.hpp"

namespace trellis::smalltalk {

class Interp;

/// Settings of one Vm.
struct VmOptions {
    /// Directories searched for `Name.som` class files, in order, before the built-in kernel library.
    std::vector<std::string> class_path;
    /// The interpreter loop (switch, computed goto or tail calls; dispatch/strategy.hpp).
    dispatch::Strategy strategy = dispatch::Strategy::Goto;
    /// Limit on old-generation heap bytes (0: the gc::HeapConfig default); past it a program fails cleanly.
    size_t max_heap_bytes = 0;
    /// Frame stack bytes; recursion deeper than this fills it and is reported as a clean error.
    size_t stack_bytes = size_t(64) << 20;
    /// Where program output goes (`is_error` for errorPrint: and error reports); unset: stdout / stderr.
    std::function<void(std::string_view text, bool is_error)> output;
    /// Write each error (message and Smalltalk stack trace) to the error output as it happens (the CLI). An
    /// embedder turns it off and takes the error as a value instead (docs/embedding.md).
    bool report_errors = true;
    /// gc::HeapConfig::small_start_bytes: eden's first bytes on small pages (an embedder's many small VMs).
    size_t small_heap_start_bytes = 0;
    /// Define the built-in kernel classes from the compiled snapshot embedded at build time (fast start), instead
    /// of parsing and compiling their SOM source. Both give the same classes and methods (tests/smalltalk
    /// test_snapshot.cpp compares them); a class-path file still overrides a kernel class either way.
    bool kernel_snapshot = true;
};

/// A SOM virtual machine. Errors in the program are reported on stderr (VmOptions::output) with a Smalltalk stack
/// trace and turn into the exit status 1; the Vm stays usable after an error of evaluate().
class Vm {
public:
    /// Creates the heap and boots the kernel classes (built in; a class-path file of the same name overrides
    /// one). Throws core::Error when a kernel class does not compile.
    explicit Vm(VmOptions options);
    ~Vm();
    Vm(const Vm&) = delete;
    Vm& operator=(const Vm&) = delete;

    /// Runs a program as SOM VMs do: loads the class named by `file` (directory added to the class path,
    /// extension dropped), instantiates it and sends `run:` with the argument array (the class name first, then
    /// `args`) when it understands `run:`, else `run`. Returns the process exit status (0, 1 after an error, or
    /// the code given to `system exit:`).
    int run_program(const std::string& file, const std::vector<std::string>& args);

    /// Evaluates SOM statements (`| temps | stmt. stmt`) with nil as self. When `print_result` is true, prints the
    /// value's printString on stdout. Returns 0, or 1 after an error (reported on stderr), or the exit code of
    /// `system exit:` (then `exited()` is true).
    int evaluate(const std::string& source, bool print_result);

    /// One REPL input: a class definition (`Name = Super ( ... )`: defined, or redefined with every inline cache
    /// emptied) or statements, whose value's printString is printed on stdout; `| temps |` declared at the start
    /// persist (as globals) for later inputs. Errors are reported on stderr and the session goes on. Returns
    /// false after `system exit:`.
    bool repl_input(const std::string& text);

    /// True after the program called `system exit:`.
    bool exited() const noexcept;

private:
    std::unique_ptr<Interp> m_interp;
};

}  // namespace trellis::smalltalk
