/// @file repl.cpp
/// The interactive session of `trellis-perl` on a terminal (or `--repl`; interpreter.hpp run_repl). Each input is
/// parsed into the session's Program and compiled by the session's Compiler (compiler_repl.cpp) into a proto that
/// runs on one frame kept for the whole session, so `my` variables, subs, packages and `use` persist between
/// inputs. An input whose parse stops at the end of the text (an open bracket, string or here-doc) is continued
/// on the next line. The value of an input ending in an expression is printed as perl's debugger prints `p EXPR`
/// (list context, elements joined, a newline). Errors (syntax, compile, die) are printed and the session goes on;
/// `exit` and end of input end it, running END blocks and DESTROY as a program's end does.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/compiler.hpp"
#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "syntax/parser.hpp"
#include "trellis/core/error.hpp"
#include "trellis/core/line_reader.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/perl/interpreter.hpp"

namespace trellis::perl {

namespace {

/// Registers of the session frame (operands are 16-bit: at most 65,535 per proto).
constexpr uint32_t session_registers = 16384;

bool incomplete(const std::string& msg) {
    return msg.find("at EOF") != std::string::npos || msg.find("before EOF") != std::string::npos;
}

int session(const RunOptions& opt, bool interactive) {
    Vm vm(opt.file_name, opt.strategy);
    Program prog;
    prog.file = opt.file_name;
    Compiler compiler(vm, prog);
    Value* frame = gc::push_value_frame(vm.stack, session_registers);
    frame[0] = vm.glob_av(vm.glob_index("main::_"));
    vm.main_frame = frame;
    std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
    core::LineReader reader(interactive && !home.empty() ? home + "/.trellis_perl_history" : "");
    if (interactive)
        vm.out("trellis-perl REPL: each input's value is printed; `my` variables persist; Ctrl-D ends.\n");
    vm.flush();
    std::string package = "main";
    std::string input, line;
    int first_line = 1, next_line = 1;
    State last{&vm, frame, nullptr, nullptr, Status::ok, ctx_void, Value::nil()};
    while (reader.read(input.empty() ? "perl> " : "  ... ", line)) {
        if (input.empty()) first_line = next_line;
        ++next_line;
        input += line;
        input += '\n';
        int result = -1;
        uint32_t index = 0;
        try {
            prog.body = nullptr;
            Parser parser(prog, input, opt.file_name, first_line);
            parser.declared_subs = &vm.declared_subs;
            parser.package = package;
            parser.parse_program();
            compiler.declared = vm.declared_subs;
            index = compiler.compile_repl(result);
            package = compiler.package();
        } catch (const core::Error& e) {
            std::string msg = e.what();
            if (incomplete(msg)) continue;  // read more lines
            if (msg.empty() || msg.back() != '\n') msg += '\n';
            vm.err(msg);
            input.clear();
            continue;
        }
        input.clear();
        const Proto* proto = vm.protos[index].get();
        if (proto->nregs > session_registers) {
            vm.err("This REPL session has used its " + std::to_string(session_registers) + " registers.\n");
            continue;
        }
        State s{&vm, frame, proto->k.data(), proto, Status::ok, ctx_void, Value::nil()};
        try {
            vm.execute(s, proto->code.data());
        } catch (const core::Error& e) {  // gc::OutOfMemory
            vm.flush();
            vm.err(std::string("Out of memory! (") + e.what() + ")\n");
            continue;
        }
        while (!vm.handlers.empty() && vm.handlers.back().frame == frame) vm.handlers.pop_back();
        vm.unlocal(0);  // an input's `local`s end with it, as in perl's debugger (each input is an eval)
        if (s.status == Status::exit) {
            last = s;
            break;
        }
        if (s.status == Status::die) {
            vm.report_exit(s);
            vm.pending_error = Value::nil();
        } else if (result >= 0) {
            std::string text;
            Value list = frame[result];
            if (core::is_kind(list, core::Kind::list))
                for (uint64_t i = 0; i < av::len(list); ++i) append_str(text, av::fetch(list, static_cast<int64_t>(i)));
            text += '\n';
            vm.out(text);
        }
        vm.flush();
        if (vm.heap.finalization_ready()) vm.run_destroy_queue(s);
        vm.flush();
    }
    if (interactive && last.status != Status::exit) vm.out("\n");
    const Proto* any = vm.protos.empty() ? nullptr : vm.protos.back().get();
    last.proto = any;
    last.k = any ? any->k.data() : nullptr;
    vm.main_nregs = session_registers;
    return vm.finish_program(last, last.status == Status::exit ? vm.exit_code : 0);
}

}  // namespace

int run_repl(const RunOptions& options, bool interactive) {
    return run_with_large_stack([&] { return session(options, interactive); });
}

}  // namespace trellis::perl
