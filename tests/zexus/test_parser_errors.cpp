// test_parser_errors.cpp: Zexus syntax errors: messages, 1-based positions, rendering.
#include "zexus_test_util.hpp"

using namespace zx_test;

TEST_CASE("zexus errors: messages and positions", "[zexus][errors]") {
    struct Case {
        const char* source;
        uint32_t line;
        uint32_t column;
        const char* message;
    };
    const Case cases[] = {
        {"let = 5", 1, 5, "Expected identifier after 'let', got '='"},
        {"print(1", 1, 8, "Expected ')' after arguments, got end of input"},
        {"1 = 2", 1, 3, "Invalid assignment target"},
        {"f() = 2", 1, 5, "Invalid assignment target"},
        {"if x { print 1", 1, 15, "Expected '}' to close block opened at line 1"},
        {"x = 1 y = 2", 1, 7, "Expected end of statement, got 'y'"},
        {"let x = (1 + 2", 1, 15, "Expected ')' to close parenthesis, got end of input"},
        {"const X", 1, 8, "Expected '=' after constant name, got end of input"},
        {"try { a }", 1, 10, "Expected 'catch' or 'finally' after try block, got end of input"},
        {"match v { 1: a }", 1, 12, "Expected '=>' after match pattern, got ':'"},
        {"if x:\n    a()\n      b()", 3, 7,
         "Inconsistent indentation in colon block: this line starts at column 7, the block's lines at column 5"},
        {"while x:\nprint 1", 2, 1, "Expected an indented block after ':' on line 1, got 'print'"},
        {"contract C { state { a 1 } }", 1, 24, "Expected ':' or '=' after state field 'a', got '1'"},
        {"}", 1, 1, "Unexpected '}' at top level"},
        {"x $ y", 1, 3, "Expected end of statement, got '$'"},
        {"let s = 1e3", 1, 10, "Expected end of statement, got 'e3'"},
        {"lambda(x) x", 1, 11, "Expected ':' after lambda parameters, got 'x'"},
        {"for each x of y {}", 1, 12, "Expected 'in' in for-each loop, got 'of'"},
        {"let x = 1 +", 1, 12, "Expected expression, got end of input"},
        {"let x = * 2", 1, 9, "Unexpected '*' in expression"},
        {"a.1", 1, 3, "Expected property name after '.', got '1'"},
        {"while x y {}", 1, 9, "Expected '{' after while condition, got 'y'"},
        {"if x\nprint 1", 1, 5, "Expected '{' after if condition, got end of line"},
        {"\n\n  let y = ]", 3, 11, "Unexpected ']' in expression"},
        {"use { a } \"m\"", 1, 11, "Expected 'from' after import list, got string"},
        {"action (a b) {}", 1, 11, "Expected ')' after parameters, got 'b'"},
    };
    for (const Case& c : cases) {
        INFO(c.source);
        auto f = fail(c.source);
        REQUIRE(f.failed);
        CHECK(f.message == c.message);
        CHECK(f.line == c.line);
        CHECK(f.column == c.column);
    }
}

TEST_CASE("zexus errors: what() and rendering", "[zexus][errors]") {
    const std::string source = "let a = 1\nlet b = (2 +\n";
    try {
        trellis::zexus::parse_program(source, "demo.zx");
        FAIL("expected a syntax error");
    } catch (const trellis::zexus::ZexusSyntaxError& e) {
        CHECK(std::string(e.what()) == "Syntax error at demo.zx:3:1: Expected expression, got end of input");
        CHECK(e.file() == "demo.zx");
        CHECK(e.pos().line == 3);  // also usable as a core::Error
    }
    try {
        trellis::zexus::parse_program("let x = 1\nprint x y\n", "r.zx");
        FAIL("expected a syntax error");
    } catch (const trellis::zexus::ZexusSyntaxError& e) {
        CHECK(trellis::zexus::render_syntax_error(e, "let x = 1\nprint x y\n") ==
              "Syntax error at r.zx:2:9: Expected end of statement, got 'y'\n  print x y\n          ^");
    }
}

TEST_CASE("zexus errors: nesting limit instead of stack exhaustion", "[zexus][errors]") {
    std::string deep = std::string(5000, '(') + "1" + std::string(5000, ')');
    auto f = fail(deep);
    REQUIRE(f.failed);
    CHECK(f.message.find("Nesting too deep") == 0);
    CHECK(fail(std::string(5000, '-') + "1").message.find("Nesting too deep") == 0);
    CHECK(fail(std::string(3000, '[')).failed);
    std::string blocks;
    for (int i = 0; i < 3000; ++i) blocks += "if x {";
    CHECK(fail(blocks).message.find("Nesting too deep") == 0);
    std::string sum = "x = 1";
    for (int i = 0; i < 100000; ++i) sum += " + 1";
    CHECK(fail(sum).message.find("Expression too long") == 0);
    std::string calls = "f";
    for (int i = 0; i < 100000; ++i) calls += "()";
    CHECK(fail(calls).message.find("Expression too long") == 0);
    std::string ternary = "x = ";
    for (int i = 0; i < 100000; ++i) ternary += "c ? 1 : ";
    CHECK(fail(ternary + "2").message.find("Nesting too deep") == 0);
    std::string assigns = "x";
    for (int i = 0; i < 100000; ++i) assigns += " = x";
    CHECK(fail(assigns).message.find("Nesting too deep") == 0);
    std::string interp = "x";
    for (int i = 0; i < 300; ++i) interp = "\"${" + interp + "}\"";
    CHECK(fail("print " + interp).message.find("Nesting too deep") == 0);
    std::string long_ok = "x = 1";
    for (int i = 0; i < 1000; ++i) long_ok += " + 1";
    CHECK(sx(long_ok).size() > 4000);  // printed recursively without trouble
    std::string ok = std::string(50, '(') + "1" + std::string(50, ')');
    CHECK(sx(ok) == "1");
}
