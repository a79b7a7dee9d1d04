/// @file ast.hpp
/// The Perl 5 abstract syntax tree: one generic node type (kind, line, text, number, children), owned by an
/// arena in `Program`. The parser (parser*.cpp) builds it, the compiler (compiler/) lowers it to bytecode.
/// Node kinds follow perlop/perlsyn names; each kind's comment says what `text` and `kids` hold.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace trellis::perl {

/// What a node is. `kids` and `text` by kind are documented per entry.
enum class NK : uint8_t {
    // ---- terms ----
    Num,        ///< numeric literal: `num`, `flags` 1 when it is an integer literal (`ival`), 3 for a UV
                ///< (2^63 .. 2^64-1, `ival` holds its bits)
    Str,        ///< constant string: `text`; ival 1 a character string, 2 bytes, 0 decided by the text (kstr)
    Interp,     ///< interpolated string: kids are parts, concatenated (Str parts and expressions); flags 1: join arrays with $"
    Var,        ///< variable: `text` = sigil + name ("$x", "@a", "%h", "&f"); `flags` 1 when declared with `our`
    ArrayLen,   ///< `$#a` or `$#{expr}`: kids[0] the array (a Var "@a" or a Deref)
    My,         ///< `my`/`our`/`state` declaration: text "my"/"our"/"state", kids are Var nodes; flags 1: parenthesized
    Elem,       ///< element: kids[0] the aggregate (Var "@a"/"%h" or Deref), kids[1] the index/key; text "[" or "{"
    Slice,      ///< slice `@a[..]`/`@h{..}`/`%h{..}`: kids[0] aggregate, kids[1] list; text "[" / "{"; flags 1 for %h{}
    Deref,      ///< `${e}` `@{e}` `%{e}` `&{e}` `$$x`: text the sigil, kids[0] the reference expression
    Call,       ///< sub or builtin call: text the name; kids args; flags: 1 parens given, 2 `&name` form, 4 block first arg
    CallRef,    ///< `$code->(args)` / `&$code(args)`: kids[0] the code ref, then args
    Method,     ///< method call: kids[0] invocant, kids[1..] args; text the method name ("" when dynamic: then
                ///< kids[1] is the name/code expression and args follow); flags 1 when the invocant is a bareword class
    Unop,       ///< prefix op: text "!", "-", "+", "~", "\\" (reference), "not", "defined"...
    PreInc,     ///< `++x`/`--x`: text "++"/"--"
    PostInc,    ///< `x++`/`x--`: text "++"/"--"
    Binop,      ///< binary op: text the operator ("+", ".", "x", "==", "eq", "<=>", "**", ...)
    Logop,      ///< short-circuit: text "&&", "||", "//" (also `and`, `or` mapped to these)
    Assign,     ///< assignment: text "=" or the compound op ("+=", ".=", "||=" ...); kids lhs, rhs
    Ternary,    ///< kids cond, then, else
    Range,      ///< `a .. b` (text ".." or "..."; in scalar context the flip-flop)
    List,       ///< comma list `(a, b, ...)`; flags 1 when written in parentheses
    AnonArray,  ///< `[ ... ]`
    AnonHash,   ///< `{ ... }`
    AnonSub,    ///< `sub { ... }`: kids[0] the body Block
    Match,      ///< `m//`, `//`, `qr//`: text the flags; kids[0] the pattern (Interp/Str); kids[1] the target if bound;
                ///< flags 1 for qr, 2 for a negated binding (`!~`)
    Subst,      ///< `s///`: text flags; kids[0] pattern, kids[1] replacement expression, kids[2] target (optional)
    Trans,      ///< `tr///`: text flags; kids[0] from (Str), kids[1] to (Str), kids[2] target (optional)
    Wantarray,  ///< `wantarray`
    StrConst,   ///< `__FILE__`, `__PACKAGE__` as constants (resolved by the parser into Str)
    Readline,   ///< `<STDIN>`, `<$fh>`: text the handle name ("STDIN", "" for `<>`), kids[0] the handle expr if any
    DoBlock,    ///< `do { ... }`: kids[0] the Block
    EvalBlock,  ///< `eval { ... }`: kids[0] the Block
    FileHandle, ///< bareword filehandle used as the first argument of print/printf/say: text "STDOUT"/"STDERR"
    // ---- statements ----
    Block,      ///< `{ ... }`: kids are statements
    If,         ///< kids: cond, block, [cond, block]..., [else block]; flags 1 for `unless` (first cond negated)
    While,      ///< kids cond (may be null for `while ()`), body, continue-block (optional); text the label;
                ///< flags 1 for `until`, 2 for a postfix `do {} while` (body runs first)
    ForC,       ///< C-style for: kids init, cond, step (each may be null), body; text the label
    Foreach,    ///< kids var (My/Var or null for $_), list, body; text the label
    SubDef,     ///< named sub: text the qualified name, kids[0] the body Block; flags 1 constant, 8 the body
                ///< of a file (require/use/do FILE; kids[1] a Str of its path: compiler/compiler_files.cpp)
    Package,    ///< `package NAME;` text the name; kids[0] the block for `package NAME {}` (else none)
    Use,        ///< `use`/`no`: text the module; handled at parse time (kept for pragmas the compiler notes)
    Return,     ///< kids[0] the expression (optional)
    LoopCtl,    ///< `last`/`next`/`redo`: text the keyword, `label` the label ("" for the innermost loop)
    Nop,        ///< nothing (empty statement, `1;`)
};

/// One AST node. Children are raw pointers into the Program's arena.
struct Node {
    NK kind;
    int line = 0;
    int flags = 0;
    double num = 0;
    int64_t ival = 0;
    std::string text;
    std::string label;
    std::vector<Node*> kids;
    Node* kid(size_t i) const { return i < kids.size() ? kids[i] : nullptr; }
};

/// A parsed program: the top-level statements and the arena that owns every node.
struct Program {
    std::string file;                          ///< file name used in messages (`-e` for one-liners)
    bool strict_vars = false;
    bool inplace = false;                      ///< -i: print without a handle goes to ARGVOUT (runtime/inplace.cpp)
    std::string data;                          ///< text after __END__/__DATA__ (read through the DATA handle)
    bool has_data = false;                  ///< `use strict` (or `use v5.12`+) was seen
    /// `use utf8` was seen (perlunicode): constant strings that are well-formed non-ASCII UTF-8 are character
    /// strings (the compiler's kstr sets their UTF8 flag), except those in byte_texts.
    bool utf8_source = false;
    /// Literal texts that are character strings whatever the pragma ("\x{263A}": a code point above 0xFF).
    std::set<std::string> utf8_texts;
    /// Literal texts under `use utf8` whose high bytes came from escapes only ("\xE9\xC3"): byte strings.
    std::set<std::string> byte_texts;
    Node* body = nullptr;                      ///< top-level Block
    /// Statements run before the body (perl runs them at BEGIN time): `use overload` registrations.
    std::vector<Node*> prelude;
    /// Bodies of the bundled modules `use` loaded (parser_modules.cpp), run before the program's statements
    /// (perl runs a module's file at `use` time, before the rest of the program); parse_program prepends them.
    std::vector<Node*> module_bodies;
    std::set<std::string> loaded_modules;  ///< bundled modules already parsed (each is loaded once)
    /// Module files loaded (parser_files.cpp): the name `require` uses ("Foo/Bar.pm") -> (path, the hidden
    /// sub holding its body).
    std::map<std::string, std::pair<std::string, std::string>> file_subs;
    /// The module_bodies entries of a `use` of a module file or of `use lib`: when the `use` stands in a file
    /// being loaded, they move to the start of that file's body (parser_files.cpp file_sub).
    std::set<const Node*> run_with_file;
    /// `use lib` / -I directories, searched in order for module files (parser_files.cpp).
    std::vector<std::string> lib_dirs;
    /// The text of the files `use`/`require`/`do` read (the parsers' string_views point into them).
    std::deque<std::string> module_sources;
    /// Package variables imported from module files ("$main::x"): declared for `use strict` (perl imports them
    /// at compile time; trellis-perl's import runs before the program).
    std::set<std::string> imported_vars;
    std::vector<std::unique_ptr<Node>> arena;  ///< owns all nodes
    Node* make(NK k, int line) {
        arena.push_back(std::make_unique<Node>());
        arena.back()->kind = k;
        arena.back()->line = line;
        return arena.back().get();
    }
};

}  // namespace trellis::perl
