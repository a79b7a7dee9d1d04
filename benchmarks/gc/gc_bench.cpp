// trellis-gc-bench: the Trellis generational heap beside mimalloc malloc/free and the Boehm GC on the same
// workloads, in one run: binary-trees (depth 16 and 18, the Computer Language Benchmarks Game shape), a
// GCBench-style mix (long-lived tree and array, trees built top-down and bottom-up over a range of depths), and two
// workloads of old-to-young stores run with and without the write barrier (a GCOld-style mutation of an old
// structure, and a loop of stores only). Each measurement runs in a forked
// child (so peak RSS is its own) and is repeated, the runs of the compared columns interleaved; the table shows
// medians of wall-clock time and, beside it, of the process's CPU time (all threads: the Trellis heap prefaults old
// space from a helper thread). Node shapes differ (a Trellis node carries an 8-byte header and Values, the native nodes raw pointers);
// the output says so, and a "mimalloc24" row runs mimalloc binary-trees with nodes padded to the Trellis size. The
// last three lines are:
//   ratio trellis/mimalloc = R      (binary-trees depth 18)
//   ratio trellis/boehm = R         (binary-trees depth 18)
//   minor pause p99 = X ms          (trellis binary-trees depth 18, default nursery)
// Usage: trellis-gc-bench [--repeat N] [--quick] [--only trees|gcbench|stores]
// (--only runs one workload, for A/B measurements; the three closing lines then need the trees.)
#include <gc.h>
#include <mimalloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"

using namespace trellis;
using core::Value;

namespace {

struct Result {
    double seconds = 0;
    double cpu_seconds = 0;  // user + system time of the whole process (all its threads) during the workload
    double peak_rss_mb = 0;
    double minor_p50 = 0, minor_p99 = 0, minor_max = 0;
    double minor_cpu_p99 = 0;  // CPU time of the collecting thread (excludes preemption by other processes)
    double major_max = 0;
    uint64_t minors = 0, majors = 0;
    long check = 0;  // workload checksum, compared across allocators
};

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// ---------------------------------------------------------------------------------------------------------------
// Trellis: nodes are 2-slot instances (24 bytes). Values under construction live in a register file registered
// as a root range, as a frontend's frame slots would.
struct Regs {
    Value slots[256];
    int sp = 0;
};

struct TrellisTrees {
    gc::Heap& heap;
    Regs regs;
    explicit TrellisTrees(gc::Heap& h) : heap(h) {
        heap.add_root_callback([](gc::RootVisitor& v, void* u) {
            auto* r = static_cast<Regs*>(u);
            v.visit(r->slots, r->slots + r->sp);
        }, &regs);
    }
    TRELLIS_ALWAYS_INLINE Value node(Value l, Value r) {
        // Fresh nursery objects need no barrier for their initializing stores.
        regs.slots[regs.sp] = l;
        regs.slots[regs.sp + 1] = r;
        regs.sp += 2;
        auto* o = static_cast<core::Instance*>(heap.allocate(core::Kind::instance, 24));
        regs.sp -= 2;
        o->slots[0] = regs.slots[regs.sp];
        o->slots[1] = regs.slots[regs.sp + 1];
        return Value::object(o);
    }
    Value make(int depth) {
        if (depth == 0) return node(Value::nil(), Value::nil());
        regs.slots[regs.sp++] = make(depth - 1);
        Value r = make(depth - 1);
        Value l = regs.slots[--regs.sp];
        return node(l, r);
    }
    static long check(Value t) {
        auto* o = static_cast<core::Instance*>(t.as_object());
        if (o->slots[0].is_nil()) return 1;
        return 1 + check(o->slots[0]) + check(o->slots[1]);
    }
};

// mimalloc malloc/free and Boehm GC_MALLOC trees. Node holds two raw pointers (16 bytes); Node24 adds 8 bytes of
// padding so that a mimalloc row can be run with the size of a Trellis node (8-byte header + 2 Values = 24 bytes).
struct Node {
    Node* l;
    Node* r;
};
struct Node24 {
    Node24* l;
    Node24* r;
    uint64_t pad;
};

template <class N>
N* mi_make(int d) {
    auto* n = static_cast<N*>(mi_malloc(sizeof(N)));
    if (d == 0) {
        n->l = n->r = nullptr;
    } else {
        n->l = mi_make<N>(d - 1);
        n->r = mi_make<N>(d - 1);
    }
    return n;
}
template <class N>
void mi_release(N* n) {
    if (n->l) {
        mi_release(n->l);
        mi_release(n->r);
    }
    mi_free(n);
}
Node* gc_make(int d) {
    auto* n = static_cast<Node*>(GC_MALLOC(sizeof(Node)));
    if (d != 0) {
        n->l = gc_make(d - 1);
        n->r = gc_make(d - 1);
    }
    return n;
}
template <class N>
long node_check(const N* n) { return n->l ? 1 + node_check(n->l) + node_check(n->r) : 1; }

// Binary-trees: stretch tree, long-lived tree, then 2^(max-d+4) trees of each depth d = 4, 6, ... max.
template <class Make, class Check, class Release>
long binary_trees(int max_depth, Make make, Check check, Release release) {
    long sum = 0;
    {
        auto t = make(max_depth + 1);
        sum += check(t);
        release(t);
    }
    auto long_lived = make(max_depth);
    for (int d = 4; d <= max_depth; d += 2) {
        long iters = 1L << (max_depth - d + 4);
        for (long i = 0; i < iters; ++i) {
            auto t = make(d);
            sum += check(t);
            release(t);
        }
    }
    sum += check(long_lived);
    release(long_lived);
    return sum;
}

long trellis_binary_trees(gc::Heap& heap, int depth) {
    TrellisTrees t(heap);
    long sum = 0;
    {
        Value s = t.make(depth + 1);
        sum += TrellisTrees::check(s);
    }
    t.regs.slots[t.regs.sp++] = t.make(depth);  // long-lived tree, rooted
    for (int d = 4; d <= depth; d += 2) {
        long iters = 1L << (depth - d + 4);
        for (long i = 0; i < iters; ++i) sum += TrellisTrees::check(t.make(d));
    }
    sum += TrellisTrees::check(t.regs.slots[--t.regs.sp]);
    return sum;
}

// ---------------------------------------------------------------------------------------------------------------
// GCBench-style mix: a long-lived tree (depth 16) and a long-lived array of 500k doubles stay alive while trees of
// depth 4..16 are built top-down (parent first, children stored into it) and bottom-up, enough of each depth to
// allocate as much as a depth-18 tree. Nodes carry two integer fields besides the two references.
constexpr int gcb_stretch = 18, gcb_long = 16, gcb_min = 4, gcb_max = 16, gcb_array = 500000;
long tree_size(int d) { return (1L << (d + 1)) - 1; }

struct GNode {
    GNode* l;
    GNode* r;
    long i, j;
};

template <class Alloc>
void g_populate(int d, GNode* n, Alloc alloc) {
    if (d <= 0) return;
    n->l = alloc();
    n->r = alloc();
    g_populate(d - 1, n->l, alloc);
    g_populate(d - 1, n->r, alloc);
}
template <class Alloc>
GNode* g_make(int d, Alloc alloc) {
    if (d <= 0) return alloc();
    GNode* l = g_make(d - 1, alloc);
    GNode* r = g_make(d - 1, alloc);
    GNode* n = alloc();
    n->l = l;
    n->r = r;
    return n;
}
long g_count(const GNode* n) { return n ? 1 + g_count(n->l) + g_count(n->r) : 0; }
void g_release(GNode* n) {
    if (!n) return;
    g_release(n->l);
    g_release(n->r);
    mi_free(n);
}

template <class Alloc, class Release, class AllocArray>
long gcbench_native(Alloc alloc, Release release, AllocArray alloc_array) {
    long sum = 0;
    GNode* stretch = g_make(gcb_stretch, alloc);
    sum += g_count(stretch);
    release(stretch);
    GNode* long_lived = alloc();
    g_populate(gcb_long, long_lived, alloc);
    double* array = alloc_array(gcb_array);
    for (int i = 0; i < gcb_array / 2; ++i) array[i] = 1.0 / i;
    for (int d = gcb_min; d <= gcb_max; d += 2) {
        long iters = 2 * tree_size(gcb_stretch) / tree_size(d);
        for (long k = 0; k < iters; ++k) {
            GNode* t = alloc();
            g_populate(d, t, alloc);
            sum += g_count(t);
            release(t);
        }
        for (long k = 0; k < iters; ++k) {
            GNode* t = g_make(d, alloc);
            sum += g_count(t);
            release(t);
        }
    }
    sum += g_count(long_lived) + static_cast<long>(array[1000]);
    release(long_lived);
    return sum;
}

// Trellis GCBench: 4-slot instances (left, right, i, j); top-down stores go through the barrier because the
// parent may have been promoted while its subtree is built.
struct TrellisGcBench {
    gc::Heap& heap;
    Regs regs;
    explicit TrellisGcBench(gc::Heap& h) : heap(h) {
        heap.add_root_callback([](gc::RootVisitor& v, void* u) {
            auto* r = static_cast<Regs*>(u);
            v.visit(r->slots, r->slots + r->sp);
        }, &regs);
    }
    Value alloc() {
        auto* o = static_cast<core::Instance*>(heap.allocate(core::Kind::instance, 8 + 32));
        for (int i = 0; i < 4; ++i) o->slots[i] = Value::nil();
        return Value::object(o);
    }
    void populate(int d) {  // the node is regs.slots[sp-1]
        if (d <= 0) return;
        Value l = alloc();
        auto* n = static_cast<core::Instance*>(regs.slots[regs.sp - 1].as_object());
        heap.store(n, n->slots[0], l);
        Value r = alloc();
        n = static_cast<core::Instance*>(regs.slots[regs.sp - 1].as_object());
        heap.store(n, n->slots[1], r);
        regs.slots[regs.sp++] = n->slots[0];
        populate(d - 1);
        regs.slots[regs.sp - 1] = static_cast<core::Instance*>(regs.slots[regs.sp - 2].as_object())->slots[1];
        populate(d - 1);
        --regs.sp;
    }
    Value make(int d) {
        if (d <= 0) return alloc();
        regs.slots[regs.sp++] = make(d - 1);
        regs.slots[regs.sp++] = make(d - 1);
        Value n = alloc();
        auto* o = static_cast<core::Instance*>(n.as_object());
        o->slots[1] = regs.slots[--regs.sp];
        o->slots[0] = regs.slots[--regs.sp];
        return n;
    }
    static long count(Value v) {
        if (v.is_nil()) return 0;
        auto* o = static_cast<core::Instance*>(v.as_object());
        return 1 + count(o->slots[0]) + count(o->slots[1]);
    }
    long run() {
        long sum = count(make(gcb_stretch));
        regs.slots[regs.sp++] = alloc();
        populate(gcb_long);  // long-lived tree at slots[0]
        regs.slots[regs.sp++] = Value::object(gc::new_array(heap, gcb_array, Value::from_double(0)));
        auto* arr = static_cast<core::Array*>(regs.slots[1].as_object());
        for (int i = 0; i < gcb_array / 2; ++i) arr->items[i] = Value::from_double(1.0 / i);
        for (int d = gcb_min; d <= gcb_max; d += 2) {
            long iters = 2 * tree_size(gcb_stretch) / tree_size(d);
            for (long k = 0; k < iters; ++k) {
                regs.slots[regs.sp++] = alloc();
                populate(d);
                sum += count(regs.slots[--regs.sp]);
            }
            for (long k = 0; k < iters; ++k) sum += count(make(d));
        }
        arr = static_cast<core::Array*>(regs.slots[1].as_object());
        sum += count(regs.slots[0]) + static_cast<long>(arr->items[1000].as_double());
        regs.sp = 0;
        return sum;
    }
};

// ---------------------------------------------------------------------------------------------------------------
// The write barrier's cost, on two workloads. Each runs with the barrier (heap.store) and without it (raw stores).
// Stores go only into the slots of old nodes made at the start. The barrier-free run is told in advance which cards
// those nodes occupy: at every collection a root callback dirties exactly those cards (one write_barrier call per
// card, ~3,000 per collection), so its scavenges scan the same cards as the barrier run's once its random stores
// have dirtied them. The collectors do the same work, and the difference is the barrier's cost to the mutator.
//
// Store-heavy workload (after the GCOld benchmark's mutation of a long-lived structure): 64k old 2-slot nodes; each
// step allocates a young 2-slot node, reads the node a random slot of a random old node holds (a read-modify-write),
// and stores the new node there (an old-to-young store). Young nodes live until overwritten, so scavenges promote
// many of them and major collections run. Stores-only loop: 64k old 2-slot instances; each round allocates 16k
// young cells, then stores 1M references to them into random old slots and does nothing else (no allocation, no
// reads of the stored objects): an upper bound, where the loop is bound by its memory accesses and one more store
// per iteration shows in full.
constexpr int gm_old = 1 << 16, gm_steps = 1 << 22;
constexpr int st_old = 1 << 16, st_young = 1 << 14, st_stores = 1 << 20, st_rounds = 24;

// The barrier-free runs' stand-in for the barrier (see above): one node per card the old nodes occupy.
struct KnownCards {
    gc::Heap* heap;
    std::vector<core::Object*> one_per_card;
};

// `n` old 2-slot instances in an old array held by `root` (a large object: it never moves). Without the barrier,
// `known` gets the cards they occupy, dirtied at every collection.
core::Array* old_nodes(gc::Heap& heap, Value& root, int n, KnownCards* known) {
    heap.add_root(&root);
    root = Value::object(gc::new_array(heap, n));
    for (int i = 0; i < n; ++i) {
        Value o = Value::object(gc::new_instance(heap, 0, 2));
        auto* a = static_cast<core::Array*>(root.as_object());
        heap.store(a, a->items[i], o);
    }
    heap.collect_major();  // everything old now
    auto* old = static_cast<core::Array*>(root.as_object());
    if (known) {
        known->heap = &heap;
        std::vector<uintptr_t> seen;
        for (int i = 0; i < n; ++i) {
            core::Object* o = old->items[i].as_object();
            const uintptr_t card = reinterpret_cast<uintptr_t>(o) >> 9;  // the barrier marks the header's card
            if (std::find(seen.end() - std::min<size_t>(seen.size(), 4), seen.end(), card) != seen.end()) continue;
            seen.push_back(card);
            known->one_per_card.push_back(o);
        }
        heap.add_root_callback([](gc::RootVisitor&, void* k) {
            auto* kc = static_cast<KnownCards*>(k);
            for (core::Object* o : kc->one_per_card) kc->heap->write_barrier(o, Value::nil());
        }, known);
    }
    return old;
}

long gcold_mutations(gc::Heap& heap, bool barrier) {
    Value root;
    KnownCards known;
    core::Array* old = old_nodes(heap, root, gm_old, barrier ? nullptr : &known);
    uint64_t x = 88172645463325252ull;
    long sum = 0;
    for (long step = 0; step < gm_steps; ++step) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        auto* h = static_cast<core::Instance*>(old->items[x & (gm_old - 1)].as_object());  // old: never moves
        auto* n = static_cast<core::Instance*>(heap.allocate(core::Kind::instance, 24));
        n->slots[0] = Value::small_int(step);
        n->slots[1] = Value::small_int(static_cast<int64_t>((x >> 20) & 0xFFFF));
        Value& slot = h->slots[(x >> 40) & 1];
        if (slot.is_object()) sum += static_cast<core::Instance*>(slot.as_object())->slots[1].as_small_int();
        if (barrier)
            heap.store(h, slot, Value::object(n));
        else
            slot = Value::object(n);
    }
    heap.remove_root(&root);
    return sum;
}

long stores_only(gc::Heap& heap, bool barrier) {
    Value roots[2];
    heap.add_root(&roots[1]);
    KnownCards known;
    core::Array* old = old_nodes(heap, roots[0], st_old, barrier ? nullptr : &known);
    uint64_t x = 88172645463325252ull;
    long sum = 0;
    for (int round = 0; round < st_rounds; ++round) {
        roots[1] = Value::object(gc::new_array(heap, st_young));
        for (int i = 0; i < st_young; ++i) {
            Value c = Value::object(gc::new_cell(heap, Value::small_int(i)));
            static_cast<core::Array*>(roots[1].as_object())->items[i] = c;
            heap.write_barrier(roots[1].as_object(), c);
        }
        auto* young = static_cast<core::Array*>(roots[1].as_object());
        for (int s = 0; s < st_stores; ++s) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            auto* h = static_cast<core::Instance*>(old->items[x & (st_old - 1)].as_object());
            Value v = young->items[(x >> 20) & (st_young - 1)];
            if (barrier)
                heap.store(h, h->slots[(x >> 40) & 1], v);
            else
                h->slots[(x >> 40) & 1] = v;
        }
        for (int i = 0; i < st_old; ++i) {
            auto* h = static_cast<core::Instance*>(old->items[i].as_object());
            sum += h->slots[0].is_object() + h->slots[1].is_object();
            h->slots[0] = Value::nil();
            h->slots[1] = Value::nil();
        }
    }
    heap.remove_root(&roots[0]);
    heap.remove_root(&roots[1]);
    return sum;
}

// ---------------------------------------------------------------------------------------------------------------
// Running each measurement in a child process.

Result fill_gc(Result r, gc::Heap& heap) {
    const gc::GcStats& s = heap.stats();
    gc::PauseSummary mi = s.minor_pauses();
    gc::PauseSummary ma = s.major_pauses();
    r.minor_p50 = mi.p50_ms;
    r.minor_p99 = mi.p99_ms;
    r.minor_max = mi.max_ms;
    r.minor_cpu_p99 = s.minor_pauses_cpu().p99_ms;
    r.major_max = ma.max_ms;
    r.minors = s.minor_collections;
    r.majors = s.major_collections;
    return r;
}

Result boehm_pauses(Result r) {
    r.majors = static_cast<uint64_t>(GC_get_gc_no());
    return r;
}

Result run_in_child(const std::function<Result()>& f) {
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        Result r = f();
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        r.peak_rss_mb = ru.ru_maxrss / 1024.0;
        if (write(fds[1], &r, sizeof r) != sizeof r) _exit(2);
        _exit(0);
    }
    close(fds[1]);
    Result r;
    ssize_t n = read(fds[0], &r, sizeof r);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (n != sizeof r || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "trellis-gc-bench: a measurement child failed\n");
        std::exit(1);
    }
    return r;
}

double process_cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

template <class F>
Result timed(F&& body) {
    const double c0 = process_cpu_seconds();
    const double t0 = now();
    Result r = body();
    r.seconds = now() - t0;
    r.cpu_seconds = process_cpu_seconds() - c0;
    return r;
}

Result median_of(int repeat, const std::function<Result()>& f) {
    std::vector<Result> rs;
    for (int i = 0; i < repeat; ++i) rs.push_back(run_in_child(f));
    std::sort(rs.begin(), rs.end(), [](const Result& a, const Result& b) { return a.seconds < b.seconds; });
    Result m = rs[rs.size() / 2];
    for (size_t i = 1; i < rs.size(); ++i)
        if (rs[i].check != rs[0].check) {
            std::fprintf(stderr, "trellis-gc-bench: checksums differ between repeats\n");
            std::exit(1);
        }
    return m;
}

// The medians of several measurements whose runs are interleaved, in forward then reverse order (a, b, c, c, b, a,
// ...), so that a change of machine load during the run (the machine is shared) falls on every column alike, and so
// does the aftermath of the run before (the system reclaiming a big child's memory slows the next one down).
// `best`, when given, receives each column's fastest run.
std::vector<Result> medians_interleaved(int repeat, const std::vector<std::function<Result()>>& fs,
                                        std::vector<Result>* best = nullptr) {
    std::vector<std::vector<Result>> rs(fs.size());
    for (int i = 0; i < repeat; ++i)
        for (size_t j = 0; j < fs.size(); ++j) {
            const size_t k = i % 2 ? fs.size() - 1 - j : j;
            rs[k].push_back(run_in_child(fs[k]));
        }
    std::vector<Result> out;
    for (auto& v : rs) {
        for (const Result& r : v)
            if (r.check != v[0].check) {
                std::fprintf(stderr, "trellis-gc-bench: checksums differ between repeats\n");
                std::exit(1);
            }
        std::sort(v.begin(), v.end(), [](const Result& a, const Result& b) { return a.seconds < b.seconds; });
        out.push_back(v[v.size() / 2]);
        if (best) best->push_back(v.front());
    }
    return out;
}

void row(const char* workload, const char* impl, const Result& r, bool gc_cols) {
    if (gc_cols)
        std::printf("| %-22s | %-10s | %8.3f | %8.3f | %8.1f | %8.3f | %8.3f | %8.3f | %7llu | %5llu | %8.3f | %12ld |\n",
                    workload, impl, r.seconds, r.cpu_seconds, r.peak_rss_mb, r.minor_p50, r.minor_p99, r.minor_max,
                    static_cast<unsigned long long>(r.minors), static_cast<unsigned long long>(r.majors), r.major_max,
                    r.check);
    else
        std::printf("| %-22s | %-10s | %8.3f | %8.3f | %8.1f | %8s | %8s | %8s | %7s | %5llu | %8s | %12ld |\n", workload,
                    impl, r.seconds, r.cpu_seconds, r.peak_rss_mb, "-", "-", "-", "-", static_cast<unsigned long long>(r.majors), "-",
                    r.check);
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 3;
    bool quick = false;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--quick")) quick = true;
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else {
            std::fprintf(stderr, "usage: trellis-gc-bench [--repeat N] [--quick] [--only trees|gcbench|stores]\n");
            return 2;
        }
    }
    // mimalloc backs both the Trellis old/large space and the malloc/free baseline: let it use 2 MiB OS pages
    // (transparent huge pages), which on this class of VM cuts first-touch page faults ~50x for both.
    // MIMALLOC_LARGE_OS_PAGES=0 in the environment turns it off.
    if (!std::getenv("MIMALLOC_LARGE_OS_PAGES")) mi_option_enable(mi_option_large_os_pages);
    const gc::HeapConfig config = gc::HeapConfig::from_env();
    std::printf("trellis-gc-bench: nursery %zu KiB, survivors 2x%zu KiB, promote_age %u; mimalloc large OS pages %s; "
                "median of %d runs\n\n", config.nursery_bytes >> 10, config.survivor_bytes >> 10, config.promote_age,
                mi_option_is_enabled(mi_option_large_os_pages) ? "on" : "off", repeat);
    std::printf("| %-22s | %-10s | %8s | %8s | %8s | %8s | %8s | %8s | %7s | %5s | %8s | %12s |\n", "workload", "allocator",
                "time s", "cpu s", "RSS MiB", "min p50", "min p99", "min max", "minors", "major", "maj max", "checksum");
    std::printf("|%s|\n", std::string(151, '-').c_str());

    auto trellis_bt = [&config](int depth) {
        return [&config, depth] {
            gc::Heap heap(config);
            Result r = timed([&] { Result x; x.check = trellis_binary_trees(heap, depth); return x; });
            return fill_gc(r, heap);
        };
    };
    auto mi_bt = [](int depth) {
        return [depth] {
            return timed([&] {
                Result x;
                x.check = binary_trees(depth, mi_make<Node>, node_check<Node>, mi_release<Node>);
                return x;
            });
        };
    };
    auto mi24_bt = [](int depth) {
        return [depth] {
            return timed([&] {
                Result x;
                x.check = binary_trees(depth, mi_make<Node24>, node_check<Node24>, mi_release<Node24>);
                return x;
            });
        };
    };
    auto boehm_bt = [](int depth) {
        return [depth] {
            GC_INIT();
            Result r = timed([&] {
                Result x;
                x.check = binary_trees(depth, gc_make, node_check<Node>, [](Node*) {});
                return x;
            });
            return boehm_pauses(r);
        };
    };

    Result bt18_trellis, bt18_mi, bt18_boehm;  // the deepest binary-trees run (18; 16 with --quick)
    int bt_depth = 18;
    auto want = [&](const char* w) { return only.empty() || only == w; };
    for (int depth : !want("trees") ? std::vector<int>{} : quick ? std::vector<int>{16} : std::vector<int>{16, 18}) {
        std::string name = "binary-trees " + std::to_string(depth);
        std::vector<Result> r3 =
            medians_interleaved(repeat, {trellis_bt(depth), mi_bt(depth), boehm_bt(depth), mi24_bt(depth)});
        Result t = r3[0], m = r3[1], b = r3[2], m24 = r3[3];
        if (t.check != m.check || t.check != b.check || t.check != m24.check) {
            std::fprintf(stderr, "trellis-gc-bench: binary-trees checksums differ\n");
            return 1;
        }
        row(name.c_str(), "trellis", t, true);
        row(name.c_str(), "mimalloc", m, false);
        row(name.c_str(), "boehm", b, false);
        row(name.c_str(), "mimalloc24", m24, false);
        bt18_trellis = t;
        bt_depth = depth;
        bt18_mi = m;
        bt18_boehm = b;
    }

    if (!quick && want("gcbench")) {
        Result t = median_of(repeat, [&] {
            gc::Heap heap(config);
            Result r = timed([&] { Result x; x.check = TrellisGcBench(heap).run(); return x; });
            return fill_gc(r, heap);
        });
        Result m = median_of(repeat, [&] {
            return timed([&] {
                Result x;
                x.check = gcbench_native(
                    [] { return static_cast<GNode*>(mi_zalloc(sizeof(GNode))); }, g_release,
                    [](size_t n) { return static_cast<double*>(mi_zalloc(n * sizeof(double))); });
                return x;
            });
        });
        Result b = median_of(repeat, [&] {
            GC_INIT();
            return boehm_pauses(timed([&] {
                Result x;
                x.check = gcbench_native([] { return static_cast<GNode*>(GC_MALLOC(sizeof(GNode))); },
                                         [](GNode*) {},
                                         [](size_t n) { return static_cast<double*>(GC_MALLOC_ATOMIC(n * sizeof(double))); });
                return x;
            }));
        });
        row("gcbench mix", "trellis", t, true);
        row("gcbench mix", "mimalloc", m, false);
        row("gcbench mix", "boehm", b, false);
        std::printf("(gcbench nodes: trellis 40 bytes = 8-byte header + 4 Values; mimalloc/boehm 32 bytes = 2 pointers + "
                    "2 longs)\n");
    }
    if (!quick && want("stores")) {
        auto variant = [&config](long (*workload)(gc::Heap&, bool), bool barrier) {
            return [&config, workload, barrier] {
                gc::Heap heap(config);
                Result r = timed([&] { Result x; x.check = workload(heap, barrier); return x; });
                return fill_gc(r, heap);
            };
        };
        // These runs are short (0.1-0.2 s) and the difference sought is a few percent: twice the repeats, at least 7.
        const int store_repeat = std::max(7, 2 * repeat);
        std::vector<Result> best;
        std::vector<Result> rs = medians_interleaved(
            store_repeat, {variant(gcold_mutations, true), variant(gcold_mutations, false)}, &best);
        for (const Result& r :
             medians_interleaved(store_repeat, {variant(stores_only, true), variant(stores_only, false)}, &best))
            rs.push_back(r);
        row("old-to-young mutation", "barrier", rs[0], true);
        row("old-to-young mutation", "none", rs[1], true);
        row("stores only", "barrier", rs[2], true);
        row("stores only", "none", rs[3], true);
        std::printf("(barrier-free runs have the cards of the stored-into old nodes dirtied at each collection instead)\n");
        // The overheads compare each column's fastest run: on a shared machine a run is only ever slowed down,
        // and whole runs (not single operations) fall into slower modes, which medians of a few runs do not hide.
        std::printf("\nbarrier overhead, stores only (no other work; upper bound; best of %d runs each) = %.1f %% "
                    "(medians: %.1f %%)\n", store_repeat, 100.0 * (best[2].seconds / best[3].seconds - 1.0),
                    100.0 * (rs[2].seconds / rs[3].seconds - 1.0));
        std::printf("barrier overhead on the store-heavy workload (GCOld-style mutation; best of %d runs each) = %.1f %% "
                    "(medians: %.1f %%)\n", store_repeat, 100.0 * (best[0].seconds / best[1].seconds - 1.0),
                    100.0 * (rs[0].seconds / rs[1].seconds - 1.0));
    }
    if (!want("trees")) return 0;
    std::printf("\nnode shapes differ: a trellis binary-trees node is 24 bytes (8-byte object header + 2 Values), a "
                "mimalloc or boehm node 16 bytes (2 raw pointers, no header);\nthe mimalloc24 row pads mimalloc nodes "
                "to 24 bytes (same bytes per node as trellis). The ratios below compare with the 16-byte nodes.\n");
    // The Trellis heap faults old space in from a helper thread (gc/src/prefault.hpp): on a machine with a spare
    // core that work overlaps the run, so the process CPU time is shown beside the wall-clock ratio.
    std::printf("\nprocess CPU time (all threads), binary-trees %d: trellis %.3f s, mimalloc %.3f s, boehm %.3f s "
                "(ratios %.2f, %.2f)\n", bt_depth, bt18_trellis.cpu_seconds, bt18_mi.cpu_seconds, bt18_boehm.cpu_seconds,
                bt18_trellis.cpu_seconds / bt18_mi.cpu_seconds, bt18_trellis.cpu_seconds / bt18_boehm.cpu_seconds);
    std::printf("minor pause p99, CPU time of the collecting thread (binary-trees %d) = %.3f ms\n", bt_depth,
                bt18_trellis.minor_cpu_p99);
    if (quick) std::printf("\n(--quick: the lines below are for binary-trees 16, not 18)");
    std::printf("\nratio trellis/mimalloc = %.2f\n", bt18_trellis.seconds / bt18_mi.seconds);
    std::printf("ratio trellis/boehm = %.2f\n", bt18_trellis.seconds / bt18_boehm.seconds);
    std::printf("minor pause p99 = %.3f ms\n", bt18_trellis.minor_p99);
    return 0;
}
