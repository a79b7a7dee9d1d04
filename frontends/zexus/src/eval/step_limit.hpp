/// @file step_limit.hpp
/// The loop-iteration cap (LANGUAGE.md §0, `--max-iterations`) and the embedding's step budget built on it
/// (RunOptions::count_calls, on_iteration_limit): what the tree walker and the VM's ITER call when the count
/// passes RunOptions::max_iterations.
#pragma once
#include <cstdint>

#include "trellis/core/compiler.hpp"

namespace trellis::zexus {

class Evaluator;
struct Node;

/// `iterations` has passed max_iterations: asks RunOptions::on_iteration_limit for more; when it grants n > 0,
/// lowers `iterations` by n and returns, else raises "Maximum loop iterations exceeded (N)" (or, with
/// count_calls, "Step budget exhausted (N loop iterations and calls)") at `at`.
TRELLIS_COLD void iteration_limit(Evaluator& ev, const Node* at, uint64_t& iterations);

}  // namespace trellis::zexus
