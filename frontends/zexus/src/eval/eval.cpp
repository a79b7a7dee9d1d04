/// @file eval.cpp
/// The Zexus tree-walking evaluator (LANGUAGE.md §3-§10, tree-walker semantics with the §0 decisions):
/// construction of the evaluator, expressions, assignment, environments (function-level scope, closures by
/// reference through heap-allocated environments) and calls with depth limits. Statements: eval_stmt.cpp.
/// The pieces the bytecode tier shares (index_value, member_value, method_target/call_method_at,
/// assign_current/assign_store) live here, and call_value hands hot functions to the VM (vm.hpp).
#include <pthread.h>

#include <cstdio>
#include <cstring>

#include "eval/eval_impl.hpp"
#include "eval/step_limit.hpp"
#include "host/large_stack.hpp"
#include "trellis/zexus/parser.hpp"
#include "vm/vm.hpp"

namespace trellis::zexus {

using core::Kind;

namespace {
constexpr size_t k_stack_chunk = 4096;  // value-stack slots pushed on the frame stack at a time
core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }
/// The heap of a Zexus interpreter: the defaults and TRELLIS_GC_* variables, with objects up to 128 KiB allocated
/// young (the heap caps this at half the eden). Strings built by repeated `+` then die in the nursery instead of
/// taking fresh large-object pages at every step (strings.zx: 211 -> 18 ms CPU, Lua 17 ms; docs/zexus.md).
gc::HeapConfig zexus_heap_config(const RunOptions& options) {
    gc::HeapConfig c = gc::HeapConfig::from_env();
    if (options.max_heap_bytes) c.max_heap_bytes = options.max_heap_bytes;
    if (options.small_heap_start_bytes) c.small_start_bytes = options.small_heap_start_bytes;
    c.large_object_bytes = size_t(128) << 10;
    return c;
}
}  // namespace

Evaluator::Evaluator(Output& out, const RunOptions& options)
    : m_out(out), m_options(options), m_heap(zexus_heap_config(options)), m_frames(options.frame_stack_bytes) {
    m_heap.add_frame_stack(&m_frames);
    m_heap.add_root(&m_env);
    m_heap.add_root(&m_globals);
    m_heap.add_root(&m_ret);
    m_heap.add_root(&m_modules);
    m_dependencies = Value::nil();
    m_mocks = Value::nil();
    m_heap.add_root(&m_dependencies);
    m_heap.add_root(&m_mocks);
    m_sp = gc::push_value_frame(m_frames, k_stack_chunk);
    m_limit = m_sp + k_stack_chunk;
    m_globals = new_env(Value::nil());
    m_env = m_globals;
    m_modules = Value::object(gc::new_list(m_heap, 4));
    if (m_options.tier != Tier::tree) m_vm = std::make_unique<Vm>(*this);
}

Evaluator::~Evaluator() {
    m_tasks.reset();
    m_vm.reset();
    m_heap.remove_root(&m_dependencies);
    m_heap.remove_root(&m_mocks);
    m_heap.remove_root(&m_env);
    m_heap.remove_root(&m_globals);
    m_heap.remove_root(&m_ret);
    m_heap.remove_root(&m_modules);
    m_heap.remove_frame_stack(&m_frames);
}

void Evaluator::compute_native_limit() {
    pthread_attr_t attr;
    void* addr = nullptr;
    size_t size = 0;
    if (large_stack_bounds(addr, size)) {
        // on run_on_large_stack's stack (interpreter.cpp), which pthread_getattr_np does not know about
    } else if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
    }
    constexpr size_t margin = 256u << 10;  // room for the deepest non-call native recursion plus error handling
    m_native_limit = size > 2 * margin ? reinterpret_cast<uintptr_t>(addr) + margin : 0;
}

void Evaluator::grow_stack() {
    Value* more = gc::push_value_frame(*m_stack, k_stack_chunk);
    if (!more) fail("Maximum recursion depth exceeded");
    m_limit = more + k_stack_chunk;
}

void Evaluator::fail(const Node* at, std::string message) {
    ZexusRuntimeError e;
    e.message = std::move(message);
    e.file = m_file;
    if (at) {
        e.line = at->line;
        e.column = at->column;
    }
    throw e;
}

// ------------------------------------------------------------------------------------------- environments

Value Evaluator::new_env(Value parent, bool inline_pairs) {
    const auto env_class = static_cast<uint16_t>(ZClass::env);
    if (inline_pairs) {
        push(parent);
        auto* env = gc::new_instance(m_heap, env_class, k_env_header + 2 * k_env_inline);  // all nil
        env->slots[1] = m_sp[-1];
        m_sp -= 1;
        return Value::object(env);
    }
    push(parent);
    push(Value::object(gc::new_map(m_heap, 8)));
    auto* env = gc::new_instance(m_heap, env_class, k_env_header);
    env->slots[0] = m_sp[-1];
    env->slots[1] = m_sp[-2];
    env->slots[2] = Value::nil();
    m_sp -= 2;
    return Value::object(env);
}

Value Evaluator::lookup(std::string_view name, bool& found) {
    Value k = symbol(name);
    for (Value e = m_env; !e.is_nil(); e = inst(e)->slots[1]) {
        core::Instance* x = inst(e);
        for (size_t i = k_env_header, n = x->slot_count(); i < n; i += 2)
            if (x->slots[i].same(k)) {
                found = true;
                return x->slots[i + 1];
            }
        if (x->slots[0].is_nil()) continue;
        Value v = gc::map_get(static_cast<core::Map*>(x->slots[0].as_object()), k);
        if (!v.is_undefined()) {
            found = true;
            return v;
        }
    }
    found = false;
    return Value::nil();
}

void Evaluator::define(std::string_view name, Value v, bool is_const) {
    Value* base = m_sp;
    push(v);
    push(symbol(name));
    bool stored = false;
    {
        core::Instance* x = inst(m_env);
        for (size_t i = k_env_header, n = x->slot_count(); i < n; i += 2)
            if (x->slots[i].same(base[1]) || x->slots[i].is_nil()) {
                m_heap.store(x, x->slots[i], base[1]);
                m_heap.store(x, x->slots[i + 1], base[0]);
                stored = true;
                break;
            }
    }
    if (!stored) {
        if (inst(m_env)->slots[0].is_nil()) {
            auto* vars = gc::new_map(m_heap, 8);
            m_heap.store(inst(m_env), inst(m_env)->slots[0], Value::object(vars));
        }
        push(inst(m_env)->slots[0]);
        gc::map_set(m_heap, base[2], base[1], base[0]);
        m_sp = base + 2;
    }
    push(Value::nil());  // base[2]
    if (is_const || !inst(m_env)->slots[2].is_nil()) {
        if (inst(m_env)->slots[2].is_nil()) {
            auto* consts = gc::new_map(m_heap, 4);
            m_heap.store(inst(m_env), inst(m_env)->slots[2], Value::object(consts));
        }
        base[2] = inst(m_env)->slots[2];
        if (is_const) gc::map_set(m_heap, base[2], base[1], Value::boolean(true));
        else gc::map_remove(m_heap, static_cast<core::Map*>(base[2].as_object()), base[1]);
    }
    m_sp = base;
}

void Evaluator::set_var(const Node* at, std::string_view name, Value v) {
    Value* base = m_sp;
    push(v);
    push(symbol(name));
    for (Value e = m_env; !e.is_nil(); e = inst(e)->slots[1]) {
        core::Instance* x = inst(e);
        size_t inline_at = 0;
        for (size_t i = k_env_header, n = x->slot_count(); i < n; i += 2)
            if (x->slots[i].same(base[1])) inline_at = i;
        if (!inline_at &&
            (x->slots[0].is_nil() || gc::map_get(static_cast<core::Map*>(x->slots[0].as_object()), base[1]).is_undefined()))
            continue;
        Value consts = x->slots[2];
        if (!consts.is_nil() && !gc::map_get(static_cast<core::Map*>(consts.as_object()), base[1]).is_undefined())
            fail(at, "Cannot reassign constant '" + std::string(name) + "'");
        if (inline_at) {
            m_heap.store(x, x->slots[inline_at + 1], base[0]);
        } else {
            push(x->slots[0]);
            gc::map_set(m_heap, base[2], base[1], base[0]);
        }
        m_sp = base;
        return;
    }
    fail(at, "Identifier '" + std::string(name) + "' not found");
}

// ------------------------------------------------------------------------------------------- expressions

Value Evaluator::make_function(Function* fn) {
    for (const Param& p : fn->params)
        if (p.default_value) fail(fn, "Default parameter values are not supported ('" + std::string(p.name) + "')");
    ZClass cls = (fn->flags & (FnLambda | FnArrow)) ? ZClass::lambda : ZClass::action;
    auto* c = gc::new_closure(m_heap, Value::small_int(reinterpret_cast<int64_t>(fn)), 1);
    c->class_id = static_cast<uint16_t>(cls);
    c->upvalues[0] = m_env;
    return Value::object(c);
}

Value Evaluator::eval(Node* n) {
    switch (n->kind) {
        case NodeKind::IntLit: {
            auto* lit = static_cast<IntLit*>(n);
            if (lit->digits.size() <= 14) {
                int64_t v = 0;
                for (char c : lit->digits) v = v * 10 + (c - '0');
                return Value::small_int(v);
            }
            mpz_t z;
            mpz_init_set_str(z, std::string(lit->digits).c_str(), 10);
            m_current = n;
            Value r;
            try {
                r = int_result(z);
            } catch (...) {
                mpz_clear(z);
                throw;
            }
            mpz_clear(z);
            return r;
        }
        case NodeKind::FloatLit: return Value::from_double(static_cast<FloatLit*>(n)->value);
        case NodeKind::StringLit: return make_string(static_cast<StringLit*>(n)->value);
        case NodeKind::BoolLit: return Value::boolean(static_cast<BoolLit*>(n)->value);
        case NodeKind::NullLit: return Value::nil();
        case NodeKind::InterpString: {
            std::string s;
            for (Node* part : static_cast<InterpString*>(n)->parts) {
                if (auto* lit = part->as<StringLit>()) s += lit->value;
                else append_display(s, eval(part));
            }
            return make_string(s);
        }
        case NodeKind::Ident: {
            auto* id = static_cast<Ident*>(n);
            bool found;
            Value v = lookup(id->name, found);
            if (found) return v;
            int b = builtin_index(id->name);
            if (b >= 0) return builtin_value(b);
            fail(n, "Identifier '" + std::string(id->name) + "' not found");
        }
        case NodeKind::ListLit: {
            auto* l = static_cast<ListLit*>(n);
            Value* base = m_sp;
            for (Node* item : l->items) push(eval(item));
            Value r = list_from(base, l->items.size());
            m_sp = base;
            return r;
        }
        case NodeKind::MapLit: {
            auto* m = static_cast<MapLit*>(n);
            Value* base = m_sp;
            push(Value::object(gc::new_map(m_heap, m->keys.size() < 4 ? 4 : m->keys.size())));
            for (size_t i = 0; i < m->keys.size(); ++i) {
                push(eval(m->keys[i]));
                push(eval(m->values[i]));
                gc::map_set(m_heap, base[0], m_sp[-2], m_sp[-1]);
                m_sp -= 2;
            }
            m_sp = base;
            return base[0];
        }
        case NodeKind::Unary: {
            auto* u = static_cast<Unary*>(n);
            Value v = eval(u->operand);
            if (u->op == UnaryOp::Not) return Value::boolean(!truthy(v));
            return negate(n, v);
        }
        case NodeKind::Binary: {
            auto* b = static_cast<Binary*>(n);
            if (b->op == BinaryOp::And) {
                Value l = eval(b->lhs);
                return truthy(l) ? eval(b->rhs) : l;
            }
            if (b->op == BinaryOp::Or) {
                Value l = eval(b->lhs);
                return truthy(l) ? l : eval(b->rhs);
            }
            if (b->op == BinaryOp::Coalesce) {
                Value l;
                if (auto* id = b->lhs->as<Ident>()) {
                    bool found;
                    l = lookup(id->name, found);
                } else {
                    l = eval(b->lhs);
                }
                return l.is_nil() ? eval(b->rhs) : l;
            }
            Value l = eval(b->lhs);
            Value r;
            if (l.is_object()) {
                push(l);
                r = eval(b->rhs);
                l = pop();
            } else {
                r = eval(b->rhs);
            }
            Value s;
            if (b->op == BinaryOp::Add && Value::add_small(l, r, s)) return s;
            if (b->op == BinaryOp::Sub && Value::sub_small(l, r, s)) return s;
            if (l.is_small_int() && r.is_small_int()) {
                int64_t x = l.as_small_int(), y = r.as_small_int();
                switch (b->op) {
                    case BinaryOp::Lt: return Value::boolean(x < y);
                    case BinaryOp::Le: return Value::boolean(x <= y);
                    case BinaryOp::Gt: return Value::boolean(x > y);
                    case BinaryOp::Ge: return Value::boolean(x >= y);
                    case BinaryOp::Eq: return Value::boolean(x == y);
                    case BinaryOp::Ne: return Value::boolean(x != y);
                    default: break;
                }
            }
            Value* base = m_sp;
            push(l);
            push(r);
            m_current = n;
            s = binary(n, b->op, base);
            m_sp = base;
            return s;
        }
        case NodeKind::Ternary: {
            auto* t = static_cast<Ternary*>(n);
            return truthy(eval(t->cond)) ? eval(t->then_value) : eval(t->else_value);
        }
        case NodeKind::IfExpr: {
            auto* t = static_cast<IfExpr*>(n);
            if (truthy(eval(t->cond))) return eval(t->then_value);
            return t->else_value ? eval(t->else_value) : Value::nil();
        }
        case NodeKind::Assign: assign(static_cast<Assign*>(n)); return Value::nil();
        case NodeKind::Call: return eval_call(static_cast<Call*>(n));
        case NodeKind::Index: return eval_index(static_cast<Index*>(n));
        case NodeKind::Member: return eval_member(static_cast<Member*>(n));
        case NodeKind::Function: return make_function(static_cast<Function*>(n));
        case NodeKind::Await: return eval_await(static_cast<Await*>(n));
        case NodeKind::Spawn: return eval_spawn(static_cast<Spawn*>(n));
        case NodeKind::Match:
            if (static_cast<Match*>(n)->expression) return eval_match(static_cast<Match*>(n));
            break;
        case NodeKind::Construct: return construct(static_cast<Construct*>(n));
        default: break;
    }
    fail(n, "'" + std::string(node_kind_name(n->kind)) + "' is not supported as an expression");
}

Value Evaluator::eval_index(Index* ix) {
    Value* base = m_sp;
    push(eval(ix->object));
    push(eval(ix->index));
    Value r = index_value(ix, base);
    m_sp = base;
    return r;
}

Value Evaluator::index_value(const Node* ix, Value* base) {
    Value o = base[0], i = base[1];
    if (core::is_kind(o, Kind::map)) {
        Value v = gc::map_get(static_cast<core::Map*>(o.as_object()), i);
        return v.is_undefined() ? Value::nil() : v;
    }
    if (core::is_kind(o, Kind::list) && i.is_small_int()) {
        auto* l = static_cast<core::List*>(o.as_object());
        int64_t k = i.as_small_int();
        if (k < 0) k += static_cast<int64_t>(l->length);
        if (k < 0 || static_cast<uint64_t>(k) >= l->length) fail(ix, "Index out of range: " + std::to_string(i.as_small_int()));
        return gc::list_get(l, static_cast<uint64_t>(k));
    }
    if (is_string(o) && i.is_small_int()) {
        std::string s(str(o));
        int64_t k = i.as_small_int();
        if (k < 0) k += static_cast<int64_t>(s.size());
        if (k < 0 || static_cast<uint64_t>(k) >= s.size()) fail(ix, "Index out of range: " + std::to_string(i.as_small_int()));
        return make_string(s.substr(static_cast<size_t>(k), 1));
    }
    fail(ix, "Cannot index " + upper_type(o) + " with " + upper_type(i));
}

Value Evaluator::eval_member(Member* m) { return member_value(m, eval(m->object)); }

Value Evaluator::member_value(Member* m, Value o, Value name) {
    if (core::is_kind(o, Kind::map)) {
        Value* base = m_sp;
        push(o);
        Value key = name.is_undefined() ? make_string(m->name) : name;
        o = base[0];
        m_sp = base;
        Value v = gc::map_get(static_cast<core::Map*>(o.as_object()), key);
        return v.is_undefined() ? Value::nil() : v;
    }
    if (zclass(o) == ZClass::record) {
        Value* base = m_sp;
        push(o);
        Value key = name.is_undefined() ? make_string(m->name) : name;
        o = base[0];
        m_sp = base;
        Value v = gc::map_get(static_cast<core::Map*>(inst(o)->slots[1].as_object()), key);
        return v.is_undefined() ? Value::nil() : v;
    }
    if (zclass(o) == ZClass::error) {
        if (m->name == "message") return inst(o)->slots[0];
        return Value::nil();
    }
    if (zclass(o) == ZClass::module) {  // §15 `NAME.member`
        Value* base = m_sp;
        push(o);
        Value key = name.is_undefined() ? symbol(m->name) : name;
        o = base[0];
        m_sp = base;
        Value v = gc::map_get(static_cast<core::Map*>(inst(o)->slots[0].as_object()), key);
        if (v.is_undefined()) v = gc::map_get(static_cast<core::Map*>(inst(o)->slots[0].as_object()), symbol(m->name));
        if (v.is_undefined())
            fail(m, "Module '" + std::string(str(inst(o)->slots[1])) + "' has no member '" + std::string(m->name) + "'");
        return v;
    }
    if (core::is_kind(o, Kind::list) && (m->name == "length")) return Value::small_int(static_cast<int64_t>(static_cast<core::List*>(o.as_object())->length));
    fail(m, "Cannot read property '" + std::string(m->name) + "' of " + upper_type(o));
}

namespace {
/// `name = value` in an argument list (§15 keyword argument).
bool is_keyword_arg(const Node* a) {
    auto* as = a->as<Assign>();
    return as && as->op == AssignOp::Set && as->target->is<Ident>();
}
}  // namespace

Value Evaluator::eval_keyword_call(Call* c) {
    for (Node* a : c->args)
        if (!is_keyword_arg(a)) fail(c, "Cannot mix positional and keyword arguments");
    Value* base = m_sp;
    push(c->callee->is<Member>() ? Value::nil() : eval(c->callee));
    if (zclass(base[0]) != ZClass::type) fail(c, "Keyword arguments only supported for entity constructors");
    for (Node* a : c->args) {
        auto* as = static_cast<Assign*>(a);
        push(make_string(static_cast<Ident*>(as->target)->name));
        push(eval(as->value));
    }
    Value r = instantiate_named(c, base, c->args.size());
    m_sp = base;
    return r;
}

Value Evaluator::eval_call(Call* c) {
    for (Node* a : c->args)
        if (TRELLIS_UNLIKELY(a->kind == NodeKind::Assign) && is_keyword_arg(a)) return eval_keyword_call(c);
    Value* base = m_sp;
    if (auto* mem = c->callee->as<Member>()) {
        push(eval(mem->object));  // base[0]: receiver
        push(method_target(mem, base));
        for (Node* a : c->args) push(eval(a));
        Value r = call_method_at(c, mem, base, c->args.size());
        m_sp = base;
        return r;
    }
    push(eval(c->callee));
    for (Node* a : c->args) push(eval(a));
    Value r = call_value(c, base, c->args.size());
    m_sp = base;
    return r;
}

Value Evaluator::method_target(Member* mem, Value* recv, Value name) {
    if (zclass(*recv) == ZClass::module) return member_value(mem, *recv, name);  // `NAME.f(...)` (§15)
    if (!core::is_kind(*recv, Kind::map)) return Value::undefined();
    Value key = name.is_undefined() ? make_string(mem->name) : name;
    Value f = gc::map_get(static_cast<core::Map*>(recv->as_object()), key);
    if (!f.is_undefined() && (zclass(f) == ZClass::action || zclass(f) == ZClass::lambda || zclass(f) == ZClass::builtin))
        return f;
    return Value::undefined();
}

Value Evaluator::call_method_at(Call* c, Member* mem, Value* base, size_t argc) {
    if (!base[1].is_undefined()) return call_value(c, base + 1, argc);  // a function stored in a map
    base[1] = base[0];
    if (zclass(base[1]) == ZClass::record) {
        bool found = false;
        Value r = call_record_method(c, mem->name, base + 1, argc, found);
        if (!found) fail(c, "Unknown method '" + std::string(mem->name) + "' for " + type_name(base[1]));
        return r;
    }
    bool found = false;
    m_current = c;
    Value r = call_method(mem->name, base + 2, argc, found);
    if (!found) fail(c, "Unknown method '" + std::string(mem->name) + "' for " + upper_type(base[1]));
    return r;
}

Value Evaluator::call_value(const Node* at, Value* base, size_t argc, Value* self) {
    Value f = base[0];
    ZClass cls = zclass(f);
    if (cls == ZClass::type) return instantiate(at, base, argc);
    if (cls == ZClass::builtin) {
        m_current = at;
        return call_builtin(static_cast<int>(static_cast<core::Closure*>(f.as_object())->function.as_small_int()),
                            base + 1, argc);
    }
    if (cls != ZClass::action && cls != ZClass::lambda) fail(at, "Cannot call " + upper_type(f) + " (not a function)");
    auto* fn = reinterpret_cast<Function*>(static_cast<core::Closure*>(f.as_object())->function.as_small_int());
    if (Vm* vm = vm_tier(); vm && !self) {
        // Tier-up (vm.hpp): a compiled function runs in the bytecode VM, with the same depth limits.
        if (const Proto* proto = vm->function_proto(fn)) return vm->call(proto, at, base, argc);
    }
    if (TRELLIS_UNLIKELY(m_options.count_calls) && ++m_iterations > m_options.max_iterations)
        iteration_limit(*this, at, m_iterations);  // the embedding's step budget (step_limit.hpp)
    if (m_depth >= m_options.max_depth ||
        TRELLIS_UNLIKELY(reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < m_native_limit))
        fail(at, "Maximum recursion depth exceeded");
    Value* saved_sp = m_sp;
    push(m_env);  // saved environment, rooted
    Value env = new_env(static_cast<core::Closure*>(base[0].as_object())->upvalues[0], true);
    m_env = env;
    for (size_t i = 0; i < fn->params.size(); ++i) define(fn->params[i].name, i < argc ? base[1 + i] : Value::nil(), false);
    if (self) {
        define("this", *self, false);
        define("self", *self, false);  // §15: `self` is `this` inside the actions of records
    }
    ++m_depth;
    Value result;
    if (fn->flags & FnExprBody) {
        result = eval(fn->body);
    } else {
        Flow flow = exec_block(fn->body);
        if (TRELLIS_UNLIKELY(flow == Flow::cont)) m_recovery = true;  // §6: `continue` outside a loop
        result = flow == Flow::ret ? m_ret : Value::nil();
        m_ret = Value::nil();
    }
    --m_depth;
    m_env = saved_sp[0];
    m_sp = saved_sp;
    return result;
}

void Evaluator::assign(Assign* a) {
    Value* base = m_sp;
    if (auto* id = a->target->as<Ident>()) {
        Value v;
        if (a->op == AssignOp::Set) {
            v = eval(a->value);
        } else {
            push(eval(a->target));
            push(eval(a->value));
            static constexpr BinaryOp ops[] = {BinaryOp::Add, BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul,
                                               BinaryOp::Div, BinaryOp::Mod, BinaryOp::Pow};
            m_current = a;
            v = binary(a, ops[static_cast<int>(a->op)], base);
            m_sp = base;
        }
        set_var(a, id->name, v);
        return;
    }
    // Indexed / member targets: evaluate container and key first.
    Node* obj_node;
    if (auto* ix = a->target->as<Index>()) {
        obj_node = ix->object;
        push(eval(obj_node));
        push(eval(ix->index));
    } else {
        auto* m = a->target->as<Member>();
        push(eval(m->object));
        push(make_string(m->name));
    }
    if (a->op == AssignOp::Set) {
        push(eval(a->value));
    } else {
        push(assign_current(a, base));
        push(eval(a->value));
        static constexpr BinaryOp ops[] = {BinaryOp::Add, BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul,
                                           BinaryOp::Div, BinaryOp::Mod, BinaryOp::Pow};
        m_current = a;
        Value v = binary(a, ops[static_cast<int>(a->op)], base + 2);
        m_sp = base + 2;
        push(v);
    }
    assign_store(a, base);
    m_sp = base;
}

Value Evaluator::assign_current(Assign* a, Value* base) {
    {
        Value cur;
        if (core::is_kind(base[0], Kind::map) || zclass(base[0]) == ZClass::record) {
            Value fields = zclass(base[0]) == ZClass::record ? inst(base[0])->slots[1] : base[0];
            cur = gc::map_get(static_cast<core::Map*>(fields.as_object()), base[1]);
            if (cur.is_undefined()) cur = Value::nil();
        } else if (core::is_kind(base[0], Kind::list) && base[1].is_small_int()) {
            auto* l = static_cast<core::List*>(base[0].as_object());
            int64_t k = base[1].as_small_int();
            if (k < 0 || static_cast<uint64_t>(k) >= l->length) fail(a, "Index out of range: " + std::to_string(k));
            cur = gc::list_get(l, static_cast<uint64_t>(k));
        }
        return cur;
    }
}

void Evaluator::assign_store(Assign* a, Value* base) {
    Value* saved = m_sp;
    if (zclass(base[0]) == ZClass::record) {
        push(inst(base[0])->slots[1]);
        gc::map_set(m_heap, saved[0], base[1], base[2]);
    } else if (core::is_kind(base[0], Kind::map)) {
        gc::map_set(m_heap, base[0], base[1], base[2]);
    } else if (core::is_kind(base[0], Kind::list) && base[1].is_small_int()) {
        auto* l = static_cast<core::List*>(base[0].as_object());
        int64_t k = base[1].as_small_int();
        if (k < 0) k += static_cast<int64_t>(l->length);
        if (k < 0 || static_cast<uint64_t>(k) >= l->length) fail(a, "Index out of range: " + std::to_string(base[1].as_small_int()));
        gc::list_set(m_heap, l, static_cast<uint64_t>(k), base[2]);
    } else {
        fail(a, "Cannot assign into " + upper_type(base[0]));
    }
    m_sp = saved;
}

}  // namespace trellis::zexus
