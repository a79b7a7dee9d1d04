/// @file ast.hpp
/// The Zexus abstract syntax tree: every construct of LANGUAGE.md §1-§12 as an arena-allocated node.
///
/// Ownership and shape (what an evaluator or compiler can rely on):
///  - One `Ast` owns every node, string and list of one parse (a monotonic arena); nodes are never freed one by
///    one and are trivially destructible. Pointers stay valid while the `Ast` lives.
///  - Every node starts with `Node{kind, line, column}` (1-based source position of its first token; for binary
///    and assignment nodes, the position of the operator). Downcast with `node->as<T>()` (checked by kind) or
///    `node->is<T>()`.
///  - Child lists are `std::span<Node* const>`; names and literal texts are `std::string_view` into the arena.
///    "Absent" children are nullptr; absent names/types are empty views.
///  - The root is a `Block` holding the top-level statements. Statement nodes and expression nodes share the
///    base; an expression used as a statement is wrapped in `ExprStmt`, except `Function`, which is a
///    declaration when it has a name and sits in statement position.
///  - Rare §12 keywords that have no dedicated node parse to `Unsupported{keyword, args, body}`, so a later
///    stage can report "'<keyword>' is not supported" at the right position.
#pragma once
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace trellis::zexus {

/// X-macro of node kinds: X(Type, "s-expression head used by the AST printer").
#define TRELLIS_ZEXUS_NODES(X)                                                                                \
    X(IntLit, "int") X(FloatLit, "float") X(StringLit, "str") X(InterpString, "interp") X(BoolLit, "bool")  \
    X(NullLit, "null") X(Ident, "id") X(ListLit, "list") X(MapLit, "map") X(Unary, "unary")                 \
    X(Binary, "binary") X(Ternary, "?:") X(Assign, "assign") X(Call, "call") X(Index, "index")              \
    X(Member, ".") X(Function, "fn") X(IfExpr, "if-expr") X(Construct, "construct") X(Await, "await")       \
    X(Block, "block") X(ExprStmt, "expr") X(Let, "let") X(Return, "return") X(If, "if") X(While, "while")  \
    X(ForEach, "for-each") X(Break, "break") X(Continue, "continue") X(Match, "match") X(Case, "case")       \
    X(Try, "try") X(Throw, "throw") X(Guard, "guard") X(Print, "print") X(Debug, "debug") X(Use, "use")     \
    X(Export, "export") X(TypeDecl, "type-decl") X(Contract, "contract") X(StateDecl, "state")              \
    X(Emit, "emit") X(Defer, "defer") X(Unsupported, "unsupported") X(Spawn, "spawn") X(Module, "module")

/// Discriminator of every AST node.
enum class NodeKind : uint8_t {
#define TRELLIS_ZEXUS_NODE_ENUM(name, head) name,
    TRELLIS_ZEXUS_NODES(TRELLIS_ZEXUS_NODE_ENUM)
#undef TRELLIS_ZEXUS_NODE_ENUM
};

/// The printer's head word for a kind ("int", "let", "for-each").
std::string_view node_kind_name(NodeKind kind) noexcept;

/// Common header of all nodes: kind and 1-based source position.
struct Node {
    NodeKind kind;
    uint32_t line = 0;
    uint32_t column = 0;

    /// Whether this node is a T.
    template <class T>
    bool is() const noexcept { return kind == T::k_kind; }
    /// Checked downcast: nullptr if this node is not a T.
    template <class T>
    T* as() noexcept { return kind == T::k_kind ? static_cast<T*>(this) : nullptr; }
    template <class T>
    const T* as() const noexcept { return kind == T::k_kind ? static_cast<const T*>(this) : nullptr; }
};

/// An arena-owned list of child nodes.
using NodeList = std::span<Node* const>;
/// An arena-owned list of names.
using NameList = std::span<const std::string_view>;

#define TRELLIS_ZEXUS_NODE(T) static constexpr NodeKind k_kind = NodeKind::T

// ---------------------------------------------------------------------------------------------- expressions

/// Integer literal `[0-9]+` (§1). `digits` is the exact decimal spelling: Zexus integers are arbitrary
/// precision (capped at 4096 bits, §2), so the value is left to the evaluator.
struct IntLit : Node { TRELLIS_ZEXUS_NODE(IntLit); std::string_view digits; };
/// Float literal `digits.digits` (§1): the parsed double and its spelling.
struct FloatLit : Node { TRELLIS_ZEXUS_NODE(FloatLit); double value = 0; std::string_view text; };
/// String literal with escapes already decoded (§1); also the literal parts of an InterpString and bare
/// identifier keys of map literals.
struct StringLit : Node { TRELLIS_ZEXUS_NODE(StringLit); std::string_view value; };
/// `"a ${expr} b"` (§1): parts are StringLit (decoded text) and arbitrary expressions, in order.
struct InterpString : Node { TRELLIS_ZEXUS_NODE(InterpString); NodeList parts; };
/// `true` / `false`.
struct BoolLit : Node { TRELLIS_ZEXUS_NODE(BoolLit); bool value = false; };
/// `null`.
struct NullLit : Node { TRELLIS_ZEXUS_NODE(NullLit); };
/// A name: variable, function, `this`, or a one-character "identifier" the lexer made of a stray character.
struct Ident : Node { TRELLIS_ZEXUS_NODE(Ident); std::string_view name; };
/// `[a, b, c]` (§7).
struct ListLit : Node { TRELLIS_ZEXUS_NODE(ListLit); NodeList items; };
/// `{k: v, ...}` (§7): keys[i] maps to values[i], insertion order. A bare identifier key is a StringLit.
struct MapLit : Node { TRELLIS_ZEXUS_NODE(MapLit); NodeList keys; NodeList values; };

/// Unary operators (§3): `-x`, `!x`.
enum class UnaryOp : uint8_t { Neg, Not };
/// Unary operation. Trellis binds unary tighter than any binary operator (§0: `-2 + 5` is 3).
struct Unary : Node { TRELLIS_ZEXUS_NODE(Unary); UnaryOp op = UnaryOp::Neg; Node* operand = nullptr; };

/// Binary operators (§3). And/Or are also spelled `and`/`or`; Coalesce is `??` (short-circuit like And/Or).
enum class BinaryOp : uint8_t { Add, Sub, Mul, Div, Mod, Pow, Eq, Ne, Lt, Gt, Le, Ge, And, Or, Coalesce };
/// The operator's spelling ("+", "**", "&&", "??").
std::string_view binary_op_text(BinaryOp op) noexcept;
/// `lhs op rhs`. Precedence, loosest first: `??`, `||`, `&&`, `== !=`, `< > <= >=`, `+ -`, `* / %`, `**`;
/// all left-associative, `**` included (§3).
struct Binary : Node { TRELLIS_ZEXUS_NODE(Binary); BinaryOp op = BinaryOp::Add; Node* lhs = nullptr; Node* rhs = nullptr; };
/// `cond ? a : b` (§3), right-associative.
struct Ternary : Node { TRELLIS_ZEXUS_NODE(Ternary); Node* cond = nullptr; Node* then_value = nullptr; Node* else_value = nullptr; };

/// Assignment operators (§3): `=` and the compound forms; Set is plain `=`, the others carry their BinaryOp.
enum class AssignOp : uint8_t { Set, Add, Sub, Mul, Div, Mod, Pow };
/// `target op= value`, right-associative, loosest of all. `target` is an Ident, Index or Member (checked by
/// the parser: "Invalid assignment target").
struct Assign : Node { TRELLIS_ZEXUS_NODE(Assign); AssignOp op = AssignOp::Set; Node* target = nullptr; Node* value = nullptr; };
/// `callee(args...)`.
struct Call : Node { TRELLIS_ZEXUS_NODE(Call); Node* callee = nullptr; NodeList args; };
/// `object[index]`.
struct Index : Node { TRELLIS_ZEXUS_NODE(Index); Node* object = nullptr; Node* index = nullptr; };
/// `object.name`.
struct Member : Node { TRELLIS_ZEXUS_NODE(Member); Node* object = nullptr; std::string_view name; };

/// One parameter: `name`, `name: type`, `name = default` (§5; defaults are parsed so the evaluator can report
/// the reference's error), with its position.
struct Param {
    std::string_view name;
    std::string_view type;   ///< annotation text as written ("integer", "Map<string, int>"), or empty
    Node* default_value = nullptr;
    uint32_t line = 0;
    uint32_t column = 0;
};

/// Function flags (§5): how it was spelled and its modifiers.
enum FunctionFlags : uint16_t {
    FnAction = 1 << 0,    ///< `action` keyword
    FnFunction = 1 << 1,  ///< `function` keyword
    FnLambda = 1 << 2,    ///< `lambda ...`
    FnArrow = 1 << 3,     ///< `(x) => ...` / `x => ...`
    FnExprBody = 1 << 4,  ///< body is an expression whose value is returned (lambda `:` / arrow), not a Block
    FnAsync = 1 << 5,
    FnPure = 1 << 6,
    FnView = 1 << 7,
    FnPayable = 1 << 8,
    FnSecure = 1 << 9,
    FnInline = 1 << 10,
    FnExport = 1 << 11,
    FnPrivate = 1 << 12,
    FnPublic = 1 << 13,
};
/// Any function: declaration `action f(a) {}` / `function f(a) {}` (name set, statement position), action
/// literal `action(a) {}`, lambda `lambda(x): x * x` / `lambda x: e`, arrow `(x) => e` / `x => e`.
/// `body` is a Block, or an expression when FnExprBody is set. `decorators` are the `@name`/`@name(args)`
/// expressions written before it (an Ident or a Call).
struct Function : Node {
    TRELLIS_ZEXUS_NODE(Function);
    uint16_t flags = 0;
    std::string_view name;
    std::span<const Param> params;
    std::string_view return_type;
    Node* body = nullptr;
    NodeList decorators;
};
/// `if c then a else b` (§6, rare expression form).
struct IfExpr : Node { TRELLIS_ZEXUS_NODE(IfExpr); Node* cond = nullptr; Node* then_value = nullptr; Node* else_value = nullptr; };
/// `Name{field: value, ...}` (§12 entity construction): keys are StringLit field names.
struct Construct : Node { TRELLIS_ZEXUS_NODE(Construct); std::string_view type_name; NodeList keys; NodeList values; };
/// `await expr` (§12, rare). Unary precedence.
struct Await : Node { TRELLIS_ZEXUS_NODE(Await); Node* operand = nullptr; };

// ----------------------------------------------------------------------------------------------- statements

/// `{ stmts }`, and the program root.
struct Block : Node { TRELLIS_ZEXUS_NODE(Block); NodeList stmts; };
/// An expression evaluated for effect (calls, assignments).
struct ExprStmt : Node { TRELLIS_ZEXUS_NODE(ExprStmt); Node* expr = nullptr; };
/// `let x = e`, `let x : e` (tolerant form, `tolerant` set), `let x : type = e`, `const X = e` (§4).
/// `value` is nullptr for `let x` with no initializer.
struct Let : Node {
    TRELLIS_ZEXUS_NODE(Let);
    bool is_const = false;
    bool tolerant = false;
    std::string_view name;
    std::string_view type;
    Node* value = nullptr;
};
/// `return` / `return e` (value nullptr when absent).
struct Return : Node { TRELLIS_ZEXUS_NODE(Return); Node* value = nullptr; };
/// `if c {} elif c {} else {}` (§6): conds[i] guards blocks[i]; else_block is a Block or nullptr.
struct If : Node { TRELLIS_ZEXUS_NODE(If); NodeList conds; NodeList blocks; Node* else_block = nullptr; };
/// `while cond { body }`.
struct While : Node { TRELLIS_ZEXUS_NODE(While); Node* cond = nullptr; Node* body = nullptr; };
/// `for each item in e {}` / `for each index, item in e {}` (§6): `index` empty in the one-name form. On a
/// map, the one-name form binds keys and the two-name form binds key, value.
struct ForEach : Node {
    TRELLIS_ZEXUS_NODE(ForEach);
    std::string_view index;
    std::string_view item;
    Node* iterable = nullptr;
    Node* body = nullptr;
};
/// `break`.
struct Break : Node { TRELLIS_ZEXUS_NODE(Break); };
/// `continue`.
struct Continue : Node { TRELLIS_ZEXUS_NODE(Continue); };
/// One arm of a match: `case pattern [where guard]: stmts` or `default: stmts` (pattern nullptr). The
/// pattern is an expression: a literal, an Ident (binding; `_` is a wildcard), a ListLit or a MapLit.
struct Case : Node { TRELLIS_ZEXUS_NODE(Case); Node* pattern = nullptr; Node* guard = nullptr; Node* body = nullptr; };
/// `match subject { case ... default ... }` (§6): cases are Case nodes in source order. With `expression` set it
/// is the §15 expression form `match subject { PATTERN => RESULT, ... }`: each Case's body is then the RESULT
/// expression, and a pattern may also be a constructor pattern `T(p1, p2)` (a Call).
struct Match : Node { TRELLIS_ZEXUS_NODE(Match); bool expression = false; Node* subject = nullptr; NodeList cases; };
/// `try {} catch (e) {} finally {}` (§10). catch_body nullptr when there is no catch clause; catch_name may be
/// empty (`catch {}`); finally_body nullptr when absent.
struct Try : Node {
    TRELLIS_ZEXUS_NODE(Try);
    Node* body = nullptr;
    std::string_view catch_name;
    Node* catch_body = nullptr;
    Node* finally_body = nullptr;
};
/// `throw e`.
struct Throw : Node { TRELLIS_ZEXUS_NODE(Throw); Node* value = nullptr; };
/// The blockchain-style guards of §10.
enum class GuardKind : uint8_t { Require, Revert, Assert };
/// `require(cond[, msg])`, `revert(msg)` / `revert`, `assert(cond[, msg])`; parentheses optional.
struct Guard : Node { TRELLIS_ZEXUS_NODE(Guard); GuardKind guard = GuardKind::Require; NodeList args; };
/// `print e`, `print(a, b, c)` (§9): all args printed joined by one space (Trellis fixes the two-argument
/// quirk, §0).
struct Print : Node { TRELLIS_ZEXUS_NODE(Print); NodeList args; };
/// `debug e` / `debug(e)` (§9).
struct Debug : Node { TRELLIS_ZEXUS_NODE(Debug); NodeList args; };
/// `use "p"`, `use "p" as m`, `use { a, b } from "p"`, and the `import` spellings (§11). `path` is the
/// module string (or a bare module name written as an identifier); `names` lists imported names (empty: all).
struct Use : Node {
    TRELLIS_ZEXUS_NODE(Use);
    bool is_import = false;
    std::string_view path;
    std::string_view alias;
    NameList names;
};
/// `export name`, `export { a, b }`, or `export <declaration>` (decl set, names empty) (§11).
struct Export : Node { TRELLIS_ZEXUS_NODE(Export); NameList names; Node* decl = nullptr; };

/// A declared field of an entity/data/event type: `name: type [= default]`.
struct Field {
    std::string_view name;
    std::string_view type;
    Node* default_value = nullptr;
    uint32_t line = 0;
    uint32_t column = 0;
};
/// Which §12 record declaration a TypeDecl is.
enum class TypeDeclKind : uint8_t { Entity, Data, Event };
/// `entity Name [extends Base] { fields, actions }`, `data [modifiers] Name[<T, U>] { fields; methods }`,
/// `event Name { fields }` / `event Name(params)` (§12). Methods are named Function nodes.
struct TypeDecl : Node {
    TRELLIS_ZEXUS_NODE(TypeDecl);
    TypeDeclKind decl = TypeDeclKind::Entity;
    std::string_view name;
    std::string_view base;
    NameList type_params;
    NameList modifiers;
    std::span<const Field> fields;
    NodeList methods;
};
/// `contract Name { members }` (§12): members are statements (StateDecl, Function, Let, TypeDecl ...).
struct Contract : Node { TRELLIS_ZEXUS_NODE(Contract); std::string_view name; NodeList members; };
/// Which storage keyword declared a StateDecl.
enum class StateKind : uint8_t { State, Ledger, Storage, PersistentStorage };
/// `state x = 0`, `ledger x = e`, `storage m: T`, `persistent storage m: Map<K, V>` (§12).
struct StateDecl : Node {
    TRELLIS_ZEXUS_NODE(StateDecl);
    StateKind state = StateKind::State;
    std::string_view name;
    std::string_view type;
    Node* value = nullptr;
};
/// `emit Event(args)` (§12): `event` is the expression after `emit` (usually a Call).
struct Emit : Node { TRELLIS_ZEXUS_NODE(Emit); Node* event = nullptr; };
/// `defer { body }` (§6, rare).
struct Defer : Node { TRELLIS_ZEXUS_NODE(Defer); Node* body = nullptr; };
/// Any other rare keyword statement (§12): `keyword [expr, ...] [{ body }]`, e.g. `sandbox { ... }`,
/// `watch x { ... }`, `spawn f()`, `log > "file"`, `audit x`. Later stages report it as not supported.
/// A body that is not a valid statement block (renderer DSLs such as `screen Main { title: "x" }`) is skipped
/// by brace matching: then `body` is nullptr and `opaque_body` is set.
struct Unsupported : Node {
    TRELLIS_ZEXUS_NODE(Unsupported);
    bool opaque_body = false;
    std::string_view keyword;
    NodeList args;
    Node* body = nullptr;
};

/// `spawn CALL` / `spawn(CALL)` (§15 tasks): `call` is the Call to start as a task (or any expression yielding a
/// function, called with no arguments).
struct Spawn : Node { TRELLIS_ZEXUS_NODE(Spawn); Node* call = nullptr; };
/// `module NAME { body }` (§15): `body` runs in a new scope; NAME is bound to a module of its declarations.
struct Module : Node { TRELLIS_ZEXUS_NODE(Module); std::string_view name; Node* body = nullptr; };

#undef TRELLIS_ZEXUS_NODE

/// Call `fn(child, context)` for every direct child node of `node` (non-null ones only), in source order:
/// operands, list items, map keys then values per entry, parameter defaults then body for functions, conds and
/// blocks of an If in order then the else block, and so on. For generic walks (scope analysis, free-variable
/// capture, verifiers); evaluators normally switch on `kind` instead.
void for_each_child(Node* node, void (*fn)(Node* child, void* context), void* context);

/// Owner of one parse: the arena and the root Block. Not copyable or movable (hold it by unique_ptr).
class Ast {
public:
    Ast() = default;
    Ast(const Ast&) = delete;
    Ast& operator=(const Ast&) = delete;

    /// A new zero-initialised node of type T at (line, column).
    template <class T>
    T* make(uint32_t line, uint32_t column) {
        static_assert(std::is_trivially_destructible_v<T>, "AST nodes live in an arena and are never destroyed");
        T* node = new (m_arena.allocate(sizeof(T), alignof(T))) T{};
        node->kind = T::k_kind;
        node->line = line;
        node->column = column;
        return node;
    }
    /// A copy of `text` owned by the arena.
    std::string_view intern(std::string_view text);
    /// An arena-owned copy of `items`.
    template <class T>
    std::span<const T> list(const std::vector<T>& items) {
        if (items.empty()) return {};
        T* data = static_cast<T*>(m_arena.allocate(sizeof(T) * items.size(), alignof(T)));
        for (size_t i = 0; i < items.size(); ++i) new (data + i) T(items[i]);
        return {data, items.size()};
    }

    /// The program: a Block of top-level statements (set by the parser).
    Block* root = nullptr;
    /// The display name the source was parsed under ("<input>", "script.zx"): with a node's line and column it
    /// gives the file:line:column of runtime errors.
    std::string file;

private:
    std::pmr::monotonic_buffer_resource m_arena{16 * 1024};
};

}  // namespace trellis::zexus
