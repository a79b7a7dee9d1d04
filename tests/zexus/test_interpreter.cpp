// Tests of the embedding API of the Zexus evaluator (frontends/zexus/include/trellis/zexus/interpreter.hpp):
// output capture, exit statuses, REPL state across lines, error reports with positions, the recursion limit.
#include <catch2/catch.hpp>
#include <pthread.h>

#include <string>

#include "trellis/zexus/interpreter.hpp"

namespace {

struct Capture : trellis::zexus::Output {
    std::string out, err;
    void write_out(std::string_view t) override { out += t; }
    void write_err(std::string_view t) override { err += t; }
    void flush() override {}
};

}  // namespace

TEST_CASE("zexus interpreter: output goes to the embedder's Output", "[zexus][eval]") {
    Capture cap;
    trellis::zexus::Interpreter zx({}, &cap);
    CHECK(zx.run_source("let x = 6\nprint x * 7\nprint [x, \"s\", 1.5]", "t.zx") == 0);
    CHECK(cap.out == "42\n[6, s, 1.5]\n");
    CHECK(cap.err.empty());
}

TEST_CASE("zexus interpreter: uncaught error reports message and position, status 1", "[zexus][eval]") {
    Capture cap;
    trellis::zexus::Interpreter zx({}, &cap);
    CHECK(zx.run_source("print 1\nlet y = 2 / 0\nprint 3", "e.zx") == 1);
    CHECK(cap.out == "1\n");
    CHECK(cap.err == "\xE2\x9D\x8C Error: Division by zero\n  at e.zx:2:11\n");
}

TEST_CASE("zexus interpreter: exit_program ends the program, not the embedder's process", "[zexus][eval]") {
    for (auto tier : {trellis::zexus::Tier::tree, trellis::zexus::Tier::vm}) {
        Capture cap;
        trellis::zexus::RunOptions options;
        options.tier = tier;
        trellis::zexus::Interpreter zx(options, &cap);
        const char* program =
            "action stop(n) { let i = 0\n while (i < 10) { if (i == n) { exit_program(n) } i = i + 1 } }\n"
            "print \"a\"\ntry { stop(3) } catch (e) { print \"caught\" }\nprint \"b\"";
        CHECK(zx.run_source(program, "x.zx") == 3);
        CHECK(zx.exit_status() == 3);
        CHECK(cap.out == "a\n");
        CHECK(cap.err.empty());
        // The interpreter stays usable: its stacks were unwound.
        CHECK(zx.run_source("print stop(20) == null", "y.zx") == 0);
        CHECK(!zx.exit_status().has_value());
        CHECK(cap.out == "a\ntrue\n");
    }
}

TEST_CASE("zexus interpreter: REPL lines share globals and show expression values", "[zexus][eval]") {
    Capture cap;
    trellis::zexus::Interpreter zx({}, &cap);
    std::string shown;
    CHECK(zx.run_repl_line("let counter = 40", shown) == 0);
    CHECK(shown.empty());
    CHECK(zx.run_repl_line("action bump() { counter = counter + 1; return counter }", shown) == 0);
    CHECK(zx.run_repl_line("bump()", shown) == 0);
    CHECK(shown == "41");
    CHECK(zx.run_repl_line("undefined_thing", shown) == 1);
    CHECK(cap.err.find("Identifier 'undefined_thing' not found") != std::string::npos);
    CHECK(zx.run_repl_line("bump() + 0.5", shown) == 0);  // the session survives the error
    CHECK(shown == "42.5");
}

TEST_CASE("zexus interpreter: runaway recursion and loop caps are Zexus errors", "[zexus][eval]") {
    Capture cap;
    trellis::zexus::RunOptions options;
    options.max_depth = 300;
    options.max_iterations = 50;
    trellis::zexus::Interpreter zx(options, &cap);
    CHECK(zx.run_source("action f(n) { return f(n + 1) }\nf(0)", "r.zx") == 1);
    CHECK(cap.err.find("Maximum recursion depth exceeded") != std::string::npos);
    cap.err.clear();
    CHECK(zx.run_source("let i = 0\nwhile true { i = i + 1 }", "l.zx") == 1);
    CHECK(cap.err.find("Maximum loop iterations exceeded (50)") != std::string::npos);
}

TEST_CASE("zexus interpreter: big integers survive many collections", "[zexus][eval][gc]") {
    Capture cap;
    trellis::zexus::Interpreter zx({}, &cap);
    // 2^200 built by repeated doubling, with garbage lists allocated in between.
    CHECK(zx.run_source("let x = 1\nlet junk = []\nfor each i in range(200) { x = x * 2; junk = [i, [i], \"s\"] }\n"
                        "print x == 2 ** 200\nprint x % 1000",
                        "b.zx") == 0);
    CHECK(cap.out == "true\n376\n");
}

TEST_CASE("zexus interpreter: deep recursion on a small native stack is an error, not a crash", "[zexus][eval]") {
    // A 1 MiB thread stack with the default depth limit (10000): the native-stack guard must stop it first.
    struct Job {
        int status = -1;
        Capture cap;
    } job;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1u << 20);
    pthread_t thread;
    auto body = [](void* p) -> void* {
        auto* j = static_cast<Job*>(p);
        trellis::zexus::Interpreter zx({}, &j->cap);
        j->status = zx.run_source("action f(n) { return 1 + f(n + 1) }\nf(0)", "deep.zx");
        return nullptr;
    };
    REQUIRE(pthread_create(&thread, &attr, body, &job) == 0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    CHECK(job.status == 1);
    CHECK(job.cap.err.find("Maximum recursion depth exceeded") != std::string::npos);
}

TEST_CASE("zexus interpreter: tasks switch stacks and come back (LANGUAGE.md §15)", "[zexus][eval][tasks]") {
    // Tasks run on their own native and value stacks; errors thrown inside them (and caught in a task suspended
    // inside a catch body) must not disturb the embedder's thread, under every tier and GC timing.
    const char* program =
        "async action work(n) { await sleep(0); if n == 3 { throw \"bad \" + string(n) } return n * n }\n"
        "async action guard(t) { try { await t } catch (e) { await sleep(0); return \"caught \" + e.message } }\n"
        "let ts = []\n"
        "for each i in range(5) { append(ts, spawn work(i)) }\n"
        "let g = spawn guard(ts[3])\n"
        "let sum = 0\n"
        "for each i in [0, 1, 2, 4] { sum = sum + await ts[i] }\n"
        "print sum, await g\n"
        "action deep(n) { return deep(n + 1) }\n"
        "async action runaway() { return deep(0) }\n"
        "try { await spawn runaway() } catch (e) { print e.message }\n";
    for (auto tier : {trellis::zexus::Tier::tree, trellis::zexus::Tier::vm}) {
        Capture cap;
        trellis::zexus::RunOptions options;
        options.tier = tier;
        trellis::zexus::Interpreter zx(options, &cap);
        CHECK(zx.run_source(program, "tasks.zx") == 0);
        CHECK(cap.out == "21 caught bad 3\nMaximum recursion depth exceeded\n");
        CHECK(cap.err.empty());
        // The interpreter stays usable after the tasks ended: a task's unawaited error ends the next run with 1.
        CHECK(zx.run_source("async action f() { throw \"late\" }\nspawn f()\nprint \"main\"", "late.zx") == 1);
        CHECK(cap.out.ends_with("main\n"));
        CHECK(cap.err.find("late") != std::string::npos);
    }
}
