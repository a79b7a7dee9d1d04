// parser_decl.cpp: Zexus declarations: actions/functions with modifiers and decorators (§5), type
// annotations, entity/data/event and contract declarations and state variables (§12), use/import/export (§11).
#include <string>

#include "syntax/parser_impl.hpp"
#include "trellis/zexus/parser.hpp"

namespace trellis::zexus {
namespace {

uint16_t modifier_flag(std::string_view w) {
    if (w == "pure") return FnPure;
    if (w == "view") return FnView;
    if (w == "payable") return FnPayable;
    if (w == "secure") return FnSecure;
    if (w == "inline") return FnInline;
    if (w == "private") return FnPrivate;
    if (w == "public") return FnPublic;
    return 0;
}

}  // namespace

// Is a function declaration starting at peek(ahead)? `[@dec...] [async|export|pure|...]* (action|function) name (`
bool Parser::is_function_start(size_t ahead) const noexcept {
    size_t i = ahead;
    if (kind(i) == TokenKind::At) return true;
    while (kind(i) == TokenKind::KwAsync || kind(i) == TokenKind::KwExport ||
           (kind(i) == TokenKind::Ident && modifier_flag(peek(i).text)))
        ++i;
    return (check_word("action", i) || check_word("function", i)) && kind(i + 1) == TokenKind::Ident;
}

Node* Parser::parse_function_declaration() {
    const Token& start = peek();
    std::vector<Node*> decorators;
    while (match(TokenKind::At)) {
        const Token& name_token = peek();
        auto* id = make<Ident>(name_token);
        id->name = expect_name("after '@'");
        Node* d = id;
        if (check(TokenKind::LParen)) {
            auto* call = make<Call>(name_token);
            call->callee = id;
            call->args = parse_call_args();
            d = call;
        }
        decorators.push_back(d);
        skip_newlines();
    }
    uint16_t flags = 0;
    while (true) {
        if (match(TokenKind::KwAsync)) flags |= FnAsync;
        else if (match(TokenKind::KwExport)) flags |= FnExport;
        else if (check(TokenKind::Ident) && modifier_flag(peek().text)) flags |= modifier_flag(advance().text);
        else break;
    }
    if (check_word("action")) flags |= FnAction;
    else if (check_word("function")) flags |= FnFunction;
    else error_at(peek(), "Expected 'action' or 'function' after modifiers, got " + describe(peek()));
    advance();
    Function* fn = parse_function_rest(start, flags, true);
    fn->decorators = m_ast.list(decorators);
    return fn;
}

// After the `action`/`function` keyword: `[name] (params) [-> type] { body }` (or `=> expr`).
Function* Parser::parse_function_rest(const Token& start, uint16_t flags, bool named) {
    DepthGuard guard(*this);
    const size_t header = static_cast<size_t>(&start - m_tokens.data());
    auto* fn = make<Function>(start);
    fn->flags = flags;
    if (named) fn->name = expect_name("for action name");
    fn->params = parse_params();
    if (match(TokenKind::Arrow)) fn->return_type = parse_type();
    if (check(TokenKind::Colon)) {  // §15 colon block: `action f(): return 1` or an indented body
        fn->body = parse_colon_block(header);
        return fn;
    }
    skip_newlines();
    if (match(TokenKind::FatArrow)) {
        skip_newlines();
        fn->flags |= FnExprBody;
        fn->body = parse_expression();
    } else {
        fn->body = parse_block("for action body");
    }
    return fn;
}

std::span<const Param> Parser::parse_params() {
    expect(TokenKind::LParen, "to open parameters");
    std::vector<Param> params;
    parse_entries(TokenKind::RParen, "after parameters", Separators::Comma, [&] {
        Param p;
        p.line = peek().line;
        p.column = peek().column;
        p.name = expect_name("in parameter list");
        if (match(TokenKind::Colon)) p.type = parse_type();
        if (match(TokenKind::Assign)) p.default_value = parse_ternary();
        params.push_back(p);
    });
    return m_ast.list(params);
}

// A type annotation: `name`, `name<T, U>`, `name[]`, `name?`, kept as written (normalised spacing).
std::string_view Parser::parse_type() {
    DepthGuard guard(*this);
    std::string text;
    if (check(TokenKind::KwNull)) text = advance().text;
    else text = std::string(expect_name("as type"));
    if (match(TokenKind::Lt)) {
        text += '<';
        while (true) {
            text += parse_type();
            if (!match(TokenKind::Comma)) break;
            text += ", ";
        }
        expect(TokenKind::Gt, "to close type arguments");
        text += '>';
    }
    while (check(TokenKind::LBracket) && kind(1) == TokenKind::RBracket) {
        advance();
        advance();
        text += "[]";
    }
    if (match(TokenKind::Question)) text += '?';
    return m_ast.intern(text);
}

// entity / data / event declarations (§12).
Node* Parser::parse_type_decl(TypeDeclKind decl) {
    const Token& start = advance();
    auto* node = make<TypeDecl>(start);
    node->decl = decl;
    std::vector<std::string_view> modifiers;
    while (check(TokenKind::Ident) && kind(1) == TokenKind::Ident) modifiers.push_back(m_ast.intern(advance().text));
    node->modifiers = m_ast.list(modifiers);
    node->name = expect_name("for type name");
    if (match(TokenKind::Lt)) {
        std::vector<std::string_view> params;
        while (true) {
            params.push_back(expect_name("as type parameter"));
            if (!match(TokenKind::Comma)) break;
        }
        expect(TokenKind::Gt, "to close type parameters");
        node->type_params = m_ast.list(params);
    }
    if (check_word("extends")) {
        advance();
        node->base = expect_name("after 'extends'");
    }
    std::vector<Field> fields;
    std::vector<Node*> methods;
    if (decl == TypeDeclKind::Event && check(TokenKind::LParen)) {
        for (const Param& p : parse_params()) fields.push_back(Field{p.name, p.type, p.default_value, p.line, p.column});
        node->fields = m_ast.list(fields);
        return node;
    }
    skip_newlines();
    const Token& open = expect(TokenKind::LBrace, "to open type body");
    DepthGuard guard(*this);
    while (true) {
        while (check(TokenKind::Newline) || check(TokenKind::Semicolon) || check(TokenKind::Comma)) advance();
        if (match(TokenKind::RBrace)) break;
        if (check(TokenKind::Eof)) error_at(peek(), "Expected '}' to close type body opened at line " + std::to_string(open.line));
        if (is_function_start(0)) {
            methods.push_back(parse_function_declaration());
        } else if (check(TokenKind::Ident) && kind(1) == TokenKind::LParen) {  // data method without keyword
            const Token& at = peek();
            methods.push_back(parse_function_rest(at, 0, true));
        } else if (check_word("data") && kind(1) == TokenKind::LBrace) {
            // §15: `data { field: type [= default] ... }` inside an entity declares those fields.
            advance();
            const Token& group = advance();
            while (true) {
                while (check(TokenKind::Newline) || check(TokenKind::Semicolon) || check(TokenKind::Comma)) advance();
                if (match(TokenKind::RBrace)) break;
                if (check(TokenKind::Eof)) error_at(peek(), "Expected '}' to close data block opened at line " + std::to_string(group.line));
                if (!is_word(peek())) error_at(peek(), "Unexpected " + describe(peek()) + " in data block");
                fields.push_back(parse_field());
            }
        } else if (is_word(peek())) {
            fields.push_back(parse_field());
        } else {
            error_at(peek(), "Unexpected " + describe(peek()) + " in type body");
        }
    }
    node->fields = m_ast.list(fields);
    node->methods = m_ast.list(methods);
    return node;
}

Field Parser::parse_field() {
    Field f;
    f.line = peek().line;
    f.column = peek().column;
    f.name = m_ast.intern(advance().text);
    if (match(TokenKind::Colon)) f.type = parse_type();
    if (match(TokenKind::Assign)) f.default_value = parse_expression();
    if (!at_statement_end() && !check(TokenKind::Comma))
        error_at(peek(), "Expected ',' or end of line after field, got " + describe(peek()));
    return f;
}

// `contract Name { members }`: statements, plus the §15 member forms `state { name: value, ... }` and
// `data NAME = value` (a state field).
Node* Parser::parse_contract() {
    auto* node = make<Contract>(advance());
    node->name = expect_name("for contract name");
    skip_newlines();
    DepthGuard guard(*this);
    const Token& open = expect(TokenKind::LBrace, "to open contract body");
    std::vector<Node*> members;
    while (true) {
        while (check(TokenKind::Newline) || check(TokenKind::Semicolon)) advance();
        if (match(TokenKind::RBrace)) break;
        if (check(TokenKind::Eof)) error_at(peek(), "Expected '}' to close block opened at line " + std::to_string(open.line));
        if (check_word("state") && kind(1) == TokenKind::LBrace) {
            parse_state_group(members);
            end_statement();
        } else if (check_word("data") && is_word(peek(1)) && kind(2) == TokenKind::Assign) {
            auto* s = make<StateDecl>(advance());
            s->name = m_ast.intern(advance().text);
            advance();  // '='
            skip_newlines();
            s->value = parse_expression();
            members.push_back(s);
            end_statement();
        } else {
            members.push_back(parse_statement());
        }
    }
    node->members = m_ast.list(members);
    return node;
}

void Parser::parse_state_group(std::vector<Node*>& members) {
    advance();  // state
    expect(TokenKind::LBrace, "to open state block");
    parse_entries(TokenKind::RBrace, "to close state block", Separators::CommaOrNewline, [&] {
        if (!is_word(peek())) error_at(peek(), "Expected state field name, got " + describe(peek()));
        auto* s = make<StateDecl>(peek());
        s->name = m_ast.intern(advance().text);
        if (!match(TokenKind::Colon) && !match(TokenKind::Assign))
            error_at(peek(), "Expected ':' or '=' after state field '" + std::string(s->name) + "', got " + describe(peek()));
        skip_newlines();
        s->value = parse_expression();
        members.push_back(s);
    });
}

// `module NAME { body }` (§15); NAME may be any word (`data`).
Node* Parser::parse_module() {
    auto* node = make<Module>(advance());
    node->name = m_ast.intern(advance().text);
    node->body = parse_block("to open module body");
    return node;
}

// `state x = 0`, `ledger x = e`, `storage m: T`, `persistent storage m: T = e` (§12).
Node* Parser::parse_state_decl() {
    const Token& start = advance();
    auto* node = make<StateDecl>(start);
    if (start.text == "persistent") {
        advance();  // storage
        node->state = StateKind::PersistentStorage;
    } else {
        node->state = start.text == "state" ? StateKind::State : start.text == "ledger" ? StateKind::Ledger : StateKind::Storage;
    }
    node->name = expect_name("for state variable");
    if (match(TokenKind::Colon)) node->type = parse_type();
    if (match(TokenKind::Assign)) {
        skip_newlines();
        node->value = parse_expression();
    }
    return node;
}

// `use "p"`, `use "p" as m`, `use { a, b } from "p"`, `use math`, `import x from "p"` ... (§11).
Node* Parser::parse_use(bool is_import) {
    auto* node = make<Use>(advance());
    node->is_import = is_import;
    std::vector<std::string_view> names;
    auto expect_path = [&] {
        if (check(TokenKind::String)) node->path = m_ast.intern(advance().text);
        else if (check(TokenKind::Ident)) node->path = m_ast.intern(advance().text);
        else error_at(peek(), "Expected module path string, got " + describe(peek()));
    };
    if (match(TokenKind::LBrace)) {
        parse_entries(TokenKind::RBrace, "to close import list", Separators::Comma,
                      [&] { names.push_back(expect_name("in import list")); });
        if (!check_word("from")) error_at(peek(), "Expected 'from' after import list, got " + describe(peek()));
        advance();
        expect_path();
    } else if (check(TokenKind::Ident) && (kind(1) == TokenKind::Comma || check_word("from", 1))) {
        while (true) {
            names.push_back(expect_name("in import list"));
            if (!match(TokenKind::Comma)) break;
        }
        if (!check_word("from")) error_at(peek(), "Expected 'from' after import list, got " + describe(peek()));
        advance();
        expect_path();
    } else {
        expect_path();
    }
    if (check_word("as")) {
        advance();
        node->alias = expect_name("after 'as'");
    }
    node->names = m_ast.list(names);
    return node;
}

// `export name`, `export a, b`, `export { a, b }`, `export <declaration>` (§11).
Node* Parser::parse_export() {
    const Token& start = peek();
    if (is_function_start(0)) return parse_function_declaration();  // `export action f() {}` -> FnExport flag
    auto* node = make<Export>(advance());
    std::vector<std::string_view> names;
    if (match(TokenKind::LBrace)) {
        parse_entries(TokenKind::RBrace, "to close export list", Separators::Comma,
                      [&] { names.push_back(expect_name("in export list")); });
    } else if (check(TokenKind::Ident) && (kind(1) == TokenKind::Comma || at_statement_end() ||
                                           kind(1) == TokenKind::Newline || kind(1) == TokenKind::Semicolon ||
                                           kind(1) == TokenKind::Eof || kind(1) == TokenKind::RBrace)) {
        while (true) {
            names.push_back(expect_name("in export list"));
            if (!match(TokenKind::Comma)) break;
        }
    } else {
        (void)start;
        node->decl = parse_statement_inner();
        if (!node->decl->is<Let>() && !node->decl->is<TypeDecl>() && !node->decl->is<Contract>() &&
            !node->decl->is<Function>()) {
            error_at(start, "Expected a name, '{' or a declaration after 'export'");
        }
    }
    node->names = m_ast.list(names);
    return node;
}

}  // namespace trellis::zexus
