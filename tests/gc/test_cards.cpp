// The card-marking write barrier over old-space chunks (gc/heap.hpp: write_barrier, store; gc/src/collect.cpp:
// card scanning with the object-start map): young references stored into promoted objects that span several
// 512-byte cards, at their first, middle and last slots, must survive any number of scavenges and be updated
// when their targets move; the verifier (which checks cards and the start map) runs after every collection.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

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


std::string text_at(Local& array, size_t i) {
    Value v = array.as<core::Array>()->items[i];
    REQUIRE(core::is_kind(v, core::Kind::string));
    return std::string(static_cast<core::String*>(v.as_object())->view());
}

}  // namespace

TEST_CASE("young references in far cards of a promoted array survive scavenges and follow moves") {
    Heap heap(gc::test::small_config());
    HandleScope scope(heap);
    // 1000 items: 8 KiB, small enough to be born young, spanning 16-17 cards once promoted.
    Local array(heap, Value::object(gc::new_array(heap, 1000)));
    heap.collect_major();  // promotes it into an old-space chunk
    REQUIRE_FALSE(heap.is_young(array.as<>()));
    // Either slots near the header (whose card the barrier marks) or only far ones, whose cards are found by
    // walking back from an object start in a later card: the walk must still find the array.
    const std::vector<size_t> where = GENERATE(std::vector<size_t>{0, 1, 63, 64}, std::vector<size_t>{500, 937, 999});
    for (size_t i : where) {
        Value s = Value::object(gc::new_string(heap, "item " + std::to_string(i)));
        REQUIRE(heap.is_young(s.as_object()));
        auto* a = array.as<core::Array>();
        heap.store(a, a->items[i], s);
    }
    // Many scavenges: the strings are reachable only through the array's cards; they age, move, get promoted.
    for (int round = 0; round < 6; ++round) {
        gc::test::churn(heap, 96 * 1024);
        for (size_t i : where) CHECK(text_at(array, i) == "item " + std::to_string(i));
    }
    heap.verify();
}

TEST_CASE("objects promoted side by side keep young references stored into each of them") {
    Heap heap(gc::test::small_config());
    HandleScope scope(heap);
    // 300 three-slot instances (40 bytes each: they straddle card boundaries), promoted together.
    constexpr size_t n = 300;
    Local holders(heap, Value::object(gc::new_array(heap, n)));
    for (size_t i = 0; i < n; ++i) {
        Value x = Value::object(gc::new_instance(heap, 0, 3));
        auto* a = holders.as<core::Array>();
        heap.store(a, a->items[i], x);
    }
    heap.collect_major();
    for (size_t i = 0; i < n; ++i) {
        Value s = Value::object(gc::new_string(heap, std::to_string(i)));
        auto* h = static_cast<core::Instance*>(holders.as<core::Array>()->items[i].as_object());
        REQUIRE_FALSE(heap.is_young(h));
        heap.store(h, h->slots[i % 3], s);  // first, middle or last slot
        h->slots[(i + 1) % 3] = Value::small_int(static_cast<int64_t>(i));  // immediates need no barrier
    }
    for (int round = 0; round < 4; ++round) gc::test::churn(heap, 96 * 1024);
    for (size_t i = 0; i < n; ++i) {
        auto* h = static_cast<core::Instance*>(holders.as<core::Array>()->items[i].as_object());
        Value s = h->slots[i % 3];
        REQUIRE(core::is_kind(s, core::Kind::string));
        CHECK(static_cast<core::String*>(s.as_object())->view() == std::to_string(i));
        CHECK(h->slots[(i + 1) % 3].as_small_int() == static_cast<int64_t>(i));
    }
}
