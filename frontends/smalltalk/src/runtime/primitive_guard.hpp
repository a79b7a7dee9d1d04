/// @file primitive_guard.hpp
/// guarded<F>: a primitive that may allocate, wrapped so that running out of the heap limit (gc::OutOfMemory
/// thrown by the allocator) becomes a Smalltalk exception signalled at the send: an instance of the kernel class
/// OutOfMemory (an Error; Error itself if OutOfMemory cannot be loaded any more), catchable with on:do:, its
/// messageText the allocator's message. Any other core::Error of an allocation (object too large, class table
/// full) is signalled as an Error. No C++ exception ever crosses the interpreter loop. On the path where nothing
/// is thrown the wrapper costs nothing (table-based unwinding).
#pragma once
#include "runtime/runtime.hpp"

namespace trellis::smalltalk {

/// The id of the kernel exception class `name` (an Error subclass such as OutOfMemory or StackOverflow), loaded on
/// first use; Error's id when it cannot be loaded (no room left, or a class-path override that is not a class).
uint16_t kernel_error_class(Interp& vm, const char* name);

/// Sets Interp::m_error/m_error_class for an allocation failure and answers PrimStatus::signal_error.
PrimStatus allocation_failed(Interp& vm, const char* message, bool out_of_memory);

/// `F` with allocation failures signalled as Smalltalk exceptions (see the file comment).
template <PrimFn F>
PrimStatus guarded(Interp& vm, Value* base) {
    try {
        return F(vm, base);
    } catch (const gc::OutOfMemory& e) {
        return allocation_failed(vm, e.what(), true);
    } catch (const core::Error& e) {
        return allocation_failed(vm, e.what(), false);
    }
}

}  // namespace trellis::smalltalk
