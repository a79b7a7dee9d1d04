/// @file lexer.hpp
/// The Perl 5 tokenizer. Perl's lexing depends on whether the parser expects a term or an operator (`/` starts
/// a pattern or divides, `<` reads a line or compares, `%` is a hash or modulus, `<<` a here-doc or a shift:
/// perlop "Gory details of parsing quoted constructs"), so the parser asks for each token with that expectation.
/// Quote-like constructs (q qq qw m s tr y qr, '' "" ``, here-docs) come back whole as one Quote token carrying
/// the raw body; the parser turns interpolating bodies into expressions (parser_quote.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "trellis/core/error.hpp"

namespace trellis::perl {

/// Token classes.
enum class TK : uint8_t {
    End,    ///< end of input (or __END__/__DATA__)
    Num,    ///< numeric literal (`num`, and `ival` with is_int for integers)
    Var,    ///< `$x` `@x` `%x` `&x` `$#x` (text = sigil + name; names may contain ::, punctuation vars like `$_`)
    Cast,   ///< a sigil followed by `{` or `$` (dereference): text "$", "@", "%", "&" or "$#"
    Word,   ///< bareword or keyword (may contain ::)
    Op,     ///< operator or punctuation (text)
    Quote,  ///< quote-like construct: text the kind ("q" "qq" "qw" "m" "s" "tr" "qr" "heredoc" "readline")
};

/// One token. For Quote: `body` is the raw text between the delimiters, `repl` the replacement part of s/// and
/// tr///, `mods` the trailing modifier letters, `interp` false when the delimiter forbids interpolation (').
struct Token {
    TK type = TK::End;
    std::string text;
    std::string body;
    std::string repl;
    std::string mods;
    double num = 0;
    int64_t ival = 0;
    bool is_int = false;
    bool is_uv = false;  ///< an integer 2^63 .. 2^64-1 (ival holds its bits)
    bool interp = true;
    bool space_before = false;  ///< whitespace preceded the token (`%h` vs `% h`, `$x [1]` ...)
    int line = 1;
};

/// Tokenizer over one source text. Errors throw core::Error with perl's wording where perl has one.
class Lexer {
public:
    /// `src` must outlive the lexer; `file` names the source in messages.
    Lexer(std::string_view src, std::string file, int first_line = 1);
    /// The next token, lexed as a term (`expect_term`) or as an operator.
    Token next(bool expect_term);
    /// The source is UTF-8 (`use utf8`): bytes 0x80 and up are identifier characters.
    bool utf8 = false;
    /// Current line (1-based).
    int line() const { return m_line; }
    /// True when the next non-blank character is `c` (without consuming anything).
    bool next_char_is(char c);
    /// The source position (for sub-lexers and look-ahead) and a way back to it.
    size_t pos() const { return m_pos; }
    /// A saved position (with pending here-doc state) for look-ahead; restore() goes back to it.
    struct Saved {
        size_t pos;
        int line;
        size_t heredoc_skip;
        int heredoc_lines;
    };
    Saved save() const { return {m_pos, m_line, m_heredoc_skip, m_heredoc_lines}; }
    void restore(const Saved& s) {
        m_pos = s.pos, m_line = s.line, m_heredoc_skip = s.heredoc_skip, m_heredoc_lines = s.heredoc_lines;
    }
    /// Throws a syntax error at the current line: "MSG at FILE line N."
    [[noreturn]] void fail(const std::string& msg) const;
    const std::string& file() const { return m_file; }
    /// Where the text after `__END__`/`__DATA__` starts (npos when there is none).
    size_t data_start = std::string_view::npos;

private:
    void skip_space(bool& any);
    char peek(size_t k = 0) const { return m_pos + k < m_src.size() ? m_src[m_pos + k] : '\0'; }
    Token lex_number();
    std::string read_delimited(char open);
    bool read_quote_like(const std::string& word, Token& t);
    void read_heredoc(Token& t);
    void newline_seen();

    std::string_view m_src;
    std::string m_file;
    size_t m_pos = 0;
    int m_line = 1;
    size_t m_heredoc_skip = 0;  ///< where the line after pending here-doc bodies resumes (0: none pending)
    int m_heredoc_lines = 0;    ///< lines those bodies span
};

}  // namespace trellis::perl
