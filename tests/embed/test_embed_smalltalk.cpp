// Values and calls across the boundary of the Smalltalk adapter (frontends/smalltalk/src/embed/embed_smalltalk.cpp):
// copies of every data type both ways (Array as list, Dictionary as map, big Integers), class definitions and
// "Receiver selector" calls, Blocks as handles rooted across collections, host objects finalized once, the Host
// global (errors caught by on:do:, callbacks into the instance), output through the host's function, errors with
// their Smalltalk trace.
#include <catch2/catch.hpp>

#include <algorithm>

#include "trellis/embed.hpp"

using namespace trellis::embed;

namespace {

bool have_smalltalk() {
    const auto names = Instance::languages();
    return std::find(names.begin(), names.end(), "smalltalk") != names.end();
}

std::unique_ptr<Instance> smalltalk(std::string* out = nullptr) {
    Config config;
    config.output = [out](std::string_view text, bool) {
        if (out) *out += text;
    };
    auto inst = Instance::create("smalltalk", std::move(config));
    REQUIRE(inst);
    return inst;
}

Result ok(Result r) {
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return r;
}

}  // namespace

TEST_CASE("data values round-trip through Smalltalk", "[embed][values][smalltalk]") {
    if (!have_smalltalk()) return;
    auto inst = smalltalk();
    ok(inst->eval("id := [ :x | x ]"));
    const Value samples[] = {
        Value(),
        Value::boolean(true),
        Value::boolean(false),
        Value::integer(-7),
        Value::integer(int64_t(1) << 50),  // beyond the 48-bit SmallIntegers: a big Integer inside
        Value::big("123456789012345678901234567890"),
        Value::big("-98765432109876543210"),
        Value::real(2.5),
        Value::string("h\xC3\xA9llo"),
        Value::list({Value::integer(1), Value::string("two"), Value::list({Value::real(3.0)})}),
        Value::map({{Value::string("a"), Value::integer(1)}, {Value::string("b"), Value::list({})}}),
    };
    for (const Value& v : samples) {
        INFO(v.repr());
        Result r = ok(call(*inst, "id", {v}));
        CHECK(r.value() == v);
    }
    CHECK(ok(inst->eval("2 raisedTo: 100")).value() == Value::big("1267650600228229401496703205376"));
    CHECK(ok(inst->eval("Array with: 1 with: 2.5 with: #sym")).value().repr() == "[1, 2.5, \"sym\"]");
    Value d = ok(inst->eval("| d | d := Dictionary new. d at: #k put: (Array with: 1). d")).value();
    REQUIRE(d.type() == Type::map);
    CHECK(d.get(Value::string("k")) == Value::list({Value::integer(1)}));
    // a map arrives as a Dictionary, a list as an Array
    ok(inst->set_global("m", Value::map({{Value::string("a"), Value::integer(7)}})));
    CHECK(ok(inst->eval("(m at: 'a') + m size")).value() == Value::integer(8));
    ok(inst->set_global("l", Value::list({Value::integer(3), Value::integer(4)})));
    CHECK(ok(inst->eval("l class name asString , (l at: 2) printString")).value() == Value::string("Array4"));
}

TEST_CASE("classes defined by eval, messages sent by call", "[embed][smalltalk]") {
    if (!have_smalltalk()) return;
    auto inst = smalltalk();
    Value cls = ok(inst->eval("Calc = (\n  | total |\n  add: n = ( total := (total ifNil: [ 0 ]) + n. ^ total )\n  ----\n"
                              "  sum: a with: b = ( ^ a + b )\n)",
                              "Calc.som"))
                    .value();
    CHECK(cls.type() == Type::handle);
    CHECK(cls.as_handle().type_name() == "Calc class");
    CHECK(ok(call(*inst, "Calc sum:with:", {Value::integer(2), Value::integer(40)})).value() == Value::integer(42));
    Value calc = ok(inst->eval("Calc new")).value();
    REQUIRE(calc.type() == Type::handle);
    ok(inst->set_global("c", calc));
    ok(call(*inst, "c add:", {Value::integer(5)}));
    CHECK(ok(call(*inst, "c add:", {Value::integer(6)})).value() == Value::integer(11));
    // wrong arity, no such global, not a Block: usage errors; a message not understood: a runtime error
    Result r = call(*inst, "Calc sum:with:", {Value::integer(1)});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::usage);
    r = call(*inst, "Nope foo", {});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::usage);
    r = call(*inst, "Calc", {});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::usage);
    r = call(*inst, "Calc frobnicate", {});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::runtime);
    CHECK(r.error().message.find("frobnicate") != std::string::npos);
}

TEST_CASE("Blocks come back as handles that stay rooted", "[embed][values][smalltalk]") {
    if (!have_smalltalk()) return;
    auto inst = smalltalk();
    Value adder = ok(inst->eval("| base | base := 100. [ :x | x + base ]")).value();
    REQUIRE(adder.type() == Type::handle);
    CHECK(adder.as_handle().owner() == inst->id());
    // allocate, then a full (moving) collection: the Block must survive through its handle
    ok(inst->eval("| junk | 1 to: 20000 do: [ :i | junk := Array with: i with: junk ]. junk := nil. system fullGC"));
    CHECK(ok(inst->call_value(adder, std::vector<Value>{Value::integer(5)})).value() == Value::integer(105));
    Result r = inst->call_value(adder, {});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::usage);  // arity
    auto other = smalltalk();
    r = other->call_value(adder, std::vector<Value>{Value::integer(1)});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::usage);
    inst.reset();
    CHECK(adder.type() == Type::handle);  // safe to keep and destroy after its instance
}

TEST_CASE("host objects pass through Smalltalk and are finalized once", "[embed][values][smalltalk]") {
    if (!have_smalltalk()) return;
    static int finalized = 0;
    finalized = 0;
    int payload = 42;
    {
        auto inst = smalltalk();
        Value obj = Value::host(&payload, [](void* p) {
            CHECK(*static_cast<int*>(p) == 42);
            ++finalized;
        });
        ok(inst->set_global("thing", obj));
        Result r = ok(inst->eval("| keep | keep := Array with: thing. keep at: 1"));
        REQUIRE(r.value().type() == Type::host_object);
        CHECK(r.value().host_pointer() == &payload);
        CHECK(ok(inst->eval("thing class name")).value() == Value::string("HostObject"));
        obj = Value();
        r = Result();
        CHECK(finalized == 0);  // the instance still holds it
    }
    CHECK(finalized == 1);
}

TEST_CASE("the Host global, host errors, callbacks, output and traces", "[embed][smalltalk]") {
    if (!have_smalltalk()) return;
    std::string out;
    auto inst = smalltalk(&out);
    ok(inst->define("check", [](Instance&, std::span<const Value> args) -> Result {
        if (args.size() != 2) return Result::failure(ErrorKind::host, "two arguments");
        if (args[0].as_int() > 10) return Result::failure(ErrorKind::host, "too big: " + args[0].repr());
        return Value::list({args[0], args[1]});
    }));
    CHECK(ok(inst->eval("Host check: 4 with: 'x'")).value() == Value::list({Value::integer(4), Value::string("x")}));
    CHECK(ok(inst->eval("[ Host check: 11 with: nil ] on: Error do: [ :e | e messageText ]")).value() ==
          Value::string("too big: 11"));
    Result r = inst->eval("Host check: 12 with: nil");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::host);
    CHECK(r.error().message == "too big: 12");
    r = inst->eval("Host nothingHere");
    REQUIRE(!r.ok());
    CHECK(r.error().message.find("no host function 'nothingHere'") != std::string::npos);

    // a host function calling back into the instance (nested entry)
    ok(inst->eval("square := [ :x | x * x ]"));
    ok(inst->define("viaHost", [](Instance& self, std::span<const Value> args) -> Result {
        return call(self, "square", {args[0]});
    }));
    CHECK(ok(inst->eval("(Host viaHost: 9) + 1")).value() == Value::integer(82));

    // output goes to the host's function; errors are values, not output
    out.clear();
    ok(inst->eval("'hello' println. 42 printNl"));
    CHECK(out == "hello\n42\n");
    r = inst->eval("Object new foo: 1", "bad.st");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::runtime);
    CHECK(r.error().message.find("foo:") != std::string::npos);
    CHECK(r.error().trace.find("bad.st:1") != std::string::npos);
    CHECK(out == "hello\n42\n");
    r = inst->eval("x := := 1", "syn.st");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::syntax);
    CHECK(r.error().trace.find("syn.st:1:") != std::string::npos);
    CHECK(ok(inst->get_global("square")).value().type() == Type::handle);
    Result missing = inst->get_global("nope");
    REQUIRE(!missing.ok());
    CHECK(missing.error().kind == ErrorKind::usage);
}
