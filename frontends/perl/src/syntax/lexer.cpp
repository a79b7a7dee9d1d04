/// @file lexer.cpp
/// The Perl 5 tokenizer (see lexer.hpp): numbers (perldata "Scalar value constructors"), variables, barewords,
/// operators, quote-like constructs with any delimiter and nesting brackets, here-docs (`<<"X"`, `<<'X'`,
/// `<<X`, `<<~X`), comments, POD and `__END__`.
#include "syntax/lexer.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <vector>

namespace trellis::perl {

namespace {
// under `use utf8` the bytes of non-ASCII characters are identifier characters (perldata "Identifier parsing":
// a UTF-8 source's identifiers may hold letters beyond ASCII); set by Lexer::next from Lexer::utf8
thread_local bool t_utf8_words = false;
bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (t_utf8_words && static_cast<unsigned char>(c) >= 0x80);
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (t_utf8_words && static_cast<unsigned char>(c) >= 0x80);
}
char closer_of(char c) {
    switch (c) {
        case '(': return ')';
        case '[': return ']';
        case '{': return '}';
        case '<': return '>';
        default: return c;
    }
}
// Operators, longest first (perlop).
const char* const operators[] = {"<<>>", "**=", "||=", "&&=", "//=", "<=>", "...", "<<=", ">>=", "->", "++", "--",
                                 "**",   "=~",  "!~",  "==",  "!=",  "<=",  ">=",  "&&",  "||",  "//", "..", "::",
                                 "<<",   ">>",  "+=",  "-=",  "*=",  "/=",  ".=",  "%=",  "|=",  "&=", "^=", "=>"};
}  // namespace

Lexer::Lexer(std::string_view src, std::string file, int first_line)
    : m_src(src), m_file(std::move(file)), m_line(first_line) {}

void Lexer::fail(const std::string& msg) const {
    throw core::Error(msg + " at " + m_file + " line " + std::to_string(m_line) + ".",
                      core::SourcePos{static_cast<uint32_t>(m_line), 0});
}

void Lexer::newline_seen() {
    ++m_line;
    if (m_heredoc_skip) {  // the here-doc bodies started on this line's end: jump over them
        m_pos = m_heredoc_skip;
        m_line += m_heredoc_lines;
        m_heredoc_skip = 0;
        m_heredoc_lines = 0;
    }
}

void Lexer::skip_space(bool& any) {
    for (;;) {
        char c = peek();
        if (c == '\n') {
            ++m_pos;
            newline_seen();
            any = true;
            // POD: a line starting with =word runs to =cut
            if (peek() == '=' && is_word_start(peek(1))) {
                for (;;) {
                    size_t eol = m_src.find('\n', m_pos);
                    std::string_view l = m_src.substr(m_pos, eol == std::string_view::npos ? std::string_view::npos
                                                                                            : eol - m_pos);
                    bool cut = l.substr(0, 4) == "=cut";
                    if (eol == std::string_view::npos) { m_pos = m_src.size(); break; }
                    m_pos = eol + 1;
                    ++m_line;
                    if (cut) break;
                }
            }
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
            ++m_pos;
            any = true;
        } else if (c == '#') {
            while (m_pos < m_src.size() && m_src[m_pos] != '\n') ++m_pos;
            any = true;
        } else {
            return;
        }
    }
}

bool Lexer::next_char_is(char c) {
    size_t save = m_pos;
    int line = m_line;
    size_t hs = m_heredoc_skip;
    int hl = m_heredoc_lines;
    bool any = false;
    skip_space(any);
    bool r = peek() == c;
    m_pos = save, m_line = line, m_heredoc_skip = hs, m_heredoc_lines = hl;
    return r;
}

Token Lexer::lex_number() {
    Token t;
    t.type = TK::Num;
    size_t start = m_pos;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'b' || peek(1) == 'B' ||
                          std::isdigit(static_cast<unsigned char>(peek(1))) || peek(1) == 'o')) {
        int base = 8;
        if (peek(1) == 'x' || peek(1) == 'X') base = 16, m_pos += 2;
        else if (peek(1) == 'b' || peek(1) == 'B') base = 2, m_pos += 2;
        else if (peek(1) == 'o') m_pos += 2;
        else m_pos += 1;
        uint64_t v = 0;
        double dv = 0;
        bool overflow = false;
        for (;;) {
            char c = peek();
            if (c == '_') { ++m_pos; continue; }
            int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
            if (d >= base) break;
            overflow |= v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base);
            v = v * base + d;
            dv = dv * base + d;
            ++m_pos;
        }
        // up to 2^63-1 an IV, up to 2^64-1 a UV (perlnumber), beyond a double
        if (!overflow) t.is_int = true, t.is_uv = v > static_cast<uint64_t>(INT64_MAX), t.ival = static_cast<int64_t>(v);
        t.num = dv;
        return t;
    }
    std::string digits;
    bool is_float = false;
    while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '_') {
        if (peek() != '_') digits += peek();
        ++m_pos;
    }
    if (peek() == '.' && peek(1) != '.') {
        is_float = true;
        digits += '.';
        ++m_pos;
        while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '_') {
            if (peek() != '_') digits += peek();
            ++m_pos;
        }
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (std::isdigit(static_cast<unsigned char>(peek(1))) ||
         ((peek(1) == '+' || peek(1) == '-') && std::isdigit(static_cast<unsigned char>(peek(2)))))) {
        is_float = true;
        digits += 'e';
        ++m_pos;
        if (peek() == '+' || peek() == '-') digits += peek(), ++m_pos;
        while (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '_') {
            if (peek() != '_') digits += peek();
            ++m_pos;
        }
    }
    (void)start;
    t.num = std::strtod(digits.c_str(), nullptr);
    if (!is_float && digits.size() <= 18) {
        t.is_int = true;
        t.ival = std::strtoll(digits.c_str(), nullptr, 10);
    } else if (!is_float) {
        errno = 0;
        unsigned long long u = std::strtoull(digits.c_str(), nullptr, 10);
        if (errno == 0) {  // 2^63 .. 2^64-1: a UV (perlnumber); larger: a double
            t.is_int = true;
            t.is_uv = u > 9223372036854775807ull;
            t.ival = static_cast<int64_t>(u);
        }
    }
    return t;
}

std::string Lexer::read_delimited(char open) {
    // m_pos is just past the opening delimiter. Backslash-delimiter pairs are kept as written (the consumer
    // decides what an escape means); brackets nest.
    char close = closer_of(open);
    int depth = 1;
    std::string out;
    int start_line = m_line;
    for (;;) {
        if (m_pos >= m_src.size()) {
            m_line = start_line;
            fail("Can't find string terminator \"" + std::string(1, close) + "\" anywhere before EOF");
        }
        char c = m_src[m_pos++];
        if (c == '\n') {
            ++m_line;
            if (m_heredoc_skip) {  // a string spanning the line that has here-doc bodies after it
                m_pos = m_heredoc_skip;
                m_line += m_heredoc_lines;
                m_heredoc_skip = 0;
                m_heredoc_lines = 0;
            }
        }
        if (c == '\\' && m_pos < m_src.size()) {
            out += c;
            out += m_src[m_pos++];
            if (out.back() == '\n') ++m_line;
            continue;
        }
        if (open != close && c == open) ++depth;
        else if (c == close && --depth == 0) return out;
        out += c;
    }
}

bool Lexer::read_quote_like(const std::string& word, Token& t) {
    // word is q qq qw m s tr y qr; the delimiter follows (maybe after whitespace, not `=>` or `,`)
    size_t save = m_pos;
    int save_line = m_line;
    while (peek() == ' ' || peek() == '\t') ++m_pos;
    char d = peek();
    if (d == '\0' || is_word_char(d) || std::isspace(static_cast<unsigned char>(d)) || d == ',' || d == ';' ||
        d == ')' || d == '}' || d == ']' || d == '>' || (d == '=' && peek(1) == '>') || (d == '#' && m_pos != save)) {
        m_pos = save;
        m_line = save_line;
        return false;
    }
    ++m_pos;
    t.type = TK::Quote;
    t.text = word == "y" ? "tr" : word;
    t.interp = d != '\'';
    t.body = read_delimited(d);
    if (t.text == "s" || t.text == "tr") {
        if (closer_of(d) != d) {
            bool any = false;
            skip_space(any);
            char d2 = peek();
            ++m_pos;
            t.repl = read_delimited(d2);
        } else {
            t.repl = read_delimited(d);
        }
    }
    if (t.text == "m" || t.text == "s" || t.text == "tr" || t.text == "qr")
        while (std::isalpha(static_cast<unsigned char>(peek()))) t.mods += m_src[m_pos++];
    return true;
}

void Lexer::read_heredoc(Token& t) {
    // m_pos is past "<<" (and "~" when indented). Terminator: "X", 'X' or a bare identifier.
    bool indent = false;
    if (peek() == '~') indent = true, ++m_pos;
    std::string tag;
    t.interp = true;
    if (peek() == '"' || peek() == '\'') {
        char q = m_src[m_pos++];
        t.interp = q == '"';
        while (m_pos < m_src.size() && m_src[m_pos] != q) tag += m_src[m_pos++];
        ++m_pos;
    } else {
        while (is_word_char(peek())) tag += m_src[m_pos++];
    }
    // The body starts after the current line (or after the bodies of earlier here-docs on this line).
    size_t body_start = m_heredoc_skip ? m_heredoc_skip : m_src.find('\n', m_pos);
    if (body_start == std::string_view::npos) fail("Can't find string terminator \"" + tag + "\" anywhere before EOF");
    if (!m_heredoc_skip) ++body_start;
    size_t p = body_start;
    int lines = 0;
    std::string body;
    std::vector<std::string> body_lines;
    bool found = false;
    while (p < m_src.size()) {
        size_t eol = m_src.find('\n', p);
        size_t end = eol == std::string_view::npos ? m_src.size() : eol;
        std::string_view l = m_src.substr(p, end - p);
        ++lines;
        p = eol == std::string_view::npos ? m_src.size() : eol + 1;
        std::string_view trimmed = l;
        if (indent) {
            size_t k = 0;
            while (k < trimmed.size() && (trimmed[k] == ' ' || trimmed[k] == '\t')) ++k;
            trimmed = trimmed.substr(k);
        }
        if (trimmed == tag) {
            found = true;
            if (indent) {
                size_t strip = l.size() - trimmed.size();
                for (auto& bl : body_lines) {
                    size_t k = 0;
                    while (k < strip && k < bl.size() && (bl[k] == ' ' || bl[k] == '\t')) ++k;
                    body += bl.substr(k);
                    body += '\n';
                }
            } else {
                for (auto& bl : body_lines) body += bl, body += '\n';
            }
            break;
        }
        body_lines.emplace_back(l);
    }
    if (!found) fail("Can't find string terminator \"" + tag + "\" anywhere before EOF");
    m_heredoc_skip = p;
    m_heredoc_lines += lines;
    t.type = TK::Quote;
    t.text = "heredoc";
    t.body = body;
}

Token Lexer::next(bool expect_term) {
    t_utf8_words = utf8;
    bool any = false;
    skip_space(any);
    Token t;
    t.space_before = any;
    t.line = m_line;
    if (m_pos >= m_src.size()) return t;
    char c = peek();

    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && expect_term && std::isdigit(static_cast<unsigned char>(peek(1))))) {
        Token n = lex_number();
        n.space_before = any;
        n.line = t.line;
        return n;
    }
    if (is_word_start(c)) {
        // `-s "file"`, `-x $f`: a file test letter glued to `-` is never the start of s/// y/// q// m//
        const bool file_test = !any && m_pos > 0 && m_src[m_pos - 1] == '-' && !is_word_char(peek(1));
        std::string w;
        while (is_word_char(peek()) || (peek() == ':' && peek(1) == ':' && is_word_start(peek(2))) ||
               (peek() == '\'' && false)) {
            if (peek() == ':') w += "::", m_pos += 2;
            else w += m_src[m_pos++];
        }
        if (peek() == ':' && peek(1) == ':') w += "::", m_pos += 2;  // Foo:: (class name)
        if (!expect_term && (w == "x" || (w[0] == 'x' && w.size() > 1 &&
                                          w.find_first_not_of("0123456789", 1) == std::string::npos))) {
            // the repetition operator, possibly glued to its count (`"a" x3`)
            if (w.size() > 1) m_pos -= w.size() - 1;
            t.type = TK::Op;
            t.text = "x";
            if (w.size() == 1 && peek() == '=' && peek(1) != '=' && peek(1) != '~') ++m_pos, t.text = "x=";
            return t;
        }
        if (w == "__END__" || w == "__DATA__") {
            // the rest after this line is the DATA filehandle's contents (perldata "Special Literals")
            size_t eol = m_src.find('\n', m_pos);
            data_start = eol == std::string_view::npos ? m_src.size() : eol + 1;
            m_pos = m_src.size();
            return Token{};
        }
        if ((w == "q" || w == "qq" || w == "qw" || w == "m" || w == "s" || w == "tr" || w == "y" || w == "qr" ||
             w == "qx") &&
            !(file_test && w.size() == 1) && read_quote_like(w, t)) {
            t.space_before = any;
            return t;
        }
        t.type = TK::Word;
        t.text = w;
        return t;
    }
    if (c == '"' || c == '\'' || c == '`') {
        ++m_pos;
        t.type = TK::Quote;
        t.text = c == '"' ? "qq" : c == '\'' ? "q" : "qx";
        t.interp = c != '\'';
        t.body = read_delimited(c);
        return t;
    }
    if (expect_term && c == '/') {
        ++m_pos;
        t.type = TK::Quote;
        t.text = "m";
        t.body = read_delimited('/');
        while (std::isalpha(static_cast<unsigned char>(peek()))) t.mods += m_src[m_pos++];
        return t;
    }
    if (expect_term && c == '<' && peek(1) == '<' && (peek(2) == '"' || peek(2) == '\'' || peek(2) == '~' || is_word_start(peek(2)))) {
        m_pos += 2;
        read_heredoc(t);
        return t;
    }
    if (expect_term && c == '<') {
        // <STDIN>, <$fh>, <>, <<>>
        size_t k = 1;
        if (peek(k) == '<' && peek(k + 1) == '>' && peek(k + 2) == '>') {
            m_pos += 4;
            t.type = TK::Quote;
            t.text = "readline";
            return t;
        }
        if (peek(k) == '$') ++k;
        while (is_word_char(peek(k)) || peek(k) == ':') ++k;
        if (peek(k) == '>') {
            t.type = TK::Quote;
            t.text = "readline";
            t.body = std::string(m_src.substr(m_pos + 1, k - 1));
            m_pos += k + 1;
            return t;
        }
        // anything else up to `>` on the same line is a file glob (perlop "File Globbing"): <*.c>, <$dir/*>
        size_t e = m_src.find_first_of(">\n", m_pos + 1);
        if (e != std::string::npos && m_src[e] == '>' && e > m_pos + 1 && m_src[m_pos + 1] != ' ' &&
            m_src[m_pos + 1] != '=') {
            t.type = TK::Quote;
            t.text = "glob";
            t.body = std::string(m_src.substr(m_pos + 1, e - m_pos - 1));
            m_pos = e + 1;
            return t;
        }
    }
    if (c == '$' || c == '@' || (c == '%' && expect_term) || (c == '&' && expect_term && peek(1) != '&')) {
        size_t start = m_pos;
        ++m_pos;
        std::string sigil(1, c);
        if (c == '$' && peek() == '#') {
            // $#array, $#{expr}, $#$ref
            if (peek(1) == '{' || peek(1) == '$' || peek(1) == '*') {
                ++m_pos;
                t.type = TK::Cast;
                t.text = "$#";
                return t;
            }
            if (is_word_start(peek(1))) {
                ++m_pos;
                sigil = "$#";
            }
        }
        char d = peek();
        if (d == '*' && sigil.size() == 1) {  // postfix dereference ->@* ->%* ->$*
            t.type = TK::Op;
            t.text = sigil;
            return t;
        }
        if (d == '{' || d == '$') {
            // ${name} is the variable; ${ expr } a dereference
            if (d == '{') {
                size_t k = 1;
                while (peek(k) == ' ') ++k;
                size_t ws = k;
                while (is_word_char(peek(k)) || (peek(k) == ':' && peek(k + 1) == ':')) k += peek(k) == ':' ? 2 : 1;
                size_t we = k;
                while (peek(k) == ' ') ++k;
                if (we > ws && peek(k) == '}' && is_word_start(peek(ws))) {
                    t.type = TK::Var;
                    t.text = sigil + std::string(m_src.substr(m_pos + ws, we - ws));
                    m_pos += k + 1;
                    return t;
                }
                if (c == '$' && peek(1) == '^' && std::isupper(static_cast<unsigned char>(peek(2)))) {
                    size_t e = m_src.find('}', m_pos);
                    if (e == std::string_view::npos) fail("Missing right curly or square bracket");
                    t.type = TK::Var;
                    t.text = "$" + std::string(m_src.substr(m_pos + 1, e - m_pos - 1));
                    m_pos = e + 1;
                    return t;
                }
            }
            if (d == '$' && !(is_word_start(peek(1)) || peek(1) == '{' || peek(1) == '$' || peek(1) == '_' ||
                              peek(1) == ':')) {
                // `$$` alone: the process id
                if (c == '$') {
                    ++m_pos;
                    t.type = TK::Var;
                    t.text = "$$";
                    return t;
                }
            }
            t.type = TK::Cast;
            t.text = sigil;
            return t;
        }
        if (is_word_start(d) || (d == ':' && peek(1) == ':')) {
            std::string name;
            if (d == ':') name = "main", m_pos += 0;
            while (is_word_char(peek()) || (peek() == ':' && peek(1) == ':')) {
                if (peek() == ':') name += "::", m_pos += 2;
                else name += m_src[m_pos++];
            }
            t.type = TK::Var;
            t.text = sigil + name;
            return t;
        }
        if (std::isdigit(static_cast<unsigned char>(d)) && c == '$') {
            std::string name;
            while (std::isdigit(static_cast<unsigned char>(peek()))) name += m_src[m_pos++];
            t.type = TK::Var;
            t.text = "$" + name;
            return t;
        }
        if (c == '$' && d == '^' && std::isupper(static_cast<unsigned char>(peek(1)))) {
            t.type = TK::Var;
            t.text = std::string("$^") + peek(1);
            m_pos += 2;
            return t;
        }
        if (c == '$' && d && std::strchr("_&`'+!@/\\,;.0<>[]|\"-~=%?:^*", d) && d != '\0') {
            t.type = TK::Var;
            t.text = std::string("$") + d;
            ++m_pos;
            return t;
        }
        if (c == '@' && (d == '_' || d == '-' || d == '+')) {
            t.type = TK::Var;
            t.text = std::string("@") + d;
            ++m_pos;
            return t;
        }
        if (c == '%' && (d == '+' || d == '-') ) {
            t.type = TK::Var;
            t.text = std::string("%") + d;
            ++m_pos;
            return t;
        }
        m_pos = start;  // a lone sigil: fall through to operators
        if (c == '@' || c == '$') {
            ++m_pos;
            fail(std::string("syntax error near \"") + c + "\"");
        }
    }
    for (const char* op : operators) {
        size_t n = std::strlen(op);
        if (m_src.substr(m_pos, n) == op) {
            m_pos += n;
            t.type = TK::Op;
            t.text = op;
            return t;
        }
    }
    ++m_pos;
    t.type = TK::Op;
    t.text = std::string(1, c);
    return t;
}

}  // namespace trellis::perl
