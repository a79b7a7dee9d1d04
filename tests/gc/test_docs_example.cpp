// The "Using it from a frontend" example of docs/architecture.md ("Values and the GC"), compiled and checked.
#include <catch2/catch.hpp>

#include "trellis/gc/handles.hpp"
#include "trellis/gc/objects.hpp"

using namespace trellis;
using core::Value;

TEST_CASE("the architecture.md example works as written") {
    gc::Heap heap;
    core::FrameStack stack(1 << 20);
    heap.add_frame_stack(&stack);
    Value* frame = gc::push_value_frame(stack, 4);
    REQUIRE(frame);
    CHECK(frame[3].is_nil());

    frame[0] = Value::object(gc::new_map(heap));
    Value key = Value::object(heap.intern("answer"));
    gc::map_set(heap, frame[0], key, Value::small_int(42));

    gc::HandleScope scope(heap);
    gc::Local cell(heap, Value::object(gc::new_cell(heap, Value::nil())));
    Value s = Value::object(gc::new_string(heap, "hello"));
    auto* c = cell.as<core::Cell>();
    heap.store(c, c->value, s);

    static int finalized = 0;
    finalized = 0;
    Value w = Value::object(gc::new_weak_ref(heap, cell.get()));
    heap.add_root(&w);
    heap.add_finalizer(cell.as<>(), [](void*) { ++finalized; }, nullptr);

    bool oom = false;
    try {
        gc::new_array(heap, 1'000'000'000);
    } catch (const gc::OutOfMemory&) {
        oom = true;
    }
    CHECK(oom);
    heap.collect_major();
    CHECK(gc::map_get(static_cast<core::Map*>(frame[0].as_object()), Value::object(heap.intern("answer"))).as_small_int() == 42);
    CHECK(static_cast<core::String*>(cell.as<core::Cell>()->value.as_object())->view() == "hello");
    CHECK(static_cast<core::WeakRef*>(w.as_object())->target == cell.get());
    CHECK(finalized == 0);
    stack.pop_to(frame);
    heap.remove_root(&w);
}
