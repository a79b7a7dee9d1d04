// parser_impl.hpp (private): the recursive-descent / Pratt parser class shared by parser_*.cpp.
// parser_core.cpp: token cursor, errors, program/blocks, statement terminators, string interpolation.
// parser_expr.cpp: expressions. parser_stmt.cpp: statements. parser_decl.cpp: functions, types, modules.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "trellis/zexus/ast.hpp"
#include "trellis/zexus/token.hpp"

namespace trellis::zexus {

class Parser {
public:
    Parser(std::vector<Token> tokens, Ast& ast, std::string file, int depth = 0);

    /// Statements until end of input, as the root Block.
    Block* parse_program();
    /// One expression followed by end of input (newlines around it allowed).
    Node* parse_standalone_expression();

private:
    friend struct DepthGuard;

    // ---- token cursor (parser_core.cpp)
    const Token& peek(size_t ahead = 0) const noexcept;
    TokenKind kind(size_t ahead = 0) const noexcept { return peek(ahead).kind; }
    bool check(TokenKind k) const noexcept { return kind() == k; }
    bool check_word(std::string_view word, size_t ahead = 0) const noexcept;
    const Token& advance() noexcept;
    bool match(TokenKind k) noexcept;
    const Token& expect(TokenKind k, std::string_view context);
    std::string_view expect_name(std::string_view context);
    void skip_newlines() noexcept;
    bool at_statement_end() const noexcept;
    void end_statement();
    size_t matching_close(size_t open_index) const noexcept;
    const Token* previous_significant() const noexcept;
    [[noreturn]] void error_at(const Token& token, const std::string& message) const;
    [[noreturn]] void unexpected(std::string_view context) const;
    static std::string describe(const Token& token);
    void enter();
    void leave() noexcept { --m_depth; }
    template <class T>
    T* make(const Token& at) { return m_ast.make<T>(at.line, at.column); }

    /// What separates the entries of a bracketed list: ',' only (arguments, list items, parameters), or ',' or a
    /// line break (map and construction fields, §4).
    enum class Separators : uint8_t { Comma, CommaOrNewline };
    /// Calls `entry()` for each entry of a bracketed list whose opening token is already consumed, then expects
    /// `close` (error "Expected ... `close_context`"). Line breaks may stand around every entry and a trailing ','
    /// is allowed; the list ends at `close` or after an entry with no separator.
    template <class F>
    void parse_entries(TokenKind close, std::string_view close_context, Separators separators, F entry) {
        skip_newlines();
        while (!check(close)) {
            entry();
            const bool newline = separators == Separators::CommaOrNewline && check(TokenKind::Newline);
            skip_newlines();
            if (!match(TokenKind::Comma) && !newline) break;
            skip_newlines();
        }
        expect(close, close_context);
    }

    // ---- statements (parser_stmt.cpp)
    Node* parse_statement();        // one statement and its terminator
    Node* parse_statement_inner();  // one statement, terminator left in place
    Block* parse_block(std::string_view context);
    /// A statement body after a header (§6, §15): a brace block, or a colon block when the next token is ':'.
    /// `header` is the index of the header's first token (its line's indentation bounds an indented body).
    Block* parse_body(std::string_view context, size_t header);
    /// The §15 colon block at the ':' token: the rest of the line, or the following lines indented further than
    /// the header line (all at one indentation, else "Inconsistent indentation" at the offending token).
    Block* parse_colon_block(size_t header);
    /// Column of the first token on the line of token `index` (the line's indentation).
    uint32_t line_indent(size_t index) const noexcept;
    /// Whether token `index` is the first token of its line.
    bool starts_line(size_t index) const noexcept { return index == 0 || m_tokens[index - 1].kind == TokenKind::Newline; }
    Node* parse_let(bool is_const);
    Node* parse_if();
    Node* parse_while();
    Node* parse_for();
    Node* parse_match();
    /// The §15 expression form after `match SUBJECT {` (the brace consumed): `PATTERN => RESULT` arms (also
    /// `case P: R`, `default: R`) separated by newlines or commas, up to '}'.
    Node* parse_match_arms(Match* node, const Token& open);
    Node* parse_spawn();
    Node* parse_module();
    Node* parse_try();
    NodeList parse_statement_args();
    Node* parse_guard();
    Node* parse_unsupported();
    Node* parse_context_keyword();
    Node* parse_expression_statement();

    // ---- declarations and modules (parser_decl.cpp)
    Node* parse_function_declaration();
    Function* parse_function_rest(const Token& start, uint16_t flags, bool named);
    std::span<const Param> parse_params();
    std::string_view parse_type();
    Node* parse_type_decl(TypeDeclKind decl);
    Node* parse_contract();
    Node* parse_state_decl();
    /// `state { name: value, ... }` in a contract body (§15): one StateDecl per entry, appended to `members`.
    void parse_state_group(std::vector<Node*>& members);
    /// One `name[: type] [= default]` field of an entity/data body.
    Field parse_field();
    Node* parse_use(bool is_import);
    Node* parse_export();
    bool is_function_start(size_t ahead) const noexcept;

    // ---- expressions (parser_expr.cpp)
    Node* parse_expression();
    Node* parse_ternary();
    Node* parse_binary(int min_precedence);
    Node* parse_unary();
    Node* parse_postfix(Node* left);
    Node* parse_primary();
    Node* parse_list();
    Node* parse_map();
    Node* parse_construct(Node* type_name);
    Node* parse_lambda();
    Node* parse_arrow();
    Param parse_bare_param();
    Node* parse_if_expression();
    Node* parse_interpolation(const Token& token);
    NodeList parse_call_args();
    Node* parse_no_struct_expression();
    bool arrow_ahead() const noexcept;
    bool construct_ahead() const noexcept;
    bool is_word(const Token& t) const noexcept;

    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    Ast& m_ast;
    std::string m_file;
    int m_depth;
    // `Name{...}` construction: 0 allowed; 1 in a condition (only `Name{field: ...}`, not `Name{}`);
    // 2 in the arguments of a rare keyword statement (never: `screen Main { ... }` is keyword, name, body).
    uint8_t m_no_struct = 0;
};

/// RAII nesting counter: throws "Nesting too deep" past k_max_nesting.
struct DepthGuard {
    Parser& parser;
    explicit DepthGuard(Parser& p) : parser(p) { parser.enter(); }
    ~DepthGuard() { parser.leave(); }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
};

}  // namespace trellis::zexus
