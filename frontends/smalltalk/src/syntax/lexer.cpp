/// @file lexer.cpp
/// The SOM lexer (lexer.hpp; token rules of SOM.g4 in SOM-st/SOM).
#include "trellis/smalltalk/lexer.hpp"

#include <cctype>
#include <cstdlib>

namespace trellis::smalltalk {

namespace {
bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

Lexer::Lexer(std::string_view source, std::string file) : m_src(source), m_file(std::move(file)) {}

void Lexer::fail(const std::string& message, uint32_t line, uint32_t column) const {
    throw core::Error(m_file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message,
                      core::SourcePos{line, column});
}

void Lexer::advance() noexcept {
    if (m_pos >= m_src.size()) return;
    if (m_src[m_pos] == '\n') {
        ++m_line;
        m_column = 1;
    } else {
        ++m_column;
    }
    ++m_pos;
}

void Lexer::skip_space() {
    for (;;) {
        char c = peek();
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            advance();
        } else if (c == '"') {
            uint32_t line = m_line, column = m_column;
            advance();
            while (m_pos < m_src.size() && peek() != '"') advance();
            if (m_pos >= m_src.size()) fail("unterminated comment", line, column);
            advance();
        } else {
            return;
        }
    }
}

std::string Lexer::read_string(uint32_t line, uint32_t column) {
    std::string out;
    advance();  // opening quote
    for (;;) {
        if (m_pos >= m_src.size()) fail("unterminated string", line, column);
        char c = peek();
        if (c == '\'') {
            advance();
            return out;
        }
        if (c == '\\') {
            advance();
            if (m_pos >= m_src.size()) fail("unterminated string", line, column);
            char e = peek();
            switch (e) {
                case 't': out += '\t'; break;
                case 'b': out += '\b'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 'f': out += '\f'; break;
                case '0': out += '\0'; break;
                case '\'': out += '\''; break;
                case '\\': out += '\\'; break;
                default: out += '\\'; out += e; break;
            }
            advance();
            continue;
        }
        out += c;
        advance();
    }
}

Token Lexer::next() {
    skip_space();
    Token t;
    t.line = m_line;
    t.column = m_column;
    if (m_pos >= m_src.size()) return t;
    char c = peek();
    if (ident_start(c)) {
        size_t start = m_pos;
        while (ident_char(peek())) advance();
        if (peek() == ':' && peek(1) != '=') {
            advance();
            t.kind = Tok::keyword;
        } else {
            t.kind = Tok::identifier;
        }
        t.text = std::string(m_src.substr(start, m_pos - start));
        if (t.kind == Tok::identifier && t.text == "primitive") t.kind = Tok::primitive;
        return t;
    }
    if (digit(c)) {
        size_t start = m_pos;
        while (digit(peek())) advance();
        if (peek() == '.' && digit(peek(1))) {
            advance();
            while (digit(peek())) advance();
            if ((peek() == 'e' || peek() == 'E') &&
                (digit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && digit(peek(2))))) {
                advance();
                if (peek() == '-' || peek() == '+') advance();
                while (digit(peek())) advance();
            }
            t.kind = Tok::dbl;
            t.text = std::string(m_src.substr(start, m_pos - start));
            t.number = std::strtod(t.text.c_str(), nullptr);
            return t;
        }
        t.kind = Tok::integer;
        t.text = std::string(m_src.substr(start, m_pos - start));
        return t;
    }
    if (c == '\'') {
        t.kind = Tok::string;
        t.text = read_string(t.line, t.column);
        return t;
    }
    if (c == '#') {
        advance();
        char d = peek();
        if (d == '(') {
            advance();
            t.kind = Tok::hash_paren;
            return t;
        }
        if (d == '\'') {
            t.kind = Tok::symbol;
            t.text = read_string(m_line, m_column);
            return t;
        }
        if (ident_start(d)) {
            size_t start = m_pos;
            while (ident_char(peek())) advance();
            // keyword sequence: at:put:
            while (peek() == ':') {
                advance();
                if (!ident_start(peek())) break;
                while (ident_char(peek())) advance();
                if (peek() != ':') fail("malformed keyword symbol", t.line, t.column);
            }
            t.kind = Tok::symbol;
            t.text = std::string(m_src.substr(start, m_pos - start));
            return t;
        }
        if (is_operator_char(d)) {
            size_t start = m_pos;
            while (is_operator_char(peek())) advance();
            t.kind = Tok::symbol;
            t.text = std::string(m_src.substr(start, m_pos - start));
            return t;
        }
        fail("expected a symbol or '(' after '#'", t.line, t.column);
    }
    if (c == '-' && peek(1) == '-' && peek(2) == '-' && peek(3) == '-') {
        while (peek() == '-') advance();
        t.kind = Tok::separator;
        return t;
    }
    if (c == ':') {
        advance();
        if (peek() == '=') {
            advance();
            t.kind = Tok::assign;
        } else {
            t.kind = Tok::colon;
        }
        return t;
    }
    if (is_operator_char(c)) {
        size_t start = m_pos;
        while (is_operator_char(peek())) {
            // `x-1` and `a--1`: a '-' after the first character followed by a digit starts a negative literal
            if (m_pos > start && peek() == '-' && digit(peek(1))) break;
            advance();
        }
        t.text = std::string(m_src.substr(start, m_pos - start));
        t.kind = t.text == "|" ? Tok::bar : Tok::op;
        return t;
    }
    advance();
    switch (c) {
        case '^': t.kind = Tok::caret; return t;
        case '.': t.kind = Tok::period; return t;
        case '(': t.kind = Tok::lparen; return t;
        case ')': t.kind = Tok::rparen; return t;
        case '[': t.kind = Tok::lbracket; return t;
        case ']': t.kind = Tok::rbracket; return t;
        case ';': t.kind = Tok::semicolon; return t;
        default: break;
    }
    std::string shown = std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c)
                                                                     : "\\x" + std::to_string(static_cast<unsigned char>(c));
    fail("unexpected character '" + shown + "'", t.line, t.column);
}

}  // namespace trellis::smalltalk
