// test_parser_expr.cpp: Zexus expressions: precedence, associativity, literals, interpolation, functions
// (LANGUAGE.md §0, §3, §5, §7, §8).
#include "zexus_test_util.hpp"

using namespace zx_test;

TEST_CASE("zexus expr: literals", "[zexus][expr]") {
    CHECK(ex("42") == "42");
    CHECK(ex("123456789012345678901234567890") == "123456789012345678901234567890");
    CHECK(ex("2.5") == "2.5");
    CHECK(ex("true") == "true");
    CHECK(ex("false") == "false");
    CHECK(ex("null") == "null");
    CHECK(ex("\"hi\\n\"") == "\"hi\\n\"");
    CHECK(ex("[1, 2, [3, 4], true, null, 1.5]") == "(list 1 2 (list 3 4) true null 1.5)");
    CHECK(ex("[]") == "(list)");
    CHECK(ex("{}") == "(map)");
    CHECK(ex("{a: 1, \"b\": 2, c: [1, 2]}") == "(map (\"a\" 1) (\"b\" 2) (\"c\" (list 1 2)))");
    CHECK(ex("[1, 2,]") == "(list 1 2)");
    CHECK(sx("let m = {\n  a: 1\n  b: 2,\n}") == "(let m (map (\"a\" 1) (\"b\" 2)))");
}

TEST_CASE("zexus expr: binary precedence (LANGUAGE.md §3)", "[zexus][expr]") {
    CHECK(ex("1 + 2 * 3") == "(+ 1 (* 2 3))");
    CHECK(ex("(1 + 2) * 3") == "(* (+ 1 2) 3)");
    CHECK(ex("1 - 2 - 3") == "(- (- 1 2) 3)");
    CHECK(ex("8 / 4 / 2") == "(/ (/ 8 4) 2)");
    CHECK(ex("7 % 3 * 2") == "(* (% 7 3) 2)");
    CHECK(ex("2 * 3 ** 2") == "(* 2 (** 3 2))");
    CHECK(ex("1 + 2 < 4") == "(< (+ 1 2) 4)");
    CHECK(ex("1 < 2 == true") == "(== (< 1 2) true)");
    CHECK(ex("a == b && c != d") == "(&& (== a b) (!= c d))");
    CHECK(ex("a || b && c") == "(|| a (&& b c))");
    CHECK(ex("a && b || c") == "(|| (&& a b) c)");
    CHECK(ex("a and b or c") == "(|| (&& a b) c)");
    CHECK(ex("x ?? y || z") == "(?? x (|| y z))");
    CHECK(ex("a <= b") == "(<= a b)");
    CHECK(ex("a >= b") == "(>= a b)");
}

TEST_CASE("zexus expr: ** is left-associative (LANGUAGE.md §0, §3)", "[zexus][expr]") {
    CHECK(ex("2 ** 3 ** 2") == "(** (** 2 3) 2)");
}

TEST_CASE("zexus expr: unary binds tighter than binary (LANGUAGE.md §0)", "[zexus][expr]") {
    CHECK(ex("-2 + 5") == "(+ (- 2) 5)");
    CHECK(ex("-2 * 3 + 10") == "(+ (* (- 2) 3) 10)");
    CHECK(ex("-7 / 2") == "(/ (- 7) 2)");
    CHECK(ex("-1 + 2 > 0") == "(> (+ (- 1) 2) 0)");
    CHECK(ex("5 - -2") == "(- 5 (- 2))");
    CHECK(ex("!a == b") == "(== (! a) b)");
    CHECK(ex("!!x") == "(! (! x))");
    CHECK(ex("-x.y") == "(- (. x y))");
    CHECK(ex("-f(1)") == "(- (call f 1))");
    CHECK(ex("-2 ** 2") == "(** (- 2) 2)");
}

TEST_CASE("zexus expr: ternary, coalescing, assignment", "[zexus][expr]") {
    CHECK(ex("c ? a : b") == "(?: c a b)");
    CHECK(ex("c ? a : d ? e : f") == "(?: c a (?: d e f))");
    CHECK(ex("x > 1 ? \"big\" : \"small\"") == "(?: (> x 1) \"big\" \"small\")");
    CHECK(ex("x ?? 5") == "(?? x 5)");
    CHECK(ex("x = y = 3") == "(= x (= y 3))");
    CHECK(ex("x += 1") == "(+= x 1)");
    CHECK(ex("x -= 1") == "(-= x 1)");
    CHECK(ex("x *= 2") == "(*= x 2)");
    CHECK(ex("x /= 2") == "(/= x 2)");
    CHECK(ex("x %= 2") == "(%= x 2)");
    CHECK(ex("x **= 2") == "(**= x 2)");
    CHECK(ex("l[0] = 99") == "(= (index l 0) 99)");
    CHECK(ex("m[\"k\"] = v") == "(= (index m \"k\") v)");
    CHECK(ex("obj.field = v") == "(= (. obj field) v)");
    CHECK(ex("x = c ? 1 : 2") == "(= x (?: c 1 2))");
}

TEST_CASE("zexus expr: postfix chains", "[zexus][expr]") {
    CHECK(ex("a.b.c(1)[2]") == "(index (call (. (. a b) c) 1) 2)");
    CHECK(ex("f(1)(2)") == "(call (call f 1) 2)");
    CHECK(ex("f()") == "(call f)");
    CHECK(ex("list.map(f).filter(g)") == "(call (. (call (. list map) f) filter) g)");
    CHECK(ex("m.default") == "(. m default)");  // keywords are fine as property names
    CHECK(ex("TX.caller") == "(. TX caller)");
    CHECK(ex("1 .x") == "(. 1 x)");
    CHECK(ex("reduce(l, action(a, b) { return a + b }, 0)") ==
          "(call reduce l (fn _ (a b) (block (return (+ a b)))) 0)");
}

TEST_CASE("zexus expr: string interpolation (LANGUAGE.md §1, §8)", "[zexus][expr]") {
    CHECK(ex("\"x ${a + 1} y\"") == "(interp \"x \" (+ a 1) \" y\")");
    CHECK(ex("\"${a}${b}\"") == "(interp a b)");
    CHECK(ex("\"Hello, ${name}!\"") == "(interp \"Hello, \" name \"!\")");
    CHECK(ex("\"${ {a: 1}[\"a\"] }\"") == "(interp (index (map (\"a\" 1)) \"a\"))");  // nested braces
    CHECK(ex("\"${m[\"}\"]}\"") == "(interp (index m \"}\"))");  // a brace inside a nested string
    CHECK(ex("\"tab\\t${x}\\n\"") == "(interp \"tab\\t\" x \"\\n\")");
    CHECK(ex("\"cost: \\${x}\"") == "\"cost: ${x}\"");  // \$ escapes interpolation
    CHECK(ex("\"a ${\"inner ${b}\"} c\"") == "(interp \"a \" (interp \"inner \" b) \" c\")");
    CHECK(ex("'${x}'") == "\"${x}\"");
    CHECK(ex("\"1${\"2${\"3${x}3\"}2\"}1\"") == "(interp \"1\" (interp \"2\" (interp \"3\" x \"3\") \"2\") \"1\")");
    CHECK(ex("\"${f(\"}\", '{')}\"") == "(interp (call f \"}\" \"{\"))");
    CHECK(ex("\"${ \"a\\\"}\" }\"") == "(interp \"a\\\"}\")");
}

TEST_CASE("zexus expr: interpolation errors point into the string", "[zexus][expr][errors]") {
    auto f = fail("let s = \"ab ${1 +} cd\"");
    REQUIRE(f.failed);
    CHECK(f.line == 1);
    CHECK(f.column == 18);  // end of the segment's input, right after "1 +"
    f = fail("print \"x ${}\"");
    REQUIRE(f.failed);
    CHECK(f.message == "Empty interpolation '${}'");
    CHECK(f.column == 10);
    f = fail("x = 1\nprint \"${a b}\"");
    REQUIRE(f.failed);
    CHECK(f.line == 2);
    CHECK(f.column == 12);
}

TEST_CASE("zexus expr: anonymous functions (LANGUAGE.md §5)", "[zexus][expr]") {
    CHECK(ex("lambda(x): x * x") == "(fn _ :lambda (x) (* x x))");
    CHECK(ex("lambda x: x * x") == "(fn _ :lambda (x) (* x x))");
    CHECK(ex("lambda x, y: x + y") == "(fn _ :lambda (x y) (+ x y))");
    CHECK(ex("lambda(x) { x * x }") == "(fn _ :lambda (x) (block (* x x)))");
    CHECK(ex("(x) => x * 2") == "(fn _ :arrow (x) (* x 2))");
    CHECK(ex("x => x + 1") == "(fn _ :arrow (x) (+ x 1))");
    CHECK(ex("() => 1") == "(fn _ :arrow () 1)");
    CHECK(ex("(a, b) => { return a }") == "(fn _ :arrow (a b) (block (return a)))");
    CHECK(ex("action(a) { return a }") == "(fn _ (a) (block (return a)))");
    CHECK(ex("function() {}") == "(fn _ :function () (block))");
    CHECK(ex("action() {\n  count = count + 1\n  return count\n}") ==
          "(fn _ () (block (= count (+ count 1)) (return count)))");
    CHECK(ex("map(l, x => x * 2)") == "(call map l (fn _ :arrow (x) (* x 2)))");
    CHECK(ex("(x)") == "x");
    CHECK(ex("async action() { return 1 }") == "(fn _ :async () (block (return 1)))");
}

TEST_CASE("zexus expr: rare expression forms", "[zexus][expr]") {
    CHECK(ex("if c then 1 else 2") == "(if-expr c 1 2)");
    CHECK(ex("Point{x: 1, y: 2}") == "(construct Point (\"x\" 1) (\"y\" 2))");
    CHECK(ex("Point{}") == "(construct Point)");
    CHECK(ex("await fetch(u)") == "(await (call fetch u))");
}

TEST_CASE("zexus expr: line continuation after operators and inside brackets", "[zexus][expr]") {
    CHECK(sx("x = 1 +\n  2") == "(= x (+ 1 2))");
    CHECK(sx("f(1,\n  2)") == "(call f 1 2)");
    CHECK(sx("let l = [\n 1,\n 2\n]") == "(let l (list 1 2))");
    CHECK(sx("let t = a &&\n b") == "(let t (&& a b))");
}
