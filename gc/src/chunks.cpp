// Old-space promotion chunks (see heap.hpp, "Promotion chunks"): survivors leave the nursery by bump allocation
// into 256 KiB chunks carved from one reserved region (mapped at heap creation, transparent huge pages); after
// marking, a chunk with no live object becomes a spare (pages still touched) and one where nothing died is left
// alone, both without a walk (the marker counts live bytes per chunk); each other chunk is walked once: dead
// objects and old free space are coalesced into free_space objects, runs of at least min_free_range bytes become
// promotion ranges again, and the object-start map of the chunk is rebuilt; after the next trigger is known, spares
// beyond the heap's headroom until its next major collection (at least min_spare_chunks kept) have their pages
// given back to the system (MADV_DONTNEED, whole 2 MiB huge pages only) and wait in the released list.
#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "prefault.hpp"
#include "trellis/gc/heap.hpp"

namespace trellis::gc {

using namespace core::gc_bits;

void Heap::seal_promotion() noexcept {
    const size_t rest = static_cast<size_t>(m_promo_end - m_promo_top);
    if (rest) note_start(m_promo_top);
    if (rest) init_header(m_promo_top, Kind::free_space, rest)->gc = old;
}

void Heap::refill_promotion(size_t bytes) {
    seal_promotion();
    account_promotion();
    while (!m_free_ranges.empty()) {
        Range r = m_free_ranges.back();
        m_free_ranges.pop_back();
        if (static_cast<size_t>(r.end - r.begin) >= bytes) {  // smaller ones stay free_space until the next sweep
            m_promo_top = m_promo_start = r.begin;
            m_promo_end = r.end;
            return;
        }
    }
    uint8_t* base = acquire_chunk();
    m_chunks.push_back(base);
    m_promo_top = m_promo_start = base;
    m_promo_end = base + chunk_bytes;
    m_old_bytes += chunk_bytes;
    m_cycle_peak_chunk_bytes = std::max(m_cycle_peak_chunk_bytes, m_old_bytes);
    if (m_old_bytes > m_stats.peak_old_bytes) m_stats.peak_old_bytes = m_old_bytes;
}

uint8_t* Heap::acquire_chunk() {
    uint8_t* base;
    if (!m_spare_chunks.empty()) {
        base = m_spare_chunks.back();
        m_spare_chunks.pop_back();
    } else if (!m_released_chunks.empty()) {
        base = m_released_chunks.back();
        m_released_chunks.pop_back();
    } else {
        if (m_region_used + chunk_bytes > w(m_old_size)) throw OutOfMemory("gc: the old-space region is full");
        base = reinterpret_cast<uint8_t*>(w(m_old_base)) + m_region_used;
        m_region_used += chunk_bytes;
        m_chunk_occupied.resize(m_region_used / chunk_bytes);
        m_chunk_live.resize(m_region_used / chunk_bytes);
    }
    m_chunk_occupied[chunk_index(base)] = 0;
    std::memset(card_of(base), 0, cards_per_chunk);
    std::memset(starts_of(base), 0xFF, cards_per_chunk);
    return base;
}

void Heap::sweep_chunks() {
    seal_promotion();
    account_promotion();
    // The rest of the range being filled is free too (sealed as a free_space object).
    if (static_cast<size_t>(m_promo_end - m_promo_top) >= min_free_range) m_free_ranges.push_back({m_promo_top, m_promo_end});
    m_promo_top = m_promo_end = m_promo_start = nullptr;
    // Free ranges not used since the last sweep stay valid in chunks that are not walked again (wholly live).
    size_t kept_ranges = 0;
    for (const Range& r : m_free_ranges) {
        const size_t c = chunk_index(r.begin);
        if (m_chunk_live[c] != 0 && m_chunk_live[c] == m_chunk_occupied[c]) m_free_ranges[kept_ranges++] = r;
    }
    m_free_ranges.resize(kept_ranges);
    auto close_run = [&](uint8_t* a, uint8_t* b) {
        const size_t size = static_cast<size_t>(b - a);
        note_start(a);
        init_header(a, Kind::free_space, size)->gc = old;
        if (m_poison) std::memset(a + sizeof(Object), 0xDB, size - sizeof(Object));
        if (size >= min_free_range) m_free_ranges.push_back({a, b});
    };
    size_t keep = 0;
    for (uint8_t* base : m_chunks) {
        const size_t c = chunk_index(base);
        const uint32_t live_bytes = m_chunk_live[c], occupied = m_chunk_occupied[c];
        m_stats.bytes_freed_old += occupied - live_bytes;
        m_chunk_occupied[c] = live_bytes;
        if (live_bytes == 0) {
            // Keep it (already touched memory): the next promotions need no fresh pages. trim_spare_chunks()
            // releases what the heap will not grow back into before the next major collection.
            m_old_bytes -= chunk_bytes;
            if (m_poison) std::memset(base, 0xDB, chunk_bytes);
            m_spare_chunks.push_back(base);
            continue;
        }
        if (live_bytes == occupied) {  // nothing died here
            m_chunks[keep++] = base;
            continue;
        }
        uint8_t* const end = base + chunk_bytes;
        std::memset(starts_of(base), 0xFF, cards_per_chunk);
        uint8_t* run = nullptr;
        for (uint8_t* p = base; p < end;) {
            auto* o = reinterpret_cast<Object*>(p);
            const size_t step = o->size();
            bool dead;
            if (o->kind == Kind::free_space)
                dead = true;
            else
                dead = !is_marked_live(o);
            if (dead) {
                if (!run) run = p;
            } else {
                note_start(p);
                if (run) close_run(run, p);
                run = nullptr;
            }
            p += step;
        }
        if (run) close_run(run, end);
        m_chunks[keep++] = base;
    }
    m_chunks.resize(keep);
}

}  // namespace trellis::gc

namespace trellis::gc {

void Heap::trim_spare_chunks() noexcept {
    // Promotions until the next major collection may fill up to m_next_major - m_old_bytes: spares within that
    // are reused soon (releasing them would only move page faults into later scavenges); the rest go back, but
    // only as whole aligned 2 MiB groups of spare chunks. Releasing part of a transparent huge page splits it, and
    // every later first touch of its pieces is a 4 KiB page fault (~11 us each on the VMs we measure on, against
    // ~0.06 ms per MiB for a huge page): 4 KiB faults in promotion made binary-trees 18 ~1.5x slower. The old
    // space usually grows back to the peak of the cycle that just ended (a major collection runs only once a
    // scavenge has passed the trigger), so that much is kept too: on binary-trees 18 the bytes given back and
    // faulted in again fell from 78 to 22 MiB per run, with no change in peak size.
    const size_t headroom = m_next_major > m_old_bytes ? m_next_major - m_old_bytes : 0;
    const size_t regrow = m_cycle_peak_chunk_bytes > m_old_bytes ? m_cycle_peak_chunk_bytes - m_old_bytes : 0;
    m_cycle_peak_chunk_bytes = m_old_bytes;
    const size_t keep = std::max({min_spare_chunks, headroom / chunk_bytes, regrow / chunk_bytes});
    if (m_spare_chunks.size() < keep + chunks_per_huge_page) return;
    std::sort(m_spare_chunks.begin(), m_spare_chunks.end());
    size_t excess = m_spare_chunks.size() - keep;
    size_t out = 0;
    for (size_t i = 0; i < m_spare_chunks.size();) {
        uint8_t* base = m_spare_chunks[i];
        const bool group_start = ((reinterpret_cast<uintptr_t>(base) - w(m_old_base)) & (huge_page_bytes - 1)) == 0;
        if (excess >= chunks_per_huge_page && group_start && i + chunks_per_huge_page <= m_spare_chunks.size() &&
            m_spare_chunks[i + chunks_per_huge_page - 1] == base + huge_page_bytes - chunk_bytes) {
            madvise(base, huge_page_bytes, MADV_DONTNEED);
            for (size_t k = 0; k < chunks_per_huge_page; ++k) m_released_chunks.push_back(base + k * chunk_bytes);
            i += chunks_per_huge_page;
            excess -= chunks_per_huge_page;
            continue;
        }
        m_spare_chunks[out++] = m_spare_chunks[i++];
    }
    m_spare_chunks.resize(out);
}

void Heap::clear_cards() noexcept {
    for (uint8_t* base : m_chunks) std::memset(card_of(base), 0, cards_per_chunk);
    std::memset(m_outside_cards, 0, sizeof m_outside_cards);
    m_outside_dirty = false;
}

}  // namespace trellis::gc
