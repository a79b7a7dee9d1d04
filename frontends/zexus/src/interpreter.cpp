/// @file interpreter.cpp
/// The public Zexus Interpreter (interpreter.hpp): parsing, running, top-level error reports
/// (`❌ Error: MESSAGE` + `  at FILE:LINE:COLUMN`, LANGUAGE.md §10), the REPL step, and the large-stack runner.
#include "trellis/zexus/interpreter.hpp"

#include <pthread.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "eval_impl.hpp"
#include "trellis/zexus/diagnostics.hpp"
#include "trellis/zexus/parser.hpp"

namespace trellis::zexus {

void Output::write_out(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }
void Output::write_err(std::string_view text) {
    std::fflush(stdout);
    std::fwrite(text.data(), 1, text.size(), stderr);
}
void Output::flush() {
    std::fflush(stdout);
    std::fflush(stderr);
}

struct Interpreter::Sources {
    std::vector<std::unique_ptr<Ast>> asts;
};

Interpreter::Interpreter(const RunOptions& options, Output* output)
    : m_default_output(output ? nullptr : std::make_unique<Output>()),
      m_output(output ? output : m_default_output.get()),
      m_eval(std::make_unique<Evaluator>(*m_output, options)),
      m_sources(std::make_unique<Sources>()) {}

Interpreter::~Interpreter() = default;

namespace {
const char* const k_error_prefix = "\xE2\x9D\x8C Error: ";
}

int Interpreter::run_repl_line(std::string_view source, std::string& shown) {
    shown.clear();
    m_exit_status.reset();
    std::unique_ptr<Ast> ast;
    try {
        ast = parse_program(source, "<repl>");
    } catch (const ZexusSyntaxError& e) {
        m_output->write_err(std::string(k_error_prefix) + e.message() + "\n  at " + e.file() + ":" +
                            std::to_string(e.line()) + ":" + std::to_string(e.column()) + "\n");
        m_output->flush();
        return 1;
    }
    Ast& ref = *ast;
    m_sources->asts.push_back(std::move(ast));
    int status = 0;
    try {
        Value v = m_eval->run(ref);
        if (!ref.root->stmts.empty()) {
            Node* last = ref.root->stmts.back();
            if (auto* e = last->as<ExprStmt>(); e && !e->expr->is<Assign>()) shown = m_eval->display(v);
        }
    } catch (const ZexusRuntimeError& e) {
        m_output->write_err(std::string(k_error_prefix) + e.message + "\n  at " + (e.file.empty() ? ref.file : e.file) + ":" +
                            std::to_string(e.line) + ":" + std::to_string(e.column) + "\n");
        status = 1;
    } catch (const gc::OutOfMemory&) {
        m_output->write_err(std::string(k_error_prefix) + "Out of memory\n");
        status = 1;
    } catch (const ZexusProgramExit& e) {
        status = e.code;
        m_exit_status = e.code;
    }
    m_output->flush();
    return status;
}

int Interpreter::run_source(std::string_view source, const std::string& file) {
    m_exit_status.reset();
    std::unique_ptr<Ast> ast;
    try {
        ast = parse_program(source, file);
    } catch (const ZexusSyntaxError& e) {
        m_output->write_err(std::string(k_error_prefix) + "Syntax error: " + e.message() + "\n  at " + e.file() +
                            ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + "\n");
        m_output->flush();
        return 1;
    }
    Ast& ref = *ast;
    m_sources->asts.push_back(std::move(ast));
    int status = 0;
    try {
        m_eval->run(ref);
    } catch (const ZexusRuntimeError& e) {
        m_output->write_err(std::string(k_error_prefix) + e.message + "\n  at " + (e.file.empty() ? ref.file : e.file) + ":" +
                            std::to_string(e.line) + ":" + std::to_string(e.column) + "\n");
        status = 1;
    } catch (const gc::OutOfMemory&) {
        m_output->write_err(std::string(k_error_prefix) + "Out of memory\n");
        status = 1;
    } catch (const ZexusProgramExit& e) {
        status = e.code;
        m_exit_status = e.code;
    }
    m_output->flush();
    return status;
}

int Interpreter::run_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        m_output->write_err(std::string(k_error_prefix) + "Cannot open file '" + path + "'\n");
        return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return run_source(text.str(), path);
}

namespace {
struct ThreadCall {
    const std::function<int()>* fn;
    int result;
};
void* thread_main(void* p) {
    auto* call = static_cast<ThreadCall*>(p);
    call->result = (*call->fn)();
    return nullptr;
}
}  // namespace

int run_on_large_stack(const std::function<int()>& fn, size_t stack_bytes) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack_bytes);
    ThreadCall call{&fn, 1};
    pthread_t thread;
    if (pthread_create(&thread, &attr, thread_main, &call) != 0) {
        pthread_attr_destroy(&attr);
        return fn();  // fall back to the current stack
    }
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    return call.result;
}

}  // namespace trellis::zexus
