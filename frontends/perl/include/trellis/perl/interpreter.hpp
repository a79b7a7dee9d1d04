/// @file interpreter.hpp
/// Running Perl 5 programs with trellis-perl: parse (syntax/), compile to register bytecode (compiler/), run
/// on the shared GC heap and frame stack with one of the dispatch/ loops (runtime/). docs/perl.md lists what
/// runs and what is reported as not supported.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "trellis/dispatch/strategy.hpp"

namespace trellis::perl {

/// How to run one program.
struct RunOptions {
    std::string file_name = "-";                        ///< names the program in messages ("-e" for -e)
    std::vector<std::string> args;                      ///< @ARGV
    dispatch::Strategy strategy = dispatch::Strategy::Switch;
    bool check_only = false;                            ///< -c: compile, print "NAME syntax OK", do not run
    bool inplace = false;                               ///< -i[EXT]: <> edits its files in place (perlrun)
    std::string inplace_ext;                            ///< -i's backup extension ("" none; '*' is the file name)
    bool warnings = false;                              ///< -w: warnings on where no pragma says otherwise
};

/// Parses, compiles and runs `source`. Returns the exit status perl would: 0, the value given to exit(), or
/// 255 after an uncaught die or a compile error (the message goes to stderr, in perl's format). Runs on a
/// thread with a large native stack (deep recursion of Perl subs is bounded by the interpreter, not by it).
int run_program(std::string_view source, const RunOptions& options);

/// The interactive session (runtime/repl.cpp): reads inputs from stdin (libedit with history and prompts when
/// `interactive`, plain lines otherwise), runs each in one persistent scope (`my` variables, subs and packages
/// persist), prints each input's value as perl's debugger prints `p EXPR`, reports errors and goes on. Ends at end
/// of input or `exit`, then runs END blocks and DESTROY like a program's end; returns the exit status.
int run_repl(const RunOptions& options, bool interactive);

}  // namespace trellis::perl
