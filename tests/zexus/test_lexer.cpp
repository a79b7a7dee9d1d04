// test_lexer.cpp: Zexus lexical rules (LANGUAGE.md §1).
#include "zexus_test_util.hpp"

using namespace zx_test;
using trellis::zexus::Lexer;
using trellis::zexus::TokenKind;

TEST_CASE("zexus lexer: numbers have no exponent, hex or separators", "[zexus][lexer]") {
    CHECK(texts("1e3") == "1|e3");
    CHECK(kinds("1e3") == "Int Ident");
    CHECK(kinds("3.25") == "Float");
    CHECK(texts("0x1F") == "0|x1F");
    CHECK(texts("1_000") == "1|_000");
    CHECK(kinds("1.") == "Int Dot");
    CHECK(kinds("1.x") == "Int Dot Ident");
    CHECK(texts("007") == "007");
}

TEST_CASE("zexus lexer: comments", "[zexus][lexer]") {
    CHECK(texts("a # comment\nb") == "a|\\n|b");
    CHECK(texts("a // comment\nb") == "a|\\n|b");
    CHECK(texts("a /* x */ b") == "a|b");
    CHECK(texts("a /* x /* nested */ still comment */ b") == "a|b");
    CHECK(texts("#{") == "#|{");  // `#{` is not a comment
    CHECK(texts("a /* multi\nline */ b") == "a|b");
}

TEST_CASE("zexus lexer: newlines are significant except inside () and []", "[zexus][lexer]") {
    CHECK(texts("a\n\n\nb") == "a|\\n|b");
    CHECK(texts("f(1,\n2)") == "f|(|1|,|2|)");
    CHECK(texts("[1,\n2]") == "[|1|,|2|]");
    CHECK(texts("{a\nb}") == "{|a|\\n|b|}");
    // a block inside parentheses counts newlines again
    CHECK(texts("f(action() {\nx\ny\n})") == "f|(|action|(|)|{|\\n|x|\\n|y|\\n|}|)");
    CHECK(texts("\n\na") == "a");
}

TEST_CASE("zexus lexer: strings and escapes", "[zexus][lexer]") {
    Lexer lexer(R"("a\nb\t\"q\" \\ \$ \z" 'it\'s')");
    auto tokens = lexer.tokenize();
    REQUIRE(tokens.size() == 3);
    CHECK(tokens[0].kind == TokenKind::String);
    CHECK(tokens[0].text == "a\nb\t\"q\" \\ $ z");
    CHECK(tokens[1].text == "it's");
    CHECK(kinds(R"("x ${y} z")") == "InterpString");
    CHECK(kinds(R"('x ${y} z')") == "String");  // single quotes never interpolate
    CHECK(texts("'x ${y}'") == "x ${y}");
    CHECK(kinds(R"("cost: \${x}")") == "String");
    CHECK(texts("\"\"\"line1\nline2 ${x} \\n\"\"\"") == "line1\nline2 ${x} \\n");
    CHECK(texts("'''a'b'''") == "a'b");
    CHECK(kinds("\"\" x") == "String Ident");
}

TEST_CASE("zexus lexer: operators, longest match", "[zexus][lexer]") {
    CHECK(kinds("** **= *= * ?? ? => == = != ! <= < >= > && || -> -= - += + /= / %= %") ==
          "StarStar StarStarAssign StarAssign Star QuestionQuestion Question FatArrow Eq Assign NotEq Bang LtEq Lt "
          "GtEq Gt AndAnd OrOr Arrow MinusAssign Minus PlusAssign Plus SlashAssign Slash PercentAssign Percent");
}

TEST_CASE("zexus lexer: strict keywords vs context-sensitive words", "[zexus][lexer]") {
    CHECK(kinds("if elif else while for each in return break continue") ==
          "KwIf KwElif KwElse KwWhile KwFor KwEach KwIn KwReturn KwBreak KwContinue");
    CHECK(kinds("throw try catch await async spawn let const print use find load export import debug match lambda "
                "case default true false null") ==
          "KwThrow KwTry KwCatch KwAwait KwAsync KwSpawn KwLet KwConst KwPrint KwUse KwFind KwLoad KwExport "
          "KwImport KwDebug KwMatch KwLambda KwCase KwDefault KwTrue KwFalse KwNull");
    CHECK(kinds("data state contract entity require emit log map action function") ==
          "Ident Ident Ident Ident Ident Ident Ident Ident Ident Ident");
    CHECK(kinds("iffy lets") == "Ident Ident");
}

TEST_CASE("zexus lexer: stray characters become one-character identifiers", "[zexus][lexer]") {
    CHECK(texts("a $ b") == "a|$|b");
    CHECK(kinds("&") == "Ident");
    CHECK(texts("x \xF0\x9F\x98\x80 y") == "x|\xF0\x9F\x98\x80|y");  // one code point, one token
}

TEST_CASE("zexus lexer: positions", "[zexus][lexer]") {
    Lexer lexer("let x = 1\n  print \"hi\"");
    auto t = lexer.tokenize();
    REQUIRE(t.size() == 8);
    CHECK(t[0].line == 1);
    CHECK(t[0].column == 1);
    CHECK(t[3].column == 9);
    CHECK(t[5].line == 2);
    CHECK(t[5].column == 3);
    CHECK(t[6].column == 9);
    CHECK(t[6].body_column == 10);
}

TEST_CASE("zexus lexer: unterminated constructs are errors with positions", "[zexus][lexer]") {
    auto f = fail("let s = \"abc");
    CHECK(f.failed);
    CHECK(f.message == "Unterminated string literal");
    CHECK(f.line == 1);
    CHECK(f.column == 9);
    f = fail("x\n/* open /* nested */ still open");
    CHECK(f.message == "Unterminated block comment");
    CHECK(f.line == 2);
    CHECK(f.column == 1);
    CHECK(fail("'''never closed").message == "Unterminated string literal");
    CHECK(fail("\"${ a \"").failed);
}
