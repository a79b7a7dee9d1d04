// The traced interpreter loop (EIP-3155), instantiated in its own translation unit so the untraced loop stays
// free of trace code and the two compile in parallel (see instructions_loop.hpp).
#include "instructions_loop.hpp"

namespace trellis::evm {

template <bool Trace>
void run_interpreter(dispatch::Strategy strategy, ExecState& s) {
    dispatch::run<InterpreterDef<Trace>>(strategy, s, s.code.code);
}
template void run_interpreter<true>(dispatch::Strategy, ExecState&);

}  // namespace trellis::evm
