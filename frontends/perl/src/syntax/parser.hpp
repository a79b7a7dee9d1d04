/// @file parser.hpp
/// The Perl 5 parser: recursive descent for statements (perlsyn) and precedence climbing over perlop's table for
/// expressions; quote-like constructs and interpolation in parser_quote.cpp. Produces the AST of ast.hpp.
/// Errors throw core::Error ("syntax error at FILE line N, near ..." or "... not supported by trellis-perl at
/// FILE line N.").
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "syntax/ast.hpp"
#include "syntax/lexer.hpp"

namespace trellis::perl {

/// Parses a whole program (or an interpolated expression) into `prog`'s arena.
class Parser {
public:
    /// `src` must outlive the parser. `file` names the source in messages.
    Parser(Program& prog, std::string_view src, std::string file, int first_line = 1);
    /// Parses the whole source as a program; sets and returns prog.body.
    Node* parse_program();
    /// Parses the whole source as one expression (used for interpolated `${ expr }` parts).
    Node* parse_whole_expression();
    /// Names of subs declared anywhere in the file (so `foo $x;` parses as a call before `sub foo` is seen).
    std::set<std::string>* declared_subs = nullptr;
    /// Prefix of the entries of declared_subs that name `use constant` subs (parsed as terms without arguments).
    static constexpr const char* constant_marker = "\x01constant ";
    /// Prefix of the entries of declared_subs that name imported subs ending in `last SKIP` (Test::More's skip).
    static constexpr const char* skip_marker = "\x01last SKIP ";
    /// Prefix of the entries of declared_subs that name subs with a prototype starting with `&` (as written and
    /// unqualified): `NAME BLOCK LIST` passes the block as an anonymous sub (perlsub "Prototypes").
    static constexpr const char* block_proto_marker = "\x01&proto ";
    std::string package = "main";
    /// Runs a `BEGIN { }` block as soon as it is parsed (perlmod "BEGIN, UNITCHECK, CHECK, INIT and END"): called
    /// with a SubDef node (text "main::BEGIN", label "BEGIN", kids[0] the body) before the rest is parsed. It may
    /// throw core::Error (the program stops). Unset: the block runs in place, once, like a bare block.
    std::function<void(Node*)> on_begin;
    /// Names (with sigil) of the `my`/`state` variables declared so far anywhere in the source.
    std::set<std::string> lexical_names;
    /// `our` variables declared so far (name with sigil -> the package it was declared in; the last wins).
    std::map<std::string, std::string> our_names;
    /// Most constructs (nested expressions, unary operators, blocks) that may be open at once, counted across
    /// the sub-parsers of interpolated `@{[ ... ]}` and s///e code; one more is a compile error ("nesting
    /// deeper than 500 levels not supported by trellis-perl ..."), not a native stack overflow.
    static constexpr int max_nesting = 500;

private:
    friend struct QuoteParser;
    /// Counts one open recursive construct for its lifetime; throws past max_nesting.
    struct Nest {
        explicit Nest(Parser& parser);
        ~Nest() { --p.m_nesting; }
        Parser& p;
    };
    /// A parser for a piece of this source (interpolation, s///e, a signature's checks): same file, subs,
    /// package and nesting count.
    Parser sub_parser(std::string_view text, int line);
    // tokens
    const Token& peek();
    Token take();
    bool is_op(const char* text);
    bool is_word(const char* text);
    bool accept_op(const char* text);
    void expect_op(const char* text);
    [[noreturn]] void fail_syntax();
    [[noreturn]] void unsupported(const std::string& what, int line);
    Node* make(NK k, int line) { return m_prog.make(k, line); }

    // statements
    Node* parse_statements(bool until_brace);
    Node* parse_statement();
    Node* parse_block();
    Node* parse_sub_body();
    /// After `sub NAME` / `sub`: a signature (perlsub "Signatures", under `use feature 'signatures'` or
    /// `use v5.36`) becomes statements at the start of `body`; a prototype of only `$@%;` is skipped.
    void parse_signature(Node* body_holder, const std::string& sub_name, int line);
    bool m_signatures = false;  ///< the signatures feature is on
    /// feature 'bitwise' (use v5.28 and later): | & ^ ~ always numeric (Binop/Unop/Assign flags 16); the string
    /// forms |. &. ^. ~. are not supported
    bool m_bitwise = false;
    Node* parse_use(int line, bool is_no);
    /// `use warnings LIST` / `no warnings LIST` (parser_pragmas.cpp): an NK::Use "warnings" node for the compiler.
    Node* parse_warnings_pragma(int line, bool is_no);
    /// An NK::Use node text "warnings", flags 1 for `use`, kids Str category names (none: "all").
    Node* warnings_node(int line, bool on, const std::vector<std::string>& categories);
    /// `use MODULE LIST` of a bundled module (lib/*.pm, parser_modules.cpp): parses the module once into
    /// prog.module_bodies and returns a Use node whose kids alias the imported subs (text the importing name,
    /// label the module's sub).
    Node* use_bundled(const std::string& mod, const char* src, int line);
    // ---- code from files (parser_files.cpp) ----
    /// Debian perl 5.36's own library directories (the tail of perl's @INC).
    static const std::vector<std::string>& default_inc();
    /// The path of `rel` ("Foo/Bar.pm", "x.pl") in the -I / `use lib` directories, or "" (`in_perl_lib` then
    /// tells whether perl's own directories hold it).
    std::string find_on_inc(const std::string& rel, bool& in_perl_lib) const;
    /// perl's "Can't locate REL in @INC (...) at FILE line N.\n" (`mod` adds "you may need to install").
    std::string cant_locate(const std::string& rel, const std::string& mod, int line) const;
    Node* string_node(const std::string& text, int line);
    Node* die_node(const std::string& message, int line);
    /// Reads and parses the file at `path` (kept alive in prog.module_sources); returns its statements.
    Node* parse_file_body(const std::string& path, int line);
    /// Adds `sub GLOB { package main; BODY }` (a file body: SubDef flags 8, kids[1] the path) to
    /// prog.module_bodies; returns it.
    Node* file_sub(const std::string& path, const std::string& glob, int line);
    /// Loads the file of a `use`/`require` once: its file_sub, recorded in prog.file_subs under `rel`.
    Node* load_file(const std::string& rel, const std::string& path, int line);
    /// Loads bundled module `mod` (once) as `use MOD ()` would, before the program.
    void load_bundled(const std::string& mod, int line);
    /// `use parent`/`use base` of `mod`: loads it when it is bundled or a module file is found.
    void load_parent(const std::string& mod, int line);
    /// `__require(REL, PATH, SUB, USE)`, the call that runs a loaded file's body (runtime/builtins_require.cpp).
    Node* require_call(const std::string& rel, int line, bool for_use);
    Node* inc_elem(const std::string& rel, int line);  ///< `$main::INC{rel}`
    /// `use lib LIST` (after the word `lib`); `use MODULE LIST` of a module file (after the name);
    /// `require ...` and `do FILE` (after the word).
    Node* use_lib(int line, bool is_no);
    Node* use_from_disk(const std::string& mod, int line);
    Node* parse_require(int line);
    Node* parse_do_file(int line);
    Node* parse_if(int line, bool unless);
    Node* parse_loop(int line, const std::string& label);
    Node* finish_simple(Node* expr);

    // expressions (perlop precedence, lowest first)
    Node* parse_expr();          // or xor / and / not
    Node* parse_low_and();
    Node* parse_low_not();
    Node* parse_comma();         // , =>
    Node* parse_assign();        // = op= (right), ?: below it
    Node* parse_ternary();
    Node* parse_binary(int min_prec);
    Node* parse_unary();
    Node* parse_pow();
    Node* parse_postfix_incdec();
    Node* parse_postfix(Node* term);
    Node* parse_primary();
    Node* parse_variable(const Token& t);
    Node* parse_cast(const Token& t);
    Node* parse_subscripts(Node* n, bool arrow_seen);
    Node* parse_hash_key();
    /// A hash element key: a list becomes join($;, LIST) (perlvar "$;").
    Node* element_key(Node* key);
    Node* parse_word(const Token& t);
    Node* parse_call_args(Node* call, bool named_unary);
    Node* parse_block_or_hash_arg(Node* call);
    Node* parse_quote(const Token& t);
    Node* pattern_of(const Token& t);
    Node* parse_interpolated(const std::string& body, int line, bool regex);
    Node* parse_anon_sub(int line);
    bool block_is_anon_hash();
    /// At the start of a statement: `{` opens an anonymous hash (block_is_anon_hash, but `{}` is a block).
    bool statement_is_anon_hash();

    Program& m_prog;
    std::string_view m_src;
    Lexer m_lex;
    Token m_tok;
    bool m_have = false;
    bool m_prev_term = false;  ///< the last token taken ends a term (the next one is an operator)
    std::set<std::string> m_own_declared;
    int m_nesting = 0;  ///< open Nest guards, including those of the parsers this one is a sub_parser of
};

/// The whitespace-separated words of a qw// body.
std::vector<std::string> split_words(const std::string& body);
/// The source text of bundled module `name` ("Data::Dumper"), or nullptr when trellis-perl bundles no such
/// module (generated from frontends/perl/lib by lib/embed_lib.cmake).
const char* bundled_module_source(std::string_view name);

/// Collects `sub NAME` declarations of a source text (a cheap pre-scan).
void scan_sub_names(std::string_view src, std::set<std::string>& out);

}  // namespace trellis::perl
