/// @file contexts.cpp
/// Contexts: activations seen from Smalltalk (`thisContext`, `Context>>sender`, `Exception>>signalerContext`), in
/// the style of Smalltalk-80's MethodContext/BlockContext (Blue Book ch. 27-28; Squeak's Context protocol for
/// reading them), and SOM's `Block>>restart`. Activations are frames on the core::FrameStack (runtime.hpp, Frame);
/// a context object is made only when a program asks for one, never by a send or a return:
///  - a context is an Instance of the kernel class Context (lib/Context.som) whose fields are the frame (encoded
///    with encode_ptr), the method (a Method object, as Class>>methods makes them), the receiver, the closure (nil
///    for a method) and the flag of an on:do:/ensure:/ifCurtailed: frame (runtime.hpp, context_*);
///  - the frame's `pad` word holds its context once made (so thisContext twice answers the same object, and the
///    frame stack, a precise GC root, keeps it and updates it when it moves); a new activation sets pad to nil;
///  - a context is alive while its frame is in the chain of live frames (from the running frame through callers,
///    and past the entry frame of a nested run of the interpreter, an ensure: block run while unwinding, to the
///    frame under it: Interp::m_suspended) and that frame's pad is this very context. The frame is only read
///    once it was found in that chain, so a context whose frame returned (its words reused by later frames)
///    reports itself dead and answers nil for `sender`, never reading a stale frame. Seen dead once, its frame
///    field is cleared. The receiver, method and closure stay readable after death (as in Smalltalk-80).
/// Nothing here runs on the send path: thisContext is an instruction (PUSH_CONTEXT) and the primitives need the
/// sending frame (PrimStatus::frame_op), both cold paths of interpreter.cpp.
#include <string>

#include "runtime/primitive_guard.hpp"
#include "runtime/runtime.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::smalltalk {

namespace {

core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }

/// True for the frames a program sees: not the trampolines of Interp::send (no selector or holder).
bool visible(const Frame* f) {
    const Method* m = decode_ptr<const Method>(f->method);
    return m->selector != nullptr && m->holder != nullptr;
}

/// The next frame outward from `f`: its caller, or for the entry frame of a nested run the frame the run was
/// started above (the nearest one of Interp::m_suspended below it); nullptr at the outermost entry frame.
const Frame* outward(const Interp& vm, const Frame* f) {
    if (const Frame* c = decode_ptr<const Frame>(f->caller)) return c;
    for (size_t i = vm.m_suspended.size(); i-- > 0;) {
        const Frame* s = vm.m_suspended[i];
        if (s != nullptr && s < f) return s;
    }
    return nullptr;
}

/// True if `f` is a live frame: in the chain from `top` outward (outer frames lie lower on the frame stack).
bool is_live(const Interp& vm, const Frame* top, const Frame* f) {
    for (const Frame* g = top; g != nullptr && g >= f; g = outward(vm, g))
        if (g == f) return true;
    return false;
}

/// True if `v` is a context object (an instance of the kernel class Context).
bool is_context(const Interp& vm, Value v) {
    return vm.id_reified_context != 0 && core::is_kind(v, core::Kind::instance) &&
           v.as_object()->class_id == vm.id_reified_context && inst(v)->slot_count() > context_flag;
}

/// The frame of context `ctx` if it is alive (see the file comment), else nullptr (and the context forgets it).
Frame* live_frame(Interp& vm, const Frame* top, Value ctx) {
    Value fv = inst(ctx)->slots[context_frame];
    if (!fv.is_small_int()) return nullptr;
    Frame* f = decode_ptr<Frame>(fv);
    if (!is_live(vm, top, f) || !f->pad.same(ctx)) {
        inst(ctx)->slots[context_frame] = Value::nil();
        return nullptr;
    }
    return f;
}

/// The context of live frame `f`, made on first use. May allocate (and so collect: frames do not move, Values
/// are re-read from them); throws core::Error (gc::OutOfMemory) when it cannot.
Value context_for(Interp& vm, Frame* f) {
    if (f->pad.is_object()) return f->pad;
    if (vm.id_reified_context == 0) {
        const uint16_t id = vm.load_class("Context");
        if (id == 0 || vm.cls(id).fields.size() <= context_flag)
            throw core::Error("the kernel class Context is missing or has too few fields");
        vm.id_reified_context = id;
    }
    const uint16_t cid = vm.id_reified_context;
    core::Instance* c = gc::new_instance(vm.heap, cid, vm.cls(cid).fields.size());
    c->slots[context_frame] = encode_ptr(f);
    c->slots[context_flag] = Value::boolean(f->pad.is_true());
    f->pad = Value::object(c);  // rooted by the frame from here on
    const Method* m = decode_ptr<const Method>(f->method);
    const uint16_t mid = m->prim ? vm.id_primitive : vm.id_method;
    core::Instance* mo = gc::new_instance(vm.heap, mid, vm.cls(mid).fields.size());  // may move the context
    if (mo->slot_count() >= 2 && m->holder != nullptr && m->selector != nullptr) {
        mo->slots[0] = vm.class_object(m->holder->id);  // new (young): no barrier
        mo->slots[1] = Value::object(m->selector);
    }
    c = inst(f->pad);
    vm.heap.store(c, c->slots[context_method], Value::object(mo));
    vm.heap.store(c, c->slots[context_receiver], frame_receiver(f));
    vm.heap.store(c, c->slots[context_closure], f->closure);
    return f->pad;
}

/// The context of `f` stored in *slot, or an allocation failure turned into a Smalltalk exception.
PrimStatus store_context(Interp& vm, Frame* f, Value* slot) {
    try {
        *slot = context_for(vm, f);
        return PrimStatus::ok;
    } catch (const gc::OutOfMemory& e) {
        return allocation_failed(vm, e.what(), true);
    } catch (const core::Error& e) {
        return allocation_failed(vm, e.what(), false);
    }
}

PrimStatus fail(Interp& vm, const std::string& msg) {
    vm.m_error = msg;
    vm.m_error_class = vm.id_error;
    return PrimStatus::signal_error;
}

/// Checks the receiver of a Context primitive.
bool check_context(Interp& vm, Value v, PrimStatus& st) {
    if (is_context(vm, v)) return true;
    st = fail(vm, "a Context primitive was sent to " + vm.cls(vm.class_id_of(v)).name);
    return false;
}

// ---- Context primitives (frame primitives: `fp` is the frame that sent them) ----

/// Context>>isDead: true once the activation has returned (or was unwound).
PrimStatus ctx_is_dead(Interp& vm, Frame* fp, const uint8_t*, Value* base) {
    PrimStatus st;
    if (!check_context(vm, base[0], st)) return st;
    base[0] = Value::boolean(live_frame(vm, fp, base[0]) == nullptr);
    return PrimStatus::ok;
}

/// Context>>sender: the context of the activation this one returns to; nil when dead or outermost.
PrimStatus ctx_sender(Interp& vm, Frame* fp, const uint8_t*, Value* base) {
    PrimStatus st;
    if (!check_context(vm, base[0], st)) return st;
    const Frame* f = live_frame(vm, fp, base[0]);
    const Frame* g = f ? outward(vm, f) : nullptr;
    while (g != nullptr && !visible(g)) g = outward(vm, g);
    if (g == nullptr) {
        base[0] = Value::nil();
        return PrimStatus::ok;
    }
    return store_context(vm, const_cast<Frame*>(g), base);
}

/// Context>>home: a method's context itself; a block's, the context of its home method while that method runs
/// and the block can reach it (through the method's heap context: the compiler gives one to every method whose
/// blocks use thisContext or return non-locally), else nil.
PrimStatus ctx_home(Interp& vm, Frame* fp, const uint8_t*, Value* base) {
    PrimStatus st;
    if (!check_context(vm, base[0], st)) return st;
    Value closure = inst(base[0])->slots[context_closure];
    if (!core::is_kind(closure, core::Kind::closure)) return PrimStatus::ok;  // a method context: itself
    Value c = static_cast<core::Closure*>(closure.as_object())->upvalues[1];
    base[0] = Value::nil();
    if (!c.is_object()) return PrimStatus::ok;
    while (inst(c)->slots[1].is_object()) c = inst(c)->slots[1];  // the outermost: the method's
    Value hv = inst(c)->slots[0];
    if (!hv.is_small_int()) return PrimStatus::ok;  // the home method returned
    Frame* h = decode_ptr<Frame>(hv);
    if (!is_live(vm, fp, h) || decode_ptr<const Method>(h->method)->is_block) return PrimStatus::ok;
    return store_context(vm, h, base);
}

/// Context>>arguments: an Array of the activation's arguments (they stay in its frame); nil once it is dead.
PrimStatus ctx_arguments(Interp& vm, Frame* fp, const uint8_t*, Value* base) {
    PrimStatus st;
    if (!check_context(vm, base[0], st)) return st;
    Frame* f = live_frame(vm, fp, base[0]);
    if (f == nullptr) {
        base[0] = Value::nil();
        return PrimStatus::ok;
    }
    const Method* m = decode_ptr<const Method>(f->method);
    try {
        base[0] = vm.new_array(m->nargs);  // may collect: frame words are updated in place
    } catch (const gc::OutOfMemory& e) {
        return allocation_failed(vm, e.what(), true);
    }
    auto* a = static_cast<core::Array*>(base[0].as_object());
    for (unsigned i = 0; i < m->nargs; ++i) vm.heap.store(a, a->items[i], frame_slots(f)[i]);
    return PrimStatus::ok;
}

/// Exception>>signalContext: the context of the exception's Exception>>signal activation while a handler runs
/// for it (the frame find_handler recorded), else nil.
PrimStatus ex_signal_context(Interp& vm, Frame* fp, const uint8_t*, Value* base) {
    Value sv = inst(base[0])->slots[Interp::ex_signal_frame];
    Frame* f = sv.is_small_int() ? decode_ptr<Frame>(sv) : nullptr;
    if (f == nullptr || !is_live(vm, fp, f) || !frame_receiver(f).same(base[0])) {
        base[0] = Value::nil();
        return PrimStatus::ok;
    }
    return store_context(vm, f, base);
}

/// Exception>>retryUsing: aBlock: the handler's on:do: runs aBlock in place of its protected block (Squeak), from
/// its start; the frames above it are unwound first (ensure: blocks run) as by retry.
PrimStatus ex_retry_using(Interp& vm, Frame* fp, const uint8_t*, Value* base) {
    Value hv = inst(base[0])->slots[Interp::ex_handler_frame];
    Frame* h = hv.is_small_int() ? decode_ptr<Frame>(hv) : nullptr;
    if (h == nullptr || !is_live(vm, fp, h)) return fail(vm, "the exception has no active handler");
    frame_base(h)[0] = base[1];  // the on:do: frame's receiver (a frame-stack root: no barrier)
    return PrimStatus::ex_retry;
}

template <FramePrimFn F>
PrimStatus frame_prim(Interp& vm, Value*) {
    vm.m_frame_prim = F;
    return PrimStatus::frame_op;
}

/// A frame primitive of Exception: the receiver must be an Exception instance (the VM reads its fields).
template <FramePrimFn F>
PrimStatus exception_frame_prim(Interp& vm, Value* base) {
    if (core::is_kind(base[0], core::Kind::instance) && inst(base[0])->slot_count() > Interp::ex_signal_frame)
        for (uint16_t id = vm.class_id_of(base[0]); id != 0; id = vm.cls(id).super_id)
            if (id == vm.id_exception) {
                vm.m_frame_prim = F;
                return PrimStatus::frame_op;
            }
    return fail(vm, "an exception primitive was sent to a non-Exception");
}

/// Block>>restart (SOM): the sending activation starts again (interpreter.cpp, StDef::restart_frame).
PrimStatus block_restart(Interp&, Value*) { return PrimStatus::restart; }

}  // namespace

PrimStatus this_context(Interp& vm, Frame* fp, Value* slot) { return store_context(vm, fp, slot); }

bool frame_is_live(const Interp& vm, const Frame* top, const Frame* f) { return is_live(vm, top, f); }
const Frame* frame_outward(const Interp& vm, const Frame* f) { return outward(vm, f); }

void register_context_primitives(Interp& vm) {
    auto& p = vm.primitives;
    p["Block>>restart"] = block_restart;
    p["Context>>isDead"] = frame_prim<ctx_is_dead>;
    p["Context>>sender"] = frame_prim<ctx_sender>;
    p["Context>>home"] = frame_prim<ctx_home>;
    p["Context>>arguments"] = frame_prim<ctx_arguments>;
    p["Exception>>signalContext"] = exception_frame_prim<ex_signal_context>;
    p["Exception>>retryUsing:"] = exception_frame_prim<ex_retry_using>;
}

}  // namespace trellis::smalltalk
