// The embedding API (trellis/embed.hpp) on every language the umbrella library registers, one language case per
// row of languages.hpp: eval and call, errors as values, each limit (steps with the interrupt callback, stack
// depth, heap, EVM gas) giving its own error kind with the instance usable afterwards.
#include <catch2/catch.hpp>

#include <algorithm>

#include "languages.hpp"
#include "trellis/embed.hpp"

using namespace trellis::embed;
using trellis::embed_test::LanguageCase;

namespace {

/// The cases of the languages built in (and a check that each built-in language has one).
std::vector<LanguageCase> present_cases() {
    std::vector<LanguageCase> out;
    for (const LanguageCase& c : trellis::embed_test::language_cases())
        for (const std::string& n : Instance::languages())
            if (n == c.name) out.push_back(c);
    return out;
}

/// The number a call returned: an integer, or a 32-byte big-endian EVM word (low 8 bytes).
int64_t number_of(const Value& v) {
    if (v.type() == Type::integer) return v.as_int();
    REQUIRE(v.type() == Type::string);
    REQUIRE(v.as_string().size() == 32);
    uint64_t n = 0;
    for (size_t i = 24; i < 32; ++i) n = (n << 8) | static_cast<uint8_t>(v.as_string()[i]);
    return static_cast<int64_t>(n);
}

std::unique_ptr<Instance> make(const LanguageCase& c, Limits limits = {}) {
    Config config;
    config.limits = std::move(limits);
    config.output = [](std::string_view, bool) {};  // keep test output quiet
    Error error;
    auto inst = Instance::create(c.name, std::move(config), &error);
    INFO(error.message);
    REQUIRE(inst);
    REQUIRE(inst->language() == c.name);
    return inst;
}

/// The instance still works: the prelude's add(2, 40) gives 42.
void check_usable(Instance& inst, const LanguageCase& c) {
    Result r = call(inst, c.add_signature, {Value::integer(2), Value::integer(40)});
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    CHECK(number_of(r.value()) == 42);
}

void load(Instance& inst, const LanguageCase& c) {
    Result r = inst.eval(c.prelude, "prelude");
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
}

}  // namespace

TEST_CASE("every built-in language has a test case", "[embed]") {
    const auto names = Instance::languages();
    REQUIRE(!names.empty());
    REQUIRE(std::is_sorted(names.begin(), names.end()));
    for (const std::string& n : names) {
        INFO(n);
        const auto cases = trellis::embed_test::language_cases();
        CHECK(std::any_of(cases.begin(), cases.end(), [&](const LanguageCase& c) { return c.name == n; }));
    }
    Error error;
    CHECK(Instance::create("cobol", {}, &error) == nullptr);
    CHECK(error.kind == ErrorKind::usage);
    CHECK(error.message.find("unknown language 'cobol'") != std::string::npos);
}

TEST_CASE("eval, call, and errors as values", "[embed]") {
    for (const LanguageCase& c : present_cases()) {
        SECTION(c.name) {
            auto inst = make(c);
            load(*inst, c);
            check_usable(*inst, c);

            Result r = inst->eval(c.runtime_error, "bad.src");
            REQUIRE(!r.ok());
            CHECK(r.error().kind == ErrorKind::runtime);
            CHECK(!r.error().message.empty());
            if (c.name == "zexus") CHECK(r.error().trace.find("bad.src:1:") != std::string::npos);
            load(*inst, c);
            check_usable(*inst, c);

            r = inst->eval(c.syntax_error, "syntax.src");
            REQUIRE(!r.ok());
            CHECK(r.error().kind == ErrorKind::syntax);
            load(*inst, c);
            check_usable(*inst, c);

            r = call(*inst, "no_such_function(uint256)", {Value::integer(1)});
            REQUIRE(!r.ok());
            CHECK((r.error().kind == ErrorKind::usage || r.error().kind == ErrorKind::revert));
            check_usable(*inst, c);
        }
    }
}

TEST_CASE("the step budget stops endless code; the interrupt callback extends or stops", "[embed][limits]") {
    for (const LanguageCase& c : present_cases()) {
        SECTION(c.name) {
            Limits limits;
            limits.steps = 20000;
            auto inst = make(c, limits);
            load(*inst, c);
            Result r = inst->eval(c.endless, "endless");
            REQUIRE(!r.ok());
            CHECK(r.error().kind == ErrorKind::step_limit);
            load(*inst, c);
            check_usable(*inst, c);

            // A budget too small for the short loop, extended by the callback a few steps at a time.
            int asked = 0;
            Limits small;
            small.steps = 3;
            small.interrupt = [&](Instance&, uint64_t used) -> uint64_t {
                ++asked;
                CHECK(used >= 3);
                return 3;
            };
            auto extended = make(c, small);
            r = extended->eval(c.small_loop, "loop");
            INFO((r.ok() ? std::string() : r.error().message));
            CHECK(r.ok());
            CHECK(asked >= 2);

            // The callback saying stop.
            int stops = 0;
            small.interrupt = [&](Instance&, uint64_t) -> uint64_t { return ++stops, 0; };
            auto stopped = make(c, small);
            r = stopped->eval(c.small_loop, "loop");
            REQUIRE(!r.ok());
            CHECK(r.error().kind == ErrorKind::step_limit);
            CHECK(stops == 1);
        }
    }
}

namespace {

/// A limit set in `limits` stops `source` with `kind` and the instance stays usable; a language whose case has no
/// source for it must refuse the limit at creation (ErrorKind::usage) instead.
void check_limit(const LanguageCase& c, const Limits& limits, const std::string& source, ErrorKind kind) {
    if (source.empty()) {
        Error error;
        CHECK(Instance::create(c.name, Config{limits, {}}, &error) == nullptr);
        CHECK(error.kind == ErrorKind::usage);
        return;
    }
    auto inst = make(c, limits);
    load(*inst, c);
    Result r = inst->eval(source, "limit");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == kind);
    check_usable(*inst, c);
}

}  // namespace

TEST_CASE("the stack-depth limit", "[embed][limits]") {
    for (const LanguageCase& c : present_cases()) {
        SECTION(c.name) {
            Limits limits;
            limits.stack_depth = 200;
            check_limit(c, limits, c.deep_recursion, ErrorKind::stack_limit);
        }
    }
}

TEST_CASE("the heap limit", "[embed][limits]") {
    for (const LanguageCase& c : present_cases()) {
        SECTION(c.name) {
            Limits limits;
            limits.heap_bytes = size_t(16) << 20;
            check_limit(c, limits, c.allocate_forever, ErrorKind::heap_limit);
        }
    }
}

TEST_CASE("EVM gas", "[embed][limits]") {
    for (const LanguageCase& c : present_cases()) {
        if (c.name != "evm") continue;
        Limits limits;
        limits.gas = 5000;
        auto inst = make(c, limits);
        Result r = inst->eval(c.endless, "endless");
        REQUIRE(!r.ok());
        CHECK(r.error().kind == ErrorKind::out_of_gas);
        load(*inst, c);
        check_usable(*inst, c);
    }
}

TEST_CASE("host functions with userdata, for every language that calls them", "[embed]") {
    for (const LanguageCase& c : present_cases()) {
        SECTION(c.name) {
            auto inst = make(c);
            int calls = 0;  // the userdata
            Result d = inst->define("twice", [&calls](Instance&, std::span<const Value> args) -> Result {
                ++calls;
                if (args.size() != 1 || args[0].type() != Type::integer)
                    return Result::failure(ErrorKind::host, "twice wants one integer");
                return Value::integer(args[0].as_int() * 2);
            });
            if (c.host_call.empty()) {
                REQUIRE(!d.ok());
                CHECK(d.error().kind == ErrorKind::usage);
                continue;
            }
            REQUIRE(d.ok());
            Result r = inst->eval(c.host_call, "host");
            REQUIRE(r.ok());
            CHECK(number_of(r.value()) == 42);
            CHECK(calls == 1);
        }
    }
}
