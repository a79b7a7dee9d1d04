// test_parser_stmt.cpp: Zexus statements: variables, control flow, match, errors, print (LANGUAGE.md §4, §6,
// §9, §10) and statement separation rules (§1).
#include "zexus_test_util.hpp"

using namespace zx_test;

TEST_CASE("zexus stmt: let and const (LANGUAGE.md §4)", "[zexus][stmt]") {
    CHECK(sx("let x = 1") == "(let x 1)");
    CHECK(sx("let x : 5") == "(let x :tolerant 5)");
    CHECK(sx("let x : int = 5") == "(let x:int 5)");
    CHECK(sx("let x : y + 1") == "(let x :tolerant (+ y 1))");
    CHECK(sx("let m : Map<string, int> = {}") == "(let m:Map<string, int> (map))");
    CHECK(sx("const MAX = 10") == "(const MAX 10)");
    CHECK(sx("let x") == "(let x)");
    CHECK(sx("x = 2") == "(= x 2)");
}

TEST_CASE("zexus stmt: statement separation", "[zexus][stmt]") {
    CHECK(sx("let a = 1; let b = 2") == "(let a 1)\n(let b 2)");
    CHECK(sx("let a = 1\nlet b = 2\n") == "(let a 1)\n(let b 2)");
    CHECK(sx("\n\n;;let a = 1;;\n\n") == "(let a 1)");
    CHECK(sx("if x { a } print y") == "(if x (block a))\n(print y)");
    CHECK(sx("") == "");
    CHECK(sx("# only a comment\n/* and a block */") == "");
}

TEST_CASE("zexus stmt: if / elif / else (LANGUAGE.md §6)", "[zexus][stmt]") {
    CHECK(sx("if x > 1 { print 1 }") == "(if (> x 1) (block (print 1)))");
    CHECK(sx("if (x == 5) { a }") == "(if (== x 5) (block a))");
    CHECK(sx("if a { 1 } elif b { 2 } else { 3 }") == "(if a (block 1) elif b (block 2) else (block 3))");
    CHECK(sx("if a {\n 1\n}\nelif b {\n 2\n}\nelse {\n 3\n}") == "(if a (block 1) elif b (block 2) else (block 3))");
    CHECK(sx("if a\n{\n 1\n}\nelse\n{\n 2\n}") == "(if a (block 1) else (block 2))");  // Allman braces
    CHECK(sx("while x\n{ y }") == "(while x (block y))");
    CHECK(sx("if a { 1 } else if b { 2 }") == "(if a (block 1) elif b (block 2))");
    CHECK(sx("if a { 1 }\nx = 2") == "(if a (block 1))\n(= x 2)");
    CHECK(sx("if true { let inner = 5 }\nprint(inner)") == "(if true (block (let inner 5)))\n(print inner)");
    CHECK(sx("if p { x = 1 }") == "(if p (block (= x 1)))");  // `p {` is not a construction in a condition
    CHECK(sx("if p {}") == "(if p (block))");
    CHECK(sx("if p == Point{x: 1} { a }") == "(if (== p (construct Point (\"x\" 1))) (block a))");
    CHECK(sx("let v = if c then 1 else 2") == "(let v (if-expr c 1 2))");
    CHECK(sx("if c then print_it() else other()") == "(if-expr c (call print_it) (call other))");
}

TEST_CASE("zexus stmt: loops (LANGUAGE.md §6)", "[zexus][stmt]") {
    CHECK(sx("while i < 3 { i = i + 1 }") == "(while (< i 3) (block (= i (+ i 1))))");
    CHECK(sx("while (true) { break }") == "(while true (block (break)))");
    CHECK(sx("for each x in [1, 2] { print x }") == "(for-each (x) (list 1 2) (block (print x)))");
    CHECK(sx("for each i, x in items { continue }") == "(for-each (i x) items (block (continue)))");
    CHECK(sx("for each k, v in m { print k }") == "(for-each (k v) m (block (print k)))");
    CHECK(sx("for each n in range(1, 10, 2) {}") == "(for-each (n) (call range 1 10 2) (block))");
}

TEST_CASE("zexus stmt: match (LANGUAGE.md §6)", "[zexus][stmt]") {
    CHECK(sx("match v { case 1: print \"one\"  case 2: print \"two\"  default: print \"other\" }") ==
          "(match v (case 1 (block (print \"one\"))) (case 2 (block (print \"two\"))) (default (block (print \"other\"))))");
    CHECK(sx("match v {\n  case \"a\":\n    x = 1\n    y = 2\n  default:\n    z = 3\n}") ==
          "(match v (case \"a\" (block (= x 1) (= y 2))) (default (block (= z 3))))");
    CHECK(sx("match v { case x where x > 5: print x }") == "(match v (case x where (> x 5) (block (print x))))");
    CHECK(sx("match p { case {a: 1}: print 1 }") == "(match p (case (map (\"a\" 1)) (block (print 1))))");
    CHECK(sx("match v { case 1: { a } }") == "(match v (case 1 (block (block a))))");
    CHECK(sx("match v {}") == "(match v)");
    CHECK(sx("match p { case Point{x: 1}: a }") == "(match p (case (construct Point (\"x\" 1)) (block a)))");
}

TEST_CASE("zexus stmt: try / catch / finally / throw (LANGUAGE.md §10)", "[zexus][stmt]") {
    CHECK(sx("try { throw \"boom\" } catch (e) { print e }") ==
          "(try (block (throw \"boom\")) (catch e (block (print e))))");
    CHECK(sx("try { a } catch (e) { b } finally { c }") == "(try (block a) (catch e (block b)) (finally (block c)))");
    CHECK(sx("try {\n a\n}\ncatch e {\n b\n}\nfinally {\n c\n}") ==
          "(try (block a) (catch e (block b)) (finally (block c)))");
    CHECK(sx("try { a } finally { c }") == "(try (block a) (finally (block c)))");
    CHECK(sx("try { a } catch { b }") == "(try (block a) (catch (block b)))");
}

TEST_CASE("zexus stmt: guards (LANGUAGE.md §10)", "[zexus][stmt]") {
    CHECK(sx("require(x > 0, \"must be positive\")") == "(require (> x 0) \"must be positive\")");
    CHECK(sx("require x > 0") == "(require (> x 0))");
    CHECK(sx("revert(\"no\")") == "(revert \"no\")");
    CHECK(sx("revert") == "(revert)");
    CHECK(sx("assert(a == b)") == "(assert (== a b))");
    CHECK(sx("let require = 1\nrequire = 2") == "(let require 1)\n(= require 2)");
}

TEST_CASE("zexus stmt: print and debug (LANGUAGE.md §0, §9)", "[zexus][stmt]") {
    CHECK(sx("print 1 + 2") == "(print (+ 1 2))");
    CHECK(sx("print(1 + 2)") == "(print (+ 1 2))");
    CHECK(sx("print(a, b)") == "(print a b)");  // two arguments print both (§0)
    CHECK(sx("print(a, b, c)") == "(print a b c)");
    CHECK(sx("print a, b") == "(print a b)");
    CHECK(sx("print (1 + 2) * 3") == "(print (* (+ 1 2) 3))");
    CHECK(sx("print()") == "(print)");
    CHECK(sx("print") == "(print)");
    CHECK(sx("if x { print(0, \"y\") }") == "(if x (block (print 0 \"y\")))");
    CHECK(sx("debug x") == "(debug x)");
    CHECK(sx("debug(x)") == "(debug x)");
}

TEST_CASE("zexus stmt: return, blocks", "[zexus][stmt]") {
    CHECK(sx("action f() { return }") == "(fn f () (block (return)))");
    CHECK(sx("action f() { return 1 }") == "(fn f () (block (return 1)))");
    CHECK(sx("action f() {\n return\n}") == "(fn f () (block (return)))");
    CHECK(sx("{ let a = 1 }") == "(block (let a 1))");
}

TEST_CASE("zexus stmt: context-sensitive words are identifiers off statement start (LANGUAGE.md §1)",
          "[zexus][stmt]") {
    CHECK(sx("let state = 1\nstate = state + 1") == "(let state 1)\n(= state (+ state 1))");
    CHECK(sx("let data = [1]\nprint data") == "(let data (list 1))\n(print data)");
    CHECK(sx("x = m.contract") == "(= x (. m contract))");
    CHECK(sx("let m = {entity: 1, emit: 2}") == "(let m (map (\"entity\" 1) (\"emit\" 2)))");
    CHECK(sx("map(l, f)") == "(call map l f)");
    CHECK(sx("log(x)") == "(call log x)");
    CHECK(sx("send(ch, 1)") == "(call send ch 1)");
    CHECK(sx("seal = 3") == "(= seal 3)");
    CHECK(sx("emit.x = 1") == "(= (. emit x) 1)");
}

TEST_CASE("zexus ast: node positions and checked downcasts", "[zexus][ast]") {
    using namespace trellis::zexus;
    auto ast = parse_program("let x = 1\n  y = x + 2\nfor each v in l {\n  print v\n}", "p.zx");
    REQUIRE(ast->root->stmts.size() == 3);
    CHECK(ast->file == "p.zx");
    const Node* let = ast->root->stmts[0];
    CHECK(let->is<Let>());
    CHECK(let->as<Assign>() == nullptr);
    CHECK(let->line == 1);
    CHECK(let->column == 1);
    const auto* stmt = ast->root->stmts[1]->as<ExprStmt>();
    REQUIRE(stmt);
    const auto* assign = stmt->expr->as<Assign>();
    REQUIRE(assign);
    CHECK(assign->line == 2);
    CHECK(assign->column == 5);  // binary and assignment nodes sit at their operator
    CHECK(assign->target->column == 3);
    const auto* sum = assign->value->as<Binary>();
    REQUIRE(sum);
    CHECK(sum->op == BinaryOp::Add);
    CHECK(sum->column == 9);
    CHECK(sum->lhs->as<Ident>()->name == "x");
    CHECK(sum->rhs->as<IntLit>()->digits == "2");
    const auto* loop = ast->root->stmts[2]->as<ForEach>();
    REQUIRE(loop);
    CHECK(loop->item == "v");
    CHECK(loop->index.empty());
    const auto* print = loop->body->as<Block>()->stmts[0]->as<Print>();
    REQUIRE(print);
    CHECK(print->line == 4);
    CHECK(print->column == 3);
    CHECK(node_kind_name(NodeKind::ForEach) == "for-each");
}

TEST_CASE("zexus ast: literal payloads", "[zexus][ast]") {
    using namespace trellis::zexus;
    auto ast = parse_expression("[2.75, \"a\\tb\", 99999999999999999999, true]");
    const auto* list = ast->root->stmts[0]->as<ExprStmt>()->expr->as<ListLit>();
    REQUIRE(list);
    REQUIRE(list->items.size() == 4);
    CHECK(list->items[0]->as<FloatLit>()->value == 2.75);
    CHECK(list->items[1]->as<StringLit>()->value == "a\tb");
    CHECK(list->items[2]->as<IntLit>()->digits == "99999999999999999999");
    CHECK(list->items[3]->as<BoolLit>()->value);
    auto fn = parse_expression("action(a: integer, b = 3) -> string { return a }");
    const auto* f = fn->root->stmts[0]->as<ExprStmt>()->expr->as<Function>();
    REQUIRE(f);
    REQUIRE(f->params.size() == 2);
    CHECK(f->params[0].type == "integer");
    CHECK(f->params[1].default_value->as<IntLit>()->digits == "3");
    CHECK(f->return_type == "string");
    CHECK((f->flags & FnAction) != 0);
    CHECK((f->flags & FnExprBody) == 0);
}

namespace {
void count_nodes(trellis::zexus::Node* node, void* context) {
    auto* counts = static_cast<std::vector<int>*>(context);
    (*counts)[static_cast<size_t>(node->kind)]++;
    trellis::zexus::for_each_child(node, count_nodes, context);
}
}  // namespace

TEST_CASE("zexus ast: for_each_child reaches every node", "[zexus][ast]") {
    using namespace trellis::zexus;
    auto ast = parse_program(
        "action f(a, b = 2) { if a { return a + b } elif b { x = [1, {k: 3}] } else { print \"${a}\" } }\n"
        "try { match f(1) { case 1: y = 2  default: z = 3 } } catch (e) { throw e } finally { defer { w() } }\n"
        "entity P { x: integer = 7 }\n");
    std::vector<int> counts(64);
    count_nodes(ast->root, &counts);
    auto count = [&](NodeKind k) { return counts[static_cast<size_t>(k)]; };
    // root; action body; if/elif/else; try, two case bodies, catch, finally, defer
    CHECK(count(NodeKind::Block) == 1 + 1 + 3 + 6);
    // default 2; list 1 and map 3; f(1), case 1, y = 2, z = 3; the field default 7
    CHECK(count(NodeKind::IntLit) == 8);
    CHECK(count(NodeKind::Function) == 1);
    CHECK(count(NodeKind::Case) == 2);
    CHECK(count(NodeKind::InterpString) == 1);
    CHECK(count(NodeKind::MapLit) == 1);
    CHECK(count(NodeKind::Defer) == 1);
    CHECK(count(NodeKind::TypeDecl) == 1);
}
