/// @file method_cache.hpp
/// Inline caches for method call sites (perlobj "Method Resolution"): a call `$obj->m` at one CALLM instruction
/// remembers, per class of the invocant, which glob's sub the depth-first @ISA search found, and what it
/// looked at on the way: the globs of the same method name in packages searched before (whose sub was absent)
/// and the @ISA arrays it read (their package names, copied). A hit re-checks exactly those facts, so a sub
/// defined later, an @ISA changed in any way (push, assignment, local) or a new glob (any change of the symbol
/// table's size) makes the entry miss and the search run again. No generation counter has to be bumped by the
/// code that changes subs or @ISA.
#pragma once
#include <cstdint>
#include <string>

#include "runtime/scalar.hpp"

namespace trellis::perl {

class Vm;
struct Ins;

/// The sub the site `ip` found for invocant class `class_id` when it is still what the @ISA search would find;
/// nil on a miss (no entry, or the entry is stale). Never allocates.
Value method_cache_lookup(Vm& vm, const Ins* ip, uint16_t class_id);

/// The @ISA search for method `name` (depth-first, as Vm::find_method): from package `start`, or when `super`
/// from the parents of `start` (SUPER::). When found and `ip` is not null, the result is remembered for
/// (ip, class_id). nil when absent (AUTOLOAD and UNIVERSAL methods are the caller's business, not cached).
Value method_cache_resolve(Vm& vm, const Ins* ip, uint16_t class_id, const std::string& start,
                           const std::string& name, bool super);

}  // namespace trellis::perl
