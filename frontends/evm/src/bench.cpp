// `trellis-evm bench` (see bench.hpp): loads the evm-benchmarks state-test files, runs each (benchmark, input)
// under every requested (interpreter, dispatch) pair, checks the results against expected_outputs.json, and
// prints the timing lines and ratio tables. Reference timings: REFERENCE_TIMINGS_evmone.md (evmone baseline).
#include "bench.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench_host.hpp"
#include "fixture_json.hpp"
#include "instructions_loop.hpp"
#include "schedule.hpp"
#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/evm/interpreter.hpp"

namespace trellis::evm {
namespace {

namespace fs = std::filesystem;
using fixture::json;

constexpr int64_t bench_gas = 1'000'000'000;

/// One (benchmark, input) of the set, with its expected result (if expected_outputs.json lists it).
struct BenchCase {
    std::string key;  ///< "suite/name/label", the key of expected_outputs.json
    std::string suite;
    core::Bytes code;
    core::Bytes input;
    bool has_expected = false;
    std::string expected_status;
    std::string expected_output;  ///< 0x-hex
    int64_t expected_gas = -1;    ///< for the run's revision; -1 if not given
};

/// Loads every *.json under dir/main and dir/micro (or directly under dir), in name order.
std::vector<BenchCase> load_cases(const fs::path& dir, Revision rev) {
    json expected;
    if (fs::exists(dir / "expected_outputs.json")) expected = fixture::read_json_file(dir / "expected_outputs.json");
    std::vector<fs::path> files;
    for (const char* suite : {"main", "micro"})
        if (fs::is_directory(dir / suite))
            for (const auto& e : fs::directory_iterator(dir / suite))
                if (e.path().extension() == ".json") files.push_back(e.path());
    if (files.empty())
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".json" && e.path().filename() != "expected_outputs.json")
                files.push_back(e.path());
    if (files.empty()) throw core::Error(dir.string() + ": no benchmark files (expected main/ and micro/)");
    std::sort(files.begin(), files.end());

    std::vector<BenchCase> cases;
    for (const auto& file : files) {
        const json doc = fixture::read_json_file(file.string());
        const std::string suite = file.parent_path().filename().string();
        for (const auto& [name, test] : doc.items()) {
            const auto& tx = test.at("transaction");
            const std::string to = tx.at("to").get<std::string>();
            core::Bytes code;
            for (const auto& [addr, acc] : test.at("pre").items())
                if (fixture::address(json(addr)) == fixture::address(json(to))) code = fixture::bytes(acc.at("code"));
            const auto& data = tx.at("data");
            for (size_t i = 0; i < data.size(); ++i) {
                BenchCase c;
                std::string label = std::to_string(i);
                if (test.contains("_info") && test["_info"].contains("labels") &&
                    test["_info"]["labels"].contains(label))
                    label = test["_info"]["labels"][label].get<std::string>();
                c.key = suite + "/" + name + "/" + label;
                c.suite = suite;
                c.code = code;
                c.input = fixture::bytes(data[i]);
                if (expected.contains("cases") && expected["cases"].contains(c.key)) {
                    const auto& e = expected["cases"][c.key];
                    c.has_expected = true;
                    c.expected_status = e.value("status", "success");
                    c.expected_output = e.value("output", "0x");
                    const std::string rname(revision_name(rev));
                    if (e.contains("gas_used") && e["gas_used"].contains(rname))
                        c.expected_gas = e["gas_used"][rname].get<int64_t>();
                }
                cases.push_back(std::move(c));
            }
        }
    }
    return cases;
}

/// evmone baseline reference times (us), by "suite/name/label", read from the tables of the reference file.
struct Reference {
    std::map<std::string, double> execute, total;
};

Reference load_reference(const fs::path& file) {
    Reference ref;
    std::ifstream in(file);
    if (!in) return ref;
    std::string line, suite;
    std::map<std::string, double>* table = nullptr;
    int baseline_column = -1;
    auto split = [](const std::string& row) {
        std::vector<std::string> cells;
        std::stringstream ss(row);
        std::string cell;
        std::getline(ss, cell, '|');  // before the first bar
        while (std::getline(ss, cell, '|')) {
            const auto b = cell.find_first_not_of(" `"), e = cell.find_last_not_of(" `");
            cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
        }
        return cells;
    };
    while (std::getline(in, line)) {
        if (line.rfind("###", 0) == 0) {
            table = nullptr;
            baseline_column = -1;
            suite = line.find("main suite") != std::string::npos    ? "main"
                    : line.find("micro suite") != std::string::npos ? "micro"
                                                                      : "";
            if (!suite.empty())
                table = line.find("`total`") != std::string::npos ? &ref.total : &ref.execute;
            continue;
        }
        if (!table || line.empty() || line[0] != '|') continue;
        const auto cells = split(line);
        if (baseline_column < 0) {  // the header row
            for (size_t i = 0; i < cells.size(); ++i)
                if (cells[i].rfind("baseline", 0) == 0) {
                    baseline_column = static_cast<int>(i);
                    break;
                }
            continue;
        }
        if (cells.size() <= static_cast<size_t>(baseline_column) || cells[0].find('/') == std::string::npos) continue;
        std::string number;
        for (char ch : cells[baseline_column])
            if (ch != ',') number += ch;
        try {
            (*table)[suite + "/" + cells[0]] = std::stod(number);
        } catch (...) {
        }
    }
    return ref;
}

double cpu_now_us() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

/// Code analysed once, outside the timed loop, for "execute" runs.
struct Prepared {
    std::vector<uint64_t> buffer;  // 8-aligned analysis buffer
    CodeAnalysis analysis;
    explicit Prepared(const core::Bytes& code) : buffer((analysis_size(code.size()) + 7) / 8) {
        analysis = analyze(code.data(), code.size(), reinterpret_cast<uint8_t*>(buffer.data()));
    }
};

struct Outcome {
    StatusCode status = StatusCode::Success;
    int64_t gas_left = 0;
    core::Bytes output;
};

/// One execution of pre-analysed code (what execute() does minus the analysis; `schedule` null: baseline).
[[gnu::noinline]] Outcome run_prepared(const Prepared& p, const Schedule* schedule, const Message& msg, Revision rev,
                     dispatch::Strategy strategy, uint256* stack, bool keep_output) {
    BenchHost host;
    ExecState s;
    s.stack_base = stack;
    s.sp = stack;
    s.code = p.analysis;
    s.gas = msg.gas;
    s.costs = gas_costs(rev).data();
    s.rev = rev;
    s.host = &host;
    s.msg = &msg;
    if (schedule) run_schedule(strategy, s, *schedule);
    else run_interpreter<false>(strategy, s);
    Outcome o;
    o.status = s.status;
    if (s.status == StatusCode::Success || s.status == StatusCode::Revert) {
        o.gas_left = s.gas;
        if (keep_output && s.output_size)
            o.output.assign(s.memory.data + s.output_offset, s.memory.data + s.output_offset + s.output_size);
    }
    return o;
}

/// One execution through the public entry point (analysis + execution).
Outcome run_total(const BenchCase& c, const Message& msg, Revision rev, Interpreter interpreter,
                  dispatch::Strategy strategy) {
    BenchHost host;
    ExecOptions options;
    options.dispatch = strategy;
    options.interpreter = interpreter;
    if (interpreter != Interpreter::Baseline) schedule_cache_reset();  // auto: the code is cold again
    Result r = execute(host, rev, msg, c.code.data(), c.code.size(), options);
    return {r.status, r.gas_left, std::move(r.output)};
}

/// Runs each of `fns` (one per pair) repeatedly before anything is timed: at least `min_runs` runs and `min_us` of
/// CPU time each, so caches, branch predictors and the clock frequency have settled. Returns each function's
/// mean time per run over its warm-up (us), which sizes the timed batches (the first, cold run would make the
/// first pair's batches too short, and their clock overhead a bias).
std::vector<double> warm_up(const std::vector<std::function<void()>>& fns, int min_runs, double min_us) {
    std::vector<double> per_run;
    for (const auto& fn : fns) {
        const double t0 = cpu_now_us();
        int runs = 0;
        for (; runs < min_runs || cpu_now_us() - t0 < min_us; ++runs) fn();
        per_run.push_back((cpu_now_us() - t0) / runs);
    }
    return per_run;
}

/// Median CPU time (us) of one run of each of `fns`, measured interleaved: batch b of every function is timed
/// before batch b + 1 of any, starting with a different function each round, so that drift over time (another
/// process, the clock frequency) and the order of measurement bias no ratio. A batch repeats a function so it
/// lasts >= ~200 us (clock resolution); `batches` rounds (0: adaptive, >= 5 and about 0.3 s per function).
std::vector<double> time_medians_us(const std::vector<std::function<void()>>& fns, const std::vector<double>& run_us,
                                    int batches) {
    const size_t n = fns.size();
    std::vector<int> per_batch(n);
    int rounds = batches;
    for (size_t i = 0; i < n; ++i) {
        const double one = std::max(run_us[i], 0.05);
        per_batch[i] = batches > 0 ? 1 : std::max(1, static_cast<int>(200.0 / one));
        if (batches <= 0) rounds = std::max(rounds, std::clamp(static_cast<int>(3e5 / (one * per_batch[i])), 5, 51));
    }
    std::vector<std::vector<double>> samples(n);
    for (int r = 0; r < rounds; ++r)
        for (size_t k = 0; k < n; ++k) {
            const size_t i = (k + static_cast<size_t>(r)) % n;
            const double t0 = cpu_now_us();
            for (int j = 0; j < per_batch[i]; ++j) fns[i]();
            samples[i].push_back((cpu_now_us() - t0) / per_batch[i]);
        }
    std::vector<double> medians(n);
    for (size_t i = 0; i < n; ++i) {
        std::sort(samples[i].begin(), samples[i].end());
        medians[i] = samples[i][samples[i].size() / 2];
    }
    return medians;
}

/// Median CPU time (us) to build the schedule of `code` (outside any cache), batched to >= ~200 us per sample.
double build_time_us(const core::Bytes& code, Revision rev) {
    std::vector<double> samples;
    int per_batch = 1;
    for (int b = 0; b < 7; ++b) {
        const double t0 = cpu_now_us();
        for (int i = 0; i < per_batch; ++i) {
            const Schedule schedule(code.data(), code.size(), rev, 0);
            asm volatile("" : : "r"(schedule.entries.data()) : "memory");
        }
        const double us = (cpu_now_us() - t0) / per_batch;
        if (b == 0) {
            per_batch = std::max(1, static_cast<int>(200.0 / std::max(us, 0.05)));
            continue;  // the first build sized the batches and warmed up
        }
        samples.push_back(us);
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

/// Compares an outcome with the expectation; returns an empty string when it matches, else what differs.
std::string check(const BenchCase& c, const Outcome& o) {
    if (!c.has_expected) return {};
    std::string diff;
    if (status_name(o.status) != c.expected_status)
        diff += fmt::format(" status {} (expected {})", status_name(o.status), c.expected_status);
    const std::string out = core::to_hex_0x(o.output);
    if (out != c.expected_output) diff += fmt::format(" output {} (expected {})", out, c.expected_output);
    const int64_t gas_used = bench_gas - o.gas_left;
    if (c.expected_gas >= 0 && gas_used != c.expected_gas)
        diff += fmt::format(" gas used {} (expected {})", gas_used, c.expected_gas);
    return diff;
}

struct Pair {
    Interpreter interpreter;
    dispatch::Strategy strategy;
    std::string name() const {
        return std::string(interpreter_name(interpreter)) + "/" + std::string(dispatch::name(strategy));
    }
};

/// Times of one case under one pair (us); negative when not run.
struct Timing {
    double execute = -1, total = -1;
    int64_t gas = 0;
};

std::string fmt_us(double us) { return us >= 100 ? fmt::format("{:.0f}", us) : fmt::format("{:.2f}", us); }

double geomean(const std::vector<double>& v) {
    if (v.empty()) return 0;
    double sum = 0;
    for (double x : v) sum += std::log(x);
    return std::exp(sum / static_cast<double>(v.size()));
}

}  // namespace

int run_benchmarks(const std::string& dir_text, const BenchOptions& options, std::FILE* out) {
    const fs::path dir(dir_text);
    if (!fs::is_directory(dir)) throw core::Error(dir_text + ": not a folder");
    std::vector<BenchCase> cases = load_cases(dir, options.rev);
    if (!options.filter.empty())
        std::erase_if(cases, [&](const BenchCase& c) { return c.key.find(options.filter) == std::string::npos; });
    if (cases.empty()) throw core::Error("no benchmark matches '" + options.filter + "'");
    const Reference ref = load_reference(dir.parent_path() / "REFERENCE_TIMINGS_evmone.md");

    std::vector<Pair> pairs;
    const auto strategies = options.strategies.empty()
                                ? std::vector<dispatch::Strategy>(dispatch::available_strategies().begin(),
                                                                  dispatch::available_strategies().end())
                                : options.strategies;
    for (Interpreter k : options.interpreters)
        for (dispatch::Strategy st : strategies) pairs.push_back({k, st});

    std::vector<uint256> stack(stack_limit);
    std::vector<std::vector<Timing>> timings(cases.size(), std::vector<Timing>(pairs.size()));
    int failures = 0;
    fmt::print(out, "# trellis-evm bench: {} cases, revision {}, {} pair(s); CPU time, median; pairs measured "
                    "interleaved after a warm-up\n",
               cases.size(), revision_name(options.rev), pairs.size());
    // Per case and mode: every pair's first run (checked against the expected outputs), a warm-up of every pair
    // (its time per run sizes the batches) (longer before the first case: a cold process runs its first pair up to
    // 1.5x slower), then the pairs' batches interleaved.
    std::vector<std::string> failure_lines;
    bool first_case = true;
    for (size_t ci = 0; ci < cases.size(); ++ci) {
        const BenchCase& c = cases[ci];
        Message msg;
        msg.gas = bench_gas;
        msg.recipient.bytes[19] = 0xc0;
        msg.code_address = msg.recipient;
        msg.sender.bytes[19] = 0xca;
        msg.input = c.input.data();
        msg.input_size = c.input.size();
        const Prepared prepared(c.code);
        for (const bool total : {false, true}) {
            std::vector<Schedule*> schedules(pairs.size(), nullptr);
            std::vector<std::function<void()>> fns;
            std::vector<size_t> timed;  // pair indexes whose first run matched the expectation
            for (size_t pi = 0; pi < pairs.size(); ++pi) {
                const Pair& pair = pairs[pi];
                // Execution only: auto runs hot code, i.e. its cached schedule.
                Schedule* schedule = pair.interpreter != Interpreter::Baseline && !total
                                         ? &acquire_schedule(c.code.data(), c.code.size(), options.rev)
                                         : nullptr;
                schedules[pi] = schedule;
                const Outcome first =
                    total ? run_total(c, msg, options.rev, pair.interpreter, pair.strategy)
                          : run_prepared(prepared, schedule, msg, options.rev, pair.strategy, stack.data(), true);
                const std::string diff = check(c, first);
                if (!diff.empty()) {
                    ++failures;
                    failure_lines.push_back(fmt::format("{} {} {}  FAILED:{}", pair.name(),
                                                        total ? "total" : "execute", c.key, diff));
                    continue;
                }
                timings[ci][pi].gas = bench_gas - first.gas_left;
                timed.push_back(pi);
                if (total)
                    fns.push_back([&, pi] { run_total(c, msg, options.rev, pairs[pi].interpreter, pairs[pi].strategy); });
                else
                    fns.push_back([&, pi, schedule] {
                        run_prepared(prepared, schedule, msg, options.rev, pairs[pi].strategy, stack.data(), false);
                    });
            }
            if (!fns.empty()) {
                const std::vector<double> run_us = warm_up(fns, 3, first_case ? 100'000.0 : 10'000.0);
                first_case = false;
                const std::vector<double> medians = time_medians_us(fns, run_us, options.repeat);
                for (size_t k = 0; k < timed.size(); ++k) {
                    Timing& t = timings[ci][timed[k]];
                    (total ? t.total : t.execute) = medians[k];
                }
            }
            for (Schedule* schedule : schedules)
                if (schedule) release_schedule(*schedule);
        }
    }
    for (size_t pi = 0; pi < pairs.size(); ++pi)
        for (const bool total : {false, true}) {
            fmt::print(out, "\n## {}  {}\n", pairs[pi].name(), total ? "analysis + execution" : "execution only");
            for (size_t ci = 0; ci < cases.size(); ++ci) {
                const Timing& t = timings[ci][pi];
                const double us = total ? t.total : t.execute;
                if (us < 0) continue;
                fmt::print(out, "{:<40} {:>10} us  {:>11} gas  {:>8.0f} Mgas/s\n", cases[ci].key, fmt_us(us), t.gas,
                           static_cast<double>(t.gas) / us);
            }
        }
    for (const std::string& line : failure_lines) fmt::print(out, "{}\n", line);

    // Ratio tables: each pair against the first, and against evmone's baseline (reference file).
    for (const bool total : {false, true}) {
        const auto& reftable = total ? ref.total : ref.execute;
        fmt::print(out, "\n## ratios, {} (time / time of {}; 'evm1' = time / evmone baseline)\n",
                   total ? "analysis + execution" : "execution only", pairs[0].name());
        std::string header = fmt::format("| {:<40} |", "case");
        for (const Pair& p : pairs) header += fmt::format(" {:>16} |", p.name());
        header += fmt::format(" {:>9} |", "evmone us");
        std::string rule = "|---|";
        for (const Pair& p : pairs) {
            header += fmt::format(" {:>11} |", fmt::format("evm1 {}/{}", interpreter_name(p.interpreter)[0],
                                                             dispatch::name(p.strategy)));
            rule += "---:|---:|";
        }
        rule += "---:|";
        fmt::print(out, "{}\n{}\n", header, rule);
        std::map<std::string, std::vector<std::vector<double>>> vs_evmone, vs_first;  // by suite, by pair
        for (size_t ci = 0; ci < cases.size(); ++ci) {
            const auto& row = timings[ci];
            const double base = total ? row[0].total : row[0].execute;
            const auto r = reftable.find(cases[ci].key);
            const double evm1 = r == reftable.end() ? -1 : r->second;
            std::string line = fmt::format("| {:<40} |", cases[ci].key);
            auto& sf = vs_first[cases[ci].suite];
            auto& se = vs_evmone[cases[ci].suite];
            sf.resize(pairs.size());
            se.resize(pairs.size());
            for (size_t pi = 0; pi < pairs.size(); ++pi) {
                const double v = total ? row[pi].total : row[pi].execute;
                if (v < 0 || base <= 0) {
                    line += fmt::format(" {:>16} |", "-");
                    continue;
                }
                line += fmt::format(" {:>7} us {:>4.2f}x |", fmt_us(v), v / base);
                sf[pi].push_back(v / base);
            }
            line += evm1 > 0 ? fmt::format(" {:>9} |", fmt_us(evm1)) : fmt::format(" {:>9} |", "-");
            for (size_t pi = 0; pi < pairs.size(); ++pi) {
                const double v = total ? row[pi].total : row[pi].execute;
                if (v > 0 && evm1 > 0) {
                    line += fmt::format(" {:>10.2f}x |", v / evm1);
                    se[pi].push_back(v / evm1);
                } else {
                    line += fmt::format(" {:>11} |", "-");
                }
            }
            fmt::print(out, "{}\n", line);
        }
        for (const auto& [suite, per_pair] : vs_first) {
            std::string line = fmt::format("| {:<40} |", "geomean " + suite);
            for (size_t pi = 0; pi < pairs.size(); ++pi)
                line += fmt::format(" {:>16} |", fmt::format("{:.2f}x", geomean(per_pair[pi])));
            line += fmt::format(" {:>9} |", "");
            const auto& e = vs_evmone[suite];
            for (size_t pi = 0; pi < pairs.size(); ++pi)
                line += e[pi].empty() ? fmt::format(" {:>11} |", "-")
                                      : fmt::format(" {:>10.2f}x |", geomean(e[pi]));
            fmt::print(out, "{}\n", line);
        }
    }
    // Where `auto` should switch: per case and dispatch, the schedule's build cost (its analysis + execution time
    // minus its execution time) over what it saves per gas against the baseline; the gas a code must have run
    // before building pays off, also per byte of code (the build cost grows with the code size).
    bool header_printed = false;
    for (const dispatch::Strategy st : strategies) {
        size_t bi = pairs.size(), si = pairs.size();
        for (size_t pi = 0; pi < pairs.size(); ++pi)
            if (pairs[pi].strategy == st) {
                if (pairs[pi].interpreter == Interpreter::Baseline) bi = pi;
                if (pairs[pi].interpreter == Interpreter::Schedule) si = pi;
            }
        if (bi == pairs.size() || si == pairs.size()) continue;
        if (!header_printed) {
            fmt::print(out, "\n## auto's threshold: schedule build cost vs its saving per gas (baseline - schedule)\n"
                            "| {:<40} | dispatch | code bytes | build us | saving ns/gas | break-even gas | gas/byte | "
                            "calls |\n|---|---|---:|---:|---:|---:|---:|---:|\n",
                       "case");
            header_printed = true;
        }
        for (size_t ci = 0; ci < cases.size(); ++ci) {
            const Timing &b = timings[ci][bi], &sc = timings[ci][si];
            if (b.execute < 0 || sc.execute < 0 || sc.total < 0 || b.gas <= 0) continue;
            const double build_us = build_time_us(cases[ci].code, options.rev);
            const double analysis_us = b.total - b.execute;  // the baseline's per-call JUMPDEST analysis
            const double saving_ns_per_gas = (b.execute - sc.execute) * 1e3 / static_cast<double>(b.gas);
            const size_t bytes = std::max<size_t>(cases[ci].code.size(), 1);
            // Calls: the build over what each call saves, its JUMPDEST analysis plus the execution saving.
            const double per_call_saving_us = analysis_us + saving_ns_per_gas * static_cast<double>(b.gas) / 1e3;
            const std::string calls =
                per_call_saving_us > 0 ? fmt::format("{:.0f}", build_us / per_call_saving_us) : "never";
            if (saving_ns_per_gas <= 0) {
                fmt::print(out, "| {:<40} | {} | {} | {} | {:.3f} | never | never | {} |\n", cases[ci].key,
                           dispatch::name(st), bytes, fmt_us(build_us), saving_ns_per_gas, calls);
                continue;
            }
            const double break_even = build_us * 1e3 / saving_ns_per_gas;
            fmt::print(out, "| {:<40} | {} | {} | {} | {:.3f} | {:.0f} | {:.0f} | {} |\n", cases[ci].key,
                       dispatch::name(st), bytes, fmt_us(build_us), saving_ns_per_gas, break_even,
                       break_even / static_cast<double>(bytes), calls);
        }
    }
    fmt::print(out, "auto switches at {} gas per code byte or {} calls (schedule.hpp)\n", auto_hot_gas_per_byte,
               auto_hot_calls);

    const ScheduleCacheStats cs = schedule_cache_stats();
    fmt::print(out, "\nschedule cache: {} hits, {} misses, {} evictions, {} schedules, {} bytes (bound {})\n", cs.hits,
               cs.misses, cs.evictions, cs.entries, cs.bytes, cs.capacity_bytes);
    fmt::print(out, "{} case(s) checked against expected outputs: {} failed\n", cases.size() * pairs.size() * 2,
               failures);
    return failures ? 1 : 0;
}

}  // namespace trellis::evm
