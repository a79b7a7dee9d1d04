// parser_core.cpp: the parser's token cursor, errors, nesting guard, statement terminators, `${}`
// interpolation and the public entry points (parser.hpp; LANGUAGE.md §1).
#include <utility>

#include "syntax/parser_impl.hpp"
#include "trellis/zexus/diagnostics.hpp"
#include "trellis/zexus/lexer.hpp"
#include "trellis/zexus/parser.hpp"

namespace trellis::zexus {

Parser::Parser(std::vector<Token> tokens, Ast& ast, std::string file, int depth)
    : m_tokens(std::move(tokens)), m_ast(ast), m_file(std::move(file)), m_depth(depth) {
    if (m_tokens.empty() || m_tokens.back().kind != TokenKind::Eof) m_tokens.push_back(Token{});
}

const Token& Parser::peek(size_t ahead) const noexcept {
    size_t i = m_pos + ahead;
    return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
}

bool Parser::check_word(std::string_view word, size_t ahead) const noexcept {
    const Token& t = peek(ahead);
    return t.kind == TokenKind::Ident && t.text == word;
}

const Token& Parser::advance() noexcept {
    const Token& t = peek();
    if (m_pos + 1 < m_tokens.size()) ++m_pos;
    else m_pos = m_tokens.size() - 1;  // stay on Eof
    return t;
}

bool Parser::match(TokenKind k) noexcept {
    if (!check(k)) return false;
    advance();
    return true;
}

std::string Parser::describe(const Token& token) {
    switch (token.kind) {
        case TokenKind::Eof: return "end of input";
        case TokenKind::Newline: return "end of line";
        case TokenKind::String:
        case TokenKind::InterpString: return "string";
        default: return "'" + token.text + "'";
    }
}

void Parser::error_at(const Token& token, const std::string& message) const {
    throw ZexusSyntaxError(m_file, token.line, token.column, message);
}

void Parser::unexpected(std::string_view context) const {
    error_at(peek(), "Unexpected " + describe(peek()) + std::string(context.empty() ? "" : " ") + std::string(context));
}

const Token& Parser::expect(TokenKind k, std::string_view context) {
    if (!check(k)) {
        error_at(peek(), "Expected '" + std::string(token_kind_text(k)) + "' " + std::string(context) + ", got " +
                             describe(peek()));
    }
    return advance();
}

std::string_view Parser::expect_name(std::string_view context) {
    if (!check(TokenKind::Ident)) {
        error_at(peek(), "Expected identifier " + std::string(context) + ", got " + describe(peek()));
    }
    return m_ast.intern(advance().text);
}

void Parser::skip_newlines() noexcept {
    while (check(TokenKind::Newline)) advance();
}

void Parser::enter() {
    if (++m_depth > k_max_nesting) {
        --m_depth;
        error_at(peek(), "Nesting too deep (more than " + std::to_string(k_max_nesting) + " levels)");
    }
}

bool Parser::at_statement_end() const noexcept {
    switch (kind()) {
        case TokenKind::Newline:
        case TokenKind::Semicolon:
        case TokenKind::RBrace:
        case TokenKind::Eof:
        case TokenKind::KwCase:
        case TokenKind::KwDefault: return true;
        default: return false;
    }
}

void Parser::end_statement() {
    if (check(TokenKind::Newline) || check(TokenKind::Semicolon)) {
        while (check(TokenKind::Newline) || check(TokenKind::Semicolon)) advance();
        return;
    }
    if (at_statement_end()) return;
    if (m_pos > 0 && m_tokens[m_pos - 1].kind == TokenKind::RBrace) return;  // `if x {} print y` needs no separator
    if (m_pos > 0 && m_tokens[m_pos - 1].kind == TokenKind::Newline) return;  // an indented colon block ended (§15)
    // LANGUAGE.md writes `contract C { state x = 0  action f() {} }` and `case 1: stmt  case 2: stmt` on one
    // line: a statement may also follow directly when it starts with a statement keyword.
    switch (kind()) {
        case TokenKind::KwLet:
        case TokenKind::KwConst:
        case TokenKind::KwPrint:
        case TokenKind::KwDebug:
        case TokenKind::KwIf:
        case TokenKind::KwWhile:
        case TokenKind::KwFor:
        case TokenKind::KwReturn:
        case TokenKind::KwBreak:
        case TokenKind::KwContinue:
        case TokenKind::KwMatch:
        case TokenKind::KwTry:
        case TokenKind::KwThrow:
        case TokenKind::KwUse:
        case TokenKind::KwImport:
        case TokenKind::KwExport:
        case TokenKind::KwAsync:
        case TokenKind::At: return;
        case TokenKind::Ident: {
            if (is_function_start(0)) return;
            std::string_view w = peek().text;
            TokenKind next = kind(1);
            bool decl_word = w == "state" || w == "ledger" || w == "storage" || w == "persistent" || w == "entity" ||
                             w == "contract" || w == "event" || w == "emit" || w == "require" || w == "revert" ||
                             w == "assert" || w == "defer";
            if (decl_word && (next == TokenKind::Ident || next == TokenKind::LParen || next == TokenKind::LBrace)) return;
            break;
        }
        default: break;
    }
    error_at(peek(), "Expected end of statement, got " + describe(peek()));
}

size_t Parser::matching_close(size_t open_index) const noexcept {
    int depth = 0;
    for (size_t i = open_index; i < m_tokens.size(); ++i) {
        switch (m_tokens[i].kind) {
            case TokenKind::LParen:
            case TokenKind::LBracket:
            case TokenKind::LBrace: ++depth; break;
            case TokenKind::RParen:
            case TokenKind::RBracket:
            case TokenKind::RBrace:
                if (--depth == 0) return i;
                break;
            default: break;
        }
    }
    return m_tokens.size() - 1;  // the Eof
}

const Token* Parser::previous_significant() const noexcept {
    for (size_t i = m_pos; i-- > 0;) {
        if (m_tokens[i].kind != TokenKind::Newline) return &m_tokens[i];
    }
    return nullptr;
}

Block* Parser::parse_program() {
    Block* root = m_ast.make<Block>(1, 1);
    std::vector<Node*> stmts;
    while (true) {
        while (check(TokenKind::Newline) || check(TokenKind::Semicolon)) advance();
        if (check(TokenKind::Eof)) break;
        if (check(TokenKind::RBrace)) unexpected("at top level");
        stmts.push_back(parse_statement());
    }
    root->stmts = m_ast.list(stmts);
    return root;
}

Node* Parser::parse_standalone_expression() {
    skip_newlines();
    Node* e = parse_expression();
    skip_newlines();
    if (!check(TokenKind::Eof)) unexpected("after expression");
    return e;
}

// `"text ${expr} text"`: decode the raw body into StringLit parts and re-lex/parse each `${...}` segment at its
// own source position. The escapes are the lexer's (§1); `\$` keeps a literal `$`.
Node* Parser::parse_interpolation(const Token& token) {
    auto* node = make<InterpString>(token);
    std::vector<Node*> parts;
    std::string_view raw = token.text;
    uint32_t line = token.body_line, column = token.body_column;
    std::string literal;
    uint32_t lit_line = line, lit_column = column;
    size_t i = 0;
    auto step = [&](size_t n) {
        for (size_t k = 0; k < n && i < raw.size(); ++k, ++i) {
            if (raw[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
    };
    auto flush = [&] {
        if (!literal.empty()) {
            auto* s = m_ast.make<StringLit>(lit_line, lit_column);
            s->value = m_ast.intern(literal);
            parts.push_back(s);
            literal.clear();
        }
    };
    while (i < raw.size()) {
        char c = raw[i];
        if (literal.empty()) {
            lit_line = line;
            lit_column = column;
        }
        if (c == '\\' && i + 1 < raw.size()) {
            char e = raw[i + 1];
            literal += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
            step(2);
            continue;
        }
        if (c == '$' && i + 1 < raw.size() && raw[i + 1] == '{') {
            flush();
            uint32_t open_line = line, open_column = column;
            step(2);
            uint32_t expr_line = line, expr_column = column;
            size_t start = i;
            size_t end = interpolation_end(raw, start);  // the lexer has checked that it exists
            if (end == std::string_view::npos) end = raw.size() + 1;
            std::string_view inner = raw.substr(start, end - 1 - start);
            step(end - start);  // the expression and its closing brace
            Lexer lexer(inner, m_file, expr_line, expr_column);
            std::vector<Token> tokens = lexer.tokenize();
            bool empty = true;
            for (const Token& t : tokens)
                if (t.kind != TokenKind::Eof && t.kind != TokenKind::Newline) empty = false;
            if (empty) throw ZexusSyntaxError(m_file, open_line, open_column, "Empty interpolation '${}'");
            Parser sub(std::move(tokens), m_ast, m_file, m_depth + 1);
            parts.push_back(sub.parse_standalone_expression());
            continue;
        }
        literal += c;
        step(1);
    }
    flush();
    node->parts = m_ast.list(parts);
    return node;
}

std::unique_ptr<Ast> parse_program(std::string_view source, std::string file) {
    auto ast = std::make_unique<Ast>();
    ast->file = file;
    Lexer lexer(source, file);
    Parser parser(lexer.tokenize(), *ast, std::move(file));
    ast->root = parser.parse_program();
    return ast;
}

std::unique_ptr<Ast> parse_expression(std::string_view source, std::string file) {
    auto ast = std::make_unique<Ast>();
    ast->file = file;
    Lexer lexer(source, file);
    Parser parser(lexer.tokenize(), *ast, std::move(file));
    Node* e = parser.parse_standalone_expression();
    auto* stmt = ast->make<ExprStmt>(e->line, e->column);
    stmt->expr = e;
    ast->root = ast->make<Block>(1, 1);
    ast->root->stmts = ast->list(std::vector<Node*>{stmt});
    return ast;
}

}  // namespace trellis::zexus
