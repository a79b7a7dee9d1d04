// Tests of the Zexus bytecode tier (frontends/zexus/src/compiler*.cpp, vm*.cpp): every program gives the same
// stdout, stderr and status under the tree walker and under the VM (--tier=vm, and auto with tier-up after one
// call/iteration), with every dispatch strategy; plus checks on the compiler's decisions (registers versus a call
// environment, delegation to the tree walker), the tier-up counters, depth and iteration limits.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compiler/compiler.hpp"
#include "trellis/dispatch/strategy.hpp"
#include "trellis/zexus/interpreter.hpp"
#include "trellis/zexus/parser.hpp"
#include "vm/vm.hpp"

namespace {

using namespace trellis::zexus;

struct Capture : Output {
    std::string out, err;
    void write_out(std::string_view t) override { out += t; }
    void write_err(std::string_view t) override { err += t; }
    void flush() override {}
};

struct Result {
    std::string out, err;
    int status;
};

Result run(const std::string& source, RunOptions options) {
    Capture cap;
    Interpreter zx(options, &cap);
    int status = zx.run_source(source, "t.zx");
    return {cap.out, cap.err, status};
}

/// Runs `source` under the tree walker, then under every VM configuration; all must agree.
void same_in_every_tier(const std::string& source, RunOptions base = {}) {
    base.tier = Tier::tree;
    Result tree = run(source, base);
    for (trellis::dispatch::Strategy s : trellis::dispatch::available_strategies()) {
        for (int config = 0; config < 2; ++config) {
            RunOptions o = base;
            o.strategy = s;
            if (config == 0) {
                o.tier = Tier::vm;
            } else {
                o.tier = Tier::auto_;
                o.hot_call_threshold = 1;
                o.hot_loop_threshold = 1;
            }
            Result vm = run(source, o);
            INFO("strategy " << trellis::dispatch::name(s) << (config ? ", auto" : ", vm") << "\n" << source);
            CHECK(vm.out == tree.out);
            CHECK(vm.err == tree.err);
            CHECK(vm.status == tree.status);
        }
    }
}

const char* const k_programs[] = {
    // recursion, integer fast paths and their BigInt/float slow paths
    "action fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }\nprint(fib(20))\n"
    "action f(n) { if n <= 1 { return 1 } return n * f(n - 1) }\nprint(f(25), f(3) / 2, -7 % 3, 7 / -2, 2 ** 70)\n",
    // globals read and written in a hot loop, a name defined after the function that reads it
    "let sum = 0\nlet i = 0\nwhile i < 2000 { sum = sum + i * 2 % 7; i = i + 1 }\nprint(sum, i)\n"
    "action later() { return defined_later * 2 }\nlet defined_later = 21\nprint(later())\n",
    // function-level scope: a local read before its let falls back to the global, a let inside an if
    "let g = 1\naction s(n) { let a = g\n let g = n\n if n > 1 { let inner = 5 }\n return [a, g, inner ?? \"none\"] }\n"
    "print(s(2), s(0))\n",
    // closures capture by reference; consts; compound and index/property assignment
    "action counter() { let c = 0\n return action() { c = c + 1; return c } }\nlet k = counter()\nk()\nk()\nprint(k())\n"
    "action cst() { const K = 1\n try { K = 2 } catch (e) { print(e.message) }\n return K }\nprint(cst())\n"
    "action upd() { let l = [1, 2]\n l[0] += 10\n let m = {}\n m.x = 1\n m.x *= 5\n m[\"y\"] = l\n return m }\nprint(upd())\n",
    // for each over lists and maps, break/continue/return, nested loops, try/catch inside loops
    "action loops(xs) { let out = []\n for each i, x in xs { if x % 2 == 0 { continue }\n if x > 7 { break }\n"
    "  for each k, v in {a: 1, b: 2} { append(out, \"${k}${v}${x}\") } }\n return out }\nprint(loops([1, 2, 3, 9, 5]))\n"
    "action tryloop() { let n = 0\n for each x in [1, 0, 2] { try { n = n + 10 / x } catch (e) { print(e.message) } }\n return n }\n"
    "print(tryloop())\n",
    // errors: inside print arguments (only that print is skipped), thrown values, uncaught with position
    "action bad(x) { print(1 / x)\n print(\"after\")\n throw \"boom \" + string(x) }\n"
    "try { bad(0) } catch (e) { print(e.message) }\nprint(\"a\" + 1)\nprint([1][3])\n",
    // delegated statements (match, require) share the function's variables with compiled code
    "action m(x) { let r = \"?\"\n match x { case 1: r = \"one\"\n default: r = \"other\" }\n require(x < 5, \"too big\")\n return r }\n"
    "print(m(1), m(2))\ntry { m(9) } catch (e) { print(e.message) }\n",
    // builtins and methods called from compiled code, lambdas and arrows passed to builtins
    "action h(xs) { return [len(xs), map(xs, lambda x: x * x), filter(xs, (x) => x > 1), xs.contains(2), sort([3, 1])] }\n"
    "print(h([1, 2, 3]))\n",
    // `continue` outside a loop switches on error-recovery mode (LANGUAGE.md §6) in both tiers
    "action c() { continue }\nc()\nprint(undefined_name)\nprint(\"still running\")\n",
    // a loop in a call environment reading and writing globals (cached one level out), then a shadowing `let`
    "let total = 0\naction helper(x) { return x % 3 }\naction main(n) { let s = 0\n let i = 0\n while i < n {\n"
    "  s = s + helper(i)\n total = total + 1\n if i == 7 { let helper = lambda x: 100 }\n i = i + 1 }\n return s }\n"
    "print(main(10), total)\n",
    // builtins called by name from a hot loop, then shadowed by a global of the same name
    "let out = []\nlet i = 0\nwhile i < 6 { append(out, len([1, 2]) + i)\n if i == 3 { let len = lambda x: 100 }\n i = i + 1 }\n"
    "print(out)\n",
    // for each over a map that grows while it is iterated (the loop sees new entries), and over a list that grows
    "let m = {a: 1}\nlet seen = []\nfor each k, v in m { append(seen, k)\n if len(seen) < 5 { m[\"k\" + string(len(seen))] = v + 1 } }\n"
    "print(seen, m)\nlet l = [1]\nfor each x in l { if x < 6 { append(l, x + 1) } }\nprint(l)\n",
    // the loop that ends by an uncaught error leaves its variables written back
    "let z = 5\nlet q = 0\ntry { while true { z = z - 1; q = q + 10 / z } } catch (e) { print(e.message, z, q) }\n",
};

}  // namespace

TEST_CASE("zexus vm: every program gives the tree walker's output in every tier and strategy", "[zexus][vm]") {
    for (const char* program : k_programs) same_in_every_tier(program);
}

TEST_CASE("zexus vm: runaway recursion is the tree walker's error at the same depth", "[zexus][vm]") {
    RunOptions o;
    o.max_depth = 200;
    same_in_every_tier("action d(n) { return d(n + 1) }\ntry { d(0) } catch (e) { print(e.message) }\n"
                       "action depth(n) { if n == 0 { return 0 } return 1 + depth(n - 1) }\n"
                       "print(depth(199))\nprint(depth(200))\n",
                       o);
    o.tier = Tier::vm;
    Result r = run("action d(n) { return d(n + 1) }\nd(0)\n", o);
    CHECK(r.status == 1);
    CHECK(r.err.find("Maximum recursion depth exceeded") != std::string::npos);
}

TEST_CASE("zexus vm: --max-iterations keeps counting in compiled loops", "[zexus][vm]") {
    RunOptions o;
    o.max_iterations = 50;
    same_in_every_tier("let i = 0\nwhile true { i = i + 1 }\n", o);
    same_in_every_tier("let n = 0\nfor each x in range(100) { n = n + x }\nprint(n)\n", o);
    o.tier = Tier::vm;
    Result r = run("let i = 0\nwhile true { i = i + 1 }\n", o);
    CHECK(r.err.find("Maximum loop iterations exceeded (50)") != std::string::npos);
}

namespace {
/// Parses `source`, whose first statement is a function declaration, and compiles that function.
struct Compiled {
    std::unique_ptr<Ast> ast;
    Capture cap;
    RunOptions options;
    std::unique_ptr<Evaluator> ev;
    const Proto* proto = nullptr;

    explicit Compiled(const std::string& source, Tier tier = Tier::vm, uint32_t hot_calls = 2) {
        ast = parse_program(source, "c.zx");
        options.tier = tier;
        options.hot_call_threshold = hot_calls;
        ev = std::make_unique<Evaluator>(cap, options);
    }
    Function* fn() { return ast->root->stmts[0]->as<Function>(); }
    bool has(Op op) const {
        for (const Ins& i : proto->code)
            if (i.op == op) return true;
        return false;
    }
};
}  // namespace

TEST_CASE("zexus compiler: parameters and locals live in registers unless something needs the environment",
          "[zexus][vm]") {
    {
        Compiled c("action fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }");
        Vm vm(*c.ev);
        c.proto = vm.function_proto(c.fn());
        REQUIRE(c.proto != nullptr);
        CHECK_FALSE(c.proto->needs_env);
        CHECK(c.has(Op::CALL));
        CHECK(c.has(Op::GETG));  // `fib` itself is a global
        CHECK_FALSE(c.has(Op::EXEC));
        CHECK_FALSE(c.has(Op::ENTER));
    }
    {
        Compiled c("action f(x) { match x { case 1: return 1 default: return 2 } }");
        Vm vm(*c.ev);
        c.proto = vm.function_proto(c.fn());
        REQUIRE(c.proto != nullptr);
        CHECK(c.proto->needs_env);  // the delegated match sees `x` in a call environment
        CHECK(c.has(Op::EXEC));
        CHECK(c.has(Op::ENTER));
        CHECK(c.has(Op::DEFG));
    }
    {
        Compiled c("action mk() { let n = 0\n return action() { n = n + 1 } }");
        Vm vm(*c.ev);
        c.proto = vm.function_proto(c.fn());
        REQUIRE(c.proto != nullptr);
        CHECK(c.proto->needs_env);  // `n` is captured
        CHECK(c.has(Op::CLOSURE));
    }
}

TEST_CASE("zexus vm: a function tiers up after hot_call_threshold calls", "[zexus][vm]") {
    Compiled c("action f(x) { return x }", Tier::auto_, 3);
    Vm vm(*c.ev);
    CHECK(vm.function_proto(c.fn()) == nullptr);
    CHECK(vm.function_proto(c.fn()) == nullptr);
    CHECK(vm.function_proto(c.fn()) == nullptr);
    const Proto* p = vm.function_proto(c.fn());
    CHECK(p != nullptr);
    CHECK(vm.compiled(c.fn()) == p);
}
