// String buffers (gc/objects.hpp new_string_buffer, string_capacity, string_append): in-place appends keep the
// text, NUL terminator and content hash right; a buffer survives scavenges with its spare room; a big buffer
// lives in the large-object space and keeps its address across collections.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "trellis/gc/handles.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"
#include "gc_test_util.hpp"

using namespace trellis;
using core::Value;
using gc::HandleScope;
using gc::Heap;
using gc::Local;

TEST_CASE("a string buffer has the requested room and appends in place") {
    Heap heap(gc::test::small_config());
    HandleScope scope(heap);
    core::String* s = gc::new_string_buffer(heap, "abc", 100);
    CHECK(s->view() == "abc");
    CHECK(gc::string_capacity(s) >= 100);
    CHECK(gc::string_capacity(s) < 100 + 8);
    CHECK(s->hash32 == core::hash_bytes("abc"));
    std::string expect = "abc";
    for (int i = 0; i < 20; ++i) {
        std::string tail = std::to_string(i) + ",";
        REQUIRE(s->length + tail.size() <= gc::string_capacity(s));
        gc::string_append(s, tail);
        expect += tail;
        CHECK(s->view() == expect);
        CHECK(s->data[s->length] == '\0');
        CHECK(s->hash32 == core::hash_bytes(expect));
    }
    // Content equality and hashing as map keys see the appended text.
    Value plain = Value::object(gc::new_string(heap, expect));
    CHECK(core::keys_equal(Value::object(s), plain));
    CHECK(core::hash_key(Value::object(s)) == core::hash_key(plain));
}

TEST_CASE("a capacity below the text length is raised to it; an empty buffer works") {
    Heap heap(gc::test::small_config());
    core::String* s = gc::new_string_buffer(heap, "hello", 1);
    CHECK(s->view() == "hello");
    CHECK(gc::string_capacity(s) >= 5);
    core::String* e = gc::new_string_buffer(heap, "", 0);
    CHECK(e->length == 0);
    CHECK(e->data[0] == '\0');
    CHECK(gc::string_capacity(e) < 8);
    // A plain string's capacity is its length rounded up to the 8-byte granularity.
    core::String* p = gc::new_string(heap, "12345678");
    CHECK(gc::string_capacity(p) >= 8);
    CHECK(gc::string_capacity(p) < 16);
}

TEST_CASE("a young string buffer moves with its spare room; appends after the move") {
    Heap heap(gc::test::small_config());
    HandleScope scope(heap);
    Local b(heap, Value::object(gc::new_string_buffer(heap, "x", 64)));
    const void* before = b.as<>();
    heap.collect_minor();
    CHECK(b.as<>() != before);
    auto* s = b.as<core::String>();
    CHECK(gc::string_capacity(s) >= 64);
    gc::string_append(s, "yz");
    gc::test::churn(heap, 512 * 1024);
    CHECK(b.as<core::String>()->view() == "xyz");
    heap.collect_major();
    heap.verify();
    CHECK(b.as<core::String>()->view() == "xyz");
}

TEST_CASE("a big string buffer is a large object: it is never copied and grows in place") {
    Heap heap(gc::test::small_config());
    HandleScope scope(heap);
    const size_t cap = heap.config().large_object_bytes * 4;
    Local b(heap, Value::object(gc::new_string_buffer(heap, "start:", cap)));
    const void* before = b.as<>();
    CHECK((b.as<>()->gc & core::gc_bits::large) != 0);
    std::string expect = "start:";
    std::string chunk(1000, 'q');
    for (int round = 0; round < 3; ++round) {
        gc::string_append(b.as<core::String>(), chunk);
        expect += chunk;
        heap.collect_minor();
    }
    heap.collect_major();
    heap.verify();
    CHECK(b.as<>() == before);
    CHECK(b.as<core::String>()->view() == expect);
    CHECK(b.as<core::String>()->hash32 == core::hash_bytes(expect));
}
