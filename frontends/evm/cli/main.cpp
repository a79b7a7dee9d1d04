/// @file main.cpp
/// `trellis-evm`: the EVM frontend's command line (CLI11). Subcommands:
///   statetest PATH... [--fork F] [--dispatch D] [--interpreter I] [--case D:G:V] [--trace] [-j N]   GeneralStateTests
///   vmtest PATH... [--dispatch D] [--interpreter I] [--rev FORK]         legacy VMTests
///   run CODE|@FILE [--input HEX] [--gas N] [--rev FORK] [--dispatch D] [--interpreter I] [--trace]
///                                                   one message call on an empty state
///   precompiletest PATH... [--address A] [--expect-gas N]   EIP precompile vectors (EIP-2537, EIP-7951)
///   bench DIR [--interpreter I] [--dispatch D] [--rev R] [--repeat N] [--filter TEXT]
///                                                   the evm-benchmarks set, timed per (interpreter, dispatch)
///   bench --precompiles DIR [--repeat N] [--filter NAME]   every precompile's Mgas/s beside ECRECOVER
///   t8n --input.alloc A --input.txs T --input.env E --state.fork F ...   geth's state transition tool interface
/// Errors in the arguments (bad hex, missing file, unknown fork) print a message and exit with status 2.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench.hpp"
#include "repl.hpp"
#include "t8n_command.hpp"
#include "trellis/core/error.hpp"
#include "trellis/evm/assembler.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/message_call.hpp"
#include "trellis/evm/precompiletest.hpp"
#include "trellis/evm/statetest.hpp"

using namespace trellis;
using namespace trellis::evm;

namespace {

Revision revision_arg(const std::string& name) {
    auto r = parse_revision(name);
    if (!r) throw core::Error("unknown fork '" + name + "' (Frontier, Homestead, EIP150, EIP158, Byzantium, ..., Osaka)");
    return *r;
}

Interpreter interpreter_arg(const std::string& name) {
    if (name == "baseline") return Interpreter::Baseline;
    if (name == "schedule") return Interpreter::Schedule;
    if (name == "auto") return Interpreter::Auto;
    throw core::Error("unknown interpreter '" + name + "' (auto, baseline, schedule)");
}

std::array<int, 3> case_arg(const std::string& text) {
    std::array<int, 3> c{};
    char extra = 0;
    if (std::sscanf(text.c_str(), "%d:%d:%d%c", &c[0], &c[1], &c[2], &extra) != 3)
        throw core::Error("--case expects DATA:GAS:VALUE indexes, got '" + text + "'");
    return c;
}

/// The code of `run`: hex (with or without 0x, white space ignored) or assembly as the REPL takes it
/// (`PUSH1 1 PUSH1 2 ADD`), given inline or as @FILE.
core::Bytes code_arg(const std::string& arg) {
    std::string text = arg;
    if (!arg.empty() && arg[0] == '@') {
        std::ifstream in(arg.substr(1));
        if (!in) throw core::Error(arg.substr(1) + ": cannot open");
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    std::string compact;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    std::string_view digits = compact;
    if (digits.starts_with("0x") || digits.starts_with("0X")) digits.remove_prefix(2);
    const bool plain_hex = !digits.empty() && digits.size() % 2 == 0 &&
                           std::all_of(digits.begin(), digits.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (plain_hex || compact.empty()) return core::from_hex(digits);
    return assemble(text);  // also reports bad 0x-hex
}

int run_code(const std::string& code_text, const std::string& input_hex, int64_t gas, const std::string& fork,
             dispatch::Strategy strategy, Interpreter interpreter, bool trace) {
    const core::Bytes code = code_arg(code_text);
    const core::Bytes input = core::from_hex(input_hex);
    const Revision rev = revision_arg(fork);
    State state;
    Address caller;
    caller.bytes[19] = 0xca;
    Address self;
    self.bytes[19] = 0xc0;
    state.put_account(self, 1, 0, code, {});
    state.put_account(caller, 0, 0, {}, {});
    ExecOptions options;
    options.dispatch = strategy;
    options.interpreter = interpreter;
    if (trace) options.trace = stderr;
    const Result r =
        run_message_call(state, rev, {.sender = caller, .recipient = self, .input = input, .gas = gas}, options);
    std::printf("status: %s\ngas used: %lld\noutput: %s\n", std::string(status_name(r.status)).c_str(),
                static_cast<long long>(gas - r.gas_left), core::to_hex_0x(r.output).c_str());
    return r.status == StatusCode::Success ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"trellis-evm: the Trellis EVM (state tests, VM tests, running bytecode)"};
    app.require_subcommand(0, 1);
    app.footer("With no subcommand: the interactive REPL (assembly or hex; :help inside).");

    std::vector<std::string> paths;
    std::string fork, dispatch_name = "switch", case_text;
    bool trace = false;
    app.add_option("--dispatch", dispatch_name, "REPL dispatch: switch | goto | tail");
    auto* st = app.add_subcommand("statetest", "run filled GeneralStateTests (files or folders)");
    st->add_option("paths", paths, "fixture files or folders")->required();
    st->add_option("--fork", fork, "only this fork's post entries (e.g. Cancun)");
    st->add_option("--dispatch", dispatch_name, "switch | goto | tail");
    std::string interpreter_name = "auto";
    st->add_option("--interpreter", interpreter_name, "auto (default) | baseline | schedule");
    st->add_option("--case", case_text, "only the post entries with these DATA:GAS:VALUE indexes");
    st->add_flag("--trace", trace, "EIP-3155 trace to stderr");
    bool dump = false;
    st->add_flag("--dump", dump, "print the post-state of failing cases");
    unsigned jobs = 1;
    st->add_option("-j,--jobs", jobs, "run files on N threads (same output)")->check(CLI::Range(1u, 256u));

    auto* vt = app.add_subcommand("vmtest", "run legacy VMTests (files or folders)");
    std::string vm_fork = "Frontier";
    vt->add_option("paths", paths, "fixture files or folders")->required();
    vt->add_option("--dispatch", dispatch_name, "switch | goto | tail");
    vt->add_option("--rev", vm_fork, "fork schedule (default Frontier)");
    vt->add_option("--interpreter", interpreter_name, "auto (default) | baseline | schedule");

    auto* run = app.add_subcommand("run", "execute bytecode as a message call on an empty state");
    std::string code_text, input_hex, run_fork = "Osaka";
    int64_t gas = 1'000'000;
    run->add_option("code", code_text, "hex bytecode or assembly (as in the REPL), or @FILE")->required();
    run->add_option("--input", input_hex, "call data (hex)");
    run->add_option("--gas", gas, "gas limit");
    run->add_option("--rev", run_fork, "fork (default Osaka)");
    run->add_option("--dispatch", dispatch_name, "switch | goto | tail");
    run->add_option("--interpreter", interpreter_name, "auto (default) | baseline | schedule");
    run->add_flag("--trace", trace, "EIP-3155 trace to stderr");

    auto* pt = app.add_subcommand("precompiletest", "run EIP precompile vectors (JSON lists of Input/Expected/Gas)");
    std::string pt_address;
    int64_t pt_gas = -1;
    pt->add_option("paths", paths, "vector files or folders")->required();
    pt->add_option("--address", pt_address, "precompile address (default: from each file's name)");
    pt->add_option("--expect-gas", pt_gas, "gas every successful call must cost (default: each vector's Gas)");

    auto* bench = app.add_subcommand("bench", "time the evm-benchmarks set (main/, micro/, expected_outputs.json)");
    std::string bench_dir, bench_fork = "Istanbul", bench_filter;
    std::vector<std::string> bench_interpreters, bench_dispatch;
    int bench_repeat = 0;
    bench->add_option("dir", bench_dir, "benchmark folder (shared/testdata/evm/benchmarks/evm-benchmarks)")->required();
    bench->add_option("--interpreter", bench_interpreters, "auto | baseline | schedule (default: all three)");
    bench->add_option("--dispatch", bench_dispatch, "switch | goto | tail (default: all compiled in)");
    bench->add_option("--rev", bench_fork, "fork (default Istanbul, as evmone-bench)");
    bench->add_option("--repeat", bench_repeat, "timed runs per case (default: adaptive)");
    bench->add_option("--filter", bench_filter, "only cases whose suite/name/input contains this text");
    bool bench_precompiles = false;
    bench->add_flag("--precompiles", bench_precompiles,
                    "time the precompiles instead (DIR: shared/testdata/evm/precompiles), Mgas/s beside ECRECOVER");

    T8nArgs t8n_args;
    auto* t8n = add_t8n_command(app, t8n_args);
    t8n->add_option("--dispatch", dispatch_name, "switch | goto | tail");
    t8n->add_option("--interpreter", interpreter_name, "auto (default) | baseline | schedule");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    try {
        const dispatch::Strategy strategy = dispatch::parse_strategy(dispatch_name);
        if (st->parsed()) {
            StateTestOptions o;
            if (!fork.empty()) {
                revision_arg(fork);
                o.fork = fork;
            }
            o.dispatch = strategy;
            o.interpreter = interpreter_arg(interpreter_name);
            if (!case_text.empty()) o.only_case = case_arg(case_text);
            o.trace = trace;
            o.dump = dump;
            o.jobs = jobs;
            return run_state_tests(paths, o, stdout);
        }
        if (vt->parsed())
            return run_vm_tests(paths, strategy, stdout, revision_arg(vm_fork), interpreter_arg(interpreter_name));
        if (pt->parsed()) {
            PrecompileTestOptions o;
            if (!pt_address.empty()) {
                const core::Bytes a = core::from_hex(pt_address);
                if (a.empty() || a.size() > 20) throw core::Error("--address expects up to 20 bytes of hex");
                o.address.emplace();
                std::copy(a.begin(), a.end(), o.address->bytes.end() - a.size());
            }
            if (pt_gas >= 0) o.expect_gas = pt_gas;
            return run_precompile_tests(paths, o, stdout);
        }
        if (bench->parsed()) {
            BenchOptions o;
            o.rev = revision_arg(bench_fork);
            o.repeat = bench_repeat;
            o.filter = bench_filter;
            for (const auto& d : bench_dispatch) o.strategies.push_back(dispatch::parse_strategy(d));
            if (!bench_interpreters.empty()) {
                o.interpreters.clear();
                for (const auto& i : bench_interpreters) o.interpreters.push_back(interpreter_arg(i));
            }
            if (bench_precompiles) return run_precompile_benchmarks(bench_dir, o, stdout);
            return run_benchmarks(bench_dir, o, stdout);
        }
        if (t8n->parsed()) {
            ExecOptions exec;
            exec.dispatch = strategy;
            exec.interpreter = interpreter_arg(interpreter_name);
            return run_t8n_command(t8n_args, exec);
        }
        if (run->parsed()) return run_code(code_text, input_hex, gas, run_fork, strategy, interpreter_arg(interpreter_name), trace);
        return run_repl(strategy);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "trellis-evm: %s\n", e.what());
        return 2;
    }
}
