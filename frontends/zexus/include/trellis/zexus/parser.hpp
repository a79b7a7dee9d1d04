/// @file parser.hpp
/// The Zexus parser: source text -> AST (ast.hpp), following LANGUAGE.md §1-§12 with the parser fixes of §0
/// (unary operators bind tighter than binary ones; `print(a, b)` is an ordinary two-argument print).
///
/// Grammar summary (statements end at a newline, `;`, `}` or end of input; a statement ending in `}` needs no
/// separator; newlines inside `(...)`/`[...]` are ignored by the lexer and newlines after a binary operator,
/// `,` or an opening bracket are skipped):
///  - statements: let/const, action/function declarations (with modifiers and `@decorators`), return, if/elif/
///    else, while, for each, break/continue, match/case/default, try/catch/finally, throw, require/revert/assert,
///    print, debug, use/import/export, entity/data/event/contract, state/ledger/storage, emit, defer, the other
///    rare §12 keywords (Unsupported nodes), blocks and expression statements.
///  - expressions (loosest first): assignment `= += -= *= /= %= **=` (right), `?:` (right), `??`, `|| or`,
///    `&& and`, `== !=`, `< > <= >=`, `+ -`, `* / %`, `**` (left-associative, §3), unary `- ! await`, postfix
///    call/index/member/`Name{...}` construction, primaries (literals, interpolated strings, lists, maps,
///    `action(...) {}` / `function(...) {}` literals, `lambda`, arrow functions, `if c then a else b`).
///  - context-sensitive words (§1) are keywords only at statement start and only when followed by what their
///    statement needs (`data`, moreover, only after `;`, `}`, `{`, a literal, or at the start of the file),
///    so `let state = 1; state = state + 1` works.
/// The parser never crashes or loops on any input: every failure is a ZexusSyntaxError, and nesting deeper than
/// k_max_nesting levels is reported as "Nesting too deep" rather than exhausting the native stack.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "trellis/zexus/ast.hpp"

namespace trellis::zexus {

/// Maximum syntactic nesting (brackets, blocks, unary chains) the parser accepts.
inline constexpr int k_max_nesting = 200;

/// Maximum length of one left-deep chain (`a + b + c ...` operators, or `a.b(c)[d]...` postfix operations)
/// the parser accepts ("Expression too long"). Together with k_max_nesting this bounds the depth of every AST,
/// so recursive tree walkers (printer, evaluator, compiler) cannot exhaust the native stack.
inline constexpr int k_max_chain = 2000;

/// Parse a whole program. `file` is the display name used in error messages. Throws ZexusSyntaxError
/// (with 1-based line and column) on any lexical or syntax error.
std::unique_ptr<Ast> parse_program(std::string_view source, std::string file = "<input>");

/// Parse a single expression (the whole input must be one expression, surrounding newlines allowed); the
/// returned Ast's root is a Block holding one ExprStmt. Used by the REPL and `${}` tests. Throws
/// ZexusSyntaxError.
std::unique_ptr<Ast> parse_expression(std::string_view source, std::string file = "<input>");

}  // namespace trellis::zexus
