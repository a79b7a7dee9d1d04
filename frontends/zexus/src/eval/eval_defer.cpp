/// @file eval_defer.cpp
/// `defer { … }` (LANGUAGE.md §6, "runs on scope exit"), tree walker only (the bytecode compiler leaves functions
/// and loops that contain one to the tree walker). Trellis's reading of "scope": the block the `defer` statement
/// appears in. Each `defer` registers its body when it is reached; when the block is left, at its end or by
/// `return`, `break`, `continue` or an error, the registered bodies run, latest first. A body's own break,
/// continue or return does not leave anything outside it; the value being returned is kept. If the block was left
/// by an error, the error goes on after the bodies ran; an error inside a body replaces it (like `finally`).
/// Top-level defers run when the program (or REPL entry) ends.
#include <vector>

#include "eval/eval_impl.hpp"

namespace trellis::zexus {

Flow Evaluator::exec_deferring(Block* b, size_t first) {
    std::vector<Node*> pending;  // slow path: defer is rare
    Value* base = m_sp;
    push(m_env);  // base[0]: the block's environment, restored before the bodies run after an error
    const int depth = m_depth;
    Flow flow = Flow::normal;
    bool failed = false;
    ZexusRuntimeError error;
    try {
        for (size_t i = first; i < b->stmts.size(); ++i) {
            Node* s = b->stmts[i];
            if (auto* d = s->as<Defer>()) {
                pending.push_back(d->body);
                continue;
            }
            flow = exec(s);
            if (flow != Flow::normal) break;
        }
    } catch (ZexusRuntimeError& e) {
        failed = true;
        error = std::move(e);
        m_sp = base + 1;
        m_env = base[0];
        m_depth = depth;
    }
    run_deferred(pending);
    m_sp = base;
    if (failed) throw error;
    return flow;
}

void Evaluator::run_deferred(std::vector<Node*>& bodies) {
    if (bodies.empty()) return;
    Value* base = m_sp;
    push(m_ret);  // base[0]: a pending return value survives the bodies (calls inside them reset m_ret)
    while (!bodies.empty()) {
        Node* body = bodies.back();
        bodies.pop_back();
        exec_block(body);
        m_sp = base + 1;
    }
    m_ret = base[0];
    m_sp = base;
}

}  // namespace trellis::zexus
