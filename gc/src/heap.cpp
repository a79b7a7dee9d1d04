// Heap setup and teardown, configuration from the environment, root registration, the allocation slow paths,
// the old-space allocator (mimalloc), the heap limit, finalizers and symbols (see heap.hpp).
#include "trellis/gc/heap.hpp"

#include <mimalloc.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "prefault.hpp"
#include "trellis/gc/handles.hpp"

namespace trellis::gc {

using core::gc_bits::large;
using core::gc_bits::old;

namespace {
size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }
}  // namespace

HeapConfig HeapConfig::from_env() {
    HeapConfig c;
#ifndef NDEBUG
    c.verify = true;
#endif
    if (const char* s = std::getenv("TRELLIS_GC_STRESS"); s && *s) {
        long n = std::strtol(s, nullptr, 10);
        if (n > 0) {
            c.stress_every = static_cast<unsigned>(n);
            c.verify = true;
        }
    }
    if (const char* s = std::getenv("TRELLIS_GC_NURSERY_KB"); s && *s) {
        long kb = std::strtol(s, nullptr, 10);
        if (kb >= 64) {
            c.nursery_bytes = static_cast<size_t>(kb) << 10;
            c.survivor_bytes = c.nursery_bytes / 4;
        }
    }
    if (const char* s = std::getenv("TRELLIS_GC_SMALL_START_KB"); s && *s) {
        long kb = std::strtol(s, nullptr, 10);
        if (kb >= 0) c.small_start_bytes = static_cast<size_t>(kb) << 10;
    }
    if (const char* s = std::getenv("TRELLIS_GC_STATS"); s && *s && std::strcmp(s, "0") != 0) c.print_stats = true;
    return c;
}

Heap::Heap(const HeapConfig& config) : m_config(config) {
    if (m_config.promote_age == 0) m_config.promote_age = 1;
    if (m_config.promote_age > 7) m_config.promote_age = 7;
    const size_t page = 4096;
    const size_t eden = round_up(std::max<size_t>(m_config.nursery_bytes, 64 * 1024), page);
    m_survivor_bytes = round_up(std::max<size_t>(m_config.survivor_bytes, page), page);
    const size_t nursery = eden + 2 * m_survivor_bytes;
    // Small-start heaps (HeapConfig::small_start_bytes) put eden's first `small` bytes on 4 KiB pages.
    const size_t small = std::min(m_config.small_start_bytes, eden / 4) / page * page;
    // The nursery is one mapping backed by transparent huge pages where the system allows them (madvise mode)
    // from a 2 MiB boundary `base` on: a first touch then costs one fault per 2 MiB instead of 512. Its pages are
    // faulted lazily, by the first allocations and the first scavenges, so creating a heap costs only the
    // mapping; with huge pages that is one fault for eden's first 2 MiB and one for the survivor spaces (see
    // docs/architecture.md). A small start puts eden's first `small` bytes just below `base`, on 4 KiB pages.
    m_mapping_bytes = round_up(nursery, huge_page_bytes) + huge_page_bytes + (small ? huge_page_bytes : 0);
    m_mapping = mmap(nullptr, m_mapping_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                     -1, 0);
    if (m_mapping == MAP_FAILED) {
        m_mapping = nullptr;
        throw core::Error("gc: cannot map a nursery of " + std::to_string(m_mapping_bytes) + " bytes: " +
                          std::strerror(errno));
    }
    auto* base = reinterpret_cast<uint8_t*>(round_up(reinterpret_cast<uintptr_t>(m_mapping), huge_page_bytes)) +
                 (small ? huge_page_bytes : 0);
#ifdef MADV_HUGEPAGE
    madvise(base, round_up(nursery - small, huge_page_bytes), MADV_HUGEPAGE);
#endif
#ifdef MADV_NOHUGEPAGE
    if (small) madvise(base - small, small, MADV_NOHUGEPAGE);  // also where THP is "always"
#endif
    m_eden_base = base - small;
    m_eden_end = m_eden_base + eden;
    m_eden_top = m_eden_base;
    m_eden_limit = m_eden_end;
    m_from_base = m_eden_end;
    m_from_top = m_from_base;
    m_to_base = m_from_base + m_survivor_bytes;
    m_young_base = Word{reinterpret_cast<uintptr_t>(m_eden_base)};
    m_young_size = Word{nursery};
    m_next_major = m_config.major_trigger_bytes;
    // Every nursery object must fit an old-space chunk when promoted, and its size the header.
    m_config.large_object_bytes = std::min({m_config.large_object_bytes, eden / 2, chunk_bytes / 2});
    map_old_region();
#ifndef NDEBUG
    m_poison = true;
#endif
    if (m_config.stress_every) m_poison = true;
    set_eden_limit();
}

Heap::~Heap() {
    // Every object dies with the heap: the remaining finalizers run now, once each.
    for (auto& f : m_finalizers) m_pending_finalizers.push_back(f);
    m_finalizers.clear();
    run_pending_finalizers();
    if (m_config.print_stats) std::fputs(stats().report().c_str(), stderr);
    for (Object* o : m_old_objects) free_old(o);
    m_prefaulter.reset();  // joins the helper thread before its memory goes away
    if (m_region) munmap(m_region, m_region_bytes);
    if (m_cards) munmap(m_cards, 2 * (w(m_old_size) >> card_shift));
    if (m_mapping) munmap(m_mapping, m_mapping_bytes);
}

void Heap::map_old_region() {
    // The chunk region only reserves address space (MAP_NORESERVE): pages are touched as chunks are used. It holds
    // max_heap_bytes plus one full nursery's worth of promotions (which may pass the limit) and some slack,
    // capped at 64 GiB of address space; aligned to 2 MiB so transparent huge pages can back it (a 2 MiB first
    // touch instead of 512 small page faults inside a scavenge).
    constexpr size_t huge = size_t(2) << 20;
    const size_t want = std::min<size_t>(m_config.max_heap_bytes, size_t(64) << 30) + m_mapping_bytes + 32 * chunk_bytes;
    size_t size = round_up(want, huge);
    void* p;
    while ((p = mmap(nullptr, size + huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
                     0)) == MAP_FAILED &&
           size > (size_t(256) << 20))
        size = round_up(size / 2, huge);
    if (p == MAP_FAILED) {
        munmap(m_mapping, m_mapping_bytes);
        m_mapping = nullptr;
        throw core::Error(std::string("gc: cannot reserve the old-space region: ") + std::strerror(errno));
    }
    m_region = p;
    m_region_bytes = size + huge;
    uintptr_t base = round_up(reinterpret_cast<uintptr_t>(p), huge);
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void*>(base), size, MADV_HUGEPAGE);
#endif
    const size_t cards = size >> card_shift;
    void* c = mmap(nullptr, 2 * cards, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (c == MAP_FAILED) {
        munmap(m_region, m_region_bytes);
        munmap(m_mapping, m_mapping_bytes);
        m_region = m_mapping = nullptr;
        throw core::Error(std::string("gc: cannot map the card table: ") + std::strerror(errno));
    }
    m_old_base = Word{base};
    m_old_size = Word{size};
    m_cards = static_cast<Card*>(c);
    m_starts = static_cast<uint8_t*>(c) + cards;
    m_prefaulter = std::make_unique<Prefaulter>(reinterpret_cast<uint8_t*>(base), size,
                                                reinterpret_cast<uint8_t*>(m_cards), m_starts);
}

void Heap::set_eden_limit() noexcept {
    // Where the inline fast path stops: the end of eden; in stress mode the current top (every allocation takes
    // the slow path, which counts allocations); before the warm-up the middle of eden (see warm_up()).
    m_eden_limit = m_config.stress_every ? m_eden_top : m_warm ? m_eden_end : m_eden_base + (m_eden_end - m_eden_base) / 2;
}

const GcStats& Heap::stats() noexcept {
    m_stats.bytes_allocated = m_allocated_before + static_cast<uint64_t>(m_eden_top - m_eden_base);
    return m_stats;
}

// ---- roots ----

void Heap::add_root(Value* slot) { m_root_slots.push_back(slot); }

void Heap::remove_root(Value* slot) {
    auto it = std::find(m_root_slots.begin(), m_root_slots.end(), slot);
    if (it != m_root_slots.end()) m_root_slots.erase(it);
}

void Heap::add_frame_stack(const core::FrameStack* stack) { m_frame_stacks.push_back(stack); }

void Heap::remove_frame_stack(const core::FrameStack* stack) {
    auto it = std::find(m_frame_stacks.begin(), m_frame_stacks.end(), stack);
    if (it != m_frame_stacks.end()) m_frame_stacks.erase(it);
}

size_t Heap::add_root_callback(RootCallback callback, void* user) {
    size_t id = m_next_callback_id++;
    m_callbacks.push_back({callback, user, id});
    return id;
}

void Heap::remove_root_callback(size_t id) {
    auto it = std::find_if(m_callbacks.begin(), m_callbacks.end(), [&](const Callback& c) { return c.id == id; });
    if (it != m_callbacks.end()) m_callbacks.erase(it);
}

void Heap::visit_roots(RootVisitor& v, bool include_symbols) {
    for (Value& s : m_handles) v.visit(s);
    for (Value& s : m_persistent) v.visit(s);
    for (Value* s : m_root_slots) v.visit(*s);
    for (const core::FrameStack* fs : m_frame_stacks)
        v.visit(reinterpret_cast<Value*>(fs->base()), reinterpret_cast<Value*>(fs->top()));
    for (const Callback& c : m_callbacks) c.callback(v, c.user);
    for (const Protected& p : m_protected) v.visit(p.values, p.values + p.count);
    for (Value& s : m_ready) v.visit(s);
    if (include_symbols) {
        for (auto& [text, sym] : m_symbols) {
            Value s = Value::object(sym);
            v.visit(s);  // symbols never move
        }
    }
}

// ---- allocation slow paths ----

void Heap::warm_up() noexcept {
    // Half of eden is in use: this heap will collect. The memory its first scavenges copy into (the rest of the
    // nursery's huge pages: the survivor spaces; the first old-space chunks) is faulted in now, in mutator time,
    // rather than inside those pauses, where a first touch costs 0.1-4 ms per 2 MiB huge page on the VMs we
    // measure on: the nursery here (one call), the old space by the prefaulter thread.
    m_warm = true;
    madvise(m_eden_base, w(m_young_size), populate_write);  // eden and both survivor spaces
    m_prefaulter->request(prefault_ahead);
}

Object* Heap::allocate_slow(Kind kind, size_t bytes, Value* protect, size_t n_protect) {
    if (bytes >= m_config.large_object_bytes) return allocate_old(kind, bytes, protect, n_protect);
    if (TRELLIS_UNLIKELY(!m_warm) && !m_config.stress_every) {
        warm_up();
        set_eden_limit();
        return allocate(kind, bytes, protect, n_protect);  // the fast path again, now up to the end of eden
    }
    m_protected.push_back({protect, n_protect});
    bool collect = true;
    if (m_config.stress_every) {
        collect = ++m_stress_count >= m_config.stress_every;
        if (collect) m_stress_count = 0;
        if (!collect && static_cast<size_t>(m_eden_end - m_eden_top) < bytes) collect = true;
    }
    if (collect) {
        if (m_config.stress_every && ++m_forced_collections % 8 == 0)
            collect_major();
        else
            collect_minor();
    }
    try {
        check_limit(0, nullptr, 0);
    } catch (...) {
        m_protected.pop_back();
        throw;
    }
    m_protected.pop_back();
    uint8_t* p = m_eden_top;
    m_eden_top = p + bytes;
    set_eden_limit();
    return init_header(p, kind, bytes);
}

// Under ThreadSanitizer old objects come from the C library's malloc, which TSan intercepts: mimalloc is not
// instrumented, so a block freed by one instance's thread and reused by another's looked like a data race
// (scripts/tsan.sh, tests/embed/test_embed_threads.cpp). Other builds use mimalloc.
#if defined(__SANITIZE_THREAD__)
#define TRELLIS_GC_LIBC_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TRELLIS_GC_LIBC_MALLOC 1
#endif
#endif

Object* Heap::old_malloc(size_t bytes) {
    // An object too big for the header's size field gets its size in an 8-byte prefix (see Object::size()).
    const size_t prefix = bytes > core::max_inline_size ? 8 : 0;
#ifdef TRELLIS_GC_LIBC_MALLOC
    void* p = std::malloc(bytes + prefix);
#else
    void* p = mi_malloc(bytes + prefix);  // mimalloc blocks are at least 8-byte aligned
#endif
    if (!p) throw OutOfMemory("gc: the system refused " + std::to_string(bytes) + " bytes");
    if (prefix) {
        const uint64_t size = bytes;
        std::memcpy(p, &size, sizeof size);
    }
    auto* o = reinterpret_cast<Object*>(static_cast<uint8_t*>(p) + prefix);
    m_old_objects.push_back(o);
    m_old_bytes += bytes;
    if (m_old_bytes > m_stats.peak_old_bytes) m_stats.peak_old_bytes = m_old_bytes;
    return o;
}

void Heap::free_old(Object* o) noexcept {
#ifdef TRELLIS_GC_LIBC_MALLOC
    std::free(reinterpret_cast<uint8_t*>(o) - (o->size_words == 0 ? 8 : 0));
#else
    mi_free(reinterpret_cast<uint8_t*>(o) - (o->size_words == 0 ? 8 : 0));
#endif
}

void Heap::check_limit(size_t extra, Value* protect, size_t n_protect) {
    if (m_old_bytes + extra <= m_config.max_heap_bytes) return;
    if (m_in_gc) return;
    m_protected.push_back({protect, n_protect});
    collect_major();
    m_protected.pop_back();
    if (m_old_bytes + extra > m_config.max_heap_bytes)
        throw OutOfMemory("out of memory: heap limit of " + std::to_string(m_config.max_heap_bytes) +
                          " bytes exceeded (" + std::to_string(m_old_bytes) + " bytes live, " +
                          std::to_string(extra) + " requested)");
}

Object* Heap::allocate_old(Kind kind, size_t bytes, Value* protect, size_t n_protect) {
    bytes = core::align8(bytes);
    if (bytes > UINT32_MAX) throw OutOfMemory("out of memory: object of " + std::to_string(bytes) + " bytes");
    if (m_config.stress_every && ++m_stress_count >= m_config.stress_every) {
        m_stress_count = 0;
        m_protected.push_back({protect, n_protect});
        collect_minor();
        m_protected.pop_back();
    }
    if (m_old_bytes + bytes > m_next_major) {
        m_protected.push_back({protect, n_protect});
        collect_major();
        m_protected.pop_back();
    }
    check_limit(bytes, protect, n_protect);
    Object* o = old_malloc(bytes);
    init_header(reinterpret_cast<uint8_t*>(o), kind, bytes > core::max_inline_size ? 0 : bytes);
    o->gc = static_cast<uint8_t>(old | m_live_mark | (bytes >= m_config.large_object_bytes ? large : 0));
    m_allocated_before += bytes;
    if (o->gc & large) m_stats.bytes_large += bytes;
    return o;
}

// ---- finalizers ----

void Heap::add_finalizer(Object* object, Finalizer finalizer, void* data) {
    m_finalizers.push_back({object, finalizer, data});
}

void Heap::run_pending_finalizers() {
    while (!m_pending_finalizers.empty()) {
        std::vector<FinalizerEntry> run;
        run.swap(m_pending_finalizers);
        for (auto& f : run) f.finalizer(f.data);
    }
}

// ---- symbols ----

core::String* Heap::intern(std::string_view text) {
    auto it = m_symbols.find(text);
    if (it != m_symbols.end()) return it->second;
    Object* o = allocate_old(Kind::symbol, sizeof(Object) + 8 + text.size() + 1);
    auto* s = static_cast<core::String*>(o);
    s->length = static_cast<uint32_t>(text.size());
    s->hash32 = core::hash_bytes(text);
    std::memcpy(s->data, text.data(), text.size());
    s->data[text.size()] = '\0';
    m_symbols.emplace(s->view(), s);
    return s;
}

void Heap::poison(uint8_t* begin, uint8_t* end) noexcept {
    if (m_poison && end > begin) std::memset(begin, 0xDB, static_cast<size_t>(end - begin));
}

}  // namespace trellis::gc
