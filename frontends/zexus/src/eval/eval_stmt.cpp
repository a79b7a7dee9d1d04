/// @file eval_stmt.cpp
/// Zexus statements for the tree walker (LANGUAGE.md §4, §6, §9, §10): blocks, let/const, print/debug, if,
/// while, for each, break/continue, match, try/catch/finally, throw, require/revert/assert, declarations, and the
/// top-level loop with the error-recovery mode of §6. Expressions, environments and calls are in eval.cpp.
/// `while` and `for each` count their iterations and hand hot loops to the bytecode tier (vm.hpp: loop units).
#include "eval/eval_impl.hpp"
#include "eval/step_limit.hpp"
#include "vm/vm.hpp"

namespace trellis::zexus {

using core::Kind;

namespace {
core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }
}  // namespace

// -------------------------------------------------------------------------------------------- statements

Flow Evaluator::exec_block(Node* n) {
    auto* b = n->as<Block>();
    if (!b) return exec(n);
    for (size_t i = 0; i < b->stmts.size(); ++i) {
        Node* s = b->stmts[i];
        if (TRELLIS_UNLIKELY(s->kind == NodeKind::Defer)) return exec_deferring(b, i);  // eval_defer.cpp
        Flow f = exec(s);
        if (f != Flow::normal) return f;
    }
    return Flow::normal;
}

void Evaluator::exec_print(Print* p, bool debug) {
    Value* saved = m_sp;
    Value env = m_env;
    int depth = m_depth;
    try {
        for (Node* a : p->args) push(eval(a));
    } catch (ZexusRuntimeError& e) {
        // LANGUAGE.md §10: an error inside a print argument skips only that print.
        m_sp = saved;
        m_env = env;
        m_depth = depth;
        report_skipped_print(e);
        return;
    }
    print_values(saved, p->args.size(), debug);
    m_sp = saved;
}

void Evaluator::print_values(Value* args, size_t n, bool debug) {
    std::string line = debug ? "[DEBUG] " : "";
    for (size_t i = 0; i < n; ++i) {
        if (i) line += ' ';
        append_display(line, args[i]);
    }
    line += '\n';
    m_out.write_out(line);
}

void Evaluator::report_skipped_print(const ZexusRuntimeError& e) {
    m_out.write_err("\xE2\x9D\x8C Error: " + e.message + "\n  at " + m_file + ":" + std::to_string(e.line) + ":" +
                    std::to_string(e.column) + "\n");
}

void Evaluator::throw_value(const Node* at, Value v) {
    if (zclass(v) == ZClass::error) fail(at, std::string(str(inst(v)->slots[0])));
    fail(at, display(v));
}

Flow Evaluator::exec_try(Try* t) {
    Value* saved = m_sp;
    int depth = m_depth;
    push(m_env);
    Flow flow = Flow::normal;
    bool pending = false;
    ZexusRuntimeError error;
    try {
        flow = exec_block(t->body);
    } catch (ZexusRuntimeError& e) {
        m_sp = saved + 1;
        m_env = saved[0];
        m_depth = depth;
        if (t->catch_body) {
            try {
                if (!t->catch_name.empty()) define(t->catch_name, make_error(e.message), false);
                flow = exec_block(t->catch_body);
            } catch (ZexusRuntimeError& e2) {
                m_sp = saved + 1;
                m_env = saved[0];
                m_depth = depth;
                pending = true;
                error = std::move(e2);
            }
        } else {
            pending = true;
            error = std::move(e);
        }
    }
    if (t->finally_body) {
        push(m_ret);
        Flow f2 = exec_block(t->finally_body);
        m_ret = m_sp[-1];
        if (f2 != Flow::normal) {
            m_sp = saved;
            return f2;
        }
    }
    m_sp = saved;
    if (pending) throw error;
    return flow;
}

Flow Evaluator::exec_for_each(ForEach* f) {
    Value* base = m_sp;
    push(eval(f->iterable));
    Value it = base[0];
    bool is_map = core::is_kind(it, Kind::map);
    if (!is_map && !core::is_kind(it, Kind::list)) fail(f, "ForEach expects List or Map");
    uint64_t hot = vm_tier() ? (m_options.tier == Tier::vm ? 0 : m_options.hot_loop_threshold) : UINT64_MAX;
    for (uint64_t i = 0, count = 0;; ++i, ++count) {
        if (TRELLIS_UNLIKELY(count == hot)) {
            // Tier-up (vm.hpp): the VM goes on from item i with the same iterable and environment.
            if (const Proto* p = m_vm->loop_proto(f)) {
                Flow fl = m_vm->run_loop(p, base[0], i);
                m_sp = base;
                return fl;
            }
        }
        Value k, v;
        if (is_map) {
            auto* m = static_cast<core::Map*>(base[0].as_object());
            auto* e = static_cast<core::Array*>(m->entries.as_object());
            while (i < m->used && e->items[2 * i].is_undefined()) ++i;
            if (i >= m->used) break;
            k = e->items[2 * i];
            v = e->items[2 * i + 1];
        } else {
            auto* l = static_cast<core::List*>(base[0].as_object());
            if (i >= l->length) break;
            k = Value::small_int(static_cast<int64_t>(i));
            v = gc::list_get(l, i);
        }
        if (m_options.max_iterations && ++m_iterations > m_options.max_iterations)
            iteration_limit(*this, f, m_iterations);
        if (f->index.empty()) {
            define(f->item, is_map ? k : v, false);
        } else {
            push(v);
            define(f->index, k, false);
            define(f->item, m_sp[-1], false);
            m_sp = base + 1;
        }
        Flow fl = exec_block(f->body);
        if (fl == Flow::brk) break;
        if (fl == Flow::ret) {
            m_sp = base;
            return fl;
        }
    }
    m_sp = base;
    return Flow::normal;
}

Case* Evaluator::select_case(Match* m, Value* subject) {
    for (Node* cn : m->cases) {
        auto* c = static_cast<Case*>(cn);
        bool hit = !c->pattern || match_pattern(c->pattern, subject);
        if (hit && c->guard) hit = truthy(eval(c->guard));
        if (hit) return c;
    }
    return nullptr;
}

Flow Evaluator::exec_match(Match* m) {
    Value* base = m_sp;
    push(eval(m->subject));
    Case* c = select_case(m, base);
    m_sp = base;
    return c && c->body ? exec_block(c->body) : Flow::normal;
}

Value Evaluator::eval_match(Match* m) {
    Value* base = m_sp;
    push(eval(m->subject));
    Case* c = select_case(m, base);
    m_sp = base;
    if (!c) fail(m, "Match expression: no pattern matched");
    return eval(c->body);
}

bool Evaluator::match_pattern(Node* pattern, Value* subject) {
    if (auto* id = pattern->as<Ident>()) {
        if (id->name != "_") define(id->name, *subject, false);
        return true;
    }
    if (auto* call = pattern->as<Call>(); call && call->callee->is<Ident>()) {
        bool found = false;
        Value type = lookup(call->callee->as<Ident>()->name, found);
        if (found && zclass(type) == ZClass::type) {
            if (zclass(*subject) != ZClass::record || !inst(*subject)->slots[0].same(type)) return false;
            const size_t ntype = static_cast<size_t>(inst(type)->slots[0].as_small_int());
            if (call->args.size() > m_types[ntype].fields.size())
                fail(pattern, "Pattern " + m_types[ntype].name + "(...) has more parts than the type's fields");
            Value* base = m_sp;
            for (size_t i = 0; i < call->args.size(); ++i) {
                Value key = make_string(m_types[ntype].fields[i]);
                Value v = gc::map_get(static_cast<core::Map*>(inst(*subject)->slots[1].as_object()), key);
                push(v.is_undefined() ? Value::nil() : v);
                if (!match_pattern(call->args[i], m_sp - 1)) {
                    m_sp = base;
                    return false;
                }
                m_sp = base;
            }
            return true;
        }
    }
    Value value = eval(pattern);  // may allocate: read the subject afterwards
    return equal(*subject, value);
}

void Evaluator::exec_module(Module* m) {
    Value* base = m_sp;
    push(m_env);                  // base[0]: the enclosing scope
    push(new_env(m_env));         // base[1]: the module's scope (a Map of its names)
    m_env = base[1];
    exec_block(m->body);
    m_env = base[0];
    push(make_string(m->name));  // base[2]
    auto* mod = gc::new_instance(m_heap, static_cast<uint16_t>(ZClass::module), 2);
    mod->slots[0] = inst(base[1])->slots[0];
    mod->slots[1] = base[2];
    push(Value::object(mod));
    define(m->name, m_sp[-1], false);
    m_sp = base;
}

Flow Evaluator::exec(Node* n) {
    switch (n->kind) {
        case NodeKind::ExprStmt: {
            Node* e = static_cast<ExprStmt*>(n)->expr;
            if (auto* a = e->as<Assign>()) assign(a);
            else eval(e);
            return Flow::normal;
        }
        case NodeKind::Let: {
            auto* l = static_cast<Let*>(n);
            define(l->name, l->value ? eval(l->value) : Value::nil(), l->is_const);
            return Flow::normal;
        }
        case NodeKind::Print: exec_print(static_cast<Print*>(n), false); return Flow::normal;
        case NodeKind::Debug: {
            auto* d = static_cast<Debug*>(n);
            Print p{};
            p.kind = NodeKind::Print;
            p.line = d->line;
            p.column = d->column;
            p.args = d->args;
            exec_print(&p, true);
            return Flow::normal;
        }
        case NodeKind::Function: {
            auto* fn = static_cast<Function*>(n);
            Value f = make_function(fn);
            if (!fn->name.empty()) define(fn->name, f, false);
            if ((fn->flags & FnExport) && !m_export_stack.empty()) m_export_stack.back().emplace_back(fn->name);
            return Flow::normal;
        }
        case NodeKind::Block: return exec_block(n);
        case NodeKind::If: {
            auto* i = static_cast<If*>(n);
            for (size_t k = 0; k < i->conds.size(); ++k)
                if (truthy(eval(i->conds[k]))) return exec_block(i->blocks[k]);
            return i->else_block ? exec_block(i->else_block) : Flow::normal;
        }
        case NodeKind::While: {
            auto* w = static_cast<While*>(n);
            // Tier-up (vm.hpp): under --tier=vm the loop is compiled before its first iteration; under auto,
            // after hot_loop_threshold iterations, and the remaining ones run in the VM on the same environment.
            uint32_t hot = vm_tier() ? (m_options.tier == Tier::vm ? 0 : m_options.hot_loop_threshold) : UINT32_MAX;
            for (uint32_t count = 0;; ++count) {
                if (TRELLIS_UNLIKELY(count == hot) && m_vm)
                    if (const Proto* p = m_vm->loop_proto(n)) return m_vm->run_loop(p, Value::nil(), 0);
                if (!truthy(eval(w->cond))) break;
                if (m_options.max_iterations && ++m_iterations > m_options.max_iterations)
                    iteration_limit(*this, n, m_iterations);
                Flow f = exec_block(w->body);
                if (f == Flow::brk) break;
                if (f == Flow::ret) return f;
            }
            return Flow::normal;
        }
        case NodeKind::ForEach: return exec_for_each(static_cast<ForEach*>(n));
        case NodeKind::Break: return Flow::brk;
        case NodeKind::Continue: return Flow::cont;
        case NodeKind::Return: {
            auto* r = static_cast<Return*>(n);
            m_ret = r->value ? eval(r->value) : Value::nil();
            return Flow::ret;
        }
        case NodeKind::Match:
            if (static_cast<Match*>(n)->expression) {
                eval_match(static_cast<Match*>(n));
                return Flow::normal;
            }
            return exec_match(static_cast<Match*>(n));
        case NodeKind::Module: exec_module(static_cast<Module*>(n)); return Flow::normal;
        case NodeKind::Try: return exec_try(static_cast<Try*>(n));
        case NodeKind::Throw: throw_value(n, eval(static_cast<Throw*>(n)->value));
        case NodeKind::Guard: {
            auto* g = static_cast<Guard*>(n);
            Value* base = m_sp;
            for (Node* a : g->args) push(eval(a));
            size_t argc = g->args.size();
            std::string msg;
            bool failed = false;
            if (g->guard == GuardKind::Revert) {
                failed = true;
                msg = argc ? display(base[0]) : "Transaction reverted";
            } else {
                if (argc == 0) fail(n, "require/assert needs a condition");
                failed = !truthy(base[0]);
                msg = argc > 1 ? display(base[1])
                               : (g->guard == GuardKind::Assert ? "Assertion failed" : "Requirement not met");
            }
            m_sp = base;
            if (failed) fail(n, msg);
            return Flow::normal;
        }
        case NodeKind::Use: exec_use(static_cast<Use*>(n)); return Flow::normal;
        case NodeKind::Export: exec_export(static_cast<Export*>(n)); return Flow::normal;
        case NodeKind::TypeDecl:
        case NodeKind::Contract: declare_type(n); return Flow::normal;
        case NodeKind::Unsupported:
            fail(n, "'" + std::string(static_cast<Unsupported*>(n)->keyword) + "' is not supported");
        case NodeKind::Defer: return exec_block(static_cast<Defer*>(n)->body);  // a scope of its own: runs now
        case NodeKind::Emit: fail(n, "'emit' is not supported");
        case NodeKind::StateDecl: {
            static constexpr const char* words[] = {"state", "ledger", "storage", "persistent storage"};
            fail(n, std::string("'") + words[static_cast<int>(static_cast<StateDecl*>(n)->state)] +
                        "' is only supported inside a contract");
        }
        default: fail(n, "'" + std::string(node_kind_name(n->kind)) + "' is not supported yet");
    }
}

Value Evaluator::run(Ast& ast) {
    compute_native_limit();  // run() may be called from different threads over an interpreter's life
    m_file = ast.file;
    define_module_names(ast.file, "__main__");
    Value last = Value::nil();
    Value* saved = m_sp;
    std::vector<Node*> defers;  // top-level `defer` bodies, run when the program ends (eval_defer.cpp)
    for (Node* s : ast.root->stmts) {
        last = Value::nil();
        if (auto* d = s->as<Defer>()) {
            defers.push_back(d->body);
            continue;
        }
        try {
            if (auto* e = s->as<ExprStmt>(); e && !e->expr->is<Assign>()) {
                last = eval(e->expr);
                continue;
            }
            Flow f = exec(s);
            if (f == Flow::ret) break;
            if (f == Flow::cont) m_recovery = true;  // §6: `continue` outside a loop
        } catch (ZexusRuntimeError& e) {
            if (!m_recovery) {
                if (defers.empty()) throw;
                ZexusRuntimeError error = std::move(e);
                m_sp = saved;
                m_env = m_globals;
                m_depth = 0;
                run_deferred(defers);
                throw error;
            }
            // Error-recovery mode (LANGUAGE.md §6): report the error and go on with the next statement.
            m_sp = saved;
            m_env = m_globals;
            m_depth = 0;
            m_out.write_err("\xE2\x9D\x8C Error: " + e.message + "\n  at " + e.file + ":" + std::to_string(e.line) +
                            ":" + std::to_string(e.column) + "\n");
        }
    }
    push(last);
    finish_tasks();  // §15: tasks still pending run to their end (eval_tasks.cpp)
    last = pop();
    if (!defers.empty()) {
        push(last);
        run_deferred(defers);
        last = pop();
    }
    return last;
}

}  // namespace trellis::zexus
