/// @file ast_printer.hpp
/// S-expression dump of a Zexus AST (ast.hpp), used by the parser tests and `zx ast`-style tooling.
/// Shapes: literals print as themselves (strings quoted, C escapes); `(+ a b)`, `(- x)`, `(= x v)`,
/// `(call f a b)`, `(index o i)`, `(. o name)`, `(fn NAME [:flags] (params) [(-> T)] body)` with `_` for an
/// anonymous function and params as `name[:type][=default]`, `(block s...)`, `(let x e)`, `(const X e)`,
/// `(if c b elif c b else b)`, `(for-each (i x) iter body)`, `(match s (case p [where g] body) (default body))`,
/// `(try b (catch e b) (finally b))`, `(require args)`, `(print args)`, `(use "p" [as m] [(names a b)])`.
/// An ExprStmt prints as its expression.
#pragma once
#include <string>

#include "trellis/zexus/ast.hpp"

namespace trellis::zexus {

/// One node (and its subtree) as a single-line S-expression; "nil" for nullptr.
std::string print_node(const Node* node);

/// A whole program: one line per top-level statement, each ending in '\n'.
std::string print_program(const Ast& ast);

}  // namespace trellis::zexus
