// The Perl adapter of the embedding API (frontends/perl/src/embed/embed_perl.cpp, docs/embedding.md "Perl"):
// values both ways (undef, IV, NV, strings, array refs as lists, hash refs as maps, big integers as decimal
// text), list-context calls, handles for objects and code rooted across collections, host objects blessed into
// Trellis::Host with their finalizer, globals by sigil, host errors caught by eval, $@ messages with positions and
// Carp-style traces, print through the host's output, and limits that no Perl eval can swallow.
#include <catch2/catch.hpp>

#include <algorithm>

#include "trellis/embed.hpp"

using namespace trellis::embed;

namespace {

bool has_perl() {
    const auto names = Instance::languages();
    return std::find(names.begin(), names.end(), "perl") != names.end();
}

std::unique_ptr<Instance> perl(std::string* out = nullptr, Limits limits = {}) {
    Config config;
    config.limits = std::move(limits);
    config.output = [out](std::string_view text, bool is_error) {
        if (out) *out += (is_error ? "[err]" : "") + std::string(text);
    };
    auto inst = Instance::create("perl", std::move(config));
    REQUIRE(inst);
    return inst;
}

Result ok(Result r) {
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return r;
}

}  // namespace

TEST_CASE("Perl: data values round-trip and calls run in list context", "[embed][perl]") {
    if (!has_perl()) return;
    auto inst = perl();
    ok(inst->eval("sub id { return $_[0] } sub pair { return @_ } sub none { return }"));
    const Value samples[] = {
        Value(),
        Value::integer(-7),
        Value::integer(int64_t(1) << 50),  // past the 48-bit small integers: a 64-bit IV inside
        Value::integer(INT64_MIN),
        Value::real(2.5),
        Value::string("h\xC3\xA9llo"),
        Value::list({Value::integer(1), Value::string("two"), Value::list({Value::real(3.5)})}),
        Value::map({{Value::string("a"), Value::integer(1)}, {Value::string("b"), Value::list({})}}),
    };
    for (const Value& v : samples) {
        INFO(v.repr());
        CHECK(ok(call(*inst, "id", {v})).value() == v);
    }
    // perl has no booleans and no integers past 64 bits: documented conversions
    CHECK(ok(call(*inst, "id", {Value::boolean(true)})).value() == Value::integer(1));
    CHECK(ok(call(*inst, "id", {Value::boolean(false)})).value() == Value::string(""));
    CHECK(ok(call(*inst, "id", {Value::big("123456789012345678901234567890")})).value() ==
          Value::string("123456789012345678901234567890"));
    // list context: two values come back as a list, none as nil
    CHECK(ok(call(*inst, "pair", {Value::integer(1), Value::integer(2)})).value() ==
          Value::list({Value::integer(1), Value::integer(2)}));
    CHECK(ok(call(*inst, "none", {})).value().is_nil());
    CHECK(ok(call(*inst, "main::pair", {Value::string("x")})).value() == Value::string("x"));
    // eval's value: the last statement in scalar context
    CHECK(ok(inst->eval("my @a = (4, 5, 6); @a")).value() == Value::integer(3));
    CHECK(ok(inst->eval("[1, 2.5, 'x', undef]")).value().repr() == "[1, 2.5, \"x\", nil]");
    CHECK(ok(inst->eval("+{k => [1]}")).value().get(Value::string("k")) == Value::list({Value::integer(1)}));
    CHECK(ok(inst->eval("2 ** 70")).value().type() == Type::real);
    // a character string goes out as its UTF-8, a hash key stored downgraded from one (hv::key) too
    CHECK(ok(inst->eval("my $k = \"\\xE9\"; utf8::upgrade($k); +{$k => $k}")).value() ==
          Value::map({{Value::string("\xC3\xA9"), Value::string("\xC3\xA9")}}));
    // a sub in another package
    ok(inst->eval("package Calc; sub mul { return $_[0] * $_[1] } 1;"));
    CHECK(ok(call(*inst, "Calc::mul", {Value::integer(6), Value::integer(7)})).value() == Value::integer(42));
    Result missing = call(*inst, "nope", {});
    REQUIRE(!missing.ok());
    CHECK(missing.error().kind == ErrorKind::usage);
}

TEST_CASE("Perl: objects and code come back as handles that stay rooted", "[embed][perl]") {
    if (!has_perl()) return;
    auto inst = perl();
    Value adder = ok(inst->eval("my $base = 100; sub { return $_[0] + $base }")).value();
    REQUIRE(adder.type() == Type::handle);
    CHECK(adder.as_handle().type_name() == "CODE");
    Value obj = ok(inst->eval("package Pt; sub new { bless {x => $_[1]}, $_[0] } sub x { $_[0]{x} } "
                              "package main; Pt->new(7)"))
                    .value();
    REQUIRE(obj.type() == Type::handle);
    CHECK(obj.as_handle().type_name() == "Pt");
    // many collections: both must survive through their handles
    ok(inst->eval("my @junk; for my $i (1 .. 100000) { push @junk, [$i] } @junk = (); 1"));
    CHECK(ok(inst->call_value(adder, std::vector<Value>{Value::integer(5)})).value() == Value::integer(105));
    ok(inst->eval("sub get_x { return $_[0]->x }"));
    CHECK(ok(call(*inst, "get_x", {obj})).value() == Value::integer(7));
    auto other = perl();
    Result r = other->call_value(adder, {});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::usage);
    inst.reset();
    CHECK(adder.type() == Type::handle);  // safe to destroy after its instance
}

TEST_CASE("Perl: host objects are Trellis::Host objects, finalized once", "[embed][perl]") {
    if (!has_perl()) return;
    static int finalized = 0;
    finalized = 0;
    int payload = 42;
    {
        auto inst = perl();
        Value obj = Value::host(&payload, [](void* p) {
            CHECK(*static_cast<int*>(p) == 42);
            ++finalized;
        });
        ok(inst->set_global("thing", obj));
        CHECK(ok(inst->eval("ref($main::thing)")).value() == Value::string("Trellis::Host"));
        Result r = ok(inst->eval("our @keep = ($main::thing); $keep[0]"));
        REQUIRE(r.value().type() == Type::host_object);
        CHECK(r.value().host_pointer() == &payload);
        obj = Value();
        r = Result();
        CHECK(finalized == 0);  // the instance still holds it
    }
    CHECK(finalized == 1);
}

TEST_CASE("Perl: globals by sigil, host functions, errors and traces", "[embed][perl]") {
    if (!has_perl()) return;
    std::string out;
    auto inst = perl(&out);
    ok(inst->set_global("limit", Value::integer(3)));
    ok(inst->set_global("@list", Value::list({Value::integer(1), Value::integer(2)})));
    ok(inst->set_global("%conf", Value::map({{Value::string("k"), Value::string("v")}})));
    CHECK(ok(inst->eval("$limit + @list + keys(%conf)")).value() == Value::integer(6));
    CHECK(ok(inst->get_global("$limit")).value() == Value::integer(3));
    CHECK(ok(inst->get_global("@list")).value() == Value::list({Value::integer(1), Value::integer(2)}));
    CHECK(ok(inst->get_global("%conf")).value().get(Value::string("k")) == Value::string("v"));
    Result missing = inst->get_global("nope");
    REQUIRE(!missing.ok());
    CHECK(missing.error().kind == ErrorKind::usage);

    ok(inst->define("fail_if_big", [](Instance&, std::span<const Value> args) -> Result {
        if (args.empty()) return Result::failure(ErrorKind::host, "one argument");
        if (args[0].as_int() > 10) return Result::failure(ErrorKind::host, "too big: " + args[0].repr());
        return args[0];
    }));
    ok(inst->define("Host::Util::twice", [](Instance&, std::span<const Value> args) -> Result {
        return Value::integer(args[0].as_int() * 2);
    }));
    CHECK(ok(inst->eval("fail_if_big(4) + Host::Util::twice(5)")).value() == Value::integer(14));
    CHECK(ok(inst->eval("eval { fail_if_big(11) }; $@", "t.pl")).value() ==
          Value::string("too big: 11 at t.pl line 1.\n"));
    Result r = inst->eval("\nfail_if_big(12);", "t2.pl");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::host);
    CHECK(r.error().message == "too big: 12 at t2.pl line 2.");

    // $@'s message with its position, a Carp-style trace, the instance usable after
    r = inst->eval("sub inner { die \"boom\" }\nsub outer { inner($_[0], 'x') }\nouter(5);", "bad.pl");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::runtime);
    CHECK(r.error().message == "boom at bad.pl line 1.");
    CHECK(r.error().trace == "\tmain::inner(5, 'x') called at bad.pl line 2\n\tmain::outer(5) called at bad.pl line 3\n");
    r = inst->eval("my $x = ;", "syn.pl");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::syntax);
    CHECK(r.error().message.find("syntax error at syn.pl line 1") != std::string::npos);
    CHECK(ok(inst->eval("1 + 1")).value() == Value::integer(2));

    // a host function calling back into the instance
    ok(inst->eval("sub square { return $_[0] * $_[0] }"));
    ok(inst->define("square_via_host", [](Instance& self, std::span<const Value> args) -> Result {
        return call(self, "square", {args[0]});
    }));
    CHECK(ok(inst->eval("square_via_host(9) + 1")).value() == Value::integer(82));

    // print and warn go through the host's output function
    out.clear();
    ok(inst->eval("print \"a\\n\"; say STDOUT 'b' if 0; warn \"w\\n\"; print 'c'; 1"));
    CHECK(out == "a\n[err]w\nc");
}

TEST_CASE("Perl: DESTROY runs for dead objects during evals and for live ones when the instance goes", "[embed][perl]") {
    if (!has_perl()) return;
    std::string out;
    {
        auto inst = perl(&out);
        ok(inst->eval("package Noisy; sub new { bless { n => $_[1] }, $_[0] } "
                      "sub DESTROY { print \"destroy $_[0]{n}\\n\" } package main; our $keep = Noisy->new('kept'); 1"));
        // garbage Noisy objects: collections find them dead, the loop's next iterations run their DESTROY
        ok(inst->eval("my $n = 0; for my $i (1 .. 30000) { my $x = Noisy->new('gone'); $n++ } $n"));
        const size_t gone = [&] {
            size_t n = 0;
            for (size_t at = out.find("destroy gone"); at != std::string::npos; at = out.find("destroy gone", at + 1)) ++n;
            return n;
        }();
        CHECK(gone > 0);
        CHECK(out.find("destroy kept") == std::string::npos);
    }
    CHECK(out.find("destroy kept\n") != std::string::npos);  // at the instance's end, once
    CHECK(out.find("destroy kept") == out.rfind("destroy kept"));
}

TEST_CASE("Perl: limits stop the run even inside eval blocks", "[embed][perl][limits]") {
    if (!has_perl()) return;
    Limits limits;
    limits.steps = 5000;
    limits.stack_depth = 100;
    limits.heap_bytes = size_t(16) << 20;
    auto inst = perl(nullptr, limits);
    Result r = inst->eval("eval { while (1) {} }; 'swallowed'");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::step_limit);
    r = inst->eval("sub d { d() } eval { d() }; 'swallowed'");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::stack_limit);
    r = inst->eval("my @k; eval { my $i = 0; while ($i++ < 4000) { push @k, 'x' x 100000 } }; 'swallowed'");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::heap_limit);
    // a die in the recursion limit's place is still catchable with stack room to spare
    CHECK(ok(inst->eval("sub d2 { $_[0] ? d2($_[0] - 1) : die \"deep\\n\" } eval { d2(50) }; $@")).value() ==
          Value::string("deep\n"));
    // the step budget counts sub calls: recursion without a loop is stopped too (a budget of 200 calls stays
    // far below the native-stack floor even in sanitizer builds, whose frames are several times larger)
    limits.stack_depth = 0;
    limits.steps = 200;
    auto counted = perl(nullptr, limits);
    r = counted->eval("sub f { f($_[0] + 1) if $_[0] < 9000; 1 } f(0)");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::step_limit);
    r = counted->eval("exit(3)");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == ErrorKind::runtime);
    CHECK(r.error().message == "exit(3)");
}
