/// @file ast.hpp
/// The abstract syntax tree of SOM Smalltalk (the public SOM grammar, `SOM.g4` in SOM-st/SOM): a class definition
/// (`Name = Super ( | fields | methods ---- | class fields | class methods )`), its methods, and the expressions
/// inside them (literals, variables, assignments, unary/binary/keyword sends, cascades, blocks, returns).
/// Produced by parser.hpp, consumed by the compiler (src/compiler/). Every node carries its 1-based line:column.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace trellis::smalltalk {

/// What an expression node is.
enum class NodeKind : uint8_t {
    literal,   ///< a literal (see LiteralKind)
    variable,  ///< a name: argument, temporary, field, global, or self/super/nil/true/false/thisContext
    assign,    ///< `name := value` (value in args[0])
    send,      ///< `receiver selector args` (receiver null inside a cascade)
    cascade,   ///< `receiver msg1; msg2; ...` (messages are send nodes with no receiver)
    block,     ///< `[:a :b | | t | statements]`
    ret,       ///< `^ value` (value in args[0]); only as a statement
};

/// The kind of a literal node.
enum class LiteralKind : uint8_t {
    integer,  ///< decimal digits in `text` (any length; a leading '-' for negative literals)
    dbl,      ///< a double in `number`
    string,   ///< the characters in `text` (escapes resolved)
    symbol,   ///< the symbol's characters in `text` (no leading '#')
    array,    ///< `#( ... )`: the element literals in `args`
};

struct Node;
/// Owning pointer to a node.
using NodePtr = std::unique_ptr<Node>;

/// One expression (or return statement). A deliberately flat struct: each kind uses the fields its comment names.
struct Node {
    NodeKind kind = NodeKind::literal;
    uint32_t line = 0;    ///< 1-based source line
    uint32_t column = 0;  ///< 1-based source column
    uint32_t height = 1;  ///< height of the subtree rooted here (1: a leaf); the parser bounds it (max_ast_height)
    LiteralKind literal = LiteralKind::integer;  ///< literal: which kind
    std::string text;     ///< literal text, variable/assign name, send selector
    double number = 0;    ///< literal double
    bool super_send = false;          ///< send: the receiver is `super`
    NodePtr receiver;                 ///< send: receiver (null inside a cascade); cascade: the shared receiver
    std::vector<NodePtr> args;        ///< send: arguments; assign/ret: the value; array literal: elements;
                                      ///< cascade: the messages (send nodes without receiver)
    std::vector<std::string> params;  ///< block: parameter names (without ':')
    std::vector<std::string> locals;  ///< block: temporaries
    std::vector<NodePtr> body;        ///< block: statements
};

/// The deepest expression tree the parser accepts (parenthesis, block and literal-array nesting, and chains of
/// messages, each add a level): deeper input is a syntax error, so the parser's and the compiler's recursion over
/// the tree stays far inside the native stack.
inline constexpr uint32_t max_ast_height = 1000;

/// One method: `pattern = ( | temps | statements )` or `pattern = primitive`.
struct MethodDef {
    std::string selector;             ///< e.g. "at:put:", "+", "printOn:"
    std::vector<std::string> params;  ///< argument names
    std::vector<std::string> locals;  ///< temporaries
    std::vector<NodePtr> body;        ///< statements
    bool primitive = false;           ///< `= primitive`: implemented in C++ (src/runtime/primitives*.cpp)
    uint32_t line = 0;                ///< line of the pattern
};

/// One class file.
struct ClassDef {
    std::string name;                     ///< the class name
    std::string superclass;               ///< the superclass name; empty: Object; "nil": no superclass
    std::vector<std::string> fields;      ///< instance fields declared here (inherited ones not included)
    std::vector<MethodDef> methods;       ///< instance-side methods
    std::vector<std::string> class_fields;  ///< class-side fields declared here
    std::vector<MethodDef> class_methods;   ///< class-side methods
    uint32_t line = 0;
};

}  // namespace trellis::smalltalk
