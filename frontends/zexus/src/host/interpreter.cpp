/// @file interpreter.cpp
/// The public Zexus Interpreter (interpreter.hpp): parsing, running, top-level error reports
/// (`❌ Error: MESSAGE` + `  at FILE:LINE:COLUMN`, LANGUAGE.md §10), the REPL step, and the large-stack runner
/// (a swapcontext onto a lazily committed mapping; a thread in sanitizer builds).
#include "trellis/zexus/interpreter.hpp"

#include <pthread.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <vector>

#include "eval/eval_impl.hpp"
#include "host/large_stack.hpp"
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
    return run(source, "<repl>", "", &shown);
}

int Interpreter::run_source(std::string_view source, const std::string& file) {
    return run(source, file, "Syntax error: ", nullptr);
}

int Interpreter::run(std::string_view source, const std::string& file, std::string_view syntax_label,
                     std::string* shown) {
    m_exit_status.reset();
    std::unique_ptr<Ast> ast;
    try {
        ast = parse_program(source, file);
    } catch (const ZexusSyntaxError& e) {
        m_output->write_err(std::string(k_error_prefix) + std::string(syntax_label) + e.message() + "\n  at " +
                            e.file() + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + "\n");
        m_output->flush();
        return 1;
    }
    Ast& ref = *ast;
    m_sources->asts.push_back(std::move(ast));
    int status = 0;
    try {
        Value v = m_eval->run(ref);
        if (shown && !ref.root->stmts.empty()) {
            Node* last = ref.root->stmts.back();
            if (auto* e = last->as<ExprStmt>(); e && !e->expr->is<Assign>()) *shown = m_eval->display(v);
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

// The stack run_on_large_stack switched this thread to (large_stack.hpp).
thread_local void* t_stack_low = nullptr;
thread_local size_t t_stack_size = 0;

struct StackCall {
    const std::function<int()>* fn;
    int result = 1;
    std::exception_ptr error;  // rethrown on the caller's stack: unwinding cannot cross the context switch
    ucontext_t caller;
};
#if !defined(TRELLIS_SANITIZE)
thread_local StackCall* t_call = nullptr;

void context_main() {
    StackCall* call = t_call;
    try {
        call->result = (*call->fn)();
    } catch (...) {
        call->error = std::current_exception();
    }
}  // returns to call->caller (uc_link)
#endif


void* thread_main(void* p) {
    auto* call = static_cast<StackCall*>(p);
    try {
        call->result = (*call->fn)();
    } catch (...) {
        call->error = std::current_exception();
    }
    return nullptr;
}

/// The sanitizer builds' way, and the fallback: a thread with a `stack_bytes` stack.
int run_on_thread(const std::function<int()>& fn, size_t stack_bytes) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, stack_bytes);
    StackCall call{&fn, 1, {}, {}};
    pthread_t thread;
    if (pthread_create(&thread, &attr, thread_main, &call) != 0) {
        pthread_attr_destroy(&attr);
        return fn();  // fall back to the current stack
    }
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    if (call.error) std::rethrow_exception(call.error);
    return call.result;
}

}  // namespace

bool large_stack_bounds(void*& low, size_t& size) {
    if (!t_stack_low) return false;
    low = t_stack_low;
    size = t_stack_size;
    return true;
}

int run_on_large_stack(const std::function<int()>& fn, size_t stack_bytes) {
#if defined(TRELLIS_SANITIZE)
    return run_on_thread(fn, stack_bytes);  // ASan would need fiber-switch annotations for swapcontext
#else
    // Same thread, new stack (swapcontext): no thread creation, no second thread's TLS, stack and allocator
    // heap to fault in (~0.5 ms and 15 page faults of `trellis-zx -e 'print(1)'`, docs/zexus.md "Startup").
    constexpr size_t guard = size_t(64) << 10;
    void* mem = mmap(nullptr, stack_bytes + guard, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (mem == MAP_FAILED) return run_on_thread(fn, stack_bytes);
    mprotect(mem, guard, PROT_NONE);  // overflow past the evaluator's limit faults instead of corrupting memory
    StackCall call{&fn, 1, {}, {}};
    ucontext_t context;
    getcontext(&context);
    context.uc_stack.ss_sp = mem;
    context.uc_stack.ss_size = stack_bytes + guard;
    context.uc_link = &call.caller;
    makecontext(&context, context_main, 0);
    StackCall* outer_call = t_call;
    void* outer_low = t_stack_low;
    size_t outer_size = t_stack_size;
    t_call = &call;
    t_stack_low = static_cast<char*>(mem) + guard;
    t_stack_size = stack_bytes;
    swapcontext(&call.caller, &context);
    t_call = outer_call;
    t_stack_low = outer_low;
    t_stack_size = outer_size;
    munmap(mem, stack_bytes + guard);
    if (call.error) std::rethrow_exception(call.error);
    return call.result;
#endif
}

}  // namespace trellis::zexus
