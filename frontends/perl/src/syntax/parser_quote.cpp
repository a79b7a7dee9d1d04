/// @file parser_quote.cpp
/// Quote-like constructs (perlop "Quote and Quote-like Operators"): q qq qw, m// s/// tr/// qr//, here-docs and
/// `<FH>`; interpolation of `$x`, `${x}`, `${ expr }`, `$x[..]`, `$x{..}`, `->[..]`/`->{..}` chains, `@x`, `@{[ ]}`,
/// `@x[..]`/`@x{..}` slices, backslash escapes and the case modifiers `\U \L \u \l \Q \E`. Patterns keep their
/// backslashes for PCRE2 and only interpolate variables (perlop "Gory details of parsing quoted constructs").
#include <cctype>
#include <cstring>

#include "syntax/parser.hpp"
#include "utf8.hpp"

namespace trellis::perl {

namespace {
thread_local bool t_utf8_words = false;  // `use utf8`: non-ASCII bytes are identifier characters (lexer.cpp)
bool word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (t_utf8_words && static_cast<unsigned char>(c) >= 0x80);
}
bool word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (t_utf8_words && static_cast<unsigned char>(c) >= 0x80);
}

// Index just past the bracket matching s[i] (an opening bracket), or npos.
size_t match_bracket(const std::string& s, size_t i) {
    char open = s[i];
    char close = open == '[' ? ']' : open == '{' ? '}' : ')';
    int depth = 0;
    for (size_t k = i; k < s.size(); ++k) {
        if (s[k] == '\\') { ++k; continue; }
        if (s[k] == open) ++depth;
        else if (s[k] == close && --depth == 0) return k + 1;
    }
    return std::string::npos;
}

}  // namespace

Node* Parser::pattern_of(const Token& t) {
    if (t.interp) return parse_interpolated(t.body, t.line, true);
    Node* pat = make(NK::Str, t.line);  // m'...': no interpolation
    pat->text = t.body;
    return pat;
}

Node* Parser::parse_quote(const Token& t) {
    int line = t.line;
    const std::string& kind = t.text;
    if (kind == "q" || (kind == "heredoc" && !t.interp)) {
        Node* s = make(NK::Str, line);
        if (kind == "heredoc") {
            s->text = t.body;
            return s;
        }
        for (size_t i = 0; i < t.body.size(); ++i) {
            if (t.body[i] == '\\' && i + 1 < t.body.size() && (t.body[i + 1] == '\\' || t.body[i + 1] == '\'' ||
                                                                 !t.interp)) {
                if (t.body[i + 1] == '\\' || t.body[i + 1] == '\'') ++i;
            }
            s->text += t.body[i];
        }
        return s;
    }
    if (kind == "qq" || kind == "heredoc") return parse_interpolated(t.body, line, false);
    if (kind == "qw") {
        Node* l = make(NK::List, line);
        l->flags = 1;
        for (const std::string& word : split_words(t.body)) {
            Node* s = make(NK::Str, line);
            s->text = word;
            l->kids.push_back(s);
        }
        return l;
    }
    if (kind == "m" || kind == "qr") {
        Node* m = make(NK::Match, line);
        m->kids.push_back(pattern_of(t));
        m->text = t.mods;
        if (kind == "qr") m->flags = 1;
        for (char c : t.mods)
            if (!std::strchr("gimsxoecra", c)) unsupported(std::string("the regex modifier /") + c, line);
        return m;
    }
    if (kind == "s") {
        Node* s = make(NK::Subst, line);
        Node* pat = pattern_of(t);
        Node* repl;
        size_t e_count = 0;
        for (char c : t.mods) {
            if (c == 'e') ++e_count;
            else if (!std::strchr("gimsxr", c)) unsupported(std::string("the substitution modifier /") + c, line);
        }
        if (e_count > 2) unsupported("s/// with more than two /e", line);
        if (e_count) {
            Parser sub = sub_parser(t.repl, line);
            Node* body = sub.parse_statements(false);
            repl = make(NK::DoBlock, line);
            repl->kids.push_back(body);
            if (e_count == 2) {  // /ee: the code's value is evaluated again as perl code (eval STRING)
                Node* ev = make(NK::Call, line);
                ev->text = "eval";
                ev->flags = 8;
                ev->kids.push_back(repl);
                repl = ev;
            }
            // the source text must outlive nothing: nodes copy their strings
        } else if (!t.interp) {
            repl = make(NK::Str, line);
            repl->text = t.repl;
        } else {
            repl = parse_interpolated(t.repl, line, false);
        }
        s->kids = {pat, repl};
        s->text = t.mods;
        return s;
    }
    if (kind == "tr") {
        Node* n = make(NK::Trans, line);
        Node* from = make(NK::Str, line);
        from->text = t.body;
        Node* to = make(NK::Str, line);
        to->text = t.repl;
        n->kids = {from, to};
        n->text = t.mods;
        for (char c : t.mods)
            if (!std::strchr("cdsr", c)) unsupported(std::string("the tr modifier /") + c, line);
        return n;
    }
    if (kind == "readline") {
        Node* r = make(NK::Readline, line);
        r->text = t.body;
        if (!t.body.empty() && t.body[0] == '$') {
            Node* v = make(NK::Var, line);
            v->text = t.body;
            r->kids.push_back(v);
        }
        return r;
    }
    if (kind == "qx" || kind == "glob") {  // `cmd` / qx{cmd}: readpipe(STRING); <*.c>: glob(STRING) (perlop)
        Node* c = make(NK::Call, line);
        c->text = kind == "qx" ? "readpipe" : "glob";
        Node* arg;
        if (t.interp) {
            arg = parse_interpolated(t.body, line, false);
        } else {
            arg = make(NK::Str, line);
            arg->text = t.body;
        }
        c->kids.push_back(arg);
        return c;
    }
    unsupported("the quote-like operator " + kind, line);
}

Node* Parser::parse_interpolated(const std::string& body, int line, bool regex) {
    t_utf8_words = m_prog.utf8_source;
    // Parts are collected into groups: the case modifiers \U \L \Q open a group closed by \E (or the end), and
    // \u \l apply to the next part.
    struct Group {
        Node* interp;
        std::string func;  // uc, lc, quotemeta or "" for the top
    };
    std::vector<Group> groups;
    Node* top = make(NK::Interp, line);
    groups.push_back({top, ""});
    std::string pending_first;  // "ucfirst"/"lcfirst" for the next part
    std::string lit;
    // lit is a character string (a code point above 0xFF, or non-ASCII source text under `use utf8`); the
    // offsets in lit of the bytes 0x80-0xFF that escapes made
    bool lit_wide = false;
    std::vector<size_t> esc_high;
    int cur_line = line;
    auto add_part = [&](Node* part) {
        if (!pending_first.empty()) {
            Node* c = make(NK::Call, line);
            c->text = pending_first;
            c->kids.push_back(part);
            part = c;
            pending_first.clear();
        }
        groups.back().interp->kids.push_back(part);
    };
    auto flush = [&] {
        if (lit.empty()) return;
        if (!pending_first.empty() && !regex) {
            lit[0] = pending_first == "ucfirst" ? static_cast<char>(std::toupper(static_cast<unsigned char>(lit[0])))
                                                : static_cast<char>(std::tolower(static_cast<unsigned char>(lit[0])));
            pending_first.clear();
        }
        if (lit_wide && !esc_high.empty()) {
            // a character string: the bytes \xHH and \NNN made are characters too (perlop "Quote and
            // Quote-like Operators"), so they are stored UTF-8 encoded like the rest
            std::string enc;
            size_t from = 0;
            for (size_t at : esc_high) {
                enc.append(lit, from, at - from);
                append_utf8(enc, static_cast<unsigned char>(lit[at]));
                from = at + 1;
            }
            enc.append(lit, from, std::string::npos);
            lit = std::move(enc);
        }
        const bool high = !regex && !is_ascii(lit);
        if (high) (lit_wide ? m_prog.utf8_texts : m_prog.byte_texts).insert(lit);
        Node* s = make(NK::Str, line);
        s->text = lit;
        s->ival = high ? (lit_wide ? 1 : 2) : 0;  // compiler's kstr: a character or a byte string
        esc_high.clear();
        lit_wide = false;
        groups.back().interp->kids.push_back(s);
        lit.clear();
    };
    auto close_group = [&] {
        flush();
        Group g = groups.back();
        groups.pop_back();
        Node* c = make(NK::Call, line);
        c->text = g.func;
        c->kids.push_back(g.interp);
        groups.back().interp->kids.push_back(c);
    };
    auto sub_expr = [&](std::string text) -> Node* {
        // perlop "Gory details of parsing quoted constructs": the backslash of \" is gone before the
        // expression is parsed ("$h{\"k\"}" is $h{"k"}); a string's delimiter is " far more often than not
        if (!regex)
            for (size_t at = text.find("\\\""); at != std::string::npos; at = text.find("\\\"", at + 1))
                text.erase(at, 1);
        Parser sub = sub_parser(text, cur_line);
        // the sub-parser's source must live as long as its tokens: copy into the arena-owned node text first
        return sub.parse_whole_expression();
    };
    const std::string& s = body;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\n') ++cur_line;
        if (m_prog.utf8_source && static_cast<unsigned char>(c) >= 0x80) lit_wide = true;
        if (c == '\\' && i + 1 < s.size()) {
            char e = s[i + 1];
            if (e == 'U' || e == 'L' || e == 'Q' || e == 'F') {
                flush();
                Node* g = make(NK::Interp, line);
                groups.push_back({g, e == 'U' ? "uc" : e == 'L' ? "lc" : e == 'F' ? "fc" : "quotemeta"});
                i += 2;
                continue;
            }
            if (e == 'E') {
                if (groups.size() > 1) close_group();
                i += 2;
                continue;
            }
            if (e == 'u' || e == 'l') {
                flush();
                pending_first = e == 'u' ? "ucfirst" : "lcfirst";
                i += 2;
                continue;
            }
            if (regex) {
                lit += c;
                lit += e;
                i += 2;
                continue;
            }
            i += 2;
            switch (e) {
                case 'n': lit += '\n'; break;
                case 't': lit += '\t'; break;
                case 'r': lit += '\r'; break;
                case 'f': lit += '\f'; break;
                case 'a': lit += '\a'; break;
                case 'e': lit += '\x1b'; break;
                case '0':
                case '1':
                case '2':
                case '3':
                case '4':
                case '5':
                case '6':
                case '7': {
                    int v = e - '0', n = 1;
                    while (n < 3 && i < s.size() && s[i] >= '0' && s[i] <= '7') v = v * 8 + (s[i++] - '0'), ++n;
                    if (v >= 0x80) esc_high.push_back(lit.size());
                    lit += static_cast<char>(v);
                    break;
                }
                case 'x': {
                    unsigned long v = 0;
                    if (i < s.size() && s[i] == '{') {
                        size_t e2 = s.find('}', i);
                        if (e2 == std::string::npos)
                            throw core::Error("Missing right brace on \\x{} at " + m_lex.file() + " line " +
                                                  std::to_string(line) + ".",
                                              core::SourcePos{static_cast<uint32_t>(line), 0});
                        v = std::strtoul(s.substr(i + 1, e2 - i - 1).c_str(), nullptr, 16);
                        i = e2 + 1;
                        if (v > 0xFF) {
                            lit_wide = true;
                            append_utf8(lit, v);
                        } else {
                            if (v >= 0x80) esc_high.push_back(lit.size());
                            lit += static_cast<char>(v);
                        }
                    } else {
                        int n = 0;
                        while (n < 2 && i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])))
                            v = v * 16 + (std::isdigit(static_cast<unsigned char>(s[i])) ? s[i] - '0'
                                                                                          : (std::tolower(s[i]) - 'a' + 10)),
                            ++i, ++n;
                        if (v >= 0x80) esc_high.push_back(lit.size());
                        lit += static_cast<char>(v);
                    }
                    break;
                }
                case 'N': {
                    // \N{U+263A} (charnames: a code point by number; names are not supported)
                    size_t e2 = s.find('}', i);
                    if (i + 2 < s.size() && s[i] == '{' && s[i + 1] == 'U' && s[i + 2] == '+' && e2 != std::string::npos) {
                        const unsigned long v = std::strtoul(s.substr(i + 3, e2 - i - 3).c_str(), nullptr, 16);
                        i = e2 + 1;
                        lit_wide = true;
                        append_utf8(lit, v);
                        break;
                    }
                    unsupported("\\N{NAME} in a string", line);
                }
                default: lit += e; break;
            }
            continue;
        }
        if (c == '$' && i + 1 < s.size()) {
            char d = s[i + 1];
            size_t start = i;
            size_t j = i + 1;
            if (regex && (d == ')' || d == '|' || d == '\n' || d == ' ')) {
                lit += c;
                ++i;
                continue;
            }
            if (d == '#' && i + 2 < s.size() && (word_start(s[i + 2]) || s[i + 2] == '{' || s[i + 2] == '$')) {
                // $#array, $#{expr}, $#$ref
                j = i + 2;
                if (s[j] == '{') {
                    j = match_bracket(s, j);
                    if (j == std::string::npos) unsupported("an unterminated $#{ in a string", line);
                } else {
                    if (s[j] == '$') ++j;
                    while (j < s.size() && word_char(s[j])) ++j;
                }
                flush();
                add_part(sub_expr(s.substr(start, j - start)));
                i = j;
                continue;
            }
            if (d == '{') {
                size_t e = match_bracket(s, j);
                if (e == std::string::npos) unsupported("an unterminated ${ in a string", line);
                j = e;
            } else if (word_start(d) || d == ':') {
                while (j < s.size() && (word_char(s[j]) || (s[j] == ':' && j + 2 < s.size() && s[j + 1] == ':' &&
                                                            word_start(s[j + 2]))))
                    j += s[j] == ':' ? 2 : 1;
            } else if (std::isdigit(static_cast<unsigned char>(d))) {
                while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
            } else if (d == '$' && i + 2 < s.size() && (word_start(s[i + 2]) || s[i + 2] == '{')) {
                // $$name: dereference
                ++j;
                while (j < s.size() && word_char(s[j])) ++j;
            } else if (d == '&' || d == '_' || d == '@' || d == '!' || d == '0' || d == ',' || d == '/' ||
                       d == '\\' || d == ';' || d == '?') {
                // in a pattern `$/` and `$\` stay literal (a delimiter or an escape follows); perl interpolates the rest
                if (regex && (d == '/' || d == '\\')) {
                    lit += c;
                    ++i;
                    continue;
                }
                j = i + 2;
            } else if (d == '$' || d == '.') {  // $$ (the pid), $. (the record number)
                j = i + 2;
            } else if (!regex && (d == '`' || d == '\'' || d == '+' ||
                                  ((d == '+' || d == '-') && i + 2 < s.size() && s[i + 2] == '[') ||
                                  (d == '+' && i + 2 < s.size() && s[i + 2] == '{'))) {
                j = i + 2;  // the match variables $` $' $-[n] $+[n] $+{name} (perlvar)
            } else {
                lit += c;
                ++i;
                continue;
            }
            // subscripts: [..] {..} ->[..] ->{..}
            for (;;) {
                if (j < s.size() && s[j] == '[') {
                    if (regex) {
                        // in a pattern, [ after a variable is an index only when it looks like one
                        size_t e = match_bracket(s, j);
                        if (e == std::string::npos) break;
                        std::string inner = s.substr(j + 1, e - j - 2);
                        bool index = !inner.empty() && (std::isdigit(static_cast<unsigned char>(inner[0])) ||
                                                        inner[0] == '$' || inner[0] == '-') &&
                                     inner.find_first_of("^\\") == std::string::npos;
                        if (!index) break;
                        j = e;
                        continue;
                    }
                    size_t e = match_bracket(s, j);
                    if (e == std::string::npos) break;
                    j = e;
                } else if (j < s.size() && s[j] == '{' && !regex) {
                    size_t e = match_bracket(s, j);
                    if (e == std::string::npos) break;
                    j = e;
                } else if (j < s.size() && s[j] == '{' && regex) {
                    // $x{...} in a pattern: a hash element unless it looks like a quantifier {n,m}
                    size_t e = match_bracket(s, j);
                    if (e == std::string::npos) break;
                    std::string inner = s.substr(j + 1, e - j - 2);
                    if (inner.find_first_not_of("0123456789,") == std::string::npos) break;
                    j = e;
                } else if (j + 2 < s.size() && s[j] == '-' && s[j + 1] == '>' && (s[j + 2] == '[' || s[j + 2] == '{')) {
                    size_t e = match_bracket(s, j + 2);
                    if (e == std::string::npos) break;
                    j = e;
                } else {
                    break;
                }
            }
            flush();
            add_part(sub_expr(s.substr(start, j - start)));
            i = j;
            continue;
        }
        size_t dollars = 0;
        while (c == '@' && i + 1 + dollars < s.size() && s[i + 1 + dollars] == '$') ++dollars;
        if (c == '@' && !regex && i + 1 < s.size() && (s[i + 1] == '-' || s[i + 1] == '+')) {
            // "@-" and "@+": the match offsets, joined with $" (perlvar)
            flush();
            Node* join = make(NK::Call, line);
            join->text = "join";
            Node* sep = make(NK::Var, line);
            sep->text = "$\"";
            join->kids = {sep, sub_expr(s.substr(i, 2))};
            add_part(join);
            i += 2;
            continue;
        }
        if (c == '@' && i + 1 < s.size() && (word_start(s[i + 1]) || s[i + 1] == '{' || s[i + 1] == '_' ||
                                             (dollars && i + 1 + dollars < s.size() &&
                                              (word_start(s[i + 1 + dollars]) || s[i + 1 + dollars] == '{')))) {
            size_t start = i;
            size_t j = i + 1;
            if (s[j] == '{') {
                j = match_bracket(s, j);
                if (j == std::string::npos) unsupported("an unterminated @{ in a string", line);
            } else {
                while (j < s.size() && s[j] == '$') ++j;
                if (j < s.size() && s[j] == '{') {
                    j = match_bracket(s, j);
                    if (j == std::string::npos) unsupported("an unterminated @${ in a string", line);
                }
                while (j < s.size() && (word_char(s[j]) || (s[j] == ':' && j + 2 < s.size() && s[j + 1] == ':')))
                    j += s[j] == ':' ? 2 : 1;
            }
            if (j < s.size() && (s[j] == '[' || s[j] == '{') && !regex) {
                size_t e = match_bracket(s, j);
                if (e != std::string::npos) j = e;
            }
            flush();
            Node* arr = sub_expr(s.substr(start, j - start));
            Node* join = make(NK::Call, line);
            join->text = "join";
            Node* sep = make(NK::Var, line);
            sep->text = "$\"";
            join->kids = {sep, arr};
            add_part(join);
            i = j;
            continue;
        }
        lit += c;
        ++i;
    }
    flush();
    while (groups.size() > 1) close_group();
    if (top->kids.size() == 1 && top->kids[0]->kind == NK::Str) return top->kids[0];
    if (top->kids.empty()) {
        Node* e = make(NK::Str, line);
        return e;
    }
    return top;
}

}  // namespace trellis::perl
