// The collections: the copying scavenger of the nursery (roots, old objects outside the chunk region whose hashed
// card is dirty, and the dirty cards of the old-space chunks, then a Cheney scan over the to-space plus a
// last-in first-out worklist of promoted objects; survivors aged and promoted after promote_age scavenges) and the
// full collection (a promote-everything scavenge, then mark-sweep of the non-moving old space, whose mark bit
// changes meaning at each one). Dead registered finalizable objects are kept alive and put on the ready queue
// (finalize.cpp), then weak references are cleared and dead objects' finalizers queued, at the end of each. See heap.hpp for the invariants.
#include <time.h>

#include <chrono>
#include <cstring>

#include "prefault.hpp"
#include "trellis/gc/heap.hpp"

#include <mimalloc.h>

namespace trellis::gc {

using core::Kind;
using core::Object;
using namespace core::gc_bits;

namespace {
// Copies an object's body (the words after the header, which the caller writes): objects are small and 8-byte
// granular, so the common sizes are straight-line copies and the rest a plain word loop (no vector prologue: most
// objects are 2-6 words), which beats a call to memcpy here.
TRELLIS_ALWAYS_INLINE void copy_body(uint64_t* d, const uint64_t* s, size_t words) noexcept {
    switch (words) {
        case 3: d[2] = s[2]; [[fallthrough]];
        case 2: d[1] = s[1]; [[fallthrough]];
        case 1: return;
        default:
#pragma clang loop vectorize(disable) unroll(disable)
            for (size_t i = 1; i < words; ++i) d[i] = s[i];
    }
}
uint64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}
uint32_t elapsed_ns(std::chrono::steady_clock::time_point t0) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0).count();
    return ns > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(ns);
}
}  // namespace

/// One scavenge: copies live young objects out of eden and from-space into to-space or old space.
class Scavenger final : public RootVisitor {
public:
    Scavenger(Heap& h, bool promote_all)
        : m_heap(h),
          m_promote_age(promote_all ? 0u : h.m_promote_young ? 1u : h.m_config.promote_age),
          m_to_top(h.m_to_base),
          m_to_end(h.m_to_base + h.m_survivor_bytes),
          m_old_bits(static_cast<uint8_t>(old | h.m_live_mark)),
          m_promo_top(h.m_promo_top),
          m_promo_end(h.m_promo_end),
          m_promo_next_card(h.m_promo_top),
          m_promoted_bytes(0) {
        if (h.m_promoted_scratch.size() < 1024) h.m_promoted_scratch.resize(1024);
        m_promoted = h.m_promoted_scratch.data();
        m_promoted_cap = h.m_promoted_scratch.size();
    }

    void visit(Value* begin, Value* end) override {
        for (Value* s = begin; s != end; ++s) slot(*s);
    }

    TRELLIS_ALWAYS_INLINE bool in_from(const Object* o) const noexcept {
        return m_heap.is_young(o) && !in_to(o);
    }
    TRELLIS_ALWAYS_INLINE bool in_to(const void* p) const noexcept {
        return reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(m_heap.m_to_base) < m_heap.m_survivor_bytes;
    }

    // Updates one slot; returns true if it now refers to a young object.
    TRELLIS_ALWAYS_INLINE bool slot(Value& v) {
        // One range test serves as the is_object() test too: immediates encode above 2^48, outside the nursery.
        Object* o = v.as_object();
        if (!m_heap.is_young(o)) return false;
        if (in_to(o)) return true;
        Object* n = evacuate(o);
        v = Value::object(n);
        return m_heap.is_young(n);
    }

    Object* evacuate(Object* o) {
        uint64_t header;
        std::memcpy(&header, o, sizeof header);
        if (header & forwarded) return core::forwarding_address(o);
        const size_t words = o->size_words;  // never 0 in the nursery (objects there are < 128 KiB)
        const size_t size = words * 8;
        const unsigned age = ((header & age_mask) >> age_shift) + 1;
        header &= ~uint64_t(age_mask);
        uint8_t* to;
        if (age >= m_promote_age || m_to_top + size > m_to_end) {
            to = promote_alloc(size);
            header |= m_old_bits;
            if (TRELLIS_UNLIKELY(m_promoted_count == m_promoted_cap)) grow_worklist();
            m_promoted[m_promoted_count++] = reinterpret_cast<Object*>(to);
            m_promoted_bytes += size;
        } else {
            to = m_to_top;
            m_to_top += size;
            header |= age << age_shift;
        }
        std::memcpy(to, &header, sizeof header);
        copy_body(reinterpret_cast<uint64_t*>(to), reinterpret_cast<const uint64_t*>(o), words);
        const uintptr_t forward = reinterpret_cast<uintptr_t>(to) | forwarded;  // the whole header word
        std::memcpy(o, &forward, sizeof forward);
        return reinterpret_cast<Object*>(to);
    }

    // Bump allocation in the current promotion range of the old-space chunks, kept here for the scavenge (the
    // heap's copy is updated around refills and at the end). The object-start map needs only the first object
    // starting in each card: one compare per object instead of a load and a store.
    TRELLIS_ALWAYS_INLINE uint8_t* promote_alloc(size_t bytes) {
        if (TRELLIS_UNLIKELY(bytes > static_cast<size_t>(m_promo_end - m_promo_top))) refill_promotion(bytes);
        uint8_t* p = m_promo_top;
        m_promo_top = p + bytes;
        if (TRELLIS_UNLIKELY(p >= m_promo_next_card)) {
            m_heap.note_start(p);
            m_promo_next_card = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(p) | (Heap::card_bytes - 1)) + 1);
        }
        return p;
    }
    TRELLIS_COLD void refill_promotion(size_t bytes) {
        m_heap.m_promo_top = m_promo_top;
        m_heap.refill_promotion(bytes);
        m_promo_top = m_promo_next_card = m_heap.m_promo_top;
        m_promo_end = m_heap.m_promo_end;
    }

    // Scans the slots of a copied object or an old one outside the chunks; returns true if it still refers to a young object.
    bool scan(Object* o) {
        bool young = false;
        core::visit_slots(o, [&](Value& v) { young |= slot(v); });
        return young;
    }
    // Scans an object in an old-space chunk: each slot left referring to a young object dirties its card.
    void scan_in_chunk(Object* o) {
        core::visit_slots(o, [&](Value& v) {
            if (slot(v)) *m_heap.card_of(&v) = Heap::Card::dirty;
        });
    }

    // The dirty cards of every chunk: each is cleaned, then the objects starting in it are scanned whole and
    // the slots of an object reaching into it from an earlier card are scanned (each slot that still refers to
    // a young object dirties its own card again). Chunks added by this scavenge's
    // promotions are clean and skipped; their objects are on the promoted worklist.
    void scan_cards() {
        Heap& h = m_heap;
        const size_t n = h.m_chunks.size();
        for (size_t c = 0; c < n; ++c) {
            uint8_t* base = h.m_chunks[c];
            Heap::Card* cards = h.card_of(base);
            for (size_t i = 0; i < Heap::cards_per_chunk; i += 8) {
                uint64_t w;
                std::memcpy(&w, cards + i, 8);
                if (TRELLIS_LIKELY(w == 0)) continue;
                for (size_t k = i; k < i + 8; ++k) {
                    if (cards[k] == Heap::Card::clean) continue;
                    cards[k] = Heap::Card::clean;
                    scan_card(base, k);
                }
            }
        }
    }

    // Walks the objects overlapping card k of the chunk at base.
    void scan_card(uint8_t* base, size_t k) {
        Heap& h = m_heap;
        const uint8_t* starts = h.starts_of(base);
        // The walk begins at the first start of the nearest earlier card that has one (so an object reaching
        // into card k from before is seen); card 0 always has one: a chunk begins with an object.
        size_t j = k == 0 ? 0 : k - 1;
        while (starts[j] == 0xFF) --j;
        uint8_t* p = base + j * Heap::card_bytes + starts[j] * 8u;
        uint8_t* const begin = base + k * Heap::card_bytes;
        uint8_t* const end = begin + Heap::card_bytes;
        while (p < end) {
            if (p == m_promo_top && p != m_promo_end) {  // the promotion range being filled: not walkable yet
                p = m_promo_end;
                continue;
            }
            auto* o = reinterpret_cast<Object*>(p);
            uint8_t* const start = p;
            p += o->size();
            if (p <= begin || o->kind == Kind::free_space) continue;
            if (start >= begin) {
                scan_in_chunk(o);  // the barrier marks the card of the holder's header: scan all of it
            } else {
                // Started in an earlier card (scanned there if that card was dirty): only the slots in this one.
                core::visit_slots(o, [&](Value& v) {
                    auto* a = reinterpret_cast<uint8_t*>(&v);
                    if (a >= begin && a < end && slot(v)) *h.card_of(a) = Heap::Card::dirty;
                });
            }
        }
    }

    void run() {
        Heap& h = m_heap;
        // Old objects outside the chunk region that may refer into the nursery: those whose hashed card is dirty.
        std::vector<Object*>& outside = h.m_outside_scratch;
        outside.clear();
        if (h.m_outside_dirty) {
            for (Object* o : h.m_old_objects)
                if (h.outside_card(o) == Heap::Card::dirty) outside.push_back(o);
            std::memset(h.m_outside_cards, 0, sizeof h.m_outside_cards);
            h.m_outside_dirty = false;
        }
        h.visit_roots(*this, false);
        for (Object* o : outside)
            if (scan(o)) {  // still refers to a young object: stays recorded
                h.outside_card(o) = Heap::Card::dirty;
                h.m_outside_dirty = true;
            }
        scan_cards();
        drain();
        // Registered finalizable objects that did not survive are resurrected before weak references and
        // finalizers are looked at (finalize.cpp), so both see them alive.
        if (!h.m_finalizable_young.empty()) resurrect_finalizable();
        // Weak references: the weak list doubles as their remembered set.
        size_t keep = 0;
        for (core::WeakRef* w : h.m_weak_refs) {
            if (h.is_young(w)) {
                if (!(w->gc & forwarded)) continue;  // the weak reference itself died
                w = static_cast<core::WeakRef*>(core::forwarding_address(w));
            }
            if (w->target.is_object() && in_from(w->target.as_object())) {
                Object* t = w->target.as_object();
                w->target = (t->gc & forwarded) ? Value::object(core::forwarding_address(t)) : Value::nil();
            }
            h.m_weak_refs[keep++] = w;
        }
        h.m_weak_refs.resize(keep);
        // Finalizers of young objects that did not survive.
        keep = 0;
        for (auto& f : h.m_finalizers) {
            if (in_from(f.object)) {
                if (f.object->gc & forwarded) {
                    f.object = core::forwarding_address(f.object);
                } else {
                    h.m_pending_finalizers.push_back(f);
                    continue;
                }
            }
            h.m_finalizers[keep++] = f;
        }
        h.m_finalizers.resize(keep);
        // Flip: to-space becomes the survivor space, eden and the old survivor space are free.
        // Survival rate of this scavenge: when most of the nursery was live (a big structure under construction),
        // the next scavenge promotes every survivor at once instead of copying it through a survivor space first.
        const size_t scavenged = static_cast<size_t>((h.m_eden_top - h.m_eden_base) + (h.m_from_top - h.m_from_base));
        h.m_stats.bytes_promoted += m_promoted_bytes;
        const size_t survived = static_cast<size_t>(m_to_top - h.m_to_base) + m_promoted_bytes;
        h.m_promote_young = survived * Heap::mostly_live_den > scavenged * Heap::mostly_live_num;
        h.m_allocated_before += static_cast<uint64_t>(h.m_eden_top - h.m_eden_base);
        h.poison(h.m_eden_base, h.m_eden_top);
        h.poison(h.m_from_base, h.m_from_top);
        uint8_t* old_from = h.m_from_base;
        h.m_from_base = h.m_to_base;
        h.m_from_top = m_to_top;
        h.m_to_base = old_from;
        h.m_eden_top = h.m_eden_base;
        h.m_promo_top = m_promo_top;
        h.seal_promotion();
        if (h.m_old_bytes > h.m_stats.peak_old_bytes) h.m_stats.peak_old_bytes = h.m_old_bytes;
    }

private:
    // Young registered objects: survivors stay registered (moved to the old list when promoted); dead ones are
    // copied out after all (with what they reference) and queued newest first, no longer registered.
    void resurrect_finalizable() {
        Heap& h = m_heap;
        std::vector<Object*>& list = h.m_finalizable_young;
        std::vector<Object*> dead;
        size_t keep = 0;
        for (Object* o : list) {
            if (o->gc & forwarded) {
                Object* n = core::forwarding_address(o);
                if (h.is_young(n)) list[keep++] = n;
                else h.m_finalizable_old.push_back(n);
            } else {
                dead.push_back(o);
            }
        }
        list.resize(keep);
        if (dead.empty()) return;
        for (auto it = dead.rbegin(); it != dead.rend(); ++it) {
            Object* n = evacuate(*it);
            n->gc &= static_cast<uint8_t>(~finalizable);
            h.m_ready.push_back(Value::object(n));
        }
        drain();
    }

    TRELLIS_COLD void grow_worklist() {
        m_heap.m_promoted_scratch.resize(2 * m_promoted_cap);
        m_promoted = m_heap.m_promoted_scratch.data();
        m_promoted_cap = m_heap.m_promoted_scratch.size();
    }

    void drain() {
        uint8_t* scan_ptr = m_heap.m_to_base;
        while (scan_ptr < m_to_top || m_promoted_count > 0) {
            while (scan_ptr < m_to_top) {
                auto* o = reinterpret_cast<Object*>(scan_ptr);
                scan_ptr += o->size();
                scan(o);
            }
            // Promoted objects are scanned last-in first-out: copying goes depth-first, so an object and the
            // children it promotes land next to each other in old space, and a structure built recursively is
            // read back from the nursery in almost the order it was allocated. Against breadth-first order with
            // prefetching (before): binary-trees 18, minor pauses 177 -> 150 ms in all, p99 0.79-0.86 -> 0.65-0.70 ms.
            while (m_promoted_count > 0) scan_in_chunk(m_promoted[--m_promoted_count]);
        }
    }

    Heap& m_heap;
    unsigned m_promote_age;
    uint8_t* m_to_top;
    uint8_t* m_to_end;
    uint8_t m_old_bits;  // GC bits a promoted object gets: old, and the live mark value (Heap::is_marked_live)
    uint8_t* m_promo_top;        // the heap's promotion range, [m_promo_top, m_promo_end), during the scavenge
    uint8_t* m_promo_end;
    uint8_t* m_promo_next_card;  // the next promoted object at or above this address starts a new card
    // Worklist of the objects promoted by this scavenge, still to scan: the heap's scratch vector, whose size is
    // its capacity (kept between scavenges, so a scavenge promoting a whole nursery allocates nothing).
    Object** m_promoted;
    size_t m_promoted_count = 0;
    size_t m_promoted_cap;
    size_t m_promoted_bytes;           // bytes promoted by this scavenge (added to the stats at its end)
};

/// Marks old objects reachable from the roots (the nursery is empty when it runs).
class Marker final : public RootVisitor {
public:
    // Marking sets the mark bit to the value opposite to the heap's current live value (which it becomes
    // after this collection), and counts the live bytes of every chunk of the region.
    explicit Marker(Heap& h) : m_heap(h), m_mark(static_cast<uint8_t>(h.m_live_mark ^ marked)) {
        std::fill(h.m_chunk_live.begin(), h.m_chunk_live.end(), 0u);
    }
    void visit(Value* begin, Value* end) override {
        for (Value* s = begin; s != end; ++s) mark(*s);
    }
    TRELLIS_ALWAYS_INLINE void mark(Value v) {
        if (!v.is_object()) return;
        Object* o = v.as_object();
        if ((o->gc & marked) == m_mark) return;
        o->gc ^= marked;
        const uintptr_t off = reinterpret_cast<uintptr_t>(o) - Heap::w(m_heap.m_old_base);
        if (off < Heap::w(m_heap.m_old_size))
            m_heap.m_chunk_live[off / Heap::chunk_bytes] += static_cast<uint32_t>(o->size());
        m_stack.push_back(o);
    }
    void run() {
        m_heap.visit_roots(*this, true);
        drain();
    }
    // Old registered objects left unmarked: marked after all (with what they reference) and queued newest
    // first, no longer registered; marked ones stay registered.
    void resurrect_finalizable() {
        std::vector<Object*>& list = m_heap.m_finalizable_old;
        std::vector<Object*> dead;
        size_t keep = 0;
        for (Object* o : list) {
            if ((o->gc & marked) == m_mark) list[keep++] = o;
            else dead.push_back(o);
        }
        list.resize(keep);
        for (auto it = dead.rbegin(); it != dead.rend(); ++it) {
            Object* o = *it;
            o->gc &= static_cast<uint8_t>(~finalizable);
            m_heap.m_ready.push_back(Value::object(o));
            mark(Value::object(o));
        }
        drain();
    }
    void drain() {
        while (!m_stack.empty()) {
            Object* o = m_stack.back();
            m_stack.pop_back();
            core::visit_slots(o, [&](Value& v) { mark(v); });
        }
    }

private:
    Heap& m_heap;
    const uint8_t m_mark;
    std::vector<Object*> m_stack;
};

void Heap::scavenge(bool promote_all) {
    Scavenger s(*this, promote_all);
    s.run();
}

void Heap::mark_sweep() {
    clear_cards();  // the promote-everything scavenge before it left no young object
    Marker m(*this);
    m.run();
    if (!m_finalizable_old.empty()) m.resurrect_finalizable();
    m_live_mark ^= marked;  // what marking just set is the live value from now on
    // Weak references whose target is unmarked are cleared; dead weak references are dropped.
    size_t keep = 0;
    for (core::WeakRef* w : m_weak_refs) {
        if (!is_marked_live(w)) continue;
        if (w->target.is_object() && !is_marked_live(w->target.as_object())) w->target = Value::nil();
        m_weak_refs[keep++] = w;
    }
    m_weak_refs.resize(keep);
    keep = 0;
    for (auto& f : m_finalizers) {
        if (!is_marked_live(f.object)) {
            m_pending_finalizers.push_back(f);
            continue;
        }
        m_finalizers[keep++] = f;
    }
    m_finalizers.resize(keep);
    // Sweep the objects allocated one by one.
    keep = 0;
    for (Object* o : m_old_objects) {
        if (is_marked_live(o)) {
            m_old_objects[keep++] = o;
        } else {
            const size_t size = o->size();
            m_old_bytes -= size;
            m_stats.bytes_freed_old += size;
            if (m_poison) std::memset(o->body(), 0xDB, size - sizeof(Object));
            free_old(o);
        }
    }
    m_old_objects.resize(keep);
    sweep_chunks();
    m_stats.major_collections++;
    double next = static_cast<double>(m_old_bytes) * m_config.major_growth;
    m_next_major = std::max(m_config.major_trigger_bytes, static_cast<size_t>(next));
    trim_spare_chunks();
}

void Heap::minor_timed(bool promote_all) {
    // A promote-everything scavenge opens a major collection and is timed as part of it.
    if (promote_all) {
        scavenge(true);
        return;
    }
    auto t0 = std::chrono::steady_clock::now();
    const uint64_t c0 = thread_cpu_ns();
    scavenge(false);
    m_stats.minor_collections++;
    m_stats.minor_pause_ns.push_back(elapsed_ns(t0));
    const uint64_t cpu = thread_cpu_ns() - c0;
    m_stats.minor_pause_cpu_ns.push_back(cpu > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(cpu));
}

void Heap::collect_minor() {
    if (m_in_gc) return;
    m_in_gc = true;
    m_ready_before_gc = m_ready.size();
    minor_timed(false);
    bool major = m_old_bytes > m_next_major;
    if (major) {
        auto t0 = std::chrono::steady_clock::now();
        minor_timed(true);
        mark_sweep();
        m_stats.major_pause_ns.push_back(elapsed_ns(t0));
    }
    after_collection();
}

void Heap::collect_major() {
    if (m_in_gc) return;
    m_in_gc = true;
    m_ready_before_gc = m_ready.size();
    auto t0 = std::chrono::steady_clock::now();
    minor_timed(true);
    mark_sweep();
    m_stats.major_pause_ns.push_back(elapsed_ns(t0));
    after_collection();
}

void Heap::after_collection() {
    if (m_old_bytes > m_stats.peak_old_bytes) m_stats.peak_old_bytes = m_old_bytes;
    // Asked once the pause is over, so the helper thread never wakes up inside one.
    if (m_region_used >= huge_page_bytes) {
        // Promotion takes spare chunks first, then released ones (whose pages were given back): when the spares
        // run short, the next released chunks become spares and their huge pages are faulted back in now,
        // outside any pause (they are reused in 2 MiB groups, the unit trim_spare_chunks releases).
        uintptr_t last_group = UINTPTR_MAX;
        while (m_spare_chunks.size() < prefault_ahead / chunk_bytes && !m_released_chunks.empty()) {
            uint8_t* base = m_released_chunks.back();
            m_released_chunks.pop_back();
            m_spare_chunks.push_back(base);
            const uintptr_t group = (reinterpret_cast<uintptr_t>(base) - w(m_old_base)) & ~(huge_page_bytes - 1);
            if (group != last_group) m_prefaulter->refault(group);
            last_group = group;
        }
        m_prefaulter->request(m_region_used + prefault_ahead);
    }
    set_eden_limit();
    m_in_gc = false;
    if (m_config.verify) verify();
    run_pending_finalizers();
    if (m_ready.size() > m_ready_before_gc && m_finalization_hook) m_finalization_hook(m_finalization_user);
}

}  // namespace trellis::gc
