/// @file compiler_rules.hpp
/// Small rules shared by the two halves of the Zexus compiler (compiler.cpp: units and statements;
/// compiler_expr.cpp: expressions): opcode choice for operators, and the AST facts the register allocation relies
/// on. Private to the compiler.
#pragma once
#include "vm/vm_bytecode.hpp"

namespace trellis::zexus::compiler_rules {

/// Whether the value `v` may be computed straight into a variable's register: every read of the variable's old
/// value happens before the single final write (literals, names, non-short-circuit binary operators).
inline bool is_direct(const Node* v) {
    switch (v->kind) {
        case NodeKind::IntLit:
        case NodeKind::FloatLit:
        case NodeKind::StringLit:
        case NodeKind::BoolLit:
        case NodeKind::NullLit:
        case NodeKind::Ident: return true;
        case NodeKind::Binary: {
            auto op = static_cast<const Binary*>(v)->op;
            return op != BinaryOp::And && op != BinaryOp::Or && op != BinaryOp::Coalesce;
        }
        default: return false;
    }
}

/// Whether an assignment occurs under `n` outside nested functions (it could change a register read earlier).
inline bool contains_assign(Node* n) {
    if (n->is<Assign>()) return true;
    if (n->is<Function>()) return false;
    bool found = false;
    for_each_child(n, [](Node* c, void* p) { *static_cast<bool*>(p) = *static_cast<bool*>(p) || contains_assign(c); },
                   &found);
    return found;
}

/// The opcode of a binary operator (Add..Ge), register or constant (`k`) right operand.
inline Op arith_op(BinaryOp op, bool k) {
    static constexpr Op regs[] = {Op::ADD, Op::SUB, Op::MUL, Op::DIV, Op::MOD, Op::POW,
                                  Op::EQ,  Op::NE,  Op::LT,  Op::GT,  Op::LE,  Op::GE};
    static constexpr Op ks[] = {Op::ADDK, Op::SUBK, Op::MULK, Op::DIVK, Op::MODK, Op::POWK,
                                Op::EQK,  Op::NEK,  Op::LTK,  Op::GTK,  Op::LEK,  Op::GEK};
    return (k ? ks : regs)[static_cast<int>(op)];
}

/// The "jump unless `a op b`" opcode of a comparison (Eq..Ge), register or constant (`k`) right operand.
inline Op jump_op(BinaryOp op, bool k) {
    static constexpr Op regs[] = {Op::JNEQ, Op::JNNE, Op::JNLT, Op::JNGT, Op::JNLE, Op::JNGE};
    static constexpr Op ks[] = {Op::JNEQK, Op::JNNEK, Op::JNLTK, Op::JNGTK, Op::JNLEK, Op::JNGEK};
    return (k ? ks : regs)[static_cast<int>(op) - static_cast<int>(BinaryOp::Eq)];
}

/// True for == != < > <= >=.
inline bool is_compare(BinaryOp op) { return op >= BinaryOp::Eq && op <= BinaryOp::Ge; }

}  // namespace trellis::zexus::compiler_rules
