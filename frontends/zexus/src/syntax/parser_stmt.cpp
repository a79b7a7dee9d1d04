// parser_stmt.cpp: Zexus statements (LANGUAGE.md §4, §6, §9, §10, §12): dispatch on the first token, with the
// context-sensitive words of §1 recognised only at statement start and only in their statement's shape.
#include <algorithm>
#include <array>

#include "syntax/parser_impl.hpp"
#include "trellis/zexus/diagnostics.hpp"
#include "trellis/zexus/parser.hpp"

namespace trellis::zexus {
namespace {

/// Rare §12 words parsed as `Unsupported{keyword, args, body}` when followed by a name, a literal or a block.
constexpr std::array<std::string_view, 41> k_rare_words{
    "protect",  "verify",  "restrict", "seal",      "sandbox",   "audit",      "trail",   "capability",
    "grant",    "revoke",  "immutable", "validate", "sanitize",  "inject",     "watch",   "channel",
    "send",     "receive", "atomic",   "screen",    "component", "theme",      "canvas",  "native",
    "gc",       "buffer",  "simd",     "middleware", "auth",     "throttle",   "cache",   "limit",
    "gas",      "enum",    "interface", "module",   "package",   "stream",     "pattern", "exactly",
    "type_alias"};

bool is_rare_word(std::string_view w) {
    return std::find(k_rare_words.begin(), k_rare_words.end(), w) != k_rare_words.end();
}

/// A literal token: number, string (plain or interpolated), true, false, null.
bool is_literal(TokenKind k) {
    switch (k) {
        case TokenKind::Int:
        case TokenKind::Float:
        case TokenKind::String:
        case TokenKind::InterpString:
        case TokenKind::KwTrue:
        case TokenKind::KwFalse:
        case TokenKind::KwNull: return true;
        default: return false;
    }
}

bool starts_operand(TokenKind k) {
    return is_literal(k) || k == TokenKind::Ident || k == TokenKind::LBracket || k == TokenKind::Bang;
}

}  // namespace

Node* Parser::parse_statement() {
    Node* stmt = parse_statement_inner();
    end_statement();
    return stmt;
}

Node* Parser::parse_statement_inner() {
    DepthGuard guard(*this);
    const Token& t = peek();
    switch (t.kind) {
        case TokenKind::KwLet: return parse_let(false);
        case TokenKind::KwConst: return parse_let(true);
        case TokenKind::KwIf: {
            // `if c then a else b` is the expression form; scan the rest of the line for a top-level `then`.
            int depth = 0;
            for (size_t i = m_pos + 1; i < m_tokens.size(); ++i) {
                TokenKind k = m_tokens[i].kind;
                if (k == TokenKind::LParen || k == TokenKind::LBracket) ++depth;
                else if (k == TokenKind::RParen || k == TokenKind::RBracket) --depth;
                else if (depth <= 0 && (k == TokenKind::LBrace || k == TokenKind::Newline || k == TokenKind::Eof)) break;
                else if (depth <= 0 && k == TokenKind::Ident && m_tokens[i].text == "then") return parse_expression_statement();
            }
            return parse_if();
        }
        case TokenKind::KwWhile: return parse_while();
        case TokenKind::KwFor: return parse_for();
        case TokenKind::KwMatch: return parse_match();
        case TokenKind::KwTry: return parse_try();
        case TokenKind::KwReturn: {
            auto* node = make<Return>(advance());
            if (!at_statement_end()) node->value = parse_expression();
            return node;
        }
        case TokenKind::KwBreak: return make<Break>(advance());
        case TokenKind::KwContinue: return make<Continue>(advance());
        case TokenKind::KwThrow: {
            auto* node = make<Throw>(advance());
            node->value = parse_expression();
            return node;
        }
        case TokenKind::KwPrint: {
            auto* node = make<Print>(advance());
            node->args = parse_statement_args();
            return node;
        }
        case TokenKind::KwDebug: {
            auto* node = make<Debug>(advance());
            node->args = parse_statement_args();
            return node;
        }
        case TokenKind::KwUse: return parse_use(false);
        case TokenKind::KwImport: return parse_use(true);
        case TokenKind::KwExport: return parse_export();
        case TokenKind::KwAsync:
        case TokenKind::At: return parse_function_declaration();
        case TokenKind::KwFind:
        case TokenKind::KwLoad: return parse_unsupported();
        case TokenKind::LBrace: return parse_block("");
        case TokenKind::Ident:
            if (Node* node = parse_context_keyword()) return node;
            return parse_expression_statement();
        default: return parse_expression_statement();
    }
}

Node* Parser::parse_expression_statement() {
    Node* e = parse_expression();
    auto* node = m_ast.make<ExprStmt>(e->line, e->column);
    node->expr = e;
    return node;
}

Block* Parser::parse_block(std::string_view context) {
    DepthGuard guard(*this);
    uint8_t saved = m_no_struct;
    m_no_struct = 0;
    if (check(TokenKind::Newline) && kind(1) == TokenKind::LBrace) advance();  // Allman style: `while x\n{`
    const Token& open = expect(TokenKind::LBrace, context.empty() ? "to open block" : context);
    auto* block = make<Block>(open);
    std::vector<Node*> stmts;
    while (true) {
        while (check(TokenKind::Newline) || check(TokenKind::Semicolon)) advance();
        if (check(TokenKind::RBrace)) break;
        if (check(TokenKind::Eof)) error_at(peek(), "Expected '}' to close block opened at line " + std::to_string(open.line));
        stmts.push_back(parse_statement());
    }
    advance();
    block->stmts = m_ast.list(stmts);
    m_no_struct = saved;
    return block;
}

Block* Parser::parse_body(std::string_view context, size_t header) {
    if (check(TokenKind::Colon)) return parse_colon_block(header);
    return parse_block(context);
}

uint32_t Parser::line_indent(size_t index) const noexcept {
    size_t i = index < m_tokens.size() ? index : m_tokens.size() - 1;
    while (i > 0 && m_tokens[i - 1].kind != TokenKind::Newline && m_tokens[i - 1].line == m_tokens[index].line) --i;
    return m_tokens[i].column;
}

// §15: `header:` then either the rest of the line (statements separated by ';') or an indented block: the lines
// indented further than the header's line, all starting at the first one's column. The block ends before the first
// line indented no further than the header line (or at a '}' closing an enclosing brace block, or the input's end);
// the newlines in front of that line are consumed, which end_statement() accepts as the statement's end.
Block* Parser::parse_colon_block(size_t header) {
    DepthGuard guard(*this);
    uint8_t saved = m_no_struct;
    m_no_struct = 0;
    const Token& colon = advance();
    auto* block = make<Block>(colon);
    std::vector<Node*> stmts;
    if (!check(TokenKind::Newline) && !check(TokenKind::Eof)) {
        stmts.push_back(parse_statement_inner());
        while (check(TokenKind::Semicolon) && kind(1) != TokenKind::Newline && kind(1) != TokenKind::Eof &&
               kind(1) != TokenKind::RBrace) {
            advance();
            stmts.push_back(parse_statement_inner());
        }
    } else {
        const uint32_t header_indent = line_indent(header);
        uint32_t body_indent = 0;
        const Token* stop = nullptr;
        while (true) {
            size_t i = 0;
            while (kind(i) == TokenKind::Newline || kind(i) == TokenKind::Semicolon) ++i;
            const Token& t = peek(i);
            stop = &t;
            if (t.kind == TokenKind::Eof || t.kind == TokenKind::RBrace || t.kind == TokenKind::RParen ||
                t.kind == TokenKind::RBracket)
                break;
            if (starts_line(m_pos + i)) {
                if (t.column <= header_indent) break;
                if (body_indent == 0) {
                    body_indent = t.column;
                } else if (t.column != body_indent) {
                    error_at(t, "Inconsistent indentation in colon block: this line starts at column " +
                                    std::to_string(t.column) + ", the block's lines at column " +
                                    std::to_string(body_indent));
                }
            }
            m_pos += i;
            stmts.push_back(parse_statement());
        }
        if (stmts.empty())
            error_at(*stop, "Expected an indented block after ':' on line " + std::to_string(colon.line) + ", got " + describe(*stop));
    }
    block->stmts = m_ast.list(stmts);
    m_no_struct = saved;
    return block;
}

// `print e`, `print(a, b, c)`, `print a, b`: a parenthesised list is the argument list only when the statement
// ends right after it; otherwise the parentheses belong to the first expression (`print (1 + 2) * 3`).
NodeList Parser::parse_statement_args() {
    std::vector<Node*> args;
    if (at_statement_end()) return {};
    if (check(TokenKind::LParen)) {
        size_t close = matching_close(m_pos);
        TokenKind after = close + 1 < m_tokens.size() ? m_tokens[close + 1].kind : TokenKind::Eof;
        if (after == TokenKind::Newline || after == TokenKind::Semicolon || after == TokenKind::RBrace ||
            after == TokenKind::Eof || after == TokenKind::KwCase || after == TokenKind::KwDefault) {
            return parse_call_args();
        }
    }
    while (true) {
        args.push_back(parse_expression());
        if (!match(TokenKind::Comma)) break;
        skip_newlines();
    }
    return m_ast.list(args);
}

Node* Parser::parse_let(bool is_const) {
    const Token& start = advance();
    auto* node = make<Let>(start);
    node->is_const = is_const;
    node->name = expect_name(is_const ? "after 'const'" : "after 'let'");
    if (match(TokenKind::Colon)) {
        // `let x : type = e` (annotation) or `let x : e` (tolerant form, §4)
        size_t save = m_pos;
        bool typed = false;
        if (check(TokenKind::Ident)) {
            try {
                std::string_view type = parse_type();
                if (check(TokenKind::Assign)) {
                    node->type = type;
                    typed = true;
                }
            } catch (const ZexusSyntaxError&) {
            }
        }
        if (!typed) {
            m_pos = save;
            node->tolerant = true;
            skip_newlines();
            node->value = parse_expression();
            return node;
        }
    }
    if (match(TokenKind::Assign)) {
        skip_newlines();
        node->value = parse_expression();
    } else if (is_const || !at_statement_end()) {
        error_at(peek(), "Expected '=' after " + std::string(is_const ? "constant" : "variable") + " name, got " +
                             describe(peek()));
    }
    return node;
}

Node* Parser::parse_if() {
    const size_t header = m_pos;
    auto* node = make<If>(advance());
    std::vector<Node*> conds, blocks;
    conds.push_back(parse_no_struct_expression());
    bool colon = check(TokenKind::Colon);
    blocks.push_back(parse_body("after if condition", header));
    const uint32_t indent = line_indent(header);
    while (true) {
        size_t i = 0;
        while (kind(i) == TokenKind::Newline) ++i;
        const TokenKind k = kind(i);
        if (k != TokenKind::KwElif && k != TokenKind::KwElse) break;
        // §15: after a colon block, an `elif`/`else` at the start of a line continues this chain only at the
        // header's indentation (otherwise it belongs to an enclosing `if`).
        if (colon && starts_line(m_pos + i) && peek(i).column != indent) break;
        m_pos += i;
        const size_t clause = m_pos;
        if (k == TokenKind::KwElif) {
            advance();
            conds.push_back(parse_no_struct_expression());
            colon = check(TokenKind::Colon);
            blocks.push_back(parse_body("after elif condition", clause));
            continue;
        }
        advance();
        if (match(TokenKind::KwIf)) {  // `else if` chains like elif
            conds.push_back(parse_no_struct_expression());
            colon = check(TokenKind::Colon);
            blocks.push_back(parse_body("after if condition", clause));
            continue;
        }
        node->else_block = parse_body("after else", clause);
        break;
    }
    node->conds = m_ast.list(conds);
    node->blocks = m_ast.list(blocks);
    return node;
}

Node* Parser::parse_while() {
    const size_t header = m_pos;
    auto* node = make<While>(advance());
    node->cond = parse_no_struct_expression();
    node->body = parse_body("after while condition", header);
    return node;
}

// `for each x in e {}` / `for each i, x in e {}` (`each` may be omitted).
Node* Parser::parse_for() {
    const size_t header = m_pos;
    auto* node = make<ForEach>(advance());
    match(TokenKind::KwEach);
    node->item = expect_name("in for-each loop");
    if (match(TokenKind::Comma)) {
        node->index = node->item;
        node->item = expect_name("after ',' in for-each loop");
    }
    expect(TokenKind::KwIn, "in for-each loop");
    node->iterable = parse_no_struct_expression();
    node->body = parse_body("after for-each iterable", header);
    return node;
}

Node* Parser::parse_match() {
    auto* node = make<Match>(advance());
    node->subject = parse_no_struct_expression();
    skip_newlines();
    const Token& open = expect(TokenKind::LBrace, "after match subject");
    size_t first = 0;
    while (kind(first) == TokenKind::Newline || kind(first) == TokenKind::Semicolon) ++first;
    if (kind(first) != TokenKind::KwCase && kind(first) != TokenKind::KwDefault && kind(first) != TokenKind::RBrace) {
        // §15: `PATTERN => RESULT` arms make the expression form, here evaluated for effect.
        auto* stmt = make<ExprStmt>(open);
        stmt->line = node->line;
        stmt->column = node->column;
        stmt->expr = parse_match_arms(node, open);
        return stmt;
    }
    std::vector<Node*> cases;
    while (true) {
        while (check(TokenKind::Newline) || check(TokenKind::Semicolon) || check(TokenKind::Comma)) advance();
        if (match(TokenKind::RBrace)) break;
        if (!check(TokenKind::KwCase) && !check(TokenKind::KwDefault)) {
            if (check(TokenKind::Eof)) error_at(peek(), "Expected '}' to close match opened at line " + std::to_string(open.line));
            error_at(peek(), "Expected 'case' or 'default' in match, got " + describe(peek()));
        }
        const Token& head = advance();
        auto* arm = make<Case>(head);
        if (head.kind == TokenKind::KwCase) {
            uint8_t saved = m_no_struct;
            m_no_struct = 1;
            arm->pattern = parse_ternary();
            if (check_word("where")) {
                advance();
                arm->guard = parse_ternary();
            }
            m_no_struct = saved;
        }
        if (!match(TokenKind::Colon) && !match(TokenKind::FatArrow)) {
            error_at(peek(), "Expected ':' after " + std::string(head.kind == TokenKind::KwCase ? "case pattern" : "default") +
                                 ", got " + describe(peek()));
        }
        auto* body = make<Block>(peek());
        std::vector<Node*> stmts;
        while (true) {
            while (check(TokenKind::Newline) || check(TokenKind::Semicolon)) advance();
            if (check(TokenKind::KwCase) || check(TokenKind::KwDefault) || check(TokenKind::RBrace) || check(TokenKind::Eof)) break;
            stmts.push_back(parse_statement());
        }
        body->stmts = m_ast.list(stmts);
        arm->body = body;
        cases.push_back(arm);
    }
    node->cases = m_ast.list(cases);
    return node;
}

Node* Parser::parse_match_arms(Match* node, const Token& open) {
    DepthGuard guard(*this);
    node->expression = true;
    std::vector<Node*> cases;
    while (true) {
        while (check(TokenKind::Newline) || check(TokenKind::Semicolon) || check(TokenKind::Comma)) advance();
        if (match(TokenKind::RBrace)) break;
        if (check(TokenKind::Eof)) error_at(peek(), "Expected '}' to close match opened at line " + std::to_string(open.line));
        auto* arm = make<Case>(peek());
        const bool is_default = match(TokenKind::KwDefault);
        const bool is_case = !is_default && match(TokenKind::KwCase);
        if (!is_default) {
            uint8_t saved = m_no_struct;
            m_no_struct = 1;
            if (check(TokenKind::Ident) && (kind(1) == TokenKind::FatArrow || kind(1) == TokenKind::Colon)) {
                auto* id = make<Ident>(peek());  // a binding or `_` (not the start of an arrow function)
                id->name = m_ast.intern(advance().text);
                arm->pattern = id;
            } else {
                arm->pattern = parse_ternary();
            }
            if (check_word("where")) {
                advance();
                arm->guard = parse_ternary();
            }
            m_no_struct = saved;
        }
        if (!match(TokenKind::FatArrow) && !((is_case || is_default) && match(TokenKind::Colon)))
            error_at(peek(), "Expected '=>' after match pattern, got " + describe(peek()));
        skip_newlines();
        arm->body = parse_expression();
        cases.push_back(arm);
    }
    node->cases = m_ast.list(cases);
    return node;
}

Node* Parser::parse_try() {
    auto* node = make<Try>(advance());
    node->body = parse_block("after try");
    size_t i = 0;
    while (kind(i) == TokenKind::Newline) ++i;
    if (kind(i) == TokenKind::KwCatch) {
        m_pos += i;
        advance();
        if (match(TokenKind::LParen)) {
            if (!check(TokenKind::RParen)) node->catch_name = expect_name("in catch clause");
            expect(TokenKind::RParen, "after catch variable");
        } else if (check(TokenKind::Ident)) {
            node->catch_name = m_ast.intern(advance().text);
        }
        node->catch_body = parse_block("after catch");
        i = 0;
        while (kind(i) == TokenKind::Newline) ++i;
    }
    if (kind(i) == TokenKind::Ident && peek(i).text == "finally") {
        m_pos += i;
        advance();
        node->finally_body = parse_block("after finally");
    }
    if (!node->catch_body && !node->finally_body) {
        error_at(peek(), "Expected 'catch' or 'finally' after try block, got " + describe(peek()));
    }
    return node;
}

Node* Parser::parse_guard() {
    const Token& start = advance();
    auto* node = make<Guard>(start);
    node->guard = start.text == "require" ? GuardKind::Require : start.text == "revert" ? GuardKind::Revert : GuardKind::Assert;
    node->args = parse_statement_args();
    return node;
}

// `keyword [expr, ...] [{ body }]` for the rare §12 words, and `log > "file"` / `log >> "file"`.
Node* Parser::parse_unsupported() {
    const Token& start = advance();
    auto* node = make<Unsupported>(start);
    node->keyword = m_ast.intern(start.text);
    std::vector<Node*> args;
    if (start.text == "log") {
        while (match(TokenKind::Gt)) {
        }
    }
    uint8_t saved = m_no_struct;
    m_no_struct = 2;
    while (!at_statement_end() && !check(TokenKind::LBrace)) {
        args.push_back(parse_expression());
        if (!match(TokenKind::Comma)) break;
    }
    m_no_struct = saved;
    node->args = m_ast.list(args);
    if (check(TokenKind::LBrace)) {
        size_t open = m_pos;
        uint8_t flag = m_no_struct;
        try {
            node->body = parse_block("");
        } catch (const ZexusSyntaxError&) {
            m_no_struct = flag;
            size_t close = matching_close(open);
            if (m_tokens[close].kind != TokenKind::RBrace) throw;
            m_pos = close + 1;  // an opaque DSL body: skip it whole
            node->opaque_body = true;
        }
    }
    return node;
}

// The context-sensitive words of §1 at statement start; nullptr when the word is an ordinary identifier here.
Node* Parser::parse_context_keyword() {
    std::string_view w = peek().text;
    TokenKind next = kind(1);
    if (is_function_start(0)) return parse_function_declaration();
    if (w == "entity" && next == TokenKind::Ident) return parse_type_decl(TypeDeclKind::Entity);
    if (w == "data" && next == TokenKind::Ident) {
        // §1: `data` is a keyword only after `;`, `}`, `{`, a literal, or at the start of input.
        const Token* prev = previous_significant();
        const bool keyword = !prev || prev->kind == TokenKind::Semicolon || prev->kind == TokenKind::RBrace ||
                             prev->kind == TokenKind::LBrace || is_literal(prev->kind);
        if (keyword) return parse_type_decl(TypeDeclKind::Data);
        return nullptr;
    }
    if (w == "event" && next == TokenKind::Ident && (kind(2) == TokenKind::LBrace || kind(2) == TokenKind::LParen))
        return parse_type_decl(TypeDeclKind::Event);
    if (w == "contract" && next == TokenKind::Ident) return parse_contract();
    if ((w == "state" || w == "ledger" || w == "storage") && next == TokenKind::Ident &&
        (kind(2) == TokenKind::Assign || kind(2) == TokenKind::Colon || kind(2) == TokenKind::Newline ||
         kind(2) == TokenKind::Semicolon || kind(2) == TokenKind::RBrace || kind(2) == TokenKind::Eof))
        return parse_state_decl();
    if (w == "persistent" && check_word("storage", 1)) return parse_state_decl();
    if ((w == "require" || w == "revert" || w == "assert") &&
        (next == TokenKind::LParen || starts_operand(next) ||
         (w == "revert" && (next == TokenKind::Newline || next == TokenKind::Semicolon || next == TokenKind::Eof ||
                            next == TokenKind::RBrace))))
        return parse_guard();
    if (w == "emit" && next == TokenKind::Ident) {
        auto* node = make<Emit>(advance());
        node->event = parse_expression();
        return node;
    }
    if (w == "defer" && next == TokenKind::LBrace) {
        auto* node = make<Defer>(advance());
        node->body = parse_block("after defer");
        return node;
    }
    if (w == "log" && next == TokenKind::Gt) return parse_unsupported();
    if (w == "module" && is_word(peek(1)) && (kind(2) == TokenKind::LBrace || kind(2) == TokenKind::Newline))
        return parse_module();
    if (w == "inject" && next == TokenKind::Ident) {
        // §15 `inject NAME`: NAME = inject("NAME") in the current scope (the builtin looks up the registry).
        const Token& start = advance();
        const Token& name = peek();
        auto* node = make<Let>(start);
        node->name = expect_name("after 'inject'");
        auto* call = make<Call>(start);
        auto* callee = make<Ident>(start);
        callee->name = "inject";
        auto* arg = make<StringLit>(name);
        arg->value = node->name;
        call->callee = callee;
        call->args = m_ast.list(std::vector<Node*>{arg});
        node->value = call;
        return node;
    }
    if ((w == "sanitize" || w == "validate") && next != TokenKind::LParen && next != TokenKind::Assign &&
        next != TokenKind::Dot && next != TokenKind::LBracket && next != TokenKind::Newline &&
        next != TokenKind::Semicolon && next != TokenKind::Eof) {
        // §15 statement forms `sanitize v, "sql"`, `sanitize v as sql`, `validate v, schema`: the builtin call,
        // its result discarded.
        const Token& start = advance();
        auto* call = make<Call>(start);
        auto* callee = make<Ident>(start);
        callee->name = m_ast.intern(start.text);
        std::vector<Node*> args{parse_ternary()};
        if (check_word("as")) {
            advance();
            auto* enc = make<StringLit>(peek());
            enc->value = expect_name("after 'as'");
            args.push_back(enc);
        } else if (match(TokenKind::Comma)) {
            args.push_back(parse_ternary());
        }
        call->callee = callee;
        call->args = m_ast.list(args);
        auto* node = make<ExprStmt>(start);
        node->expr = call;
        return node;
    }
    if (is_rare_word(w) && (next == TokenKind::Ident || next == TokenKind::Int || next == TokenKind::Float ||
                            next == TokenKind::String || next == TokenKind::InterpString || next == TokenKind::LBrace))
        return parse_unsupported();
    return nullptr;
}

}  // namespace trellis::zexus
