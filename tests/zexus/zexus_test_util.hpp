// zexus_test_util.hpp: helpers shared by the Zexus parser tests: parse to S-expressions, capture errors.
#pragma once
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "trellis/zexus/ast_printer.hpp"
#include "trellis/zexus/diagnostics.hpp"
#include "trellis/zexus/lexer.hpp"
#include "trellis/zexus/parser.hpp"

namespace zx_test {

/// The program's S-expression dump, one line per statement, without the final newline.
inline std::string sx(const std::string& source) {
    auto ast = trellis::zexus::parse_program(source, "t.zx");
    std::string out = trellis::zexus::print_program(*ast);
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

/// The single expression's S-expression.
inline std::string ex(const std::string& source) {
    auto ast = trellis::zexus::parse_expression(source, "t.zx");
    return trellis::zexus::print_node(ast->root->stmts[0]);
}

/// What a failing parse reports.
struct Failure {
    bool failed = false;
    uint32_t line = 0;
    uint32_t column = 0;
    std::string message;
};

inline Failure fail(const std::string& source) {
    Failure f;
    try {
        trellis::zexus::parse_program(source, "t.zx");
    } catch (const trellis::zexus::ZexusSyntaxError& e) {
        f.failed = true;
        f.line = e.line();
        f.column = e.column();
        f.message = e.message();
    }
    return f;
}

/// Token kinds' symbolic names, space-separated, Eof excluded.
inline std::string kinds(const std::string& source) {
    trellis::zexus::Lexer lexer(source);
    std::string out;
    for (const auto& t : lexer.tokenize()) {
        if (t.kind == trellis::zexus::TokenKind::Eof) break;
        if (!out.empty()) out += ' ';
        out += trellis::zexus::token_kind_name(t.kind);
    }
    return out;
}

/// Token texts, '|'-separated (Newline shown as \n), Eof excluded.
inline std::string texts(const std::string& source) {
    trellis::zexus::Lexer lexer(source);
    std::string out;
    for (const auto& t : lexer.tokenize()) {
        if (t.kind == trellis::zexus::TokenKind::Eof) break;
        if (!out.empty()) out += '|';
        out += t.kind == trellis::zexus::TokenKind::Newline ? std::string("\\n") : t.text;
    }
    return out;
}

}  // namespace zx_test
