// lexer.cpp: the Zexus tokenizer (lexer.hpp; LANGUAGE.md §1).
#include "trellis/zexus/lexer.hpp"

#include <array>
#include <utility>

#include "trellis/zexus/diagnostics.hpp"

namespace trellis::zexus {
namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

constexpr std::array<std::pair<std::string_view, TokenKind>, 32> k_strict_keywords{{
    {"if", TokenKind::KwIf},         {"elif", TokenKind::KwElif},       {"else", TokenKind::KwElse},
    {"while", TokenKind::KwWhile},   {"for", TokenKind::KwFor},         {"each", TokenKind::KwEach},
    {"in", TokenKind::KwIn},         {"return", TokenKind::KwReturn},   {"break", TokenKind::KwBreak},
    {"continue", TokenKind::KwContinue}, {"throw", TokenKind::KwThrow}, {"try", TokenKind::KwTry},
    {"catch", TokenKind::KwCatch},   {"await", TokenKind::KwAwait},     {"async", TokenKind::KwAsync},
    {"spawn", TokenKind::KwSpawn},   {"let", TokenKind::KwLet},         {"const", TokenKind::KwConst},
    {"print", TokenKind::KwPrint},   {"use", TokenKind::KwUse},         {"find", TokenKind::KwFind},
    {"load", TokenKind::KwLoad},     {"export", TokenKind::KwExport},   {"import", TokenKind::KwImport},
    {"debug", TokenKind::KwDebug},   {"match", TokenKind::KwMatch},     {"lambda", TokenKind::KwLambda},
    {"case", TokenKind::KwCase},     {"default", TokenKind::KwDefault}, {"true", TokenKind::KwTrue},
    {"false", TokenKind::KwFalse},   {"null", TokenKind::KwNull},
}};

}  // namespace

size_t interpolation_end(std::string_view text, size_t start) noexcept {
    // A stack of open contexts: '{' = inside an expression (with its brace depth), '"' / '\'' = inside a string.
    struct Open {
        char what;
        int depth;
    };
    std::vector<Open> stack{{'{', 1}};
    for (size_t i = start; i < text.size(); ++i) {
        char c = text[i];
        Open& top = stack.back();
        if (top.what == '{') {
            if (c == '{') {
                ++top.depth;
            } else if (c == '}') {
                if (--top.depth == 0) {
                    stack.pop_back();
                    if (stack.empty()) return i + 1;
                }
            } else if (c == '"' || c == '\'') {
                stack.push_back({c, 0});
            }
        } else if (c == '\\') {
            ++i;  // an escaped character never closes or opens anything
        } else if (c == top.what) {
            stack.pop_back();
        } else if (top.what == '"' && c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            stack.push_back({'{', 1});
            ++i;
        }
    }
    return std::string_view::npos;
}

bool strict_keyword(std::string_view word, TokenKind& kind) noexcept {
    for (const auto& [text, k] : k_strict_keywords) {
        if (text == word) {
            kind = k;
            return true;
        }
    }
    return false;
}

Lexer::Lexer(std::string_view source, std::string file, uint32_t line, uint32_t column)
    : m_src(source), m_file(std::move(file)), m_line(line), m_column(column) {}

char Lexer::peek(size_t ahead) const noexcept {
    return m_pos + ahead < m_src.size() ? m_src[m_pos + ahead] : '\0';
}

void Lexer::advance() noexcept {
    if (m_src[m_pos] == '\n') {
        ++m_line;
        m_column = 1;
    } else {
        ++m_column;
    }
    ++m_pos;
}

void Lexer::fail(uint32_t line, uint32_t column, const std::string& message) const {
    throw ZexusSyntaxError(m_file, line, column, message);
}

void Lexer::emit(TokenKind kind, uint32_t line, uint32_t column, std::string text) {
    Token t;
    t.kind = kind;
    t.line = line;
    t.column = column;
    t.body_line = line;
    t.body_column = column;
    t.text = std::move(text);
    m_tokens.push_back(std::move(t));
}

void Lexer::skip_line() {
    while (!at_end() && peek() != '\n') advance();
}

void Lexer::skip_block_comment() {
    uint32_t line = m_line, column = m_column;
    advance();
    advance();  // "/*"
    int depth = 1;
    while (depth > 0) {
        if (at_end()) fail(line, column, "Unterminated block comment");
        if (peek() == '/' && peek(1) == '*') {
            advance();
            advance();
            ++depth;
        } else if (peek() == '*' && peek(1) == '/') {
            advance();
            advance();
            --depth;
        } else {
            advance();
        }
    }
}

void Lexer::lex_number() {
    uint32_t line = m_line, column = m_column;
    size_t start = m_pos;
    while (is_digit(peek())) advance();
    TokenKind kind = TokenKind::Int;
    if (peek() == '.' && is_digit(peek(1))) {
        kind = TokenKind::Float;
        advance();
        while (is_digit(peek())) advance();
    }
    emit(kind, line, column, std::string(m_src.substr(start, m_pos - start)));
}

void Lexer::lex_identifier() {
    uint32_t line = m_line, column = m_column;
    size_t start = m_pos;
    while (is_ident_char(peek())) advance();
    std::string_view word = m_src.substr(start, m_pos - start);
    TokenKind kind = TokenKind::Ident;
    strict_keyword(word, kind);
    emit(kind, line, column, std::string(word));
}

void Lexer::lex_string(char quote) {
    uint32_t line = m_line, column = m_column;
    advance();  // opening quote
    uint32_t body_line = m_line, body_column = m_column;
    size_t body_start = m_pos;
    std::string decoded;
    bool interpolated = false;
    while (true) {
        if (at_end()) fail(line, column, "Unterminated string literal");
        char c = peek();
        if (c == quote) break;
        if (c == '\\') {
            advance();
            if (at_end()) fail(line, column, "Unterminated string literal");
            char e = peek();
            switch (e) {
                case 'n': decoded += '\n'; break;
                case 't': decoded += '\t'; break;
                case 'r': decoded += '\r'; break;
                default: decoded += e; break;  // \\ \" \' \$ and any other \c -> c
            }
            advance();
            continue;
        }
        if (quote == '"' && c == '$' && peek(1) == '{') {
            // ${ expr }: braces nest; string literals inside the expression may contain braces and quotes.
            interpolated = true;
            size_t end = interpolation_end(m_src, m_pos + 2);
            if (end == std::string_view::npos) fail(line, column, "Unterminated string literal");
            while (m_pos < end) advance();
            continue;
        }
        decoded += c;
        advance();
    }
    size_t body_end = m_pos;
    advance();  // closing quote
    if (interpolated) {
        emit(TokenKind::InterpString, line, column, std::string(m_src.substr(body_start, body_end - body_start)));
    } else {
        emit(TokenKind::String, line, column, std::move(decoded));
    }
    m_tokens.back().body_line = body_line;
    m_tokens.back().body_column = body_column;
}

void Lexer::lex_triple_string(char quote) {
    uint32_t line = m_line, column = m_column;
    advance();
    advance();
    advance();
    uint32_t body_line = m_line, body_column = m_column;
    size_t start = m_pos;
    while (!(peek() == quote && peek(1) == quote && peek(2) == quote)) {
        if (at_end()) fail(line, column, "Unterminated string literal");
        advance();
    }
    emit(TokenKind::String, line, column, std::string(m_src.substr(start, m_pos - start)));
    m_tokens.back().body_line = body_line;
    m_tokens.back().body_column = body_column;
    advance();
    advance();
    advance();
}

void Lexer::lex_operator() {
    uint32_t line = m_line, column = m_column;
    char c = peek(), n = peek(1);
    auto op = [&](TokenKind kind, int length) {
        std::string text(m_src.substr(m_pos, static_cast<size_t>(length)));
        for (int i = 0; i < length; ++i) advance();
        emit(kind, line, column, std::move(text));
    };
    switch (c) {
        case '(': m_brackets.push_back('('); return op(TokenKind::LParen, 1);
        case '[': m_brackets.push_back('['); return op(TokenKind::LBracket, 1);
        case '{': m_brackets.push_back('{'); return op(TokenKind::LBrace, 1);
        case ')':
        case ']':
        case '}': {
            if (!m_brackets.empty()) m_brackets.pop_back();
            return op(c == ')' ? TokenKind::RParen : c == ']' ? TokenKind::RBracket : TokenKind::RBrace, 1);
        }
        case ',': return op(TokenKind::Comma, 1);
        case ';': return op(TokenKind::Semicolon, 1);
        case ':': return op(TokenKind::Colon, 1);
        case '.': return op(TokenKind::Dot, 1);
        case '@': return op(TokenKind::At, 1);
        case '?': return n == '?' ? op(TokenKind::QuestionQuestion, 2) : op(TokenKind::Question, 1);
        case '+': return n == '=' ? op(TokenKind::PlusAssign, 2) : op(TokenKind::Plus, 1);
        case '-':
            if (n == '=') return op(TokenKind::MinusAssign, 2);
            if (n == '>') return op(TokenKind::Arrow, 2);
            return op(TokenKind::Minus, 1);
        case '*':
            if (n == '*') return peek(2) == '=' ? op(TokenKind::StarStarAssign, 3) : op(TokenKind::StarStar, 2);
            return n == '=' ? op(TokenKind::StarAssign, 2) : op(TokenKind::Star, 1);
        case '/': return n == '=' ? op(TokenKind::SlashAssign, 2) : op(TokenKind::Slash, 1);
        case '%': return n == '=' ? op(TokenKind::PercentAssign, 2) : op(TokenKind::Percent, 1);
        case '!': return n == '=' ? op(TokenKind::NotEq, 2) : op(TokenKind::Bang, 1);
        case '=':
            if (n == '=') return op(TokenKind::Eq, 2);
            if (n == '>') return op(TokenKind::FatArrow, 2);
            return op(TokenKind::Assign, 1);
        case '<': return n == '=' ? op(TokenKind::LtEq, 2) : op(TokenKind::Lt, 1);
        case '>': return n == '=' ? op(TokenKind::GtEq, 2) : op(TokenKind::Gt, 1);
        case '&':
            if (n == '&') return op(TokenKind::AndAnd, 2);
            break;
        case '|':
            if (n == '|') return op(TokenKind::OrOr, 2);
            break;
        default: break;
    }
    // Any other character: one code point as a one-character identifier (LANGUAGE.md §1).
    int length = 1;
    auto u = static_cast<unsigned char>(c);
    if (u >= 0xF0) length = 4;
    else if (u >= 0xE0) length = 3;
    else if (u >= 0xC0) length = 2;
    if (m_pos + static_cast<size_t>(length) > m_src.size()) length = static_cast<int>(m_src.size() - m_pos);
    op(TokenKind::Ident, length);
}

std::vector<Token> Lexer::tokenize() {
    while (!at_end()) {
        char c = peek();
        if (c == '\n') {
            uint32_t line = m_line, column = m_column;
            advance();
            bool significant = m_brackets.empty() || m_brackets.back() == '{';
            if (significant && !m_tokens.empty() && m_tokens.back().kind != TokenKind::Newline) {
                emit(TokenKind::Newline, line, column, "\n");
            }
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            advance();
        } else if (c == '#' && peek(1) != '{') {
            skip_line();
        } else if (c == '/' && peek(1) == '/') {
            skip_line();
        } else if (c == '/' && peek(1) == '*') {
            skip_block_comment();
        } else if (is_digit(c)) {
            lex_number();
        } else if (is_ident_start(c)) {
            lex_identifier();
        } else if ((c == '"' || c == '\'') && peek(1) == c && peek(2) == c) {
            lex_triple_string(c);
        } else if (c == '"' || c == '\'') {
            lex_string(c);
        } else {
            lex_operator();
        }
    }
    emit(TokenKind::Eof, m_line, m_column);
    return std::move(m_tokens);
}

}  // namespace trellis::zexus
