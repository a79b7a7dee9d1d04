/// @file stats.hpp
/// Collector statistics: collection counts, bytes allocated and promoted, and pause-time percentiles.
/// Read them through Heap::stats(); `TRELLIS_GC_STATS=1` prints report() to stderr when a heap is destroyed.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace trellis::gc {

/// Summary of a set of pauses, in milliseconds (p50/p99 are nearest-rank percentiles; 0 when count == 0).
struct PauseSummary {
    uint64_t count = 0;
    double p50_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    double total_ms = 0;
};

/// Counters of one heap. Bytes are object bytes including headers.
struct GcStats {
    uint64_t minor_collections = 0;  ///< standalone scavenges (a major collection's opening scavenge is part of it)
    uint64_t major_collections = 0;  ///< full mark-sweep collections
    uint64_t bytes_allocated = 0;    ///< bytes allocated in the nursery and directly in old/large space
    uint64_t bytes_promoted = 0;     ///< bytes copied from the nursery into old space
    uint64_t bytes_large = 0;        ///< bytes allocated directly in the large-object space
    uint64_t bytes_freed_old = 0;    ///< old/large bytes reclaimed by sweeps
    uint64_t peak_old_bytes = 0;     ///< largest old+large occupancy seen
    std::vector<uint32_t> minor_pause_ns;  ///< one entry per scavenge (ns)
    std::vector<uint32_t> major_pause_ns;  ///< one entry per major collection (ns; its opening scavenge included)
    /// CPU time of the collecting thread during each scavenge (ns, CLOCK_THREAD_CPUTIME_ID; same order as
    /// minor_pause_ns). On a loaded machine the wall-clock pause also holds time the thread was preempted;
    /// this one does not, so the pair tells collector work from scheduling.
    std::vector<uint32_t> minor_pause_cpu_ns;

    /// Percentiles of the minor (scavenge) pauses.
    PauseSummary minor_pauses() const;
    /// Percentiles of the CPU time spent in minor pauses.
    PauseSummary minor_pauses_cpu() const;
    /// Percentiles of the major (mark-sweep) pauses.
    PauseSummary major_pauses() const;
    /// Multi-line human-readable report (the TRELLIS_GC_STATS=1 output).
    std::string report() const;
};

/// Percentile summary of pauses given in nanoseconds.
PauseSummary summarize_pauses(const std::vector<uint32_t>& pauses_ns);

}  // namespace trellis::gc
