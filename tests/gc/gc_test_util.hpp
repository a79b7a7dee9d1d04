// Shared by the GC unit tests (tests/gc/test_*.cpp): a small heap configuration that collects often and verifies
// the heap after every collection, and a generator of short-lived garbage.
#pragma once
#include <cstddef>

#include "trellis/core/value.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::gc::test {

/// 64 KiB nursery, 16 KiB survivor spaces, verifier on; TRELLIS_GC_STRESS and friends still apply (from_env).
inline HeapConfig small_config() {
    HeapConfig c = HeapConfig::from_env();
    c.nursery_bytes = 64 * 1024;
    c.survivor_bytes = 16 * 1024;
    c.verify = true;
    return c;
}

/// Allocates about `bytes` of unreachable 40-byte instances (4 slots), to fill the nursery and trigger scavenges.
inline void churn(Heap& heap, size_t bytes) {
    for (size_t done = 0; done < bytes; done += 40) new_instance(heap, 0, 4);
}

}  // namespace trellis::gc::test
