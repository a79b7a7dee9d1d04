/// @file bytecode.hpp
/// The Perl register bytecode: one X-macro of opcodes, the 12-byte three-address instruction, and the compiled
/// unit (Proto). Operands name frame slots (registers); every register is a GC root (frames live on the
/// interpreter's core::FrameStack, registered with the heap).
///
/// Frame layout: r[0] is `@_` (a List of Cells), r[1] the running sub's Closure (its upvalues are the captured
/// variables), then variables and temporaries. What a register holds is known at compile time: a scalar value
/// (undef, number, string, reference), a Cell (a scalar variable or an element: the container aliasing works
/// through), a List (an array, or a list value: a List of Cells), or a Map (a hash: key String -> Cell).
///
/// Operand conventions: `a` is the destination, `b`/`c` sources, `d` a jump target (instruction index), a
/// constant index or a builtin id; `x` a small flag byte (call context: 0 void, 1 scalar, 2 list).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "trellis/core/value.hpp"

namespace trellis::perl {

/// X(NAME): every opcode in numbering order. The comment names the operands.
#define TRELLIS_PERL_OPCODES(X)                                                                            \
    X(NOP)       /* -                                                                              */       \
    X(LOADK)     /* r[a] = K[d]                                                                    */       \
    X(LOADUNDEF) /* r[a] = undef                                                                   */       \
    X(MOVE)      /* r[a] = r[b]                                                                    */       \
    X(NEWSV)     /* r[a] = new Cell(undef)   (my $x)                                               */       \
    X(NEWSVV)    /* r[a] = new Cell(r[b])    (a temporary container, \ of a value)                  */       \
    X(NEWAV)     /* r[a] = new empty List    (my @a, a list value)                                 */       \
    X(NEWHV)     /* r[a] = new empty Map     (my %h)                                               */       \
    X(SVGET)     /* r[a] = Cell r[b]'s value                                                       */       \
    X(SVSET)     /* Cell r[a] = r[b]                                                               */       \
    X(UPVAL)     /* r[a] = upvalue d of the running closure                                        */       \
    X(OUTER)     /* r[a] = main frame's register d (created as kind x: 0 scalar 1 array 2 hash)    */       \
    X(GSV) X(GAV) X(GHV) /* r[a] = scalar Cell / array / hash of glob d (created when absent)      */       \
    X(GSETSV)    /* glob d's scalar Cell = r[a] (aliasing $_, $a, $b)                              */       \
    X(ADD) X(SUB) X(MUL) X(DIV) X(MOD) X(POW)        /* r[a] = r[b] op r[c] (numeric)             */       \
    X(CONCAT) X(REPEAT)                              /* r[a] = r[b] . r[c] / r[b] x r[c]          */       \
    X(APPEND)    /* Cell r[b] .= r[c] in place (runtime/strbuf.hpp); x 1: a `.` chain, not `.=`   */       \
    X(BAND) X(BOR) X(BXOR) X(SHL) X(SHR)             /* r[a] = r[b] op r[c] (integer bit ops)     */       \
    X(NEQ) X(NNE) X(NLT) X(NLE) X(NGT) X(NGE) X(NCMP) /* numeric comparisons                      */       \
    X(SEQ) X(SNE) X(SLT) X(SLE) X(SGT) X(SGE) X(SCMP) /* string comparisons                       */       \
    X(NEG)       /* r[a] = -r[b]                                                                   */       \
    X(NOT)       /* r[a] = !r[b] (1 or "")                                                         */       \
    X(BNOT)      /* r[a] = ~r[b]                                                                   */       \
    X(INC) X(DEC) /* Cell r[a] incremented/decremented (magic string increment for ++)            */       \
    X(JMP)       /* goto d                                                                         */       \
    X(JMPF)      /* if !r[a] goto d                                                                */       \
    X(JMPT)      /* if r[a] goto d                                                                 */       \
    X(JMPDEF)    /* if defined r[a] goto d                                                         */       \
    X(NEWLIST)   /* r[a] = new empty List (a list value)                                           */       \
    X(LPUSHV)    /* List r[a] += new Cell(r[b])                                                    */       \
    X(LPUSHC)    /* List r[a] += Cell r[b] (alias)                                                 */       \
    X(LPUSHA)    /* List r[a] += every element Cell of array r[b] (aliases)                        */       \
    X(LPUSHH)    /* List r[a] += key, value Cell of every pair of hash r[b]                        */       \
    X(LRANGE)    /* List r[a] += new Cells r[b] .. r[c] (numbers or magic strings)                 */       \
    X(LCOPY)     /* r[a] = List of new Cells holding the values of List r[b]                       */       \
    X(LCOUNT)    /* r[a] = number of elements of List r[b]                                         */       \
    X(LLAST)     /* r[a] = value of the last element of List r[b], or undef                        */       \
    X(LGET)      /* r[a] = value of element d of List r[b], or undef                               */       \
    X(LSLICE)    /* r[a] = List of elements of List r[b] at the indices in List r[c]               */       \
    X(AGET)      /* r[a] = value of array r[b] at index r[c] (negative from the end), or undef     */       \
    X(AELEM)     /* r[a] = Cell of array r[b] at index r[c], created (extends the array)           */       \
    X(ALEN)      /* r[a] = number of elements of array r[b]                                        */       \
    X(ALAST)     /* r[a] = $#{array r[b]}                                                          */       \
    X(ASETLAST)  /* $#{array r[a]} = r[b]                                                          */       \
    X(AASSIGN)   /* array r[a] = copies of the values of List r[b] from element d on; c = 1: r[b]  */       \
                 /* is split's new List, its Cells taken as they are (r[b] is left empty)         */       \
    X(HGET)      /* r[a] = value of hash r[b] at key r[c], or undef                                */       \
    X(HELEM)     /* r[a] = Cell of hash r[b] at key r[c], created                                  */       \
    X(HASSIGN)   /* hash r[a] = pairs of the values of List r[b] from element d on                 */       \
    X(ASLICE)    /* r[a] = List of element Cells of array r[b] at the indices in List r[c]; x 4:   */       \
                 /* at the indices r[c] .. r[d] (a range); x 2: an lvalue slice (extends)         */       \
    X(HSLICE)    /* r[a] = List of value Cells of hash r[b] at the keys in List r[c] (x: 1 = k/v)  */       \
    X(ANONAV)    /* r[a] = reference to a new array of copies of List r[b]                         */       \
    X(ANONHV)    /* r[a] = reference to a new hash from the pairs of List r[b]                     */       \
    X(RV2SV)     /* r[a] = Cell referenced by r[b] (dies unless a SCALAR reference)                */       \
    X(RV2AV)     /* r[a] = array referenced by r[b] (dies unless an ARRAY reference)               */       \
    X(RV2HV)     /* r[a] = hash referenced by r[b]                                                 */       \
    X(VIVSV) X(VIVAV) X(VIVHV) /* r[a] = container referenced by Cell r[b]'s value, autovivified  */       \
    X(CLOSURE)   /* r[a] = new closure of sub d, capturing its variables from this frame           */       \
    X(CALL)      /* r[a] = call code r[b] with @_ = List r[c], context x                           */       \
    X(CALLG)     /* r[a] = call the sub of glob d with @_ = List r[c], context x                   */       \
    X(CALLM)     /* r[a] = method K[d] (or r[b] when d < 0) on List r[c] (invocant first), ctx x   */       \
    X(BUILTIN)   /* r[a] = builtin d (arguments List r[b]), context x                              */       \
    X(WANTJ)     /* if the running sub was called in list context goto d                           */       \
    X(RET)       /* return scalar r[a]                                                             */       \
    X(RETL)      /* return List r[a] (copied)                                                      */       \
    X(WANT)      /* r[a] = wantarray                                                               */       \
    X(FORNEXT)   /* next Cell of List r[b] at index r[c] into r[a] (alias), r[c]++; else goto d    */       \
    X(FORNEXTG)  /* next Cell of List r[b] at index r[c] into the scalar slot of glob a; else goto d */       \
    X(EVALENTER) /* push an eval handler resuming at d                                             */       \
    X(EVALLEAVE) /* pop the eval handler; $@ = ""                                                  */       \
    X(POPH)      /* pop b eval handlers (last/next out of eval blocks)                             */       \
    X(SORT)      /* r[a] = List r[b] sorted: x 0 by code r[c], 1 cmp, 2 reverse cmp, 3 <=>, 4 reverse <=>; */ \
                 /*   the $a/$b globs are in the next instruction's a/b                            */       \
    X(MATCH)     /* regex: see vm_regex.cpp; a dest, b target, c pattern, d regex slot, x context  */       \
    X(SUBST)     /* r[a] = s/// on Cell r[b], pattern r[c], replacement code in the next ins       */       \
    X(TRANS)     /* r[a] = tr/// on Cell r[b], table d                                             */       \
    X(STRINGIFY) /* r[a] = string value of r[b]                                                    */       \
    X(CAPTURE)   /* r[a] = group d of the last successful match ($1...; d = 0 is $&), or undef      */       \
    X(LASSIGN)   /* Cells of List r[a] = the values of List r[b] in order (undef past its end)     */       \
    X(NUMIFY)    /* r[a] = numeric value of r[b]                                                   */       \
    X(ASHIFT)    /* r[a] = shift of array r[b] (its value; undef when empty)                      */       \
    X(APOP)      /* r[a] = pop of array r[b]                                                       */       \
    X(LOCAL)     /* save glob d's slot x (0 scalar 1 array 2 hash), install a new container in r[a] */       \
    X(LOCALMARK) /* r[a] = depth of the local save stack                                           */       \
    X(LOCALELEM) /* r[a] = new Cell installed at key r[c] of hash (x 3) / array (x 4) r[b], old saved */       \
    X(UNLOCAL)   /* restore saved globals down to depth r[a]                                       */       \
    X(DEFINED)   /* r[a] = defined r[b]                                                            */       \
    X(EVALSTR)   /* r[a] = eval STRING r[b] compiled for eval site d, context x (runtime/eval.cpp) */       \
    X(GSVGET)    /* r[a] = value of glob d's scalar (GSV + SVGET in one: $_, $a, $b, package scalars) */       \
    X(FORI)      /* r[a] += 1; if r[a] <= r[b] goto d (the back edge of a counting foreach, one step) */       \
    X(SUBSTR)    /* r[a] = substr(r[c], r[d & 0xFFFF], r[d >> 16] or none when 0xFFFF), not in list */       \
                 /* context; r[b]: the builtin's argument List, made only when the inline case fails */       \
    X(EXIT)      /* end of the main program                                                        */

/// Opcode numbers (one byte).
enum class Op : uint8_t {
#define TRELLIS_PERL_OP_ENUM(name) name,
    TRELLIS_PERL_OPCODES(TRELLIS_PERL_OP_ENUM)
#undef TRELLIS_PERL_OP_ENUM
    count_
};
static_assert(static_cast<unsigned>(Op::count_) <= 256);

/// Call contexts (perlsub "wantarray").
enum Ctx : uint8_t { ctx_void = 0, ctx_scalar = 1, ctx_list = 2 };

/// One instruction: opcode, flag byte, three 16-bit register operands and one 32-bit operand (12 bytes).
struct Ins {
    Op op = Op::NOP;
    uint8_t x = 0;
    uint16_t a = 0;
    uint16_t b = 0;
    uint16_t c = 0;
    int32_t d = 0;
};

/// How a closure captures one variable when CLOSURE runs: from a register of the creating frame, from the
/// creator's own upvalues, or from the main program's frame (file-level lexicals).
struct Capture {
    enum Kind : uint8_t { local, upvalue, outer } kind;
    uint8_t container;  ///< 0 scalar Cell, 1 array List, 2 hash Map (for OUTER creation)
    uint16_t index;
};

/// The variable a "Use of uninitialized value NAME in OP" warning names for one operand (perl's find_uninit_var,
/// sv.c): a scalar (`$x`, `$Pkg::x`), an element (`$h{"k"}`, `$a[3]`: the key or index is read from a register
/// when the warning is printed) or "within %h" for an element with a computed subscript.
struct WarnName {
    /// exempt: not warned about when undef (the left side of `+=`, perlop "Assignment Operators"); array: a
    /// named array among a builtin's arguments, searched for the undef element's Cell (`$a[2]`)
    enum Kind : uint8_t { none, scalar, helem, aelem, within, exempt, array } kind = none;
    std::string var;       ///< "$x"; for elements the aggregate as "$h"/"$a"; within: "%h"/"@a"
    int32_t key_reg = -1;  ///< helem/aelem: the register holding the subscript value
    /// array: where the array is: 0 register `index`, 1 upvalue `index`, 2 main-frame register, 3 glob
    uint8_t where = 0;
    int32_t index = -1;
};

/// One compiled unit: the main program or a sub body.
struct Proto {
    std::string name;                 ///< "main::foo", "__ANON__" or "main" for the program
    std::vector<Ins> code;
    std::vector<int> lines;           ///< per instruction: the source line (for die/warn messages)
    std::vector<core::Value> k;       ///< constants (strings, numbers; rooted by the VM)
    std::vector<Capture> captures;    ///< what CLOSURE copies into upvalues
    uint32_t nregs = 2;               ///< frame size in registers (r[0] @_, r[1] the closure)
    /// Constant registers: (register, index in k) stored into every new frame of this proto after the nil fill
    /// (Vm::enter_inline, run_main, rerun_sub), so constant operands need no LOADK; no instruction writes them.
    std::vector<std::pair<uint16_t, uint32_t>> kregs;
    std::string file;                 ///< the file named in messages ("(eval N)"); empty: the program's
    /// Where the package changes: (first instruction index, package name), in code order (perlfunc "caller").
    std::vector<std::pair<uint32_t, std::string>> packages;
    /// Some instruction runs under `use warnings` / -w: the slow paths of the handlers test this one flag.
    bool warns = false;
    /// Per instruction (up to the last one compiled under warnings): the categories enabled there
    /// (runtime/warnings.hpp WarnBits).
    std::vector<uint8_t> warn;
    /// By instruction index: the names of its operands b and c (numeric and string operators) or of the elements
    /// of its argument List (builtins), for "Use of uninitialized value NAME".
    std::unordered_map<uint32_t, std::vector<WarnName>> warn_names;
};

/// A tr/// table: the byte map and flags (built at compile time).
struct TransTable {
    int16_t map[256];   ///< -1 keep, -2 delete, else the replacement byte
    bool count_only = false;  ///< empty replacement list without /d: only counts
    bool squeeze = false;
    bool return_new = false;  ///< /r
};

}  // namespace trellis::perl
