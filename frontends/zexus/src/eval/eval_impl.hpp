/// @file eval_impl.hpp
/// Private to the Zexus evaluator (LANGUAGE.md §1-§13): the Evaluator class shared by eval.cpp (expressions,
/// environments, calls), eval_stmt.cpp (statements), eval_values.cpp (printing, equality, arithmetic),
/// builtins.cpp (the §7/§8/§13 builtins and list/map methods), eval_records.cpp (§12) and eval_modules.cpp (§11).
///
/// GC discipline (docs/architecture.md "Values and the GC"): every Value that must survive an allocation lives
/// in a slot of the value stack (`push`), which is carved out of a FrameStack registered with the heap, or in
/// one of the registered member roots (m_env, m_ret). `eval()` returns a raw Value: the caller pushes it or
/// uses it before the next allocation.
#pragma once
#include <gmp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trellis/core/frame_stack.hpp"
#include "trellis/core/object.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/zexus/ast.hpp"
#include "trellis/zexus/interpreter.hpp"

namespace trellis::zexus {

using core::Value;

/// Classes of Zexus objects (the object header's class_id).
/// module (§15 `module NAME {}`): slots {members Map, name String}; task (§15 `spawn`): slots {task id}.
enum class ZClass : uint16_t {
    none = 0, action = 1, lambda = 2, builtin = 3, error = 10, env = 11, type = 12, record = 13, module = 14, task = 15
};

struct TaskSet;  // the §15 task scheduler (eval_tasks.cpp)
/// Deletes a TaskSet (defined where the type is complete, eval_tasks.cpp).
struct TaskSetDeleter {
    void operator()(TaskSet* tasks) const;
};

/// A declared record type (LANGUAGE.md §12): entity, data or contract. Type objects are Instances of class
/// ZClass::type with slots {index into Evaluator::m_types, declaring environment}; records are Instances of
/// class ZClass::record with slots {type object, fields Map}.
struct TypeInfo {
    std::string name;
    bool is_contract = false;
    std::vector<std::string_view> fields;
    std::vector<Node*> defaults;            ///< per field, nullptr when absent
    std::vector<std::string_view> field_types;
    std::vector<Function*> methods;
};

/// A Zexus runtime error on its way to a try/catch or the top level (slow path only).
struct ZexusRuntimeError {
    std::string message;
    std::string file;  ///< display name of the source the failing node belongs to
    uint32_t line = 0;
    uint32_t column = 0;
};

/// `exit_program(code)` (LANGUAGE.md §13) on its way to Interpreter::run_source: not a Zexus error, so no
/// `catch` or `finally` sees it; compiled frames unwind as for errors.
struct ZexusProgramExit {
    int code = 0;
};

/// Outcome of executing a statement.
enum class Flow : uint8_t { normal, brk, cont, ret };

class Vm;  // the bytecode tier (vm.hpp)

class Evaluator {
public:
    Evaluator(Output& out, const RunOptions& options);
    ~Evaluator();

    /// Runs a parsed program; returns the value of the last expression statement (raw, for the REPL) or nil.
    Value run(Ast& ast);
    std::string display(Value v);           ///< print form (strings raw, Python float repr)
    const std::string& file() const { return m_file; }

    // ---- value stack ----
    TRELLIS_ALWAYS_INLINE void push(Value v) {
        if (TRELLIS_UNLIKELY(m_sp == m_limit)) grow_stack();
        *m_sp++ = v;
    }
    TRELLIS_ALWAYS_INLINE Value pop() { return *--m_sp; }
    Value* sp() { return m_sp; }
    void set_sp(Value* p) { m_sp = p; }

    // ---- errors ----
    [[noreturn]] TRELLIS_COLD void fail(const Node* at, std::string message);
    [[noreturn]] TRELLIS_COLD void fail(std::string message) { fail(m_current, std::move(message)); }

    // ---- values (eval_values.cpp) ----
    static bool truthy(Value v) { return !(v.is_false() || v.is_nil()); }
    ZClass zclass(Value v) const;
    std::string type_name(Value v);   ///< type(): Integer, Float, String, ...
    std::string upper_type(Value v);  ///< INTEGER, STRING ... (error texts)
    bool equal(Value a, Value b);
    int compare(const Node* at, Value a, Value b);  ///< -1/0/1 for numbers or strings, else error
    void append_display(std::string& out, Value v, int depth = 0);
    Value binary(const Node* at, BinaryOp op, Value* args);  ///< args[0], args[1] rooted on the stack
    Value negate(const Node* at, Value v);
    /// A new String (an empty view may have a null data pointer: pass a real one, gc::new_string memcpy's it).
    Value make_string(std::string_view text) {
        return Value::object(gc::new_string(m_heap, text.empty() ? std::string_view("", 0) : text));
    }
    Value make_error(std::string_view message);  ///< error object for catch (message + formatted text)
    Value list_from(Value* items, size_t n);     ///< items rooted on the stack
    bool is_int(Value v) const { return v.is_small_int() || core::is_kind(v, core::Kind::big_int); }
    bool is_string(Value v) const { return core::is_kind(v, core::Kind::string) || core::is_kind(v, core::Kind::symbol); }
    std::string_view str(Value v) const { return static_cast<core::String*>(v.as_object())->view(); }
    Value int_result(mpz_srcptr z);  ///< small int or BigInt, error beyond 4096 bits

    // ---- calls (eval.cpp) ----
    /// Calls base[0] with base[1..argc]; all rooted on the stack. Returns the raw result.
    /// `self` (optional, rooted) is bound to `this` in the callee's environment (record methods).
    Value call_value(const Node* at, Value* base, size_t argc, Value* self = nullptr);

    // ---- records (eval_records.cpp, LANGUAGE.md §12) ----
    void declare_type(Node* decl);                       ///< TypeDecl or Contract statement
    Value construct(Construct* c);                       ///< `Name{field: value}`
    /// `Name(args)`: base[0] type object, base[1..argc] arguments (to `init`, or positional fields; §12, §15).
    /// `run_init` false: only the defaults (a construction by field names).
    Value instantiate(const Node* at, Value* base, size_t argc, bool run_init = true);
    /// `record.name(args)`: base[0] the record, args after it. `found` false if the type has no such method.
    Value call_record_method(const Node* at, std::string_view name, Value* base, size_t argc, bool& found);
    const TypeInfo& type_info(Value type_object) const;
    /// A record of type base[0] with its fields' defaults, then base[1..1+2n) (key String, value) pairs stored by
    /// name: `Name{k: v}` and `Name(k = v)` (§12, §15). With n == 0 it is `Name()` (init runs).
    Value instantiate_named(const Node* at, Value* base, size_t pairs);
    /// `match` patterns (§6, §15): `_`, a binding identifier (defined in the current scope), a constructor pattern
    /// `T(p...)` (a record of type T, fields in declaration order), or a value compared with equal(). subject rooted.
    bool match_pattern(Node* pattern, Value* subject);

    // ---- tasks (eval_tasks.cpp, LANGUAGE.md §15) ----
    /// `spawn CALL`: a task value for the call base[0](base[1..argc]) (rooted), queued to run at the next await.
    Value spawn(const Node* at, Value* base, size_t argc);
    /// `await v` (v rooted): the task's result (its error raised here); "Cannot await T (not a task)" otherwise.
    Value await_task(const Node* at, Value* v);
    /// `await sleep(s)`: lets the other tasks run; the current one resumes after `seconds`, in deadline order.
    void await_sleep(const Node* at, double seconds);
    /// At the end of the program: runs the tasks still pending to their end (an error none awaited is raised).
    void finish_tasks();
    std::unique_ptr<TaskSet, TaskSetDeleter> m_tasks;  ///< created by the first spawn
    bool m_in_task = false;            ///< running inside a spawned task (the bytecode tier stays out: tasks switch stacks)
    /// The bytecode tier for tier-up decisions: none inside a task.
    Vm* vm_tier() const { return m_in_task ? nullptr : m_vm.get(); }

    // ---- dependency registry (§15 inject / register_dependency / mock_dependency) ----
    Value m_dependencies;  ///< Map name -> value (root)
    Value m_mocks;         ///< Map name -> value; a mock wins over a registered dependency (root)

    // ---- modules (eval_modules.cpp, LANGUAGE.md §11) ----
    void exec_use(Use* u);
    void exec_export(Export* e);
    void define_module_names(const std::string& file, std::string_view module_name);
    std::vector<std::unique_ptr<Ast>> m_module_asts;      ///< loaded modules (closures point into them)
    std::vector<std::vector<std::string>> m_export_stack;  ///< names exported by the modules being loaded
    std::vector<std::pair<std::string, size_t>> m_module_index;  ///< resolved path -> slot in m_modules
    Value m_modules;                                       ///< List of export Maps (root)
    std::vector<std::string> m_loading;                    ///< paths being loaded (cycle detection)
    std::vector<TypeInfo> m_types;

    // ---- builtins (builtins.cpp) ----
    static int builtin_index(std::string_view name);
    Value builtin_value(int index);
    Value call_builtin(int index, Value* args, size_t argc);
    /// list/map methods `obj.name(args)`: obj = args[-1]. Sets `found` false if there is no such method.
    Value call_method(std::string_view name, Value* args, size_t argc, bool& found);

    gc::Heap& heap() { return m_heap; }
    Output& out() { return m_out; }
    const RunOptions& options() const { return m_options; }

    // ---- pieces shared by the tree walker and the bytecode tier (vm*.cpp): one rule, one place ----
    /// `base[0][base[1]]` (§7): maps (missing key: null), lists and strings (negative index from the end);
    /// errors "Index out of range: i", "Cannot index T with U". base rooted.
    Value index_value(const Node* at, Value* base);
    /// `o.name` for maps, records, errors (`message`) and `list.length`; else "Cannot read property".
    /// `name`: the name as a String if the caller has one (the VM's constant), else undefined.
    Value member_value(Member* m, Value o, Value name = Value::undefined());
    /// The map function a method call `recv.name(...)` would call (a map entry holding a function), or
    /// undefined when the call is a record or builtin method call instead.
    Value method_target(Member* mem, Value* recv, Value name = Value::undefined());
    /// `recv.name(args)`: base[0] receiver, base[1] method_target() result, base[2..2+argc) arguments (rooted).
    Value call_method_at(Call* c, Member* mem, Value* base, size_t argc);
    /// Indexed/property assignment (§4): base[0] container, base[1] key (a String for `.name`). For compound
    /// operators, assign_current() gives the value `op` combines with (errors as the tree walker's).
    Value assign_current(Assign* a, Value* base);
    /// Stores base[2] into base[0] at base[1] (maps, records, lists; "Cannot assign into T").
    void assign_store(Assign* a, Value* base);
    /// `throw v` (§10): raises the error text of an error object, or the print form of any other value.
    [[noreturn]] TRELLIS_COLD void throw_value(const Node* at, Value v);
    /// Prints args[0..n) joined by one space (`print`, `debug` with the "[DEBUG] " prefix), §9.
    void print_values(Value* args, size_t n, bool debug);
    /// Reports an error raised inside a print argument on the error stream (§10: only that print is skipped).
    TRELLIS_COLD void report_skipped_print(const ZexusRuntimeError& e);

private:
    friend struct EvalAccess;
    friend struct TaskSet;
    friend class Vm;
    friend struct VmDef;
    friend class Compiler;
    std::unique_ptr<Vm> m_vm;  ///< the bytecode tier; null under Tier::tree
    TRELLIS_COLD void grow_stack();

    Value eval(Node* n);
    Flow exec(Node* n);
    Flow exec_block(Node* n);
    /// Runs b->stmts[first..] where stmts[first] is a `defer`, then the registered bodies (eval_defer.cpp, §6).
    Flow exec_deferring(Block* b, size_t first);
    /// Runs and removes `bodies`, latest first, keeping m_ret (eval_defer.cpp).
    void run_deferred(std::vector<Node*>& bodies);
    Value eval_call(Call* c);
    /// A call with `name = value` arguments (§15): only type constructors accept them.
    Value eval_keyword_call(Call* c);
    Value eval_match(Match* m);          ///< the §15 expression form
    /// The first arm of m whose pattern (and guard) accepts *subject (rooted), or nullptr.
    Case* select_case(Match* m, Value* subject);
    Value eval_await(Await* a);
    Value eval_spawn(Spawn* s);
    void exec_module(Module* m);
    Value eval_index(Index* ix);
    Value eval_member(Member* m);
    void assign(Assign* a);
    Flow exec_try(Try* t);
    Flow exec_for_each(ForEach* f);
    Flow exec_match(Match* m);
    void exec_print(Print* p, bool debug);
    Value make_function(Function* fn);

    // Environments: Instance{vars Map|nil, parent env, consts Map|nil [, key0, value0, ... key3, value3]}.
    // Call environments carry k_env_inline inline (symbol, value) pairs, filled first (keys compared by
    // identity: names are interned symbols); the Map is created only when they are full. Global, module and
    // record-field environments have no inline pairs (their Map is enumerated by modules and records).
    static constexpr size_t k_env_header = 3;
    static constexpr size_t k_env_inline = 4;
    Value new_env(Value parent, bool inline_pairs = false);
    Value lookup(std::string_view name, bool& found);
    void define(std::string_view name, Value v, bool is_const);  ///< v is protected
    void set_var(const Node* at, std::string_view name, Value v);
    /// The interned symbol of `name`, through a direct-mapped cache keyed by the text's address (names are
    /// views into AST arenas, stable while the AST lives; symbols never move).
public:
    Value symbol(std::string_view name) {
        auto& e = m_symbols[((reinterpret_cast<uintptr_t>(name.data()) >> 2) ^ name.size()) & (k_symbol_cache - 1)];
        if (TRELLIS_LIKELY(e.text == name.data() && e.size == name.size())) return Value::object(e.symbol);
        e = {name.data(), name.size(), m_heap.intern(name)};
        return Value::object(e.symbol);
    }
    struct SymbolEntry {
        const char* text = nullptr;
        size_t size = 0;
        core::String* symbol = nullptr;
    };
    static constexpr size_t k_symbol_cache = 1024;
    SymbolEntry m_symbols[k_symbol_cache];

private:

    Output& m_out;
    RunOptions m_options;
    gc::Heap m_heap;
    core::FrameStack m_frames;
    core::FrameStack* m_stack = &m_frames;  ///< the value stack in use (a task's own while a task runs)
    Value* m_sp = nullptr;
    Value* m_limit = nullptr;
    Value m_env;      // current environment (root)
    Value m_globals;  // global environment (root)
    Value m_ret;      // value of the last `return` (root)
    const Node* m_current = nullptr;
    std::string m_file;
    int m_depth = 0;
    uint64_t m_iterations = 0;
    bool m_recovery = false;  ///< error-recovery mode, switched on by `continue` outside a loop (LANGUAGE.md §6)
    /// Lowest native stack address calls may reach (the thread's stack end plus a safety margin): deep
    /// recursion on a small native stack (an embedder's thread) is then a Zexus error, never a segfault.
    uintptr_t m_native_limit = 0;
    void compute_native_limit();
};

}  // namespace trellis::zexus
