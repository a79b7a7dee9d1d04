/// @file vm.hpp
/// The Zexus bytecode tier: tier-up bookkeeping and the register VM (LANGUAGE.md tiers are invisible, §0).
///
/// The tree walker (eval*.cpp) runs first. It asks the Vm for a compiled unit at two points:
///  - call_value(): function_proto() counts the calls of each Function node; after RunOptions::hot_call_threshold
///    calls (at once under Tier::vm) the function is compiled (compiler.hpp) and every later call runs call();
///  - While / ForEach: after RunOptions::hot_loop_threshold iterations of one execution (before the first one
///    under Tier::vm), loop_proto() compiles the loop and run_loop() runs the remaining iterations on the same
///    environment objects, then the tree walker goes on after the loop.
/// A unit the compiler cannot handle is remembered as such and stays in the tree walker.
///
/// The VM runs on dispatch::run (switch, goto or tail loop, RunOptions::strategy). Calls between compiled
/// functions stay inside one dispatch loop (a CallInfo per frame, no native recursion, no environment unless the
/// function needs one); everything else goes through the evaluator's own helpers, so semantics are the tree
/// walker's by construction. Frames are runs of registers on the evaluator's value stack (GC roots); the depth
/// limit is the evaluator's (RunOptions::max_depth, "Maximum recursion depth exceeded"). Zexus errors are C++
/// exceptions (slow path): execute() catches them for print/try handlers and otherwise unwinds its frames
/// (value stack, depth, environment) before rethrowing.
#pragma once
#include <memory>
#include <unordered_map>
#include <vector>

#include "eval/eval_impl.hpp"
#include "vm/vm_bytecode.hpp"

namespace trellis::zexus {

/// Tier-up state of one Function or loop node.
struct UnitState {
    uint32_t calls = 0;       ///< calls (functions) seen in the tree walker
    bool failed = false;      ///< the compiler left it to the tree walker
    Proto* proto = nullptr;   ///< compiled unit, owned by the Vm
};

/// A suspended caller frame of an in-VM call. Trivial (no member initialisers): Vm::calls is allocated
/// uninitialised, and every entry is written whole (`CallInfo{...}`) before it is read.
struct CallInfo {
    const Ins* ret;   ///< instruction after the CALL
    Value* r;         ///< caller's registers
    Proto* proto;     ///< caller's unit
    uint32_t dst;     ///< register receiving the result (the callee's r[0])
};

/// An active print or catch handler (PRINTH / TRYH).
struct Handler {
    const Ins* target = nullptr;  ///< where execution resumes
    Value* r = nullptr;           ///< frame of the handler
    Proto* proto = nullptr;
    size_t calls = 0;             ///< CallInfo stack size when pushed (frames above it are unwound)
    int depth = 0;                ///< evaluator call depth when pushed
    int32_t error_reg = -1;       ///< catch: register receiving the error object; print: -1
};

/// The bytecode tier of one Evaluator (created unless RunOptions::tier is Tier::tree).
class Vm {
public:
    explicit Vm(Evaluator& ev);
    ~Vm();
    Vm(const Vm&) = delete;
    Vm& operator=(const Vm&) = delete;

    /// Counts a call of `fn` made by the tree walker; returns its compiled unit once it is hot (nullptr: run it
    /// in the tree walker).
    const Proto* function_proto(const Function* fn);
    /// Runs a compiled function: base[0] the closure, base[1..argc] the arguments (rooted, at the top of the
    /// value stack). Same depth checks and errors as Evaluator::call_value.
    Value call(const Proto* proto, const Node* at, Value* base, size_t argc);
    /// The compiled unit of a While/ForEach node, compiling it on first request (nullptr: not compilable).
    const Proto* loop_proto(const Node* loop);
    /// Runs a loop unit in the current environment: a While from its condition; a ForEach over `iterable` from
    /// item `next`. Returns Flow::normal, or Flow::ret with Evaluator::m_ret set.
    Flow run_loop(const Proto* proto, Value iterable, uint64_t next);

    /// Compiled unit of a Function node if there is one (the CALL fast path: one direct-mapped probe).
    TRELLIS_ALWAYS_INLINE Proto* compiled(const Function* fn) const {
        const Slot& s = m_slots[slot_of(fn)];
        return s.key == fn ? s.state->proto : nullptr;
    }

    // ---- used by the dispatch handlers (vm.cpp) ----
    Evaluator& ev;
    /// Suspended frames, calls[0..ncalls); max_depth + 2 entries allocated once and left uninitialised, so the
    /// pages (320 KB at the default depth) are touched only as deep as VM recursion goes (startup time).
    std::unique_ptr<CallInfo[]> calls;
    size_t ncalls = 0;
    std::vector<Handler> handlers;
    Value result = Value::nil();   ///< value returned by the unit that left the dispatch loop (root)
    bool loop_ended = false;       ///< LOOPEND left the loop (versus a return)

private:
    struct Slot {
        const void* key = nullptr;
        UnitState* state = nullptr;
    };
    static constexpr size_t k_slots = 1024;
    static size_t slot_of(const void* key) { return (reinterpret_cast<uintptr_t>(key) >> 4) & (k_slots - 1); }
    UnitState& state(const void* key);
    Proto* new_proto();
    Value execute(Proto* proto, Value* r);
    bool can_promote(const Proto* p);             ///< every promoted name is a non-const variable here
    void write_back(const Proto* p, Value* r);    ///< stores promoted registers into their environments
    static void visit_roots(gc::RootVisitor& v, void* self);

    Slot m_slots[k_slots];
    std::unordered_map<const void*, std::unique_ptr<UnitState>> m_states;
    std::vector<std::unique_ptr<Proto>> m_protos;
    std::vector<Value> m_saved_envs;  ///< environments of the tree walker while the VM runs (roots)
    size_t m_root_id = 0;
};

}  // namespace trellis::zexus
