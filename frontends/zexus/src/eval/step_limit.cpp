/// @file step_limit.cpp
/// iteration_limit (step_limit.hpp): the slow path of the iteration cap and the embedding's step budget.
#include "eval/step_limit.hpp"

#include <string>

#include "eval/eval_impl.hpp"

namespace trellis::zexus {

void iteration_limit(Evaluator& ev, const Node* at, uint64_t& iterations) {
    const RunOptions& o = ev.options();
    if (o.on_iteration_limit) {
        if (const uint64_t more = o.on_iteration_limit()) {
            iterations = iterations > more ? iterations - more : 0;
            return;
        }
    }
    if (o.count_calls)
        ev.fail(at, "Step budget exhausted (" + std::to_string(o.max_iterations) + " loop iterations and calls)");
    ev.fail(at, "Maximum loop iterations exceeded (" + std::to_string(o.max_iterations) + ")");
}

}  // namespace trellis::zexus
