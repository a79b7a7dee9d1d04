// test_parser_decl.cpp: Zexus declarations: functions and modifiers (§5), modules (§11), entity/data/contract
// and the rare keyword statements (§12).
#include "zexus_test_util.hpp"

using namespace zx_test;

TEST_CASE("zexus decl: actions and functions (LANGUAGE.md §5)", "[zexus][decl]") {
    CHECK(sx("action add(a, b) { return a + b }") == "(fn add (a b) (block (return (+ a b))))");
    CHECK(sx("function add(a: integer, b: integer) -> integer { return a + b }") ==
          "(fn add :function (a:integer b:integer) (-> integer) (block (return (+ a b))))");
    CHECK(sx("action f(b = 10) {}") == "(fn f (b=10) (block))");
    CHECK(sx("action f()\n{\n}") == "(fn f () (block))");
    CHECK(sx("async action f() {}") == "(fn f :async () (block))");
    CHECK(sx("@cached\naction f() {}") == "(fn f @cached () (block))");
    CHECK(sx("@limit(5) pure action f() {}") == "(fn f :pure @(call limit 5) () (block))");
    CHECK(sx("export action f() {}") == "(fn f :export () (block))");
    CHECK(sx("view payable action g(x) {}") == "(fn g :view :payable (x) (block))");
    CHECK(sx("action outer() {\n  let count = 0\n  return action() { count = count + 1; return count }\n}") ==
          "(fn outer () (block (let count 0) (return (fn _ () (block (= count (+ count 1)) (return count))))))");
    CHECK(sx("let f = action(x) { return x }") == "(let f (fn _ (x) (block (return x))))");
    CHECK(sx("let sq = lambda(x): x * x") == "(let sq (fn _ :lambda (x) (* x x)))");
}

TEST_CASE("zexus decl: entity, data, event (LANGUAGE.md §12)", "[zexus][decl]") {
    CHECK(sx("entity Point { x: integer, y: integer }") == "(entity Point (fields x:integer y:integer))");
    CHECK(sx("entity P {\n  x: integer\n  y: integer = 0\n  action norm() { return x }\n}") ==
          "(entity P (fields x:integer y:integer=0) (methods (fn norm () (block (return x)))))");
    CHECK(sx("entity Dog extends Animal { name: string }") == "(entity Dog extends Animal (fields name:string))");
    CHECK(sx("data Pair { a: integer, b: integer; sum() { return this.a + this.b } }") ==
          "(data Pair (fields a:integer b:integer) (methods (fn sum () (block (return (+ (. this a) (. this b)))))))");
    CHECK(sx("data Box<T> { value: T }") == "(data Box<T> (fields value:T))");
    CHECK(sx("data immutable Point { x: int }") == "(data immutable Point (fields x:int))");
    CHECK(sx("if x { }\ndata P { a: int }") == "(if x (block))\n(data P (fields a:int))");
    CHECK(sx("let n = 1\ndata P { a: int }") == "(let n 1)\n(data P (fields a:int))");  // after a literal
    CHECK(sx("event Transfer { from: address, amount: integer }") ==
          "(event Transfer (fields from:address amount:integer))");
    CHECK(sx("event Transfer(from, to)") == "(event Transfer (fields from to))");
    CHECK(sx("let p = Point{x: 1, y: 2}\nprint p.x") ==
          "(let p (construct Point (\"x\" 1) (\"y\" 2)))\n(print (. p x))");
    CHECK(sx("let q = Pair(3, 4)") == "(let q (call Pair 3 4))");
}

TEST_CASE("zexus decl: data directly after print(...) is not a keyword (LANGUAGE.md §1)", "[zexus][decl]") {
    auto f = fail("print(1)\ndata Pair { a: integer }");
    REQUIRE(f.failed);
    CHECK(f.line == 2);
    CHECK(f.column == 6);
}

TEST_CASE("zexus decl: contracts and state (LANGUAGE.md §12)", "[zexus][decl]") {
    CHECK(sx("contract Counter {\n  state count = 0\n  persistent storage balances: Map<string, integer>\n"
             "  action increment() { this.count = this.count + 1 }\n}") ==
          "(contract Counter (state count 0) (persistent-storage balances:Map<string, integer>) "
          "(fn increment () (block (= (. this count) (+ (. this count) 1)))))");
    // LANGUAGE.md §12 writes the members on one line, separated by spaces only
    CHECK(sx("contract Name { state x = 0  persistent storage m: Map<string, integer>  action f(a) { return a } }") ==
          "(contract Name (state x 0) (persistent-storage m:Map<string, integer>) (fn f (a) (block (return a))))");
    CHECK(sx("ledger total = 5") == "(ledger total 5)");
    CHECK(sx("storage owner: address") == "(storage owner:address)");
    CHECK(sx("let c = contract Counter(5)") == "(let c (call Counter 5))");
    CHECK(sx("let c = Counter()\nc.increment()") == "(let c (call Counter))\n(call (. c increment))");
    CHECK(sx("emit Transfer(a, b)") == "(emit (call Transfer a b))");
    CHECK(sx("print TX.caller") == "(print (. TX caller))");
}

TEST_CASE("zexus decl: rare keywords parse to Unsupported nodes (LANGUAGE.md §12)", "[zexus][decl]") {
    CHECK(sx("defer { cleanup() }") == "(defer (block (call cleanup)))");
    CHECK(sx("sandbox { x = 1 }") == "(unsupported sandbox (block (= x 1)))");
    CHECK(sx("watch x { print x }") == "(unsupported watch x (block (print x)))");
    CHECK(sx("spawn worker()") == "(spawn (call worker))");
    CHECK(sx("log > \"out.txt\"") == "(unsupported log \"out.txt\")");
    CHECK(sx("log >> \"out.txt\"") == "(unsupported log \"out.txt\")");
    CHECK(sx("audit balance") == "(unsupported audit balance)");
    CHECK(sx("atomic {\n  a = 1\n}") == "(unsupported atomic (block (= a 1)))");
    CHECK(sx("screen Main { title: \"Hi\", theme: dark }\nprint 1") == "(unsupported screen Main {...})\n(print 1)");
    CHECK(fail("screen Main { title: ").failed);
}

TEST_CASE("zexus decl: modules (LANGUAGE.md §11)", "[zexus][decl]") {
    CHECK(sx("use \"./m.zx\"") == "(use \"./m.zx\")");
    CHECK(sx("use \"./m.zx\" as m") == "(use \"./m.zx\" as m)");
    CHECK(sx("use { a, b } from \"./m.zx\"") == "(use \"./m.zx\" (names a b))");
    CHECK(sx("use \"math\"") == "(use \"math\")");
    CHECK(sx("import \"./x.zx\"") == "(import \"./x.zx\")");
    CHECK(sx("import x from \"p\"") == "(import \"p\" (names x))");
    CHECK(sx("export add") == "(export add)");
    CHECK(sx("export a, b") == "(export a b)");
    CHECK(sx("export { a, b }") == "(export a b)");
    CHECK(sx("export let x = 1") == "(export (let x 1))");
    CHECK(sx("export entity P { x: int }") == "(export (entity P (fields x:int)))");
    CHECK(sx("if __MODULE__ == \"__main__\" { main() }") == "(if (== __MODULE__ \"__main__\") (block (call main)))");
}

TEST_CASE("zexus decl: the §15 forms (colon blocks, state groups, modules, match, spawn, inject)", "[zexus][decl]") {
    // Colon blocks: same-line body, indented body, elif/else at the header's indentation, nesting with braces.
    CHECK(sx("action f(): return 5 > 3") == sx("action f() { return 5 > 3 }"));
    CHECK(sx("if (a):\n    b()\n    c()\nelif d:\n    e()\nelse:\n    g()\nh()") ==
          sx("if (a) { b()\n c() } elif d { e() } else { g() }\nh()"));
    CHECK(sx("while x:\n  for each i in l:\n    if i { p(i) }\n  q()\nr()") ==
          sx("while x { for each i in l { if i { p(i) } }\n q() }\nr()"));
    // An else at a shallower indentation belongs to the enclosing if.
    CHECK(sx("if a:\n  if b:\n    x()\nelse:\n  y()") == sx("if a { if b { x() } } else { y() }"));
    // Colons inside brackets keep their meaning.
    CHECK(sx("if {a: 1}.a: print 1") == "(if (. (map (\"a\" 1)) a) (block (print 1)))");
    CHECK(sx("contract C { state { debug: 1, b = 2,\n c: 3, } data d = 4 }") ==
          "(contract C (state debug 1) (state b 2) (state c 3) (state d 4))");
    CHECK(sx("entity E { a: int\n data { b: int = 2\n c: string } }") == sx("entity E { a: int\n b: int = 2\n c: string }"));
    CHECK(sx("module data { let x = 1 }") == "(module data (block (let x 1)))");
    CHECK(sx("let r = match v { 1 => \"a\", Point(x, _) => x\n n => n }") ==
          "(let r (match :expr v (case 1 \"a\") (case (call Point x _) x) (case n n)))");
    CHECK(sx("let t = spawn(f(1))") == "(let t (spawn (call f 1)))");
    CHECK(sx("inject logger") == "(let logger (call inject \"logger\"))");
    CHECK(sx("sanitize v as sql") == "(call sanitize v \"sql\")");
    CHECK(sx("validate v, \"email\"") == "(call validate v \"email\")");
}
