// The generational heap (gc/heap.hpp, handles.hpp, objects.hpp): survival and moving through handles, aging and
// promotion, the write barrier and the verifier, roots (frame stacks, callbacks, slots), weak references,
// finalizers, the heap limit, statistics, and the shared object kinds (strings, symbols, lists, maps, bigints).
#include <catch2/catch.hpp>

#include <span>
#include <string>

#include "trellis/gc/handles.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"
#include "gc_test_util.hpp"

using namespace trellis;
using core::Value;
using gc::HandleScope;
using gc::Heap;
using gc::HeapConfig;
using gc::Local;

namespace {

using gc::test::churn;
using gc::test::small_config;

}  // namespace

TEST_CASE("objects held by Locals survive scavenges, move, and keep their contents") {
    Heap heap(small_config());
    HandleScope scope(heap);
    Local s(heap, Value::object(gc::new_string(heap, "hello, heap")));
    auto* inst = gc::new_instance(heap, 0, 3);
    inst->slots[0] = Value::small_int(7);
    heap.store(inst, inst->slots[1], s.get());
    Local x(heap, Value::object(inst));
    const void* before = x.as<>();
    heap.collect_minor();
    CHECK(x.as<>() != before);  // moved into a survivor space
    churn(heap, 512 * 1024);
    auto* moved = x.as<core::Instance>();
    CHECK(moved->slots[0].as_small_int() == 7);
    CHECK(moved->slots[1] == s.get());
    CHECK(s.as<core::String>()->view() == "hello, heap");
    CHECK(moved->slots[2].is_nil());
    CHECK(heap.stats().minor_collections >= 2);
}

TEST_CASE("survivors are promoted after promote_age scavenges") {
    HeapConfig c = small_config();
    c.promote_age = 2;
    Heap heap(c);
    HandleScope scope(heap);
    Local x(heap, Value::object(gc::new_cell(heap, Value::small_int(1))));
    heap.collect_minor();
    CHECK(heap.is_young(x.as<>()));
    heap.collect_minor();
    CHECK_FALSE(heap.is_young(x.as<>()));
    CHECK((x.as<>()->gc & core::gc_bits::old) != 0);
    CHECK(heap.stats().bytes_promoted >= sizeof(core::Cell));
}

TEST_CASE("the write barrier keeps young objects reachable only from old ones") {
    Heap heap(small_config());
    HandleScope scope(heap);
    Local holder(heap, Value::object(gc::new_cell(heap, Value::nil())));
    heap.collect_major();  // promote the holder
    REQUIRE_FALSE(heap.is_young(holder.as<>()));
    auto* cell = holder.as<core::Cell>();
    heap.store(cell, cell->value, Value::object(gc::new_string(heap, "young")));
    churn(heap, 1024 * 1024);  // many scavenges; the string is reachable only through the remembered set
    heap.verify();
    Value v = holder.as<core::Cell>()->value;
    REQUIRE(v.is_object());
    CHECK(static_cast<core::String*>(v.as_object())->view() == "young");
}

TEST_CASE("the verifier catches a store that skipped the barrier") {
    HeapConfig c = small_config();
    c.verify = false;
    Heap heap(c);
    HandleScope scope(heap);
    Local holder(heap, Value::object(gc::new_cell(heap, Value::nil())));
    heap.collect_major();
    Local young(heap, Value::object(gc::new_string(heap, "x")));
    holder.as<core::Cell>()->value = young.get();  // no barrier: a bug the verifier must report
    CHECK_THROWS_AS(heap.verify(), core::Error);
    heap.write_barrier(holder.as<>(), young.get());
    CHECK_NOTHROW(heap.verify());
}

TEST_CASE("weak references are cleared when the target dies and kept while it lives") {
    Heap heap(small_config());
    HandleScope scope(heap);
    Local strong(heap, Value::object(gc::new_string(heap, "kept")));
    Local w1(heap, Value::object(gc::new_weak_ref(heap, strong.get())));
    Local w2(heap, Value::object(gc::new_weak_ref(heap, Value::object(gc::new_string(heap, "young garbage")))));
    Value old_garbage;
    {
        HandleScope inner(heap);
        Local g(heap, Value::object(gc::new_string(heap, "old garbage")));
        heap.collect_major();  // promote g (still rooted)
        old_garbage = g.get();
    }
    Local w3(heap, Value::object(gc::new_weak_ref(heap, old_garbage)));
    heap.collect_minor();
    CHECK(w1.as<core::WeakRef>()->target == strong.get());
    CHECK(w2.as<core::WeakRef>()->target.is_nil());  // young target died in the scavenge
    CHECK(w3.as<core::WeakRef>()->target.is_object());  // old target: only a major collection decides
    heap.collect_major();
    CHECK(w3.as<core::WeakRef>()->target.is_nil());
    CHECK(w1.as<core::WeakRef>()->target == strong.get());
    CHECK(static_cast<core::String*>(w1.as<core::WeakRef>()->target.as_object())->view() == "kept");
}

namespace {
void count_finalizer(void* data) { ++*static_cast<int*>(data); }
}  // namespace

TEST_CASE("finalizers run exactly once, on death or at heap destruction") {
    int young_dead = 0, old_dead = 0, alive = 0;
    {
        Heap heap(small_config());
        HandleScope scope(heap);
        heap.add_finalizer(gc::new_cell(heap, Value::nil()), count_finalizer, &young_dead);
        Local keep(heap, Value::object(gc::new_cell(heap, Value::nil())));
        heap.add_finalizer(keep.as<>(), count_finalizer, &alive);
        {
            HandleScope inner(heap);
            Local o(heap, Value::object(gc::new_cell(heap, Value::nil())));
            heap.add_finalizer(o.as<>(), count_finalizer, &old_dead);
            heap.collect_major();
            CHECK(old_dead == 0);
        }
        CHECK(young_dead == 1);
        heap.collect_minor();
        CHECK(old_dead == 0);  // old objects die only in major collections
        heap.collect_major();
        CHECK(old_dead == 1);
        heap.collect_major();
        churn(heap, 256 * 1024);
        CHECK(young_dead == 1);
        CHECK(old_dead == 1);
        CHECK(alive == 0);
    }
    CHECK(alive == 1);
    CHECK(young_dead == 1);
    CHECK(old_dead == 1);
}

TEST_CASE("exceeding the heap limit is a clean OutOfMemory and the heap stays usable") {
    HeapConfig c = small_config();
    c.max_heap_bytes = 4u << 20;
    c.major_trigger_bytes = 1u << 20;
    Heap heap(c);
    HandleScope scope(heap);
    Local list(heap, Value::object(gc::new_list(heap)));
    bool thrown = false;
    try {
        for (int i = 0; i < 100000; ++i) {
            Value a = Value::object(gc::new_array(heap, 100));
            gc::list_push(heap, list.slot(), a);
        }
    } catch (const gc::OutOfMemory& e) {
        thrown = true;
        CHECK(std::string(e.what()).find("heap limit") != std::string::npos);
    }
    CHECK(thrown);
    // The limit may be passed by at most one scavenge's promotions (live data the error is about).
    CHECK(heap.old_bytes() <= c.max_heap_bytes + c.nursery_bytes + 2 * c.survivor_bytes);
    list.set(Value::nil());
    heap.collect_major();
    CHECK(heap.old_bytes() < c.max_heap_bytes / 2);
    CHECK(gc::new_array(heap, 100)->length == 100);  // usable again
}

TEST_CASE("the heap limit can be lifted after an OutOfMemory and put back") {
    HeapConfig c = small_config();
    c.max_heap_bytes = 2u << 20;
    c.major_trigger_bytes = 1u << 20;
    Heap heap(c);
    HandleScope scope(heap);
    Local list(heap, Value::object(gc::new_list(heap)));
    auto fill = [&] {
        for (int i = 0; i < 100000; ++i) gc::list_push(heap, list.slot(), Value::object(gc::new_array(heap, 100)));
    };
    REQUIRE_THROWS_AS(fill(), gc::OutOfMemory);
    REQUIRE_THROWS_AS(gc::new_array(heap, 4096), gc::OutOfMemory);  // old space: over the limit
    heap.set_max_heap_bytes(heap.old_bytes() + (1u << 20));
    CHECK(heap.config().max_heap_bytes == heap.old_bytes() + (1u << 20));
    CHECK(gc::new_array(heap, 4096)->length == 4096);  // lifted: it fits
    heap.set_max_heap_bytes(c.max_heap_bytes);
    REQUIRE_THROWS_AS(gc::new_array(heap, 4096), gc::OutOfMemory);  // put back
}

TEST_CASE("frame-stack slots, registered slots and root callbacks are precise roots") {
    Heap heap(small_config());
    core::FrameStack stack(64 * 1024);
    heap.add_frame_stack(&stack);
    Value* frame = gc::push_value_frame(stack, 3);
    REQUIRE(frame);
    frame[0] = Value::object(gc::new_string(heap, "in a frame"));
    frame[1] = Value::small_int(5);
    Value global = Value::object(gc::new_string(heap, "global"));
    heap.add_root(&global);
    struct Ctx {
        Value v;
    } ctx{Value::object(gc::new_string(heap, "callback"))};
    size_t id = heap.add_root_callback([](gc::RootVisitor& v, void* u) { v.visit(static_cast<Ctx*>(u)->v); }, &ctx);
    Value w = Value::object(gc::new_weak_ref(heap, frame[0]));
    heap.add_root(&w);
    churn(heap, 512 * 1024);
    heap.collect_major();
    CHECK(static_cast<core::String*>(frame[0].as_object())->view() == "in a frame");
    CHECK(frame[1].as_small_int() == 5);
    CHECK(static_cast<core::String*>(global.as_object())->view() == "global");
    CHECK(static_cast<core::String*>(ctx.v.as_object())->view() == "callback");
    // Popping the frame drops the root.
    stack.pop_to(frame);
    heap.remove_root_callback(id);
    heap.collect_major();
    CHECK(static_cast<core::WeakRef*>(w.as_object())->target.is_nil());
    heap.remove_root(&global);
    heap.remove_root(&w);
    heap.remove_frame_stack(&stack);
}

TEST_CASE("persistent handles root objects independently of scopes") {
    Heap heap(small_config());
    gc::Persistent p;
    {
        HandleScope scope(heap);
        p = gc::Persistent(heap, Value::object(gc::new_string(heap, "persistent")));
    }
    churn(heap, 256 * 1024);
    heap.collect_major();
    CHECK(p.as<core::String>()->view() == "persistent");
    p.reset();
    CHECK_FALSE(p);
}

TEST_CASE("symbols are interned per heap and never move") {
    Heap heap(small_config());
    core::String* a = heap.intern("selector:");
    churn(heap, 256 * 1024);
    heap.collect_major();
    CHECK(heap.intern("selector:") == a);
    CHECK(a->kind == core::Kind::symbol);
    CHECK(heap.intern("other") != a);
    Heap other(small_config());
    CHECK(other.intern("selector:") != a);
}

TEST_CASE("lists grow through collections and keep their elements") {
    Heap heap(small_config());
    HandleScope scope(heap);
    Local list(heap, Value::object(gc::new_list(heap, 2)));
    for (int i = 0; i < 5000; ++i) {
        Value s = Value::object(gc::new_string(heap, std::to_string(i)));
        gc::list_push(heap, list.slot(), s);
    }
    auto* l = list.as<core::List>();
    REQUIRE(l->length == 5000);
    for (int i = 0; i < 5000; i += 97)
        CHECK(static_cast<core::String*>(gc::list_get(l, i).as_object())->view() == std::to_string(i));
}

TEST_CASE("maps keep insertion order, compare keys by content and survive growth under GC") {
    Heap heap(small_config());
    HandleScope scope(heap);
    Local map(heap, Value::object(gc::new_map(heap)));
    const int n = 3000;
    for (int i = 0; i < n; ++i) {
        Value k = Value::object(gc::new_string(heap, "k" + std::to_string(i)));
        gc::map_set(heap, map.slot(), k, Value::small_int(i));
    }
    gc::map_set(heap, map.slot(), Value::small_int(1), Value::boolean(true));
    gc::map_set(heap, map.slot(), Value::from_double(1.0), Value::boolean(false));  // same key as 1
    auto* m = map.as<core::Map>();
    CHECK(m->count == n + 1);
    for (int i = 0; i < n; i += 37) {
        Value probe = Value::object(gc::new_string(heap, "k" + std::to_string(i)));
        CHECK(gc::map_get(map.as<core::Map>(), probe).as_small_int() == i);
    }
    CHECK(gc::map_get(map.as<core::Map>(), Value::small_int(1)).is_false());
    Value absent = Value::object(gc::new_string(heap, "absent"));
    CHECK(gc::map_get(map.as<core::Map>(), absent).is_undefined());
    // Remove every other key, then check order and contents.
    for (int i = 0; i < n; i += 2) {
        Value k = Value::object(gc::new_string(heap, "k" + std::to_string(i)));
        CHECK(gc::map_remove(heap, map.as<core::Map>(), k));
    }
    for (int i = 0; i < 100; ++i) gc::map_set(heap, map.slot(), Value::small_int(100000 + i), Value::nil());
    std::vector<std::string> keys;
    gc::map_for_each(map.as<core::Map>(), [&](Value k, Value) {
        if (core::is_kind(k, core::Kind::string)) keys.push_back(std::string(static_cast<core::String*>(k.as_object())->view()));
    });
    REQUIRE(keys.size() == n / 2);
    for (size_t j = 0; j < keys.size(); ++j) CHECK(keys[j] == "k" + std::to_string(2 * j + 1));
    CHECK(map.as<core::Map>()->count == n / 2 + 1 + 100);
}

TEST_CASE("integers beyond the small range become GMP-backed BigInts") {
    Heap heap(small_config());
    HandleScope scope(heap);
    CHECK(gc::make_integer(heap, 42).is_small_int());
    Local big(heap, gc::make_integer(heap, INT64_MIN));
    REQUIRE(core::is_kind(big.get(), core::Kind::big_int));
    mpz_t z, w;
    mpz_init(z);
    mpz_init(w);
    mpz_ui_pow_ui(z, 3, 200);
    mpz_neg(z, z);
    Local huge(heap, gc::make_integer(heap, z));
    churn(heap, 256 * 1024);
    gc::integer_to_mpz(huge.get(), w);
    CHECK(mpz_cmp(z, w) == 0);
    gc::integer_to_mpz(big.get(), w);
    CHECK(mpz_get_si(w) == INT64_MIN);
    mpz_set_si(z, 12345);
    CHECK(gc::make_integer(heap, z).as_small_int() == 12345);
    Local big2(heap, gc::make_integer(heap, INT64_MIN));
    CHECK(core::keys_equal(big.get(), big2.get()));
    CHECK(core::hash_key(big.get()) == core::hash_key(big2.get()));
    mpz_clear(z);
    mpz_clear(w);
}

TEST_CASE("statistics count collections, bytes and pauses") {
    Heap heap(small_config());
    churn(heap, 1024 * 1024);
    heap.collect_major();
    const gc::GcStats& s = heap.stats();
    CHECK(s.minor_collections >= 10);
    CHECK(s.major_collections >= 1);
    CHECK(s.bytes_allocated >= 1024 * 1024);
    CHECK(s.minor_pause_ns.size() == s.minor_collections);
    gc::PauseSummary p = s.minor_pauses();
    CHECK(p.count == s.minor_collections);
    CHECK(p.p50_ms <= p.p99_ms);
    CHECK(p.p99_ms <= p.max_ms);
    CHECK(s.report().find("minor pauses") != std::string::npos);
}

TEST_CASE("old-space free ranges are reused: sparse survivors do not grow the heap without bound") {
    HeapConfig c = small_config();
    c.promote_age = 1;
    Heap heap(c);
    HandleScope scope(heap);
    Local keep(heap, Value::object(gc::new_list(heap)));
    size_t after_first = 0;
    const int rounds = c.stress_every ? 5 : 40;  // stress mode verifies the heap at every allocation
    for (int round = 0; round < rounds; ++round) {
        {
            HandleScope inner(heap);
            Local batch(heap, Value::object(gc::new_list(heap)));
            for (int i = 0; i < 2000; ++i) {
                Value cell = Value::object(gc::new_cell(heap, Value::small_int(i)));
                gc::list_push(heap, batch.slot(), cell);
                if (i % 100 == 0) gc::list_push(heap, keep.slot(), cell);
            }
            heap.collect_minor();  // promotes the batch into old-space chunks
        }
        heap.collect_major();  // the batch dies except every 100th cell
        if (round == 0) after_first = heap.old_bytes();
    }
    auto* l = keep.as<core::List>();
    REQUIRE(l->length == uint64_t(rounds) * 20);
    for (uint64_t i = 0; i < l->length; ++i)
        CHECK(static_cast<core::Cell*>(gc::list_get(l, i).as_object())->value.as_small_int() == int64_t(i % 20) * 100);
    CHECK(heap.old_bytes() <= after_first + (1u << 20));
}

TEST_CASE("a major collection frees exactly the dead old bytes and keeps objects alive over mark-bit flips") {
    HeapConfig c = small_config();
    c.promote_age = 1;
    c.stress_every = 0;  // 40k objects verified at every allocation would take minutes; the verifier still runs
    Heap heap(c);
    HandleScope scope(heap);
    // Two chains of 4-slot instances (40 bytes each), promoted into old-space chunks; then one of them dies.
    auto chain = [&](Local& head, int n, int tag) {
        for (int i = 0; i < n; ++i) {
            auto* o = gc::new_instance(heap, 0, 4);
            o->slots[0] = head.get();
            o->slots[1] = Value::small_int(tag + i);
            o->slots[2] = o->slots[3] = Value::nil();
            head.set(Value::object(o));
        }
    };
    auto count = [](Value v, int tag, int n) {
        int ok = 0;
        for (int i = n - 1; v.is_object(); --i, v = static_cast<core::Instance*>(v.as_object())->slots[0])
            ok += static_cast<core::Instance*>(v.as_object())->slots[1].as_small_int() == tag + i;
        return ok;
    };
    const int n = 20000;  // 800 KiB each: whole chunks of one chain and chunks shared by both
    Local live(heap, Value::nil()), dead(heap, Value::nil());
    chain(live, n, 0);
    chain(dead, n, 1000000);
    heap.collect_major();  // everything promoted and live
    REQUIRE_FALSE(heap.is_young(live.as<>()));
    const uint64_t freed_before = heap.stats().bytes_freed_old;
    const size_t old_before = heap.old_bytes();
    dead.set(Value::nil());
    heap.collect_major();
    CHECK(heap.stats().bytes_freed_old - freed_before == uint64_t(n) * 40);
    CHECK(heap.old_bytes() < old_before);  // chunks holding only the dead chain were given up
    // Live objects stay live across several majors (each flips the mark bit's meaning), and the space of the dead
    // chain is reused by a new one instead of growing the heap.
    for (int round = 0; round < 3; ++round) {
        heap.collect_major();
        CHECK(count(live.get(), 0, n) == n);
    }
    chain(dead, n, 2000000);
    heap.collect_major();
    CHECK(count(dead.get(), 2000000, n) == n);
    CHECK(count(live.get(), 0, n) == n);
    CHECK(heap.old_bytes() <= old_before + (256u << 10));
    heap.verify();
}

TEST_CASE("objects past the header's 512 KiB size field keep their size in a prefix and work like any other") {
    Heap heap(small_config());
    HandleScope scope(heap);
    const size_t n = 100000;  // 800 KiB of elements: more than core::max_inline_size
    Local big(heap, Value::object(gc::new_array(heap, n)));
    auto* a = big.as<core::Array>();
    CHECK(a->size_words == 0);
    CHECK(a->size() == sizeof(core::Object) + 8 + 8 * n);
    CHECK(a->length == n);
    auto* inst = static_cast<core::Instance*>(heap.allocate_old(core::Kind::instance, sizeof(core::Object) + 8 * 70000));
    for (size_t i = 0; i < inst->slot_count(); ++i) inst->slots[i] = Value::nil();
    CHECK(inst->slot_count() == 70000);
    Local holder(heap, Value::object(inst));
    // Young references stored into both survive scavenges through the barrier.
    for (size_t i = 0; i < n; i += 997) {
        Value s = Value::object(gc::new_string(heap, std::to_string(i)));
        a = big.as<core::Array>();
        heap.store(a, a->items[i], s);
    }
    Value c = Value::object(gc::new_cell(heap, Value::small_int(5)));
    inst = holder.as<core::Instance>();
    heap.store(inst, inst->slots[69999], c);
    churn(heap, 256 * 1024);
    heap.collect_major();
    a = big.as<core::Array>();
    for (size_t i = 0; i < n; i += 997)
        CHECK(static_cast<core::String*>(a->items[i].as_object())->view() == std::to_string(i));
    CHECK(static_cast<core::Cell*>(holder.as<core::Instance>()->slots[69999].as_object())->value.as_small_int() == 5);
    const size_t before = heap.old_bytes();
    holder.set(Value::nil());
    heap.collect_major();  // the instance dies: its block, prefix included, goes back to mimalloc
    CHECK(heap.old_bytes() <= before - 8 * 70000);
    heap.verify();
}

TEST_CASE("try_allocate is allocate's fast path: young objects until eden is full, then nullptr without collecting") {
    HeapConfig c = small_config();
    c.stress_every = 0;  // (TRELLIS_GC_STRESS) stress mode is the next test
    Heap heap(c);
    const auto collections = heap.stats().minor_collections;
    core::Object* o = heap.try_allocate(core::Kind::instance, sizeof(core::Object) + 2 * sizeof(Value));
    REQUIRE(o != nullptr);
    CHECK(o->kind == core::Kind::instance);
    CHECK(o->size() == sizeof(core::Object) + 2 * sizeof(Value));
    CHECK(o->class_id == 0);
    CHECK(heap.is_young(o));
    auto* inst = static_cast<core::Instance*>(o);
    inst->slots[0] = inst->slots[1] = Value::nil();
    size_t n = 0;
    for (;;) {
        auto* x = static_cast<core::Instance*>(heap.try_allocate(core::Kind::instance, sizeof(core::Object) + 32 * 8));
        if (x == nullptr) break;
        for (auto& v : std::span(x->slots, 32)) v = Value::nil();
        ++n;
    }
    CHECK(n > 0);
    CHECK(heap.stats().minor_collections == collections);  // it never collects
    CHECK(heap.try_allocate(core::Kind::instance, sizeof(core::Object) + 32 * 8) == nullptr);
    // allocate() goes on: it opens the rest of eden (warm-up) or collects
    auto* after = gc::new_instance(heap, 0, 2);
    CHECK(after->slots[1].is_nil());
    CHECK(heap.is_young(after));
}

TEST_CASE("try_allocate always declines in stress mode, so every allocation takes the collecting path") {
    HeapConfig c = small_config();
    c.stress_every = 1;
    Heap heap(c);
    CHECK(heap.try_allocate(core::Kind::string, 64) == nullptr);
    gc::new_instance(heap, 0, 1);
    CHECK(heap.try_allocate(core::Kind::string, 64) == nullptr);
}
