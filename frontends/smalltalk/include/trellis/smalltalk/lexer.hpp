/// @file lexer.hpp
/// The SOM lexer (token rules of `SOM.g4`, SOM-st/SOM): identifiers, keywords (`at:`), keyword sequences in
/// symbols (`#at:put:`), operator sequences (`~ & | * / \ + = > < , @ % -`), `----` separators, integers,
/// doubles (`1.5`), strings with backslash escapes, `"comments"`, `:=`, `#`, `#(`, and punctuation.
/// Errors (unterminated string or comment, stray character) throw core::Error with the 1-based line:column.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "trellis/core/error.hpp"

namespace trellis::smalltalk {

/// Token kinds.
enum class Tok : uint8_t {
    eof, identifier, keyword, op, integer, dbl, string, symbol, /* '#sym' with text = the symbol */
    hash_paren, /* '#(' */ assign, colon, caret, period, lparen, rparen, lbracket, rbracket, bar, separator,
    semicolon, primitive
};

/// One token: kind, text (identifier, keyword with ':', operator, digits, string contents, symbol characters),
/// and its 1-based position.
struct Token {
    Tok kind = Tok::eof;
    std::string text;
    double number = 0;  ///< dbl tokens
    uint32_t line = 1;
    uint32_t column = 1;
};

/// Splits SOM source text into tokens, one at a time.
class Lexer {
public:
    /// `source` must outlive the lexer; `file` names it in error messages.
    Lexer(std::string_view source, std::string file);
    /// The next token (Tok::eof at the end, repeatedly). Throws core::Error "FILE:L:C: message" on bad input.
    Token next();
    /// The file name given at construction.
    const std::string& file() const noexcept { return m_file; }

private:
    [[noreturn]] void fail(const std::string& message, uint32_t line, uint32_t column) const;
    char peek(size_t ahead = 0) const noexcept { return m_pos + ahead < m_src.size() ? m_src[m_pos + ahead] : '\0'; }
    void advance() noexcept;
    void skip_space();
    std::string read_string(uint32_t line, uint32_t column);

    std::string_view m_src;
    std::string m_file;
    size_t m_pos = 0;
    uint32_t m_line = 1;
    uint32_t m_column = 1;
};

/// True for the characters of SOM operator sequences.
constexpr bool is_operator_char(char c) noexcept {
    switch (c) {
        case '~': case '&': case '|': case '*': case '/': case '\\': case '+': case '=': case '>': case '<':
        case ',': case '@': case '%': case '-': return true;
        default: return false;
    }
}

}  // namespace trellis::smalltalk
