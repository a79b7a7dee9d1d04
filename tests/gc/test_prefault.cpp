// Old-space provisioning and promotion policy (gc/src/prefault.cpp, gc/src/collect.cpp): a heap whose old space
// grows past a few MiB (the prefaulter thread running) keeps its contents through scavenges and full collections
// and is destroyed cleanly, also in a child forked while the thread runs; a scavenge that finds the nursery
// mostly live makes the next one promote every survivor directly.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "trellis/gc/handles.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"

using namespace trellis;
using core::Value;

namespace {

gc::HeapConfig plain_config() {
    gc::HeapConfig c = gc::HeapConfig::from_env();
    c.stress_every = 0;  // these tests build tens of MiB: a collection per allocation would take minutes
    c.verify = false;    // verified once at the end instead
    c.nursery_bytes = 512 * 1024;
    c.survivor_bytes = 128 * 1024;
    return c;
}

// Prepends `n` 4-slot instances (40 bytes each) to a rooted chain: slot 0 = next, slot 1 = index (first, first+1..).
void build_chain(gc::Heap& heap, gc::Local& head, long n, long first = 0) {
    for (long i = first; i < first + n; ++i) {
        auto* o = gc::new_instance(heap, 0, 4);
        o->slots[0] = head.get();
        o->slots[1] = Value::small_int(i);
        o->slots[2] = Value::nil();
        o->slots[3] = Value::nil();
        head.set(Value::object(o));
    }
}

// Walks the chain and returns how many links hold the expected descending indexes.
long check_chain(Value v, long n) {
    long ok = 0;
    for (long i = n - 1; v.is_object(); --i, ++ok) {
        auto* o = static_cast<core::Instance*>(v.as_object());
        if (o->slots[1].as_small_int() != i) return -1;
        v = o->slots[0];
    }
    return ok;
}

}  // namespace

TEST_CASE("an old space grown past several MiB keeps its contents and the heap is destroyed cleanly") {
    constexpr long n = 300000;  // ~12 MiB of promoted instances
    gc::Heap heap(plain_config());
    gc::HandleScope scope(heap);
    gc::Local head(heap, Value::nil());
    build_chain(heap, head, n);
    heap.collect_minor();
    CHECK(heap.old_bytes() >= size_t(n) * 40);
    CHECK(check_chain(head.get(), n) == n);
    heap.collect_major();
    CHECK(check_chain(head.get(), n) == n);
    heap.verify();
}

TEST_CASE("a child forked while the prefaulter runs can destroy its copy of the heap") {
    auto* heap = new gc::Heap(plain_config());
    {
        gc::HandleScope scope(*heap);
        gc::Local head(*heap, Value::nil());
        build_chain(*heap, head, 200000);  // ~8 MiB promoted: the prefaulter thread has started
    }
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        alarm(20);  // a destructor waiting for a thread that does not exist in this process would hang
        delete heap;
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    delete heap;
}

TEST_CASE("after a scavenge that finds the nursery mostly live, the next one promotes every survivor") {
    gc::HeapConfig c = plain_config();
    gc::Heap heap(c);
    gc::HandleScope scope(heap);
    gc::Local head(heap, Value::nil());
    const long per_round = static_cast<long>(c.nursery_bytes / 40) * 3 / 4;  // 3/4 of eden, all kept live
    build_chain(heap, head, per_round);
    heap.collect_minor();  // mostly live
    const uint64_t before = heap.stats().bytes_promoted;
    build_chain(heap, head, per_round, per_round);
    heap.collect_minor();
    const uint64_t promoted = heap.stats().bytes_promoted - before;
    // Every object of the second round survived its first scavenge: promoted directly, none left in a survivor
    // space (with age-2 promotion, up to survivor_bytes of them would have stayed young).
    // Round 2 (384 KiB) plus round 1's survivors that had stayed young (128 KiB); age-2 promotion would have
    // kept 128 KiB of round 2, the newest objects first, young.
    CHECK(promoted >= static_cast<uint64_t>(per_round) * 40 + c.survivor_bytes / 2);
    CHECK(!heap.is_young(head.get().as_object()));
    CHECK(check_chain(head.get(), 2 * per_round) == 2 * per_round);
}
