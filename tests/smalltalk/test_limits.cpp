// Smalltalk unit tests: the VM's limits as Smalltalk exceptions. Recursion deeper than the frame stack signals
// StackOverflow, and the heap limit hit by an allocation the interpreter makes itself (a block closure, a context,
// the argument Array of doesNotUnderstand:) signals OutOfMemory: both Errors, caught by on:do:, after which the
// program goes on; uncaught they end the run with a clean error and leave the VM usable. Small frame stacks and
// heaps keep these fast (also under ASan).
#include <catch2/catch.hpp>

#include <string>

#include "runtime/runtime.hpp"
#include "trellis/smalltalk/parser.hpp"

using namespace trellis;
using namespace trellis::smalltalk;

namespace {

std::string text_of(Value v) {
    REQUIRE(core::is_kind(v, core::Kind::string));
    return std::string(static_cast<core::String*>(v.as_object())->view());
}
Value global(Interp& vm, const char* name) { return vm.global(vm.symbol(name)); }
void define(Interp& vm, const std::string& source) { vm.define_class(parse_class(source, "test.som"), "test.som"); }

}  // namespace

TEST_CASE("recursion deeper than the frame stack signals a catchable StackOverflow, again and again") {
    VmOptions o;
    o.stack_bytes = size_t(128) << 10;
    o.report_errors = false;
    Interp vm(o);
    REQUIRE(vm.stack.reserve() > 0);
    define(vm, "Deep = ( | n | down: k = ( n := k. ^ (self down: k + 1) + 1 ) n = ( ^ n ) "
               "blocks: k = ( ^ [ :j | (self blocks: j + 1) + 1 ] value: k ) )");
    for (int round = 0; round < 3; ++round) {
        INFO("round " << round);
        REQUIRE(vm.evaluate("D := Deep new. Caught := [ D down: 0 ] on: Error do: [ :e | e class name asString ]",
                            false) == 0);
        CHECK(text_of(global(vm, "Caught")) == "StackOverflow");
        CHECK(global(vm, "D").is_object());
        REQUIRE(vm.evaluate("Depth := D n", false) == 0);
        CHECK(global(vm, "Depth").as_small_int() > 100);
        CHECK(vm.stack.used() == 0);
        CHECK_FALSE(vm.stack.reserve_released());  // held back again for the next overflow
    }
    // through block activations (Block>>value:), with the message text of the error
    REQUIRE(vm.evaluate("Caught := [ Deep new blocks: 0 ] on: StackOverflow do: [ :e | e messageText ]", false) == 0);
    CHECK(text_of(global(vm, "Caught")).find("stack overflow: recursion deeper than the frame stack (128 KiB)") == 0);
    // a handler that recurses without end overflows the reserve too: a clean error, the VM still usable
    CHECK(vm.evaluate("[ Deep new down: 0 ] on: StackOverflow do: [ :e | Deep new down: 0 ]", false) == 1);
    CHECK(vm.m_last_error.cause == ErrorCause::stack_limit);
    CHECK(vm.m_last_error.message.find("stack overflow") == 0);
    CHECK(vm.stack.used() == 0);
    CHECK_FALSE(vm.stack.reserve_released());
    // uncaught: an error with the stack_limit cause (what an embedder sees), and the VM goes on
    vm.clear_error();
    CHECK(vm.evaluate("Deep new down: 0", false) == 1);
    CHECK(vm.m_last_error.cause == ErrorCause::stack_limit);
    CHECK(vm.m_last_error.message.find("stack overflow") == 0);
    CHECK_FALSE(vm.stack.reserve_released());
    REQUIRE(vm.evaluate("Small := 6 * 7", false) == 0);
    CHECK(global(vm, "Small").as_small_int() == 42);
}

TEST_CASE("the heap limit hit by the interpreter's own allocations is a catchable OutOfMemory") {
    VmOptions o;
    o.max_heap_bytes = size_t(8) << 20;
    o.stack_bytes = size_t(1) << 20;
    o.report_errors = false;
    Interp vm(o);
    // Every allocation of these loops is the interpreter's: `wrap:` makes a context (its argument is captured) and
    // a closure; `zork:` is not understood, so the interpreter makes the argument Array of doesNotUnderstand:.
    define(vm, "Grow = ( wrap: x = ( ^ [ x ] ) "
               "doesNotUnderstand: selector arguments: args = ( ^ args ) "
               "closures = ( | b | b := nil. [ true ] whileTrue: [ b := self wrap: b ] ) "
               "arrays = ( | a | a := nil. [ true ] whileTrue: [ a := self zork: a ] ) )");
    for (const char* loop : {"closures", "arrays"}) {
        INFO(loop);
        const std::string caught = std::string("Caught := [ Grow new ") + loop +
                                   " ] on: Error do: [ :e | e class name asString , ': ' , e messageText ]";
        REQUIRE(vm.evaluate(caught, false) == 0);
        CHECK(text_of(global(vm, "Caught")).find("OutOfMemory: out of memory: heap limit") == 0);
        CHECK(vm.stack.used() == 0);
        // the memory held by the unwound frames is free again: the program goes on allocating
        REQUIRE(vm.evaluate("Small := (Array new: 1000) length + ([ :k | k ] value: 1)", false) == 0);
        CHECK(global(vm, "Small").as_small_int() == 1001);
        // uncaught: a clean error with the heap_limit cause
        vm.clear_error();
        CHECK(vm.evaluate(std::string("Grow new ") + loop, false) == 1);
        CHECK(vm.m_last_error.cause == ErrorCause::heap_limit);
        CHECK(vm.m_last_error.message.find("out of memory") == 0);
        CHECK(vm.stack.used() == 0);
    }
}

TEST_CASE("the step budget counts activations and backward jumps, not sends answered without a frame") {
    VmOptions o;
    o.report_errors = false;
    Interp vm(o);
    define(vm, "Steps = ( | f | f = ( ^ f ) f: x = ( f := x ) yes = ( ^ true ) "
               "none = ( ^ 0 ) "
               "trivial = ( self f: 1. ^ self f + self f + self f + (self yes ifTrue: [ 1 ] ifFalse: [ 2 ]) + (3 max: 4) ) "
               "rec: k = ( ^ k = 0 ifTrue: [ 0 ] ifFalse: [ (self rec: k - 1) + 1 ] ) "
               "loop: n = ( | i | i := 0. [ i < n ] whileTrue: [ i := i + 1 ]. ^ i ) )");
    REQUIRE(vm.evaluate("S := Steps new", false) == 0);
    auto used = [&](const char* code) {
        vm.m_steps_left = 1000000;
        REQUIRE(vm.evaluate(code, false) == 0);
        return 1000000 - vm.m_steps_left;
    };
    CHECK(used("S none") == 0);         // a trivial method: answered at the send site (the doit's frame is no step)
    CHECK(used("S trivial") == 2);      // trivial itself and max:; its getters, setter and constant take none
    CHECK(used("S rec: 10") == 11);     // eleven activations
    CHECK(used("S loop: 10") >= 11);    // one activation and a backward jump per iteration
    // a recursion of activations runs out of steps and stops, as a loop does
    vm.m_on_steps_exhausted = [] { return uint64_t{0}; };
    vm.m_steps_left = 50;
    CHECK(vm.evaluate("S rec: 1000", false) == 1);
    CHECK(vm.m_last_error.cause == ErrorCause::step_limit);
}
