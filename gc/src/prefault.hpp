// Prefaulter: a helper thread owned by one Heap that faults in the old-space region ahead of its use, so that the
// first touch of fresh memory (a page fault and the zeroing of a 2 MiB huge page, ~0.1-3 ms each on the VMs we
// measure on) happens outside the scavenges that promote into it. It is asked after each collection, so it never
// wakes up inside a pause and competes only with the mutator. It only calls madvise(MADV_POPULATE_WRITE) (Linux
// 5.14+) on pages beyond the region in use, which writes nothing the heap can see: no data is shared with the
// collector but one atomic target offset. Where the call is unsupported the thread stops at its first attempt and
// fresh chunks fault in on first touch as before. It adds no work: the faults it takes are the ones the collector
// would otherwise take inside scavenges. It also faults back in, on request, huge pages of the region that the
// heap gave back to the system (spare chunks released after a major collection) before the heap reuses them.
// Private to gc/src.
#pragma once
#include <sys/mman.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace trellis::gc {

/// madvise(2) advice that faults pages in for writing without writing them (Linux 5.14+; older kernels answer
/// EINVAL, which callers treat as "not supported").
#ifdef MADV_POPULATE_WRITE
inline constexpr int populate_write = MADV_POPULATE_WRITE;
#else
inline constexpr int populate_write = 23;  // the Linux 5.14 uapi value
#endif

class Prefaulter {
public:
    /// Prepares (does not start) a prefaulter for the region [base, base + size) (2 MiB aligned) and its two
    /// side tables of one byte per 512-byte card (card marks and object starts) at `cards` and `starts`.
    Prefaulter(uint8_t* base, size_t size, uint8_t* cards, uint8_t* starts) noexcept
        : m_base(base), m_size(size), m_cards(cards), m_starts(starts) {}
    /// Stops and joins the thread (in a child process forked after the thread started, where the thread does
    /// not exist, it is left alone).
    ~Prefaulter();
    Prefaulter(const Prefaulter&) = delete;
    Prefaulter& operator=(const Prefaulter&) = delete;

    /// Asks for the region to be faulted in up to `offset` bytes from its base (rounded up to 2 MiB, capped at
    /// the region size). Starts the thread on first use. Cheap: one atomic store and a wake-up when it grows.
    void request(size_t offset) noexcept;
    /// Asks for the 2 MiB huge page at `offset` bytes from the base (behind the region in use, its pages given
    /// back with MADV_DONTNEED) to be faulted in again; takes effect at the next request().
    void refault(size_t offset);

private:
    void run() noexcept;

    uint8_t* const m_base;
    const size_t m_size;
    uint8_t* const m_cards;
    uint8_t* const m_starts;
    std::atomic<size_t> m_target{0};  // offset the thread should reach
    std::atomic<uint64_t> m_wake{0};  // changed by every request(): the thread waits on it
    std::mutex m_refault_mutex;
    std::vector<size_t> m_refault;    // huge-page offsets to fault in again (guarded by m_refault_mutex)
    bool m_refault_pending = false;   // collector thread only: refault() called since the last request()
    std::atomic<bool> m_stop{false};
    size_t m_requested = 0;           // last target published (collector thread only)
    bool m_started = false;           // collector thread only
    bool m_failed = false;            // collector thread only, set when the thread cannot be created
    std::atomic<bool> m_unsupported{false};
    pid_t m_pid = 0;                      // process that started the thread
    std::unique_ptr<std::thread> m_thread;
};

}  // namespace trellis::gc
