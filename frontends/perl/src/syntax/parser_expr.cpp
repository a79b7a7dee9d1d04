/// @file parser_expr.cpp
/// Perl expressions by perlop's precedence table: low-precedence `or xor` / `and` / `not`, list operators and the
/// comma, assignment (right), `?:` (right), `..`, `|| //`, `&&`, `| ^`, `&`, equality, relational, named unary
/// operators, shifts, additive (+ - .), multiplicative (* / % x), binding (=~ !~), unary (! ~ \ - +), `**`
/// (right, binds tighter than unary minus on its left), `++ --`, `->` and subscripts, then terms.
#include <cctype>
#include <cstring>
#include <map>

#include "syntax/parser.hpp"

namespace trellis::perl {

namespace {
enum Prec { P_RANGE = 1, P_OROR, P_ANDAND, P_BITOR, P_BITAND, P_EQ, P_REL, P_UNI, P_SHIFT, P_ADD, P_MUL, P_BIND };

int binary_prec(const Token& t) {
    if (t.type == TK::Op) {
        static const std::map<std::string, int> ops = {
            {"..", P_RANGE}, {"...", P_RANGE}, {"||", P_OROR}, {"//", P_OROR}, {"&&", P_ANDAND}, {"|", P_BITOR},
            {"^", P_BITOR},  {"&", P_BITAND},  {"==", P_EQ},   {"!=", P_EQ},   {"<=>", P_EQ},    {"<", P_REL},
            {">", P_REL},    {"<=", P_REL},    {">=", P_REL},  {"<<", P_SHIFT}, {">>", P_SHIFT}, {"+", P_ADD},
            {"-", P_ADD},    {".", P_ADD},     {"*", P_MUL},   {"/", P_MUL},   {"%", P_MUL},     {"x", P_MUL},
            {"=~", P_BIND},  {"!~", P_BIND}};
        auto it = ops.find(t.text);
        return it == ops.end() ? 0 : it->second;
    }
    if (t.type == TK::Word) {
        static const std::map<std::string, int> words = {{"eq", P_EQ}, {"ne", P_EQ}, {"cmp", P_EQ}, {"lt", P_REL},
                                                          {"gt", P_REL}, {"le", P_REL}, {"ge", P_REL}};
        auto it = words.find(t.text);
        return it == words.end() ? 0 : it->second;
    }
    return 0;
}

// perlfunc's named unary operators: one optional argument, binding tighter than comparison.
const std::set<std::string> named_unary = {
    "defined", "ref",  "scalar", "lc",     "uc",    "lcfirst", "ucfirst", "length", "chr",   "ord",   "int",
    "abs",     "sqrt", "hex",    "oct",    "exists", "delete", "each",    "keys",   "values", "shift", "pop",
    "chomp",   "chop", "exp",    "log",    "sin",   "cos",     "quotemeta", "rand", "srand", "undef", "fc",
    "exit",    "localtime", "gmtime", "sleep", "caller", "chdir", "rmdir", "readline", "close", "lock", "umask",
    "chroot",  "readlink", "stat", "lstat", "uc", "local", "pos", "tell"};
// Words that are terms with no arguments.
const std::set<std::string> term_words = {"wantarray", "time", "times", "wait", "__PACKAGE__", "__FILE__",
                                          "__LINE__", "__SUB__"};
}  // namespace

Node* Parser::parse_whole_expression() {
    Node* e = parse_expr();
    if (peek().type != TK::End) fail_syntax();
    return e;
}

Node* Parser::parse_expr() {
    Node* l = parse_low_and();
    while (is_word("or") || is_word("xor")) {
        Token op = take();
        Node* r = parse_low_and();
        Node* n = make(op.text == "or" ? NK::Logop : NK::Binop, op.line);
        n->text = op.text == "or" ? "||" : "xor";
        n->kids = {l, r};
        l = n;
    }
    return l;
}

Node* Parser::parse_low_and() {
    Node* l = parse_low_not();
    while (is_word("and")) {
        Token op = take();
        Node* r = parse_low_not();
        Node* n = make(NK::Logop, op.line);
        n->text = "&&";
        n->kids = {l, r};
        l = n;
    }
    return l;
}

Node* Parser::parse_low_not() {
    if (is_word("not")) {
        Nest guard(*this);
        Token op = take();
        Node* n = make(NK::Unop, op.line);
        n->text = "!";
        n->kids.push_back(parse_low_not());
        return n;
    }
    return parse_comma();
}

namespace {
bool starts_term(const Token& t) {
    switch (t.type) {
        case TK::Num:
        case TK::Var:
        case TK::Cast:
        case TK::Quote: return true;
        case TK::Word: {
            static const std::set<std::string> stop = {"if", "unless", "while", "until", "for", "foreach", "or",
                                                       "and", "xor", "x", "eq", "ne", "lt", "gt", "le", "ge", "cmp"};
            return !stop.count(t.text);
        }
        case TK::Op: {
            static const std::set<std::string> starts = {"(", "[", "{", "\\", "-", "+", "!", "~", "++", "--", "<"};
            return starts.count(t.text) > 0;
        }
        default: return false;
    }
}
}  // namespace

Node* Parser::parse_comma() {
    int line = peek().line;
    Node* first = parse_assign();
    if (!is_op(",") && !is_op("=>")) return first;
    Node* list = make(NK::List, line);
    list->kids.push_back(first);
    while (is_op(",") || is_op("=>")) {
        take();
        m_prev_term = false;
        if (!starts_term(peek())) break;  // trailing comma
        list->kids.push_back(parse_assign());
    }
    return list;
}

Node* Parser::parse_assign() {
    Nest guard(*this);
    Node* l = parse_ternary();
    const Token& t = peek();
    if (t.type == TK::Op) {
        static const std::set<std::string> assign_ops = {"=",  "+=", "-=", "*=", "/=", ".=", "%=",  "**=", "x=",
                                                         "||=", "&&=", "//=", "|=", "&=", "^=", "<<=", ">>="};
        if (assign_ops.count(t.text)) {
            Token op = take();
            m_prev_term = false;
            Node* r = parse_assign();
            Node* n = make(NK::Assign, op.line);
            n->text = op.text;
            n->kids = {l, r};
            if (m_bitwise && (op.text == "|=" || op.text == "&=" || op.text == "^=")) n->flags |= 16;
            return n;
        }
    }
    return l;
}

Node* Parser::parse_ternary() {
    Node* c = parse_binary(P_RANGE);
    if (!is_op("?")) return c;
    Token q = take();
    m_prev_term = false;
    Node* a = parse_assign();
    expect_op(":");
    m_prev_term = false;
    Node* b = parse_assign();
    Node* n = make(NK::Ternary, q.line);
    n->kids = {c, a, b};
    return n;
}

Node* Parser::parse_binary(int min_prec) {
    Node* l = parse_unary();
    for (;;) {
        const Token& t = peek();
        int p = binary_prec(t);
        if (!p || p < min_prec) return l;
        Token op = take();
        m_prev_term = false;
        // left-associative except ranges and comparisons (non-associative; parsed left here)
        Node* r = parse_binary(p + 1);
        Node* n;
        if (op.text == "&&" || op.text == "||" || op.text == "//") {
            n = make(NK::Logop, op.line);
            n->text = op.text;
            n->kids = {l, r};
        } else if (op.text == ".." || op.text == "...") {
            n = make(NK::Range, op.line);
            n->text = op.text;
            n->kids = {l, r};
        } else if (op.text == "=~" || op.text == "!~") {
            if ((r->kind == NK::Match || r->kind == NK::Subst || r->kind == NK::Trans) && !(r->flags & 1)) {
                size_t target = r->kind == NK::Match ? 1 : 2;
                if (r->kids.size() <= target) r->kids.resize(target + 1, nullptr);
                r->kids[target] = l;
                if (op.text == "!~") r->flags |= 2;
                n = r;
            } else {
                // $x =~ $re / $x =~ "text": a run-time pattern
                n = make(NK::Match, op.line);
                n->kids = {r, l};
                if (op.text == "!~") n->flags |= 2;
            }
        } else {
            n = make(NK::Binop, op.line);
            n->text = op.text;
            n->kids = {l, r};
            // feature 'bitwise' (perlop "Bitwise String Operators"): | & ^ are always numeric
            if (m_bitwise && (op.text == "|" || op.text == "&" || op.text == "^")) n->flags |= 16;
        }
        l = n;
    }
}

Node* Parser::parse_unary() {
    const Token& t = peek();
    if (t.type == TK::Op && (t.text == "!" || t.text == "~" || t.text == "\\" || t.text == "-" || t.text == "+")) {
        Nest guard(*this);
        Token op = take();
        m_prev_term = false;
        if (op.text == "-" && peek().type == TK::Word && peek().text.size() == 1 &&
            std::strchr("edfszrwxlMAC", peek().text[0]) && !peek().space_before) {
            // file test operator -e FILE
            Token ft = take();
            m_prev_term = false;
            Node* n = make(NK::Call, op.line);
            n->text = "-" + ft.text;
            if (starts_term(peek())) n->kids.push_back(parse_unary());
            return n;
        }
        if (op.text == "-" && peek().type == TK::Word && !peek().space_before && !named_unary.count(peek().text) &&
            !m_lex.next_char_is('(') && !(declared_subs && declared_subs->count(peek().text))) {
            // -bareword is the string "-bareword" (but -sin(...), -length $s, -f(1) negate a call)
            Token w = take();
            m_prev_term = true;
            Node* s = make(NK::Str, op.line);
            s->text = "-" + w.text;
            return s;
        }
        Node* operand = parse_unary();
        if (op.text == "+") return operand;
        Node* n = make(NK::Unop, op.line);
        n->text = op.text;
        n->kids.push_back(operand);
        if (m_bitwise && op.text == "~") n->flags |= 16;  // feature 'bitwise': ~ is always numeric
        return n;
    }
    return parse_pow();
}

Node* Parser::parse_pow() {
    Node* l = parse_postfix_incdec();
    if (is_op("**")) {
        Nest guard(*this);
        Token op = take();
        m_prev_term = false;
        Node* r = parse_unary();  // right-associative; -2 allowed on the right
        Node* n = make(NK::Binop, op.line);
        n->text = "**";
        n->kids = {l, r};
        return n;
    }
    return l;
}

Node* Parser::parse_postfix_incdec() {
    if (is_op("++") || is_op("--")) {
        Nest guard(*this);
        Token op = take();
        m_prev_term = false;
        Node* n = make(NK::PreInc, op.line);
        n->text = op.text;
        n->kids.push_back(parse_postfix_incdec());
        return n;
    }
    Node* e = parse_postfix(parse_primary());
    if (is_op("++") || is_op("--")) {
        Token op = take();
        m_prev_term = true;
        Node* n = make(NK::PostInc, op.line);
        n->text = op.text;
        n->kids.push_back(e);
        return n;
    }
    return e;
}

// `$h{1, 2}`: a key that is a list means join($;, LIST) (perlvar "$;", multidimensional array emulation).
Node* Parser::element_key(Node* key) {
    if (key->kind != NK::List || key->kids.size() < 2) return key;
    Node* join = make(NK::Call, key->line);
    join->text = "join";
    join->flags = 1;
    Node* sep = make(NK::Var, key->line);
    sep->text = "$;";
    join->kids.push_back(sep);
    for (Node* k : key->kids) join->kids.push_back(k);
    return join;
}

Node* Parser::parse_hash_key() {
    // after `{`: a bareword (or -bareword) alone is a string key
    const Token& t = peek();
    if (t.type == TK::Word || (t.type == TK::Op && t.text == "-")) {
        auto saved = m_lex.save();
        Token st = m_tok;
        bool prev = m_prev_term;
        Token first = take();
        std::string key = first.text;
        bool ok = true;
        if (first.type == TK::Op) {
            const Token& w = peek();
            if (w.type == TK::Word) key += take().text;
            else ok = false;
        }
        if (ok && is_op("}")) {
            Node* s = make(NK::Str, t.line);
            s->text = key;
            return s;
        }
        m_lex.restore(saved);
        m_tok = st;
        m_have = true;
        m_prev_term = prev;
    }
    return parse_expr();
}

Node* Parser::parse_subscripts(Node* n, bool arrow_seen) {
    // n is a scalar expression holding a reference (arrow_seen) or an element; chains [..] {..} (..)
    for (;;) {
        if (is_op("->")) {
            Token a = take();
            m_prev_term = false;
            if (is_op("[")) {
                take();
                m_prev_term = false;
                Node* idx = parse_expr();
                expect_op("]");
                Node* d = make(NK::Deref, a.line);
                d->text = "@";
                d->kids.push_back(n);
                Node* e = make(NK::Elem, a.line);
                e->text = "[";
                e->kids = {d, idx};
                n = e;
            } else if (is_op("{")) {
                take();
                m_prev_term = false;
                Node* key = element_key(parse_hash_key());
                expect_op("}");
                Node* d = make(NK::Deref, a.line);
                d->text = "%";
                d->kids.push_back(n);
                Node* e = make(NK::Elem, a.line);
                e->text = "{";
                e->kids = {d, key};
                n = e;
            } else if (is_op("(")) {
                take();
                m_prev_term = false;
                Node* c = make(NK::CallRef, a.line);
                c->kids.push_back(n);
                if (!is_op(")")) {
                    Node* args = parse_expr();
                    c->kids.push_back(args);
                }
                expect_op(")");
                n = c;
            } else if (is_op("@")) {
                take();
                expect_op("*");
                Node* d = make(NK::Deref, a.line);
                d->text = "@";
                d->kids.push_back(n);
                n = d;
            } else if (is_op("%")) {
                take();
                expect_op("*");
                Node* d = make(NK::Deref, a.line);
                d->text = "%";
                d->kids.push_back(n);
                n = d;
            } else if (is_op("$")) {
                take();
                expect_op("*");
                Node* d = make(NK::Deref, a.line);
                d->text = "$";
                d->kids.push_back(n);
                n = d;
            } else if (peek().type == TK::Cast && peek().text == "$#") {
                take();
                expect_op("*");
                Node* d = make(NK::Deref, a.line);
                d->text = "@";
                d->kids.push_back(n);
                Node* l = make(NK::ArrayLen, a.line);
                l->kids.push_back(d);
                n = l;
            } else if (peek().type == TK::Word || peek().type == TK::Var) {
                // method call
                Token m = take();
                Node* c = make(NK::Method, a.line);
                c->kids.push_back(n);
                if (m.type == TK::Word) {
                    c->text = m.text;
                } else {
                    Node* v = make(NK::Var, m.line);
                    v->text = m.text;
                    c->kids.push_back(v);
                }
                m_prev_term = true;
                if (is_op("(")) {
                    take();
                    m_prev_term = false;
                    if (!is_op(")")) {
                        Node* args = parse_expr();
                        c->kids.push_back(args);
                    }
                    expect_op(")");
                }
                n = c;
            } else {
                fail_syntax();
            }
            arrow_seen = true;
            continue;
        }
        // implicit arrow between subscripts: $x[0][1], $h{a}{b}, $r->[0]{k}
        if (arrow_seen && !peek().space_before && (is_op("[") || is_op("{"))) {
            bool brack = is_op("[");
            Token a = take();
            m_prev_term = false;
            Node* idx = brack ? parse_expr() : element_key(parse_hash_key());
            expect_op(brack ? "]" : "}");
            Node* d = make(NK::Deref, a.line);
            d->text = brack ? "@" : "%";
            d->kids.push_back(n);
            Node* e = make(NK::Elem, a.line);
            e->text = brack ? "[" : "{";
            e->kids = {d, idx};
            n = e;
            continue;
        }
        if (arrow_seen && is_op("(") && n->kind == NK::Elem) {
            take();
            m_prev_term = false;
            Node* c = make(NK::CallRef, n->line);
            c->kids.push_back(n);
            if (!is_op(")")) c->kids.push_back(parse_expr());
            expect_op(")");
            n = c;
            continue;
        }
        return n;
    }
}

Node* Parser::parse_postfix(Node* term) {
    bool subscriptable = term->kind == NK::Elem || term->kind == NK::CallRef || term->kind == NK::Method ||
                         (term->kind == NK::Var && term->text[0] == '$') || term->kind == NK::Deref ||
                         term->kind == NK::AnonArray || term->kind == NK::AnonHash || term->kind == NK::AnonSub ||
                         term->kind == NK::Call || term->kind == NK::Str || term->kind == NK::DoBlock ||
                         (term->kind == NK::List && term->flags);
    if (!subscriptable) return term;
    return parse_subscripts(term, term->kind == NK::Elem);
}

Node* Parser::parse_variable(const Token& t) {
    // t is a Var token; handles $x[..] $x{..} @x[..] @x{..} %x{..}
    int line = t.line;
    char sigil = t.text[0];
    std::string name = t.text.substr(1);
    if (t.text.compare(0, 2, "$#") == 0) {
        Node* a = make(NK::Var, line);
        a->text = "@" + t.text.substr(2);
        Node* n = make(NK::ArrayLen, line);
        n->kids.push_back(a);
        return n;
    }
    if (sigil == '&') {
        Node* c = make(NK::Call, line);
        c->text = name;
        c->flags = 2;
        if (is_op("(")) {
            take();
            m_prev_term = false;
            c->flags |= 1;
            if (!is_op(")")) {
                Node* args = parse_expr();
                if (args->kind == NK::List) c->kids = args->kids;
                else c->kids.push_back(args);
            }
            expect_op(")");
        }
        return c;
    }
    if ((sigil == '$' || sigil == '@' || sigil == '%') && !peek().space_before && (is_op("[") || is_op("{"))) {
        bool brack = is_op("[");
        Token a = take();
        m_prev_term = false;
        Node* idx = brack ? parse_expr() : parse_hash_key();
        if (sigil == '$' && !brack) idx = element_key(idx);
        expect_op(brack ? "]" : "}");
        Node* agg = make(NK::Var, line);
        agg->text = std::string(1, brack ? '@' : '%') + name;
        Node* n = make(sigil == '$' ? NK::Elem : NK::Slice, line);
        n->text = brack ? "[" : "{";
        n->kids = {agg, idx};
        if (sigil == '%') n->flags = 1;
        if (sigil == '$') return parse_subscripts(n, true);
        return n;
    }
    Node* v = make(NK::Var, line);
    v->text = t.text;
    return v;
}

Node* Parser::parse_cast(const Token& t) {
    // t is a Cast token ("$", "@", "%", "&", "$#") followed by { expr } or a $var (or another cast)
    int line = t.line;
    Node* inner;
    if (is_op("{")) {
        take();
        m_prev_term = false;
        Node* block = parse_statements(true);
        expect_op("}");
        if (block->kids.size() == 1 && block->kids[0]->kind != NK::If && block->kids[0]->kind != NK::While)
            inner = block->kids[0];
        else {
            inner = make(NK::DoBlock, line);
            inner->kids.push_back(block);
        }
    } else if (peek().type == TK::Var && peek().text[0] == '$') {
        Token v = take();
        inner = make(NK::Var, v.line);
        inner->text = v.text;
    } else if (peek().type == TK::Cast && peek().text == "$") {
        Token c = take();
        inner = parse_cast(c);
    } else {
        fail_syntax();
    }
    const std::string& s = t.text;
    if (s == "$#") {
        Node* d = make(NK::Deref, line);
        d->text = "@";
        d->kids.push_back(inner);
        Node* n = make(NK::ArrayLen, line);
        n->kids.push_back(d);
        return n;
    }
    if (s == "&") {
        Node* c = make(NK::CallRef, line);
        c->kids.push_back(inner);
        if (is_op("(")) {
            take();
            m_prev_term = false;
            if (!is_op(")")) c->kids.push_back(parse_expr());
            expect_op(")");
        } else {
            c->flags = 1;  // &$code; passes the current @_
        }
        return c;
    }
    if ((s == "$" || s == "@" || s == "%") && !peek().space_before && (is_op("[") || is_op("{"))) {
        bool brack = is_op("[");
        Token a = take();
        m_prev_term = false;
        Node* idx = brack ? parse_expr() : parse_hash_key();
        if (s == "$" && !brack) idx = element_key(idx);
        expect_op(brack ? "]" : "}");
        Node* d = make(NK::Deref, line);
        d->text = brack ? "@" : "%";
        d->kids.push_back(inner);
        Node* n = make(s == "$" ? NK::Elem : NK::Slice, line);
        n->text = brack ? "[" : "{";
        n->kids = {d, idx};
        if (s == "%") n->flags = 1;
        if (s == "$") return parse_subscripts(n, true);
        return n;
    }
    Node* d = make(NK::Deref, line);
    d->text = s;
    d->kids.push_back(inner);
    return d;
}

bool Parser::statement_is_anon_hash() {
    // a statement starting `{ WORD =>` or `{ 'key',` is an anonymous hash (toke.c; `{}` stays a block), e.g. the
    // value a file run by `do FILE` ends with
    if (!block_is_anon_hash()) return false;
    auto saved = m_lex.save();
    Token st = m_tok;
    bool had = m_have, prev = m_prev_term;
    take();  // {
    m_prev_term = false;
    bool empty = is_op("}");
    m_lex.restore(saved);
    m_tok = st;
    m_have = had;
    m_prev_term = prev;
    return !empty;
}

bool Parser::block_is_anon_hash() {
    // perl's guess for `{` where a block or an anonymous hash may start (toke.c): `{}` or `{ WORD/STRING ,|=>`
    // is a hash; anything else a block.
    auto saved = m_lex.save();
    Token st = m_tok;
    bool had = m_have;
    bool prev = m_prev_term;
    take();  // {
    m_prev_term = false;
    bool hash = false;
    const Token& a = peek();
    if (a.type == TK::Op && a.text == "}") hash = true;
    else if (a.type == TK::Word || (a.type == TK::Quote && (a.text == "q" || a.text == "qq")) ||
             (a.type == TK::Var && a.text[0] == '$')) {
        bool is_var = a.type == TK::Var;
        take();
        const Token& b = peek();
        hash = b.type == TK::Op && (b.text == "=>" || (b.text == "," && !is_var));
        if (is_var && b.type == TK::Op && b.text == "=>") hash = false;  // map { $_ => 1 } is a block
    }
    m_lex.restore(saved);
    m_tok = st;
    m_have = had;
    m_prev_term = prev;
    return hash;
}

Node* Parser::parse_anon_sub(int line) {
    Node* s = make(NK::AnonSub, line);
    parse_signature(s, package + "::__ANON__", line);
    m_prev_term = true;
    return s;
}

Node* Parser::parse_primary() {
    Token t = take();
    int line = t.line;
    switch (t.type) {
        case TK::End: fail_syntax();
        case TK::Num: {
            Node* n = make(NK::Num, line);
            n->num = t.num;
            n->ival = t.ival;
            n->flags = t.is_int ? (t.is_uv ? 3 : 1) : 0;
            return n;
        }
        case TK::Var: return parse_variable(t);
        case TK::Cast: return parse_cast(t);
        case TK::Quote: return parse_quote(t);
        case TK::Word: return parse_word(t);
        case TK::Op: break;
    }
    if (t.text == "(") {
        m_prev_term = false;
        Node* l;
        if (is_op(")")) l = make(NK::List, line);
        else l = parse_expr();
        expect_op(")");
        if (l->kind != NK::List) {
            Node* w = make(NK::List, line);
            w->kids.push_back(l);
            l = w;
        }
        l->flags = 1;
        if (is_op("[")) {  // list slice (LIST)[...]
            take();
            m_prev_term = false;
            Node* idx = parse_expr();
            expect_op("]");
            Node* s = make(NK::Slice, line);
            s->text = "(";
            s->kids = {l, idx};
            return s;
        }
        return l;
    }
    if (t.text == "[") {
        m_prev_term = false;
        Node* a = make(NK::AnonArray, line);
        if (!is_op("]")) a->kids.push_back(parse_expr());
        expect_op("]");
        return a;
    }
    if (t.text == "{") {
        m_prev_term = false;
        Node* h = make(NK::AnonHash, line);
        if (!is_op("}")) h->kids.push_back(parse_expr());
        expect_op("}");
        return h;
    }
    if (t.text == "<") fail_syntax();
    fail_syntax();
}

Node* Parser::parse_call_args(Node* call, bool named_unary) {
    // arguments of a builtin or sub: `(...)` or, without parentheses, a list up to a lower-precedence operator
    if (is_op("(")) {
        take();
        m_prev_term = false;
        call->flags |= 1;
        if (!is_op(")")) {
            Node* args = parse_expr();
            if (args->kind == NK::List && !args->flags) call->kids = args->kids;
            else call->kids.push_back(args);
        }
        expect_op(")");
        return call;
    }
    if (!starts_term(peek())) return call;
    if (named_unary) {
        call->kids.push_back(parse_binary(P_UNI + 1));
        return call;
    }
    Node* args = parse_comma();
    if (args->kind == NK::List && !args->flags) call->kids = args->kids;
    else call->kids.push_back(args);
    return call;
}

Node* Parser::parse_block_or_hash_arg(Node* call) {
    // sort/map/grep: an optional leading BLOCK (no comma after it), then the list
    bool parens = false;
    if (is_op("(")) {
        take();
        m_prev_term = false;
        parens = true;
        call->flags |= 1;
    }
    if (is_op("{") && !block_is_anon_hash()) {
        Node* body = parse_block();
        Node* s = make(NK::AnonSub, call->line);
        s->kids.push_back(body);
        call->kids.push_back(s);
        call->flags |= 4;
        accept_op(",");
        m_prev_term = false;
    } else if (call->text == "sort" && peek().type == TK::Word && !is_word("map") && !is_word("grep") &&
               !is_word("keys") && !is_word("values") && !is_word("reverse") && !is_word("sort")) {
        // sort NAME LIST: NAME is the comparison sub
        Token w = take();
        m_prev_term = false;
        Node* c = make(NK::Var, call->line);
        c->text = "&" + w.text;
        call->kids.push_back(c);
        call->flags |= 8;
    } else if (call->text == "sort" && peek().type == TK::Var && peek().text[0] == '$') {
        // sort $subref LIST
        auto saved = m_lex.save();
        Token st = m_tok;
        Token v = take();
        if (starts_term(peek()) && !is_op("(")) {
            Node* c = make(NK::Var, call->line);
            c->text = v.text;
            call->kids.push_back(c);
            call->flags |= 8;
        } else {
            m_lex.restore(saved);
            m_tok = st;
            m_have = true;
            m_prev_term = false;
        }
    }
    if (parens) {
        if (!is_op(")")) {
            Node* args = parse_expr();
            if (args->kind == NK::List && !args->flags) for (Node* k : args->kids) call->kids.push_back(k);
            else call->kids.push_back(args);
        }
        expect_op(")");
    } else if (starts_term(peek())) {
        Node* args = parse_comma();
        if (args->kind == NK::List && !args->flags) for (Node* k : args->kids) call->kids.push_back(k);
        else call->kids.push_back(args);
    }
    return call;
}

Node* Parser::parse_word(const Token& t) {
    int line = t.line;
    const std::string& w = t.text;
    // WORD => is a string
    if (is_op("=>")) {
        Node* s = make(NK::Str, line);
        s->text = w;
        return s;
    }
    if (w == "my" || w == "our" || w == "state" || w == "local") {
        Node* m = make(NK::My, line);
        m->text = w;
        if (is_op("(")) {
            take();
            m_prev_term = false;
            m->flags = 1;
            while (!is_op(")")) {
                Token v = take();
                if (v.type == TK::Word && v.text == "undef") {
                    Node* u = make(NK::Call, v.line);
                    u->text = "undef";
                    m->kids.push_back(u);
                } else {
                    if (v.type != TK::Var) fail_syntax();
                    Node* vn = make(NK::Var, v.line);
                    vn->text = v.text;
                    m->kids.push_back(vn);
                }
                if (!accept_op(",")) break;
                m_prev_term = false;
            }
            expect_op(")");
        } else {
            Token v = take();
            if (v.type == TK::Cast && w == "local") unsupported("local on a dereference", line);
            if (v.type != TK::Var) fail_syntax();
            if (w == "local" && !peek().space_before && (is_op("{") || is_op("["))) {
                Node* e = parse_variable(v);
                if (e->kind != NK::Elem) unsupported("local on a slice", line);
                m->kids.push_back(e);
                return m;
            }
            Node* vn = make(NK::Var, v.line);
            vn->text = v.text;
            m->kids.push_back(vn);
        }
        for (Node* k : m->kids)  // for BEGIN blocks (Parser::lexical_names, our_names)
            if (k->kind == NK::Var && (w == "my" || w == "state")) lexical_names.insert(k->text);
            else if (k->kind == NK::Var && w == "our") our_names[k->text] = package;
        return m;
    }
    if (w == "__PACKAGE__") {
        Node* s = make(NK::Str, line);
        s->text = package;
        m_prev_term = true;
        return s;
    }
    if (w == "__FILE__") {
        Node* s = make(NK::Str, line);
        s->text = m_lex.file();
        m_prev_term = true;
        return s;
    }
    if (w == "__LINE__") {
        Node* s = make(NK::Num, line);
        s->num = line;
        s->ival = line;
        s->flags = 1;
        m_prev_term = true;
        return s;
    }
    if (w == "wantarray") {
        m_prev_term = true;
        if (is_op("(")) {
            take();
            expect_op(")");
        }
        return make(NK::Wantarray, line);
    }
    if (w == "sub") return parse_anon_sub(line);
    if (w == "do") {
        if (is_op("{")) {
            Node* d = make(NK::DoBlock, line);
            d->kids.push_back(parse_block());
            m_prev_term = true;
            return d;
        }
        return parse_do_file(line);
    }
    if (w == "require") return parse_require(line);
    if (w == "eval") {
        if (is_op("{")) {
            Node* d = make(NK::EvalBlock, line);
            d->kids.push_back(parse_block());
            m_prev_term = true;
            return d;
        }
        Node* c = make(NK::Call, line);  // eval STRING: flags 8
        c->text = "eval";
        c->flags = 8;
        return parse_call_args(c, true);
    }
    if (w == "qw") fail_syntax();
    if (w == "goto") {
        // goto &sub / goto &$code (perlfunc "goto"): the current sub returns what the callee, given this @_,
        // returns (caller() still sees this frame, which perl's goto removes)
        if (peek().type == TK::Word) unsupported("goto LABEL", line);
        Node* target = parse_unary();
        if (!((target->kind == NK::Call && (target->flags & 2) && !(target->flags & 1)) ||
              (target->kind == NK::CallRef && (target->flags & 1))))
            unsupported("this form of goto", line);
        Node* r = make(NK::Return, line);
        r->kids.push_back(target);
        return r;
    }
    if (w == "return") {
        Node* r = make(NK::Return, line);
        if (starts_term(peek())) r->kids.push_back(parse_comma());
        return r;
    }
    if (w == "last" || w == "next" || w == "redo") {
        Node* r = make(NK::LoopCtl, line);
        r->text = w;
        if (peek().type == TK::Word && std::isupper(static_cast<unsigned char>(peek().text[0]))) r->label = take().text;
        return r;
    }
    if (w == "sort" || w == "map" || w == "grep") {
        Node* c = make(NK::Call, line);
        c->text = w;
        return parse_block_or_hash_arg(c);
    }
    if (w == "print" || w == "printf" || w == "say") {
        Node* c = make(NK::Call, line);
        c->text = w;
        bool parens = false;
        if (is_op("(")) {
            take();
            m_prev_term = false;
            parens = true;
        }
        // filehandle: print STDERR ..., print {$fh} ..., print $fh LIST
        Node* fh = nullptr;
        auto bareword_handle = [&] {
            // print FH LIST: an upper-case bareword that is not a sub, followed by a term (not `,` or `(`)
            const Token& w = peek();
            if (w.type != TK::Word) return false;
            if (w.text == "STDOUT" || w.text == "STDERR") return true;
            for (char ch : w.text)
                if (!(std::isupper(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '_'))
                    return false;
            if (declared_subs->count(w.text)) return false;
            auto saved = m_lex.save();
            Token st = m_tok;
            take();
            bool term = starts_term(peek()) && !is_op("(") && !is_op("-") && !is_op("+");
            m_lex.restore(saved);
            m_tok = st;
            m_have = true;
            m_prev_term = false;
            return term;
        };
        if (bareword_handle()) {
            Token h = take();
            fh = make(NK::FileHandle, h.line);
            fh->text = h.text;
            m_prev_term = false;
        } else if (is_op("{")) {
            take();
            m_prev_term = false;
            fh = parse_expr();
            expect_op("}");
            m_prev_term = false;
            Node* wrap = make(NK::FileHandle, line);
            wrap->kids.push_back(fh);
            fh = wrap;
        } else if (peek().type == TK::Var && peek().text[0] == '$') {
            auto saved = m_lex.save();
            Token st = m_tok;
            Token v = take();
            const Token& n = peek();
            bool is_fh = (n.type == TK::Quote || n.type == TK::Var || n.type == TK::Num) && n.space_before;
            m_lex.restore(saved);
            m_tok = st;
            m_have = true;
            m_prev_term = false;
            if (is_fh) {
                take();
                m_prev_term = false;
                Node* wrap = make(NK::FileHandle, line);
                Node* vn = make(NK::Var, v.line);
                vn->text = v.text;
                wrap->kids.push_back(vn);
                fh = wrap;
            }
        }
        c->kids.push_back(fh ? fh : make(NK::Nop, line));
        if (parens) {
            c->flags |= 1;
            if (!is_op(")")) {
                Node* args = parse_expr();
                if (args->kind == NK::List && !args->flags) for (Node* k : args->kids) c->kids.push_back(k);
                else c->kids.push_back(args);
            }
            expect_op(")");
        } else if (starts_term(peek())) {
            Node* args = parse_comma();
            if (args->kind == NK::List && !args->flags) for (Node* k : args->kids) c->kids.push_back(k);
            else c->kids.push_back(args);
        }
        return c;
    }
    if (term_words.count(w)) {
        Node* c = make(NK::Call, line);
        c->text = w;
        m_prev_term = true;
        if (is_op("(")) {
            take();
            expect_op(")");
        }
        return c;
    }
    // Class->method / Class::->method (but `shift->{x}` and `pop->m` call the builtin)
    if ((is_op("->") && !named_unary.count(w)) || is_op("::")) {
        if (is_op("::")) take();
        Node* s = make(NK::Str, line);
        s->text = w.size() > 2 && w.substr(w.size() - 2) == "::" ? w.substr(0, w.size() - 2) : w;
        s->flags = 2;  // bareword class name
        m_prev_term = true;
        return s;
    }
    if (w == "STDIN" || w == "STDOUT" || w == "STDERR") {
        Node* s = make(NK::FileHandle, line);
        s->text = w;
        m_prev_term = true;
        return s;
    }
    if (!is_op("(") && !is_op("=>") && declared_subs->count(constant_marker + w)) {  // use constant NAME: no arguments
        Node* c = make(NK::Call, line);
        c->text = w;
        c->flags = 1;
        m_prev_term = true;
        return c;
    }
    if (declared_subs->count(skip_marker + w)) {
        // Test::More's skip(WHY, N) ends with `last SKIP` in the caller's SKIP: block (a sub cannot leave the
        // caller's loop here): the call becomes do { skip(...); last SKIP }
        Node* c = make(NK::Call, line);
        c->text = w;
        c = parse_call_args(c, false);
        Node* leave = make(NK::LoopCtl, line);
        leave->text = "last";
        leave->label = "SKIP";
        Node* body = make(NK::Block, line);
        body->kids = {c, leave};
        Node* d = make(NK::DoBlock, line);
        d->kids.push_back(body);
        m_prev_term = true;
        return d;
    }
    bool unary = named_unary.count(w) > 0;
    Node* c = make(NK::Call, line);
    c->text = w;
    static const std::set<std::string> builtins_list = {
        "push", "unshift", "splice", "join", "split", "sprintf", "die", "warn", "reverse", "unlink", "open",
        "binmode", "pack", "unpack", "bless", "atan2", "index", "rindex", "substr", "system", "exec", "kill",
        "sprintf", "wantarray", "lc", "uc", "printf", "sum", "sum0", "max", "min", "first", "any", "all", "none",
        "reduce", "shuffle", "uniq", "uniqnum", "maxstr", "minstr", "blessed", "reftype", "looks_like_number",
        "floor", "ceil", "fmod", "pow", "strftime", "dualvar", "weaken", "not", "select", "mkdir", "chmod",
        "opendir", "readdir", "closedir", "seek", "tell", "eof", "read", "sysread", "syswrite", "fileno", "utime",
        "rename", "link", "symlink", "require", "local", "croak", "confess", "carp", "cluck", "min_by", "pairs",
        "exists", "vec", "crypt", "sprintf", "lcfirst", "ucfirst", "chained", "sqrt", "abs", "int", "ord", "chr",
        "rewinddir", "glob", "readpipe", "truncate", "fork", "wait", "waitpid", "pipe", "sysopen", "sysseek",
        "flock"};
    if (w == "undef" || unary || builtins_list.count(w) || declared_subs->count(w) || is_op("(")) {
        if ((w == "first" || w == "any" || w == "all" || w == "none" || w == "reduce" || w == "sum_by" ||
             declared_subs->count(block_proto_marker + w)) &&
            (is_op("{"))) {
            return parse_block_or_hash_arg(c);
        }
        return parse_call_args(c, unary);
    }
    // a bareword: a string (perl would reject it under strict subs)
    Node* s = make(NK::Str, line);
    s->text = w;
    s->flags = 2;
    m_prev_term = true;
    return s;
}

}  // namespace trellis::perl
