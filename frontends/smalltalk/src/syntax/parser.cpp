/// @file parser.cpp
/// Recursive-descent parser for SOM (parser.hpp). Rule names follow SOM.g4 (SOM-st/SOM): classdef, superclass,
/// instanceFields, method, pattern, blockContents, blockBody, expression, assignation, evaluation, primary,
/// messages, formula, nestedBlock, literal; plus cascades.
#include "trellis/smalltalk/parser.hpp"

#include <algorithm>
#include <utility>

#include "trellis/smalltalk/lexer.hpp"

namespace trellis::smalltalk {

namespace {

const char* tok_name(Tok t) {
    switch (t) {
        case Tok::eof: return "end of input";
        case Tok::identifier: return "identifier";
        case Tok::keyword: return "keyword";
        case Tok::op: return "operator";
        case Tok::integer: return "integer";
        case Tok::dbl: return "double";
        case Tok::string: return "string";
        case Tok::symbol: return "symbol";
        case Tok::hash_paren: return "'#('";
        case Tok::assign: return "':='";
        case Tok::colon: return "':'";
        case Tok::caret: return "'^'";
        case Tok::period: return "'.'";
        case Tok::lparen: return "'('";
        case Tok::rparen: return "')'";
        case Tok::lbracket: return "'['";
        case Tok::rbracket: return "']'";
        case Tok::bar: return "'|'";
        case Tok::separator: return "'----'";
        case Tok::semicolon: return "';'";
        case Tok::primitive: return "'primitive'";
    }
    return "token";
}

class Parser {
public:
    Parser(std::string_view src, const std::string& file) : m_lex(src, file) {
        m_cur = m_lex.next();
        m_next = m_lex.next();
    }

    ClassDef classdef() {
        ClassDef c;
        c.line = m_cur.line;
        c.name = expect_identifier("a class name");
        if (!(m_cur.kind == Tok::op && m_cur.text == "=")) fail_here("expected '=' after the class name");
        shift();
        if (m_cur.kind == Tok::identifier) {
            c.superclass = m_cur.text;
            shift();
        }
        expect(Tok::lparen, "'(' opening the class body");
        fields(c.fields);
        while (m_cur.kind != Tok::separator && m_cur.kind != Tok::rparen) c.methods.push_back(method());
        if (m_cur.kind == Tok::separator) {
            shift();
            fields(c.class_fields);
            while (m_cur.kind != Tok::rparen) c.class_methods.push_back(method());
        }
        expect(Tok::rparen, "')' closing the class body");
        if (m_cur.kind != Tok::eof) fail_here("unexpected text after the class definition");
        return c;
    }

    MethodDef doit() {
        MethodDef m;
        m.selector = "doIt";
        m.line = m_cur.line;
        locals(m.locals);
        m.body = block_body(Tok::eof);
        expect(Tok::eof, "end of input");
        return m;
    }

private:
    [[noreturn]] void fail_at(const Token& t, const std::string& message) {
        throw core::Error(m_lex.file() + ":" + std::to_string(t.line) + ":" + std::to_string(t.column) + ": " +
                              message,
                          core::SourcePos{t.line, t.column});
    }
    [[noreturn]] void fail_here(const std::string& message) {
        std::string found = tok_name(m_cur.kind);
        if (!m_cur.text.empty() && m_cur.kind != Tok::string) found += " '" + m_cur.text + "'";
        fail_at(m_cur, message + ", found " + found);
    }
    void shift() {
        m_cur = std::move(m_next);
        m_next = m_cur.kind == Tok::eof ? Token{Tok::eof, {}, 0, m_cur.line, m_cur.column} : m_lex.next();
    }
    void expect(Tok k, const char* what) {
        if (m_cur.kind != k) fail_here(std::string("expected ") + what);
        shift();
    }
    std::string expect_identifier(const char* what) {
        if (m_cur.kind != Tok::identifier && m_cur.kind != Tok::primitive) fail_here(std::string("expected ") + what);
        std::string s = m_cur.text;
        shift();
        return s;
    }
    bool is_bar() const { return m_cur.kind == Tok::bar; }

    void fields(std::vector<std::string>& out) {
        if (m_cur.kind == Tok::op && m_cur.text == "||") {  // empty field list
            shift();
            return;
        }
        if (!is_bar()) return;
        shift();
        while (m_cur.kind == Tok::identifier || m_cur.kind == Tok::primitive) out.push_back(expect_identifier("a field"));
        if (!is_bar()) fail_here("expected '|' closing the field list");
        shift();
    }
    void locals(std::vector<std::string>& out) { fields(out); }

    MethodDef method() {
        MethodDef m;
        m.line = m_cur.line;
        if (m_cur.kind == Tok::identifier || m_cur.kind == Tok::primitive) {
            m.selector = m_cur.text;
            shift();
        } else if (m_cur.kind == Tok::op || m_cur.kind == Tok::bar) {
            m.selector = m_cur.text;
            shift();
            m.params.push_back(expect_identifier("an argument name"));
        } else if (m_cur.kind == Tok::keyword) {
            while (m_cur.kind == Tok::keyword) {
                m.selector += m_cur.text;
                shift();
                m.params.push_back(expect_identifier("an argument name"));
            }
        } else {
            fail_here("expected a method pattern");
        }
        if (!(m_cur.kind == Tok::op && m_cur.text == "=")) fail_here("expected '=' after the method pattern");
        shift();
        if (m_cur.kind == Tok::primitive) {
            shift();
            m.primitive = true;
            return m;
        }
        expect(Tok::lparen, "'(' opening the method body or 'primitive'");
        locals(m.locals);
        m.body = block_body(Tok::rparen);
        expect(Tok::rparen, "')' closing the method body");
        return m;
    }

    // blockBody: statements separated by '.', ending at `end` (not consumed).
    std::vector<NodePtr> block_body(Tok end) {
        std::vector<NodePtr> out;
        while (m_cur.kind != end) {
            if (m_cur.kind == Tok::caret) {
                Token at = m_cur;
                shift();
                auto r = make(NodeKind::ret, at);
                r->args.push_back(expression());
                out.push_back(seal(std::move(r)));
                if (m_cur.kind == Tok::period) shift();
                if (m_cur.kind != end) fail_here("expected the end of the block after a return");
                break;
            }
            out.push_back(expression());
            if (m_cur.kind == Tok::period) {
                shift();
                continue;
            }
            if (m_cur.kind != end) fail_here("expected '.' or the end of the block");
        }
        return out;
    }

    static NodePtr make(NodeKind k, const Token& at) {
        auto n = std::make_unique<Node>();
        n->kind = k;
        n->line = at.line;
        n->column = at.column;
        return n;
    }

    /// Counts the parser's own recursion (parentheses, blocks, keyword arguments, literal arrays): past
    /// max_ast_height it is a syntax error, never a native stack overflow.
    struct Nest {
        Parser& p;
        explicit Nest(Parser& parser) : p(parser) {
            if (++p.m_nesting > max_ast_height) p.fail_here("expression nested too deeply");
        }
        ~Nest() { --p.m_nesting; }
    };

    /// Sets n's height from its children's; a tree higher than max_ast_height is a syntax error.
    NodePtr seal(NodePtr n) {
        uint32_t h = 0;
        if (n->receiver) h = n->receiver->height;
        for (auto& a : n->args) h = std::max(h, a->height);
        for (auto& b : n->body) h = std::max(h, b->height);
        n->height = h + 1;
        if (n->height > max_ast_height) fail_at(Token{Tok::eof, {}, 0, n->line, n->column}, "expression nested too deeply");
        return n;
    }

    NodePtr expression() {
        Nest guard(*this);
        if (m_cur.kind == Tok::identifier && m_next.kind == Tok::assign) {
            Token at = m_cur;
            auto a = make(NodeKind::assign, at);
            a->text = m_cur.text;
            shift();
            shift();
            a->args.push_back(expression());
            return seal(std::move(a));
        }
        return evaluation();
    }

    NodePtr evaluation() {
        Token at = m_cur;
        NodePtr recv = primary();
        NodePtr e = messages(std::move(recv));
        if (m_cur.kind != Tok::semicolon) return e;
        if (e->kind != NodeKind::send) fail_here("a cascade needs a message before ';'");
        auto c = make(NodeKind::cascade, at);
        c->receiver = std::move(e->receiver);
        c->args.push_back(std::move(e));
        while (m_cur.kind == Tok::semicolon) {
            shift();
            c->args.push_back(cascade_part());
        }
        return seal(std::move(c));
    }

    NodePtr cascade_part() {
        Token at = m_cur;
        auto s = make(NodeKind::send, at);
        if (m_cur.kind == Tok::identifier) {
            s->text = m_cur.text;
            shift();
        } else if (m_cur.kind == Tok::op || m_cur.kind == Tok::bar) {
            s->text = m_cur.text;
            shift();
            s->args.push_back(binary_operand());
        } else if (m_cur.kind == Tok::keyword) {
            while (m_cur.kind == Tok::keyword) {
                s->text += m_cur.text;
                shift();
                s->args.push_back(formula());
            }
        } else {
            fail_here("expected a message after ';'");
        }
        return seal(std::move(s));
    }

    NodePtr send(NodePtr recv, const Token& at, std::string selector) {
        auto s = make(NodeKind::send, at);
        s->super_send = recv->kind == NodeKind::variable && recv->text == "super";
        s->receiver = std::move(recv);
        s->text = std::move(selector);
        return s;
    }

    NodePtr unary_messages(NodePtr e) {
        while (m_cur.kind == Tok::identifier) {
            Token at = m_cur;
            shift();
            e = seal(send(std::move(e), at, at.text));
        }
        return e;
    }
    NodePtr binary_operand() { return unary_messages(primary()); }
    NodePtr binary_messages(NodePtr e) {
        while (m_cur.kind == Tok::op || m_cur.kind == Tok::bar) {
            Token at = m_cur;
            shift();
            auto s = send(std::move(e), at, at.text);
            s->args.push_back(binary_operand());
            e = seal(std::move(s));
        }
        return e;
    }
    NodePtr formula() { return binary_messages(binary_operand()); }
    NodePtr messages(NodePtr e) {
        e = binary_messages(unary_messages(std::move(e)));
        if (m_cur.kind == Tok::keyword) {
            Token at = m_cur;
            auto s = send(std::move(e), at, "");
            while (m_cur.kind == Tok::keyword) {
                s->text += m_cur.text;
                shift();
                s->args.push_back(formula());
            }
            e = seal(std::move(s));
        }
        return e;
    }

    NodePtr primary() {
        Token at = m_cur;
        switch (m_cur.kind) {
            case Tok::identifier:
            case Tok::primitive: {
                auto v = make(NodeKind::variable, at);
                v->text = m_cur.text;
                shift();
                return v;
            }
            case Tok::lparen: {
                shift();
                NodePtr e = expression();
                expect(Tok::rparen, "')'");
                return e;
            }
            case Tok::lbracket: return block();
            default: return literal();
        }
    }

    NodePtr block() {
        Token at = m_cur;
        shift();  // '['
        auto b = make(NodeKind::block, at);
        if (m_cur.kind == Tok::colon) {
            while (m_cur.kind == Tok::colon) {
                shift();
                b->params.push_back(expect_identifier("a block parameter name"));
            }
            if (m_cur.kind == Tok::op && m_cur.text == "||") {
                // `[:a || t | ...]`: end of parameters and start of temporaries at once
                shift();
                while (m_cur.kind == Tok::identifier) b->locals.push_back(expect_identifier("a temporary"));
                if (!is_bar()) fail_here("expected '|' closing the temporaries");
                shift();
            } else if (is_bar()) {
                shift();
            } else if (m_cur.kind != Tok::rbracket) {
                fail_here("expected '|' after the block parameters");
            }
        }
        locals(b->locals);
        b->body = block_body(Tok::rbracket);
        expect(Tok::rbracket, "']' closing the block");
        return seal(std::move(b));
    }

    NodePtr literal() {
        Token at = m_cur;
        switch (m_cur.kind) {
            case Tok::integer: {
                auto n = make(NodeKind::literal, at);
                n->literal = LiteralKind::integer;
                n->text = m_cur.text;
                shift();
                return n;
            }
            case Tok::dbl: {
                auto n = make(NodeKind::literal, at);
                n->literal = LiteralKind::dbl;
                n->number = m_cur.number;
                shift();
                return n;
            }
            case Tok::string:
            case Tok::symbol: {
                auto n = make(NodeKind::literal, at);
                n->literal = m_cur.kind == Tok::string ? LiteralKind::string : LiteralKind::symbol;
                n->text = m_cur.text;
                shift();
                return n;
            }
            case Tok::op:
                if (m_cur.text == "-" && (m_next.kind == Tok::integer || m_next.kind == Tok::dbl)) {
                    shift();
                    NodePtr n = literal();
                    n->line = at.line;
                    n->column = at.column;
                    if (n->literal == LiteralKind::integer) n->text = "-" + n->text;
                    else n->number = -n->number;
                    return n;
                }
                break;
            case Tok::hash_paren: shift(); return array_elements(at);
            default: break;
        }
        fail_here("expected an expression");
    }

    // Inside #( ... ): literals, bare identifiers/keywords/operators as symbols, nested ( ... ) arrays.
    NodePtr array_element() {
        Token at = m_cur;
        if (m_cur.kind == Tok::identifier || m_cur.kind == Tok::keyword ||
            (m_cur.kind == Tok::op && !(m_cur.text == "-" && (m_next.kind == Tok::integer || m_next.kind == Tok::dbl))) ||
            m_cur.kind == Tok::bar) {
            auto n = make(NodeKind::literal, at);
            n->literal = LiteralKind::symbol;
            if (m_cur.text == "nil" || m_cur.text == "true" || m_cur.text == "false") {
                n->kind = NodeKind::variable;  // the constants themselves
            }
            n->text = m_cur.text;
            shift();
            return n;
        }
        if (m_cur.kind == Tok::lparen) {
            shift();
            return array_elements(at);
        }
        return literal();
    }

    // The elements of a literal array up to its ')' (the opening '#(' or '(' already consumed).
    NodePtr array_elements(const Token& at) {
        Nest guard(*this);
        auto n = make(NodeKind::literal, at);
        n->literal = LiteralKind::array;
        while (m_cur.kind != Tok::rparen) {
            if (m_cur.kind == Tok::eof) fail_here("expected ')' closing the literal array");
            n->args.push_back(array_element());
        }
        shift();
        return seal(std::move(n));
    }

    Lexer m_lex;
    uint32_t m_nesting = 0;  ///< active expression()/array_elements() calls (Nest)
    Token m_cur;
    Token m_next;
};

}  // namespace

ClassDef parse_class(std::string_view source, const std::string& file) { return Parser(source, file).classdef(); }

MethodDef parse_doit(std::string_view source, const std::string& file) { return Parser(source, file).doit(); }

}  // namespace trellis::smalltalk
