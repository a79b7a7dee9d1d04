// execute(): sets up a frame on the thread's frame stack (1024-word stack + analysed code), runs the dispatch
// loop chosen by ExecOptions, and packages the Result (see interpreter.hpp). Also instantiates the untraced loop.
#include "trellis/evm/interpreter.hpp"

#include <algorithm>
#include <memory>
#include <new>

#include "instructions_loop.hpp"
#include "schedule.hpp"
#include "trellis/core/frame_stack.hpp"

namespace trellis::evm {

template <bool Trace>
void run_interpreter(dispatch::Strategy strategy, ExecState& s) {
    dispatch::run<InterpreterDef<Trace>>(strategy, s, s.code.code);
}
template void run_interpreter<false>(dispatch::Strategy, ExecState&);
extern template void run_interpreter<true>(dispatch::Strategy, ExecState&);  // in interpreter_trace.cpp

namespace {

constexpr size_t stack_bytes = stack_limit * sizeof(uint256);

/// The calling thread's frame stack, created on first use; nullptr if the address space could not be reserved.
core::FrameStack* thread_frame_stack() noexcept {
    thread_local std::unique_ptr<core::FrameStack> frames;
    if (!frames) {
        try {
            frames = std::make_unique<core::FrameStack>(frame_stack_capacity);
        } catch (...) {
            return nullptr;
        }
    }
    return frames.get();
}

/// Auto mode's tier-up: the baseline loop stopped at a taken jump to s.tier_up_pc once the code became hot;
/// continues the frame in the code's schedule (built now), or in the baseline if it cannot be built.
TRELLIS_COLD void continue_hot(dispatch::Strategy strategy, ExecState& s, const uint8_t* code, size_t code_size,
                               Revision rev) {
    s.tier_up = false;
    s.tier_up_below = INT64_MIN;
    Schedule* schedule = nullptr;
    try {
        schedule = &acquire_schedule(code, code_size, rev);
    } catch (...) {  // no memory for the schedule
    }
    if (schedule) {
        resume_in_schedule(strategy, s, *schedule, s.tier_up_pc);
        release_schedule(*schedule);
    } else {
        dispatch::run<InterpreterDef<false>>(strategy, s, s.code.code + s.tier_up_pc);
    }
}

}  // namespace

std::string_view interpreter_name(Interpreter interpreter) noexcept {
    switch (interpreter) {
    case Interpreter::Baseline: return "baseline";
    case Interpreter::Schedule: return "schedule";
    case Interpreter::Auto: return "auto";
    }
    return "?";
}

Result execute(Host& host, Revision rev, const Message& msg, const uint8_t* code, size_t code_size,
               const ExecOptions& options) {
    Result result;
    core::FrameStack* frames = thread_frame_stack();
    void* frame = frames ? frames->push(stack_bytes + analysis_size(code_size)) : nullptr;
    if (!frame) {
        result.status = StatusCode::InternalError;
        return result;
    }
    ExecState s;
    s.stack_base = static_cast<uint256*>(frame);
    s.sp = s.stack_base;
    s.code = analyze(code, code_size, static_cast<uint8_t*>(frame) + stack_bytes);
    s.gas = msg.gas;
    s.costs = gas_costs(rev).data();
    s.rev = rev;
    s.host = &host;
    s.msg = &msg;
    s.trace = options.trace;

    if (options.trace) {
        run_interpreter<true>(options.dispatch, s);
    } else if (options.interpreter == Interpreter::Schedule) {
        Schedule* schedule = nullptr;
        try {
            schedule = &acquire_schedule(code, code_size, rev);
        } catch (...) {
            s.status = StatusCode::InternalError;
        }
        if (schedule) {
            run_schedule(options.dispatch, s, *schedule);
            release_schedule(*schedule);
        }
    } else if (options.interpreter == Interpreter::Auto) {
        size_t key = 0;
        int64_t gas_until_hot = 0;
        Schedule* schedule = nullptr;
        try {
            schedule = acquire_schedule_if_hot(code, code_size, rev, key, gas_until_hot);
        } catch (...) {  // no memory for the schedule: the baseline runs it
            gas_until_hot = INT64_MAX;
        }
        if (schedule) {
            run_schedule(options.dispatch, s, *schedule);
            release_schedule(*schedule);
        } else {
            // The baseline runs until a taken jump finds the code hot (tier-up), then the schedule continues.
            if (gas_until_hot < msg.gas) s.tier_up_below = msg.gas - gas_until_hot;
            run_interpreter<false>(options.dispatch, s);
            // Gas the run executed (an exceptional halt burns the rest, which no instruction spent).
            record_baseline_run(key, msg.gas - std::clamp<int64_t>(s.gas, 0, msg.gas));
            if (s.tier_up) continue_hot(options.dispatch, s, code, code_size, rev);
        }
    } else
        run_interpreter<false>(options.dispatch, s);
    frames->pop_to(frame);

    result.status = s.status;
    if (s.status == StatusCode::Success || s.status == StatusCode::Revert) {
        result.gas_left = s.gas;
        if (s.output_size)
            result.output.assign(s.memory.data + s.output_offset, s.memory.data + s.output_offset + s.output_size);
        if (s.status == StatusCode::Success) result.gas_refund = s.refund;
    }
    return result;
}

}  // namespace trellis::evm
