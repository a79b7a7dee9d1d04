/// @file vm_bytecode.hpp
/// The Zexus bytecode (private to the bytecode tier): one X-macro of opcodes, the 12-byte instruction, and the
/// compiled unit (Proto). Register machine in the style of Lua 5: operands name frame slots (registers) or
/// constants; a frame is a run of Value slots on the evaluator's value stack (core::FrameStack registered with
/// the heap), so every register is a GC root.
///
/// Frame layout: r[0] is the frame's environment (the call environment, or the closure's environment when the
/// function needs none; for loop units, the environment the loop runs in), r[1..nparams] the parameters, then
/// the register-resident locals, then temporaries. A local that has not been defined yet (Zexus scope is
/// function-level, LANGUAGE.md §4, so a name may be read before its `let` runs) holds Value::undefined(); reads
/// of such a slot fall back to the environment chain, like the tree walker's lookup in a call environment that
/// does not have the name yet.
///
/// Operand conventions: `a` is usually the destination register, `b`/`c` sources; a `K` suffix means `c` is a
/// constant index; `d` is a jump target (absolute instruction index) or an inline-cache index.
#pragma once
#include <cstdint>
#include <vector>

#include "trellis/core/value.hpp"
#include "trellis/zexus/ast.hpp"

namespace trellis::zexus {

/// X(NAME): every opcode, in numbering order. See vm.cpp for each handler; the comment names the operands.
#define TRELLIS_ZEXUS_OPCODES(X)                                                                        \
    X(NOP)        /* -                                                                           */    \
    X(ENTER)      /* r[0] = new call environment of the closure in r[0] (functions that need one) */   \
    X(MOVE)       /* r[a] = r[b]                                                                 */    \
    X(LOADK)      /* r[a] = K[b]                                                                 */    \
    X(GETG)       /* r[a] = name K[b] from the environment chain (cache d; node: Ident)          */    \
    X(GETGQ)      /* same, nil when absent (lhs of ??)                                           */    \
    X(SETG)       /* assign r[a] to name K[b] (cache d; node: Assign)                            */    \
    X(DEFG)       /* define name K[b] = r[a] in the frame environment, const if c (cache d)      */    \
    X(GETL)       /* r[a] = r[b], or name K[c] from the environment when r[b] is undefined       */    \
    X(GETLQ)      /* same, nil when absent                                                       */    \
    X(SETL)       /* r[b] = r[a], or assign name K[c] in the environment when r[b] is undefined  */    \
    X(ADD) X(SUB) X(MUL) X(DIV) X(MOD) X(POW)          /* r[a] = r[b] op r[c]                    */    \
    X(EQ) X(NE) X(LT) X(LE) X(GT) X(GE)                /* r[a] = r[b] cmp r[c]                   */    \
    X(ADDK) X(SUBK) X(MULK) X(DIVK) X(MODK) X(POWK)    /* r[a] = r[b] op K[c]                    */    \
    X(EQK) X(NEK) X(LTK) X(LEK) X(GTK) X(GEK)          /* r[a] = r[b] cmp K[c]                   */    \
    X(JNEQ) X(JNNE) X(JNLT) X(JNLE) X(JNGT) X(JNGE)    /* if !(r[a] cmp r[b]) goto d             */    \
    X(JNEQK) X(JNNEK) X(JNLTK) X(JNLEK) X(JNGTK) X(JNGEK) /* if !(r[a] cmp K[b]) goto d           */    \
    X(NOT)        /* r[a] = !r[b]                                                                */    \
    X(NEG)        /* r[a] = -r[b]                                                                */    \
    X(JMP)        /* goto d                                                                      */    \
    X(JMPF)       /* if r[a] is falsy goto d                                                     */    \
    X(JMPT)       /* if r[a] is truthy goto d                                                    */    \
    X(JMPNN)      /* if r[a] is not null goto d                                                  */    \
    X(CALL)       /* r[a] = r[a](r[a+1 .. a+b]) (node: Call; call cache d)                      */    \
    X(MTARGET)    /* r[a+1] = map function named K[c] of receiver r[a], or undefined              */    \
    X(CALLM)      /* r[a] = r[a].K[c](r[a+2 .. a+2+b]) with r[a+1] from MTARGET (node: Call)     */    \
    X(INDEX)      /* r[a] = r[b][r[c]] (node: Index)                                             */    \
    X(MEMBER)     /* r[a] = r[b].name (node: Member; K[c] the name as a String)                  */    \
    X(IDXCUR)     /* r[a+2] = current value of r[a][r[a+1]] (node: Assign)                       */    \
    X(IDXSET)     /* r[a][r[a+1]] = r[a+2] (node: Assign)                                        */    \
    X(LIST)       /* r[a] = [r[b] .. r[b+c-1]]                                                   */    \
    X(NEWMAP)     /* r[a] = {} with capacity c                                                   */    \
    X(MAPSET)     /* r[a][r[b]] = r[c] (map literal entries)                                     */    \
    X(INTERP)     /* r[a] = concatenated print forms of r[b .. b+c-1]                            */    \
    X(CLOSURE)    /* r[a] = a new closure of the Function node, in the frame environment         */    \
    X(PRINTH)     /* push a print handler resuming at d (errors in arguments skip the print)     */    \
    X(PRINT)      /* print r[a .. a+b-1] (debug prefix if c), pop the print handler              */    \
    X(TRYH)       /* push a catch handler: error object to r[a], resume at d                     */    \
    X(POPH)       /* pop b handlers                                                              */    \
    X(THROW)      /* throw r[a] (node: Throw)                                                    */    \
    X(EVAL)       /* r[a] = tree walker's value of the node (expressions the compiler leaves out) */   \
    X(EXEC)       /* tree walker runs the statement node; break -> d, continue -> c, return -> out */   \
    X(ITER)       /* --max-iterations count (node: the loop)                                     */    \
    X(FORPREP)    /* r[a] must be a List or Map (node: ForEach); r[a+1] = 0                      */    \
    X(FORNEXT)    /* next item of r[a] from index r[a+1] into r[a+2] (key/index), r[a+3]; else d */    \
    X(RET)        /* return r[a]                                                                 */    \
    X(RETNIL)     /* return null                                                                 */    \
    X(CONTRET)    /* `continue` outside a loop in a function: recovery mode on (§6), return null */    \
    X(LOOPEND)    /* a loop unit finished normally                                               */

/// Opcode numbers (one byte).
enum class Op : uint8_t {
#define TRELLIS_ZEXUS_OP_ENUM(name) name,
    TRELLIS_ZEXUS_OPCODES(TRELLIS_ZEXUS_OP_ENUM)
#undef TRELLIS_ZEXUS_OP_ENUM
    count_
};
static_assert(static_cast<unsigned>(Op::count_) <= 256);

/// One instruction: opcode byte, three 16-bit operands, one 32-bit operand (12 bytes).
struct Ins {
    Op op = Op::NOP;
    uint8_t pad = 0;  ///< GETG: 1 when the value is only called (a builtin may then be cached, identity unseen)
    uint16_t a = 0;
    uint16_t b = 0;
    uint16_t c = 0;
    int32_t d = 0;
};

/// Per-instruction inline cache of an environment access: the object holding the variable (an environment
/// Instance with inline pairs, or the variables Map) and the slot/pair index. `holder` is a GC root (the VM
/// visits every cache), so a moved object stays matched and a dead one is never confused with a new one.
struct EnvCache {
    core::Value holder = core::Value::undefined();  ///< undefined: empty (never equal to a Map slot)
    uint32_t index = 0;
    bool inline_pair = false;
    /// A builtin read in callee position (`len(x)`): the name is in no environment; valid while the holder (the
    /// variables Map of an environment without parent) still has `index` entries. `builtin` is a GC root.
    bool is_builtin = false;
    core::Value builtin = core::Value::nil();
    /// The variable is in the parent of the frame's environment `near` (a loop running in a call environment
    /// reading a global): valid while `near` still lacks the name (near_used: its Map's entry count, or
    /// UINT32_MAX while it has no Map). `near` is a GC root.
    bool outer = false;
    core::Value near = core::Value::nil();
    uint32_t near_used = 0;
};

struct Proto;
/// Per-CALL inline cache: the closure's function word (its Function node) last called there and its unit.
struct CallCache {
    core::Value function = core::Value::undefined();
    Proto* proto = nullptr;
};

/// One compiled unit: a function body or a loop (on-stack replacement of a tree-walked loop).
struct Proto {
    std::vector<Ins> code;
    std::vector<const Node*> nodes;     ///< per pc: the AST node errors are reported at (nullptr if none)
    std::vector<core::Value> k;         ///< constants (GC roots)
    std::vector<EnvCache> caches;       ///< inline caches of GETG/GETGQ/SETG
    std::vector<CallCache> call_caches; ///< inline caches of CALL
    uint32_t nregs = 1;                 ///< frame size in slots (r[0] is the environment)
    uint32_t nparams = 0;               ///< parameters in r[1..nparams]
    uint32_t first_local = 1;           ///< registers [first_local, first_temp) start undefined (locals)
    uint32_t first_temp = 1;            ///< temporaries: need no initial value (every value-stack slot is always a
                                        ///< valid Value, scanned by the GC, and temporaries are written first)
    bool needs_env = false;             ///< the function creates a call environment (captured or delegated names)
    bool is_loop = false;               ///< a loop unit (returns a Flow to the tree walker)
    const Function* fn = nullptr;       ///< the function compiled (nullptr for loops)
    const Node* loop = nullptr;         ///< the loop compiled (While or ForEach)
    /// Loop units with register promotion: (constant index of the name's symbol, register) of each variable,
    /// loaded at entry and written back to its environment when the unit is left (Vm::run_loop).
    struct Promoted {
        uint32_t symbol;
        uint32_t reg;
    };
    std::vector<Promoted> promoted;
    const Proto* plain = nullptr;       ///< the same loop without promotion (when a run cannot promote)
};

}  // namespace trellis::zexus
