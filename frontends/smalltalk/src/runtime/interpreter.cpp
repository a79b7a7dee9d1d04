/// @file interpreter.cpp
/// The interpreter loop: every instruction of bytecode.hpp written once (StDef::execute<Op>) and run by
/// dispatch::run under the strategy of VmOptions (switch, computed goto, tail calls). Sends go through the
/// site's inline cache (one compare when monomorphic), then a PIC of up to pic_size classes, then the global
/// lookup cache. Activations are Frames bump-allocated on the core::FrameStack; a send, a block activation and a
/// return never leave the loop (no native recursion). Arithmetic and comparison opcodes have SmallInteger and
/// Double fast paths and fall back to a real send. Errors stop the loop with RunStatus::error after the error
/// and the Smalltalk stack have been reported (Interp::report_error). A step (the embedder's budget, Interp::
/// m_steps_left, kept in State::steps while the loop runs) is an activation or a backward jump: one decrement and
/// a never-taken branch on those paths (a send answered without a frame cannot loop by itself).
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "runtime/primitive_guard.hpp"
#include "runtime/runtime.hpp"
#include "trellis/dispatch/loops.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::smalltalk {

namespace {

inline core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }
inline unsigned u16(const uint8_t* p) { return static_cast<unsigned>(p[0]) | (static_cast<unsigned>(p[1]) << 8); }

struct State {
    Interp* vm;
    Frame* fp;
    Value* sp;  ///< next free operand slot
    Method* m;
    Value* slots;
    RunStatus status;
    /// The embedder's step budget left (Interp::m_steps_left while this run is active): kept here so that a send
    /// and a backward jump decrement it without loading the VM pointer first.
    int64_t steps;
    /// Set by a cold path that takes its instruction pointer by value (so that the loop's own ip never has its
    /// address taken on a hot path) and goes on elsewhere: it stops the loop, which Interp::execute() runs again
    /// from here.
    const uint8_t* resume_ip = nullptr;
};

struct StDef {
    using State = smalltalk::State;
    using Ip = const uint8_t*;
    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return *ip; }
    /// The operand-stack pointer kept in a register by the loops (dispatch/loops.hpp's Regs form). The simple
    /// instructions (pushes, stores, pops, jumps, arithmetic fast paths) work on it directly; every other one
    /// writes it back to State::sp, runs execute_mem (which may push or pop frames) and reloads it.
    struct Regs {
        Value* sp;
        Value* slots;  ///< State::slots (arguments and temporaries of the running activation)
    };
    static TRELLIS_ALWAYS_INLINE Regs enter(State& s) { return Regs{s.sp, s.slots}; }
    template <unsigned O>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip, Regs& r);
    template <unsigned O>
    static TRELLIS_ALWAYS_INLINE bool execute_mem(State& s, Ip& ip);
    /// The arithmetic and comparison opcodes past the SmallInteger fast path of execute (Double operands,
    /// `*`, `==`), else a real send through the opcode's site; on the loop's registers.
    template <unsigned O>
    static TRELLIS_ALWAYS_INLINE bool binary_slow(State& s, Ip& ip, Regs& regs);

    // ---- cold paths ----
    /// Calls the cold function F, which takes the instruction pointer by reference, through an out-of-line copy
    /// that takes it by value and answers where the loop goes on (nullptr: stop). The loop's own `ip` never has
    /// its address taken, so it stays in a register: taken by reference anywhere in the loop, it was stored to
    /// memory by every instruction.
    template <auto F, class... A>
    TRELLIS_COLD static Ip cold_by_value(State& s, Ip ip, A&&... a) {
        return F(s, ip, std::forward<A>(a)...) ? ip : nullptr;
    }
    template <auto F, class... A>
    static TRELLIS_ALWAYS_INLINE bool call_cold(State& s, Ip& ip, A&&... a) {
        const Ip next = cold_by_value<F>(s, ip, std::forward<A>(a)...);
        if (next == nullptr) return false;
        ip = next;
        return true;
    }

    // ---- errors ----
    TRELLIS_COLD static bool fail(State& s, const uint8_t* ip, const std::string& message) {
        s.vm->report_error(message, s.fp, ip);
        s.status = RunStatus::error;
        return false;
    }
    /// The frame stack is full (VmOptions::stack_bytes) at a send whose result goes to `result_slot`. The first
    /// time, the stack's reserve is released and a StackOverflow (an Error) is signalled there: its handler runs in
    /// the reserve, which is held back again once unwinding has removed the deep frames (unwind_to). Overflowing
    /// the reserve too (a handler that recurses without end) ends the run with a clean error.
    TRELLIS_COLD static bool stack_overflow(State& s, const uint8_t* at, Value* result_slot) {
        Ip ip = at;
        const size_t kib = s.vm->stack.capacity() >> 10;
        std::string msg = "stack overflow: recursion deeper than the frame stack (" +
                          (kib >= 1024 ? std::to_string(kib >> 10) + " MiB)" : std::to_string(kib) + " KiB)");
        if (s.vm->stack.reserve() != 0 && !s.vm->stack.reserve_released()) {
            s.vm->stack.release_reserve();
            s.vm->m_error = std::move(msg);
            s.vm->m_error_class = kernel_error_class(*s.vm, "StackOverflow");
            if (!signal_error(s, ip, result_slot)) return false;
            s.resume_ip = ip;  // ip is this function's copy: the loop goes on from it (Interp::execute)
            return false;
        }
        s.vm->m_error_cause = ErrorCause::stack_limit;
        return fail(s, ip, msg);
    }
    /// An allocation of the loop failed: the heap limit (gc::OutOfMemory) or another allocator error. With a
    /// `signal_slot` (the instruction's result slot), signalled there as an OutOfMemory (or Error) exception, as a
    /// primitive's allocation failure is; without one (the exception itself could not be made), a clean error.
    TRELLIS_COLD static bool alloc_failed(State& s, Ip& ip, const core::Error& e,
                                          Value* signal_slot = nullptr) {
        const bool oom = dynamic_cast<const gc::OutOfMemory*>(&e) != nullptr;
        if (signal_slot) {
            allocation_failed(*s.vm, e.what(), oom);
            return signal_error(s, ip, signal_slot);
        }
        if (oom) s.vm->m_error_cause = ErrorCause::heap_limit;
        return fail(s, ip, e.what());
    }
    /// The step count ran out (a send or a backward jump took the last step): Interp::steps_exhausted() asks
    /// the embedder's interrupt callback; without more steps the run stops with a step_limit error.
    TRELLIS_COLD static bool out_of_steps(State& s, const uint8_t* ip) {
        s.vm->m_steps_left = s.steps;
        const bool more = s.vm->steps_exhausted();
        s.steps = s.vm->m_steps_left;
        if (more) return true;
        s.vm->m_error_cause = ErrorCause::step_limit;
        return fail(s, ip, "step budget exhausted");
    }

    // ---- activation ----
    /// Activates `m` over base[0] (the receiver, where the answer will go) and base[1..nargs] (the arguments), in
    /// place: the new frame's slots start at base + 1, its temporaries and header follow (runtime.hpp, Frame). A
    /// block activation (`closure` not nil) has the closure in base[0]: its self replaces it.
    static TRELLIS_ALWAYS_INLINE bool activate(State& s, Ip& ip, Method* m, Value* base, Value closure, Value ctx) {
        // A step is an activation (or a backward jump): a send answered without a frame (a trivial method, a
        // primitive) cannot loop by itself, so it is not counted.
        if (TRELLIS_UNLIKELY(--s.steps < 0) && !out_of_steps(s, ip)) return false;
        Value* slots = base + 1;
        auto* nf = reinterpret_cast<Frame*>(slots + m->nslots);
        Value* end = nf->ops + m->max_stack;
        // Every word below m_clean_top is a valid Value and m_clean_top never lies beyond the stack's limit, so a
        // frame ending below it needs neither the overflow check nor nil-filling (grow_stack does both).
        if (TRELLIS_UNLIKELY(end > s.vm->m_clean_top)) {
            if (!grow_stack(s, nf, end)) return stack_overflow(s, ip, base);
        } else {
            s.vm->stack.pop_to(end);
        }
        nf->caller = encode_ptr(s.fp);
        nf->ret_ip = encode_ptr(ip);
        nf->method = encode_ptr(m);
        nf->closure = closure;
        nf->ctx = ctx;
        nf->pad = Value::nil();
        if (!closure.is_nil()) base[0] = static_cast<core::Closure*>(closure.as_object())->upvalues[0];
        // the temporaries start nil; the operand stack is written before it is read
        for (unsigned i = m->nargs, t = m->nslots; i < t; ++i) slots[i] = Value::nil();
        s.fp = nf;
        s.m = m;
        s.slots = slots;
        s.sp = nf->ops;
        ip = m->code.data();
        return true;
    }

    /// activate() of a frame ending above Interp::m_clean_top: raises the stack top to `end` (false, changing
    /// nothing, when it lies beyond the stack's limit) and nil-fills the operand stack of frame `nf` up from
    /// m_clean_top (the collector scans every word below the top; the header and temporaries are written by the
    /// activation), raising m_clean_top to `end`.
    static TRELLIS_ALWAYS_INLINE bool grow_stack(State& s, Frame* nf, Value* end) {
        if (TRELLIS_UNLIKELY(!s.vm->stack.set_top(end))) return false;
        for (Value* p = std::max<Value*>(nf->ops, s.vm->m_clean_top); p < end; ++p) *p = Value::nil();
        s.vm->m_clean_top = end;
        return true;
    }

    /// Returns `v` from the running activation, whose first word (its receiver slot, where the answer goes) is
    /// `dst`: frame_base(s.fp), or s.slots - 1 where those are in step.
    static TRELLIS_ALWAYS_INLINE bool do_return(State& s, Ip& ip, Value v, Value* dst) {
        Frame* f = s.fp;
        Frame* caller = decode_ptr<Frame>(f->caller);
        if (TRELLIS_UNLIKELY(caller == nullptr)) {
            s.vm->stack.pop_to(dst);
            s.vm->m_result = v;
            s.status = RunStatus::done;
            return false;
        }
        *dst = v;
        s.sp = dst + 1;
        s.fp = caller;
        Method* cm = decode_ptr<Method>(caller->method);
        s.m = cm;
        s.slots = reinterpret_cast<Value*>(caller) - cm->nslots;
        s.vm->set_stack_top(caller->ops + cm->max_stack);  // the caller's frame is the top one again
        ip = decode_ptr<const uint8_t>(f->ret_ip);
        return true;
    }
    /// do_return() from a cold path, where s.slots may not be in step with s.fp.
    static TRELLIS_ALWAYS_INLINE bool do_return(State& s, Ip& ip, Value v) { return do_return(s, ip, v, frame_base(s.fp)); }

    TRELLIS_COLD static bool call_prim_slow(State& s, Ip& ip, Method* target, Value* base, PrimStatus st);

    static TRELLIS_ALWAYS_INLINE bool invoke(State& s, Ip& ip, Method* target, Value* base) {
        if (target->prim) {
            if (target->inline_prim != Method::Inline::none && base[0].is_object() &&
                base[0].as_object()->kind == core::Kind::array && base[1].is_small_int()) {
                auto* a = static_cast<core::Array*>(base[0].as_object());
                const uint64_t k = static_cast<uint64_t>(base[1].as_small_int() - 1);
                if (TRELLIS_LIKELY(k < a->length)) {  // else the primitive reports the bad index
                    if (target->inline_prim == Method::Inline::array_at) {
                        base[0] = a->items[k];
                    } else {
                        s.vm->heap.store(a, a->items[k], base[2]);
                        base[0] = base[2];
                    }
                    s.sp = base + 1;
                    return true;
                }
            }
            PrimStatus st = target->prim(*s.vm, base);
            if (TRELLIS_LIKELY(st == PrimStatus::ok)) {
                s.sp = base + 1;
                return true;
            }
            if (st == PrimStatus::activate) {
                auto* c = static_cast<core::Closure*>(base[0].as_object());
                return activate(s, ip, decode_ptr<Method>(c->function), base, base[0], c->upvalues[1]);
            }
            return call_cold<&StDef::call_prim_slow>(s, ip, target, base, st);
        }
        if (target->trivial != Method::Trivial::none) {
            answer_trivial(s, target, base);
            s.sp = base + 1;
            return true;
        }
        return activate(s, ip, target, base, Value::nil(), Value::nil());
    }

    /// Answers a trivial method's send in base[0], without a frame (the arguments are dropped).
    static TRELLIS_ALWAYS_INLINE void answer_trivial(State& s, Method* target, Value* base) {
        switch (target->trivial) {
            case Method::Trivial::self: break;
            case Method::Trivial::getter: base[0] = inst(base[0])->slots[target->trivial_index]; break;
            case Method::Trivial::setter: {
                core::Instance* o = inst(base[0]);
                s.vm->heap.store(o, o->slots[target->trivial_index], base[1]);
                break;
            }
            case Method::Trivial::literal: base[0] = target->literals[target->trivial_index]; break;
            default: base[0] = target->trivial_value; break;
        }
    }

    /// Inline-cache miss: PIC entries, then the lookup; the result (maybe null: not understood) is cached, but
    /// never in the first entry (send_regs()'s one compare then needs no null test: a class that does not understand
    /// the selector is looked up through the global cache while the site has no first entry).
    TRELLIS_COLD static Method* site_miss(State& s, SendSite& site, uint16_t cid) {
        for (unsigned i = 1; i < site.count; ++i)
            if (site.ids[i] == cid) return site.methods[i];
        Method* m = s.vm->lookup_cached(cid, site.selector);
        if (!site.megamorphic && (m != nullptr || site.count != 0)) {
            if (site.count < pic_size) {
                if (site.count == 0) site.kind0 = send_kind(m);
                site.ids[site.count] = cid;
                site.methods[site.count] = m;
                ++site.count;
            } else {
                site.megamorphic = true;
            }
        }
        return m;
    }

    /// A send whose method was not found: doesNotUnderstand: selector arguments: anArray.
    TRELLIS_COLD static bool not_understood(State& s, Ip& ip, const core::String* selector, Value* base, unsigned nargs);

    /// A send by selector (perform:, unknownGlobal:, escapedBlock:, fallbacks): base[0] receiver, base[1..nargs].
    TRELLIS_COLD static bool send_dynamic(State& s, Ip& ip, const core::String* selector, Value* base, unsigned nargs) {
        Method* m = s.vm->lookup_cached(s.vm->class_id_of(base[0]), selector);
        if (!m) return not_understood(s, ip, selector, base, nargs);
        if (m->nargs != nargs) return fail(s, ip, "wrong number of arguments for " + std::string(selector->view()));
        return invoke(s, ip, m, base);
    }

    /// The send of an arithmetic or comparison opcode whose fast paths did not apply.
    static TRELLIS_ALWAYS_INLINE bool send(State& s, Ip& ip, SendSite& site) {
        Value* base = s.sp - site.nargs - 1;
        const uint16_t cid = s.vm->class_id_of(base[0]);
        Method* m;
        if (TRELLIS_LIKELY(site.ids[0] == cid)) {
            m = site.methods[0];  // never null (site_miss)
        } else {
            m = site_miss(s, site, cid);
            if (TRELLIS_UNLIKELY(m == nullptr))
                return call_cold<&StDef::not_understood>(s, ip, site.selector, base, unsigned{site.nargs});
        }
        return invoke(s, ip, m, base);
    }

    /// A send through `site` (ip already past the instruction), on the loop's registers: receiver and arguments
    /// on the operand stack. The monomorphic cache is one compare of the receiver's raw class_id (kernel-kind
    /// objects, whose class_id is 0, and immediates find their class id only when it differs); then one test of
    /// the site's kind0 tells an activation from a trivial method (most sends of getters, setters and constants:
    /// answered without writing the stack pointer back to State and reloading it) and a primitive.
    static TRELLIS_ALWAYS_INLINE bool send_regs(State& s, Ip& ip, SendSite& site, Regs& r) {
        Value* base = r.sp - site.nargs - 1;
        const Value recv = base[0];
        // a valid Value with tag 0 is an object (raw bits 0 are never one): one shift, no 64-bit constant
        const uint64_t tag = recv.bits() >> Value::tag_shift;
        uint16_t cid = tag == 0 ? recv.as_object()->class_id : s.vm->immediate_class_id(recv, tag);
        if (TRELLIS_UNLIKELY(site.ids[0] != cid)) {
            if (cid != 0 || (cid = s.vm->kind_class(recv.as_object()->kind)) != site.ids[0])
                return send_miss(s, ip, site, r, base, cid);
        }
        Method* m = site.methods[0];  // never null (site_miss)
        const unsigned k = site.kind0;
        bool ok;
        if (TRELLIS_LIKELY(k == send_bits::activate)) {
            s.sp = r.sp;
            ok = activate(s, ip, m, base, Value::nil(), Value::nil());
        } else if (TRELLIS_LIKELY(k < send_bits::array_at)) {  // a trivial method
            // bit tests rather than compares: clang turns a compare chain on the kind into a jump table
            if (k & send_bits::getter) {
                base[0] = inst(recv)->slots[m->trivial_index];
            } else if (k & send_bits::constant) {
                base[0] = m->trivial_value;
            } else if (k & send_bits::setter) {
                core::Instance* o = inst(recv);
                s.vm->heap.store(o, o->slots[m->trivial_index], base[1]);
            } else if (k & send_bits::literal) {
                base[0] = m->literals[m->trivial_index];
            }  // self: the receiver stays
            r.sp = base + 1;
            return true;
        } else if (k == send_bits::array_at && recv.as_object()->kind == core::Kind::array &&
                   base[1].is_small_int() &&
                   static_cast<uint64_t>(base[1].as_small_int() - 1) < static_cast<core::Array*>(recv.as_object())->length) {
            // Array>>at: with an index in bounds (the class matched: recv is an object); else the primitive runs
            base[0] = static_cast<core::Array*>(recv.as_object())->items[base[1].as_small_int() - 1];
            r.sp = base + 1;
            return true;
        } else if (k == send_bits::array_at_put && recv.as_object()->kind == core::Kind::array &&
                   base[1].is_small_int() &&
                   static_cast<uint64_t>(base[1].as_small_int() - 1) < static_cast<core::Array*>(recv.as_object())->length) {
            // Array>>at:put: with an index in bounds; the store's barrier out of line (the loop stays smaller)
            array_put(s.vm->heap, static_cast<core::Array*>(recv.as_object()), base[1].as_small_int() - 1, base[2]);
            base[0] = base[2];
            r.sp = base + 1;
            return true;
        } else {
            s.sp = r.sp;
            ok = invoke(s, ip, m, base);
        }
        r.sp = s.sp;
        r.slots = s.slots;
        return ok;
    }

    /// Array>>at:put:'s store of `v` at index `i` (0-based, in bounds), with the write barrier.
    [[gnu::noinline]] static void array_put(gc::Heap& heap, core::Array* a, int64_t i, Value v) noexcept {
        heap.store(a, a->items[i], v);
    }

    /// send_regs() past its first cache entry: the PIC, the lookup, or doesNotUnderstand:.
    static TRELLIS_ALWAYS_INLINE bool send_miss(State& s, Ip& ip, SendSite& site, Regs& r, Value* base, uint16_t cid) {
        s.sp = r.sp;
        Method* m = site_miss(s, site, cid);
        const bool ok = m ? invoke(s, ip, m, base)
                          : call_cold<&StDef::not_understood>(s, ip, site.selector, base, unsigned{site.nargs});
        r.sp = s.sp;
        r.slots = s.slots;
        return ok;
    }

    TRELLIS_COLD static bool super_send(State& s, Ip& ip, SendSite& site) {
        Value* base = s.sp - site.nargs - 1;
        if (site.count == 0) {
            ClassInfo* h = s.m->holder;
            site.methods[0] = h->super_id ? s.vm->lookup(h->super_id, site.selector) : nullptr;
            site.count = 1;
            s.vm->m_caches_filled = true;
        }
        Method* m = site.methods[0];
        if (!m) return not_understood(s, ip, site.selector, base, site.nargs);
        return invoke(s, ip, m, base);
    }

    TRELLIS_COLD static bool global_slow(State& s, Ip& ip, GlobalSite& g);
    TRELLIS_COLD static bool unwind_to(State& s, Ip& ip, Frame* target, PrimStatus action = PrimStatus::ok);
    TRELLIS_COLD static bool redirect_unwind(State& s, Ip& ip, Frame* target, PrimStatus action);
    TRELLIS_COLD static bool take_redirect(State& s, Ip& ip, Frame* f);
    TRELLIS_COLD static bool finish_exception(State& s, Ip& ip, PrimStatus st, Value ex, Value v, Frame* target);
    TRELLIS_COLD static bool exception_op(State& s, Ip& ip, Value* base, PrimStatus st);
    TRELLIS_COLD static bool signal_error(State& s, Ip& ip, Value* base);
    TRELLIS_COLD static bool nonlocal_return(State& s, Ip& ip, unsigned hops);
    TRELLIS_COLD static bool make_context(State& s, Ip& ip, unsigned n);
    TRELLIS_COLD static bool push_block(State& s, Ip& ip, Method* bm, unsigned ncopies);
    TRELLIS_COLD static bool push_context(State& s, Ip& ip);
    TRELLIS_COLD static bool restart_frame(State& s, Ip& ip);
    TRELLIS_COLD static bool frame_prim(State& s, Ip& ip, Method* target, Value* base);
    TRELLIS_COLD static bool not_boolean(State& s, Ip ip, Value v) {
        return fail(s, ip, "an inlined ifTrue:/ifFalse:/whileTrue:/and:/or: got a non-Boolean receiver (" +
                               s.vm->cls(s.vm->class_id_of(v)).name + ")");
    }

    static TRELLIS_ALWAYS_INLINE Value ctx_at(State& s, unsigned hops) {
        Value c = s.fp->ctx;
        for (unsigned i = 0; i < hops; ++i) c = inst(c)->slots[1];
        return c;
    }

};

template <unsigned O>
TRELLIS_ALWAYS_INLINE bool StDef::binary_slow(State& s, Ip& ip, Regs& regs) {
    constexpr Op op = static_cast<Op>(O);
    {
        Value a = regs.sp[-2], b = regs.sp[-1];
        (void)a;
        (void)b;
        // fast paths, else a real send through the opcode's site (ip advanced by send's caller below)
        const uint8_t* at = ip;
        Value r;
        bool fast = false;
        if constexpr (op == Op::ADD) fast = Value::add_small(a, b, r);
        else if constexpr (op == Op::SUB) fast = Value::sub_small(a, b, r);
        else if constexpr (op == Op::IDENTICAL) {
            // Object>>== is identity; Integer>>== is `=` (a big Integer equals another one of the same value)
            if (a.same(b)) { r = Value::boolean(true); fast = true; }
            else if (!a.is_object() && !b.is_object()) { r = Value::boolean(false); fast = true; }
            else if (!s.vm->m_identity_overridden &&
                     (a.is_object() ? a.as_object()->kind != core::Kind::big_int : !a.is_small_int())) {
                r = Value::boolean(false);  // a receiver that is not b, whose class answers == by Object's primitive
                fast = true;
            }
        } else {
            if (TRELLIS_LIKELY(a.is_small_int() && b.is_small_int())) {
                const int64_t x = a.as_small_int(), y = b.as_small_int();
                fast = true;
                if constexpr (op == Op::MUL) {
                    int64_t p;
                    if (__builtin_mul_overflow(x, y, &p) || !Value::fits_small_int(p)) fast = false;
                    else r = Value::small_int(p);
                } else if constexpr (op == Op::LT) r = Value::boolean(x < y);
                else if constexpr (op == Op::GT) r = Value::boolean(x > y);
                else if constexpr (op == Op::LE) r = Value::boolean(x <= y);
                else if constexpr (op == Op::GE) r = Value::boolean(x >= y);
                else if constexpr (op == Op::EQ) r = Value::boolean(x == y);
                else r = Value::boolean(x != y);
            }
        }
        if constexpr (op != Op::IDENTICAL) {
            if (!fast && a.is_double() && (b.is_double() || b.is_small_int())) {
                const double x = a.as_double(), y = b.to_double();
                fast = true;
                if constexpr (op == Op::ADD) r = Value::from_double(x + y);
                else if constexpr (op == Op::SUB) r = Value::from_double(x - y);
                else if constexpr (op == Op::MUL) r = Value::from_double(x * y);
                else if constexpr (op == Op::LT) r = Value::boolean(x < y);
                else if constexpr (op == Op::GT) r = Value::boolean(x > y);
                else if constexpr (op == Op::LE) r = Value::boolean(x <= y);
                else if constexpr (op == Op::GE) r = Value::boolean(x >= y);
                else if constexpr (op == Op::EQ) r = Value::boolean(x == y);
                else r = Value::boolean(x != y);
            }
        }
        if (TRELLIS_LIKELY(fast)) {
            regs.sp[-2] = r;
            --regs.sp;
            ip += 3;
            return true;
        }
        SendSite& site = s.m->sends[u16(at + 1)];
        ip += 3;
        s.sp = regs.sp;
        const bool ok = send(s, ip, site);
        regs.sp = s.sp;
        regs.slots = s.slots;
        return ok;
    }
}

template <unsigned O>
TRELLIS_ALWAYS_INLINE bool StDef::execute(State& s, Ip& ip, Regs& r) {
    constexpr Op op = static_cast<Op>(O);
    if constexpr (op == Op::PUSH_LOCAL) {
        *r.sp++ = r.slots[ip[1]];
        ip += 2;
    } else if constexpr (op == Op::PUSH_FIELD) {
        *r.sp++ = inst(r.slots[-1])->slots[ip[1]];
        ip += 2;
    } else if constexpr (op == Op::PUSH_OUTER) {
        *r.sp++ = inst(ctx_at(s, ip[1]))->slots[ip[2]];
        ip += 3;
    } else if constexpr (op == Op::PUSH_COPIED) {
        *r.sp++ = static_cast<core::Closure*>(s.fp->closure.as_object())->upvalues[2 + ip[1]];
        ip += 2;
    } else if constexpr (op == Op::PUSH_SELF) {
        *r.sp++ = r.slots[-1];  // the receiver
        ip += 1;
    } else if constexpr (op == Op::PUSH_NIL || op == Op::PUSH_TRUE || op == Op::PUSH_FALSE) {
        *r.sp++ = op == Op::PUSH_NIL ? Value::nil() : Value::boolean(op == Op::PUSH_TRUE);
        ip += 1;
    } else if constexpr (op == Op::PUSH_LITERAL) {
        *r.sp++ = s.m->literals[u16(ip + 1)];
        ip += 3;
    } else if constexpr (op == Op::PUSH_GLOBAL) {
        GlobalSite& g = s.m->globals[u16(ip + 1)];
        if (TRELLIS_UNLIKELY(g.slot == nullptr)) {
            s.sp = r.sp;
            const bool ok = call_cold<&StDef::global_slow>(s, ip, g);
            r.sp = s.sp;
            r.slots = s.slots;
            return ok;
        }
        *r.sp++ = *g.slot;
        ip += 3;
    } else if constexpr (op == Op::STORE_LOCAL || op == Op::POP_LOCAL) {
        r.slots[ip[1]] = r.sp[-1];
        if constexpr (op == Op::POP_LOCAL) --r.sp;
        ip += 2;
    } else if constexpr (op == Op::STORE_FIELD || op == Op::POP_FIELD) {
        core::Instance* o = inst(r.slots[-1]);
        s.vm->heap.store(o, o->slots[ip[1]], r.sp[-1]);
        if constexpr (op == Op::POP_FIELD) --r.sp;
        ip += 2;
    } else if constexpr (op == Op::SEND) {
        SendSite& site = s.m->sends[u16(ip + 1)];
        ip += 3;
        return send_regs(s, ip, site, r);
    } else if constexpr (op == Op::POP) {
        --r.sp;
        ip += 1;
    } else if constexpr (op == Op::DUP) {
        r.sp[0] = r.sp[-1];
        ++r.sp;
        ip += 1;
    } else if constexpr (op == Op::JUMP) {
        ip += u16(ip + 1);
    } else if constexpr (op == Op::JUMP_BACK) {
        if (TRELLIS_UNLIKELY(--s.steps < 0)) {  // a loop's back jump is a step
            s.sp = r.sp;
            if (!out_of_steps(s, ip)) return false;
        }
        ip -= u16(ip + 1);
    } else if constexpr (op == Op::JUMP_IF_TRUE || op == Op::JUMP_IF_FALSE) {
        Value v = r.sp[-1];
        constexpr bool on_true = op == Op::JUMP_IF_TRUE;
        if (v.is_true()) {
            ip += on_true ? u16(ip + 1) : 3;
        } else if (TRELLIS_LIKELY(v.is_false())) {
            ip += on_true ? 3 : u16(ip + 1);
        } else {
            s.sp = r.sp;  // the error path reads the stack as it was
            return not_boolean(s, ip, v);  // ip by value
        }
        --r.sp;
    } else if constexpr (op == Op::JUMP_IF_NIL || op == Op::JUMP_IF_NOT_NIL) {
        Value v = *--r.sp;
        const bool jump = (op == Op::JUMP_IF_NIL) == v.is_nil();
        ip += jump ? u16(ip + 1) : 3;
    } else if constexpr (op == Op::ADD || op == Op::SUB || op == Op::LT || op == Op::GT || op == Op::LE ||
                         op == Op::GE || op == Op::EQ || op == Op::NE) {
        Value a = r.sp[-2], b = r.sp[-1];
        if (TRELLIS_LIKELY(a.is_small_int() && b.is_small_int())) {
            Value res;
            if constexpr (op == Op::ADD) {
                if (TRELLIS_UNLIKELY(!Value::add_small(a, b, res))) goto slow;
            } else if constexpr (op == Op::SUB) {
                if (TRELLIS_UNLIKELY(!Value::sub_small(a, b, res))) goto slow;
            } else {
                const int64_t x = a.as_small_int(), y = b.as_small_int();
                if constexpr (op == Op::LT) res = Value::boolean(x < y);
                else if constexpr (op == Op::GT) res = Value::boolean(x > y);
                else if constexpr (op == Op::LE) res = Value::boolean(x <= y);
                else if constexpr (op == Op::GE) res = Value::boolean(x >= y);
                else if constexpr (op == Op::EQ) res = Value::boolean(x == y);
                else res = Value::boolean(x != y);
            }
            r.sp[-2] = res;
            --r.sp;
            ip += 3;
            return true;
        }
    slow:
        return binary_slow<O>(s, ip, r);
    } else if constexpr (op == Op::MUL || op == Op::IDENTICAL) {
        return binary_slow<O>(s, ip, r);
    } else if constexpr (op == Op::RETURN || op == Op::RETURN_SELF) {
        // on the registers: do_return sets the caller's stack pointer, nothing needs this frame's
        const bool ok = do_return(s, ip, op == Op::RETURN ? r.sp[-1] : r.slots[-1], r.slots - 1);
        r.sp = s.sp;
        r.slots = s.slots;
        return ok;
    } else {
        s.sp = r.sp;
        const bool ok = execute_mem<O>(s, ip);
        r.sp = s.sp;
        r.slots = s.slots;
        return ok;
    }
    return true;
}

template <unsigned O>
TRELLIS_ALWAYS_INLINE bool StDef::execute_mem(State& s, Ip& ip) {
    constexpr Op op = static_cast<Op>(O);
    if constexpr (O >= static_cast<unsigned>(Op::count_) || op == Op::HALT) {
        return fail(s, ip, "internal error: invalid opcode " + std::to_string(O));
    } else if constexpr (op == Op::PUSH_BLOCK) {
        Method* bm = s.m->blocks[u16(ip + 1)];
        const unsigned ncopies = ip[3];
        // eden's fast path in line (no collection: no write barrier, nothing moves); else push_block allocates
        auto* c = static_cast<core::Closure*>(s.vm->heap.try_allocate(
            core::Kind::closure, sizeof(core::Object) + 16 + (2 + ncopies) * sizeof(Value)));
        if (TRELLIS_UNLIKELY(c == nullptr)) return call_cold<&StDef::push_block>(s, ip, bm, ncopies);
        c->class_id = bm->nargs == 0 ? s.vm->id_block1 : bm->nargs == 1 ? s.vm->id_block2 : s.vm->id_block3;
        c->function = encode_ptr(bm);
        c->upvalue_count = 2 + ncopies;
        c->upvalues[0] = s.slots[-1];
        c->upvalues[1] = s.fp->ctx;
        Value* from = s.sp - ncopies;  // the copied values, pushed in order
        for (unsigned i = 0; i < ncopies; ++i) c->upvalues[2 + i] = from[i];
        s.sp = from;
        *s.sp++ = Value::object(c);
        ip += 4;
    } else if constexpr (op == Op::STORE_OUTER || op == Op::POP_OUTER) {
        core::Instance* c = inst(ctx_at(s, ip[1]));
        s.vm->heap.store(c, c->slots[ip[2]], s.sp[-1]);
        if constexpr (op == Op::POP_OUTER) --s.sp;
        ip += 3;
    } else if constexpr (op == Op::STORE_GLOBAL) {
        GlobalSite& g = s.m->globals[u16(ip + 1)];
        s.vm->set_global(g.name, s.sp[-1]);  // an existing global keeps its slot: cached reads stay valid
        ip += 3;
    } else if constexpr (op == Op::SUPER_SEND) {
        SendSite& site = s.m->sends[u16(ip + 1)];
        ip += 3;
        return call_cold<&StDef::super_send>(s, ip, site);
    } else if constexpr (op == Op::RETURN) {
        return do_return(s, ip, s.sp[-1]);
    } else if constexpr (op == Op::RETURN_CTX) {
        inst(s.fp->ctx)->slots[0] = Value::nil();
        return do_return(s, ip, s.sp[-1]);
    } else if constexpr (op == Op::RETURN_SELF) {
        return do_return(s, ip, s.slots[-1]);
    } else if constexpr (op == Op::RETURN_NONLOCAL) {
        return call_cold<&StDef::nonlocal_return>(s, ip, unsigned{ip[1]});
    } else if constexpr (op == Op::PUSH_CONTEXT) {
        return call_cold<&StDef::push_context>(s, ip);
    } else if constexpr (op == Op::MAKE_CONTEXT) {
        const unsigned n = 2 + ip[1];
        auto* c = static_cast<core::Instance*>(
            s.vm->heap.try_allocate(core::Kind::instance, sizeof(core::Object) + n * sizeof(Value)));
        if (TRELLIS_UNLIKELY(c == nullptr)) return call_cold<&StDef::make_context>(s, ip, unsigned{ip[1]});
        c->class_id = s.vm->id_context;
        c->slots[0] = encode_ptr(s.fp);
        c->slots[1] = s.fp->ctx;
        for (unsigned i = 2; i < n; ++i) c->slots[i] = Value::nil();
        s.fp->ctx = Value::object(c);
        ip += 2;
    } else {
        return fail(s, ip, "internal error: unhandled opcode");
    }
    return true;
}

bool StDef::call_prim_slow(State& s, Ip& ip, Method* target, Value* base, PrimStatus st) {
    Interp& vm = *s.vm;
    switch (st) {
        case PrimStatus::perform: {
            const core::String* sel = vm.m_perform_selector;
            Value recv = base[0];
            // perform:inSuperclass: looks up from the class given (a superclass of the receiver's: checked)
            Method* m = vm.m_perform_class ? vm.lookup(vm.m_perform_class, sel) : vm.lookup_cached(vm.class_id_of(recv), sel);
            vm.m_perform_class = 0;
            recv = base[0];  // the lookup may have collected (a kernel method read on its first use)
            unsigned n = vm.m_perform_nargs;
            if (vm.m_perform_is_array) {
                auto* arr = static_cast<core::Array*>(base[2].as_object());  // after the selector
                if (!m) {
                    // doesNotUnderstand: with the array's items
                    Value* end = s.fp->ops + s.m->max_stack;
                    if (base + 1 + n > end) return fail(s, ip, "perform:withArguments: with too many arguments");
                    for (unsigned i = 0; i < n; ++i) base[1 + i] = arr->items[i];
                    return not_understood(s, ip, sel, base, n);
                }
                if (m->nargs != n) return fail(s, ip, "perform: wrong number of arguments for " + std::string(sel->view()));
                if (m->prim) {
                    Value* end = s.fp->ops + s.m->max_stack;
                    if (base + 1 + n > end) return fail(s, ip, "perform:withArguments: with too many arguments");
                    for (unsigned i = 0; i < n; ++i) base[1 + i] = arr->items[i];
                    return invoke(s, ip, m, base);
                }
                // the arguments are copied where the new frame's slots start (the stack top raised to hold them)
                if (base + 1 + n > s.fp->ops + s.m->max_stack && !s.vm->raise_stack_top(base + 1 + n))
                    return stack_overflow(s, ip, base);
                for (unsigned i = 0; i < n; ++i) base[1 + i] = arr->items[i];
                return activate(s, ip, m, base, Value::nil(), Value::nil());
            }
            // perform:, perform:with:...: the arguments follow the selector: shift them down over it
            for (unsigned i = 0; i < n; ++i) base[1 + i] = base[2 + i];
            if (!m) return not_understood(s, ip, sel, base, n);
            if (m->nargs != n) return fail(s, ip, "perform: wrong number of arguments for " + std::string(sel->view()));
            return invoke(s, ip, m, base);
        }
        case PrimStatus::exit:
            s.status = RunStatus::exit;
            return false;
        case PrimStatus::find_handler:
        case PrimStatus::find_outer_handler:
        case PrimStatus::ex_return:
        case PrimStatus::ex_retry:
        case PrimStatus::ex_resume: return exception_op(s, ip, base, st);
        case PrimStatus::signal_error: return signal_error(s, ip, base);
        case PrimStatus::restart: return restart_frame(s, ip);
        case PrimStatus::frame_op: return frame_prim(s, ip, target, base);
        case PrimStatus::print_stack:  // the sender's frames: s.fp is the frame that sent printStackTrace
            vm.write_out(vm.stack_trace(s.fp, ip));
            s.sp = base + 1;
            return true;
        case PrimStatus::fail:
        default: {
            std::string msg = vm.m_error.empty() ? "primitive " + target->holder->name + ">>" +
                                                       std::string(target->selector->view()) + " failed"
                                                 : vm.m_error;
            vm.m_error.clear();
            std::string text = msg;
            return fail(s, ip, text);
        }
    }
}

bool StDef::not_understood(State& s, Ip& ip, const core::String* selector, Value* base, unsigned nargs) {
    Interp& vm = *s.vm;
    const core::String* dnu_sel = vm.symbol("doesNotUnderstand:arguments:");
    Method* m = vm.lookup_cached(vm.class_id_of(base[0]), dnu_sel);
    if (!m || m->nargs != 2)
        return fail(s, ip, vm.cls(vm.class_id_of(base[0])).name + " does not understand #" + std::string(selector->view()));
    Value arr;
    try {
        arr = vm.new_array(nargs);  // may collect: base[] are frame slots, updated in place
    } catch (const core::Error& e) {
        return alloc_failed(s, ip, e, base);  // signalled in place of the send's answer
    }
    auto* a = static_cast<core::Array*>(arr.as_object());
    for (unsigned i = 0; i < nargs; ++i) vm.heap.store(a, a->items[i], base[1 + i]);
    base[1] = Value::object(selector);
    base[2] = arr;
    return invoke(s, ip, m, base);
}

bool StDef::global_slow(State& s, Ip& ip, GlobalSite& g) {
    Value* slot;
    try {
        slot = s.vm->resolve_global(g.name);
    } catch (const core::Error& e) {
        return fail(s, ip, e.what());
    }
    if (slot) {
        g.slot = slot;
        *s.sp++ = *slot;
        ip += 3;
        return true;
    }
    // unknownGlobal: sent to self; its answer is the value of the expression
    Value* base = s.sp;
    base[0] = s.slots[-1];
    base[1] = Value::object(g.name);
    s.sp += 2;
    ip += 3;
    return send_dynamic(s, ip, s.vm->symbol("unknownGlobal:"), base, 1);
}

bool StDef::push_block(State& s, Ip& ip, Method* bm, unsigned ncopies) {
    core::Closure* c;
    try {
        c = gc::new_closure(s.vm->heap, encode_ptr(bm), 2 + ncopies);
    } catch (const core::Error& e) {
        ip += 4;
        s.sp -= ncopies;
        return alloc_failed(s, ip, e, s.sp);  // signalled where the block would have been pushed
    }
    c->class_id = bm->nargs == 0 ? s.vm->id_block1 : bm->nargs == 1 ? s.vm->id_block2 : s.vm->id_block3;
    // re-read after the allocation (it may have moved them: frame words are updated), stored with the barrier
    // in case the closure was not made young
    s.vm->heap.store(c, c->upvalues[0], s.slots[-1]);
    s.vm->heap.store(c, c->upvalues[1], s.fp->ctx);
    Value* from = s.sp - ncopies;
    for (unsigned i = 0; i < ncopies; ++i) s.vm->heap.store(c, c->upvalues[2 + i], from[i]);
    s.sp = from;
    *s.sp++ = Value::object(c);
    ip += 4;
    return true;
}

bool StDef::make_context(State& s, Ip& ip, unsigned n) {
    core::Instance* c;
    try {
        c = gc::new_instance(s.vm->heap, s.vm->id_context, 2 + n);
    } catch (const core::Error& e) {
        // The activation cannot start without its context: it is abandoned (a return of nil to its sender) and
        // the exception is signalled at the send, whose answer a resumption's value becomes.
        if (decode_ptr<Frame>(s.fp->caller) == nullptr) return alloc_failed(s, ip, e);
        if (!do_return(s, ip, Value::nil())) return false;
        return alloc_failed(s, ip, e, s.sp - 1);
    }
    c->slots[0] = encode_ptr(s.fp);
    c->slots[1] = s.fp->ctx;
    s.fp->ctx = Value::object(c);
    ip += 2;
    return true;
}

bool StDef::nonlocal_return(State& s, Ip& ip, unsigned hops) {
    Value v = s.sp[-1];
    Value home = ctx_at(s, hops);
    Value fv = inst(home)->slots[0];
    if (fv.is_nil()) {
        // The home method has returned: escapedBlock: to the block's self, with the block.
        Value* base = s.sp - 1;
        base[0] = s.slots[-1];
        base[1] = s.fp->closure;
        s.sp = base + 2;
        ip += 2;
        return send_dynamic(s, ip, s.vm->symbol("escapedBlock:"), base, 1);
    }
    s.vm->m_unwind_values.push_back(v);
    const bool ok = unwind_to(s, ip, decode_ptr<Frame>(fv));
    v = s.vm->m_unwind_values.back();
    s.vm->m_unwind_values.pop_back();
    if (!ok) return false;
    inst(s.fp->ctx)->slots[0] = Value::nil();
    return do_return(s, ip, v);
}

/// Pops the frames above `target` (which becomes s.fp), marking the contexts of their methods returned and
/// running the blocks of the ensure:/ifCurtailed: frames among them (re-entrantly, once each). `action` is what the
/// caller then does at `target` (PrimStatus::ok: a non-local return; ex_return, ex_retry, ex_resume), for when
/// `target` lies below the nested run this frame runs in (redirect_unwind).
bool StDef::unwind_to(State& s, Ip& ip, Frame* target, PrimStatus action) {
    Frame* f = s.fp;
    while (f != target) {
        Frame* caller = decode_ptr<Frame>(f->caller);
        if (caller == nullptr) return redirect_unwind(s, ip, target, action);
        Method* fm = decode_ptr<Method>(f->method);
        if (fm->owns_context && !fm->is_block) inst(f->ctx)->slots[0] = Value::nil();
        if ((fm->role == Method::Role::ensure || fm->role == Method::Role::curtailed) && !frame_flag(f)) {
            set_frame_flag(f, true);  // runs once
            s.vm->set_stack_top(frame_end(f));
            s.fp = f;
            RunStatus st = s.vm->call_block(frame_slots(f)[0], f);
            if (st == RunStatus::unwind) return take_redirect(s, ip, f);
            if (st != RunStatus::done) {
                s.status = st;
                return false;
            }
        }
        f = caller;
    }
    s.fp = target;
    if (s.vm->stack.reserve_released()) {  // after a StackOverflow's handler: hold the reserve back again
        s.vm->set_stack_top(frame_end(target));
        s.vm->restore_stack_reserve();
    }
    return true;
}

namespace {
bool inherits(Interp& vm, uint16_t id, uint16_t ancestor) {
    for (; id != 0; id = vm.cls(id).super_id)
        if (id == ancestor) return true;
    return false;
}
}  // namespace

bool StDef::exception_op(State& s, Ip& ip, Value* base, PrimStatus st) {
    Interp& vm = *s.vm;
    Value ex = base[0];
    if (!core::is_kind(ex, core::Kind::instance) || !inherits(vm, vm.class_id_of(ex), vm.id_exception))
        return fail(s, ip, "an exception primitive was sent to a non-Exception");
    core::Instance* exo = inst(ex);
    if (st == PrimStatus::find_handler || st == PrimStatus::find_outer_handler) {
        Frame* start = s.fp;
        if (st == PrimStatus::find_outer_handler) {
            Value hf = exo->slots[Interp::ex_handler_frame];
            if (hf.is_small_int()) start = const_cast<Frame*>(frame_outward(vm, decode_ptr<Frame>(hf)));
        }
        const uint16_t ecls = vm.class_id_of(ex);
        Value handler = Value::nil();
        for (Frame* f = start; f != nullptr; f = const_cast<Frame*>(frame_outward(vm, f))) {  // also below nested runs
            Method* fm = decode_ptr<Method>(f->method);
            if (fm->role != Method::Role::handler || frame_flag(f)) continue;
            Value cls = frame_slots(f)[0];
            if (!vm.is_class_object(cls) || !inherits(vm, ecls, Interp::id_of_class_object(cls))) continue;
            set_frame_flag(f, true);  // disabled while its handler runs
            exo->slots[Interp::ex_handler_frame] = encode_ptr(f);
            if (st == PrimStatus::find_handler) exo->slots[Interp::ex_signal_frame] = encode_ptr(s.fp);
            handler = frame_slots(f)[1];
            break;
        }
        base[0] = handler;
        s.sp = base + 1;
        return true;
    }
    const size_t which = st == PrimStatus::ex_resume ? Interp::ex_signal_frame : Interp::ex_handler_frame;
    Value tv = exo->slots[which];
    if (!tv.is_small_int()) return fail(s, ip, "the exception has no active handler");
    Frame* target = decode_ptr<Frame>(tv);
    // The target must still be on the stack (below the current frame, maybe below a nested run: redirect_unwind).
    if (!frame_is_live(vm, s.fp, target)) return fail(s, ip, "the exception's handler or signal environment is no longer active");
    vm.m_unwind_values.push_back(st == PrimStatus::ex_retry ? Value::nil() : base[1]);
    vm.m_unwind_values.push_back(ex);
    const bool ok = unwind_to(s, ip, target, st);
    ex = vm.m_unwind_values.back();
    vm.m_unwind_values.pop_back();
    Value v = vm.m_unwind_values.back();
    vm.m_unwind_values.pop_back();
    if (!ok) return false;
    return finish_exception(s, ip, st, ex, v, target);
}

/// The end of an exception return, retry or resumption, once unwound to `target` (s.fp).
bool StDef::finish_exception(State& s, Ip& ip, PrimStatus st, Value ex, Value v, Frame* target) {
    Interp& vm = *s.vm;
    core::Instance* exo = inst(ex);
    if (st == PrimStatus::ex_resume) {
        Value hf = exo->slots[Interp::ex_handler_frame];
        if (hf.is_small_int()) set_frame_flag(decode_ptr<Frame>(hf), false);  // the handler is enabled again
        exo->slots[Interp::ex_handler_frame] = Value::nil();
        return do_return(s, ip, v);
    }
    exo->slots[Interp::ex_handler_frame] = Value::nil();
    if (st == PrimStatus::ex_return) return do_return(s, ip, v);
    // retry: run the on:do: method from its start again, its frame reset
    Method* hm = decode_ptr<Method>(target->method);
    vm.set_stack_top(frame_end(target));
    set_frame_flag(target, false);
    s.m = hm;
    s.slots = frame_slots(target);
    s.sp = target->ops;
    ip = hm->code.data();
    return true;
}

/// unwind_to reached the entry frame of a nested run (an ensure: block run while unwinding returns non-locally, or
/// an exception handled below it returns, retries or resumes): when `target` lies in the runs further out, the
/// nested run ends with RunStatus::unwind and Interp::m_redirect says where to and what to do; the unwinding that
/// ran the block takes over (take_redirect). The caller pushed its value (and exception) on m_unwind_values.
bool StDef::redirect_unwind(State& s, Ip& ip, Frame* target, PrimStatus action) {
    Interp& vm = *s.vm;
    const Frame* under = vm.m_suspended.empty() ? nullptr : vm.m_suspended.back();
    if (under == nullptr || !frame_is_live(vm, under, target))
        return fail(s, ip, "cannot unwind across a nested call of the interpreter");
    const size_t n = vm.m_unwind_values.size();
    const bool nlr = action == PrimStatus::ok;
    vm.m_redirect = Interp::Redirect{target, action, vm.m_unwind_values[nlr ? n - 1 : n - 2],
                                     nlr ? Value::nil() : vm.m_unwind_values[n - 1]};
    s.status = RunStatus::unwind;
    return false;
}

/// The block of ensure:/ifCurtailed: frame `f` returned out of its nested run (redirect_unwind): if the target lies
/// in this run, unwinding goes on from `f` to it and the redirected action is done there, the loop resuming where
/// that leaves it (State::resume_ip); otherwise this run ends with RunStatus::unwind too.
bool StDef::take_redirect(State& s, Ip& ip, Frame* f) {
    Interp& vm = *s.vm;
    Interp::Redirect r = vm.m_redirect;
    bool here = false;
    for (const Frame* g = f; g != nullptr && !here; g = decode_ptr<const Frame>(g->caller)) here = g == r.target;
    if (!here) {
        s.status = RunStatus::unwind;
        return false;
    }
    vm.m_redirect = Interp::Redirect{};
    vm.m_unwind_values.push_back(r.value);
    vm.m_unwind_values.push_back(r.exception);
    s.fp = f;
    const bool ok = unwind_to(s, ip, r.target, r.action);
    const Value ex = vm.m_unwind_values.back();
    vm.m_unwind_values.pop_back();
    const Value v = vm.m_unwind_values.back();
    vm.m_unwind_values.pop_back();
    if (!ok) return false;
    bool go_on;
    if (r.action == PrimStatus::ok) {  // the non-local return: its home method returns
        inst(s.fp->ctx)->slots[0] = Value::nil();
        go_on = do_return(s, ip, v);
    } else {
        go_on = finish_exception(s, ip, r.action, ex, v, r.target);
    }
    if (!go_on) return false;
    s.resume_ip = ip;  // the caller of unwind_to must not do its own action: the loop goes on from here
    return false;
}

/// thisContext (PUSH_CONTEXT): the running activation's context, made on first use (contexts.cpp); an allocation
/// failure is signalled where the context would have been pushed.
bool StDef::push_context(State& s, Ip& ip) {
    Value* slot = s.sp++;
    *slot = Value::nil();
    ip += 1;
    const PrimStatus st = this_context(*s.vm, s.fp, slot);
    if (st == PrimStatus::ok) return true;
    return signal_error(s, ip, slot);
}

/// Block>>restart (SOM): the activation that sent it starts again from its first instruction with an empty operand
/// stack, its arguments and temporaries keeping their values (its context too: MAKE_CONTEXT is not run again).
bool StDef::restart_frame(State& s, Ip& ip) {
    s.sp = s.fp->ops;
    ip = s.m->code.data() + (s.m->code[0] == static_cast<uint8_t>(Op::MAKE_CONTEXT) ? 1 + operand_bytes[uint8_t(Op::MAKE_CONTEXT)] : 0);
    return true;
}

/// PrimStatus::frame_op: runs Interp::m_frame_prim with the sending frame, then goes on as for its status.
bool StDef::frame_prim(State& s, Ip& ip, Method* target, Value* base) {
    FramePrimFn fn = s.vm->m_frame_prim;
    s.vm->m_frame_prim = nullptr;
    const PrimStatus st = fn ? fn(*s.vm, s.fp, ip, base) : PrimStatus::fail;
    if (st == PrimStatus::ok) {
        s.sp = base + 1;
        return true;
    }
    return call_prim_slow(s, ip, target, base, st);
}

/// A kernel error in a primitive: an instance of vm.m_error_class (Error by default) with the message as its
/// messageText is sent #signal in place of the primitive's answer (a handler's resume: value becomes it).
bool StDef::signal_error(State& s, Ip& ip, Value* base) {
    Interp& vm = *s.vm;
    const uint16_t cls = vm.m_error_class ? vm.m_error_class : vm.id_error;
    std::string msg = vm.m_error;
    vm.m_error.clear();
    vm.m_error_class = 0;
    try {
        base[0] = Value::object(gc::new_instance(vm.heap, cls, vm.cls(cls).fields.size()));
        Value text = vm.new_string(msg);
        core::Instance* exo = inst(base[0]);
        vm.heap.store(exo, exo->slots[Interp::ex_message_text], text);
    } catch (const core::Error& e) {
        return alloc_failed(s, ip, e);
    }
    return send_dynamic(s, ip, vm.symbol("signal"), base, 0);
}

}  // namespace

/// Runs the ensure:/ifCurtailed: blocks of the frames an error abandons (unwind.cpp); answers the entry frame.
Frame* run_ensure_blocks(Interp& vm, Frame* top, Frame* entry);

Frame* Interp::push_entry_frame(Method* m, Value receiver, const Value* args, size_t nargs) {
    const size_t words = m->frame_words;
    auto* base = static_cast<Value*>(stack.push(words * sizeof(Value)));
    if (!base) return nullptr;
    Value* end = base + words;
    stack.pop_to(end);  // push() rounded the size up
    for (Value* p = base; p < end; ++p) *p = Value::nil();
    if (end > m_clean_top) m_clean_top = end;
    base[0] = receiver;
    for (size_t i = 0; i < nargs && i < m->nargs; ++i) base[1 + i] = args[i];
    auto* nf = reinterpret_cast<Frame*>(base + 1 + m->nslots);
    nf->caller = encode_ptr(nullptr);
    nf->ret_ip = encode_ptr(nullptr);
    nf->method = encode_ptr(m);
    return nf;
}

RunStatus Interp::execute(Frame* fp, const uint8_t* ip) {
    State s;
    s.vm = this;
    s.fp = fp;
    s.m = decode_ptr<Method>(fp->method);
    s.slots = frame_slots(fp);
    s.sp = fp->ops;
    s.status = RunStatus::running;
    // The step count moves into the loop's state for this run (m_running_steps); an enclosing run's is written
    // back first, and reloaded when this one ends (also when it ends by an exception).
    struct StepsScope {
        Interp& vm;
        State& s;
        int64_t* outer;
        StepsScope(Interp& v, State& st) : vm(v), s(st), outer(v.m_running_steps) {
            if (outer) vm.m_steps_left = *outer;
            s.steps = vm.m_steps_left;
            vm.m_running_steps = &s.steps;
        }
        ~StepsScope() {
            vm.m_steps_left = s.steps;
            vm.m_running_steps = outer;
            if (outer) *outer = vm.m_steps_left;
        }
    } steps_scope(*this, s);
    for (;;) {
        dispatch::run<StDef>(options.strategy, s, ip);
        if (s.resume_ip == nullptr || s.status != RunStatus::running) break;
        ip = s.resume_ip;  // a cold path stopped the loop to go on elsewhere (State::resume_ip)
        s.resume_ip = nullptr;
    }
    if (s.status != RunStatus::done) {
        if (s.status == RunStatus::error) s.fp = run_ensure_blocks(*this, s.fp, fp);  // after the report, as Smalltalk-80
        // Unwind everything above the entry frame; contexts of the abandoned methods are marked returned.
        for (Frame* f = s.fp; f != nullptr;) {
            Method* fm = decode_ptr<Method>(f->method);
            if (fm->owns_context && !fm->is_block && f->ctx.is_object()) inst(f->ctx)->slots[0] = Value::nil();
            if (f == fp) break;
            f = decode_ptr<Frame>(f->caller);
        }
        stack.pop_to(frame_base(fp));
    }
    restore_stack_reserve();
    return s.status;
}

}  // namespace trellis::smalltalk
