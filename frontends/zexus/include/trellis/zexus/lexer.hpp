/// @file lexer.hpp
/// The Zexus lexer: source text -> tokens, following LANGUAGE.md §1.
///  - Newline tokens end statements, except when the innermost open bracket is `(` or `[` (inside a `{` block
///    nested in parentheses, e.g. an action literal passed as an argument, newlines count again). Runs of
///    newlines collapse into one token.
///  - Comments: `# ...` (but `#{` is not a comment: `#` becomes a one-character identifier), `// ...`, and
///    nesting `/* ... */`.
///  - Integers `[0-9]+`, floats `digits.digits`; no exponent, hex, octal or `_` (`1e3` is `1` then `e3`).
///  - Strings: `"..."` with escapes `\n \t \r \\ \" \' \$` (any other `\c` is `c`) and `${expr}` interpolation
///    (kind InterpString: raw body, decoded by the parser); `'...'` same escapes, no interpolation;
///    `"""..."""` and `'''...'''` multi-line, taken verbatim (no escapes, no interpolation).
///  - Any other printable character, or one UTF-8 encoded code point outside a string, is a one-character
///    Ident token (the reference's behaviour; it normally makes the parser fail later).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "trellis/zexus/token.hpp"

namespace trellis::zexus {

/// Tokenizer over one source text. Not reusable: construct, then call tokenize() once.
class Lexer {
public:
    /// `source` must outlive the Lexer. `file` is the display name used in errors. `line`/`column` give the
    /// position of source[0] (1:1 for a file; the body position of a `${...}` segment when re-lexing one).
    explicit Lexer(std::string_view source, std::string file = "<input>", uint32_t line = 1, uint32_t column = 1);

    /// All tokens, ending with exactly one Eof. Throws ZexusSyntaxError on an unterminated string or block
    /// comment ("Unterminated string literal", "Unterminated block comment").
    std::vector<Token> tokenize();

private:
    char peek(size_t ahead = 0) const noexcept;
    void advance() noexcept;
    bool at_end() const noexcept { return m_pos >= m_src.size(); }
    void skip_line();
    void skip_block_comment();
    void lex_number();
    void lex_identifier();
    void lex_string(char quote);
    void lex_triple_string(char quote);
    void lex_operator();
    void emit(TokenKind kind, uint32_t line, uint32_t column, std::string text = {});
    [[noreturn]] void fail(uint32_t line, uint32_t column, const std::string& message) const;

    std::string_view m_src;
    std::string m_file;
    size_t m_pos = 0;
    uint32_t m_line;
    uint32_t m_column;
    std::vector<char> m_brackets;
    std::vector<Token> m_tokens;
};

/// Where a `${...}` segment ends: `start` indexes the first character after `${` in `text`; the result is the
/// index just past the matching `}`, or npos if there is none. Braces nest, and string literals inside the
/// expression (which may themselves interpolate) are skipped whole, so `"${ m["}"] }"` and `"${"${x}"}"` work.
/// Iterative: no recursion however deep the nesting.
size_t interpolation_end(std::string_view text, size_t start) noexcept;

/// Whether `word` is one of the strict (always reserved) keywords of LANGUAGE.md §1, and its kind if so.
bool strict_keyword(std::string_view word, TokenKind& kind) noexcept;

}  // namespace trellis::zexus
