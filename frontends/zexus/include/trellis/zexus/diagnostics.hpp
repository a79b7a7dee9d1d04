/// @file diagnostics.hpp
/// Zexus syntax errors and their rendering. LANGUAGE.md does not document the reference's syntax-error texts,
/// so Trellis uses one stable shape: `what()` is "Syntax error at FILE:LINE:COLUMN: MESSAGE"; `message()` is the
/// bare MESSAGE; `render()` adds the offending source line and a caret, for the CLI and the REPL.
#pragma once
#include <string>
#include <string_view>

#include "trellis/core/error.hpp"

namespace trellis::zexus {

/// A lexical or syntax error in Zexus source: thrown by Lexer::tokenize and parse_program, never by a
/// dispatch loop. Line and column are 1-based, in bytes from the start of the line (tab counts as 1).
class ZexusSyntaxError : public core::Error {
public:
    /// `file` is a display name ("<input>", "script.zx"); `message` has no position prefix.
    ZexusSyntaxError(std::string file, uint32_t line, uint32_t column, std::string message);
    /// The bare message, without file or position ("Expected ')' after arguments").
    const std::string& message() const noexcept { return m_message; }
    /// The file display name given to the lexer/parser.
    const std::string& file() const noexcept { return m_file; }
    /// 1-based line of the offending token.
    uint32_t line() const noexcept { return pos().line; }
    /// 1-based column of the offending token.
    uint32_t column() const noexcept { return pos().column; }

private:
    std::string m_file;
    std::string m_message;
};

/// Render `err` for a human: the what() line, then the source line it points into and a `^` under the column.
/// `source` is the full text that was parsed (lines past its end are simply omitted).
std::string render_syntax_error(const ZexusSyntaxError& err, std::string_view source);

}  // namespace trellis::zexus
