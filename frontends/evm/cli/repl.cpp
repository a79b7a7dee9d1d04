// The EVM REPL (see repl.hpp): assembles or decodes a line, runs it on a persistent state with EIP-3155 tracing
// into memory, then shows status, gas, output, the final stack, memory size, storage and logs; `:step` walks the
// recorded trace one instruction at a time.
#include "repl.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "trellis/core/error.hpp"
#include "trellis/core/line_reader.hpp"
#include "trellis/evm/assembler.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/message_call.hpp"
#include "trellis/evm/opcodes.hpp"
#include "trellis/evm/state.hpp"

namespace trellis::evm {

namespace {

constexpr const char* help_text =
    "Type EVM assembly (PUSH1 2 PUSH1 3 ADD) or 0x-hex bytecode: it runs as a call to contract 0x..c0,\n"
    "whose storage persists between lines. Commands:\n"
    "  :step [N]      show the next N (default 1) instructions of the last run (pc, op, gas, stack)\n"
    "  :trace         show every instruction of the last run\n"
    "  :dis           disassemble the last program\n"
    "  :rev FORK      set the revision (now %s); e.g. :rev Shanghai\n"
    "  :gas N         set the gas limit (now %lld)\n"
    "  :input HEX     set the call data\n"
    "  :storage       show the contract's storage\n"
    "  :reset         forget storage and balances\n"
    "  :help          this text\n"
    "  :quit          leave (also Ctrl-D)\n";

struct Session {
    dispatch::Strategy strategy;
    std::FILE* out;
    Revision rev = Revision::Osaka;  // the fork mainnet runs
    int64_t gas = 1'000'000;
    core::Bytes input;
    State state;
    core::Bytes last_code;
    std::vector<nlohmann::json> trace;  // EIP-3155 lines of the last run
    size_t step_at = 0;
    Address contract, caller;

    Session(dispatch::Strategy s, std::FILE* o) : strategy(s), out(o) {
        contract.bytes[19] = 0xc0;
        caller.bytes[19] = 0xca;
    }

    void print_step(const nlohmann::json& line) {
        std::fprintf(out, "  pc %-5d %-14s gas %-10lld stack [", line["pc"].get<int>(),
                     line["opName"].get<std::string>().c_str(),
                     static_cast<long long>(std::stoll(line["gas"].get<std::string>(), nullptr, 16)));
        const auto& stack = line["stack"];
        for (size_t i = 0; i < stack.size(); ++i)
            std::fprintf(out, "%s%s", i ? ", " : "", stack[i].get<std::string>().c_str());
        std::fprintf(out, "]  mem %d\n", line["memSize"].get<int>());
    }

    void print_storage() {
        const Account* acc = state.find(contract);
        bool any = false;
        if (acc)
            for (const auto& [key, slot] : acc->storage)
                if (slot.current) {
                    std::fprintf(out, "  storage[%s] = %s\n", to_hex(key).c_str(), to_hex(slot.current).c_str());
                    any = true;
                }
        if (!any) std::fprintf(out, "  storage: empty\n");
    }

    void run(const core::Bytes& program) {
        last_code = program;
        core::Bytes code = program;
        code.push_back(OP_STOP);  // an explicit STOP, so the trace's last line shows the final stack
        if (state.exists(contract))
            state.set_code(contract, code);  // keep storage and balance between lines
        else
            state.put_account(contract, 1, 0, code, {});
        if (!state.exists(caller)) state.put_account(caller, 0, 0, {}, {});
        char* buf = nullptr;
        size_t size = 0;
        std::FILE* trace_stream = open_memstream(&buf, &size);
        ExecOptions options;
        options.dispatch = strategy;
        options.trace = trace_stream;
        const MessageCall call{.sender = caller, .recipient = contract, .input = input, .gas = gas};
        const State::Snapshot snap = state.snapshot();
        const Result r = run_message_call(state, rev, call, options);
        if (r.status != StatusCode::Success) state.revert(snap);
        const std::vector<Log> logs = state.logs();
        state.finalize_transaction(rev >= Revision::SpuriousDragon);
        state.clear_logs();
        std::fclose(trace_stream);
        trace.clear();
        step_at = 0;
        std::istringstream lines(std::string(buf, size));
        std::free(buf);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) trace.push_back(nlohmann::json::parse(line));

        std::fprintf(out, "status: %s   gas used: %lld   output: %s\n", std::string(status_name(r.status)).c_str(),
                     static_cast<long long>(gas - r.gas_left), core::to_hex_0x(r.output).c_str());
        if (!trace.empty()) {
            const auto& last = trace.back();
            const auto& stack = last["stack"];
            std::fprintf(out, "stack (top first, at %s):", last["opName"].get<std::string>().c_str());
            if (stack.empty()) std::fprintf(out, " empty");
            std::fprintf(out, "\n");
            for (size_t i = stack.size(); i-- > 0;)
                std::fprintf(out, "  %zu: %s\n", stack.size() - 1 - i, stack[i].get<std::string>().c_str());
            std::fprintf(out, "memory: %d bytes   steps: %zu\n", last["memSize"].get<int>(), trace.size());
        }
        for (const Log& log : logs)
            std::fprintf(out, "log: %zu topics, data %s\n", log.topics.size(), core::to_hex_0x(log.data).c_str());
        print_storage();
    }

    // Returns false to quit.
    bool command(const std::string& line) {
        std::istringstream words(line);
        std::string cmd, arg;
        words >> cmd >> arg;
        if (cmd == ":quit" || cmd == ":q" || cmd == ":exit") return false;
        if (cmd == ":help" || cmd == ":h") {
            std::fprintf(out, help_text, std::string(revision_name(rev)).c_str(), static_cast<long long>(gas));
        } else if (cmd == ":step" || cmd == ":s") {
            if (trace.empty()) throw core::Error("nothing to step: run a program first");
            size_t n = arg.empty() ? 1 : std::stoul(arg);
            if (step_at >= trace.size()) std::fprintf(out, "  (end of run; :trace shows it all)\n");
            for (; n > 0 && step_at < trace.size(); --n) print_step(trace[step_at++]);
        } else if (cmd == ":trace") {
            for (const auto& l : trace) print_step(l);
        } else if (cmd == ":dis") {
            std::fprintf(out, "%s", disassemble(last_code, rev).c_str());
        } else if (cmd == ":rev") {
            auto r = parse_revision(arg);
            if (!r) throw core::Error("unknown revision '" + arg + "' (e.g. Frontier, Berlin, Cancun, Osaka)");
            rev = *r;
            std::fprintf(out, "revision %s\n", std::string(revision_name(rev)).c_str());
        } else if (cmd == ":gas") {
            long long g = std::stoll(arg);
            if (g < 0) throw core::Error("gas must be >= 0");
            gas = g;
        } else if (cmd == ":input") {
            input = core::from_hex(arg);
        } else if (cmd == ":storage") {
            print_storage();
        } else if (cmd == ":reset") {
            state = State{};
            trace.clear();
            std::fprintf(out, "state cleared\n");
        } else {
            throw core::Error("unknown command '" + cmd + "' (:help lists them)");
        }
        return true;
    }
};

}  // namespace

int run_repl(dispatch::Strategy strategy, std::FILE* in, std::FILE* out) {
    Session session(strategy, out);
    const bool interactive = in == stdin && core::LineReader::interactive();
    if (interactive)
        std::fprintf(out, "trellis-evm REPL (%s dispatch). :help for commands, Ctrl-D to leave.\n",
                     std::string(dispatch::name(strategy)).c_str());
    const char* home = std::getenv("HOME");
    core::LineReader reader(interactive && home ? std::string(home) + "/.trellis_evm_history" : std::string());
    for (;;) {
        std::string line;
        if (!(interactive ? reader.read("evm> ", line) : core::read_line(in, line))) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos) continue;
        line = line.substr(start);
        try {
            if (line[0] == ':') {
                if (!session.command(line)) break;
            } else {
                session.run(assemble(line));
            }
        } catch (const std::exception& e) {
            std::fprintf(out, "error: %s\n", e.what());
        }
        std::fflush(out);
    }
    return 0;
}

}  // namespace trellis::evm
