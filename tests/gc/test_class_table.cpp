// gc::ClassTable: class ids in object headers mapped back to class objects that stay alive and follow moves.
#include <catch2/catch.hpp>

#include <string>

#include "gc_test_util.hpp"
#include "trellis/gc/class_table.hpp"
#include "trellis/gc/handles.hpp"
#include "trellis/gc/objects.hpp"

using namespace trellis;
using core::Value;

TEST_CASE("a class table gives out ids 1, 2, ... and maps instances back to their class across moves") {
    gc::Heap heap(gc::test::small_config());
    gc::ClassTable classes(heap);
    CHECK(classes.size() == 0);
    CHECK(classes.get(0).is_nil());
    // Two classes as young heap objects (a name and a method map each), held only by the table.
    Value point_name = Value::object(gc::new_string(heap, "Point"));
    const void* before = point_name.as_object();  // young: promotion will move it
    const uint16_t point = classes.add(point_name);
    const uint16_t circle = classes.add(Value::object(gc::new_string(heap, "Circle")));
    CHECK(point == 1);
    CHECK(circle == 2);
    CHECK(classes.size() == 2);
    CHECK(classes.get(3).is_nil());
    gc::HandleScope scope(heap);
    gc::Local p(heap, Value::object(gc::new_instance(heap, point, 2)));
    gc::Local c(heap, Value::object(gc::new_instance(heap, circle, 3)));
    gc::test::churn(heap, 512 * 1024);  // scavenges: the class strings move, then are promoted
    heap.collect_major();
    CHECK(classes.get(point).as_object() != before);
    auto name = [&](Value v) { return std::string(static_cast<core::String*>(classes.class_of(v.as_object()).as_object())->view()); };
    CHECK(name(p.get()) == "Point");
    CHECK(name(c.get()) == "Circle");
    heap.verify();
}

TEST_CASE("a class table refuses a 65,536th class with an error and stays usable") {
    gc::Heap heap(gc::test::small_config());
    gc::ClassTable classes(heap);
    for (uint32_t i = 1; i <= gc::ClassTable::max_id; ++i) REQUIRE(classes.add(Value::small_int(i)) == i);
    CHECK_THROWS_AS(classes.add(Value::small_int(0)), core::Error);
    CHECK(classes.size() == gc::ClassTable::max_id);
    CHECK(classes.get(gc::ClassTable::max_id).as_small_int() == gc::ClassTable::max_id);
}

TEST_CASE("a class table entry reserved with a placeholder is replaced by set() and followed across moves") {
    gc::Heap heap(gc::test::small_config());
    gc::ClassTable classes(heap);
    const uint16_t id = classes.add(Value::nil());
    CHECK(classes.get(id).is_nil());
    // The class object carries its own id in its header (a Smalltalk metaclass instance does).
    classes.set(id, Value::object(gc::new_instance(heap, id, 1)));
    gc::test::churn(heap, 512 * 1024);
    heap.collect_major();
    REQUIRE(classes.get(id).is_object());
    CHECK(classes.get(id).as_object()->class_id == id);
    CHECK(classes.class_of(classes.get(id).as_object()).same(classes.get(id)));
    CHECK_THROWS_AS(classes.set(0, Value::nil()), core::Error);
    CHECK_THROWS_AS(classes.set(static_cast<uint16_t>(id + 1), Value::nil()), core::Error);
    heap.verify();
}
