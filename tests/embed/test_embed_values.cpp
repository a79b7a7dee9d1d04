// Values across the boundary of the dynamic languages (Zexus today; the rows of languages with lists, maps and
// functions join here): copies of every data type both ways, big integers, handles rooted across collections,
// host objects and their finalizers, globals, host errors caught by scripts, callbacks into the instance.
#include <catch2/catch.hpp>

#include "trellis/embed.hpp"

using namespace trellis::embed;

namespace {

std::unique_ptr<Instance> zexus() {
    Config config;
    config.output = [](std::string_view, bool) {};
    auto inst = Instance::create("zexus", std::move(config));
    REQUIRE(inst);
    return inst;
}

Result ok(Result r) {
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return r;
}

}  // namespace

TEST_CASE("data values round-trip through Zexus", "[embed][values]") {
    auto inst = zexus();
    ok(inst->eval("action id(x) { return x }"));
    const Value samples[] = {
        Value(),
        Value::boolean(true),
        Value::integer(-7),
        Value::integer(int64_t(1) << 50),  // beyond the 48-bit small integers: a BigInt inside
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
    CHECK(Value::big("12") == Value::integer(12));
    CHECK_THROWS_AS(Value::big("12a"), std::invalid_argument);
    CHECK(ok(inst->eval("2 ** 100")).value() == Value::big("1267650600228229401496703205376"));
    CHECK(ok(inst->eval("[1, 2.5, \"x\", null, true]")).value().repr() == "[1, 2.5, \"x\", nil, true]");
    CHECK(ok(inst->eval("let m = {\"k\": [1]}\nm")).value().get(Value::string("k")) == Value::list({Value::integer(1)}));
}

TEST_CASE("functions come back as handles that stay rooted", "[embed][values]") {
    auto inst = zexus();
    Value adder = ok(inst->eval("let base = 100\nlet f = action(x) { return x + base }\nf")).value();
    REQUIRE(adder.type() == Type::handle);
    CHECK(adder.as_handle().owner() == inst->id());
    // Allocate enough to run several collections: the closure must survive through its handle.
    ok(inst->eval("let junk = []\nfor each i in range(0, 200000) { junk = [i, junk] }\njunk = null"));
    Result r = ok(inst->call_value(adder, std::vector<Value>{Value::integer(5)}));
    CHECK(r.value() == Value::integer(105));
    // A handle from another instance is refused, not misused.
    auto other = zexus();
    r = other->call_value(adder, {});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::usage);
    // Handles die with their instance; the Value stays safe to destroy.
    inst.reset();
    CHECK(adder.type() == Type::handle);
}

TEST_CASE("host objects pass through scripts and are finalized once", "[embed][values]") {
    static int finalized = 0;
    finalized = 0;
    int payload = 42;
    {
        auto inst = zexus();
        Value obj = Value::host(&payload, [](void* p) {
            CHECK(*static_cast<int*>(p) == 42);
            ++finalized;
        });
        ok(inst->set_global("thing", obj));
        Result r = ok(inst->eval("let keep = [thing]\nkeep[0]"));
        REQUIRE(r.value().type() == Type::host_object);
        CHECK(r.value().host_pointer() == &payload);
        CHECK(ok(inst->eval("type(thing)")).value() == Value::string("Object"));
        obj = Value();
        r = Result();
        CHECK(finalized == 0);  // the instance still holds it
    }
    CHECK(finalized == 1);
}

TEST_CASE("globals, host errors caught by scripts, callbacks into the instance", "[embed][values]") {
    auto inst = zexus();
    ok(inst->set_global("limit", Value::integer(3)));
    CHECK(ok(inst->get_global("limit")).value() == Value::integer(3));
    Result missing = inst->get_global("nope");
    REQUIRE(!missing.ok());
    CHECK(missing.error().kind == ErrorKind::usage);

    ok(inst->define("fail_if_big", [](Instance&, std::span<const Value> args) -> Result {
        if (args.empty()) return Result::failure(ErrorKind::host, "one argument");
        if (args[0].as_int() > 10) return Result::failure(ErrorKind::host, "too big: " + args[0].repr());
        return args[0];
    }));
    CHECK(ok(inst->eval("fail_if_big(4)")).value() == Value::integer(4));
    CHECK(ok(inst->eval("let m = \"\"\ntry { fail_if_big(11) } catch (e) { m = e.message }\nm")).value() ==
          Value::string("too big: 11"));
    Result r = inst->eval("fail_if_big(12)");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::host);
    CHECK(r.error().message == "too big: 12");

    // A host function calling back into the instance (nested entry).
    ok(inst->eval("action square(x) { return x * x }"));
    ok(inst->define("square_via_host", [](Instance& self, std::span<const Value> args) -> Result {
        return call(self, "square", {args[0]});
    }));
    CHECK(ok(inst->eval("square_via_host(9) + 1")).value() == Value::integer(82));
}
