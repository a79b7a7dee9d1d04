// Pause percentiles and the text report of GcStats (see stats.hpp).
#include "trellis/gc/stats.hpp"

#include <algorithm>
#include <cstdio>

namespace trellis::gc {

PauseSummary summarize_pauses(const std::vector<uint32_t>& pauses_ns) {
    PauseSummary s;
    s.count = pauses_ns.size();
    if (pauses_ns.empty()) return s;
    std::vector<uint32_t> sorted = pauses_ns;
    std::sort(sorted.begin(), sorted.end());
    auto rank = [&](double p) {
        size_t k = static_cast<size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
        if (k == 0) k = 1;
        if (k > sorted.size()) k = sorted.size();
        return sorted[k - 1] / 1e6;
    };
    s.p50_ms = rank(0.50);
    s.p99_ms = rank(0.99);
    s.max_ms = sorted.back() / 1e6;
    double total = 0;
    for (uint32_t ns : sorted) total += ns;
    s.total_ms = total / 1e6;
    return s;
}

PauseSummary GcStats::minor_pauses() const { return summarize_pauses(minor_pause_ns); }
PauseSummary GcStats::minor_pauses_cpu() const { return summarize_pauses(minor_pause_cpu_ns); }
PauseSummary GcStats::major_pauses() const { return summarize_pauses(major_pause_ns); }

std::string GcStats::report() const {
    char buf[1024];
    PauseSummary mi = minor_pauses();
    PauseSummary ma = major_pauses();
    std::snprintf(buf, sizeof buf,
                  "trellis gc: minor=%llu major=%llu allocated=%.1f MiB promoted=%.1f MiB large=%.1f MiB "
                  "freed_old=%.1f MiB peak_old=%.1f MiB\n"
                  "trellis gc: minor pauses p50=%.3f ms p99=%.3f ms max=%.3f ms total=%.1f ms (CPU p99=%.3f ms)\n"
                  "trellis gc: major pauses p50=%.3f ms p99=%.3f ms max=%.3f ms total=%.1f ms\n",
                  static_cast<unsigned long long>(minor_collections), static_cast<unsigned long long>(major_collections),
                  bytes_allocated / 1048576.0, bytes_promoted / 1048576.0, bytes_large / 1048576.0,
                  bytes_freed_old / 1048576.0, peak_old_bytes / 1048576.0, mi.p50_ms, mi.p99_ms, mi.max_ms,
                  mi.total_ms, minor_pauses_cpu().p99_ms, ma.p50_ms, ma.p99_ms, ma.max_ms, ma.total_ms);
    return buf;
}

}  // namespace trellis::gc
