/// @file compiler.cpp
/// SOM AST -> Trellis stack bytecode (bytecode.hpp). Two passes over one method:
///  1. analysis: builds the activations (the method and every block that is not inlined), the naming scopes
///     (inlined blocks add scopes to the enclosing activation, their parameters and temporaries become its
///     temporaries), resolves every variable, and marks the variables a nested activation reads or writes as
///     captured. A captured variable that no write can change once a closure over it exists (never written by a
///     nested activation, nor inside one of its owner's inlined loops, and written, if at all, only before the
///     first block that uses it) is copied: it stays in its owner's frame slot, and each closure that needs it
///     holds a copy (PUSH_BLOCK pops them, PUSH_COPIED reads them), also the closures of blocks between that only
///     pass it inwards. The other captured variables live in the activation's heap context (MAKE_CONTEXT);
///  2. code generation, with ifTrue:/ifFalse:/ifTrue:ifFalse:/ifFalse:ifTrue:/and:/or:/whileTrue:/whileFalse:/
///     to:do:/to:by:do: (literal step)/timesRepeat:/ifNil:/ifNotNil:/ifNil:ifNotNil:/ifNotNil:ifNil: with literal
///     block arguments inlined into jumps, and arithmetic/comparison sends emitted as fast-path opcodes.
/// An activation has a context when it has captured variables that are not copied, or (a method) when one of its
/// blocks returns non-locally: a method whose blocks only read its arguments and temporaries set before them
/// allocates nothing but the closures. A frame's context register holds its own context, or for a block without
/// one, its closure's; a variable of activation D read from activation A is reached by one hop per context-owning
/// activation in [A, D).
#include <gmp.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "runtime/runtime.hpp"
#include "trellis/gc/handles.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::smalltalk {

namespace {

struct Activation;

struct Var {
    std::string name;
    Activation* owner = nullptr;
    bool captured = false;  // read or written by a nested (non-inlined) activation
    bool is_arg = false;
    // Copying analysis: a captured variable whose every write happens in its owner, outside the owner's inlined
    // loops, before (in evaluation order) the first closure that captures it can be created, holds the same value
    // for every closure: the closures get a copy (PUSH_COPIED) instead of a heap context.
    bool not_copyable = false;                // written by a nested activation or inside an inlined loop
    long last_write = -1;                     // analysis position of the last write in the owner
    long first_capture = -1;                  // analysis position of the first use from a nested activation
    bool copied = false;                      // captured, and copied into the closures that use it
    bool in_ctx() const { return captured && !copied; }  // lives in the owner's heap context
    int slot = -1;       // frame slot (arguments always; other variables when not in the context)
    int ctx_index = -1;  // context slot when in_ctx()
};

struct Activation {
    Activation* parent = nullptr;
    const Node* block = nullptr;  // null for the method
    std::vector<std::unique_ptr<Var>> vars;  // arguments first
    size_t nargs = 0;
    bool nlr_inside = false;  // (method) some nested block returns non-locally
    bool has_ctx = false;
    int nctx = 0;
    int loop_depth = 0;           // analysis: inlined loops (whileTrue:, to:do:, timesRepeat: ...) now open
    std::vector<Var*> copies;     // copied variables of enclosing activations this block's closure holds
    int copy_index(const Var* v) const {
        for (size_t i = 0; i < copies.size(); ++i)
            if (copies[i] == v) return static_cast<int>(i);
        return -1;
    }
    bool is_block() const { return block != nullptr; }
};

struct Scope {
    Scope* parent = nullptr;
    Activation* act = nullptr;
    std::vector<Var*> vars;
    Var* find(const std::string& n) {
        for (Scope* s = this; s; s = s->parent)
            for (Var* v : s->vars)
                if (v->name == n) return v;
        return nullptr;
    }
};

bool is_block_with(const Node* n, size_t params) {
    return n && n->kind == NodeKind::block && n->params.size() == params;
}

/// The inlined forms: which send nodes compile to jumps.
enum class Inline { none, if_true, if_false, if_true_if_false, if_false_if_true, and_, or_, while_true, while_false,
                    to_do, to_by_do, times_repeat, if_nil, if_not_nil, if_nil_if_not_nil, if_not_nil_if_nil };

Inline inline_form(const Node* s) {
    if (s->kind != NodeKind::send || s->super_send) return Inline::none;
    const std::string& sel = s->text;
    const auto& a = s->args;
    const Node* r = s->receiver.get();
    if (sel == "ifTrue:" && is_block_with(a[0].get(), 0)) return Inline::if_true;
    if (sel == "ifFalse:" && is_block_with(a[0].get(), 0)) return Inline::if_false;
    if (sel == "ifTrue:ifFalse:" && is_block_with(a[0].get(), 0) && is_block_with(a[1].get(), 0)) return Inline::if_true_if_false;
    if (sel == "ifFalse:ifTrue:" && is_block_with(a[0].get(), 0) && is_block_with(a[1].get(), 0)) return Inline::if_false_if_true;
    if ((sel == "and:" || sel == "&&") && is_block_with(a[0].get(), 0)) return Inline::and_;
    if ((sel == "or:" || sel == "||") && is_block_with(a[0].get(), 0)) return Inline::or_;
    if (sel == "whileTrue:" && is_block_with(r, 0) && is_block_with(a[0].get(), 0)) return Inline::while_true;
    if (sel == "whileFalse:" && is_block_with(r, 0) && is_block_with(a[0].get(), 0)) return Inline::while_false;
    if (sel == "to:do:" && is_block_with(a[1].get(), 1)) return Inline::to_do;
    if (sel == "to:by:do:" && is_block_with(a[2].get(), 1) && a[1]->kind == NodeKind::literal &&
        a[1]->literal == LiteralKind::integer && a[1]->text.size() < 15 && a[1]->text != "0" && a[1]->text != "-0")
        return Inline::to_by_do;
    if (sel == "timesRepeat:" && is_block_with(a[0].get(), 0)) return Inline::times_repeat;
    if (sel == "ifNil:" && is_block_with(a[0].get(), 0)) return Inline::if_nil;
    if (sel == "ifNotNil:" && (is_block_with(a[0].get(), 0) || is_block_with(a[0].get(), 1))) return Inline::if_not_nil;
    if (sel == "ifNil:ifNotNil:" && is_block_with(a[0].get(), 0) &&
        (is_block_with(a[1].get(), 0) || is_block_with(a[1].get(), 1)))
        return Inline::if_nil_if_not_nil;
    if (sel == "ifNotNil:ifNil:" && is_block_with(a[1].get(), 0) &&
        (is_block_with(a[0].get(), 0) || is_block_with(a[0].get(), 1)))
        return Inline::if_not_nil_if_nil;
    return Inline::none;
}

class Compiler {
public:
    Compiler(Interp& vm, ClassInfo& holder, const std::string& file, bool doit)
        : m_vm(vm), m_holder(holder), m_file(file), m_doit(doit) {}

    Method* compile(const MethodDef& def) {
        // ---- pass 1 ----
        auto root = std::make_unique<Activation>();
        m_method_act = root.get();
        Scope scope;
        scope.act = root.get();
        for (auto& p : def.params) scope.vars.push_back(declare(root.get(), p, true, def.line));
        root->nargs = def.params.size();
        for (auto& l : def.locals) scope.vars.push_back(declare(root.get(), l, false, def.line));
        for (auto& st : def.body) analyze(st.get(), &scope);
        m_acts.push_back(std::move(root));
        decide_copies();
        for (auto& a : m_acts) layout(*a);
        // ---- pass 2 ----
        // Adopted before any literal is made: the VM's root callback then keeps the literals alive and updates
        // them when a later allocation of this compilation moves them.
        Method* m = m_vm.adopt(std::make_unique<Method>());
        m->selector = m_vm.symbol(def.selector);
        m->holder = &m_holder;
        m->nargs = static_cast<uint16_t>(def.params.size());
        m->line = def.line;
        m->file = m_file;
        Emitter e{m, m_method_act, &scope};
        prologue(e);
        for (size_t i = 0; i < def.body.size(); ++i) {
            const Node* st = def.body[i].get();
            if (st->kind == NodeKind::ret) {
                statement_return(e, st);
                break;
            }
            if (m_doit && i + 1 == def.body.size()) {
                // statements of the REPL or -e answer the value of the last one
                expr(e, st);
                emit(e, m_method_act->has_ctx ? Op::RETURN_CTX : Op::RETURN);
                adjust(e, 1);
            } else {
                effect(e, st);
            }
        }
        if (def.body.empty() || (def.body.back()->kind != NodeKind::ret && !m_doit)) {
            if (m_method_act->has_ctx) {
                emit(e, Op::PUSH_SELF);
                emit(e, Op::RETURN_CTX);
            } else {
                emit(e, Op::RETURN_SELF);
            }
        }
        finish(e, *m_method_act);
        return m;
    }

private:
    struct Emitter {
        Method* m;
        Activation* act;
        Scope* scope;
        int depth = 0;
        int max_depth = 0;
    };

    [[noreturn]] void fail(uint32_t line, uint32_t column, const std::string& msg) {
        throw core::Error(m_file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + msg,
                          core::SourcePos{line, column});
    }

    Var* declare(Activation* act, const std::string& name, bool is_arg, uint32_t line) {
        if (name == "self" || name == "super" || name == "nil" || name == "true" || name == "false" ||
            name == "thisContext")
            fail(line, 1, "'" + name + "' cannot be declared as a variable");
        auto v = std::make_unique<Var>();
        v->name = name;
        v->owner = act;
        v->is_arg = is_arg;
        Var* raw = v.get();
        act->vars.push_back(std::move(v));
        return raw;
    }

    // ---------------------------------------------------------------- analysis
    void use(const Node* n, Scope* s, const std::string& name) {
        Var* v = s->find(name);
        if (!v) return;
        m_refs[n] = v;
        if (v->owner != s->act) {
            v->captured = true;
            if (v->first_capture < 0) v->first_capture = m_pos++;
            m_captures.emplace_back(v, s->act);
        }
    }
    /// A write of `v` from activation `act` (an assignment, after its value; an inlined block's parameter or
    /// temporary at the block's entry), for the copying analysis.
    void write(Var* v, Activation* act) {
        if (!v) return;
        if (v->owner != act || act->loop_depth > 0) v->not_copyable = true;
        v->last_write = m_pos++;
    }
    /// Which captured variables are copied into closures (Var::copied), and the copies each block's closure
    /// holds: a block using a copied variable of an activation further out holds it, and so does every block
    /// between (its closure is where the inner closure copies it from).
    void decide_copies() {
        for (auto& a : m_acts)
            for (auto& v : a->vars)
                v->copied = v->captured && !v->not_copyable && v->last_write < v->first_capture;
        for (auto& [v, user] : m_captures) {
            if (!v->copied) continue;
            for (Activation* a = user; a && a != v->owner; a = a->parent)
                if (a->copy_index(v) < 0) a->copies.push_back(v);
        }
    }

    void analyze_inline_block(const Node* b, Scope* s) {
        auto scope = std::make_unique<Scope>();
        scope->parent = s;
        scope->act = s->act;
        for (auto& p : b->params) scope->vars.push_back(declare(s->act, p, false, b->line));
        for (auto& l : b->locals) scope->vars.push_back(declare(s->act, l, false, b->line));
        for (Var* v : scope->vars) write(v, s->act);  // set at each entry of the block (parameter or nil)
        for (auto& st : b->body) analyze(st.get(), scope.get());
        m_scopes[b] = scope.get();
        m_scope_store.push_back(std::move(scope));
    }

    void analyze(const Node* n, Scope* s) {
        switch (n->kind) {
            case NodeKind::literal: return;
            case NodeKind::variable:
                // a block's thisContext finds its home through the method's context (contexts.cpp, `home`)
                if (n->text == "thisContext" && s->act->is_block()) m_method_act_pending_nlr = true;
                use(n, s, n->text);
                return;
            case NodeKind::assign:
                use(n, s, n->text);
                analyze(n->args[0].get(), s);
                write(s->find(n->text), s->act);
                return;
            case NodeKind::ret:
                if (s->act->is_block()) m_method_act_pending_nlr = true;
                analyze(n->args[0].get(), s);
                return;
            case NodeKind::cascade:
                analyze(n->receiver.get(), s);
                for (auto& msg : n->args)
                    for (auto& a : msg->args) analyze(a.get(), s);
                return;
            case NodeKind::block: {
                auto act = std::make_unique<Activation>();
                act->parent = s->act;
                act->block = n;
                auto scope = std::make_unique<Scope>();
                scope->parent = s;
                scope->act = act.get();
                for (auto& p : n->params) scope->vars.push_back(declare(act.get(), p, true, n->line));
                act->nargs = n->params.size();
                for (auto& l : n->locals) scope->vars.push_back(declare(act.get(), l, false, n->line));
                m_block_acts[n] = act.get();
                m_scopes[n] = scope.get();
                Activation* raw = act.get();
                m_acts.push_back(std::move(act));
                for (auto& st : n->body) analyze(st.get(), scope.get());
                (void)raw;
                m_scope_store.push_back(std::move(scope));
                return;
            }
            case NodeKind::send: {
                Inline form = inline_form(n);
                if (form == Inline::none) {
                    analyze(n->receiver.get(), s);
                    for (auto& a : n->args) analyze(a.get(), s);
                    return;
                }
                const bool loop = form == Inline::while_true || form == Inline::while_false || form == Inline::to_do ||
                                  form == Inline::to_by_do || form == Inline::times_repeat;
                if (loop) ++s->act->loop_depth;  // what runs again (the blocks) is analysed inside the loop
                if (form == Inline::while_true || form == Inline::while_false) analyze_inline_block(n->receiver.get(), s);
                else analyze(n->receiver.get(), s);
                for (auto& a : n->args) {
                    if (a->kind == NodeKind::block) analyze_inline_block(a.get(), s);
                    else analyze(a.get(), s);
                }
                if (loop) --s->act->loop_depth;
                if (form == Inline::to_do || form == Inline::to_by_do || form == Inline::times_repeat) {
                    std::vector<Var*> hidden;
                    hidden.push_back(declare(s->act, "<start>", false, n->line));
                    hidden.push_back(declare(s->act, "<limit>", false, n->line));
                    m_hidden[n] = hidden;
                }
                return;
            }
        }
    }

    void layout(Activation& a) {
        int slot = 0;
        for (auto& v : a.vars)
            if (v->is_arg || !v->in_ctx()) v->slot = slot++;
        for (auto& v : a.vars)
            if (v->in_ctx()) v->ctx_index = 2 + a.nctx++;
        if (&a == m_method_act && m_method_act_pending_nlr) a.nlr_inside = true;
        a.has_ctx = a.nctx > 0 || a.nlr_inside;
        if (slot > 255 || a.nctx > 250) fail(1, 1, "too many variables in one method or block");
        m_nslots[&a] = slot;
    }

    static int hops(Activation* from, Activation* to) {
        int h = 0;
        for (Activation* a = from; a && a != to; a = a->parent)
            if (a->has_ctx) ++h;
        return h;
    }

    // ---------------------------------------------------------------- emission
    void adjust(Emitter& e, int d) {
        e.depth += d;
        if (e.depth > e.max_depth) e.max_depth = e.depth;
    }
    void emit(Emitter& e, Op op) {
        e.m->code.push_back(static_cast<uint8_t>(op));
        switch (op) {
            case Op::PUSH_SELF: case Op::PUSH_NIL: case Op::PUSH_TRUE: case Op::PUSH_FALSE: case Op::DUP:
            case Op::PUSH_CONTEXT:
                adjust(e, 1);
                break;
            case Op::POP: case Op::RETURN: case Op::RETURN_CTX: adjust(e, -1); break;
            default: break;
        }
    }
    void emit1(Emitter& e, Op op, unsigned a, int d) {
        e.m->code.push_back(static_cast<uint8_t>(op));
        e.m->code.push_back(static_cast<uint8_t>(a));
        adjust(e, d);
    }
    void emit2(Emitter& e, Op op, unsigned a, int d) {
        e.m->code.push_back(static_cast<uint8_t>(op));
        e.m->code.push_back(static_cast<uint8_t>(a & 0xFF));
        e.m->code.push_back(static_cast<uint8_t>(a >> 8));
        adjust(e, d);
    }
    void emit11(Emitter& e, Op op, unsigned a, unsigned b, int d) {
        e.m->code.push_back(static_cast<uint8_t>(op));
        e.m->code.push_back(static_cast<uint8_t>(a));
        e.m->code.push_back(static_cast<uint8_t>(b));
        adjust(e, d);
    }
    size_t jump(Emitter& e, Op op) {
        emit2(e, op, 0, op == Op::JUMP || op == Op::JUMP_BACK ? 0 : -1);
        return e.m->code.size() - 2;
    }
    /// A loop's backward jump to `top` (JUMP_BACK: the interpreter counts it as a step without comparing targets).
    void jump_back(Emitter& e, size_t top) {
        size_t at = jump(e, Op::JUMP_BACK);
        patch_to(e, at, top);
    }
    void patch(Emitter& e, size_t at) { patch_to(e, at, e.m->code.size()); }
    /// Points the jump whose operand is at `at` to code offset `target`: the distance from its opcode, forward
    /// (JUMP_BACK: backward).
    void patch_to(Emitter& e, size_t at, size_t target) {
        if (target > 0xFFFF) fail(e.m->line, 1, "method too long (over 64 KiB of bytecode)");
        const size_t from = at - 1;
        const size_t d = e.m->code[from] == static_cast<uint8_t>(Op::JUMP_BACK) ? from - target : target - from;
        e.m->code[at] = static_cast<uint8_t>(d & 0xFF);
        e.m->code[at + 1] = static_cast<uint8_t>(d >> 8);
    }
    void line(Emitter& e, uint32_t ln) {
        auto& l = e.m->lines;
        if (l.empty() || l.back().second != ln) l.emplace_back(static_cast<uint32_t>(e.m->code.size()), ln);
    }
    unsigned literal(Emitter& e, Value v) {
        auto& lits = e.m->literals;
        for (size_t i = 0; i < lits.size(); ++i)
            if (lits[i].same(v) && !v.is_object()) return static_cast<unsigned>(i);
        lits.push_back(v);
        if (lits.size() > 0xFFFF) fail(e.m->line, 1, "too many literals");
        return static_cast<unsigned>(lits.size() - 1);
    }
    unsigned site(Emitter& e, const std::string& selector, size_t nargs, bool super_send) {
        SendSite s;
        s.selector = m_vm.symbol(selector);
        s.nargs = static_cast<uint8_t>(nargs);
        s.super_send = super_send;
        e.m->sends.push_back(s);
        return static_cast<unsigned>(e.m->sends.size() - 1);
    }

    void prologue(Emitter& e) {
        Activation& a = *e.act;
        if (!a.has_ctx) return;
        emit1(e, Op::MAKE_CONTEXT, static_cast<unsigned>(a.nctx), 0);
        e.m->owns_context = true;
        for (auto& v : a.vars)
            if (v->is_arg && v->in_ctx()) {
                emit1(e, Op::PUSH_LOCAL, static_cast<unsigned>(v->slot), 1);
                emit11(e, Op::POP_OUTER, 0, static_cast<unsigned>(v->ctx_index), -1);
            }
    }

    void finish(Emitter& e, Activation& a) {
        Method* m = e.m;
        m->nslots = static_cast<uint16_t>(m_nslots[&a]);
        m->max_stack = static_cast<uint16_t>(e.max_depth + 2);
        m->frame_words = activation_words(m->nslots, m->max_stack);
        if (!m->is_block && !m->owns_context) classify_trivial(*m);
    }

    /// Marks a method the send site can answer without a frame: `^ self`/empty, `^ field`, `field := arg`,
    /// `^ literal`/`^ nil`/`^ true`/`^ false` (exact code shapes; anything else stays Trivial::none).
    static void classify_trivial(Method& m) {
        const std::vector<uint8_t>& c = m.code;
        auto is = [&](size_t i, Op op) { return i < c.size() && c[i] == static_cast<uint8_t>(op); };
        using T = Method::Trivial;
        if (c.size() == 1 && is(0, Op::RETURN_SELF)) {
            m.trivial = T::self;
        } else if (c.size() == 3 && is(0, Op::PUSH_FIELD) && is(2, Op::RETURN)) {
            m.trivial = T::getter;
            m.trivial_index = c[1];
        } else if (c.size() == 4 && is(0, Op::PUSH_LITERAL) && is(3, Op::RETURN)) {
            m.trivial = T::literal;
            m.trivial_index = static_cast<uint16_t>(c[1] | (c[2] << 8));
        } else if (c.size() == 2 && is(1, Op::RETURN) && (is(0, Op::PUSH_NIL) || is(0, Op::PUSH_TRUE) || is(0, Op::PUSH_FALSE))) {
            m.trivial = T::constant;
            m.trivial_value = is(0, Op::PUSH_NIL) ? Value::nil() : Value::boolean(is(0, Op::PUSH_TRUE));
        } else if (m.nargs == 1 && is(0, Op::PUSH_LOCAL) && c[1] == 0 &&
                   ((c.size() == 5 && is(2, Op::POP_FIELD) && is(4, Op::RETURN_SELF)) ||
                    (c.size() == 6 && is(2, Op::STORE_FIELD) && is(4, Op::POP) && is(5, Op::RETURN_SELF)))) {
            m.trivial = T::setter;
            m.trivial_index = c[3];
        }
    }

    Value literal_value(const Node* n) {
        switch (n->literal) {
            case LiteralKind::integer: {
                mpz_t z;
                if (mpz_init_set_str(z, n->text.c_str(), 10) != 0) {
                    mpz_clear(z);
                    fail(n->line, n->column, "malformed integer literal");
                }
                Value v = gc::make_integer(m_vm.heap, z);
                mpz_clear(z);
                return v;
            }
            case LiteralKind::dbl: return Value::from_double(n->number);
            case LiteralKind::string: return m_vm.new_string(n->text);
            case LiteralKind::symbol: return m_vm.symbol_value(n->text);
            case LiteralKind::array: {
                // Elements are built into a rooted vector first (allocations may move them).
                gc::HandleScope hs(m_vm.heap);
                std::vector<gc::Local> items;
                for (auto& el : n->args) {
                    Value v = el->kind == NodeKind::variable
                                  ? (el->text == "nil" ? Value::nil() : Value::boolean(el->text == "true"))
                                  : literal_value(el.get());
                    items.emplace_back(m_vm.heap, v);
                }
                Value arr = m_vm.new_array(items.size());
                auto* a = static_cast<core::Array*>(arr.as_object());
                for (size_t i = 0; i < items.size(); ++i) m_vm.heap.store(a, a->items[i], items[i].get());
                return arr;
            }
        }
        return Value::nil();
    }

    int field_index(const std::string& name) {
        const auto& f = m_holder.fields;
        for (size_t i = f.size(); i-- > 0;)
            if (f[i] == name) return static_cast<int>(i);
        return -1;
    }

    void push_var(Emitter& e, const Node* n) {
        const std::string& name = n->text;
        auto it = m_refs.find(n);
        if (it != m_refs.end()) return push_var_direct(e, it->second);
        if (name == "self" || name == "super") return emit(e, Op::PUSH_SELF);
        if (name == "nil") return emit(e, Op::PUSH_NIL);
        if (name == "true") return emit(e, Op::PUSH_TRUE);
        if (name == "false") return emit(e, Op::PUSH_FALSE);
        if (name == "thisContext") return emit(e, Op::PUSH_CONTEXT);
        int f = field_index(name);
        if (f >= 0) {
            if (f > 255) fail(n->line, n->column, "more than 256 fields");
            return emit1(e, Op::PUSH_FIELD, static_cast<unsigned>(f), 1);
        }
        GlobalSite g;
        g.name = m_vm.symbol(name);
        e.m->globals.push_back(g);
        line(e, n->line);
        emit2(e, Op::PUSH_GLOBAL, static_cast<unsigned>(e.m->globals.size() - 1), 1);
    }

    // Stores the top into the variable; `pop` pops it, else it stays.
    void store_var(Emitter& e, const Node* n, const std::string& name, bool pop) {
        auto it = m_refs.find(n);
        Var* v = it != m_refs.end() ? it->second : nullptr;
        store_to(e, v, name, pop, n);
    }
    void store_to(Emitter& e, Var* v, const std::string& name, bool pop, const Node* at) {
        if (v) {
            if (v->in_ctx())
                emit11(e, pop ? Op::POP_OUTER : Op::STORE_OUTER, static_cast<unsigned>(hops(e.act, v->owner)),
                       static_cast<unsigned>(v->ctx_index), pop ? -1 : 0);
            else emit1(e, pop ? Op::POP_LOCAL : Op::STORE_LOCAL, static_cast<unsigned>(v->slot), pop ? -1 : 0);
            return;
        }
        int f = field_index(name);
        if (f >= 0) return emit1(e, pop ? Op::POP_FIELD : Op::STORE_FIELD, static_cast<unsigned>(f), pop ? -1 : 0);
        if (m_doit && !name.empty() && name != "self" && name != "super" && name != "nil" && name != "true" &&
            name != "false" && name != "thisContext") {
            // statements of the REPL or -e: an undeclared name is a global (REPL variables persist as globals)
            GlobalSite g;
            g.name = m_vm.symbol(name);
            e.m->globals.push_back(g);
            emit2(e, Op::STORE_GLOBAL, static_cast<unsigned>(e.m->globals.size() - 1), 0);
            if (pop) emit(e, Op::POP);
            return;
        }
        fail(at->line, at->column, "cannot assign to '" + name + "' (not a variable or field)");
    }

    void statement_return(Emitter& e, const Node* r) {
        expr(e, r->args[0].get());
        line(e, r->line);
        if (!e.act->is_block()) {
            emit(e, e.act->has_ctx ? Op::RETURN_CTX : Op::RETURN);
        } else {
            emit1(e, Op::RETURN_NONLOCAL, static_cast<unsigned>(hops(e.act, m_method_act)), -1);
            // Reached only when the home method had returned: the value escapedBlock: answered is the block's.
            e.m->code.push_back(static_cast<uint8_t>(Op::RETURN));
        }
    }

    // The value of an inlined block's body (exactly one value pushed).
    void inline_body(Emitter& e, const Node* b) {
        Scope* saved = e.scope;
        e.scope = m_scopes.at(b);
        // temporaries of an inlined block start as nil at each entry
        for (auto& l : b->locals) {
            emit(e, Op::PUSH_NIL);
            store_to(e, e.scope->find(l), l, true, b);
        }
        if (b->body.empty()) {
            emit(e, Op::PUSH_NIL);
        } else {
            for (size_t i = 0; i < b->body.size(); ++i) {
                const Node* st = b->body[i].get();
                if (st->kind == NodeKind::ret) {
                    statement_return(e, st);
                    adjust(e, 1);  // unreachable: the shape of the code after it still expects a value
                    break;
                }
                if (i + 1 < b->body.size()) effect(e, st);
                else expr(e, st);
            }
        }
        e.scope = saved;
    }
    // An inlined block's body for its effect only (nothing pushed).
    void inline_effect(Emitter& e, const Node* b) {
        Scope* saved = e.scope;
        e.scope = m_scopes.at(b);
        for (auto& l : b->locals) {
            emit(e, Op::PUSH_NIL);
            store_to(e, e.scope->find(l), l, true, b);
        }
        for (const auto& st : b->body) {
            if (st->kind == NodeKind::ret) {
                statement_return(e, st.get());
                break;
            }
            effect(e, st.get());
        }
        e.scope = saved;
    }

    /// Compiles `n` for its effect only, leaving nothing on the stack: an assignment stores with a POP_ opcode,
    /// inlined conditionals and loops skip the nil or receiver they would answer and compile their blocks for
    /// effect too; anything else is its value, popped.
    void effect(Emitter& e, const Node* n) {
        if (n->kind == NodeKind::assign) {
            expr(e, n->args[0].get());
            return store_var(e, n, n->text, true);
        }
        if (n->kind == NodeKind::send) {
            Inline form = inline_form(n);
            if (form != Inline::none && inlined_effect(e, n, form)) return;
        }
        expr(e, n);
        emit(e, Op::POP);
    }

    /// The inlined forms whose value is dropped (effect()); false for the forms it leaves to inlined() + POP.
    bool inlined_effect(Emitter& e, const Node* n, Inline form) {
        switch (form) {
            case Inline::if_true:
            case Inline::if_false:
            case Inline::if_true_if_false:
            case Inline::if_false_if_true: conditional(e, n, form, false); return true;
            case Inline::while_true:
            case Inline::while_false: while_loop(e, n, form); return true;
            case Inline::to_do:
            case Inline::to_by_do: to_do_loop(e, n, form, false); return true;
            case Inline::times_repeat: times_repeat_loop(e, n, false); return true;
            default: return false;
        }
    }
    Var* inline_param(const Node* b, size_t i) { return m_scopes.at(b)->find(b->params[i]); }

    void send_op(Emitter& e, const Node* n, const std::string& sel, size_t nargs, bool super_send) {
        line(e, n->line);
        unsigned s = site(e, sel, nargs, super_send);
        Op op = Op::SEND;
        if (!super_send && nargs == 1) {
            if (sel == "+") op = Op::ADD;
            else if (sel == "-") op = Op::SUB;
            else if (sel == "*") op = Op::MUL;
            else if (sel == "<") op = Op::LT;
            else if (sel == ">") op = Op::GT;
            else if (sel == "<=") op = Op::LE;
            else if (sel == ">=") op = Op::GE;
            else if (sel == "=") op = Op::EQ;
            else if (sel == "~=") op = Op::NE;
            else if (sel == "==") op = Op::IDENTICAL;
        }
        if (super_send) op = Op::SUPER_SEND;
        emit2(e, op, s, -static_cast<int>(nargs));
    }

    void expr(Emitter& e, const Node* n) {
        switch (n->kind) {
            case NodeKind::literal: {
                Value v = literal_value(n);
                return emit2(e, Op::PUSH_LITERAL, literal(e, v), 1);
            }
            case NodeKind::variable: return push_var(e, n);
            case NodeKind::assign:
                expr(e, n->args[0].get());
                return store_var(e, n, n->text, false);
            case NodeKind::ret: fail(n->line, n->column, "'^' is only allowed as a statement");
            case NodeKind::block: return block(e, n);
            case NodeKind::cascade: {
                expr(e, n->receiver.get());
                for (size_t i = 0; i < n->args.size(); ++i) {
                    const Node* msg = n->args[i].get();
                    bool last = i + 1 == n->args.size();
                    if (!last) emit(e, Op::DUP);
                    for (auto& a : msg->args) expr(e, a.get());
                    send_op(e, msg, msg->text, msg->args.size(), false);
                    if (!last) emit(e, Op::POP);
                }
                return;
            }
            case NodeKind::send: {
                Inline form = inline_form(n);
                if (form != Inline::none) return inlined(e, n, form);
                expr(e, n->receiver.get());
                for (auto& a : n->args) expr(e, a.get());
                return send_op(e, n, n->text, n->args.size(), n->super_send);
            }
        }
    }

    void inlined(Emitter& e, const Node* n, Inline form) {
        const auto& a = n->args;
        switch (form) {
            case Inline::if_true:
            case Inline::if_false:
            case Inline::if_true_if_false:
            case Inline::if_false_if_true: return conditional(e, n, form, true);
            case Inline::and_:
            case Inline::or_: {
                expr(e, n->receiver.get());
                size_t j = jump(e, form == Inline::and_ ? Op::JUMP_IF_FALSE : Op::JUMP_IF_TRUE);
                inline_body(e, a[0].get());
                size_t end = jump(e, Op::JUMP);
                adjust(e, -1);
                patch(e, j);
                emit(e, form == Inline::and_ ? Op::PUSH_FALSE : Op::PUSH_TRUE);
                patch(e, end);
                return;
            }
            case Inline::while_true:
            case Inline::while_false:
                while_loop(e, n, form);
                emit(e, Op::PUSH_NIL);  // the value of whileTrue:/whileFalse:
                return;
            case Inline::to_do:
            case Inline::to_by_do: return to_do_loop(e, n, form, true);
            case Inline::times_repeat: return times_repeat_loop(e, n, true);
            case Inline::if_nil: {
                expr(e, n->receiver.get());
                emit(e, Op::DUP);
                size_t j = jump(e, Op::JUMP_IF_NOT_NIL);
                emit(e, Op::POP);
                inline_body(e, a[0].get());
                patch(e, j);
                return;
            }
            case Inline::if_not_nil: {
                expr(e, n->receiver.get());
                emit(e, Op::DUP);
                size_t j = jump(e, Op::JUMP_IF_NIL);
                not_nil_branch(e, a[0].get());
                patch(e, j);
                return;
            }
            case Inline::if_nil_if_not_nil:
            case Inline::if_not_nil_if_nil: {
                const Node* nil_block = form == Inline::if_nil_if_not_nil ? a[0].get() : a[1].get();
                const Node* val_block = form == Inline::if_nil_if_not_nil ? a[1].get() : a[0].get();
                expr(e, n->receiver.get());
                emit(e, Op::DUP);
                size_t j = jump(e, Op::JUMP_IF_NIL);
                not_nil_branch(e, val_block);
                size_t end = jump(e, Op::JUMP);
                patch(e, j);
                emit(e, Op::POP);
                inline_body(e, nil_block);
                patch(e, end);
                return;
            }
            case Inline::none: return;
        }
    }
    /// ifTrue:, ifFalse:, ifTrue:ifFalse:, ifFalse:ifTrue:; with `value`, the taken block's value (nil when a
    /// one-armed form does not run its block) is pushed, else the blocks are compiled for effect.
    void conditional(Emitter& e, const Node* n, Inline form, bool value) {
        const auto& a = n->args;
        const bool two_armed = form == Inline::if_true_if_false || form == Inline::if_false_if_true;
        expr(e, n->receiver.get());
        const bool on_true = form == Inline::if_true || form == Inline::if_true_if_false;
        size_t j = jump(e, on_true ? Op::JUMP_IF_FALSE : Op::JUMP_IF_TRUE);
        if (value) inline_body(e, a[0].get());
        else inline_effect(e, a[0].get());
        if (!value && !two_armed) return patch(e, j);
        size_t end = jump(e, Op::JUMP);
        if (value) adjust(e, -1);  // the other arm pushes its own value
        patch(e, j);
        if (!two_armed) emit(e, Op::PUSH_NIL);
        else if (value) inline_body(e, a[1].get());
        else inline_effect(e, a[1].get());
        patch(e, end);
    }
    /// whileTrue:/whileFalse: (nothing pushed).
    void while_loop(Emitter& e, const Node* n, Inline form) {
        size_t top = e.m->code.size();
        inline_body(e, n->receiver.get());
        size_t exit = jump(e, form == Inline::while_true ? Op::JUMP_IF_FALSE : Op::JUMP_IF_TRUE);
        inline_effect(e, n->args[0].get());
        jump_back(e, top);
        patch(e, exit);
    }
    /// to:do: and to:by:do: (literal step): the loop, then (`value`) the receiver pushed as its value.
    void to_do_loop(Emitter& e, const Node* n, Inline form, bool value) {
        const auto& a = n->args;
        const Node* body = a.back().get();
        Var* i = inline_param(body, 0);
        auto& hidden = m_hidden.at(n);
        expr(e, n->receiver.get());
        if (value) store_to(e, hidden[0], "", false, n);  // start (the value of the expression)
        store_to(e, i, "", true, n);
        expr(e, a[0].get());
        store_to(e, hidden[1], "", true, n);  // limit
        bool down = form == Inline::to_by_do && a[1]->text[0] == '-';
        size_t top = e.m->code.size();
        push_var_direct(e, i);
        push_var_direct(e, hidden[1]);
        line(e, n->line);
        emit2(e, down ? Op::GE : Op::LE, site(e, down ? ">=" : "<=", 1, false), -1);
        size_t exit = jump(e, Op::JUMP_IF_FALSE);
        inline_effect(e, body);
        push_var_direct(e, i);
        if (form == Inline::to_do) emit2(e, Op::PUSH_LITERAL, literal(e, Value::small_int(1)), 1);
        else expr(e, a[1].get());
        emit2(e, Op::ADD, site(e, "+", 1, false), -1);
        store_to(e, i, "", true, n);
        jump_back(e, top);
        patch(e, exit);
        if (value) push_var_direct(e, hidden[0]);  // the value of the expression: the receiver
    }
    /// timesRepeat:, then (`value`) the receiver pushed as its value.
    void times_repeat_loop(Emitter& e, const Node* n, bool value) {
        auto& hidden = m_hidden.at(n);
        expr(e, n->receiver.get());
        if (value) store_to(e, hidden[0], "", false, n);
        store_to(e, hidden[1], "", true, n);  // counter
        size_t top = e.m->code.size();
        push_var_direct(e, hidden[1]);
        emit2(e, Op::PUSH_LITERAL, literal(e, Value::small_int(0)), 1);
        line(e, n->line);
        emit2(e, Op::GT, site(e, ">", 1, false), -1);
        size_t exit = jump(e, Op::JUMP_IF_FALSE);
        inline_effect(e, n->args[0].get());
        push_var_direct(e, hidden[1]);
        emit2(e, Op::PUSH_LITERAL, literal(e, Value::small_int(1)), 1);
        emit2(e, Op::SUB, site(e, "-", 1, false), -1);
        store_to(e, hidden[1], "", true, n);
        jump_back(e, top);
        patch(e, exit);
        if (value) push_var_direct(e, hidden[0]);
    }
    // Stack: the receiver (not nil). Binds it to the block's parameter if any, then the body's value replaces it.
    void not_nil_branch(Emitter& e, const Node* b) {
        if (b->params.size() == 1) store_to(e, inline_param(b, 0), "", true, b);
        else emit(e, Op::POP);
        inline_body(e, b);
    }
    void push_var_direct(Emitter& e, Var* v) {
        if (v->in_ctx()) emit11(e, Op::PUSH_OUTER, static_cast<unsigned>(hops(e.act, v->owner)),
                                static_cast<unsigned>(v->ctx_index), 1);
        else if (v->owner != e.act) emit1(e, Op::PUSH_COPIED, static_cast<unsigned>(e.act->copy_index(v)), 1);
        else emit1(e, Op::PUSH_LOCAL, static_cast<unsigned>(v->slot), 1);
    }

    void block(Emitter& e, const Node* n) {
        Activation* act = m_block_acts.at(n);
        Method* bm = m_vm.adopt(std::make_unique<Method>());  // adopted first: its literals are roots
        bm->selector = e.m->selector;
        bm->holder = &m_holder;
        bm->is_block = true;
        bm->nargs = static_cast<uint16_t>(n->params.size());
        bm->line = n->line;
        bm->file = m_file;
        Emitter be{bm, act, m_scopes.at(n)};
        prologue(be);
        line(be, n->line);
        if (n->body.empty()) {
            emit(be, Op::PUSH_NIL);
            emit(be, Op::RETURN);
        } else {
            for (size_t i = 0; i < n->body.size(); ++i) {
                const Node* st = n->body[i].get();
                if (st->kind == NodeKind::ret) {
                    statement_return(be, st);
                    break;
                }
                if (i + 1 < n->body.size()) {
                    effect(be, st);
                } else {
                    expr(be, st);
                    emit(be, Op::RETURN);
                }
            }
        }
        finish(be, *act);
        if (n->params.size() > 2) fail(n->line, n->column, "blocks take at most 2 arguments in SOM (Block1..Block3)");
        e.m->blocks.push_back(bm);
        // the values the closure copies (each from a frame slot of this activation or from its own closure)
        if (act->copies.size() > 255) fail(n->line, n->column, "a block copies more than 255 variables");
        for (Var* v : act->copies) push_var_direct(e, v);
        const auto ncopies = static_cast<unsigned>(act->copies.size());
        const unsigned index = static_cast<unsigned>(e.m->blocks.size() - 1);
        e.m->code.push_back(static_cast<uint8_t>(Op::PUSH_BLOCK));
        e.m->code.push_back(static_cast<uint8_t>(index & 0xFF));
        e.m->code.push_back(static_cast<uint8_t>(index >> 8));
        e.m->code.push_back(static_cast<uint8_t>(ncopies));
        adjust(e, 1 - static_cast<int>(ncopies));
    }

    Interp& m_vm;
    ClassInfo& m_holder;
    std::string m_file;
    bool m_doit = false;
    Activation* m_method_act = nullptr;
    bool m_method_act_pending_nlr = false;
    std::vector<std::unique_ptr<Activation>> m_acts;
    std::vector<std::unique_ptr<Scope>> m_scope_store;
    std::unordered_map<const Node*, Var*> m_refs;
    std::unordered_map<const Node*, Scope*> m_scopes;
    std::unordered_map<const Node*, Activation*> m_block_acts;
    std::unordered_map<const Node*, std::vector<Var*>> m_hidden;
    std::unordered_map<const Activation*, int> m_nslots;
    std::vector<std::pair<Var*, Activation*>> m_captures;  // every use of a variable from a nested activation
    long m_pos = 0;                                        // analysis position (writes and first captures)
};

}  // namespace

Method* Interp::compile(const MethodDef& def, ClassInfo& holder, const std::string& file, bool doit) {
    if (def.primitive) {
        auto m = std::make_unique<Method>();
        m->selector = symbol(def.selector);
        m->holder = &holder;
        m->nargs = static_cast<uint16_t>(def.params.size());
        m->line = def.line;
        m->file = file;
        auto it = primitives.find(holder.name + ">>" + def.selector);
        if (it == primitives.end()) {
            // Unknown primitive: a method that fails with a clear error when called.
            m->prim = [](Interp& vm, Value*) {
                vm.m_error = "primitive not implemented by Trellis";
                vm.m_error_class = vm.id_error;
                return PrimStatus::signal_error;
            };
        } else {
            m->prim = it->second;
        }
        m->frame_words = activation_words(m->nargs, 4);
        return adopt(std::move(m));
    }
    return Compiler(*this, holder, file, doit).compile(def);
}

uint32_t Method::line_at(size_t pc) const noexcept {
    uint32_t ln = line;
    for (auto& [off, l] : lines) {
        if (off > pc) break;
        ln = l;
    }
    return ln;
}

}  // namespace trellis::smalltalk
