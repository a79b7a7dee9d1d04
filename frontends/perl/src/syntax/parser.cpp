/// @file parser.cpp
/// Perl statements (perlsyn): blocks, compound statements (if/elsif/else/unless, while/until, C-style for,
/// foreach with labels and continue blocks), statement modifiers, sub and package declarations, and the pragmas
/// and modules trellis-perl knows (`use strict`, `use warnings`, `use constant`, `use parent`, ...).
#include <cctype>
#include <cstdlib>

#include "syntax/parser.hpp"
#include "utf8.hpp"

#include <cstdio>

namespace trellis::perl {

void scan_sub_names(std::string_view src, std::set<std::string>& out) {
    size_t p = 0;
    while ((p = src.find("sub ", p)) != std::string_view::npos) {
        bool at_word_start = p == 0 || !(std::isalnum(static_cast<unsigned char>(src[p - 1])) || src[p - 1] == '_' ||
                                         src[p - 1] == '$' || src[p - 1] == '@' || src[p - 1] == '%');
        p += 4;
        if (!at_word_start) continue;
        while (p < src.size() && src[p] == ' ') ++p;
        std::string name;
        while (p < src.size() && (std::isalnum(static_cast<unsigned char>(src[p])) || src[p] == '_' || src[p] == ':'))
            name += src[p++];
        if (!name.empty()) {
            out.insert(name);
            size_t c = name.rfind("::");
            if (c != std::string::npos) out.insert(name.substr(c + 2));
        }
    }
}

std::vector<std::string> split_words(const std::string& b) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < b.size()) {
        while (i < b.size() && std::isspace(static_cast<unsigned char>(b[i]))) ++i;
        size_t j = i;
        while (j < b.size() && !std::isspace(static_cast<unsigned char>(b[j]))) ++j;
        if (j > i) out.push_back(b.substr(i, j - i));
        i = j;
    }
    return out;
}

Parser::Parser(Program& prog, std::string_view src, std::string file, int first_line)
    : m_prog(prog), m_src(src), m_lex(src, std::move(file), first_line) {
    declared_subs = &m_own_declared;
    m_lex.utf8 = prog.utf8_source;
}

Parser::Nest::Nest(Parser& parser) : p(parser) {
    if (++p.m_nesting > max_nesting) {
        int line = p.peek().line;
        --p.m_nesting;
        p.unsupported("nesting deeper than " + std::to_string(max_nesting) + " levels", line);
    }
}

Parser Parser::sub_parser(std::string_view text, int line) {
    Parser sub(m_prog, text, m_lex.file(), line);
    sub.declared_subs = declared_subs;
    sub.package = package;
    sub.m_nesting = m_nesting;
    return sub;
}

const Token& Parser::peek() {
    if (!m_have) {
        m_tok = m_lex.next(!m_prev_term);
        m_have = true;
    }
    return m_tok;
}

Token Parser::take() {
    peek();
    m_have = false;
    const Token& t = m_tok;
    m_prev_term = t.type == TK::Num || t.type == TK::Var || t.type == TK::Quote ||
                  (t.type == TK::Op && (t.text == ")" || t.text == "]" || t.text == "}"));
    return t;
}

bool Parser::is_op(const char* text) { return peek().type == TK::Op && peek().text == text; }
bool Parser::is_word(const char* text) { return peek().type == TK::Word && peek().text == text; }
bool Parser::accept_op(const char* text) {
    if (!is_op(text)) return false;
    take();
    return true;
}
void Parser::expect_op(const char* text) {
    if (!is_op(text)) fail_syntax();
    take();
}

void Parser::fail_syntax() {
    const Token& t = peek();
    std::string near = t.type == TK::End ? "at EOF" : "near \"" + (t.type == TK::Quote ? t.body : t.text) + "\"";
    throw core::Error("syntax error at " + m_lex.file() + " line " + std::to_string(t.line) + ", " + near,
                      core::SourcePos{static_cast<uint32_t>(t.line), 0});
}

void Parser::unsupported(const std::string& what, int line) {
    throw core::Error(what + " not supported by trellis-perl at " + m_lex.file() + " line " + std::to_string(line) +
                          ".",
                      core::SourcePos{static_cast<uint32_t>(line), 0});
}

Node* Parser::parse_program() {
    scan_sub_names(m_src, *declared_subs);
    Node* b = parse_statements(false);
    if (peek().type != TK::End) fail_syntax();
    if (m_lex.data_start != std::string_view::npos) {
        m_prog.has_data = true;
        m_prog.data = std::string(m_src.substr(m_lex.data_start));
    }
    if (!m_prog.module_bodies.empty()) {  // bundled modules run first (perl loads them at `use` time)
        b->kids.insert(b->kids.begin(), m_prog.module_bodies.begin(), m_prog.module_bodies.end());
        m_prog.module_bodies.clear();
    }
    m_prog.body = b;
    return b;
}

Node* Parser::parse_statements(bool until_brace) {
    Node* block = make(NK::Block, peek().line);
    for (;;) {
        const Token& t = peek();
        if (t.type == TK::End) {
            if (until_brace) fail_syntax();
            break;
        }
        if (until_brace && t.type == TK::Op && t.text == "}") break;
        Node* s = parse_statement();
        if (s && s->kind != NK::Nop) block->kids.push_back(s);
    }
    return block;
}

Node* Parser::parse_block() {
    Nest guard(*this);
    expect_op("{");
    m_prev_term = false;
    Node* b = parse_statements(true);
    expect_op("}");
    m_prev_term = false;  // a statement follows a block
    return b;
}

Node* Parser::parse_statement() {
    const Token& t = peek();
    int line = t.line;
    if (t.type == TK::Op && t.text == ";") {
        take();
        m_prev_term = false;
        return make(NK::Nop, line);
    }
    if (t.type == TK::Op && t.text == "{" && !statement_is_anon_hash()) {
        Node* body = parse_block();
        // a bare block is a loop that runs once (last/next work in it)
        Node* w = make(NK::While, line);
        w->kids = {nullptr, body, nullptr};
        w->flags = 4;  // runs once
        return w;
    }
    if (t.type == TK::Word) {
        std::string w = t.text;
        // LABEL:
        if (w != "default" && std::isupper(static_cast<unsigned char>(w[0]))) {
            auto saved = m_lex.save();
            Token save_tok = m_tok;
            bool save_prev = m_prev_term;
            take();
            if (is_op(":") ) {
                take();
                m_prev_term = false;
                const Token& n = peek();
                if (n.type == TK::Word && (n.text == "for" || n.text == "foreach" || n.text == "while" ||
                                           n.text == "until")) {
                    take();
                    return parse_loop(n.line, w);
                }
                if (n.type == TK::Op && n.text == "{") {
                    Node* body = parse_block();
                    Node* wl = make(NK::While, line);
                    wl->kids = {nullptr, body, nullptr};
                    wl->flags = 4;
                    wl->text = w;
                    return wl;
                }
                unsupported("a label on a statement that is not a loop", line);
            }
            // not a label: rewind
            m_lex.restore(saved);
            m_tok = save_tok;
            m_have = true;
            m_prev_term = save_prev;
            // restore the peeked token state: the token taken was the word itself
            m_tok = t.type == TK::Word ? m_tok : m_tok;
        }
        if (w == "if" || w == "unless") {
            take();
            return parse_if(line, w == "unless");
        }
        if (w == "while" || w == "until" || w == "for" || w == "foreach") {
            take();
            return parse_loop(line, "");
        }
        if (w == "sub") {
            auto saved = m_lex.save();
            Token st = m_tok;
            take();
            const Token& n = peek();
            if (n.type == TK::Word) {
                std::string name = n.text;
                take();
                if (name.find("::") == std::string::npos) name = package + "::" + name;
                if (is_op(";")) {  // forward declaration
                    take();
                    return make(NK::Nop, line);
                }
                Node* d = make(NK::SubDef, line);
                d->text = name;
                parse_signature(d, name, line);
                return d;
            }
            m_lex.restore(saved);
            m_tok = st;
            m_have = true;
            m_prev_term = false;
        }
        if (w == "package") {
            take();
            Token n = take();
            if (n.type != TK::Word) fail_syntax();
            Node* p = make(NK::Package, line);
            p->text = n.text;
            if (peek().type == TK::Num) take();  // version
            if (is_op("{")) {
                std::string outer = package;
                package = n.text;
                p->kids.push_back(parse_block());
                package = outer;
            } else {
                expect_op(";");
                m_prev_term = false;
                package = n.text;
            }
            return p;
        }
        if (w == "use" || w == "no") {
            take();
            return parse_use(line, w == "no");
        }
        if (w == "BEGIN" || w == "END" || w == "INIT" || w == "CHECK" || w == "UNITCHECK") {
            auto saved = m_lex.save();
            Token st = m_tok;
            take();
            if (is_op("{")) {
                if (w == "END") {
                    Node* d = make(NK::SubDef, line);
                    d->text = "main::END";
                    d->label = "END";
                    d->kids.push_back(parse_block());
                    return d;
                }
                if (w == "INIT" || w == "CHECK") {  // run after compilation (compiler.cpp, Vm::run_main)
                    Node* d = make(NK::SubDef, line);
                    d->text = "main::" + w;
                    d->label = w;
                    d->kids.push_back(parse_block());
                    return d;
                }
                if (w != "BEGIN") unsupported(w + " blocks", line);
                Node* body = parse_block();
                if (on_begin) {
                    Node* d = make(NK::SubDef, line);
                    d->text = "main::BEGIN";
                    d->label = "BEGIN";
                    d->kids.push_back(body);
                    on_begin(d);
                    return make(NK::Nop, line);
                }
                Node* wl = make(NK::While, line);
                wl->kids = {nullptr, body, nullptr};
                wl->flags = 4;
                return wl;
            }
            m_lex.restore(saved);
            m_tok = st;
            m_have = true;
        }
        if (w == "do") {
            // do BLOCK while/until COND: the body runs before the first test
            auto saved = m_lex.save();
            Token st = m_tok;
            take();
            if (is_op("{")) {
                Node* body = parse_block();
                m_prev_term = true;
                if (is_word("while") || is_word("until")) {
                    bool until = peek().text == "until";
                    take();
                    Node* cond = parse_expr();
                    Node* loop = make(NK::While, line);
                    loop->kids = {cond, body, nullptr};
                    loop->flags = (until ? 1 : 0) | 2;
                    accept_op(";");
                    m_prev_term = false;
                    return loop;
                }
                Node* d = make(NK::DoBlock, line);
                d->kids.push_back(body);
                Node* e = parse_postfix(d);
                // continue the expression after `do {}` (e.g. `do {...} or die`)
                (void)e;
                m_lex.restore(saved);
                m_tok = st;
                m_have = true;
                m_prev_term = false;
            } else {
                m_lex.restore(saved);
                m_tok = st;
                m_have = true;
                m_prev_term = false;
            }
        }
    }
    Node* e = parse_expr();
    return finish_simple(e);
}

Node* Parser::finish_simple(Node* expr) {
    // statement modifiers (perlsyn "Statement Modifiers")
    int line = expr->line;
    for (;;) {
        const Token& t = peek();
        if (t.type != TK::Word) break;
        const std::string w = t.text;
        NK kind = (w == "if" || w == "unless") ? NK::If
                  : (w == "while" || w == "until") ? NK::While
                  : (w == "for" || w == "foreach") ? NK::Foreach : NK::Nop;
        if (kind != NK::Nop) {
            take();
            Node* cond = parse_expr();
            Node* stmt = make(kind, line);
            Node* body = make(NK::Block, line);
            body->kids.push_back(expr);
            if (kind == NK::If) stmt->kids = {cond, body};
            else if (kind == NK::While) stmt->kids = {cond, body, nullptr};
            else stmt->kids = {nullptr, cond, body};
            stmt->flags = (w == "unless" || w == "until") ? 1 : 0;
            stmt->label = "modifier";
            expr = stmt;
        } else {
            break;
        }
    }
    if (!accept_op(";")) {
        if (!is_op("}") && peek().type != TK::End) fail_syntax();
    }
    m_prev_term = false;
    return expr;
}

Node* Parser::parse_sub_body() {
    return parse_block();
}

void Parser::parse_signature(Node* holder, const std::string& sub_name, int line) {
    if (!is_op("(")) {
        holder->kids.push_back(parse_sub_body());
        return;
    }
    // a prototype ($$;@): ignored (it only changes how calls parse, which the list form covers)
    size_t open_end = m_lex.pos();
    size_t close = m_src.find(')', open_end);
    if (close != std::string_view::npos) {
        std::string_view inside = m_src.substr(open_end, close - open_end);
        bool proto = inside.find_first_not_of("$@%; \t") == std::string_view::npos;
        if (!inside.empty() && inside[0] == '&' && inside.find_first_not_of("$@%; \t", 1) == std::string_view::npos) {
            // (&@): `NAME BLOCK LIST` passes the block as an anonymous sub (perlsub "Prototypes"), from here on
            proto = true;
            declared_subs->insert(block_proto_marker + sub_name);
            size_t c = sub_name.rfind("::");
            if (c != std::string::npos) declared_subs->insert(block_proto_marker + sub_name.substr(c + 2));
        }
        if (proto && (!m_signatures || inside.find_first_not_of(" \t") != std::string_view::npos)) {
            auto sv = m_lex.save();
            sv.pos = close + 1;
            m_lex.restore(sv);
            m_have = false;
            m_prev_term = false;
            if (holder->kind == NK::SubDef && is_op(";")) {  // `sub NAME(PROTO);`: a forward declaration
                take();
                holder->kind = NK::Nop;
                return;
            }
            holder->kids.push_back(parse_sub_body());
            return;
        }
    }
    if (!m_signatures) unsupported("a sub prototype", line);
    take();  // (
    m_prev_term = false;
    std::vector<Node*> vars;
    std::vector<std::pair<size_t, Node*>> defaults;
    size_t required = 0;
    bool slurpy = false;
    while (!is_op(")")) {
        Token v = take();
        if (v.type != TK::Var || slurpy) fail_syntax();
        Node* var = make(NK::Var, v.line);
        var->text = v.text;
        if (v.text[0] == '@' || v.text[0] == '%') slurpy = true;
        vars.push_back(var);
        if (accept_op("=")) {
            m_prev_term = false;
            defaults.emplace_back(vars.size(), parse_assign());
        } else if (!slurpy) {
            if (!defaults.empty()) fail_syntax();  // a mandatory parameter after an optional one
            ++required;
        }
        if (!accept_op(",")) break;
        m_prev_term = false;
    }
    expect_op(")");
    m_prev_term = false;
    Node* body = parse_sub_body();
    // the checks, written in Perl and parsed here; the message names the caller's line as perl 5.36 does
    std::string checks;
    size_t max = vars.size() - (slurpy ? 1 : 0);
    auto message = [&](const char* what, const std::string& expected) {
        return "die sprintf(\"Too " + std::string(what) + " arguments for subroutine '" + sub_name +
               "' (got %d; expected " + expected + ") at %s line %d.\\n\", scalar(@_), (caller(0))[1, 2]) if @_ ";
    };
    if (!slurpy) checks += message("many", (defaults.empty() ? "" : "at most ") + std::to_string(max)) + "> " +
                           std::to_string(max) + ";";
    if (required > 0)
        checks += message("few", (max != required || slurpy ? "at least " : "") + std::to_string(required)) + "< " +
                  std::to_string(required) + ";";
    std::vector<Node*> pre;
    if (!checks.empty()) {
        Parser sub = sub_parser(checks, line);
        Node* b = sub.parse_statements(false);
        pre = b->kids;
    }
    Node* my = make(NK::My, line);
    my->text = "my";
    my->flags = 1;
    my->kids = vars;
    Node* args = make(NK::Var, line);
    args->text = "@_";
    Node* assign = make(NK::Assign, line);
    assign->text = "=";
    assign->kids = {my, args};
    pre.push_back(assign);
    for (auto& [count, expr] : defaults) {  // $p = EXPR if @_ < position
        Node* target = make(NK::Var, line);
        target->text = vars[count - 1]->text;
        Node* set = make(NK::Assign, line);
        set->text = "=";
        set->kids = {target, expr};
        Node* n = make(NK::Num, line);
        n->num = static_cast<double>(count);
        n->ival = static_cast<int64_t>(count);
        n->flags = 1;
        Node* argv = make(NK::Var, line);
        argv->text = "@_";
        Node* cond = make(NK::Binop, line);
        cond->text = "<";
        cond->kids = {argv, n};
        Node* iff = make(NK::If, line);
        iff->label = "modifier";
        Node* blk = make(NK::Block, line);
        blk->kids.push_back(set);
        iff->kids = {cond, blk};
        pre.push_back(iff);
    }
    body->kids.insert(body->kids.begin(), pre.begin(), pre.end());
    holder->kids.push_back(body);
}

Node* Parser::parse_if(int line, bool unless) {
    Node* n = make(NK::If, line);
    n->flags = unless ? 1 : 0;
    expect_op("(");
    n->kids.push_back(parse_expr());
    expect_op(")");
    m_prev_term = false;
    n->kids.push_back(parse_block());
    for (;;) {
        if (is_word("elsif")) {
            take();
            expect_op("(");
            n->kids.push_back(parse_expr());
            expect_op(")");
            m_prev_term = false;
            n->kids.push_back(parse_block());
        } else if (is_word("else")) {
            take();
            n->kids.push_back(parse_block());
            break;
        } else {
            break;
        }
    }
    return n;
}

Node* Parser::parse_loop(int line, const std::string& label) {
    // the keyword (while/until/for/foreach) was just taken; m_tok holds it
    std::string kw = m_tok.text;
    if (kw == "while" || kw == "until") {
        Node* n = make(NK::While, line);
        n->text = label;
        n->flags = kw == "until" ? 1 : 0;
        expect_op("(");
        Node* cond = is_op(")") ? nullptr : parse_expr();
        expect_op(")");
        m_prev_term = false;
        Node* body = parse_block();
        Node* cont = nullptr;
        if (is_word("continue")) {
            take();
            cont = parse_block();
        }
        n->kids = {cond, body, cont};
        return n;
    }
    // for / foreach
    Node* var = nullptr;
    if (is_word("my") || is_word("our") || is_word("state")) {
        Token m = take();
        Token v = take();
        if (v.type != TK::Var || v.text[0] != '$') fail_syntax();
        var = make(NK::My, line);
        var->text = m.text;
        Node* vn = make(NK::Var, line);
        vn->text = v.text;
        var->kids.push_back(vn);
    } else if (peek().type == TK::Var && peek().text[0] == '$') {
        Token v = take();
        var = make(NK::Var, line);
        var->text = v.text;
    }
    expect_op("(");
    m_prev_term = false;
    if (!var) {
        // C-style: for (init; cond; step)
        Node* init = nullptr;
        if (!is_op(";")) init = parse_expr();
        if (is_op(";")) {
            take();
            m_prev_term = false;
            Node* cond = is_op(";") ? nullptr : parse_expr();
            expect_op(";");
            m_prev_term = false;
            Node* step = is_op(")") ? nullptr : parse_expr();
            expect_op(")");
            m_prev_term = false;
            Node* body = parse_block();
            Node* n = make(NK::ForC, line);
            n->text = label;
            n->kids = {init, cond, step, body};
            return n;
        }
        expect_op(")");
        m_prev_term = false;
        Node* body = parse_block();
        if (is_word("continue")) unsupported("a continue block on foreach", line);
        Node* n = make(NK::Foreach, line);
        n->text = label;
        n->kids = {nullptr, init, body};
        return n;
    }
    Node* list = is_op(")") ? make(NK::List, line) : parse_expr();
    expect_op(")");
    m_prev_term = false;
    Node* body = parse_block();
    if (is_word("continue")) unsupported("a continue block on foreach", line);
    Node* n = make(NK::Foreach, line);
    n->text = label;
    n->kids = {var, list, body};
    return n;
}

Node* Parser::parse_use(int line, bool is_no) {
    const Token& t = peek();
    if (t.type == TK::Num) {  // use v5.36 / use 5.010
        if (t.num >= 5.011) m_prog.strict_vars = true;
        if (t.num >= 5.035) m_signatures = true;
        if (t.num >= 5.027) m_bitwise = true;
        bool warnings = t.num >= 5.035;
        take();
        accept_op(";");
        m_prev_term = false;
        return warnings ? warnings_node(line, true, {}) : make(NK::Nop, line);
    }
    if (t.type == TK::Word && t.text.size() > 1 && t.text[0] == 'v' && std::isdigit(static_cast<unsigned char>(t.text[1]))) {
        if (std::atoi(t.text.c_str() + 1) >= 5) m_prog.strict_vars = true;
        size_t dot = t.text.find('.');
        bool modern = dot != std::string::npos && std::atoi(t.text.c_str() + dot + 1) >= 35;
        if (dot != std::string::npos && std::atoi(t.text.c_str() + dot + 1) >= 28) m_bitwise = true;
        if (modern) m_signatures = true;
        take();
        while (is_op(".") || peek().type == TK::Num) {
            Token part = take();
            if (part.type == TK::Num) {  // "v5" then ".36" (or "36")
                std::string digits = part.text;
                if (digits.empty()) {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%g", part.num);
                    digits = buf;
                    if (digits.compare(0, 2, "0.") == 0) digits = digits.substr(1);
                }
                if (!digits.empty() && digits[0] == '.') digits = digits.substr(1);
                size_t d2 = digits.find('.');
                if (std::atoi(digits.substr(0, d2).c_str()) >= 35) modern = m_signatures = true;
                if (std::atoi(digits.substr(0, d2).c_str()) >= 28) m_bitwise = true;
            }
        }
        accept_op(";");
        m_prev_term = false;
        // `use v5.35` and later turn warnings on (feature bundle :5.36, perlfunc "use VERSION")
        return modern ? warnings_node(line, true, {}) : make(NK::Nop, line);
    }
    Token m = take();
    if (m.type != TK::Word) fail_syntax();
    const std::string mod = m.text;
    auto skip_to_semicolon = [&] {
        int depth = 0;
        while (peek().type != TK::End && !(depth == 0 && is_op(";"))) {
            if (mod == "feature" && (peek().text.find("signatures") != std::string::npos ||
                                     peek().body.find("signatures") != std::string::npos || peek().text == ":5.36"))
                m_signatures = true;
            if (mod == "feature" && (peek().text.find("bitwise") != std::string::npos ||
                                     peek().body.find("bitwise") != std::string::npos))
                m_bitwise = !is_no;
            if (is_op("(") || is_op("[") || is_op("{")) ++depth;
            if (is_op(")") || is_op("]") || is_op("}")) --depth;
            take();
        }
        accept_op(";");
        m_prev_term = false;
    };
    static const std::set<std::string> pragmas = {"strict", "warnings", "utf8", "feature", "integer_not_yet",
                                                  "diagnostics", "vars_not_yet", "lib", "Carp_not_yet"};
    if (mod == "strict" && !is_no) m_prog.strict_vars = true;
    if (mod == "warnings") return parse_warnings_pragma(line, is_no);
    if (mod == "lib") return use_lib(line, is_no);
    if (mod == "strict" || mod == "feature" || mod == "diagnostics") {
        skip_to_semicolon();
        return make(NK::Nop, line);
    }
    if (mod == "integer") {  // lexically scoped (compiler_expr.cpp, perlop "Integer Arithmetic")
        skip_to_semicolon();
        Node* u = make(NK::Use, line);
        u->text = "integer";
        u->flags = is_no ? 0 : 1;
        return u;
    }
    if (is_no) unsupported("no " + mod, line);
    if (mod == "overload") {
        // use overload KEY => CODE, ...: registered by builtin __overload_import (runtime/builtins_overload.cpp)
        // before the program runs, as perl does at BEGIN time, unless the list names lexical variables (then
        // where it stands)
        Node* call = make(NK::Call, line);
        call->text = "__overload_import";
        call->flags = 1;
        Node* pkg = make(NK::Str, line);
        pkg->text = package;
        call->kids.push_back(pkg);
        if (!is_op(";")) {
            Node* list = parse_comma();
            if (list->kind == NK::List && !list->flags) call->kids.insert(call->kids.end(), list->kids.begin(), list->kids.end());
            else call->kids.push_back(list);
        }
        accept_op(";");
        m_prev_term = false;
        // a variable not declared inside the list (by the anonymous subs' own `my`) may be an outer lexical
        std::set<std::string> declared, used;
        std::vector<Node*> todo{call};
        while (!todo.empty()) {
            Node* x = todo.back();
            todo.pop_back();
            if (!x) continue;
            if (x->kind == NK::Var && x->text.size() > 1 && x->text[0] != '&' && x->text.find("::") == std::string::npos) {
                std::string name = x->text.substr(1);
                bool special = !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') || name == "_" ||
                               name == "a" || name == "b" || name == "ARGV" || name == "ENV";
                if (!special) used.insert(name);
            }
            if (x->kind == NK::My)
                for (Node* v : x->kids)
                    if (v && v->kind == NK::Var && v->text.size() > 1) declared.insert(v->text.substr(1));
            todo.insert(todo.end(), x->kids.begin(), x->kids.end());
        }
        bool lexical = false;
        for (const std::string& u : used) lexical |= declared.count(u) == 0;
        if (lexical) return call;
        Node* p = make(NK::Package, line);
        p->text = package;
        Node* block = make(NK::Block, line);
        block->kids.push_back(call);
        p->kids.push_back(block);
        m_prog.prelude.push_back(p);
        return make(NK::Nop, line);
    }
    if (mod == "utf8") {
        // the source is UTF-8 (perlunicode, utf8.pm): string literals with non-ASCII text are character strings
        const size_t ok = utf8_valid_prefix(m_src);
        if (ok < m_src.size()) {
            int bad_line = 1;
            for (size_t k = 0; k < ok; ++k) bad_line += m_src[k] == '\n';
            char hex[8];
            std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned>(static_cast<unsigned char>(m_src[ok])));
            throw core::Error("Malformed UTF-8 character: \\x" + std::string(hex) + " at " + m_lex.file() + " line " +
                                  std::to_string(bad_line) + ".",
                              core::SourcePos{static_cast<uint32_t>(bad_line), 0});
        }
        if (!is_ascii(m_src)) m_prog.utf8_source = m_lex.utf8 = true;
        skip_to_semicolon();
        return make(NK::Nop, line);
    }
    if (mod == "constant") {
        // use constant NAME => LIST;  use constant { A => 1, B => 2 };
        Node* block = make(NK::Block, line);
        auto add_const = [&](const std::string& name, Node* value) {
            Node* d = make(NK::SubDef, line);
            d->text = package + "::" + name;
            declared_subs->insert(name);
            declared_subs->insert(constant_marker + name);  // a term: `A + 1` is A() + 1 (perlsub "Constant Functions")
            Node* body = make(NK::Block, line);
            body->kids.push_back(value);
            d->kids.push_back(body);
            d->flags = 1;  // constant: no arguments
            block->kids.push_back(d);
        };
        if (is_op("{")) {
            take();
            m_prev_term = false;
            while (!is_op("}")) {
                Token n = take();
                if (n.type != TK::Word && n.type != TK::Quote) fail_syntax();
                if (!accept_op("=>")) expect_op(",");
                m_prev_term = false;
                add_const(n.type == TK::Word ? n.text : n.body, parse_assign());
                if (!accept_op(",")) break;
                m_prev_term = false;
            }
            expect_op("}");
        } else {
            Token n = take();
            if (n.type != TK::Word && n.type != TK::Quote) fail_syntax();
            if (!accept_op("=>")) expect_op(",");
            m_prev_term = false;
            add_const(n.type == TK::Word ? n.text : n.body, parse_comma());
        }
        accept_op(";");
        m_prev_term = false;
        return block;
    }
    if (mod == "parent" || mod == "base") {
        // use parent -norequire, 'A', 'B';  =>  push @ISA, 'A', 'B' (run where it appears)
        Node* list = make(NK::List, line);
        while (!is_op(";") && peek().type != TK::End) {
            Token x = take();
            if (x.type == TK::Quote && x.text == "qw") {
                for (const std::string& word : split_words(x.body)) {
                    Node* s = make(NK::Str, line);
                    s->text = word;
                    list->kids.push_back(s);
                }
            } else if (x.type == TK::Quote) {
                Node* s = make(NK::Str, line);
                s->text = x.body;
                list->kids.push_back(s);
            } else if (x.type == TK::Word) {
                Node* s = make(NK::Str, line);
                s->text = x.text;
                list->kids.push_back(s);
            }
            m_prev_term = false;
        }
        accept_op(";");
        m_prev_term = false;
        bool norequire = false;
        for (Node* k : list->kids) norequire |= k->text == "norequire" || k->text == "-norequire";
        if (!norequire)
            for (Node* k : list->kids) load_parent(k->text, line);
        Node* call = make(NK::Call, line);
        call->text = "push";
        Node* isa = make(NK::Var, line);
        isa->text = "@" + package + "::ISA";
        call->kids.push_back(isa);
        for (Node* k : list->kids) call->kids.push_back(k);
        return call;
    }
    if (mod == "List::Util" || mod == "Scalar::Util" || mod == "POSIX") {
        // the functions are built in (runtime/builtins*.cpp); the import list only names them
        skip_to_semicolon();
        return make(NK::Nop, line);
    }
    if (const char* src = bundled_module_source(mod)) return use_bundled(mod, src, line);
    return use_from_disk(mod, line);  // a MODULE.pm of a -I / use lib directory (parser_files.cpp)
}

}  // namespace trellis::perl
