// Old objects outside the old-space chunks (gc/heap.hpp write_barrier, gc/src/collect.cpp): objects made with
// allocate_old and large arrays record their young references in the hashed outside-card table; scavenges keep
// those references alive and updated, many holders hashing anywhere in the table are all found, and the verifier
// reports a store into such a holder that skipped the barrier.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "trellis/gc/handles.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"
#include "gc_test_util.hpp"

using namespace trellis;
using core::Value;

namespace {


void churn(gc::Heap& heap, size_t bytes) {
    for (size_t done = 0; done < bytes; done += 40) gc::new_instance(heap, 0, 4);
}

// A 1-slot instance allocated directly in old space (outside the chunk region), slot nil.
core::Instance* old_instance(gc::Heap& heap) {
    auto* o = static_cast<core::Instance*>(heap.allocate_old(core::Kind::instance, sizeof(core::Object) + 8));
    o->slots[0] = Value::nil();
    return o;
}

}  // namespace

TEST_CASE("old objects outside the chunks keep young objects alive through the hashed card table") {
    gc::Heap heap(gc::test::small_config());
    gc::HandleScope scope(heap);
    // A large array (old from birth, a mimalloc block) and 300 allocate_old instances, spread over the table.
    gc::Local big(heap, Value::object(gc::new_array(heap, 4096)));
    REQUIRE_FALSE(heap.is_young(big.as<>()));
    std::vector<gc::Local> holders;
    for (int i = 0; i < 300; ++i) holders.emplace_back(heap, Value::object(old_instance(heap)));
    for (int i = 0; i < 300; ++i) {
        Value s = Value::object(gc::new_string(heap, "young " + std::to_string(i)));
        auto* h = holders[i].as<core::Instance>();
        heap.store(h, h->slots[0], s);
        auto* a = big.as<core::Array>();
        heap.store(a, a->items[4095 - i], s);
    }
    churn(heap, 512 * 1024);  // many scavenges (verified after each): the strings move, then are promoted
    for (int i = 0; i < 300; ++i) {
        const std::string want = "young " + std::to_string(i);
        Value v = holders[i].as<core::Instance>()->slots[0];
        REQUIRE(v.is_object());
        CHECK(static_cast<core::String*>(v.as_object())->view() == want);
        Value w = big.as<core::Array>()->items[4095 - i];
        REQUIRE(w.is_object());
        CHECK(w.same(v));
    }
}

TEST_CASE("the verifier catches a store into an old object outside the chunks that skipped the barrier") {
    gc::HeapConfig c = gc::test::small_config();
    c.verify = false;
    gc::Heap heap(c);
    gc::HandleScope scope(heap);
    gc::Local holder(heap, Value::object(old_instance(heap)));
    heap.collect_major();  // every card clean
    gc::Local young(heap, Value::object(gc::new_string(heap, "x")));
    REQUIRE(heap.is_young(young.as<>()));
    holder.as<core::Instance>()->slots[0] = young.get();  // no barrier: a bug the verifier must report
    CHECK_THROWS_AS(heap.verify(), core::Error);
    heap.write_barrier(holder.as<>(), young.get());
    CHECK_NOTHROW(heap.verify());
}
