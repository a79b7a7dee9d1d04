/// @file compiler.cpp
/// Zexus AST to register bytecode (compiler.hpp; opcodes in vm_bytecode.hpp): name analysis, units (functions,
/// loops, register promotion), emission and statements; expressions are in compiler_expr.cpp. Follows the tree
/// walker's evaluation order everywhere (eval.cpp, eval_stmt.cpp): operands left to right, containers before keys
/// before values, a loop's iteration count before its body, definitions in source order.
///
/// Passes: a unit is compiled, and compiled again while the set of names that must live in the environment grows
/// (a delegated statement found in pass 1 may mention a name an earlier statement compiled as a register).
#include "compiler/compiler.hpp"
#include "compiler/compiler_rules.hpp"

namespace trellis::zexus {

using namespace compiler_rules;

namespace {

/// Every name mentioned under `n`: identifiers, declared names, parameters (nested functions included).
void collect_names(Node* n, std::unordered_set<std::string_view>& out) {
    struct Ctx {
        std::unordered_set<std::string_view>* out;
    } ctx{&out};
    auto visit = [](Node* c, void* p) {
        auto* x = static_cast<Ctx*>(p);
        collect_names(c, *x->out);
    };
    switch (n->kind) {
        case NodeKind::Ident: out.insert(static_cast<Ident*>(n)->name); break;
        case NodeKind::Let: out.insert(static_cast<Let*>(n)->name); break;
        case NodeKind::ForEach:
            out.insert(static_cast<ForEach*>(n)->item);
            out.insert(static_cast<ForEach*>(n)->index);
            break;
        case NodeKind::Try: out.insert(static_cast<Try*>(n)->catch_name); break;
        case NodeKind::Function: {
            auto* f = static_cast<Function*>(n);
            out.insert(f->name);
            for (const Param& p : f->params) out.insert(p.name);
            out.insert("this");
            out.insert("self");
            break;
        }
        case NodeKind::StateDecl: out.insert(static_cast<StateDecl*>(n)->name); break;
        case NodeKind::Module: out.insert(static_cast<Module*>(n)->name); break;
        default: break;
    }
    for_each_child(n, visit, &ctx);
}

/// Names a function body declares in its own scope (not inside nested functions), and facts the passes need.
struct Owned {
    std::unordered_set<std::string_view> names;
    std::unordered_set<std::string_view> consts;
    std::unordered_set<std::string_view> captured;  ///< everything mentioned inside nested functions
    bool nested = false;
};

void collect_owned(Node* n, Owned& o) {
    switch (n->kind) {
        case NodeKind::Let:
            o.names.insert(static_cast<Let*>(n)->name);
            if (static_cast<Let*>(n)->is_const) o.consts.insert(static_cast<Let*>(n)->name);
            break;
        case NodeKind::ForEach:
            o.names.insert(static_cast<ForEach*>(n)->item);
            if (!static_cast<ForEach*>(n)->index.empty()) o.names.insert(static_cast<ForEach*>(n)->index);
            break;
        case NodeKind::Try:
            if (!static_cast<Try*>(n)->catch_name.empty()) o.names.insert(static_cast<Try*>(n)->catch_name);
            break;
        case NodeKind::Function: {
            auto* f = static_cast<Function*>(n);
            if (!f->name.empty()) o.names.insert(f->name);
            o.nested = true;
            collect_names(n, o.captured);
            return;  // a nested scope
        }
        case NodeKind::Module:  // §15: its body is a scope of its own (run by the tree walker)
            o.names.insert(static_cast<Module*>(n)->name);
            o.nested = true;
            collect_names(static_cast<Module*>(n)->body, o.captured);
            return;
        default: break;
    }
    for_each_child(n, [](Node* c, void* p) { collect_owned(c, *static_cast<Owned*>(p)); }, &o);
}


constexpr int k_max_regs = 4000;  // a frame must fit one value-stack chunk (4096 slots)

}  // namespace

// ------------------------------------------------------------------------------------------------- emission

size_t Compiler::emit(Op op, int a, int b, int c, int32_t d, const Node* at) {
    if (a < 0 || a > 0xFFFF || b < 0 || b > 0xFFFF || c < 0 || c > 0xFFFF) m_ok = false;
    Ins i;
    i.op = op;
    i.a = static_cast<uint16_t>(a);
    i.b = static_cast<uint16_t>(b);
    i.c = static_cast<uint16_t>(c);
    i.d = d;
    m_p.code.push_back(i);
    m_p.nodes.push_back(at);
    return m_p.code.size() - 1;
}

void Compiler::patch(size_t at, size_t target) { m_p.code[at].d = static_cast<int32_t>(target); }

void Compiler::patch_here(const std::vector<size_t>& jumps) {
    for (size_t j : jumps) patch(j, m_p.code.size());
}

int Compiler::exprs_to_temps(NodeList items) {
    int base = temp(static_cast<int>(items.size()));
    for (size_t i = 0; i < items.size(); ++i) expr_to(items[i], base + static_cast<int>(i));
    return base;
}

int Compiler::temp(int n) {
    int r = m_top;
    m_top += n;
    if (m_top > k_max_regs) {
        m_ok = false;
        m_top = r;
        return r;
    }
    if (static_cast<uint32_t>(m_top) > m_p.nregs) m_p.nregs = static_cast<uint32_t>(m_top);
    return r;
}

int Compiler::konst(Value v) {
    // Strings made while compiling may move at the next allocation: only immediates and interned symbols
    // (never moved) are shared by value.
    if (v.is_object() && !core::is_kind(v, core::Kind::symbol)) {
        m_p.k.push_back(v);
        return static_cast<int>(m_p.k.size() - 1);
    }
    auto it = m_konst_index.find(v.bits());
    if (it != m_konst_index.end()) return it->second;
    m_p.k.push_back(v);
    int i = static_cast<int>(m_p.k.size() - 1);
    m_konst_index.emplace(v.bits(), i);
    return i;
}

int Compiler::symbol(std::string_view name) { return konst(m_ev.symbol(name)); }

int Compiler::cache() {
    m_p.caches.emplace_back();
    return static_cast<int>(m_p.caches.size() - 1);
}

int Compiler::reg_of(std::string_view name) const {
    auto it = m_regs.find(name);
    return it == m_regs.end() ? -1 : it->second;
}

void Compiler::force_env(Node* n) { collect_names(n, m_env_names); }

// ---------------------------------------------------------------------------------------------------- units

void Compiler::reset() {
    m_p.code.clear();
    m_p.nodes.clear();
    m_p.caches.clear();
    m_p.call_caches.clear();
    m_ok = true;
    m_handlers = 0;
    m_loops.clear();
    m_regs.clear();
    m_defined.clear();
}

bool Compiler::compile_function(const Function* fn) {
    m_p.fn = fn;
    Owned owned;
    for (const Param& p : fn->params) {
        if (owned.names.count(p.name)) m_env_names.insert(p.name);  // duplicate parameter: the last one wins
        owned.names.insert(p.name);
    }
    if (fn->flags & FnExprBody) collect_owned(fn->body, owned);
    else for_each_child(fn->body, [](Node* c, void* p) { collect_owned(c, *static_cast<Owned*>(p)); }, &owned);
    for (auto n : owned.consts) m_env_names.insert(n);
    for (auto n : owned.captured) m_env_names.insert(n);
    m_env_names.insert("this");
    bool needs_env = owned.nested;
    for (int pass = 0; pass < 4; ++pass) {
        size_t before = m_env_names.size();
        reset();
        m_p.needs_env = needs_env;
        m_p.nparams = static_cast<uint32_t>(fn->params.size());
        int next = 1 + static_cast<int>(fn->params.size());
        for (size_t i = 0; i < fn->params.size(); ++i)
            if (!m_env_names.count(fn->params[i].name)) {
                m_regs[fn->params[i].name] = static_cast<int>(1 + i);
                m_defined.insert(fn->params[i].name);
            }
        for (auto n : owned.names)
            if (!m_env_names.count(n) && !m_regs.count(n)) m_regs[n] = next++;
        m_p.first_local = 1 + m_p.nparams;
        m_p.first_temp = static_cast<uint32_t>(next);
        m_top = next;
        m_p.nregs = static_cast<uint32_t>(next);
        if (next > k_max_regs) return false;
        m_first_temp = next;
        m_delegated = false;
        if (m_ev.m_options.max_iterations && m_ev.m_options.count_calls) emit(Op::ITER, 0, 0, 0, 0, fn);  // a step
        if (needs_env) {
            emit(Op::ENTER, 0, 0, 0, 0, fn);
            for (size_t i = 0; i < fn->params.size(); ++i)
                if (m_env_names.count(fn->params[i].name))
                    emit(Op::DEFG, static_cast<int>(1 + i), symbol(fn->params[i].name), 0, cache(), fn);
        }
        if (fn->flags & FnExprBody) {
            int saved = m_top;
            int r = expr_any(fn->body);
            emit(Op::RET, r);
            m_top = saved;
        } else {
            block(fn->body);
            emit(Op::RETNIL);
        }
        if (!m_ok) return false;
        bool needs = needs_env || m_delegated;
        for (auto n : owned.names)
            if (m_env_names.count(n)) needs = true;
        if (m_env_names.size() == before && needs == needs_env) return true;
        needs_env = needs;
    }
    return false;
}

namespace {
/// Whether a loop may keep its variables in registers (see compile_loop): nothing in it can run other code,
/// define a name or observe an environment.
bool promotable(Node* n, std::unordered_map<std::string_view, Ident*>& names) {
    switch (n->kind) {
        case NodeKind::Ident: names.emplace(static_cast<Ident*>(n)->name, static_cast<Ident*>(n)); return true;
        case NodeKind::IntLit: return static_cast<IntLit*>(n)->digits.size() <= 14;
        case NodeKind::FloatLit: case NodeKind::StringLit: case NodeKind::BoolLit: case NodeKind::NullLit:
        case NodeKind::Binary: case NodeKind::Unary: case NodeKind::Ternary: case NodeKind::IfExpr:
        case NodeKind::Assign: case NodeKind::ExprStmt: case NodeKind::If: case NodeKind::Block: case NodeKind::While:
        case NodeKind::Break: case NodeKind::Continue: case NodeKind::Print: case NodeKind::Index:
        case NodeKind::ListLit: case NodeKind::MapLit: case NodeKind::InterpString: case NodeKind::Member:
        case NodeKind::Return: case NodeKind::Throw: break;
        default: return false;
    }
    struct Ctx {
        std::unordered_map<std::string_view, Ident*>* names;
        bool ok;
    } ctx{&names, true};
    for_each_child(n, [](Node* c, void* p) {
        auto* x = static_cast<Ctx*>(p);
        x->ok = x->ok && promotable(c, *x->names);
    }, &ctx);
    return ctx.ok;
}
}  // namespace

bool Compiler::compile_loop(const Node* loop, bool promote) {
    m_p.loop = loop;
    m_p.is_loop = true;
    m_loop_unit = true;
    reset();
    m_p.first_local = 1;
    m_top = loop->is<ForEach>() ? 5 : 1;  // ForEach: r1 iterable, r2 next index, r3/r4 key and item
    m_first_temp = 1;
    m_p.nregs = static_cast<uint32_t>(m_top);
    m_p.promoted.clear();
    if (promote) {
        // Register promotion: a While whose body cannot call, define or delegate keeps every variable it
        // mentions in a register for the whole run (read at entry, written back by Vm::run_loop at every exit,
        // errors included). Nothing else can observe the environment meanwhile, so this is invisible. The
        // names must resolve to non-const variables (checked again by run_loop before each run).
        std::unordered_map<std::string_view, Ident*> names;
        auto* w = const_cast<Node*>(loop)->as<While>();
        if (!w || !promotable(w, names) || names.empty()) return false;
        for (auto& [name, id] : names) {
            int reg = temp();
            m_regs[name] = reg;
            m_defined.insert(name);
            m_p.promoted.push_back({static_cast<uint32_t>(symbol(name)), static_cast<uint32_t>(reg)});
            emit(Op::GETG, reg, symbol(name), 0, cache(), id);
        }
        m_first_temp = m_top;
    }
    if (auto* w = const_cast<Node*>(loop)->as<While>()) while_stmt(w, true);
    else for_each(const_cast<Node*>(loop)->as<ForEach>(), true);
    emit(Op::LOOPEND);
    return m_ok;
}

// ----------------------------------------------------------------------------------------------- statements

void Compiler::block(Node* n) {
    if (auto* b = n->as<Block>()) {
        for (Node* s : b->stmts) stmt(s);
    } else {
        stmt(n);
    }
}

void Compiler::stmt(Node* n) {
    int saved = m_top;
    switch (n->kind) {
        case NodeKind::ExprStmt: {
            Node* e = static_cast<ExprStmt*>(n)->expr;
            if (auto* a = e->as<Assign>()) assign(a);
            else expr_any(e);
            break;
        }
        case NodeKind::Let: {
            auto* l = static_cast<Let*>(n);
            let(l->name, l->value, l->is_const, n);
            break;
        }
        case NodeKind::Print: print(static_cast<Print*>(n)->args, false, n); break;
        case NodeKind::Debug: print(static_cast<Debug*>(n)->args, true, n); break;
        case NodeKind::Function: {
            auto* fn = static_cast<Function*>(n);
            if (fn->flags & FnExport) {
                exec_delegated(n);
                break;
            }
            int t = temp();
            emit(Op::CLOSURE, t, konst(Value::small_int(reinterpret_cast<int64_t>(fn))), 0, 0, fn);
            if (!fn->name.empty()) define_from(fn->name, t, false);
            break;
        }
        case NodeKind::Block: block(n); break;
        case NodeKind::If: if_stmt(static_cast<If*>(n)); break;
        case NodeKind::While: while_stmt(static_cast<While*>(n), false); break;
        case NodeKind::ForEach: for_each(static_cast<ForEach*>(n), false); break;
        case NodeKind::Break: emit_break(n); break;
        case NodeKind::Continue: emit_continue(n); break;
        case NodeKind::Return: {
            auto* r = static_cast<Return*>(n);
            if (r->value) emit(Op::RET, expr_any(r->value));
            else emit(Op::RETNIL);
            break;
        }
        case NodeKind::Throw: emit(Op::THROW, expr_any(static_cast<Throw*>(n)->value), 0, 0, 0, n); break;
        case NodeKind::Try: try_stmt(static_cast<Try*>(n)); break;
        case NodeKind::Defer: m_ok = false; break;  // block-scoped defer runs in the tree walker (eval_defer.cpp)
        default: exec_delegated(n); break;
    }
    m_top = saved;
}

void Compiler::exec_delegated(Node* n) {
    force_env(n);
    m_delegated = true;
    int t = temp(2);
    emit(Op::EXEC, t, 0, 0, 0, n);
    // r[t] = the statement's Flow (0 normal, 1 break, 2 continue, 3 return), r[t+1] = the returned value.
    size_t j = emit(Op::JNEQK, t, konst(Value::small_int(1)));
    emit_break(n);
    patch(j, m_p.code.size());
    j = emit(Op::JNEQK, t, konst(Value::small_int(2)));
    emit_continue(n);
    patch(j, m_p.code.size());
    j = emit(Op::JNEQK, t, konst(Value::small_int(3)));
    emit(Op::RET, t + 1);
    patch(j, m_p.code.size());
}

void Compiler::define_from(std::string_view name, int src, bool is_const) {
    int reg = is_const ? -1 : reg_of(name);
    if (reg >= 0) {
        if (reg != src) emit(Op::MOVE, reg, src);
        m_defined.insert(name);
    } else {
        emit(Op::DEFG, src, symbol(name), is_const ? 1 : 0, cache());
    }
}

void Compiler::let(std::string_view name, Node* value, bool is_const, const Node* at) {
    int reg = is_const ? -1 : reg_of(name);
    if (reg >= 0 && value && is_direct(value)) {
        expr_to(value, reg);
        m_defined.insert(name);
        return;
    }
    int t;
    if (value) {
        t = expr_any(value);
    } else {
        t = temp();
        emit(Op::LOADK, t, konst(Value::nil()));
    }
    (void)at;
    define_from(name, t, is_const);
}

void Compiler::assign(Assign* a) {
    static constexpr BinaryOp ops[] = {BinaryOp::Add, BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul,
                                       BinaryOp::Div, BinaryOp::Mod, BinaryOp::Pow};
    int saved = m_top;
    if (auto* id = a->target->as<Ident>()) {
        int reg = reg_of(id->name);
        int src;
        if (a->op == AssignOp::Set) {
            if (reg >= 0 && defined(id->name) && is_direct(a->value)) {
                expr_to(a->value, reg);
                m_top = saved;
                return;
            }
            src = expr_any(a->value);
        } else {
            src = temp(2);
            expr_to(a->target, src);
            expr_to(a->value, src + 1);
            emit(arith_op(ops[static_cast<int>(a->op)], false), src, src, src + 1, 0, a);
        }
        if (reg >= 0 && defined(id->name)) {
            if (src != reg) emit(Op::MOVE, reg, src);
        } else if (reg >= 0) {
            emit(Op::SETL, src, reg, symbol(id->name), 0, a);
        } else {
            emit(Op::SETG, src, symbol(id->name), 0, cache(), a);
        }
        m_top = saved;
        return;
    }
    int t = temp(4);
    if (auto* ix = a->target->as<Index>()) {
        expr_to(ix->object, t);
        expr_to(ix->index, t + 1);
    } else {
        auto* m = a->target->as<Member>();
        expr_to(m->object, t);
        emit(Op::LOADK, t + 1, konst(m_ev.make_string(m->name)));
    }
    if (a->op == AssignOp::Set) {
        expr_to(a->value, t + 2);
    } else {
        emit(Op::IDXCUR, t, 0, 0, 0, a);
        expr_to(a->value, t + 3);
        emit(arith_op(ops[static_cast<int>(a->op)], false), t + 2, t + 2, t + 3, 0, a);
    }
    emit(Op::IDXSET, t, 0, 0, 0, a);
    m_top = saved;
}

void Compiler::if_stmt(If* i) {
    std::vector<size_t> ends;
    auto outer = m_defined;
    for (size_t k = 0; k < i->conds.size(); ++k) {
        std::vector<size_t> next;
        jump_if_false(i->conds[k], next);
        block(i->blocks[k]);
        m_defined = outer;
        ends.push_back(emit(Op::JMP));
        patch_here(next);
    }
    if (i->else_block) {
        block(i->else_block);
        m_defined = outer;
    }
    patch_here(ends);
}

void Compiler::while_stmt(While* w, bool unit) {
    // Rotated: the condition is tested at the bottom (one jump per iteration), entered through it.
    (void)unit;
    auto outer = m_defined;
    size_t enter = emit(Op::JMP);
    size_t top = m_p.code.size();
    if (m_ev.m_options.max_iterations) emit(Op::ITER, 0, 0, 0, 0, w);
    m_loops.push_back(Loop{{}, {}, m_handlers});
    block(w->body);
    Loop loop = std::move(m_loops.back());
    m_loops.pop_back();
    m_defined = outer;
    size_t cond = m_p.code.size();
    patch(enter, cond);
    for (size_t j : loop.continues) patch(j, cond);
    std::vector<size_t> again;
    jump_if(w->cond, true, again);
    for (size_t j : again) patch(j, top);
    patch_here(loop.breaks);
}

void Compiler::for_each(ForEach* f, bool unit) {
    auto outer = m_defined;
    int saved = m_top;
    int base = 1;
    if (!unit) {
        base = temp(4);
        expr_to(f->iterable, base);
        emit(Op::FORPREP, base, 0, 0, 0, f);
    }
    size_t top = emit(Op::FORNEXT, base, 0, f->index.empty() ? 1 : 0, 0, f);
    if (m_ev.m_options.max_iterations) emit(Op::ITER, 0, 0, 0, 0, f);
    if (!f->index.empty()) define_from(f->index, base + 2, false);
    define_from(f->item, base + 3, false);
    m_loops.push_back(Loop{{}, {}, m_handlers});
    block(f->body);
    emit(Op::JMP, 0, 0, 0, static_cast<int32_t>(top));
    Loop loop = std::move(m_loops.back());
    m_loops.pop_back();
    patch(top, m_p.code.size());
    patch_here(loop.breaks);
    for (size_t j : loop.continues) patch(j, top);
    m_defined = outer;
    m_top = saved;
}

void Compiler::try_stmt(Try* t) {
    if (t->finally_body || !t->catch_body) {
        exec_delegated(t);
        return;
    }
    auto outer = m_defined;
    int saved = m_top;
    int e = temp();
    size_t h = emit(Op::TRYH, e);
    ++m_handlers;
    block(t->body);
    --m_handlers;
    m_defined = outer;
    emit(Op::POPH, 0, 1);
    size_t j = emit(Op::JMP);
    patch(h, m_p.code.size());
    if (!t->catch_name.empty()) define_from(t->catch_name, e, false);
    block(t->catch_body);
    m_defined = outer;
    patch(j, m_p.code.size());
    m_top = saved;
}

void Compiler::print(NodeList args, bool debug, const Node* at) {
    size_t h = emit(Op::PRINTH);
    ++m_handlers;
    int base = exprs_to_temps(args);
    emit(Op::PRINT, base, static_cast<int>(args.size()), debug ? 1 : 0, 0, at);
    --m_handlers;
    patch(h, m_p.code.size());
}

void Compiler::emit_break(const Node* at) {
    (void)at;
    if (m_loops.empty()) {
        emit(Op::RETNIL);  // `break` outside a loop ends the function body (tree walker: Flow::brk, result null)
        return;
    }
    Loop& l = m_loops.back();
    if (m_handlers > l.handlers) emit(Op::POPH, 0, m_handlers - l.handlers);
    l.breaks.push_back(emit(Op::JMP));
}

void Compiler::emit_continue(const Node* at) {
    (void)at;
    if (m_loops.empty()) {
        emit(Op::CONTRET);
        return;
    }
    Loop& l = m_loops.back();
    if (m_handlers > l.handlers) emit(Op::POPH, 0, m_handlers - l.handlers);
    l.continues.push_back(emit(Op::JMP));
}

}  // namespace trellis::zexus
