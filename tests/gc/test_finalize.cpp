// Finalization with resurrection (gc/heap.hpp "Finalization with resurrection", gc/src/finalize.cpp and the
// resurrect_finalizable() passes of gc/src/collect.cpp): dead registered objects are kept alive with what they
// reference and queued once, live ones stay registered across scavenges and promotion, the queue order (newest
// first per collection; depth-first from given roots at exit), resurrection, the hook, and a random graph.
// Written to hold under TRELLIS_GC_STRESS=1 too (a collection at every allocation).
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "gc_test_util.hpp"
#include "trellis/gc/handles.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"

using namespace trellis;
using core::Value;
using gc::HandleScope;
using gc::Heap;
using gc::Local;

namespace {

using gc::test::churn;
using gc::test::small_config;

// A registered instance whose slot 0 holds a fresh string `text` (to check that what it references survives).
Value make_finalizable(Heap& heap, const std::string& text) {
    HandleScope scope(heap);
    Local o(heap, Value::object(gc::new_instance(heap, 7, 1)));
    Value s = Value::object(gc::new_string(heap, text));
    auto* inst = o.as<core::Instance>();
    heap.store(inst, inst->slots[0], s);
    heap.register_finalizable(o.as<>());
    return o.get();
}

std::string label(Value v) {
    auto* inst = static_cast<core::Instance*>(v.as_object());
    return std::string(static_cast<core::String*>(inst->slots[0].as_object())->view());
}

// Takes every ready object, returning their labels in queue order.
std::vector<std::string> drain(Heap& heap) {
    std::vector<std::string> out;
    for (Value v = heap.take_ready(); !v.is_nil(); v = heap.take_ready()) out.push_back(label(v));
    return out;
}

void count_hook(void* user) { ++*static_cast<int*>(user); }
void count_finalizer(void* data) { ++*static_cast<int*>(data); }

}  // namespace

TEST_CASE("a dead young finalizable object is kept alive with its contents and queued once") {
    Heap heap(small_config());
    HandleScope scope(heap);
    make_finalizable(heap, "young");
    CHECK(heap.finalizable_count() + (heap.finalization_ready() ? 1u : 0u) == 1);
    heap.collect_minor();
    CHECK(heap.finalizable_count() == 0);
    REQUIRE(heap.finalization_ready());
    Local got(heap, heap.take_ready());
    CHECK_FALSE(heap.finalization_ready());
    CHECK(heap.take_ready().is_nil());
    churn(heap, 200 * 1024);  // many scavenges while held: not queued again
    heap.collect_major();
    CHECK_FALSE(heap.finalization_ready());
    CHECK(label(got.get()) == "young");
    CHECK((got.as<>()->gc & core::gc_bits::finalizable) == 0);
}

TEST_CASE("live finalizable objects stay registered through scavenges and promotion; old ones die in majors") {
    Heap heap(small_config());
    HandleScope scope(heap);
    Local keep(heap, make_finalizable(heap, "kept"));
    Value w;
    {
        HandleScope inner(heap);
        Local dies(heap, make_finalizable(heap, "old"));
        heap.collect_major();  // promoted
        REQUIRE_FALSE(heap.is_young(dies.as<>()));
        w = Value::object(gc::new_weak_ref(heap, dies.get()));
        heap.add_root(&w);
        CHECK(heap.finalizable_count() == 2);
    }
    churn(heap, 200 * 1024);
    heap.collect_minor();
    if (!heap.config().stress_every)  // (stress mode makes every 8th collection a full one)
        CHECK_FALSE(heap.finalization_ready());  // an old object is found dead only by a full collection
    heap.collect_major();
    CHECK(heap.finalizable_count() == 1);
    auto* weak = static_cast<core::WeakRef*>(w.as_object());
    CHECK(weak->target.is_object());  // resurrected: weak references to it are not cleared
    CHECK(drain(heap) == std::vector<std::string>{"old"});
    heap.collect_major();
    CHECK(static_cast<core::WeakRef*>(w.as_object())->target.is_nil());  // finalized, then really freed
    CHECK(label(keep.get()) == "kept");
    heap.remove_root(&w);
}

TEST_CASE("objects dying in one collection are queued newest registration first") {
    Heap heap(small_config());
    HandleScope scope(heap);
    {
        HandleScope inner(heap);
        Local a(heap, make_finalizable(heap, "a"));
        Local b(heap, make_finalizable(heap, "b"));
        Local c(heap, make_finalizable(heap, "c"));
        heap.collect_major();
        CHECK_FALSE(heap.finalization_ready());
    }
    heap.collect_major();
    CHECK(drain(heap) == std::vector<std::string>{"c", "b", "a"});
}

TEST_CASE("registering twice queues once; a resurrected object is not finalized again") {
    Heap heap(small_config());
    HandleScope scope(heap);
    Local holder(heap, Value::object(gc::new_cell(heap, Value::nil())));
    {
        HandleScope inner(heap);
        Local o(heap, make_finalizable(heap, "twice"));
        heap.register_finalizable(o.as<>());
        CHECK(heap.finalizable_count() == 1);
    }
    heap.collect_major();
    REQUIRE(heap.finalization_ready());
    Value got = heap.take_ready();
    CHECK_FALSE(heap.finalization_ready());
    auto* cell = holder.as<core::Cell>();
    heap.store(cell, cell->value, got);  // the "finalizer" stores it: resurrection
    churn(heap, 200 * 1024);
    heap.collect_major();
    heap.collect_major();
    CHECK_FALSE(heap.finalization_ready());
    CHECK(label(holder.as<core::Cell>()->value) == "twice");
}

TEST_CASE("the hook runs after a collection that queued objects, and a native finalizer waits for real death") {
    Heap heap(small_config());
    HandleScope scope(heap);
    int hooks = 0, native = 0;
    heap.set_finalization_hook(count_hook, &hooks);
    heap.collect_minor();
    CHECK(hooks == 0);
    {
        HandleScope inner(heap);
        Local o(heap, make_finalizable(heap, "hooked"));
        heap.add_finalizer(o.as<>(), count_finalizer, &native);
    }
    heap.collect_major();
    CHECK(hooks >= 1);
    CHECK(native == 0);  // kept alive for its language finalizer
    CHECK(drain(heap) == std::vector<std::string>{"hooked"});
    const int after = hooks;
    heap.collect_major();
    CHECK(native == 1);
    CHECK(hooks == after);
    heap.set_finalization_hook(nullptr, nullptr);
}

TEST_CASE("queue_finalizable_from: depth-first from the given roots; queue_all_finalizable: the rest newest first") {
    Heap heap(small_config());
    HandleScope scope(heap);
    // root1 -> list [p -> q, r]; root2 = s; not in the order: t (registered first), u
    Local t(heap, make_finalizable(heap, "t"));
    Local q(heap, make_finalizable(heap, "q"));
    Local p(heap, make_finalizable(heap, "p"));
    {
        auto* pi = p.as<core::Instance>();
        Local extra(heap, Value::object(gc::new_instance(heap, 7, 2)));
        auto* e = extra.as<core::Instance>();
        pi = p.as<core::Instance>();
        heap.store(e, e->slots[0], pi->slots[0]);
        heap.store(e, e->slots[1], q.get());
        heap.store(pi, pi->slots[0], extra.get());  // p's label moves one level down: label() reads slots[0]
    }
    Local r(heap, make_finalizable(heap, "r"));
    Local s(heap, make_finalizable(heap, "s"));
    Local u(heap, make_finalizable(heap, "u"));
    Local list(heap, Value::object(gc::new_list(heap, 2)));
    {
        Value l = list.get();
        gc::list_push(heap, l, p.get());
        gc::list_push(heap, l, r.get());
        list.set(l);
    }
    Value roots[2] = {list.get(), s.get()};
    heap.queue_finalizable_from(roots, 2);
    CHECK(heap.finalizable_count() == 2);
    heap.queue_all_finalizable();
    CHECK(heap.finalizable_count() == 0);
    std::vector<std::string> order;
    for (Value v = heap.take_ready(); !v.is_nil(); v = heap.take_ready()) {
        auto* inst = static_cast<core::Instance*>(v.as_object());
        Value first = inst->slots[0];
        if (core::is_kind(first, core::Kind::instance))  // p: its label is one level down
            first = static_cast<core::Instance*>(first.as_object())->slots[0];
        order.emplace_back(static_cast<core::String*>(first.as_object())->view());
    }
    CHECK(order == std::vector<std::string>{"p", "q", "r", "s", "u", "t"});
}

TEST_CASE("a random graph of finalizable objects: every dead one queued exactly once, the live ones never") {
    Heap heap(small_config());
    HandleScope scope(heap);
    std::mt19937 rng(12345);
    constexpr int n = 3000;
    Local all(heap, Value::object(gc::new_array(heap, n)));
    for (int i = 0; i < n; ++i) {
        Value o = make_finalizable(heap, std::to_string(i));
        auto* a = all.as<core::Array>();
        heap.store(a, a->items[i], o);
    }
    for (int i = 0; i < n; ++i) {  // random links through a second slot
        HandleScope inner(heap);
        Local o(heap, all.as<core::Array>()->items[i]);
        Local pair(heap, Value::object(gc::new_instance(heap, 8, 2)));
        auto* pi = pair.as<core::Instance>();
        auto* oi = o.as<core::Instance>();
        heap.store(pi, pi->slots[0], oi->slots[0]);
        heap.store(pi, pi->slots[1], all.as<core::Array>()->items[rng() % n]);
        oi = o.as<core::Instance>();
        heap.store(oi, oi->slots[0], pair.get());
    }
    // Keep every 3rd object as a root; drop the array. Objects reachable from a kept one stay alive.
    Local kept(heap, Value::object(gc::new_list(heap, n / 3 + 1)));
    for (int i = 0; i < n; i += 3) {
        Value l = kept.get();
        gc::list_push(heap, l, all.as<core::Array>()->items[i]);
        kept.set(l);
    }
    all.set(Value::nil());
    heap.collect_minor();
    heap.collect_major();
    // Expected dead set: not reachable from `kept` through slots[0] -> pair -> slots[1].
    auto label_of = [](Value v) {
        auto* pair = static_cast<core::Instance*>(static_cast<core::Instance*>(v.as_object())->slots[0].as_object());
        return std::stoi(std::string(static_cast<core::String*>(pair->slots[0].as_object())->view()));
    };
    std::vector<char> live(n, 0);
    std::vector<Value> work;
    auto* kl = kept.as<core::List>();
    for (uint64_t i = 0; i < kl->length; ++i) work.push_back(gc::list_get(kl, i));
    while (!work.empty()) {
        Value v = work.back();
        work.pop_back();
        int id = label_of(v);
        if (live[id]) continue;
        live[id] = 1;
        work.push_back(static_cast<core::Instance*>(static_cast<core::Instance*>(v.as_object())->slots[0].as_object())->slots[1]);
    }
    std::vector<int> seen(n, 0);
    size_t dead_expected = 0;
    for (int i = 0; i < n; ++i) dead_expected += !live[i];
    size_t queued = 0;
    for (Value v = heap.take_ready(); !v.is_nil(); v = heap.take_ready()) {
        ++seen[label_of(v)];
        ++queued;
    }
    CHECK(queued == dead_expected);
    CHECK(heap.finalizable_count() == n - dead_expected);
    bool ok = true;
    for (int i = 0; i < n; ++i) ok = ok && seen[i] == (live[i] ? 0 : 1);
    CHECK(ok);
    CHECK(dead_expected > 0);
    CHECK(dead_expected < static_cast<size_t>(n));
}
