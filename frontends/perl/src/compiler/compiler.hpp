/// @file compiler.hpp
/// AST -> register bytecode (bytecode.hpp). Each expression is compiled for the context perl evaluates it in
/// (perldata "Context"): `scalar()` leaves a value in a register, `list_into()` appends Cells to a List
/// register (aliases for variables and array elements, new Cells for computed values), `lvalue()` yields the
/// Cell a scalar assignment writes. Variables are containers held in registers (`my` makes a new one each time
/// it runs, so closures made in a loop each see their own); anonymous subs capture containers when created,
/// named subs reach file-level lexicals in the main frame (OUTER). `return` compiles its expression twice and
/// picks the one for the caller's context at run time (WANTJ).
#pragma once
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/bytecode.hpp"
#include "runtime/vm.hpp"
#include "syntax/ast.hpp"

namespace trellis::perl {

/// Compiles one parsed program into protos owned by the Vm.
class Compiler {
public:
    Compiler(Vm& vm, Program& prog);
    /// Compiles the program; returns the index of the main proto in vm.protos. Throws core::Error for
    /// constructs trellis-perl does not support ("... not supported by trellis-perl at FILE line N.") and for
    /// strict-vars violations (perl's message).
    uint32_t compile_program();
    /// Compiles the body of an `eval STRING` (already parsed into the program) as an anonymous sub that sees
    /// the lexicals of `site` (compiler_eval.cpp); returns its proto index. Throws like compile_program.
    uint32_t compile_eval(const EvalSite& site);
    /// Compiles a BEGIN block (a SubDef node from Parser::on_begin) as a sub of package `package` that sees
    /// package variables and the `our` declarations before it (`ours`: name -> package; compiler_begin.cpp);
    /// returns its proto index. A lexical variable declared
    /// outside the block (`lexicals`: names with sigil) is a compile-time "not supported" error, never a
    /// silently different global.
    uint32_t compile_begin(Node* def, const std::string& package, const std::set<std::string>& lexicals,
                           const std::map<std::string, std::string>& ours);
    /// The REPL (compiler_repl.cpp, runtime/repl.cpp): compiles one input (prog.body) into a new proto that runs
    /// on the session's frame, in the session's scope, so its `my` variables stay visible to later inputs (this
    /// Compiler lives as long as the session). `result` gets the register of the last statement's value in
    /// list context (a List), or -1 when it is not an expression. After a throw, the session stays usable.
    uint32_t compile_repl(int& result);
    /// The package the last REPL input ended in (the next input's parser starts there).
    const std::string& package() const { return m_package; }
    /// Names of the subs the program defines (they take precedence over builtins of the same name, such as a
    /// script's own `max`).
    std::set<std::string> declared;
    /// The warning categories in force before any pragma (runtime/warnings.hpp WarnBits: w_all for -w; an
    /// eval STRING starts with those of its site).
    void set_warnings(uint8_t bits) { m_warn = bits; }

private:
    struct VarInfo {
        std::string name;  ///< with sigil
        int reg;           ///< register (lexical) or glob index (our)
        bool global;
        bool state = false;  ///< a state variable: `reg` is its register in the main frame (OUTER)
        int32_t decl_at = -1;  ///< the NEWSV/NEWAV/NEWHV that creates it (compiler_files.cpp), -1: none
        bool in_loop = false;  ///< declared inside a loop of its sub
        /// A counting foreach's `my` variable used only for its value (used_as_value_only, compiler.cpp): `reg` holds the number
        /// itself, with no Cell (operand() uses the register; scalar() copies it).
        bool direct = false;
        bool upval = false;    ///< a closure's state variable: `reg` is its upvalue index
    };
    /// A file-level lexical of a file body that named subs capture (compiler_files.cpp): created once at the
    /// body's entry in register `slot` (above every register the body uses), captured from there.
    struct FileLexical {
        int reg;          ///< its register in the body
        int32_t decl_at;  ///< its declaration's NEWxx, turned into MOVE reg, slot
        std::vector<std::pair<Proto*, size_t>> captures;  ///< (named sub, index in its captures) to point at slot
    };
    struct LoopInfo {
        std::string label;
        std::vector<size_t> lasts, nexts;
        size_t redo_target = 0;
        int handlers = 0;
        size_t scope_depth = 0;  ///< scopes open when the loop started
        bool once = false;       ///< a bare block (a loop that runs once)
    };
    struct Func {
        Proto* proto = nullptr;
        uint32_t index = 0;
        Func* parent = nullptr;
        bool named = false;
        std::vector<std::vector<VarInfo>> scopes;
        std::vector<int> marks;  ///< per scope: the register holding the local-stack depth at its first `local`
        int next_reg = 2;
        int var_top = 2;
        std::vector<LoopInfo> loops;
        int handlers = 0;
        std::vector<std::string> upnames;
        /// The body of a file (`require`, `use`, `do FILE`) or of an eval STRING: its named subs may use its
        /// top-level lexicals (compiler_files.cpp); entry_jump is the NOP at its entry that becomes a jump
        /// to the prologue creating those and binding the subs.
        bool file_body = false;
        int32_t entry_jump = -1;
        std::vector<FileLexical> file_lexicals;
        std::vector<std::pair<uint32_t, uint32_t>> binds;  ///< (proto, glob) of named subs bound at entry
        Node* body = nullptr;
        /// An anonymous sub's state variables (and their initialized flags): indices of its captures that
        /// CLOSURE takes from new containers the creating code makes first (compiler_expr.cpp).
        std::vector<size_t> fresh;
        /// Constant registers (reserve_constants): constant -> the register its frames start with it in. Empty
        /// for the REPL's session Func, whose one frame outlives the protos compiled into it.
        std::unordered_map<uint64_t, int> const_regs;            ///< immediates (small integers, doubles), by bits
        std::unordered_map<std::string, int> const_str_regs;     ///< string literals, by text
    };
    struct Res {
        enum K { none, local, up, outer, global } k = none;
        int idx = 0;
    };

    // emission
    size_t emit(Op op, int a = 0, int b = 0, int c = 0, int32_t d = 0, uint8_t x = 0);
    size_t here() const { return m_f->proto->code.size(); }
    void patch(size_t at, size_t target) { m_f->proto->code[at].d = static_cast<int32_t>(target); }
    int tmp();
    int konst(Value v);
    /// The constant index of string `s`: a character string when the parser marked the literal so (`kind` 1:
    /// Node::ival of a Str, perlunicode) or, for `kind` 0, when Program::utf8_texts / utf8_source say so (a new
    /// String each time: the UTF8 flag must not reach the interned one that byte literals with the same bytes
    /// share); else the interned String (`kind` 2: bytes whatever the text).
    int kstr(const std::string& s, int64_t kind = 0);
    /// True when the literal `s` (Node::ival `kind`) is a character string (kstr's rule).
    bool str_is_chars(const std::string& s, int64_t kind) const;
    /// The register of the subscript `k` of `$h{k}`: a constant character string whose characters are below
    /// 0x100 as its Latin-1 byte string (perl 5.36 turns such a constant key into shared bytes at compile time,
    /// without the "was UTF-8" mark: `keys` gives it as a byte string), else operand(k).
    int key_operand(Node* k);
    int load_const(Value v);
    int load_str(const std::string& s, int64_t kind = 0);
    /// Gives every constant in an operand position of `n` (not inside nested subs) a register that each frame of
    /// the running proto starts with it in (Proto::kregs); called before a Func's first instruction.
    void reserve_constants(Node* n);
    /// The constant register of `v` / string `s` (reserve_constants), else a LOADK into a new temporary.
    /// Only for operands no instruction writes (binary operators, subscripts, op= right sides).
    int const_reg(Value v);
    int const_str_reg(const std::string& s, int64_t kind = 0);
    /// The register of a constant number or string node (const_reg), else scalar(n).
    int operand(Node* n);
    /// Compiles `n` for its value into register `t` (the branches of ?:, the right side of || && //): the
    /// value's last instruction writes `t` itself where that is safe, else a MOVE follows.
    void scalar_into(Node* n, int t);
    /// The register of `name` when it resolves to a direct variable of the running Func (VarInfo::direct), else -1.
    int direct_reg(const std::string& name) const;
    /// SVGET t, c; when c was just loaded by a GSV, that GSV becomes GSVGET t (one dispatch for a package scalar).
    void emit_svget(int t, int c);
    [[noreturn]] void unsupported(const std::string& what, const Node* n);
    [[noreturn]] void error(const std::string& msg, const Node* n);

    // variables
    void push_scope() {
        m_f->scopes.emplace_back();
        m_f->marks.push_back(-1);
        m_warn_saved.push_back(m_warn);
        m_integer_saved.push_back(m_integer);
    }
    /// Leaves a scope; restores what `local` saved in it.
    void pop_scope() {
        if (m_f->marks.back() >= 0) emit(Op::UNLOCAL, m_f->marks.back());
        m_f->scopes.pop_back();
        m_f->marks.pop_back();
        m_warn = m_warn_saved.back();
        m_warn_saved.pop_back();
        m_integer = m_integer_saved.back();
        m_integer_saved.pop_back();
    }
    int localize(Node* var);
    int declare_state(Node* var);
    /// `state` in an anonymous sub `sub {...}` (perlsub "Persistent variables with closures"): one variable per
    /// closure, a capture the CLOSURE takes from a new container; returns the register holding it. `flag`: the
    /// variable is the hidden "initialized" flag of `state $x = EXPR`.
    int declare_closure_state(Node* var, bool flag = false);
    /// The Cell of the "initialized" flag of a `state $x = EXPR` declaration where the code is compiled.
    int state_flag_cell(Node* var);
    /// The body Blocks of the `sub {...}` expressions being compiled (their state variables are per closure).
    std::set<const Node*> m_closure_bodies;
    int state_register();
    int declare(const std::string& name);
    void declare_our(const std::string& name);
    Res resolve(Func* f, const std::string& name);
    std::string qualify(const std::string& name_with_sigil);
    uint32_t glob_of(const std::string& name_with_sigil);
    int container(const std::string& name, const Node* n);

    // statements
    void stmt(Node* n);
    void block(Node* b, bool new_scope = true);
    void body_with_return(Node* b);
    void compile_return(Node* e);
    void if_stmt(Node* n, bool returns);
    void while_stmt(Node* n);
    void forc_stmt(Node* n);
    void foreach_stmt(Node* n);
    void loop_ctl(Node* n);
    uint32_t compile_sub(Node* body, const std::string& name, bool named, bool constant = false,
                         bool file_body = false);
    // file bodies (compiler_files.cpp)
    /// A named sub `f` (whose parent is a file body) uses the parent's lexical `name` in register `reg`:
    /// records the capture about to be added to f's proto; a lexical declared in a loop is "not supported".
    void capture_file_lexical(Func* f, const std::string& name, int reg);
    /// At the end of a file body: the entry prologue (create the captured lexicals, bind the named subs that
    /// capture them to their globs), or nothing when no named sub captures.
    void finish_file_body();
    /// A named sub defined in file body m_f that captured its lexicals: bound to glob `g` at the body's entry
    /// (not at compile time). False when the sub captured nothing.
    bool bind_at_entry(uint32_t index, uint32_t g);
    LoopInfo& push_loop(const std::string& label);
    void pop_loop(size_t next_target, size_t end_target);

    // expressions
    int scalar(Node* n);
    void void_expr(Node* n);
    int list(Node* n);
    void list_into(Node* n, int L);
    int lvalue(Node* n);
    /// `substr EXPR, OFFSET[, LENGTH]` used as an lvalue (perlfunc substr): the substring in a new temporary Cell
    /// (register returned), its target Cell, offset and length kept for substr_write_back. Assignment, the `op=`
    /// forms, s/// and tr/// take it; any other modification stays "not supported".
    int substr_lvalue(Node* n);
    /// Emits, for every substr_lvalue since `mark` (innermost first), the 4-argument substr that puts the
    /// temporary's value back into its target, then forgets them.
    void substr_write_back(size_t mark);
    /// A call of the 2- or 3-argument `substr` (the SUBSTR instruction's form, and the lvalue one).
    static bool is_substr_lvalue(const Node* n);
    /// SUBSTR into a new register: the substring of register `str` at `off`, `len` characters (-1: to the end).
    int emit_substr(Node* n, int str, int off, int len);
    int aggregate_of(Node* n, bool viv, bool hash);
    int array_of(Node* n, bool viv);
    int hash_of(Node* n, bool viv);
    bool is_array_expr(const Node* n) const;
    bool is_hash_expr(const Node* n) const;
    int assign(Node* n, Ctx ctx, int L = -1);
    int binop(Node* n);
    /// r = NUMIFY reg (a new register).
    int numified(int reg);
    /// Emits `t = a OP b` (b unused for NEG/BNOT; `x` the instruction's flag byte); under `use integer` an
    /// arithmetic, comparison or bit operator becomes its integer form (runtime/builtins_integer.cpp).
    size_t emit_numeric(Op code, int t, int a, int b, uint8_t x = 0);
    int logop(Node* n, Ctx ctx, int L);
    /// `..`/`...` in scalar context: the flip-flop (compiler_expr.cpp).
    int flip_flop(Node* n);
    int ternary(Node* n, Ctx ctx, int L);
    int refgen(Node* n);
    int elem(Node* n);
    int slice(Node* n, bool lvalue = false);
    int do_block(Node* body, Ctx ctx, int L);
    int eval_block(Node* n, Ctx ctx, int L);
    int eval_string(Node* n, Ctx ctx);
    void note_package();
    int call(Node* n, Ctx ctx);
    int call_user(Node* n, Ctx ctx);
    int call_builtin(Node* n, Ctx ctx, int id);
    int map_grep(Node* n, Ctx ctx);
    int sort(Node* n, Ctx ctx);
    int method(Node* n, Ctx ctx);
    int call_ref(Node* n, Ctx ctx);
    int match(Node* n, Ctx ctx);
    int subst(Node* n);
    int trans(Node* n);
    int interp(Node* n);
    int topic();
    int topic_cell();
    int args_list(Node* n, size_t from);
    bool m_prog_declares(const std::string& name) const { return declared.count(name) > 0; }

    // warnings (compiler_warnings.cpp)
    /// `use warnings LIST` / `no warnings LIST` (an NK::Use "warnings" node): changes m_warn for the rest of
    /// the enclosing block.
    void warnings_pragma(Node* n);
    /// The name a "Use of uninitialized value" warning gives the value of expression `n` (already compiled):
    /// `$x`, `$h{"k"}`, `$a[0]`, "within %h", or none (perl's find_uninit_var).
    WarnName warn_name(const Node* n);
    /// Records the operand names of the instruction at `at` when uninitialized warnings are on there.
    void name_operands(size_t at, std::vector<WarnName> names);
    /// Names of a builtin's argument List elements from the argument nodes `args` (element i is args[i]),
    /// up to the first argument that may flatten to other than one element.
    void name_arguments(size_t at, const std::vector<Node*>& args, size_t first);
    /// Notes the subscript register `key` of element node `n` (for its name) and names the subscript operand of
    /// the instruction at `at` ("in hash element").
    void note_element(const Node* n, size_t at, int key);
    /// warn_name(target), or `$_` when there is no target (m//, s/// on $_).
    WarnName topic_name(const Node* target);
    /// True when `name` (with sigil) is a lexical (my/state) variable where the code is compiled.
    bool is_lexical(const std::string& name) const;

    Vm& m_vm;
    Program& m_prog;
    Func* m_f = nullptr;
    Func* m_main = nullptr;
    int m_line = 1;
    std::string m_package = "main";
    std::vector<std::unique_ptr<Func>> m_funcs;
    bool m_in_eval = false;  ///< compiling an eval STRING (no main frame registers can be added)
    uint8_t m_warn = 0;                 ///< warning categories in force (lexical: saved per scope)
    std::vector<uint8_t> m_warn_saved;  ///< m_warn of each open scope
    bool m_integer = false;                ///< `use integer` in force (lexical: saved per scope)
    std::vector<bool> m_integer_saved;
    std::unordered_map<const Node*, int> m_elem_key;  ///< an element node's last compile: its subscript's register
    struct SubstrLvalue {
        int cell, off, len, tmp;  ///< registers: the target's Cell, offset, length, the temporary Cell
    };
    std::vector<SubstrLvalue> m_substr_lv;     ///< lvalue substrs awaiting their write-back (substr_write_back)
    const Node* m_substr_lv_node = nullptr;    ///< the assignment target lvalue() may compile as substr_lvalue
};

}  // namespace trellis::perl
