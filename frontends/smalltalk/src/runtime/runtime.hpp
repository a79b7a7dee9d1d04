/// @file runtime.hpp
/// The runtime's data (private): compiled methods and blocks, send sites with their inline caches, classes,
/// activation frames on the core::FrameStack, and `Interp`, the state of one VM (heap, class table, globals,
/// class loading, the interpreter entry points). Object layouts on the gc::Heap:
///  - an instance of a user class: core::Instance, class_id = its class, one slot per field;
///  - a class object: core::Instance whose class_id is its metaclass; slot 0 = SmallInteger class id, then the
///    class-side fields; a metaclass object: Instance of Metaclass, slot 0 = the metaclass id;
///  - Array: core::Array, String: core::String, Symbol: interned core::String (kind symbol), big Integer:
///    core::BigInt, with class_id 0 meaning "the kernel class of this kind" (class_id_of()), or that class's id
///    (Interp::new_string/new_array and `new:` set it, so that a send's inline-cache compare finds it directly);
///  - a block closure: core::Closure (class Block1/2/3 by arity): function = the Method* as an encoded pointer,
///    upvalues[0] = self, upvalues[1] = the defining activation's context (or nil), upvalues[2..] = the values of
///    captured variables no write can change any more, copied when the closure was made (PUSH_COPIED);
///  - a context: Instance of the hidden class Context: slot 0 = its method frame (encoded) while that method
///    runs, nil after it returned; slot 1 = the outer context; slots 2.. = variables captured by blocks.
/// SmallIntegers, Doubles, nil, true and false are immediate core::Values.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trellis/core/frame_stack.hpp"
#include "trellis/core/object.hpp"
#include "trellis/dispatch/strategy.hpp"
#include "trellis/gc/class_table.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/smalltalk/ast.hpp"
#include "trellis/smalltalk/bytecode.hpp"
#include "trellis/smalltalk/vm.hpp"

namespace trellis::smalltalk {

using core::Value;
class Interp;
struct Method;
struct ClassInfo;
struct Frame;

/// A raw C++ pointer stored in a Value slot (frames, closures): encoded as a non-negative SmallInteger, so the
/// collector skips it. Pointers of user space fit in 47 bits.
inline Value encode_ptr(const void* p) noexcept {
    return Value::from_bits(Value::int_tag | reinterpret_cast<uint64_t>(p));
}
/// The pointer encode_ptr() stored.
template <class T>
inline T* decode_ptr(Value v) noexcept {
    return reinterpret_cast<T*>(v.bits() & Value::payload_mask);
}

/// What a primitive asks the interpreter to do after it returns.
enum class PrimStatus : uint8_t {
    ok,        ///< result stored in base[0]
    fail,      ///< error: Interp::m_error holds the message
    activate,  ///< base[0] is a closure: run its block with base[1..nargs] as arguments (Block>>value...)
    perform,   ///< Interp::m_perform_* describe a send to make instead (perform:, doesNotUnderstand:)
    exit,      ///< `system exit:`: Interp::m_exit_code set
    // exception handling (Exception primitives; the interpreter does the work, it owns the frames):
    find_handler,        ///< answer the handler block of the innermost enabled on:do: frame matching base[0], or nil
    find_outer_handler,  ///< the same, searching outside the exception's current handler frame (pass, outer)
    ex_return,           ///< unwind to the exception's handler frame and return base[1] from its on:do:
    ex_retry,            ///< unwind to the handler frame and evaluate its protected block again
    ex_resume,           ///< unwind to the frame of Exception>>signal and return base[1] from it
    signal_error,        ///< a kernel error: signal an instance of Interp::m_error_class with m_error as text
    print_stack,         ///< System>>printStackTrace: write the sender's stack trace to the output, answer base[0]
    restart,             ///< Block>>restart: the sending activation starts again (contexts.cpp, SOM's semantics)
    frame_op,            ///< a primitive that needs the sending frame: Interp::m_frame_prim runs with it (contexts.cpp)
};

/// A C++ primitive: base[0] is the receiver, base[1..nargs] the arguments (frame-stack slots: rooted, updated when
/// an allocation moves objects). Stores its result in base[0].
using PrimFn = PrimStatus (*)(Interp& vm, Value* base);

/// A primitive that needs the sending activation (context primitives, contexts.cpp): `fp` is the frame that sent
/// it, `ip` its instruction pointer. A PrimFn stores it in Interp::m_frame_prim and answers PrimStatus::frame_op.
using FramePrimFn = PrimStatus (*)(Interp& vm, Frame* fp, const uint8_t* ip, Value* base);

/// Maximum entries of a polymorphic inline cache before a site goes megamorphic.
inline constexpr unsigned pic_size = 8;

/// The class id of an empty inline-cache entry: no class has it (Interp::new_class refuses it), and it is not 0,
/// the raw class_id of kernel-kind objects (Array, String, ...), so send_regs() compares a receiver's raw class_id
/// with a site's first id before it looks at the kind.
inline constexpr uint16_t no_class_id = UINT16_MAX;

/// One send site: the selector, its argument count, and its inline cache (monomorphic, growing into a PIC of up
/// to pic_size classes, then megamorphic: Interp's global lookup cache). `methods[i]` is null for a class that
/// does not understand the selector (doesNotUnderstand:), never `methods[0]`: send_regs() tests only the first id.
struct SendSite {
    const core::String* selector = nullptr;
    uint8_t nargs = 0;
    uint8_t count = 0;        ///< valid cache entries
    bool megamorphic = false;
    bool super_send = false;  ///< looked up from the superclass of the holder (bound once)
    /// What a send to `methods[0]` does, set with it (send_kind()): 0 activates it, else one bit of send_bits.
    uint8_t kind0 = 0;
    uint16_t ids[pic_size] = {no_class_id, no_class_id, no_class_id, no_class_id,
                              no_class_id, no_class_id, no_class_id, no_class_id};
    Method* methods[pic_size] = {};
    uint8_t pad_[32] = {};
};
static_assert(sizeof(SendSite) == 128);

/// A global read: the name and, once resolved, the slot of the globals table holding it (node slots of
/// std::unordered_map are stable).
struct GlobalSite {
    const core::String* name = nullptr;
    Value* slot = nullptr;
};

/// A compiled method or block.
struct Method {
    const core::String* selector = nullptr;  ///< method selector (blocks: the home method's)
    ClassInfo* holder = nullptr;             ///< class defining the method (blocks: the home method's)
    bool is_block = false;
    bool owns_context = false;  ///< MAKE_CONTEXT runs on entry
    /// Block>>on:do: (an exception handler frame), Block>>ensure: and Block>>ifCurtailed: (frames whose block
    /// argument runs when an exception return, retry, resumption or non-local return unwinds them).
    enum class Role : uint8_t { plain, handler, ensure, curtailed } role = Role::plain;
    uint16_t nargs = 0;
    uint16_t nslots = 0;        ///< arguments + temporaries (frame slots)
    uint16_t max_stack = 0;     ///< operand stack depth
    uint32_t frame_words = 0;   ///< the activation's words: receiver + nslots + Frame header + max_stack
    uint32_t line = 0;          ///< first source line
    PrimFn prim = nullptr;      ///< primitive methods: the C++ implementation
    /// Trivial methods are answered at the send site without a frame (compiler.cpp classifies them):
    /// `^ self` or an empty body, `^ field`, `field := arg` (answering self), `^ literal`.
    enum class Trivial : uint8_t { none, self, getter, setter, literal, constant } trivial = Trivial::none;
    uint16_t trivial_index = 0;  ///< getter/setter: the field index; literal: the literal index
    Value trivial_value;         ///< constant: the immediate answered (nil, true, false)
    /// Kernel primitives the send site runs inline on their common case (an Array receiver, a SmallInteger index
    /// in bounds), falling back to `prim` otherwise (set by install_methods for the kernel's Array>>at:/at:put:).
    enum class Inline : uint8_t { none, array_at, array_at_put } inline_prim = Inline::none;
    std::vector<uint8_t> code;
    std::vector<Value> literals;       ///< GC roots (Interp's root callback)
    std::vector<SendSite> sends;
    std::vector<GlobalSite> globals;
    std::vector<Method*> blocks;       ///< nested blocks (owned by Interp)
    std::vector<std::pair<uint32_t, uint32_t>> lines;  ///< (code offset, source line), increasing offsets
    std::string file;                  ///< source file name (traces)
    /// The source line of the instruction at code offset `pc`.
    uint32_t line_at(size_t pc) const noexcept;
};

/// The bits of SendSite::kind0: a trivial method's kind (1 << Method::Trivial), or a primitive.
namespace send_bits {
inline constexpr uint8_t activate = 0;  ///< neither: a frame
inline constexpr uint8_t self = 1u << static_cast<unsigned>(Method::Trivial::self);
inline constexpr uint8_t getter = 1u << static_cast<unsigned>(Method::Trivial::getter);
inline constexpr uint8_t setter = 1u << static_cast<unsigned>(Method::Trivial::setter);
inline constexpr uint8_t literal = 1u << static_cast<unsigned>(Method::Trivial::literal);
inline constexpr uint8_t constant = 1u << static_cast<unsigned>(Method::Trivial::constant);
/// Array>>at: / at:put: (Method::Inline): answered at the send on the loop's registers when the receiver is an
/// Array and the index a SmallInteger in bounds, else the primitive runs (and reports the error).
inline constexpr uint8_t array_at = 0x40;
inline constexpr uint8_t array_at_put = 0x41;
inline constexpr uint8_t primitive = 0x80;
}  // namespace send_bits
static_assert(static_cast<unsigned>(Method::Trivial::none) == 0 && static_cast<unsigned>(Method::Trivial::constant) < 6);
// send_regs(): a kind0 below array_at is trivial (bit 0, Trivial::none's, is never one)
/// What a send to `m` does (SendSite::kind0): the primitive, else the trivial answer, else an activation.
inline uint8_t send_kind(const Method* m) noexcept {
    if (m->prim) {
        if (m->inline_prim == Method::Inline::array_at) return send_bits::array_at;
        if (m->inline_prim == Method::Inline::array_at_put) return send_bits::array_at_put;
        return send_bits::primitive;
    }
    if (m->trivial == Method::Trivial::none) return send_bits::activate;
    return static_cast<uint8_t>(1u << static_cast<unsigned>(m->trivial));
}

/// A class (or a metaclass) as the runtime sees it.
struct ClassInfo {
    uint16_t id = 0;
    uint16_t super_id = 0;     ///< 0: none (Object; Class for Object's metaclass)
    uint16_t meta_id = 0;      ///< a class: its metaclass; a metaclass: Metaclass
    uint16_t instance_id = 0;  ///< a metaclass: its class
    bool is_meta = false;
    core::Kind instance_kind = core::Kind::instance;  ///< what `new` creates
    std::string name;                                 ///< "Foo" / "Foo class"
    std::vector<std::string> fields;                  ///< all instance fields, inherited first
    std::unordered_map<const core::String*, Method*> methods;
    /// A kernel method of the compiled snapshot not read yet: its selector and record (snapshot.cpp). Read and
    /// put into `methods` by its first lookup (Interp::lookup), or by materialize_methods() for reflection.
    struct LazyMethod {
        std::string_view selector;
        const unsigned char* record;
        uint32_t size;
    };
    std::vector<LazyMethod> lazy_methods;
};

/// An activation on the core::FrameStack: the receiver, the arguments and the temporaries, then this header, then
/// the operand stack. A send's callee overlaps its caller: the receiver and arguments the caller pushed become the
/// callee's (nothing is copied), its temporaries and header follow them, and its answer replaces the receiver
/// (frame_base()). A `Frame*` points at the header; frame_slots() finds the arguments below it. Every word is a
/// valid Value (pointers encoded with encode_ptr), so the heap scans the frame stack as roots directly; on push the
/// temporaries are set to nil and the operand stack holds nil or values left by earlier frames
/// (Interp::m_clean_top), never garbage.
struct Frame {
    Value caller;    ///< Frame* of the sender, encode_ptr(nullptr) for an entry frame
    Value ret_ip;    ///< the sender's resume address (const uint8_t*)
    Value method;    ///< Method*
    Value closure;   ///< a block activation: its closure; nil for methods
    Value ctx;       ///< the activation's own context, or (blocks) the closure's
    /// nil; true: a Block>>on:do: / ensure: / ifCurtailed: frame disabled or run (frame_flag()); or the frame's
    /// reified context (thisContext, contexts.cpp), which then holds that flag.
    Value pad;
    Value ops[1];    ///< the operand stack (Method::max_stack words)
};
inline constexpr size_t frame_header_words = 6;
static_assert(offsetof(Frame, ops) == frame_header_words * 8);
/// Words of an activation of a method with `nslots` arguments and temporaries and `max_stack` operand words: the
/// receiver, the slots, the header and the operand stack (Method::frame_words).
inline constexpr uint32_t activation_words(size_t nslots, size_t max_stack) {
    return static_cast<uint32_t>(1 + nslots + frame_header_words + max_stack);
}
/// The arguments then the temporaries of frame `f` (Method::nslots words below its header).
inline Value* frame_slots(const Frame* f) noexcept {
    const Value* h = reinterpret_cast<const Value*>(f);
    return const_cast<Value*>(h) - decode_ptr<const Method>(f->method)->nslots;
}
/// The receiver of frame `f` (the word below its slots; a block activation: the closure's self).
inline Value frame_receiver(const Frame* f) noexcept { return frame_slots(f)[-1]; }
/// The first word of frame `f` (its receiver slot: where its answer goes).
inline Value* frame_base(const Frame* f) noexcept { return frame_slots(f) - 1; }
/// One past the last word of frame `f` (the end of its operand stack).
inline Value* frame_end(const Frame* f) noexcept {
    return const_cast<Value*>(f->ops) + decode_ptr<const Method>(f->method)->max_stack;
}

/// Field indexes of a reified context (an Instance of the kernel class Context, lib/Context.som; contexts.cpp):
/// the frame (encoded, nil once seen dead), the method (a Method object), the receiver, the closure (blocks), the
/// flag of an on:do:/ensure:/ifCurtailed: frame (Frame::pad).
inline constexpr size_t context_frame = 0, context_method = 1, context_receiver = 2, context_closure = 3,
                        context_flag = 4;
/// The flag of a Block>>on:do: / ensure: / ifCurtailed: frame (its handler disabled, its block run): in
/// Frame::pad, or in the frame's reified context once it has one.
inline bool frame_flag(const Frame* f) noexcept {
    if (f->pad.is_object()) return static_cast<core::Instance*>(f->pad.as_object())->slots[context_flag].is_true();
    return f->pad.is_true();
}
/// Sets the flag frame_flag() reads (an immediate: no write barrier).
inline void set_frame_flag(Frame* f, bool on) noexcept {
    if (f->pad.is_object()) static_cast<core::Instance*>(f->pad.as_object())->slots[context_flag] = Value::boolean(on);
    else f->pad = on ? Value::boolean(true) : Value::nil();
}

/// Why the interpreter loop stopped.
/// `unwind`: a nested run (an ensure: block run while unwinding) ended by a return to a frame below it
/// (Interp::m_redirect), which the unwinding that started the run takes over.
enum class RunStatus : uint8_t { running, done, error, exit, unwind };

/// What Interp::eval_input() did with one input.
struct InputOutcome {
    RunStatus status = RunStatus::done;  ///< done (the value in Interp::m_result), error (reported), exit
    std::string class_name;              ///< a class definition: the class defined
    std::string syntax_error;            ///< it did not parse or compile: the message (nothing was run)
};

/// What ended a run with an error, for an embedder (src/embed/embed_smalltalk.cpp): a limit, or the program.
enum class ErrorCause : uint8_t { runtime, step_limit, stack_limit, heap_limit };

/// The first error reported since Interp::clear_error(): what report_error() printed (or, with
/// VmOptions::report_errors off, only recorded).
struct ErrorReport {
    bool pending = false;
    ErrorCause cause = ErrorCause::runtime;
    std::string message;  ///< the error text, without the "Error: " prefix
    std::string trace;    ///< the Smalltalk stack, innermost first ("  at Class>>selector (file:line)" lines)
};

/// One VM: heap, frame stack, classes, globals, compiled code.
class Interp {
public:
    explicit Interp(VmOptions options);
    ~Interp();

    // ---- public entry points (vm.cpp) ----
    int run_program(const std::string& file, const std::vector<std::string>& args);
    int evaluate(const std::string& source, bool print_result);

    // ---- objects ----
    gc::Heap heap;
    core::FrameStack stack;
    gc::ClassTable table;
    VmOptions options;

    /// Kernel class ids (fixed at boot).
    uint16_t id_object = 0, id_class = 0, id_metaclass = 0, id_nil = 0, id_boolean = 0, id_true = 0, id_false = 0,
             id_integer = 0, id_double = 0, id_string = 0, id_symbol = 0, id_array = 0, id_block = 0,
             id_block1 = 0, id_block2 = 0, id_block3 = 0, id_system = 0, id_method = 0, id_primitive = 0,
             id_context = 0;

    /// The class id of any value (immediates and kernel kinds included).
    TRELLIS_ALWAYS_INLINE uint16_t class_id_of(Value v) const noexcept {
        if (TRELLIS_LIKELY(v.is_object())) {
            const uint16_t id = v.as_object()->class_id;
            if (TRELLIS_LIKELY(id != 0)) return id;
            return kind_class(v.as_object()->kind);
        }
        return immediate_class_id(v);
    }
    /// The class id of an immediate `v` (not is_object()).
    TRELLIS_ALWAYS_INLINE uint16_t immediate_class_id(Value v) const noexcept {
        if (v.is_small_int()) return id_integer;
        if (v.is_double()) return id_double;
        if (v.is_nil()) return id_nil;
        return v.is_true() ? id_true : id_false;
    }
    /// immediate_class_id() of a valid Value whose tag (its top 16 bits, core::Value::tag_shift) `tag` is not 0:
    /// by the tag, and the special constants (nil, false, true, undefined) by a table; no 64-bit constant.
    TRELLIS_ALWAYS_INLINE uint16_t immediate_class_id(Value v, uint64_t tag) const noexcept {
        if (tag == Value::int_tag >> Value::tag_shift) return id_integer;
        if (tag >= Value::double_offset >> Value::tag_shift) return id_double;
        return m_special_ids[v.bits() & 3];
    }
    /// immediate_class_id() of the special constants by their low bits: nil, false, true, undefined (as false).
    std::array<uint16_t, 4> m_special_ids{};
    /// The kernel class of an object whose class_id is 0 (inline: Array receivers are on the send fast path):
    /// Array, String, Symbol, Integer (a big one), else Object. One load from m_kind_ids.
    TRELLIS_ALWAYS_INLINE uint16_t kind_class(core::Kind k) const noexcept {
        return m_kind_ids[static_cast<uint8_t>(k) & (m_kind_ids.size() - 1)];
    }
    /// kind_class() by core::Kind (set at boot).
    static_assert(static_cast<uint8_t>(core::Kind::free_space) < 16);
    std::array<uint16_t, 16> m_kind_ids{};
    ClassInfo& cls(uint16_t id) noexcept { return *m_classes[id]; }
    /// The class object (or metaclass object) of class id `id`.
    Value class_object(uint16_t id) const noexcept { return table.get(id); }
    /// The class id a class object stands for.
    static uint16_t id_of_class_object(Value c) noexcept {
        return static_cast<uint16_t>(static_cast<core::Instance*>(c.as_object())->slots[0].as_small_int());
    }
    /// True if `v` is a class or metaclass object.
    bool is_class_object(Value v) const noexcept;

    /// Looks `selector` up from class `id` through the superclass chain; nullptr if not understood.
    Method* lookup(uint16_t id, const core::String* selector) noexcept;
    /// Looks up through the global lookup cache (megamorphic sites, perform:).
    Method* lookup_cached(uint16_t id, const core::String* selector) noexcept;
    /// Clears every inline cache and the global lookup cache (a method was added, replaced or removed).
    void invalidate_caches() noexcept;
    /// True once any cache (a send site's or the global lookup cache) was filled since the last invalidation;
    /// every fill goes through lookup_cached() except super sends, which set it themselves.
    bool m_caches_filled = false;
    /// True once a class other than Object and Integer defines `==` (install_method): the IDENTICAL opcode then
    /// sends `==` for every object receiver instead of answering identity at the send site.
    bool m_identity_overridden = false;

    /// The interned symbol (kind symbol; class Symbol).
    const core::String* symbol(std::string_view text);
    Value symbol_value(std::string_view text) { return Value::object(symbol(text)); }
    /// A new String.
    Value new_string(std::string_view text);
    /// A new Array of `n` nils.
    Value new_array(size_t n);

    /// The global named `name` (undefined if absent). Loads no class.
    Value global(const core::String* name) const;
    void set_global(const core::String* name, Value v);
    /// The slot of global `name`, loading a class of that name from the class path if absent; nullptr if
    /// neither exists. Throws core::Error when a class file fails to parse or compile.
    Value* resolve_global(const core::String* name);
    /// Loads class `name` (class path, then the built-in kernel); nil-equivalent nullopt: returns 0 if no file.
    /// Throws core::Error on a syntax or compile error.
    uint16_t load_class(const std::string& name);

    // ---- execution ----
    /// Sends `selector` to `receiver` with `args` and runs until it returns. Returns the status; the result is
    /// in m_result. Re-entrant only at the top level (program start, -e, REPL).
    RunStatus send(Value receiver, const core::String* selector, const std::vector<Value>& args);
    /// Runs a compiled doit method with nil as self.
    RunStatus run_method(Method* m, Value receiver);
    /// Runs a doit with nil as self and, when `print_result`, prints the printString of its value.
    RunStatus run_doit(Method* m, bool print_result);
    /// Writes the printString of m_result and a newline to the output.
    RunStatus print_result();
    /// One input of the REPL or an embedder, run without printing anything but errors (VmOptions::
    /// report_errors): a class definition (`Name = Super ( ... )`, defined or redefined; m_result = the class)
    /// or statements (m_result = the last value; `| temps |` declared at the start persist as globals).
    /// `file` names the input in traces.
    InputOutcome eval_input(const std::string& text, const std::string& file);
    /// A stack overflow when entering the interpreter (no room for the entry frame): reported, RunStatus::error.
    RunStatus entry_overflow();
    /// Flushes stdout unless the output goes to VmOptions::output.
    void flush_out();

    /// Reports an error: records it in m_last_error (the first since clear_error(); cause m_error_cause, which
    /// is reset) and, with VmOptions::report_errors, writes the message and the Smalltalk stack from `fp`
    /// (innermost first, `ip` in the top frame) to the error output.
    void report_error(const std::string& message, const Frame* fp, const uint8_t* ip);
    /// The error of the last failed run (see report_error).
    ErrorReport m_last_error;
    /// Set by a cold path just before it fails the run: what report_error() records as the cause.
    ErrorCause m_error_cause = ErrorCause::runtime;
    /// Forgets m_last_error (an embedder's top-level entry).
    void clear_error() {
        m_last_error = ErrorReport{};
        m_error_cause = ErrorCause::runtime;
    }
    /// Program output (System>>printString:, printNewline, errorPrint...; REPL values): through
    /// VmOptions::output when set, else stdout / stderr (stdout flushed first).
    void write_out(std::string_view text);
    void write_err(std::string_view text);

    /// Steps left of the embedder's budget: an activation (a method or block run in a frame) or a backward jump takes
    /// one (interpreter.cpp; a send answered without a frame, trivial or primitive, cannot loop and takes none). Below zero
    /// the loop calls steps_exhausted(). Without a budget it is refilled with INT64_MAX. While a run of
    /// execute() is active the count lives in the loop's own state (m_running_steps points at it) and is written
    /// back here when the run ends, when it is exhausted, and when a nested run (a host function calling back, an
    /// ensure: block run while unwinding) starts.
    int64_t m_steps_left = INT64_MAX;
    /// The innermost active run's step count (nullptr: none); see m_steps_left.
    int64_t* m_running_steps = nullptr;
    /// Asked by the embedder when the budget is used up: answers extra steps, 0 to stop (unset: unlimited).
    std::function<uint64_t()> m_on_steps_exhausted;
    /// True after a callback answered 0: later exhaustion (ensure: blocks of the stopped run) stops at once,
    /// until the embedder's next entry resets it.
    bool m_steps_stopped = false;
    /// The budget ran out: refills m_steps_left and answers true to continue, or false to stop the run.
    bool steps_exhausted();

    /// The embedder's host functions: `Host name: arg ...` reaches it through the primitive of
    /// HostFunctions>>doesNotUnderstand:arguments: (lib/HostFunctions.som) with base[1] = the selector, base[2] =
    /// the arguments Array; it answers like a primitive. Unset: the send fails ("no host functions").
    PrimFn m_host_call = nullptr;
    /// The embedder's object, for m_host_call.
    void* m_host_data = nullptr;
    /// Formats the stack trace lines.
    std::string stack_trace(const Frame* fp, const uint8_t* ip);

    // ---- state shared with the loop and the primitives ----
    std::string m_error;         ///< message of a failed primitive
    int m_exit_code = 0;
    bool m_exited = false;
    Value m_result;              ///< value of the last completed send / doit (rooted)
    const core::String* m_perform_selector = nullptr;  ///< PrimStatus::perform: the selector
    Value* m_perform_args = nullptr;                   ///< its arguments (nullptr: already in base[1..])
    uint32_t m_perform_nargs = 0;
    bool m_perform_is_array = false;                   ///< args are the items of the Array in base[2]
    uint16_t m_perform_class = 0;  ///< perform:...inSuperclass: the class the lookup starts from (0: the receiver's)
    const Frame* m_error_fp = nullptr;                 ///< the frame whose primitive failed (traces)
    const uint8_t* m_error_ip = nullptr;
    uint16_t m_error_class = 0;  ///< PrimStatus::signal_error: the Error subclass to signal (0: Error)
    /// Exception classes of the kernel (booted with the core classes) and the fixed field indexes of Exception.
    uint16_t id_exception = 0, id_error = 0, id_zero_divide = 0, id_not_understood = 0, id_out_of_bounds = 0;
    static constexpr size_t ex_message_text = 0, ex_handler_frame = 1, ex_signal_frame = 2;
    /// Sends `value` to a block re-entrantly (an ensure: block run while unwinding); the status of the run.
    /// `outer`: the frame the unwinding stopped at, below the nested run (m_suspended).
    RunStatus call_block(Value block, const Frame* outer = nullptr);
    /// The frames under the nested runs of call_block, innermost last: a context's frame walk (contexts.cpp) goes
    /// on from them past a nested run's entry frame.
    std::vector<const Frame*> m_suspended;
    /// RunStatus::unwind: where a return out of a nested run goes (interpreter.cpp, redirect_unwind): the target
    /// frame, the action there (PrimStatus::ok: a non-local return; ex_return, ex_retry, ex_resume), its value
    /// and exception (GC roots).
    struct Redirect {
        Frame* target = nullptr;
        PrimStatus action = PrimStatus::ok;
        Value value, exception;
    };
    Redirect m_redirect;
    /// PrimStatus::frame_op: the primitive to run with the sending frame.
    FramePrimFn m_frame_prim = nullptr;
    /// The kernel class Context (lib/Context.som), loaded by the first reified context; 0 before.
    uint16_t id_reified_context = 0;
    /// Values held while unwinding runs ensure: blocks (GC roots).
    std::vector<Value> m_unwind_values;

    /// Compiles a method, or (doit) statements of the REPL or -e, where assigning an undeclared name sets a
    /// global (src/compiler/compiler.cpp). Throws core::Error on a semantic error.
    Method* compile(const MethodDef& def, ClassInfo& holder, const std::string& file, bool doit = false);
    /// One REPL input: a class definition (`Name = Super ( ... )`, defined or redefined: caches are emptied) or
    /// statements whose value's printString is printed; `| temps |` declared at the start persist as globals.
    /// Errors are reported and the session goes on. Returns false after `system exit:`.
    bool repl_input(const std::string& text);
    /// Takes ownership of a compiled method or block.
    Method* adopt(std::unique_ptr<Method> m);

    /// Registers the C++ primitives (primitives*.cpp) by "Class>>selector" / "Class class>>selector".
    std::unordered_map<std::string, PrimFn> primitives;

    /// Every frame-stack word below this address holds a valid Value, also above stack.top(): frames popped since
    /// the last collection leave their (stale but valid) words behind. A send (interpreter.cpp) nil-fills only the
    /// part of its new frame above it; each collection lowers it to stack.top() (visit_roots), since the words
    /// above the top were not updated. It never lies beyond stack.limit() (restore_stack_reserve), so a frame
    /// ending below it fits in the stack.
    Value* m_clean_top = nullptr;
    /// Moves the frame stack's top to `top`, below or (a return to a frame whose operand stack reaches further than
    /// its callee's frame did, an unwinding) above it, nil-filling the words it uncovers above m_clean_top. `top`
    /// must lie within the stack (a frame's end that was allocated before).
    TRELLIS_ALWAYS_INLINE void set_stack_top(Value* top) noexcept {
        if (TRELLIS_UNLIKELY(top > m_clean_top)) clean_to(top);
        stack.pop_to(top);
    }
    /// Raises the frame stack's top to `top` (nil-filling above m_clean_top); false if beyond the stack's end.
    bool raise_stack_top(Value* top) noexcept {
        if (!stack.set_top(top)) return false;
        if (top > m_clean_top) clean_to(top);
        return true;
    }
    /// Holds the frame stack's reserve back again when the top lies below it (core::FrameStack::restore_reserve),
    /// lowering m_clean_top to the limit: the interpreter checks a new frame against the limit only when it ends
    /// above m_clean_top.
    void restore_stack_reserve() noexcept {
        if (stack.restore_reserve()) m_clean_top = std::min(m_clean_top, reinterpret_cast<Value*>(stack.limit()));
    }
    /// Nil-fills the words from m_clean_top up to `top` and raises m_clean_top there.
    [[gnu::noinline, gnu::cold]] void clean_to(Value* top) noexcept {
        for (Value* p = m_clean_top; p < top; ++p) *p = Value::nil();
        m_clean_top = top;
    }

    /// Interpreter loop run (interpreter.cpp): from frame `fp`, ip `ip` until the entry frame returns.
    RunStatus execute(Frame* fp, const uint8_t* ip);

    /// Pushes an entry frame for `m` (caller null), receiver and args copied; nullptr on stack overflow.
    Frame* push_entry_frame(Method* m, Value receiver, const Value* args, size_t nargs);

    /// The names of the class path entries (the program's directory added first by run_program).
    std::vector<std::string>& class_path() noexcept { return options.class_path; }

    /// Creates a class from its definition (superclass loaded as needed) or, for a kernel class booted in C++,
    /// adds the definition's methods to it. Returns its id.
    uint16_t define_class(const ClassDef& def, const std::string& file);
    /// The class part of define_class(): resolves (loads) the superclass ("nil": none, "": Object), then creates
    /// the class and its metaclass, or adds `fields` / `class_fields` to an existing class of that name (a kernel
    /// class booted in C++, a redefinition). Installs no method. Returns the class id; throws core::Error
    /// (`file`:`line` in the message) when the superclass is missing or not a class.
    uint16_t declare_class(const std::string& name, const std::string& superclass,
                           const std::vector<std::string>& fields, const std::vector<std::string>& class_fields,
                           const std::string& file, uint32_t line);
    /// Puts a compiled method into `c`'s method dictionary (replacing one of the same selector), giving the
    /// kernel's Block>>on:do:/ensure:/ifCurtailed: and Array>>at:/at:put: their roles. Empties no cache.
    void install_method(ClassInfo& c, Method* m);

    /// Milliseconds/microseconds since the VM started (System>>time, ticks).
    int64_t start_us = 0;

private:
    friend class Vm;
    void boot();
    uint16_t new_class(const std::string& name, uint16_t super_id, const std::vector<std::string>& own_fields,
                       const std::vector<std::string>& own_class_fields);
    void install_methods(ClassInfo& c, const std::vector<MethodDef>& defs, const std::string& file);
    static void visit_roots(gc::RootVisitor& v, void* self);

    std::vector<std::unique_ptr<ClassInfo>> m_classes;  ///< by id (entry 0 empty)
    std::unordered_map<const core::String*, Value> m_globals;
    std::vector<std::unique_ptr<Method>> m_methods;
    struct LookupEntry {
        uint16_t id = 0;
        const core::String* selector = nullptr;
        Method* method = nullptr;
    };
    /// lookup_cache_entries entries, direct-mapped on (id, selector): mapped on first use, its pages zero until
    /// touched (a short run touches a few of its 24 pages), emptied by giving the pages back (universe.cpp).
    LookupEntry* m_lookup_cache = nullptr;
    static constexpr size_t lookup_cache_entries = 4096;
    size_t m_root_id = 0;
    std::vector<std::string> m_loading;       ///< classes being loaded (cycle check)
    std::array<Method*, 4> m_trampolines{};   ///< entry methods of send() by argument count
};

/// Registers every primitive (primitives*.cpp, contexts.cpp).
void register_primitives(Interp& vm);
void register_context_primitives(Interp& vm);
/// thisContext (the PUSH_CONTEXT instruction): stores in *slot the reified context of frame `fp`, made on its first
/// use (contexts.cpp; it may allocate, and so collect). PrimStatus::ok, or signal_error when it cannot be made.
PrimStatus this_context(Interp& vm, Frame* fp, Value* slot);
/// True if `f` is a live frame: in the chain from `top` through callers and past the entry frames of nested runs
/// (Interp::m_suspended) (contexts.cpp).
bool frame_is_live(const Interp& vm, const Frame* top, const Frame* f);
/// The next frame outward from `f`: its caller, or past the entry frame of a nested run the frame under that run
/// (contexts.cpp); nullptr at the outermost entry frame.
const Frame* frame_outward(const Interp& vm, const Frame* f);
void register_number_primitives(Interp& vm);
void register_object_primitives(Interp& vm);

/// The built-in kernel sources (generated at build time from frontends/smalltalk/lib/*.som).
struct KernelSource {
    const char* name;    ///< class name
    const char* source;  ///< the file's text
};
extern const KernelSource kernel_sources[];
extern const size_t kernel_source_count;

/// Defines kernel class `name` from the snapshot compiled into the binary at build time (snapshot.cpp): the
/// class as declare_class() makes it, then its methods (and blocks) as the compiler made them. When the class or
/// its superclasses no longer have the kernel's field layout (a class-path override, a REPL redefinition), the
/// methods are compiled from the kernel source instead. Returns 0 when the snapshot holds no such class.
uint16_t load_snapshot_class(Interp& vm, const std::string& name);

/// Reads the snapshot method `selector` of `c` still in c.lazy_methods and installs it (it may allocate, and so
/// collect); nullptr when `c` has no such lazy method, or when it cannot be read (a malformed record: a build bug).
Method* materialize_method(Interp& vm, ClassInfo& c, const core::String* selector) noexcept;
/// Reads and installs every method of `c` still in c.lazy_methods (reflection over c.methods, tests).
void materialize_methods(Interp& vm, ClassInfo& c);

/// printString-style text of an Integer (small or big) or Double.
std::string integer_to_string(Value v);
std::string double_to_string(double d);

}  // namespace trellis::smalltalk
