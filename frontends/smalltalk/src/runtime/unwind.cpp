/// @file unwind.cpp
/// What happens to the frames of a run that an error ends: as in Smalltalk-80, where a process that dies is
/// unwound, the blocks of the `ensure:` and `ifCurtailed:` frames between the failing frame and the run's entry
/// frame run (innermost first, each once), after the error and its trace have been reported. Called by
/// Interp::execute() (interpreter.cpp) before it pops the frames.
#include "runtime/runtime.hpp"

namespace trellis::smalltalk {

/// Walks the frames from `top` down to `entry` (both included), marking the contexts of their methods returned and
/// running the pending blocks of the ensure:/ifCurtailed: frames among them. Each block runs re-entrantly on the
/// frame stack cut just above its frame (the frames above are gone then: the caller must not walk them again);
/// an error inside one is reported in turn and the unwinding goes on; `system exit:` inside one stops it.
/// Returns `entry`, the only frame the caller may still look at.
Frame* run_ensure_blocks(Interp& vm, Frame* top, Frame* entry) {
    for (Frame* f = top; f != nullptr; f = decode_ptr<Frame>(f->caller)) {
        Method* fm = decode_ptr<Method>(f->method);
        if (fm->owns_context && !fm->is_block && f->ctx.is_object())
            static_cast<core::Instance*>(f->ctx.as_object())->slots[0] = Value::nil();
        if ((fm->role == Method::Role::ensure || fm->role == Method::Role::curtailed) && !frame_flag(f)) {
            set_frame_flag(f, true);  // runs once, also if its block fails
            vm.set_stack_top(frame_end(f));
            const RunStatus st = vm.call_block(frame_slots(f)[0], f);
            if (st == RunStatus::exit) break;
            if (st == RunStatus::unwind) vm.m_redirect = Interp::Redirect{};  // the run is over: the return is dropped
        }
        if (f == entry) break;
    }
    return entry;
}

}  // namespace trellis::smalltalk
