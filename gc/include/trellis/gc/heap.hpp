/// @file heap.hpp
/// The generational, precise, moving heap of one VM instance.
///
/// Layout: a nursery (eden + two survivor semispaces, one mmap) with an inline bump-pointer fast path; a copying
/// scavenger (Cheney) that ages survivors and promotes them after `promote_age` scavenges (or when the survivor
/// space is full); a non-moving old space reclaimed by mark-sweep, where survivors are bump-allocated into 256 KiB
/// chunks of one reserved region (transparent huge pages) whose dead runs are reused (gc/src/chunks.cpp); a
/// large-object space (objects >= large_object_bytes, one mimalloc block each, never copied). Old-to-young
/// references are tracked by one inline write barrier (write_barrier / store): a card table with an object-start
/// map over the chunk region (scanned in gc/src/collect.cpp), and a small hashed card table for old objects outside
/// it (large objects, symbols, allocate_old), whose dirty entries select which of them a scavenge scans.
///
/// Roots are precise: handles (HandleScope/Local, Persistent in handles.hpp), registered Value slots, registered
/// Value-slot frame stacks, and root callbacks of the frontends. There is no global mutable state: one Heap per VM
/// instance, and two heaps on two threads run without locks. A Heap is not itself thread-safe.
///
/// Environment: TRELLIS_GC_STRESS=N collects every N allocations (every 8th forced collection is a major one)
/// and verifies the heap after each collection; TRELLIS_GC_STATS=1 prints GcStats::report() at destruction;
/// TRELLIS_GC_NURSERY_KB=K sets the eden size (survivor spaces K/4 each); TRELLIS_GC_SMALL_START_KB=K sets
/// HeapConfig::small_start_bytes.
/// In debug builds (NDEBUG undefined) the verifier runs after every collection and freed nursery memory is
/// poisoned with 0xDB bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trellis/core/compiler.hpp"
#include "trellis/core/error.hpp"
#include "trellis/core/frame_stack.hpp"
#include "trellis/core/object.hpp"
#include "trellis/core/value.hpp"
#include "trellis/gc/stats.hpp"

namespace trellis::gc {

using core::Kind;
using core::Object;
using core::Value;

/// Sizes and policies of one heap. Defaults suit an interpreter; `from_env()` applies the TRELLIS_GC_* variables.
struct HeapConfig {
    /// Eden size in bytes (bump-allocated). 1.5 MiB bounds a scavenge that finds eden wholly live (a big
    /// structure under construction) to ~0.9 ms of CPU on binary-trees 18; 2 MiB took ~1.2 ms and 1 MiB ~0.6 ms,
    /// at +5% and +24% total CPU against 2 MiB (docs/architecture.md, "Nursery size").
    size_t nursery_bytes = 1536u << 10;
    size_t survivor_bytes = 384u << 10;     ///< each of the two survivor semispaces, bytes (eden / 4)
    unsigned promote_age = 2;               ///< an object is promoted by the promote_age-th scavenge it survives (1-7)
    /// Objects this big or bigger go straight to the large-object space (bytes; capped at 128 KiB, half an
    /// old-space chunk, and at half the eden).
    size_t large_object_bytes = 16u << 10;
    size_t max_heap_bytes = size_t(4) << 30;  ///< limit on old + large bytes; beyond it allocation throws OutOfMemory
    size_t major_trigger_bytes = 16u << 20; ///< old + large bytes that trigger the first major collection
    double major_growth = 2.0;              ///< next trigger = live old bytes after a major * growth
    unsigned stress_every = 0;              ///< collect every N allocations (0 = off); TRELLIS_GC_STRESS
    bool verify = false;                    ///< run the heap verifier after every collection
    bool print_stats = false;               ///< print stats to stderr at destruction; TRELLIS_GC_STATS
    /// Bytes at the start of eden that lie on 4 KiB pages (rounded to 4 KiB, capped at eden / 4; 0 = none, the
    /// default). The nursery is placed so that eden's first `small_start_bytes` end at a 2 MiB boundary: they are
    /// advised MADV_NOHUGEPAGE, and the rest of the nursery is on transparent huge pages as usual. A heap that
    /// allocates less than that touches only a few 4 KiB pages (an empty Zexus instance of the embedding API: ~90
    /// KiB resident instead of a 2 MiB huge page); one that allocates more pays one 4 KiB fault per page of the
    /// stretch once (~0.5 ms for 256 KiB on our VM) and keeps those pages small. Nothing changes on the allocation
    /// fast path. Used by the embedding API's instances (docs/architecture.md, "Small first pages");
    /// TRELLIS_GC_SMALL_START_KB=K sets it.
    size_t small_start_bytes = 0;
    /// Defaults, then TRELLIS_GC_STRESS / TRELLIS_GC_STATS / TRELLIS_GC_NURSERY_KB / TRELLIS_GC_SMALL_START_KB from the
    /// environment; verify is on in debug builds and in stress mode.
    static HeapConfig from_env();
};

/// Thrown by allocation when old + large space would exceed HeapConfig::max_heap_bytes even after a full
/// collection. The heap stays consistent and usable; the frontend reports its own "out of memory" error.
/// (Promotion inside a scavenge is never interrupted, so live old bytes may pass the limit by at most one
/// scavenge's survivors before the next allocation throws.)
class OutOfMemory : public core::Error {
public:
    using core::Error::Error;
};

/// Receives root slots during a collection. Frontends implement nothing: they call visit() from a RootCallback.
class RootVisitor {
public:
    virtual ~RootVisitor() = default;
    /// Visits the Value slots [begin, end); the collector may rewrite them (objects move).
    virtual void visit(Value* begin, Value* end) = 0;
    /// Visits one Value slot.
    void visit(Value& slot) { visit(&slot, &slot + 1); }
};

/// A frontend's root enumerator: called during every collection with the user pointer given at registration.
using RootCallback = void (*)(RootVisitor& visitor, void* user);

/// A finalization callback: called exactly once with its `data`, after the object it was attached to has died
/// (at the end of the collection that found it dead, or when the heap is destroyed). It must not touch the object.
using Finalizer = void (*)(void* data);

class Prefaulter;  // gc/src/prefault.hpp

class Heap {
    // A card-table byte. Not a character type on purpose: a store of it cannot alias the heap's own fields, so
    // a loop of barriered stores keeps them in registers.
    enum class Card : uint8_t { clean = 0, dirty = 1 };
    // An address or a size read by the write barrier. An enumeration, not uintptr_t, for the same reason: the
    // compiler's type-based alias analysis then knows that a store of a Value (a uint64_t) into a heap object
    // cannot change it, and keeps the barrier's bounds in registers across a loop of stores.
    enum class Word : uintptr_t {};
    static constexpr uintptr_t w(Word x) noexcept { return static_cast<uintptr_t>(x); }

public:
    /// Creates a heap (maps the nursery). Throws core::Error if the nursery cannot be mapped.
    explicit Heap(const HeapConfig& config = HeapConfig::from_env());
    /// Runs the remaining finalizers once, frees every object. Prints stats if configured.
    ~Heap();
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    // ---------------------------------------------------------------------------------------------------------
    // Allocation
    /// Allocates an object of `bytes` bytes (header included; rounded up to 8; less than
    /// config().large_object_bytes, which the heap keeps <= 128 KiB) of kind `kind`, with class_id and hash 0,
    /// size/kind set and GC bits clear. The body is NOT initialized: fill every reference slot with a valid
    /// Value before the next allocation (a collection may run at any allocation). The `protect` Values (may be
    /// null/0) are kept alive and updated in place if the collection moves them. Throws OutOfMemory.
    /// Objects smaller than config().large_object_bytes come back young, so their initializing stores need no
    /// write barrier; larger ones may come back old (large-object space): use store() for them.
    TRELLIS_ALWAYS_INLINE Object* allocate(Kind kind, size_t bytes, Value* protect = nullptr, size_t n_protect = 0) {
        bytes = core::align8(bytes);
        uint8_t* p = m_eden_top;
        if (TRELLIS_UNLIKELY(bytes > static_cast<size_t>(m_eden_limit - p)))
            return allocate_slow(kind, bytes, protect, n_protect);
        m_eden_top = p + bytes;
        return init_header(p, kind, bytes);
    }
    /// allocate()'s inline fast path alone, for an interpreter loop that must not throw or collect in line:
    /// a young object of `bytes` bytes (same header and contract as allocate(); `bytes` must be less than
    /// config().large_object_bytes), or nullptr when eden has no room (or in stress mode, always): then call
    /// allocate(), which collects or throws. Never collects, never throws.
    TRELLIS_ALWAYS_INLINE Object* try_allocate(Kind kind, size_t bytes) noexcept {
        bytes = core::align8(bytes);
        uint8_t* p = m_eden_top;
        if (TRELLIS_UNLIKELY(bytes > static_cast<size_t>(m_eden_limit - p))) return nullptr;
        m_eden_top = p + bytes;
        return init_header(p, kind, bytes);
    }
    /// Allocates directly in old space (never moves): symbols, long-lived tables, objects >= large_object_bytes.
    /// Same contract as allocate(); stores into it must go through the write barrier like any old object.
    Object* allocate_old(Kind kind, size_t bytes, Value* protect = nullptr, size_t n_protect = 0);

    // ---------------------------------------------------------------------------------------------------------
    // Write barrier
    /// True if `p` lies in the nursery (eden or a survivor space): a young object that may move.
    TRELLIS_ALWAYS_INLINE bool is_young(const void* p) const noexcept {
        return reinterpret_cast<uintptr_t>(p) - w(m_young_base) < w(m_young_size);
    }
    /// Must follow every store of `v` into a slot of `holder`. A holder in an old-space
    /// chunk gets the 512-byte card holding its header marked dirty whatever `v` is (subtract, compare, shift and
    /// a byte store; no load of the holder); any other old holder
    /// (large objects, symbols, allocate_old) gets, when `v` is a nursery address, the entry of its header's
    /// card in a 4096-entry hashed card table marked dirty (the next scavenge scans every such object whose entry
    /// is dirty). A few instructions inline, no call and no store of a character type: a loop of barriered
    /// stores keeps the heap fields it reads in registers.
    /// (No separate is_object() test is needed: immediates encode above 2^48, outside any nursery address.)
    TRELLIS_ALWAYS_INLINE void write_barrier(Object* holder, Value v) noexcept {
        // The common path reads three fields; the nursery bounds are read only for holders outside the region.
        const uintptr_t h = reinterpret_cast<uintptr_t>(holder), off = h - w(m_old_base);
        if (off < w(m_old_size)) {
            // Unconditional marking. It measured 25-40% slower than a load-test-store while the bounds were
            // reloaded at every store; with them in registers it is 2-3 points faster on the store-heavy workload
            // (median of 31 interleaved runs: overhead 15.8% against 18.9%).
            m_cards[off >> card_shift] = Card::dirty;
        } else if (TRELLIS_UNLIKELY(v.bits() - w(m_young_base) < w(m_young_size)) && !is_young(holder)) {
            m_outside_cards[(h >> card_shift) & (outside_card_count - 1)] = Card::dirty;
            m_outside_dirty = true;
        }
    }
    /// `slot = v` followed by the write barrier for `holder` (the object containing `slot`).
    TRELLIS_ALWAYS_INLINE void store(Object* holder, Value& slot, Value v) noexcept {
        slot = v;
        write_barrier(holder, v);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Roots
    /// Registers one Value slot that lives outside the heap (a global, a field of a host struct). The slot
    /// must stay valid until remove_root().
    void add_root(Value* slot);
    /// Unregisters a slot given to add_root().
    void remove_root(Value* slot);
    /// Registers a frame stack whose [base, top) holds only Value slots: every 8-byte word below top() must be a
    /// valid Value (push frames with push_value_frame() to get nil-filled slots). Scanned precisely each GC.
    void add_frame_stack(const core::FrameStack* stack);
    /// Unregisters a frame stack.
    void remove_frame_stack(const core::FrameStack* stack);
    /// Registers a root callback; returns an id for remove_root_callback().
    size_t add_root_callback(RootCallback callback, void* user);
    /// Unregisters a root callback by the id add_root_callback() returned.
    void remove_root_callback(size_t id);

    // ---------------------------------------------------------------------------------------------------------
    // Weak references and finalization
    /// Attaches `finalizer(data)` to `object`: it runs exactly once, after `object` dies or when the heap is
    /// destroyed. Several finalizers may be attached to one object.
    void add_finalizer(Object* object, Finalizer finalizer, void* data);
    /// Registers a WeakRef object (done by gc::new_weak_ref; frontends need not call it).
    void register_weak_ref(core::WeakRef* ref) { m_weak_refs.push_back(ref); }

    // ---------------------------------------------------------------------------------------------------------
    // Finalization with resurrection (a language's own finalizers: Perl's DESTROY; gc/src/finalize.cpp)
    //
    // A registered object that a collection finds unreachable is not freed: it is kept alive one more cycle,
    // with everything it references, and appended to the ready queue (a root). The frontend takes it from the
    // queue at a safe point of its own and runs the language's finalizer on it; the object is then an ordinary
    // object again (it is no longer registered), freed by a later collection unless the finalizer stored it
    // somewhere (resurrection). Young registered objects are found dead by the next scavenge, old ones by the
    // next full collection. Objects found dead by one collection are queued newest registration first (a parent
    // built after its children is finalized before them, as reference counting would do). Objects still
    // registered or queued when the heap is destroyed are freed without notice: the frontend drains the queue
    // and calls queue_all_finalizable() before (at program exit).

    /// Registers `object` as finalizable (sets gc_bits::finalizable). Registering an object that is already
    /// registered does nothing. Amortized O(1); allocates nothing on the heap.
    void register_finalizable(Object* object);
    /// Objects registered and not queued yet.
    size_t finalizable_count() const noexcept { return m_finalizable_young.size() + m_finalizable_old.size(); }
    /// True when the ready queue holds objects for the frontend to finalize.
    bool finalization_ready() const noexcept { return !m_ready.empty(); }
    /// Takes the first object of the ready queue (a reference Value), or nil when the queue is empty.
    Value take_ready() noexcept;
    /// Queues the registered objects reachable from `order[0..n)`, whether the program still needs them or not
    /// (program exit: "global destruction" in a frontend's order): roots in the order given, each depth-first,
    /// an object before what it references, slots in order. Allocates nothing on the heap.
    void queue_finalizable_from(const Value* order, size_t n);
    /// Queues every registered object now, reachable or not, newest registration first (program exit, after
    /// queue_finalizable_from() if the frontend has an order). Allocates nothing on the heap.
    void queue_all_finalizable();
    /// Called (with `user`) at the end of every collection that queued objects, after the pause, when the heap
    /// is usable again (it may allocate). Null disables it. Meant to arm the frontend's safe-point check.
    void set_finalization_hook(void (*hook)(void* user), void* user) noexcept {
        m_finalization_hook = hook;
        m_finalization_user = user;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Symbols
    /// The interned symbol with this text (allocated in old space on first use, never moved or freed).
    core::String* intern(std::string_view text);

    // ---------------------------------------------------------------------------------------------------------
    // Collection, verification, statistics
    /// Runs a scavenge now (and a major collection if old space passed its trigger).
    void collect_minor();
    /// Runs a full collection now: a scavenge that promotes every survivor, then mark-sweep of old space.
    void collect_major();
    /// Checks the heap: every reference from a live object or root points at a live object, every old object
    /// pointing at a young one is remembered, headers are sane. Throws core::Error describing the first fault.
    void verify();
    /// Counters and pause lists (bytes_allocated includes the current eden usage).
    const GcStats& stats() noexcept;
    /// Old + large bytes currently allocated.
    size_t old_bytes() const noexcept { return m_old_bytes; }
    /// The configuration this heap was created with (after from_env()).
    const HeapConfig& config() const noexcept { return m_config; }
    /// Changes the limit of HeapConfig::max_heap_bytes from the next allocation on (bytes): an embedder's new
    /// limit, or a frontend lifting it for one small allocation it must finish after an OutOfMemory (Smalltalk
    /// loads the class of its OutOfMemory exception so), then putting it back.
    void set_max_heap_bytes(size_t bytes) noexcept { m_config.max_heap_bytes = bytes; }

    // ---- internal, used by handles.hpp ----
    std::deque<Value>& handle_slots() noexcept { return m_handles; }
    std::deque<Value>& persistent_slots() noexcept { return m_persistent; }
    std::vector<uint32_t>& persistent_free() noexcept { return m_persistent_free; }

private:
    friend class Scavenger;
    friend class Marker;

    // Writes a header (GC bits clear, hash and class 0) as one word. `bytes` <= core::max_inline_size.
    static TRELLIS_ALWAYS_INLINE Object* init_header(uint8_t* p, Kind kind, size_t bytes) noexcept {
        const uint64_t word = (uint64_t(static_cast<uint8_t>(kind)) << 8) | (uint64_t(bytes >> 3) << 16);
        std::memcpy(p, &word, sizeof word);
        return reinterpret_cast<Object*>(p);
    }
    TRELLIS_COLD Object* allocate_slow(Kind kind, size_t bytes, Value* protect, size_t n_protect);
    // The hashed card-table entry of an old object outside the chunk region (its header's card).
    Card& outside_card(const Object* o) noexcept {
        return m_outside_cards[(reinterpret_cast<uintptr_t>(o) >> card_shift) & (outside_card_count - 1)];
    }
    Object* old_malloc(size_t bytes);  // mimalloc block for an old object, tracked; no limit check
    static void free_old(Object* o) noexcept;  // frees an old_malloc block (and its size prefix)
    // Mark bit polarity: the value of gc_bits::marked that every live old object carries between major
    // collections. Each major flips it (marking sets the other value), so neither the sweep nor anything else
    // ever clears mark bits; objects entering old space get the current value.
    bool is_marked_live(const Object* o) const noexcept { return (o->gc & core::gc_bits::marked) == m_live_mark; }
    // Chunk number of an address inside the chunk region.
    size_t chunk_index(const void* p) const noexcept {
        return (reinterpret_cast<uintptr_t>(p) - w(m_old_base)) / chunk_bytes;
    }
    // Adds the bytes promoted into the current promotion range since the last call to its chunk's occupancy.
    void account_promotion() noexcept {
        if (m_promo_start) m_chunk_occupied[chunk_index(m_promo_start)] += static_cast<uint32_t>(m_promo_top - m_promo_start);
        m_promo_start = m_promo_top;
    }
    // Object-start map: records that an object (or free space) begins at `p` inside an old-space chunk.
    TRELLIS_ALWAYS_INLINE void note_start(const uint8_t* p) noexcept {
        const uintptr_t off = reinterpret_cast<uintptr_t>(p) - w(m_old_base);
        uint8_t& s = m_starts[off >> card_shift];
        const auto w = static_cast<uint8_t>((off & (card_bytes - 1)) >> 3);
        if (w < s) s = w;
    }
    TRELLIS_ALWAYS_INLINE Card* card_of(const void* p) const noexcept {
        return m_cards + ((reinterpret_cast<uintptr_t>(p) - w(m_old_base)) >> card_shift);
    }
    // The object-start entry of the card holding `p` (entries of the following cards follow it).
    uint8_t* starts_of(const void* p) const noexcept {
        return m_starts + ((reinterpret_cast<uintptr_t>(p) - w(m_old_base)) >> card_shift);
    }
    void clear_cards() noexcept;
    void trim_spare_chunks() noexcept;    // after a major: releases the pages of spares beyond the headroom          // after a full collection the nursery is empty: every card is clean
    uint8_t* acquire_chunk();
    void map_old_region();                // reserves the chunk region and maps the card and start tables             // a clean chunk: spare, released, or fresh from the region
    void refill_promotion(size_t bytes);  // next free range, or a new chunk (chunks.cpp)
    void seal_promotion() noexcept;       // makes the unused rest of the current range walkable
    void sweep_chunks();                  // sweep of the chunks after marking: free ranges, empty chunks freed
    void check_limit(size_t extra, Value* protect, size_t n_protect);
    void visit_roots(RootVisitor& v, bool include_symbols);
    void scavenge(bool promote_all);
    void mark_sweep();
    void minor_timed(bool promote_all);
    void after_collection();
    void run_pending_finalizers();
    void poison(uint8_t* begin, uint8_t* end) noexcept;
    void set_eden_limit() noexcept;
    void warm_up() noexcept;  // once per heap, when eden first fills halfway (heap.cpp)

    struct Protected {
        Value* values;
        size_t count;
    };
    struct FinalizerEntry {
        Object* object;
        Finalizer finalizer;
        void* data;
    };
    struct Callback {
        RootCallback callback;
        void* user;
        size_t id;
    };

    // Nursery (hot fields first).
    uint8_t* m_eden_top = nullptr;
    uint8_t* m_eden_limit = nullptr;
    Word m_young_base{};
    Word m_young_size{};
    Word m_old_base{};  // the old-space chunk region [m_old_base, m_old_base + m_old_size) (one mmap)
    Word m_old_size{};
    Card* m_cards = nullptr;      // one byte per card of the region: dirty = may hold a young reference
    uint8_t* m_eden_base = nullptr;
    uint8_t* m_eden_end = nullptr;
    uint8_t* m_from_base = nullptr;  // survivor space holding the current survivors
    uint8_t* m_from_top = nullptr;
    uint8_t* m_to_base = nullptr;    // the other survivor space (empty between scavenges)
    size_t m_survivor_bytes = 0;
    void* m_mapping = nullptr;
    size_t m_mapping_bytes = 0;

    HeapConfig m_config;
    GcStats m_stats;
    uint64_t m_allocated_before = 0;  // bytes_allocated not counting the current eden
    size_t m_old_bytes = 0;
    size_t m_next_major = 0;
    size_t m_cycle_peak_chunk_bytes = 0;  // most old bytes since the last major collection (see trim_spare_chunks)
    unsigned m_stress_count = 0;
    unsigned m_forced_collections = 0;
    bool m_in_gc = false;
    bool m_warm = false;  // warm_up() has run
    bool m_poison = false;
    // Set by a scavenge that found more than mostly_live_num/mostly_live_den of the nursery live: the next one
    // promotes every survivor directly (age 1).
    bool m_promote_young = false;
    static constexpr size_t mostly_live_num = 1, mostly_live_den = 2;

    std::vector<Object*> m_old_objects;   // old objects allocated one by one (large objects, symbols, pretenured)
    // Promotion chunks (chunks.cpp): survivors are bump-allocated into 256 KiB chunks. Every chunk is walkable
    // from base to base + chunk_bytes: objects and free_space objects (a header alone fills an 8-byte hole).
    // Sweeps coalesce dead runs into free_space objects; runs >= min_free_range bytes are reused for promotion.
    static constexpr size_t chunk_bytes = 256u << 10;
    static constexpr size_t min_free_range = 64;
    struct Range {
        uint8_t* begin;
        uint8_t* end;
    };
    static constexpr size_t huge_page_bytes = size_t(2) << 20;  // the region's transparent huge pages
    static constexpr size_t chunks_per_huge_page = huge_page_bytes / chunk_bytes;
    static constexpr size_t min_spare_chunks = 32;  // empty chunks always kept touched (8 MiB); see trim_spare_chunks
    // Cards: 512-byte slices of the chunk region. m_cards (hot, above) marks dirty ones; m_starts holds for each
    // card the word offset (0-63) of the first object or free_space starting in it, 0xFF if none.
    static constexpr unsigned card_shift = 9;
    static constexpr size_t card_bytes = size_t(1) << card_shift;
    static constexpr size_t cards_per_chunk = chunk_bytes / card_bytes;
    uint8_t* m_starts = nullptr;
    void* m_region = nullptr;  // the whole region mapping (m_old_base is its 2 MiB-aligned start)
    size_t m_region_bytes = 0;
    size_t m_region_used = 0;  // bytes of the region handed out as chunks so far
    std::vector<uint8_t*> m_chunks;
    std::vector<uint8_t*> m_spare_chunks;     // empty chunks, pages still touched
    std::vector<uint8_t*> m_released_chunks;  // empty chunks whose pages were given back (MADV_DONTNEED)
    std::vector<Range> m_free_ranges;
    // Faults the region in ahead of m_region_used from a helper thread (started once the region passes one huge
    // page), so scavenges promote into memory that is already there.
    std::unique_ptr<Prefaulter> m_prefaulter;
    static constexpr size_t prefault_ahead = size_t(4) << 20;
    uint8_t* m_promo_top = nullptr;  // current promotion range [m_promo_top, m_promo_end)
    uint8_t* m_promo_end = nullptr;
    uint8_t* m_promo_start = nullptr;  // where the bytes not yet added to m_chunk_occupied begin in that range
    // Per chunk of the region (index chunk_index()): bytes of objects in it (free space excluded), kept exact by
    // account_promotion() and the sweep; and the bytes the running major collection found live in it. The sweep
    // walks only chunks with both dead and live objects: a chunk with no live byte becomes a spare at once, a
    // chunk whose live bytes equal its occupancy is left as it is (its objects, start map and holes stay valid).
    std::vector<uint32_t> m_chunk_occupied;
    std::vector<uint32_t> m_chunk_live;
    uint8_t m_live_mark = 0;  // see is_marked_live()
    // Old objects outside the chunk region (m_old_objects) that may point into the nursery: the barrier dirties
    // the entry of the holder header's card in this hashed table (collisions only cost extra scanning), and sets
    // m_outside_dirty so that scavenges skip the lookup when nothing was recorded. Replaced an object remembered
    // set whose out-of-line push, being a call inside store loops, forced the barrier to reload the heap's fields.
    static constexpr size_t outside_card_count = 4096;
    Card m_outside_cards[outside_card_count] = {};
    bool m_outside_dirty = false;
    // Worklist of objects promoted by the running scavenge. Kept between scavenges so that a scavenge promoting
    // a whole nursery does not grow a fresh vector (and fault in fresh pages) inside its pause.
    std::vector<Object*> m_promoted_scratch;
    std::vector<Object*> m_outside_scratch;  // the old objects outside the chunks one scavenge scans
    std::vector<core::WeakRef*> m_weak_refs;
    std::vector<FinalizerEntry> m_finalizers;
    std::vector<FinalizerEntry> m_pending_finalizers;
    // Registered finalizable objects: those in the nursery (checked by every scavenge) and old ones (checked by
    // every full collection); the ready queue of dead ones kept alive for the frontend (a root).
    std::vector<Object*> m_finalizable_young;
    std::vector<Object*> m_finalizable_old;
    std::deque<Value> m_ready;
    size_t m_ready_before_gc = 0;  // m_ready.size() when the running collection began
    void (*m_finalization_hook)(void*) = nullptr;
    void* m_finalization_user = nullptr;
    std::vector<Protected> m_protected;

    std::deque<Value> m_handles;
    std::deque<Value> m_persistent;
    std::vector<uint32_t> m_persistent_free;
    std::vector<Value*> m_root_slots;
    std::vector<const core::FrameStack*> m_frame_stacks;
    std::vector<Callback> m_callbacks;
    size_t m_next_callback_id = 1;
    std::unordered_map<std::string_view, core::String*> m_symbols;
};

/// Pushes a frame of `slots` Value slots on a frame stack registered with add_frame_stack(), rounding up to the
/// stack's 32-byte frame alignment and filling every slot (padding included) with nil, so the collector only ever
/// sees valid Values. Returns the first slot, or nullptr on frame-stack overflow (nothing pushed).
inline Value* push_value_frame(core::FrameStack& stack, size_t slots) noexcept {
    size_t rounded = (slots * sizeof(Value) + core::FrameStack::frame_alignment - 1) &
                     ~(core::FrameStack::frame_alignment - 1);
    auto* frame = static_cast<Value*>(stack.push(rounded));
    if (TRELLIS_UNLIKELY(!frame)) return nullptr;
    for (size_t i = 0; i < rounded / sizeof(Value); ++i) frame[i] = Value::nil();
    return frame;
}

}  // namespace trellis::gc
