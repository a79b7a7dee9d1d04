// Smalltalk unit tests: context objects (src/runtime/contexts.cpp) and Block>>restart. A context is made only by
// thisContext (and the primitives that answer other contexts), is the same object for the same activation, lives
// in its frame's pad word (a GC root: it survives and follows collections), reports itself dead once its frame
// returned even when a later activation reuses the frame's address, and a method that restarts keeps its context.
#include <catch2/catch.hpp>

#include <string>

#include "runtime/runtime.hpp"
#include "trellis/gc/handles.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/smalltalk/parser.hpp"

using namespace trellis;
using namespace trellis::smalltalk;

namespace {

uint16_t define(Interp& vm, const std::string& source) {
    return vm.define_class(parse_class(source, "test.som"), "test.som");
}
bool has_op(const Method& m, Op op) {
    for (size_t pc = 0; pc < m.code.size(); pc += 1 + operand_bytes[m.code[pc]])
        if (m.code[pc] == static_cast<uint8_t>(op)) return true;
    return false;
}
Method& method(Interp& vm, uint16_t cls, const char* selector) {
    Method* m = vm.lookup(cls, vm.symbol(selector));
    REQUIRE(m != nullptr);
    return *m;
}
}  // namespace

TEST_CASE("a context whose frame returned is dead, also when a later activation reuses the frame") {
    VmOptions o;
    o.report_errors = false;
    Interp vm(o);
    const uint16_t c = define(vm, R"(Probe = (
        | old new |
        first = ( | r | old := thisContext )
        second = ( | r | new := thisContext. r := Array new: 5.
                   r at: 1 put: (old instVarAt: 1) = (new instVarAt: 1).
                   r at: 2 put: old isDead. r at: 3 put: new isDead. r at: 4 put: old sender. r at: 5 put: old == new.
                   ^ r )
        run = ( self first. ^ self second )
        old = ( ^ old )
        new = ( ^ new )
    ))");
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 2)));
    REQUIRE(vm.send(obj.get(), vm.symbol("run"), {}) == RunStatus::done);
    auto* r = static_cast<core::Array*>(vm.m_result.as_object());
    CHECK(r->items[0].is_true());  // the second activation's frame lies where the first one's did
    CHECK(r->items[1].is_true());  // the first context is dead
    CHECK(r->items[2].is_false());  // the second one alive
    CHECK(r->items[3].is_nil());    // a dead context has no sender
    CHECK(r->items[4].is_false());
    // once seen dead, the context forgets its frame
    REQUIRE(vm.send(obj.get(), vm.symbol("old"), {}) == RunStatus::done);
    CHECK(static_cast<core::Instance*>(vm.m_result.as_object())->slots[context_frame].is_nil());
    // the second one is dead too now: its method returned
    REQUIRE(vm.send(obj.get(), vm.symbol("new"), {}) == RunStatus::done);
    gc::Local ctx(vm.heap, vm.m_result);
    REQUIRE(vm.send(ctx.get(), vm.symbol("isDead"), {}) == RunStatus::done);
    CHECK(vm.m_result.is_true());
}

TEST_CASE("a context is made once per activation, held by its frame, and follows collections") {
    VmOptions o;
    o.report_errors = false;
    Interp vm(o);
    const uint16_t c = define(vm, R"(Holder = (
        plain = ( ^ 1 + 2 )
        twice = ( | a | a := thisContext. system fullGC. ^ (a == thisContext) & (a instVarAt: 1) isNil not )
        grow: k = ( | s c m | s := thisContext. k > 0 ifTrue: [ ^ self grow: k - 1 ]. system fullGC.
                    c := s. m := 0. [ c notNil ] whileTrue: [ m := m + 1. c := c sender ]. ^ m )
    ))");
    CHECK_FALSE(has_op(method(vm, c, "plain"), Op::PUSH_CONTEXT));
    CHECK(has_op(method(vm, c, "twice"), Op::PUSH_CONTEXT));
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 0)));
    // nothing is allocated by a method that does not ask for its context
    REQUIRE(vm.send(obj.get(), vm.symbol("plain"), {}) == RunStatus::done);
    const uint64_t before = vm.heap.stats().bytes_allocated;
    REQUIRE(vm.send(obj.get(), vm.symbol("plain"), {}) == RunStatus::done);
    CHECK(vm.heap.stats().bytes_allocated == before);
    // the same object before and after a full collection moved it
    REQUIRE(vm.send(obj.get(), vm.symbol("twice"), {}) == RunStatus::done);
    CHECK(vm.m_result.is_true());
    // contexts of a deep chain survive collections made while they are alive
    REQUIRE(vm.send(obj.get(), vm.symbol("grow:"), {Value::small_int(30)}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 31);  // the 31 activations of grow:, each context made on the way
    CHECK(vm.stack.used() == 0);
}

TEST_CASE("Block>>restart runs the sending activation again, keeping its temporaries and its context") {
    VmOptions o;
    o.report_errors = false;
    Interp vm(o);
    const uint16_t c = define(vm, R"(Loop = (
        upTo: n = ( | i b | i isNil ifTrue: [ i := 0 ]. b := [ i ]. i := i + 1. i < n ifTrue: [ [ ] restart ]. ^ b value )
    ))");
    Method& m = method(vm, c, "upTo:");
    REQUIRE(m.owns_context);  // `i` is captured and written after the block exists
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 0)));
    auto allocated = [&](int n) {
        const uint64_t before = vm.heap.stats().bytes_allocated;
        REQUIRE(vm.send(obj.get(), vm.symbol("upTo:"), {Value::small_int(n)}) == RunStatus::done);
        CHECK(vm.m_result.as_small_int() == n);
        return vm.heap.stats().bytes_allocated - before;
    };
    allocated(1);
    const uint64_t one = allocated(1);     // one context and the closure `b`
    const uint64_t fifty = allocated(50);  // one context, and per round `b` and the receiver `[ ]` of restart
    const uint64_t closure = sizeof(core::Object) + 16 + 2 * sizeof(Value);
    CHECK(fifty - one == 49 * 2 * closure);  // MAKE_CONTEXT did not run again
}

TEST_CASE("thisContext cannot be assigned or declared, and a block using it gives its method a context") {
    Interp vm(VmOptions{});
    CHECK_THROWS_WITH(define(vm, "A = ( m = ( thisContext := 3 ) )"), Catch::Contains("cannot assign to 'thisContext'"));
    CHECK_THROWS_WITH(define(vm, "B = ( m = ( | thisContext | ^ 1 ) )"), Catch::Contains("cannot be declared"));
    const uint16_t c = define(vm, "C = ( m = ( ^ [ thisContext home ] value ) n = ( ^ [ 1 ] value ) )");
    CHECK(method(vm, c, "m").owns_context);
    CHECK_FALSE(method(vm, c, "n").owns_context);
}

TEST_CASE("a return out of an ensure: block run while unwinding goes where Squeak's does and leaves no state behind") {
    VmOptions o;
    o.report_errors = false;
    Interp vm(o);
    const uint16_t c = define(vm, R"(Unw = (
        nlr = ( [ ^ 1 ] ensure: [ ^ 2 ] )
        handled = ( ^ [ [ [ 1 / 0 ] ensure: [ Error signal: 'e' ] ] on: ZeroDivide do: [ :x | x return: 1 ] ]
                      on: Error do: [ :x | x return: 3 ] )
        failing = ( [ nil bar ] ensure: [ ^ 4 ] )
    ))");
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 0)));
    auto clean = [&] {
        CHECK(vm.stack.used() == 0);
        CHECK(vm.m_unwind_values.empty());
        CHECK(vm.m_suspended.empty());
        CHECK(vm.m_redirect.target == nullptr);
    };
    REQUIRE(vm.send(obj.get(), vm.symbol("nlr"), {}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 2);
    clean();
    REQUIRE(vm.send(obj.get(), vm.symbol("handled"), {}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 3);
    clean();
    // an error ended the run: the ensure: block's return is dropped, the run stays an error
    CHECK(vm.send(obj.get(), vm.symbol("failing"), {}) == RunStatus::error);
    CHECK(vm.m_last_error.message.find("does not understand") != std::string::npos);
    clean();
}
