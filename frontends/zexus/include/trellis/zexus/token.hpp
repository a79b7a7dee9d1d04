/// @file token.hpp
/// Zexus tokens: the kinds the lexer produces and the token record the parser reads.
/// Follows /work/shared/zexus/LANGUAGE.md §1 (lexical syntax). Only the strict keywords (§1) get their own
/// kinds; the ~120 context-sensitive words (`data`, `entity`, `require`, `action`...) are lexed as Ident and
/// recognised by the parser at statement start (see keywords.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace trellis::zexus {

/// X-macro of every token kind: X(Name, "spelling used in messages").
#define TRELLIS_ZEXUS_TOKENS(X)                                                                           \
    X(Eof, "end of input") X(Newline, "newline") X(Ident, "identifier") X(Int, "integer")                \
    X(Float, "float") X(String, "string") X(InterpString, "string")                                     \
    /* strict keywords (LANGUAGE.md §1) */                                                                \
    X(KwIf, "if") X(KwElif, "elif") X(KwElse, "else") X(KwWhile, "while") X(KwFor, "for")               \
    X(KwEach, "each") X(KwIn, "in") X(KwReturn, "return") X(KwBreak, "break") X(KwContinue, "continue") \
    X(KwThrow, "throw") X(KwTry, "try") X(KwCatch, "catch") X(KwAwait, "await") X(KwAsync, "async")     \
    X(KwSpawn, "spawn") X(KwLet, "let") X(KwConst, "const") X(KwPrint, "print") X(KwUse, "use")         \
    X(KwFind, "find") X(KwLoad, "load") X(KwExport, "export") X(KwImport, "import") X(KwDebug, "debug") \
    X(KwMatch, "match") X(KwLambda, "lambda") X(KwCase, "case") X(KwDefault, "default")                 \
    X(KwTrue, "true") X(KwFalse, "false") X(KwNull, "null")                                             \
    /* punctuation and operators (LANGUAGE.md §3) */                                                      \
    X(LParen, "(") X(RParen, ")") X(LBracket, "[") X(RBracket, "]") X(LBrace, "{") X(RBrace, "}")       \
    X(Comma, ",") X(Semicolon, ";") X(Colon, ":") X(Dot, ".") X(Question, "?") X(QuestionQuestion, "??") \
    X(At, "@") X(Arrow, "->") X(FatArrow, "=>") X(Plus, "+") X(Minus, "-") X(Star, "*")                 \
    X(StarStar, "**") X(Slash, "/") X(Percent, "%") X(Bang, "!") X(Assign, "=") X(Eq, "==")             \
    X(NotEq, "!=") X(Lt, "<") X(Gt, ">") X(LtEq, "<=") X(GtEq, ">=") X(AndAnd, "&&") X(OrOr, "||")      \
    X(PlusAssign, "+=") X(MinusAssign, "-=") X(StarAssign, "*=") X(SlashAssign, "/=")                   \
    X(PercentAssign, "%=") X(StarStarAssign, "**=")

/// The kind of a token.
enum class TokenKind : uint8_t {
#define TRELLIS_ZEXUS_TOKEN_ENUM(name, text) name,
    TRELLIS_ZEXUS_TOKENS(TRELLIS_ZEXUS_TOKEN_ENUM)
#undef TRELLIS_ZEXUS_TOKEN_ENUM
};

/// The spelling of a kind for messages and token dumps ("if", "(", "identifier", "end of input").
std::string_view token_kind_text(TokenKind kind) noexcept;

/// The symbolic name of a kind ("KwIf", "LParen") for `zx tokens`-style dumps and tests.
std::string_view token_kind_name(TokenKind kind) noexcept;

/// One token. `text` is the identifier / number spelling, the decoded value of a plain string, or the raw
/// (undecoded) body of a double-quoted string containing `${` (kind InterpString, decoded by the parser).
/// `line`/`column` are 1-based and point at the first character (the opening quote for strings).
/// `body_line`/`body_column` point at the first character of a string's body (used for `${}` positions).
struct Token {
    TokenKind kind = TokenKind::Eof;
    uint32_t line = 0;
    uint32_t column = 0;
    uint32_t body_line = 0;
    uint32_t body_column = 0;
    std::string text;
};

}  // namespace trellis::zexus
