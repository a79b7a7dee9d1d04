/// @file large_stack.hpp
/// Private to the Zexus interpreter: the native stack that run_on_large_stack (interpreter.hpp) switched the
/// calling thread to, for the evaluator's native recursion limit (Evaluator::compute_native_limit).
#pragma once
#include <cstddef>

namespace trellis::zexus {

/// Lowest address and size in bytes of the stack run_on_large_stack is running this thread on; false when the
/// thread is on its own stack (then pthread_getattr_np describes it).
bool large_stack_bounds(void*& low, size_t& size);

}  // namespace trellis::zexus
