// The old-space prefaulter (see prefault.hpp).
#include "prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <exception>

namespace trellis::gc {

namespace {
constexpr size_t huge_page = size_t(2) << 20;
constexpr size_t small_page = 4096;
constexpr unsigned card_shift = 9;  // Heap::card_shift
}  // namespace

Prefaulter::~Prefaulter() {
    if (!m_started) return;
    if (getpid() != m_pid) {
        (void)m_thread.release();  // a fork's child: the thread stayed in the parent; joining would never return
        return;
    }
    m_stop.store(true, std::memory_order_release);
    m_wake.fetch_add(1, std::memory_order_release);
    m_wake.notify_one();
    m_thread->join();
}

void Prefaulter::refault(size_t offset) {
    if (m_failed || m_unsupported.load(std::memory_order_relaxed)) return;
    std::lock_guard<std::mutex> lock(m_refault_mutex);
    m_refault.push_back(offset & ~(huge_page - 1));
    m_refault_pending = true;
}

void Prefaulter::request(size_t offset) noexcept {
    if (m_failed || m_unsupported.load(std::memory_order_relaxed)) return;
    offset = std::min(m_size, (offset + huge_page - 1) / huge_page * huge_page);
    if (offset <= m_requested && !m_refault_pending) return;
    m_refault_pending = false;
    m_requested = std::max(m_requested, offset);
    m_target.store(m_requested, std::memory_order_release);
    m_wake.fetch_add(1, std::memory_order_release);
    if (!m_started) {
        try {
            m_thread = std::make_unique<std::thread>([this] { run(); });
            m_pid = getpid();
            m_started = true;
        } catch (const std::exception&) {  // std::system_error, or bad_alloc for the thread object
            m_failed = true;  // no thread: fresh chunks fault in on first touch
        }
        return;
    }
    m_wake.notify_one();
}

void Prefaulter::run() noexcept {
    size_t done = 0;
    std::vector<size_t> refault;
    for (;;) {
        uint64_t wake = m_wake.load(std::memory_order_acquire);
        size_t target = m_target.load(std::memory_order_acquire);
        {
            std::lock_guard<std::mutex> lock(m_refault_mutex);
            refault.swap(m_refault);
        }
        while (target <= done && refault.empty() && !m_stop.load(std::memory_order_acquire)) {
            m_wake.wait(wake, std::memory_order_acquire);
            wake = m_wake.load(std::memory_order_acquire);
            target = m_target.load(std::memory_order_acquire);
            std::lock_guard<std::mutex> lock(m_refault_mutex);
            refault.swap(m_refault);
        }
        if (m_stop.load(std::memory_order_acquire)) return;
        // Huge pages given back and about to be reused come first: the heap takes them before fresh ones.
        // MADV_POPULATE_WRITE writes nothing the heap can see, so a page the collector already uses is left as it is.
        for (size_t i = 0; i < refault.size() && !m_stop.load(std::memory_order_relaxed); ++i)
            if (refault[i] < m_size) madvise(m_base + refault[i], huge_page, populate_write);
        refault.clear();
        if (target <= done) continue;
        // One huge page per call, so a stop request waits for at most one.
        const size_t end = std::min(target, done + huge_page);
        if (madvise(m_base + done, end - done, populate_write) != 0) {
            m_unsupported.store(true, std::memory_order_relaxed);
            return;
        }
        // The card and start bytes of that range (4 KiB pages: one page covers 2 MiB of the region).
        const size_t t0 = (done >> card_shift) & ~(small_page - 1);
        const size_t t1 = ((end >> card_shift) + small_page - 1) & ~(small_page - 1);
        madvise(m_cards + t0, t1 - t0, populate_write);
        madvise(m_starts + t0, t1 - t0, populate_write);
        done = end;
    }
}

}  // namespace trellis::gc
