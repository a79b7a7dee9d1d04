// Smalltalk unit tests: syntax errors with positions, the compiler's inlining of control structures, inline
// caches (monomorphic -> polymorphic -> megamorphic) and their invalidation when a class is redefined.
#include <catch2/catch.hpp>

#include <string>

#include "runtime/runtime.hpp"
#include "trellis/gc/handles.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/smalltalk/parser.hpp"

using namespace trellis;
using namespace trellis::smalltalk;

namespace {

std::vector<Op> opcodes(const Method& m) {
    std::vector<Op> out;
    for (size_t pc = 0; pc < m.code.size(); pc += 1 + operand_bytes[m.code[pc]]) out.push_back(static_cast<Op>(m.code[pc]));
    return out;
}
bool has_op(const Method& m, Op op) {
    for (Op o : opcodes(m))
        if (o == op) return true;
    return false;
}
bool sends(const Method& m, std::string_view selector) {
    for (auto& s : m.sends)
        if (s.selector->view() == selector) return true;
    return false;
}
Method& method(Interp& vm, uint16_t cls, const char* selector) {
    Method* m = vm.lookup(cls, vm.symbol(selector));
    REQUIRE(m != nullptr);
    return *m;
}
uint16_t define(Interp& vm, const std::string& source) {
    return vm.define_class(parse_class(source, "test.som"), "test.som");
}

}  // namespace

TEST_CASE("syntax errors carry the line and column") {
    try {
        parse_class("Foo = (\n  bar = ( ^ 1 + )\n)", "foo.som");
        FAIL("no error");
    } catch (const core::Error& e) {
        CHECK(e.pos().line == 2);
        CHECK(e.pos().column == 17);
        CHECK(std::string(e.what()).find("foo.som:2:17:") == 0);
    }
    CHECK_THROWS_WITH(parse_class("Foo = ( bar = ( 'abc )", "x.som"), Catch::Contains("x.som:1:17: unterminated string"));
    CHECK_THROWS_WITH(parse_class("Foo = ( bar = ( ^ 1 ) ", "x.som"), Catch::Contains("expected a method pattern"));
    CHECK_THROWS_WITH(parse_class("Foo ( )", "x.som"), Catch::Contains("x.som:1:5: expected '='"));
    CHECK_THROWS_WITH(parse_class("Foo = ( m = ( a := b ; yourself ) )", "x.som"), Catch::Contains("x.som:1:22: a cascade needs a message"));
    CHECK_NOTHROW(parse_class("Foo = Bar ( | a b | m = ( a := b foo; yourself ) ---- | c | n = ( ^ c ) )", "x.som"));
}

TEST_CASE("input nested deeper than max_ast_height is a syntax error, not a native stack overflow") {
    const size_t n = 100000;  // far beyond the limit: without it the recursive parser and compiler overflow
    auto nested = [&](const std::string& open, const std::string& inner, const std::string& close) {
        std::string s;
        for (size_t i = 0; i < n; ++i) s += open;
        s += inner;
        for (size_t i = 0; i < n; ++i) s += close;
        return s;
    };
    std::string chain = "1";
    for (size_t i = 0; i < n; ++i) chain += " + 1";
    std::string assigns;
    for (size_t i = 0; i < n; ++i) assigns += "x := ";
    for (const std::string& doit : {nested("(", "1", ")"), nested("[", "1", "]"), nested("#(", "1", ")"), chain,
                                    "| x | " + assigns + "1"})
        CHECK_THROWS_WITH(parse_doit(doit, "d"), Catch::Contains("nested too deeply"));
    // just inside the limit: parses
    std::string ok_chain = "1";
    for (size_t i = 0; i < 500; ++i) ok_chain += " + 1";
    CHECK_NOTHROW(parse_doit(ok_chain, "d"));
    CHECK_NOTHROW(parse_doit(nested("(", "1", ")").substr(n - 300, 301 + 300), "d"));
}

TEST_CASE("literal-block control structures compile to jumps; others stay sends") {
    Interp vm(VmOptions{});
    const uint16_t c = define(vm, R"(Inl = (
        | f |
        branch: x = ( ^ x > 0 ifTrue: [ 1 ] ifFalse: [ 2 ] )
        loop = ( | i | i := 0. [ i < 10 ] whileTrue: [ i := i + 1 ]. ^ i )
        count = ( | s | s := 0. 1 to: 10 do: [ :k | s := s + k ]. ^ s )
        logic: a = ( ^ (a and: [ a > 1 ]) or: [ a isNil ] )
        nilcheck: a = ( ^ a ifNil: [ 0 ] ifNotNil: [ :v | v + 1 ] )
        variable: b = ( ^ true ifTrue: b )
        capture = ( | n | n := 1. ^ [ n := n + 1 ] )
        escape = ( #(1 2) do: [ :e | ^ e ]. ^ 0 )
    ))");
    Method& branch = method(vm, c, "branch:");
    CHECK(has_op(branch, Op::JUMP_IF_FALSE));
    CHECK(has_op(branch, Op::GT));
    CHECK_FALSE(sends(branch, "ifTrue:ifFalse:"));
    CHECK(branch.blocks.empty());
    Method& loop = method(vm, c, "loop");
    CHECK(has_op(loop, Op::JUMP_BACK));  // the loop's back edge has its own opcode
    CHECK_FALSE(has_op(loop, Op::JUMP));
    CHECK_FALSE(sends(loop, "whileTrue:"));
    CHECK(loop.blocks.empty());
    Method& count = method(vm, c, "count");
    CHECK_FALSE(sends(count, "to:do:"));
    CHECK(has_op(count, Op::LE));
    CHECK(count.blocks.empty());
    Method& logic = method(vm, c, "logic:");
    CHECK_FALSE(sends(logic, "and:"));
    CHECK_FALSE(sends(logic, "or:"));
    Method& nilcheck = method(vm, c, "nilcheck:");
    CHECK(has_op(nilcheck, Op::JUMP_IF_NIL));
    CHECK(nilcheck.blocks.empty());
    Method& variable = method(vm, c, "variable:");
    CHECK(sends(variable, "ifTrue:"));  // not a literal block: a real send
    // A captured temporary lives in the method's context; the block reaches it through PUSH_OUTER.
    Method& capture = method(vm, c, "capture");
    CHECK(capture.owns_context);
    REQUIRE(capture.blocks.size() == 1);
    CHECK(has_op(*capture.blocks[0], Op::PUSH_OUTER));
    // A non-local return makes the home method own a context the block returns through.
    Method& escape = method(vm, c, "escape");
    CHECK(escape.owns_context);
    REQUIRE(escape.blocks.size() == 1);
    CHECK(has_op(*escape.blocks[0], Op::RETURN_NONLOCAL));
    // ... and they run
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 1)));
    REQUIRE(vm.send(obj.get(), vm.symbol("count"), {}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 55);
    REQUIRE(vm.send(obj.get(), vm.symbol("escape"), {}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 1);
    REQUIRE(vm.send(obj.get(), vm.symbol("nilcheck:"), {Value::small_int(4)}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 5);
}

TEST_CASE("a block over variables no write can change after its creation copies them and allocates only itself") {
    Interp vm(VmOptions{});
    const uint16_t c = define(vm, R"(Cap = (
        apply: b = ( ^ b value: 3 )
        scale: n = ( | f | f := n * 2. ^ self apply: [ :x | x * f + n ] )
        nested: n = ( ^ self apply: [ :x | self apply: [ :y | x + y + n ] ] )
        written: n = ( | s | s := 0. self apply: [ :x | s := s + x + n ]. ^ s )
        later = ( | t b | b := [ t ]. t := 5. ^ b value )
        looped = ( | t b | 1 to: 2 do: [ :i | t := i. b := [ t ] ]. ^ b value )
    ))");
    // copied: no context, the block reads its closure's copies
    Method& scale = method(vm, c, "scale:");
    CHECK_FALSE(scale.owns_context);
    CHECK_FALSE(has_op(scale, Op::MAKE_CONTEXT));
    REQUIRE(scale.blocks.size() == 1);
    CHECK(has_op(*scale.blocks[0], Op::PUSH_COPIED));
    CHECK_FALSE(has_op(*scale.blocks[0], Op::PUSH_OUTER));
    // an outer block holds the copy an inner block copies from
    Method& nested = method(vm, c, "nested:");
    CHECK_FALSE(nested.owns_context);
    REQUIRE(nested.blocks.size() == 1);
    REQUIRE(nested.blocks[0]->blocks.size() == 1);
    CHECK(has_op(*nested.blocks[0], Op::PUSH_COPIED));
    // written by the block, after the block exists, or again in a loop: the method's context, as before
    for (const char* sel : {"written:", "later", "looped"}) {
        INFO(sel);
        Method& m = method(vm, c, sel);
        CHECK(m.owns_context);
        REQUIRE(m.blocks.size() == 1);
        CHECK(has_op(*m.blocks[0], Op::PUSH_OUTER));
    }
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 0)));
    // Heap bytes one send allocates (the second of two sends: caches are filled by the first).
    auto allocated = [&](const char* sel, std::vector<Value> args) {
        REQUIRE(vm.send(obj.get(), vm.symbol(sel), args) == RunStatus::done);
        const uint64_t before = vm.heap.stats().bytes_allocated;
        REQUIRE(vm.send(obj.get(), vm.symbol(sel), args) == RunStatus::done);
        return vm.heap.stats().bytes_allocated - before;
    };
    // a closure: header, function, upvalue count, self, outer context, then its copies
    auto closure_bytes = [](size_t copies) { return sizeof(core::Object) + 16 + (2 + copies) * sizeof(Value); };
    CHECK(allocated("scale:", {Value::small_int(5)}) == closure_bytes(2));
    CHECK(vm.m_result.as_small_int() == 3 * 10 + 5);
    CHECK(allocated("nested:", {Value::small_int(100)}) == closure_bytes(1) + closure_bytes(2));
    CHECK(vm.m_result.as_small_int() == 3 + 3 + 100);
    // the method whose block writes a captured variable still allocates its context besides the closure
    CHECK(allocated("written:", {Value::small_int(1)}) > closure_bytes(0));
    CHECK(vm.m_result.as_small_int() == 4);
    REQUIRE(vm.send(obj.get(), vm.symbol("later"), {}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 5);
    REQUIRE(vm.send(obj.get(), vm.symbol("looped"), {}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 2);
}

TEST_CASE("== is answered at the send site by identity until a class other than Object and Integer defines it") {
    Interp vm(VmOptions{});
    auto answer = [&](const std::string& expr) {
        REQUIRE(vm.evaluate("Answer := " + expr, false) == 0);
        return vm.global(vm.symbol("Answer"));
    };
    CHECK(answer("Object new == Object new").is_false());
    CHECK(answer("[ :o | o == o ] value: Object new").is_true());
    CHECK(answer("'abc' copy == 'abc' copy").is_false());
    CHECK(answer("nil == Object new").is_false());
    CHECK(answer("#abc == #abc").is_true());
    // Integer>>== is =: big Integers of the same value are ==, a SmallInteger is not a big one
    CHECK(answer("(2 raisedTo: 100) == (2 raisedTo: 100)").is_true());
    CHECK(answer("3 == (2 raisedTo: 100)").is_false());
    CHECK_FALSE(vm.m_identity_overridden);
    // a class that redefines == is sent == from then on
    define(vm, "Always = ( == other = ( ^ true ) )");
    CHECK(vm.m_identity_overridden);
    CHECK(answer("Always new == Object new").is_true());
    CHECK(answer("Object new == Always new").is_false());
    CHECK(answer("(2 raisedTo: 100) == (2 raisedTo: 100)").is_true());
}

TEST_CASE("statements whose value is dropped compile for effect: no push-then-pop") {
    Interp vm(VmOptions{});
    const uint16_t c = define(vm, R"(Eff = (
        | f |
        stmts: a = ( | t | t := a. f := t. a > 0 ifTrue: [ t := 1 ]. a > 1 ifTrue: [ t := 2 ] ifFalse: [ f := 3 ]. ^ t )
        loops: n = ( | s i | s := 0. 1 to: n do: [ :k | s := s + k ]. i := 0. [ i < n ] whileTrue: [ i := i + 1 ]. n timesRepeat: [ s := s + 1 ]. ^ s + i )
        values: a = ( ^ (a > 0 ifTrue: [ 7 ]) -> (1 to: a do: [ :k | k ]) )
    ))");
    Method& stmts = method(vm, c, "stmts:");
    CHECK_FALSE(has_op(stmts, Op::POP));
    CHECK_FALSE(has_op(stmts, Op::PUSH_NIL));
    CHECK_FALSE(has_op(stmts, Op::STORE_LOCAL));
    Method& loops = method(vm, c, "loops:");
    CHECK_FALSE(has_op(loops, Op::POP));
    CHECK_FALSE(has_op(loops, Op::PUSH_NIL));
    // the answers are still those of the sends (nil from ifTrue: on false, the receiver from to:do:)
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 1)));
    REQUIRE(vm.send(obj.get(), vm.symbol("stmts:"), {Value::small_int(1)}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 1);
    REQUIRE(vm.send(obj.get(), vm.symbol("stmts:"), {Value::small_int(2)}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 2);
    REQUIRE(vm.send(obj.get(), vm.symbol("stmts:"), {Value::small_int(0)}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 0);
    REQUIRE(vm.send(obj.get(), vm.symbol("loops:"), {Value::small_int(10)}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 55 + 10 + 10);
    Method& values = method(vm, c, "values:");
    CHECK(has_op(values, Op::PUSH_NIL));  // ifTrue: used as a value still answers nil on false
}

TEST_CASE("a send site's cache grows from monomorphic to a PIC to megamorphic, and is invalidated by redefinition") {
    Interp vm(VmOptions{});
    const uint16_t user = define(vm, "User = ( poke: x = ( ^ x tag ) )");
    std::vector<uint16_t> ids;
    for (int i = 1; i <= 10; ++i)
        ids.push_back(define(vm, "T" + std::to_string(i) + " = ( tag = ( ^ " + std::to_string(i) + " ) )"));
    Method& poke = method(vm, user, "poke:");
    REQUIRE(poke.sends.size() == 1);
    SendSite& site = poke.sends[0];
    gc::HandleScope hs(vm.heap);
    gc::Local u(vm.heap, Value::object(gc::new_instance(vm.heap, user, 0)));
    auto call = [&](uint16_t cls) {
        gc::Local t(vm.heap, Value::object(gc::new_instance(vm.heap, cls, 0)));
        REQUIRE(vm.send(u.get(), vm.symbol("poke:"), {t.get()}) == RunStatus::done);
        return vm.m_result.as_small_int();
    };
    CHECK(site.count == 0);
    CHECK(call(ids[0]) == 1);
    CHECK(site.count == 1);  // monomorphic
    CHECK(site.ids[0] == ids[0]);
    CHECK(call(ids[0]) == 1);
    CHECK(site.count == 1);
    for (size_t i = 1; i < pic_size; ++i) CHECK(call(ids[i]) == static_cast<int64_t>(i + 1));
    CHECK(site.count == pic_size);  // a full PIC
    CHECK_FALSE(site.megamorphic);
    CHECK(call(ids[pic_size]) == static_cast<int64_t>(pic_size + 1));
    CHECK(site.megamorphic);  // the ninth class: megamorphic, served by the global lookup cache
    CHECK(call(ids[0]) == 1);
    // Redefining T1's method empties every cache; the next call sees the new method.
    define(vm, "T1 = ( tag = ( ^ 100 ) )");
    CHECK(site.count == 0);
    CHECK_FALSE(site.megamorphic);
    CHECK(call(ids[0]) == 100);
    CHECK(site.count == 1);
}

TEST_CASE("errors stop the run cleanly and the VM stays usable") {
    Interp vm(VmOptions{});
    const uint16_t c = define(vm, "Bad = ( boom = ( ^ 1 / 0 ) fine = ( ^ 7 ) deep: n = ( ^ (self deep: n + 1) + 1 ) )");
    gc::HandleScope hs(vm.heap);
    gc::Local obj(vm.heap, Value::object(gc::new_instance(vm.heap, c, 0)));
    CHECK(vm.send(obj.get(), vm.symbol("boom"), {}) == RunStatus::error);
    CHECK(vm.stack.used() == 0);
    CHECK(vm.send(obj.get(), vm.symbol("deep:"), {Value::small_int(0)}) == RunStatus::error);
    CHECK(vm.stack.used() == 0);
    REQUIRE(vm.send(obj.get(), vm.symbol("fine"), {}) == RunStatus::done);
    CHECK(vm.m_result.as_small_int() == 7);
}

TEST_CASE("running out of the heap limit is a catchable OutOfMemory; uncaught it is a clean error") {
    VmOptions o;
    o.max_heap_bytes = size_t(8) << 20;
    o.stack_bytes = size_t(1) << 20;
    Interp vm(o);
    // Every allocation of the loop is a primitive's (Array new:, Array with:with:): the limit is hit inside one.
    const char* grow = "| a | a := Array new: 1. [ true ] whileTrue: [ a := Array with: a with: (Array new: 200) ]";
    const std::string caught = std::string("Caught := [ ") + grow + " ] on: OutOfMemory do: [ :e | e messageText ]";
    REQUIRE(vm.evaluate(caught, false) == 0);
    Value text = vm.global(vm.symbol("Caught"));
    REQUIRE(core::is_kind(text, core::Kind::string));
    CHECK(static_cast<core::String*>(text.as_object())->view().find("out of memory: heap limit") == 0);
    CHECK(vm.stack.used() == 0);
    // An Error handler catches it too (OutOfMemory is an Error), and the heap is usable after the unwinding.
    REQUIRE(vm.evaluate(std::string("Kind := [ ") + grow + " ] on: Error do: [ :e | e class name ]", false) == 0);
    CHECK(static_cast<core::String*>(vm.global(vm.symbol("Kind")).as_object())->view() == "OutOfMemory");
    REQUIRE(vm.evaluate("Small := (Array new: 1000) length", false) == 0);
    CHECK(vm.global(vm.symbol("Small")).as_small_int() == 1000);
    // Uncaught: an error (status 1), not an abort, and the VM goes on.
    CHECK(vm.evaluate(grow, false) == 1);
    CHECK(vm.stack.used() == 0);
    REQUIRE(vm.evaluate("Small := 6 * 7", false) == 0);
    CHECK(vm.global(vm.symbol("Small")).as_small_int() == 42);
}
