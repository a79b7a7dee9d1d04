// parser_expr.cpp: Zexus expressions (LANGUAGE.md §3, §5, §7, §8): a Pratt loop over the binary operators,
// unary operators bound tighter than any binary one (§0), postfix call/index/member/construction, primaries.
#include <cstdlib>
#include <string>

#include "syntax/parser_impl.hpp"
#include "trellis/zexus/parser.hpp"

namespace trellis::zexus {
namespace {

struct BinaryInfo {
    int precedence;  // 0: not a binary operator
    BinaryOp op;
};

BinaryInfo binary_info(const Token& t) {
    switch (t.kind) {
        case TokenKind::QuestionQuestion: return {1, BinaryOp::Coalesce};
        case TokenKind::OrOr: return {2, BinaryOp::Or};
        case TokenKind::AndAnd: return {3, BinaryOp::And};
        case TokenKind::Eq: return {4, BinaryOp::Eq};
        case TokenKind::NotEq: return {4, BinaryOp::Ne};
        case TokenKind::Lt: return {5, BinaryOp::Lt};
        case TokenKind::Gt: return {5, BinaryOp::Gt};
        case TokenKind::LtEq: return {5, BinaryOp::Le};
        case TokenKind::GtEq: return {5, BinaryOp::Ge};
        case TokenKind::Plus: return {6, BinaryOp::Add};
        case TokenKind::Minus: return {6, BinaryOp::Sub};
        case TokenKind::Star: return {7, BinaryOp::Mul};
        case TokenKind::Slash: return {7, BinaryOp::Div};
        case TokenKind::Percent: return {7, BinaryOp::Mod};
        case TokenKind::StarStar: return {8, BinaryOp::Pow};
        case TokenKind::Ident:
            if (t.text == "or") return {2, BinaryOp::Or};
            if (t.text == "and") return {3, BinaryOp::And};
            return {0, BinaryOp::Add};
        default: return {0, BinaryOp::Add};
    }
}

bool assign_op(TokenKind k, AssignOp& op) {
    switch (k) {
        case TokenKind::Assign: op = AssignOp::Set; return true;
        case TokenKind::PlusAssign: op = AssignOp::Add; return true;
        case TokenKind::MinusAssign: op = AssignOp::Sub; return true;
        case TokenKind::StarAssign: op = AssignOp::Mul; return true;
        case TokenKind::SlashAssign: op = AssignOp::Div; return true;
        case TokenKind::PercentAssign: op = AssignOp::Mod; return true;
        case TokenKind::StarStarAssign: op = AssignOp::Pow; return true;
        default: return false;
    }
}

/// Restores the "no `Name{` construction" flag on scope exit (conditions of if/while/for/match set it; any
/// bracket clears it again).
struct StructFlag {
    uint8_t& flag;
    uint8_t saved;
    StructFlag(uint8_t& f, uint8_t value) : flag(f), saved(f) { flag = value; }
    ~StructFlag() { flag = saved; }
};

}  // namespace

bool Parser::is_word(const Token& t) const noexcept {
    if (t.kind == TokenKind::Ident) {
        char c = t.text.empty() ? '\0' : t.text[0];
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }
    return t.kind >= TokenKind::KwIf && t.kind <= TokenKind::KwNull;
}

Node* Parser::parse_expression() {
    DepthGuard guard(*this);
    Node* left = parse_ternary();
    AssignOp op;
    if (!assign_op(kind(), op)) return left;
    const Token& at = peek();
    if (!left->is<Ident>() && !left->is<Index>() && !left->is<Member>()) error_at(at, "Invalid assignment target");
    advance();
    skip_newlines();
    auto* node = make<Assign>(at);
    node->op = op;
    node->target = left;
    node->value = parse_expression();
    return node;
}

Node* Parser::parse_no_struct_expression() {
    StructFlag flag(m_no_struct, 1);
    return parse_expression();
}

Node* Parser::parse_ternary() {
    Node* cond = parse_binary(1);
    if (!check(TokenKind::Question)) return cond;
    DepthGuard guard(*this);
    const Token& at = advance();
    auto* node = make<Ternary>(at);
    skip_newlines();
    node->cond = cond;
    node->then_value = parse_ternary();
    skip_newlines();
    expect(TokenKind::Colon, "in conditional expression");
    skip_newlines();
    node->else_value = parse_ternary();
    return node;
}

Node* Parser::parse_binary(int min_precedence) {
    Node* left = parse_unary();
    for (int chain = 0;; ++chain) {
        BinaryInfo info = binary_info(peek());
        if (info.precedence == 0 || info.precedence < min_precedence) return left;
        if (chain >= k_max_chain) error_at(peek(), "Expression too long (more than " + std::to_string(k_max_chain) + " chained operators)");
        const Token& at = advance();
        skip_newlines();
        auto* node = make<Binary>(at);
        node->op = info.op;
        node->lhs = left;
        node->rhs = parse_binary(info.precedence + 1);  // every level is left-associative, `**` included (§3)
        left = node;
    }
}

// `spawn CALL` / `spawn(CALL)` (§15): the operand is a unary expression (a call, with its postfix chain).
Node* Parser::parse_spawn() {
    DepthGuard guard(*this);
    auto* node = make<Spawn>(advance());
    node->call = parse_unary();
    return node;
}

Node* Parser::parse_unary() {
    if (check(TokenKind::Minus) || check(TokenKind::Bang)) {
        DepthGuard guard(*this);
        const Token& at = advance();
        auto* node = make<Unary>(at);
        node->op = at.kind == TokenKind::Minus ? UnaryOp::Neg : UnaryOp::Not;
        node->operand = parse_unary();
        return node;
    }
    if (check(TokenKind::KwAwait)) {
        DepthGuard guard(*this);
        auto* node = make<Await>(advance());
        node->operand = parse_unary();
        return node;
    }
    return parse_postfix(parse_primary());
}

bool Parser::construct_ahead() const noexcept {
    if (kind() != TokenKind::LBrace) return false;
    size_t i = 1;
    while (kind(i) == TokenKind::Newline) ++i;
    // `Name{}` is ambiguous with `if x {}`, so it is a construction only outside conditions; `Name{field: ...`
    // never is a block (no statement starts with `name:`), so it is a construction everywhere.
    if (m_no_struct == 2) return false;
    if (kind(i) == TokenKind::RBrace) return m_no_struct == 0;
    return (kind(i) == TokenKind::Ident || kind(i) == TokenKind::String) && kind(i + 1) == TokenKind::Colon;
}

NodeList Parser::parse_call_args() {
    StructFlag flag(m_no_struct, 0);
    expect(TokenKind::LParen, "to open arguments");
    std::vector<Node*> args;
    parse_entries(TokenKind::RParen, "after arguments", Separators::Comma,
                  [&] { args.push_back(parse_expression()); });
    return m_ast.list(args);
}

Node* Parser::parse_postfix(Node* left) {
    for (int chain = 0;; ++chain) {
        if (chain >= k_max_chain) error_at(peek(), "Expression too long (more than " + std::to_string(k_max_chain) + " chained operators)");
        if (check(TokenKind::LParen)) {
            auto* call = m_ast.make<Call>(left->line, left->column);
            call->callee = left;
            call->args = parse_call_args();
            left = call;
        } else if (check(TokenKind::LBracket)) {
            StructFlag flag(m_no_struct, 0);
            const Token& at = advance();
            auto* index = make<Index>(at);
            skip_newlines();
            index->object = left;
            index->index = parse_expression();
            skip_newlines();
            expect(TokenKind::RBracket, "after index");
            left = index;
        } else if (check(TokenKind::Dot)) {
            const Token& at = advance();
            if (!is_word(peek())) error_at(peek(), "Expected property name after '.', got " + describe(peek()));
            auto* member = make<Member>(at);
            member->object = left;
            member->name = m_ast.intern(advance().text);
            left = member;
        } else if (left->is<Ident>() && construct_ahead()) {
            left = parse_construct(left);
        } else {
            return left;
        }
    }
}

Node* Parser::parse_construct(Node* type_name) {
    StructFlag flag(m_no_struct, 0);
    DepthGuard guard(*this);
    auto* node = m_ast.make<Construct>(type_name->line, type_name->column);
    node->type_name = type_name->as<Ident>()->name;
    expect(TokenKind::LBrace, "to open fields");
    std::vector<Node*> keys, values;
    parse_entries(TokenKind::RBrace, "to close fields", Separators::CommaOrNewline, [&] {
        if (!is_word(peek()) && !check(TokenKind::String)) error_at(peek(), "Expected field name, got " + describe(peek()));
        const Token& key = advance();
        auto* k = make<StringLit>(key);
        k->value = m_ast.intern(key.text);
        keys.push_back(k);
        expect(TokenKind::Colon, "after field name");
        skip_newlines();
        values.push_back(parse_expression());
    });
    node->keys = m_ast.list(keys);
    node->values = m_ast.list(values);
    return node;
}

bool Parser::arrow_ahead() const noexcept {
    if (check(TokenKind::Ident)) return kind(1) == TokenKind::FatArrow;
    if (!check(TokenKind::LParen)) return false;
    size_t close = matching_close(m_pos);
    return close + 1 < m_tokens.size() && m_tokens[close + 1].kind == TokenKind::FatArrow;
}

Node* Parser::parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
        case TokenKind::Int: {
            auto* n = make<IntLit>(t);
            n->digits = m_ast.intern(advance().text);
            return n;
        }
        case TokenKind::Float: {
            auto* n = make<FloatLit>(t);
            n->text = m_ast.intern(advance().text);
            n->value = std::strtod(std::string(n->text).c_str(), nullptr);
            return n;
        }
        case TokenKind::String: {
            auto* n = make<StringLit>(t);
            n->value = m_ast.intern(advance().text);
            return n;
        }
        case TokenKind::InterpString: return parse_interpolation(advance());
        case TokenKind::KwTrue:
        case TokenKind::KwFalse: {
            auto* n = make<BoolLit>(t);
            n->value = advance().kind == TokenKind::KwTrue;
            return n;
        }
        case TokenKind::KwNull: return make<NullLit>(advance());
        case TokenKind::Ident: {
            if (kind(1) == TokenKind::FatArrow) return parse_arrow();
            if (t.text == "contract" && kind(1) == TokenKind::Ident && kind(2) == TokenKind::LParen) {
                advance();  // `contract Name(args)` creates an instance like `Name(args)` (§12)
                auto* n = make<Ident>(peek());
                n->name = m_ast.intern(advance().text);
                return n;
            }
            bool fn_word = t.text == "action" || t.text == "function";
            if (fn_word && (kind(1) == TokenKind::LParen ||
                            (kind(1) == TokenKind::Ident && kind(2) == TokenKind::LParen))) {
                const Token& start = advance();
                uint16_t flags = start.text == "action" ? FnAction : FnFunction;
                return parse_function_rest(start, flags, check(TokenKind::Ident));
            }
            auto* n = make<Ident>(t);
            n->name = m_ast.intern(advance().text);
            return n;
        }
        case TokenKind::LParen: {
            if (arrow_ahead()) return parse_arrow();
            StructFlag flag(m_no_struct, 0);
            DepthGuard guard(*this);
            advance();
            skip_newlines();
            Node* inner = parse_expression();
            skip_newlines();
            expect(TokenKind::RParen, "to close parenthesis");
            return inner;
        }
        case TokenKind::LBracket: return parse_list();
        case TokenKind::LBrace: return parse_map();
        case TokenKind::KwAsync:
            if (check_word("action", 1) || check_word("function", 1)) {  // `async action(...) {}` literal
                const Token& start = advance();
                uint16_t flags = FnAsync | (advance().text == "action" ? FnAction : FnFunction);
                return parse_function_rest(start, flags, check(TokenKind::Ident));
            }
            break;
        case TokenKind::KwLambda: return parse_lambda();
        case TokenKind::KwIf: return parse_if_expression();
        case TokenKind::KwMatch: {  // §15 match expression
            DepthGuard guard(*this);
            auto* node = make<Match>(advance());
            node->subject = parse_no_struct_expression();
            skip_newlines();
            const Token& open = expect(TokenKind::LBrace, "after match subject");
            return parse_match_arms(node, open);
        }
        case TokenKind::KwSpawn: return parse_spawn();
        default: break;
    }
    if (t.kind == TokenKind::Eof || t.kind == TokenKind::Newline) error_at(t, "Expected expression, got " + describe(t));
    error_at(t, "Unexpected " + describe(t) + " in expression");
}

Node* Parser::parse_list() {
    StructFlag flag(m_no_struct, 0);
    DepthGuard guard(*this);
    auto* node = make<ListLit>(advance());
    std::vector<Node*> items;
    parse_entries(TokenKind::RBracket, "to close list", Separators::Comma,
                  [&] { items.push_back(parse_expression()); });
    node->items = m_ast.list(items);
    return node;
}

Node* Parser::parse_map() {
    StructFlag flag(m_no_struct, 0);
    DepthGuard guard(*this);
    auto* node = make<MapLit>(advance());
    std::vector<Node*> keys, values;
    parse_entries(TokenKind::RBrace, "to close map", Separators::CommaOrNewline, [&] {
        Node* key;
        if (is_word(peek()) && kind(1) == TokenKind::Colon) {  // bare identifier key: {name: "A"} (§4)
            auto* k = make<StringLit>(peek());
            k->value = m_ast.intern(advance().text);
            key = k;
        } else {
            key = parse_ternary();
        }
        keys.push_back(key);
        skip_newlines();
        expect(TokenKind::Colon, "after map key");
        skip_newlines();
        values.push_back(parse_expression());
    });
    node->keys = m_ast.list(keys);
    node->values = m_ast.list(values);
    return node;
}

// A parameter written as a bare name (no type, no default), as in `x => e` and `lambda x, y: e`: the current
// token, which the caller has checked is an identifier.
Param Parser::parse_bare_param() {
    Param p;
    p.line = peek().line;
    p.column = peek().column;
    p.name = m_ast.intern(advance().text);
    return p;
}

// `(a, b) => e`, `x => e`, `(x) => { ... }` (§5).
Node* Parser::parse_arrow() {
    DepthGuard guard(*this);
    const Token& start = peek();
    auto* fn = make<Function>(start);
    fn->flags = FnArrow;
    if (check(TokenKind::Ident)) {
        fn->params = m_ast.list(std::vector<Param>{parse_bare_param()});
    } else {
        fn->params = parse_params();
    }
    expect(TokenKind::FatArrow, "in arrow function");
    skip_newlines();
    if (check(TokenKind::LBrace)) {
        fn->body = parse_block("as arrow function body");
    } else {
        fn->flags |= FnExprBody;
        fn->body = parse_expression();
    }
    return fn;
}

// `lambda(x): e`, `lambda x, y: e`, `lambda(x) => e`, and the README's `lambda(x) { ... }` (block body;
// the reference fails on it at run time, §5).
Node* Parser::parse_lambda() {
    DepthGuard guard(*this);
    const Token& start = advance();
    auto* fn = make<Function>(start);
    fn->flags = FnLambda;
    if (check(TokenKind::LParen)) {
        fn->params = parse_params();
    } else {
        std::vector<Param> params;
        while (check(TokenKind::Ident)) {
            params.push_back(parse_bare_param());
            if (!match(TokenKind::Comma)) break;
        }
        fn->params = m_ast.list(params);
    }
    if (match(TokenKind::Colon) || match(TokenKind::FatArrow)) {
        skip_newlines();
        fn->flags |= FnExprBody;
        fn->body = parse_expression();
    } else if (check(TokenKind::LBrace)) {
        fn->body = parse_block("as lambda body");
    } else {
        error_at(peek(), "Expected ':' after lambda parameters, got " + describe(peek()));
    }
    return fn;
}

// `if c then a else b` (§6, rare).
Node* Parser::parse_if_expression() {
    DepthGuard guard(*this);
    auto* node = make<IfExpr>(advance());
    node->cond = parse_no_struct_expression();
    if (!check_word("then")) error_at(peek(), "Expected 'then' in if expression, got " + describe(peek()));
    advance();
    skip_newlines();
    node->then_value = parse_expression();
    skip_newlines();
    expect(TokenKind::KwElse, "in if expression");
    skip_newlines();
    node->else_value = parse_expression();
    return node;
}

}  // namespace trellis::zexus
