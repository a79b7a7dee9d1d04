/// @file repl.hpp
/// The `trellis-st` REPL loop: reads inputs with libedit's readline (history; loaded with dlopen, so a run
/// without the REPL never maps it; plain stdin when it is missing), keeps reading while brackets, parentheses or
/// a string or comment are open (multi-line input), and hands each complete input to Vm::repl_input.
#pragma once
#include "trellis/smalltalk/vm.hpp"

namespace trellis::smalltalk {

/// Runs the REPL on `vm` until end of input or `system exit:`. Returns the exit status.
int run_repl(Vm& vm);

}  // namespace trellis::smalltalk
