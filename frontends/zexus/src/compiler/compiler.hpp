/// @file compiler.hpp
/// Zexus AST to register bytecode (vm_bytecode.hpp) for the bytecode tier.
///
/// Units: a function body (call tier-up) or one While/ForEach loop (on-stack replacement of a tree-walked loop).
/// Names are resolved at compile time (LANGUAGE.md §4: function-level scope):
///  - a function's parameters and locals live in registers, unless a nested function/lambda mentions them, they
///    are `const`, or a piece of the body runs in the tree walker (below): those live in a call environment,
///    created like the tree walker's (`needs_env`);
///  - every other name (globals, an enclosing function's variables, all variables of a loop unit, whose
///    environment the tree walker goes on using after the loop) is read and written through the environment
///    chain with a per-instruction inline cache; misses use the evaluator's own lookup/set_var/define and errors.
/// Constructs without a bytecode form (match, try/finally, records, modules, require/assert, big integer
/// literals, ...) are delegated: EXEC/EVAL run the node in the tree walker on the frame's environment, and the
/// names they mention are forced into the environment, so both tiers see the same variables. The compiler
/// therefore accepts every function and loop unless a limit is hit (65535 registers/constants/instructions).
#pragma once
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "eval/eval_impl.hpp"
#include "vm/vm_bytecode.hpp"

namespace trellis::zexus {

/// Compiles one unit into a Proto. Not reusable: one Compiler per unit.
class Compiler {
public:
    /// `proto` must already be visible to the GC (Vm registers it first): constants are allocated while compiling.
    Compiler(Evaluator& ev, Proto& proto) : m_ev(ev), m_p(proto) {}
    /// Compiles a function body (Block, or an expression for lambdas/arrows). False: not compilable.
    bool compile_function(const Function* fn);
    /// Compiles a While or ForEach loop as a loop unit. With `promote`, only a While whose variables can live in
    /// registers for the whole run (Proto::promoted) is accepted. False: not compilable (that way).
    bool compile_loop(const Node* loop, bool promote = false);

private:
    struct Loop {
        std::vector<size_t> breaks;     ///< jumps to patch to the loop's end
        std::vector<size_t> continues;  ///< jumps to patch to the loop's continue point
        int handlers = 0;               ///< handlers open when the loop started
    };

    bool run_passes(const Function* fn, const Node* loop);
    void reset();
    // statements
    void stmt(Node* n);
    void block(Node* n);
    void exec_delegated(Node* n);
    void let(std::string_view name, Node* value, bool is_const, const Node* at);
    void define_from(std::string_view name, int src, bool is_const);
    void assign(Assign* a);
    void if_stmt(If* i);
    void while_stmt(While* w, bool unit);
    void for_each(ForEach* f, bool unit);
    void try_stmt(Try* t);
    void print(NodeList args, bool debug, const Node* at);
    void emit_break(const Node* at);
    void emit_continue(const Node* at);
    // expressions
    int expr_any(Node* n);
    void expr_to(Node* n, int dst);
    /// The variable `id` into dst: MOVE from its register when certainly defined there, else GETL (an
    /// environment-resident local) or GETG (a global, inline-cached); `absent_is_null` (the lhs of `??`): GETLQ /
    /// GETGQ, which give null for an undefined name instead of failing.
    void load_name(Ident* id, int dst, bool absent_is_null);
    /// The register holding b's left operand, read before the right one runs: a copy in a temporary when it is a
    /// variable's register and the right operand contains an assignment, which must not change the value the left
    /// operand already read.
    int left_operand(Binary* b);
    void binary(Binary* b, int dst);
    void call(Call* c, int dst);
    void jump_if_false(Node* cond, std::vector<size_t>& patches);
    void jump_if(Node* cond, bool when, std::vector<size_t>& patches);  ///< jump when truthy(cond) == when
    int constant_operand(Node* n);  ///< constant index for a literal operand, or -1
    // emission
    size_t emit(Op op, int a = 0, int b = 0, int c = 0, int32_t d = 0, const Node* at = nullptr);
    void patch(size_t at, size_t target);
    void patch_here(const std::vector<size_t>& jumps);
    int temp(int n = 1);
    /// Evaluates `items` into consecutive fresh temporaries; returns the first one (operands of LIST, INTERP, PRINT).
    int exprs_to_temps(NodeList items);
    int konst(Value v);
    int symbol(std::string_view name);
    int cache();
    int reg_of(std::string_view name) const;   ///< register of a register-resident name, or -1
    bool defined(std::string_view name) const { return m_defined.count(name) != 0; }
    void force_env(Node* n);                    ///< names mentioned anywhere under n live in the environment

    Evaluator& m_ev;
    Proto& m_p;
    bool m_ok = true;
    bool m_loop_unit = false;
    bool m_delegated = false;      ///< a statement/expression of the unit runs in the tree walker
    int m_first_temp = 1;          ///< registers below are parameters and locals
    int m_top = 1;                 ///< next free temporary
    int m_handlers = 0;            ///< open print/catch handlers in the code being compiled
    std::vector<Loop> m_loops;
    std::unordered_map<std::string_view, int> m_regs;       ///< register-resident names
    std::unordered_set<std::string_view> m_defined;         ///< register names certainly defined here
    std::unordered_set<std::string_view> m_env_names;       ///< names that must live in the environment
    std::unordered_map<uint64_t, int> m_konst_index;
};

}  // namespace trellis::zexus
