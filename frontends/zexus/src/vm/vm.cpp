/// @file vm.cpp
/// The Zexus bytecode VM (vm.hpp): instruction handlers written once (VmDef::execute<Op>) and run by
/// dispatch::run with the strategy of RunOptions (switch, computed goto, tail calls), tier-up bookkeeping, and
/// the entry points used by the tree walker. Semantics come from the evaluator: the handlers inline only the
/// small-integer fast paths (add, subtract, multiply, floor division, modulo and comparisons, each with its
/// overflow/zero check) and a cached environment read/write; everything else calls Evaluator helpers.
#include "vm/vm.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "compiler/compiler.hpp"
#include "eval/step_limit.hpp"
#include "trellis/dispatch/loops.hpp"

namespace trellis::zexus {

std::string dump_proto(const Proto& p);  // vm_dump.cpp

namespace {
void maybe_dump(const Proto& p) {
    static const bool on = std::getenv("TRELLIS_ZX_DUMP") != nullptr;
    if (on) std::fputs(dump_proto(p).c_str(), stderr);
}
core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }
constexpr uint16_t k_action = static_cast<uint16_t>(ZClass::action);
constexpr uint16_t k_lambda = static_cast<uint16_t>(ZClass::lambda);
}  // namespace

/// Mutable state of one dispatch loop.
struct VmState {
    Vm* vm;
    Evaluator* ev;
    Value* r;           ///< current frame's registers
    Proto* proto;       ///< current unit
    const Value* k;     ///< its constants
    const Ins* code;    ///< its first instruction
    size_t base_calls;  ///< CallInfo stack size at entry: a return at this level leaves the loop
};

/// The instruction set for dispatch::run (loops.hpp).
struct VmDef {
    using State = VmState;
    using Ip = const Ins*;
    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return static_cast<unsigned>(ip->op); }
    template <unsigned O>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip);

    // ---- fast paths ----
    static constexpr BinaryOp binop_of(Op o) {
        switch (o) {
            case Op::ADD: case Op::ADDK: return BinaryOp::Add;
            case Op::SUB: case Op::SUBK: return BinaryOp::Sub;
            case Op::MUL: case Op::MULK: return BinaryOp::Mul;
            case Op::DIV: case Op::DIVK: return BinaryOp::Div;
            case Op::MOD: case Op::MODK: return BinaryOp::Mod;
            case Op::POW: case Op::POWK: return BinaryOp::Pow;
            case Op::EQ: case Op::EQK: case Op::JNEQ: case Op::JNEQK: return BinaryOp::Eq;
            case Op::NE: case Op::NEK: case Op::JNNE: case Op::JNNEK: return BinaryOp::Ne;
            case Op::LT: case Op::LTK: case Op::JNLT: case Op::JNLTK: return BinaryOp::Lt;
            case Op::LE: case Op::LEK: case Op::JNLE: case Op::JNLEK: return BinaryOp::Le;
            case Op::GT: case Op::GTK: case Op::JNGT: case Op::JNGTK: return BinaryOp::Gt;
            default: return BinaryOp::Ge;
        }
    }
    /// Small-integer result of `a op b`, or false for the evaluator's slow path (same rules, LANGUAGE.md §3).
    template <BinaryOp B>
    static TRELLIS_ALWAYS_INLINE bool fast(Value a, Value b, Value& out) {
        if constexpr (B == BinaryOp::Add) return Value::add_small(a, b, out);
        else if constexpr (B == BinaryOp::Sub) return Value::sub_small(a, b, out);
        else if constexpr (B == BinaryOp::Pow) return false;
        else {
            if (TRELLIS_UNLIKELY(!a.is_small_int() || !b.is_small_int())) return false;
            int64_t x = a.as_small_int(), y = b.as_small_int(), r;
            if constexpr (B == BinaryOp::Mul) {
                if (__builtin_mul_overflow(x, y, &r) || !Value::fits_small_int(r)) return false;
                out = Value::small_int(r);
            } else if constexpr (B == BinaryOp::Div) {
                if (TRELLIS_UNLIKELY(y == 0)) return false;
                r = x / y;
                if ((x % y != 0) && ((x < 0) != (y < 0))) --r;
                if (!Value::fits_small_int(r)) return false;
                out = Value::small_int(r);
            } else if constexpr (B == BinaryOp::Mod) {
                if (TRELLIS_UNLIKELY(y == 0)) return false;
                r = x % y;
                if (r != 0 && ((r < 0) != (y < 0))) r += y;
                out = Value::small_int(r);
            } else if constexpr (B == BinaryOp::Eq) out = Value::boolean(x == y);
            else if constexpr (B == BinaryOp::Ne) out = Value::boolean(x != y);
            else if constexpr (B == BinaryOp::Lt) out = Value::boolean(x < y);
            else if constexpr (B == BinaryOp::Le) out = Value::boolean(x <= y);
            else if constexpr (B == BinaryOp::Gt) out = Value::boolean(x > y);
            else out = Value::boolean(x >= y);
            return true;
        }
    }

    // ---- slow paths (out of line) ----
    TRELLIS_COLD static Value binary_slow(State& s, const Ins* ip, BinaryOp op, Value a, Value b) {
        Evaluator& ev = *s.ev;
        const Node* at = s.proto->nodes[static_cast<size_t>(ip - s.code)];
        Value* base = ev.m_sp;
        ev.push(a);
        ev.push(b);
        ev.m_current = at;
        Value v = ev.binary(at, op, base);
        ev.m_sp = base;
        return v;
    }
    static const Node* node(State& s, const Ins* ip) { return s.proto->nodes[static_cast<size_t>(ip - s.code)]; }
    TRELLIS_COLD static Value getg_slow(State& s, const Ins* ip, bool quiet);
    TRELLIS_COLD static void setg_slow(State& s, const Ins* ip);
    TRELLIS_COLD static bool call_slow(State& s, const Ins*& ip);
    TRELLIS_COLD static void grow(State& s, Value* frame, uint32_t slots, const Node* at);
    [[noreturn]] TRELLIS_COLD static void too_deep(State& s, const Ins* ip) {
        s.ev->fail(node(s, ip), "Maximum recursion depth exceeded");
    }
    static TRELLIS_ALWAYS_INLINE bool ret(State& s, const Ins*& ip, Value v) {
        Vm& vm = *s.vm;
        while (!vm.handlers.empty() && vm.handlers.back().r == s.r) vm.handlers.pop_back();
        if (vm.ncalls == s.base_calls) {
            vm.result = v;
            return false;
        }
        const CallInfo& ci = vm.calls[--vm.ncalls];
        --s.ev->m_depth;
        ci.r[ci.dst] = v;
        s.r = ci.r;
        s.proto = ci.proto;
        s.k = ci.proto->k.data();
        s.code = ci.proto->code.data();
        s.ev->m_sp = ci.r + ci.proto->nregs;
        s.ev->m_env = ci.r[0];
        ip = ci.ret;
        return true;
    }
    static TRELLIS_ALWAYS_INLINE void fill_frame(Value* nr, const Proto* p, uint32_t argc) {
        if (argc == p->nparams && p->first_temp == p->nparams + 1) return;  // exact arity, no locals (fib)
        for (uint32_t i = argc + 1; i <= p->nparams; ++i) nr[i] = Value::nil();
        for (uint32_t i = p->nparams + 1; i < p->first_temp; ++i) nr[i] = Value::undefined();
    }
    /// Looks a variable up through an inline cache of the frame's own environment; false on a miss.
    static TRELLIS_ALWAYS_INLINE Value* cached_slot(State& s, const Ins* ip, core::Object*& holder,
                                                    core::Instance*& where) {
        EnvCache& c = s.proto->caches[static_cast<size_t>(ip->d)];
        Value env = s.r[0];
        core::Instance* x = inst(env);
        Value sym = s.k[ip->b];
        if (TRELLIS_UNLIKELY(c.outer)) {
            // Found in the parent: valid while the frame's own environment still lacks the name (no inline pair
            // holds it, its Map has had no insertion since, or it still has no Map).
            if (!env.same(c.near)) return nullptr;
            for (size_t i = Evaluator::k_env_header, n = x->slot_count(); i < n; i += 2)
                if (x->slots[i].same(sym)) return nullptr;
            uint32_t used = x->slots[0].is_nil() ? UINT32_MAX : static_cast<core::Map*>(x->slots[0].as_object())->used;
            if (used != c.near_used) return nullptr;
            env = x->slots[1];
            x = inst(env);
        }
        where = x;
        if (c.inline_pair) {
            if (c.holder.same(env) && x->slots[c.index].same(sym)) {
                holder = x;
                return &x->slots[c.index + 1];
            }
            return nullptr;
        }
        if (!x->slots[0].same(c.holder)) return nullptr;
        auto* m = static_cast<core::Map*>(c.holder.as_object());
        if (TRELLIS_UNLIKELY(c.is_builtin)) return m->used == c.index && x->slots[1].is_nil() ? &c.builtin : nullptr;
        if (c.index >= m->used) return nullptr;
        auto* e = static_cast<core::Array*>(m->entries.as_object());
        if (!e->items[2 * c.index].same(sym)) return nullptr;
        holder = e;
        return &e->items[2 * c.index + 1];
    }
    static void fill_cache(State& s, const Ins* ip);
    static bool find_in_env(Value env, Value sym, EnvCache& out);
    static void fill_builtin_cache(State& s, const Ins* ip, Value builtin);
};

template <unsigned O>
TRELLIS_ALWAYS_INLINE bool VmDef::execute(State& s, Ip& ip) {
    constexpr Op op = static_cast<Op>(O);
    Value* r = s.r;
    if constexpr (op == Op::MOVE) {
        r[ip->a] = r[ip->b];
    } else if constexpr (op == Op::LOADK) {
        r[ip->a] = s.k[ip->b];
    } else if constexpr (op == Op::ENTER) {
        Value parent = static_cast<core::Closure*>(r[0].as_object())->upvalues[0];
        Value env = s.ev->new_env(parent, true);
        r[0] = env;
        s.ev->m_env = env;
    } else if constexpr (op == Op::GETG || op == Op::GETGQ) {
        core::Object* holder;
        core::Instance* where;
        if (Value* slot = cached_slot(s, ip, holder, where); TRELLIS_LIKELY(slot != nullptr)) r[ip->a] = *slot;
        else r[ip->a] = getg_slow(s, ip, op == Op::GETGQ);
    } else if constexpr (op == Op::SETG) {
        core::Object* holder;
        core::Instance* where;
        Value* slot = cached_slot(s, ip, holder, where);
        if (TRELLIS_LIKELY(slot != nullptr && where->slots[2].is_nil())) s.ev->m_heap.store(holder, *slot, r[ip->a]);
        else setg_slow(s, ip);
    } else if constexpr (op == Op::DEFG) {
        // Redefining a name the frame's own environment already holds, with no constants table there, only
        // replaces its value (Evaluator::define); anything else takes define() itself.
        core::Object* holder;
        core::Instance* where;
        Value* slot = ip->c == 0 ? cached_slot(s, ip, holder, where) : nullptr;
        if (slot != nullptr && !s.proto->caches[static_cast<size_t>(ip->d)].outer && where->slots[2].is_nil()) {
            s.ev->m_heap.store(holder, *slot, r[ip->a]);
        } else {
            s.ev->define(static_cast<core::String*>(s.k[ip->b].as_object())->view(), r[ip->a], ip->c != 0);
            if (ip->c == 0) fill_cache(s, ip);
        }
    } else if constexpr (op == Op::GETL || op == Op::GETLQ) {
        Value v = r[ip->b];
        if (TRELLIS_UNLIKELY(v.is_undefined())) {
            if constexpr (op == Op::GETL) {
                s.ev->m_current = node(s, ip);
                v = s.ev->eval(const_cast<Node*>(node(s, ip)));
            } else {
                bool found;
                v = s.ev->lookup(static_cast<const Ident*>(node(s, ip))->name, found);
            }
        }
        r[ip->a] = v;
    } else if constexpr (op == Op::SETL) {
        if (TRELLIS_UNLIKELY(r[ip->b].is_undefined()))
            s.ev->set_var(node(s, ip), static_cast<core::String*>(s.k[ip->c].as_object())->view(), r[ip->a]);
        else r[ip->b] = r[ip->a];
    } else if constexpr (op >= Op::ADD && op <= Op::GE) {
        constexpr BinaryOp b = binop_of(op);
        Value out;
        if (TRELLIS_LIKELY(fast<b>(r[ip->b], r[ip->c], out))) r[ip->a] = out;
        else r[ip->a] = binary_slow(s, ip, b, r[ip->b], r[ip->c]);
    } else if constexpr (op >= Op::ADDK && op <= Op::GEK) {
        constexpr BinaryOp b = binop_of(op);
        Value out;
        if (TRELLIS_LIKELY(fast<b>(r[ip->b], s.k[ip->c], out))) r[ip->a] = out;
        else r[ip->a] = binary_slow(s, ip, b, r[ip->b], s.k[ip->c]);
    } else if constexpr (op >= Op::JNEQ && op <= Op::JNGEK) {
        constexpr BinaryOp b = binop_of(op);
        constexpr bool is_k = op >= Op::JNEQK;
        Value rhs = is_k ? s.k[ip->b] : r[ip->b];
        Value out;
        if (TRELLIS_UNLIKELY(!fast<b>(r[ip->a], rhs, out))) out = binary_slow(s, ip, b, r[ip->a], rhs);
        // A hint on the VM branch keeps it a branch: as a cmov it would put ip on a data dependency (GUIDE §2).
        // Taken is the common case: loop back edges (rotated loops) and the skipped side of a base case.
        if (TRELLIS_LIKELY(!Evaluator::truthy(out))) {
            ip = s.code + ip->d;
            return true;
        }
    } else if constexpr (op == Op::NOT) {
        r[ip->a] = Value::boolean(!Evaluator::truthy(r[ip->b]));
    } else if constexpr (op == Op::NEG) {
        s.ev->m_current = node(s, ip);
        r[ip->a] = s.ev->negate(node(s, ip), r[ip->b]);
    } else if constexpr (op == Op::JMP) {
        ip = s.code + ip->d;
        return true;
    } else if constexpr (op == Op::JMPF || op == Op::JMPT || op == Op::JMPNN) {
        Value v = r[ip->a];
        bool jump = op == Op::JMPF ? !Evaluator::truthy(v) : op == Op::JMPT ? Evaluator::truthy(v) : !v.is_nil();
        if (TRELLIS_LIKELY(jump)) {
            ip = s.code + ip->d;
            return true;
        }
    } else if constexpr (op == Op::CALL) {
        Value f = r[ip->a];
        if (TRELLIS_LIKELY(f.is_object()) && (f.as_object()->class_id == k_action || f.as_object()->class_id == k_lambda)) {
            auto* closure = static_cast<core::Closure*>(f.as_object());
            CallCache& cc = s.proto->call_caches[static_cast<size_t>(ip->d)];
            Proto* p = cc.proto;
            if (TRELLIS_UNLIKELY(!closure->function.same(cc.function))) {
                p = s.vm->compiled(reinterpret_cast<const Function*>(closure->function.as_small_int()));
                if (p) cc = CallCache{closure->function, p};
            }
            if (TRELLIS_LIKELY(p != nullptr)) {
                Evaluator& ev = *s.ev;
                if (TRELLIS_UNLIKELY(ev.m_depth >= ev.m_options.max_depth)) too_deep(s, ip);
                Value* nr = r + ip->a;
                if (TRELLIS_UNLIKELY(nr + p->nregs + 8 > ev.m_limit)) grow(s, nr, p->nregs, node(s, ip));
                fill_frame(nr, p, ip->b);
                s.vm->calls[s.vm->ncalls++] = CallInfo{ip + 1, r, s.proto, ip->a};  // ncalls <= m_depth < max_depth
                ++ev.m_depth;
                if (!p->needs_env) nr[0] = closure->upvalues[0];
                ev.m_env = nr[0];
                ev.m_sp = nr + p->nregs;
                s.r = nr;
                s.proto = p;
                s.k = p->k.data();
                s.code = p->code.data();
                ip = s.code;
                return true;
            }
        }
        return call_slow(s, ip);
    } else if constexpr (op == Op::MTARGET) {
        s.ev->m_current = node(s, ip);
        r[ip->a + 1] = s.ev->method_target(const_cast<Member*>(static_cast<const Member*>(node(s, ip))), r + ip->a,
                                           s.k[ip->c]);
    } else if constexpr (op == Op::CALLM) {
        auto* c = const_cast<Call*>(static_cast<const Call*>(node(s, ip)));
        s.ev->m_current = c;
        Value v = s.ev->call_method_at(c, c->callee->as<Member>(), r + ip->a, ip->b);
        r[ip->a] = v;
    } else if constexpr (op == Op::INDEX) {
        Value o = r[ip->b], i = r[ip->b + 1];
        if (core::is_kind(o, core::Kind::list) && i.is_small_int()) {
            auto* l = static_cast<core::List*>(o.as_object());
            uint64_t k = static_cast<uint64_t>(i.as_small_int());
            if (TRELLIS_LIKELY(k < l->length)) {
                r[ip->a] = gc::list_get(l, k);
                ++ip;
                return true;
            }
        }
        s.ev->m_current = node(s, ip);
        Value v = s.ev->index_value(node(s, ip), r + ip->b);
        r[ip->a] = v;
    } else if constexpr (op == Op::MEMBER) {
        s.ev->m_current = node(s, ip);
        Value v = s.ev->member_value(const_cast<Member*>(static_cast<const Member*>(node(s, ip))), r[ip->b], s.k[ip->c]);
        r[ip->a] = v;
    } else if constexpr (op == Op::IDXCUR) {
        s.ev->m_current = node(s, ip);
        Value v = s.ev->assign_current(const_cast<Assign*>(static_cast<const Assign*>(node(s, ip))), r + ip->a);
        r[ip->a + 2] = v;
    } else if constexpr (op == Op::IDXSET) {
        s.ev->m_current = node(s, ip);
        s.ev->assign_store(const_cast<Assign*>(static_cast<const Assign*>(node(s, ip))), r + ip->a);
    } else if constexpr (op == Op::LIST) {
        Value v = s.ev->list_from(r + ip->b, ip->c);
        r[ip->a] = v;
    } else if constexpr (op == Op::NEWMAP) {
        r[ip->a] = Value::object(gc::new_map(s.ev->m_heap, ip->c));
    } else if constexpr (op == Op::MAPSET) {
        gc::map_set(s.ev->m_heap, r[ip->a], r[ip->b], r[ip->c]);
    } else if constexpr (op == Op::INTERP) {
        std::string text;
        for (unsigned i = 0; i < ip->c; ++i) s.ev->append_display(text, r[ip->b + i]);
        Value v = s.ev->make_string(text);
        r[ip->a] = v;
    } else if constexpr (op == Op::CLOSURE) {
        auto* fn = reinterpret_cast<Function*>(s.k[ip->b].as_small_int());
        Value v = s.ev->make_function(fn);
        r[ip->a] = v;
    } else if constexpr (op == Op::PRINTH || op == Op::TRYH) {
        s.vm->handlers.push_back(Handler{s.code + ip->d, r, s.proto, s.vm->ncalls, s.ev->m_depth,
                                         op == Op::TRYH ? int32_t(ip->a) : -1});
    } else if constexpr (op == Op::PRINT) {
        s.vm->handlers.pop_back();
        s.ev->print_values(r + ip->a, ip->b, ip->c != 0);
    } else if constexpr (op == Op::POPH) {
        s.vm->handlers.resize(s.vm->handlers.size() - ip->b);
    } else if constexpr (op == Op::THROW) {
        s.ev->throw_value(node(s, ip), r[ip->a]);
    } else if constexpr (op == Op::EVAL) {
        Value v = s.ev->eval(const_cast<Node*>(node(s, ip)));
        r[ip->a] = v;
    } else if constexpr (op == Op::EXEC) {
        Flow f = s.ev->exec(const_cast<Node*>(node(s, ip)));
        r[ip->a] = Value::small_int(static_cast<int64_t>(f));
        if (f == Flow::ret) {
            r[ip->a + 1] = s.ev->m_ret;
            s.ev->m_ret = Value::nil();
        }
    } else if constexpr (op == Op::ITER) {
        if (++s.ev->m_iterations > s.ev->m_options.max_iterations) iteration_limit(*s.ev, node(s, ip), s.ev->m_iterations);
    } else if constexpr (op == Op::FORPREP) {
        Value it = r[ip->a];
        if (!core::is_kind(it, core::Kind::map) && !core::is_kind(it, core::Kind::list))
            s.ev->fail(node(s, ip), "ForEach expects List or Map");
        r[ip->a + 1] = Value::small_int(0);
    } else if constexpr (op == Op::FORNEXT) {
        Value it = r[ip->a];
        uint64_t i = static_cast<uint64_t>(r[ip->a + 1].as_small_int());
        Value k, v;
        bool is_map = core::is_kind(it, core::Kind::map);
        if (is_map) {
            auto* m = static_cast<core::Map*>(it.as_object());
            auto* e = static_cast<core::Array*>(m->entries.as_object());
            while (i < m->used && e->items[2 * i].is_undefined()) ++i;
            if (i >= m->used) {
                ip = s.code + ip->d;
                return true;
            }
            k = e->items[2 * i];
            v = e->items[2 * i + 1];
        } else {
            auto* l = static_cast<core::List*>(it.as_object());
            if (i >= l->length) {
                ip = s.code + ip->d;
                return true;
            }
            k = Value::small_int(static_cast<int64_t>(i));
            v = gc::list_get(l, i);
        }
        r[ip->a + 1] = Value::small_int(static_cast<int64_t>(i + 1));
        if (ip->c) {
            r[ip->a + 3] = is_map ? k : v;
        } else {
            r[ip->a + 2] = k;
            r[ip->a + 3] = v;
        }
    } else if constexpr (op == Op::RET) {
        return ret(s, ip, r[ip->a]);
    } else if constexpr (op == Op::RETNIL) {
        return ret(s, ip, Value::nil());
    } else if constexpr (op == Op::CONTRET) {
        s.ev->m_recovery = true;  // LANGUAGE.md §6: `continue` outside a loop
        return ret(s, ip, Value::nil());
    } else if constexpr (op == Op::LOOPEND) {
        s.vm->loop_ended = true;
        return false;
    }
    ++ip;
    return true;
}

/// Where `sym` is in environment `env` itself: an inline pair (index of its key slot) or the Map (entry index).
bool VmDef::find_in_env(Value env, Value sym, EnvCache& out) {
    core::Instance* x = inst(env);
    for (size_t i = Evaluator::k_env_header, n = x->slot_count(); i < n; i += 2)
        if (x->slots[i].same(sym)) {
            out = EnvCache{env, static_cast<uint32_t>(i), true};
            return true;
        }
    if (x->slots[0].is_nil()) return false;
    auto* m = static_cast<core::Map*>(x->slots[0].as_object());
    auto* e = static_cast<core::Array*>(m->entries.as_object());
    for (uint32_t i = 0; i < m->used; ++i)
        if (e->items[2 * i].same(sym)) {
            out = EnvCache{x->slots[0], i, false};
            return true;
        }
    return false;
}

void VmDef::fill_cache(State& s, const Ins* ip) {
    EnvCache& c = s.proto->caches[static_cast<size_t>(ip->d)];
    Value sym = s.k[ip->b];
    EnvCache found;
    if (find_in_env(s.r[0], sym, found)) {
        c = found;
        return;
    }
    core::Instance* x = inst(s.r[0]);
    if (x->slots[1].is_nil() || !find_in_env(x->slots[1], sym, found)) return;
    found.outer = true;
    found.near = s.r[0];
    found.near_used = x->slots[0].is_nil() ? UINT32_MAX : static_cast<core::Map*>(x->slots[0].as_object())->used;
    c = found;
}

void VmDef::fill_builtin_cache(State& s, const Ins* ip, Value builtin) {
    // Only for an environment without parent (globals, a module): then "not in its Map" is the whole lookup,
    // and the Map's entry count tells whether a name was defined since.
    core::Instance* x = inst(s.r[0]);
    if (x->slots[0].is_nil() || !x->slots[1].is_nil()) return;
    for (size_t i = Evaluator::k_env_header, n = x->slot_count(); i < n; i += 2)
        if (!x->slots[i].is_nil()) return;
    EnvCache& c = s.proto->caches[static_cast<size_t>(ip->d)];
    c = EnvCache{x->slots[0], static_cast<core::Map*>(x->slots[0].as_object())->used, false, true, builtin};
    c.outer = false;
}

Value VmDef::getg_slow(State& s, const Ins* ip, bool quiet) {
    Evaluator& ev = *s.ev;
    auto* id = const_cast<Ident*>(static_cast<const Ident*>(node(s, ip)));
    ev.m_current = id;
    Value v;
    bool found = false;
    if (quiet) {
        v = ev.lookup(id->name, found);
    } else {
        ev.lookup(id->name, found);
        v = ev.eval(id);
    }
    if (found || quiet || !ip->pad || ev.zclass(v) != ZClass::builtin) fill_cache(s, ip);
    else fill_builtin_cache(s, ip, v);
    return v;
}

void VmDef::setg_slow(State& s, const Ins* ip) {
    Evaluator& ev = *s.ev;
    ev.set_var(node(s, ip), static_cast<core::String*>(s.k[ip->b].as_object())->view(), s.r[ip->a]);
    fill_cache(s, ip);
}

bool VmDef::call_slow(State& s, const Ins*& ip) {
    Evaluator& ev = *s.ev;
    const Node* at = node(s, ip);
    ev.m_current = at;
    Value v = ev.call_value(at, s.r + ip->a, ip->b);
    s.r[ip->a] = v;
    ++ip;
    return true;
}

void VmDef::grow(State& s, Value* frame, uint32_t slots, const Node* at) {
    Evaluator& ev = *s.ev;
    ev.m_current = at;
    while (frame + slots + 8 > ev.m_limit) ev.grow_stack();
}

// ------------------------------------------------------------------------------------------------------ Vm

Vm::Vm(Evaluator& evaluator) : ev(evaluator) {
    calls = std::make_unique_for_overwrite<CallInfo[]>(static_cast<size_t>(std::max(ev.m_options.max_depth, 0)) + 2);
    m_root_id = ev.m_heap.add_root_callback(&Vm::visit_roots, this);
}

Vm::~Vm() { ev.m_heap.remove_root_callback(m_root_id); }

void Vm::visit_roots(gc::RootVisitor& v, void* self) {
    auto* vm = static_cast<Vm*>(self);
    for (auto& p : vm->m_protos) {
        if (!p->k.empty()) v.visit(p->k.data(), p->k.data() + p->k.size());
        for (EnvCache& c : p->caches) {
            v.visit(c.holder);
            v.visit(c.builtin);
            v.visit(c.near);
        }
    }
    if (!vm->m_saved_envs.empty()) v.visit(vm->m_saved_envs.data(), vm->m_saved_envs.data() + vm->m_saved_envs.size());
    v.visit(vm->result);
}

UnitState& Vm::state(const void* key) {
    Slot& s = m_slots[slot_of(key)];
    if (s.key == key) return *s.state;
    auto& p = m_states[key];
    if (!p) p = std::make_unique<UnitState>();
    s = Slot{key, p.get()};
    return *p;
}

Proto* Vm::new_proto() {
    m_protos.push_back(std::make_unique<Proto>());
    return m_protos.back().get();
}

const Proto* Vm::function_proto(const Function* fn) {
    UnitState& st = state(fn);
    if (st.proto) return st.proto;
    if (st.failed) return nullptr;
    uint32_t threshold = ev.m_options.tier == Tier::vm ? 0 : ev.m_options.hot_call_threshold;
    if (st.calls++ < threshold) return nullptr;
    Proto* p = new_proto();
    Compiler c(ev, *p);
    if (c.compile_function(fn)) {
        st.proto = p;
        maybe_dump(*p);
    } else {
        st.failed = true;
    }
    return st.proto;
}

const Proto* Vm::loop_proto(const Node* loop) {
    UnitState& st = state(loop);
    if (st.proto || st.failed) return st.proto;
    Proto* promoted = new_proto();
    if (!Compiler(ev, *promoted).compile_loop(loop, true) || !can_promote(promoted)) promoted = nullptr;
    Proto* p = new_proto();
    Compiler c(ev, *p);
    if (c.compile_loop(loop)) {
        if (promoted) {
            promoted->plain = p;
            p = promoted;
        }
        st.proto = p;
        maybe_dump(*p);
    } else {
        st.failed = true;
    }
    return st.proto;
}

Value Vm::call(const Proto* cp, const Node* at, Value* base, size_t argc) {
    auto* p = const_cast<Proto*>(cp);
    if (ev.m_depth >= ev.m_options.max_depth ||
        TRELLIS_UNLIKELY(reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < ev.m_native_limit))
        ev.fail(at, "Maximum recursion depth exceeded");
    // A fresh frame above the caller's values (callers such as map/filter reuse base[] after the call).
    ev.m_current = at;
    Value* r = ev.m_sp;
    while (r + p->nregs + argc + 8 > ev.m_limit) ev.grow_stack();
    for (size_t i = 0; i <= argc; ++i) r[i] = base[i];
    VmDef::fill_frame(r, p, static_cast<uint32_t>(argc));
    m_saved_envs.push_back(ev.m_env);
    if (!p->needs_env) r[0] = static_cast<core::Closure*>(r[0].as_object())->upvalues[0];
    ev.m_env = r[0];
    ev.m_sp = r + std::max<size_t>(p->nregs, argc + 1);
    ++ev.m_depth;
    Value v;
    try {
        v = execute(p, r);
    } catch (...) {
        --ev.m_depth;
        ev.m_env = m_saved_envs.back();
        m_saved_envs.pop_back();
        throw;
    }
    --ev.m_depth;
    ev.m_env = m_saved_envs.back();
    m_saved_envs.pop_back();
    ev.m_sp = r;
    return v;
}

bool Vm::can_promote(const Proto* p) {
    for (const Proto::Promoted& pr : p->promoted) {
        Value sym = p->k[pr.symbol];
        bool found = false;
        for (Value e = ev.m_env; !e.is_nil() && !found; e = inst(e)->slots[1]) {
            core::Instance* x = inst(e);
            for (size_t i = Evaluator::k_env_header, n = x->slot_count(); i < n; i += 2)
                if (x->slots[i].same(sym)) found = true;
            if (!found && !x->slots[0].is_nil())
                found = !gc::map_get(static_cast<core::Map*>(x->slots[0].as_object()), sym).is_undefined();
            if (found && !x->slots[2].is_nil() &&
                !gc::map_get(static_cast<core::Map*>(x->slots[2].as_object()), sym).is_undefined())
                return false;  // a constant: assignments must fail where the tree walker fails
        }
        if (!found) return false;
    }
    return true;
}

void Vm::write_back(const Proto* p, Value* r) {
    for (const Proto::Promoted& pr : p->promoted)
        ev.set_var(p->loop, static_cast<core::String*>(p->k[pr.symbol].as_object())->view(), r[pr.reg]);
}

Flow Vm::run_loop(const Proto* cp, Value iterable, uint64_t next) {
    auto* p = const_cast<Proto*>(cp);
    if (!p->promoted.empty() && !can_promote(p)) p = const_cast<Proto*>(p->plain);
    Value* r = ev.m_sp;
    ev.push(iterable);  // rooted while the stack grows
    while (r + p->nregs + 8 > ev.m_limit) ev.grow_stack();
    iterable = r[0];
    for (uint32_t i = 0; i < p->nregs; ++i) r[i] = Value::nil();
    r[0] = ev.m_env;
    if (p->loop->is<ForEach>()) {
        r[1] = iterable;
        r[2] = Value::small_int(static_cast<int64_t>(next));
    }
    ev.m_sp = r + p->nregs;
    loop_ended = false;
    Value v;
    if (p->promoted.empty()) {
        v = execute(p, r);
    } else {
        try {
            v = execute(p, r);
        } catch (...) {
            ev.m_sp = r + p->nregs;
            write_back(p, r);
            throw;
        }
        ev.m_sp = r + p->nregs;
        ev.push(v);
        write_back(p, r);
        v = ev.m_sp[-1];
    }
    ev.m_sp = r;
    if (loop_ended) {
        loop_ended = false;
        return Flow::normal;
    }
    ev.m_ret = v;
    return Flow::ret;
}

Value Vm::execute(Proto* p, Value* r) {
    VmState s{this, &ev, r, p, p->k.data(), p->code.data(), ncalls};
    size_t hbase = handlers.size();
    int depth0 = ev.m_depth;
    const Ins* ip = p->code.data();
    for (;;) {
        try {
            dispatch::run<VmDef>(ev.m_options.strategy, s, ip);
            Value v = result;
            result = Value::nil();
            return v;
        } catch (ZexusRuntimeError& e) {
            if (handlers.size() == hbase) {
                ncalls = s.base_calls;
                ev.m_depth = depth0;
                throw;
            }
            Handler h = handlers.back();
            handlers.pop_back();
            ncalls = h.calls;
            ev.m_depth = h.depth;
            s.r = h.r;
            s.proto = h.proto;
            s.k = h.proto->k.data();
            s.code = h.proto->code.data();
            ev.m_sp = s.r + s.proto->nregs;
            ev.m_env = s.r[0];
            if (h.error_reg < 0) {
                ev.report_skipped_print(e);
            } else {
                Value err = ev.make_error(e.message);
                s.r[h.error_reg] = err;
            }
            ip = h.target;
        } catch (...) {
            handlers.resize(hbase);
            ncalls = s.base_calls;
            ev.m_depth = depth0;
            throw;
        }
    }
}

}  // namespace trellis::zexus
