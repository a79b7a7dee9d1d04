/// @file compiler_expr.cpp
/// The expression half of the Zexus compiler (compiler.hpp): literals, names (registers, environment caches),
/// operators with constant operands and fused compare-and-branch, calls and method calls, indexing, containers,
/// interpolation, closures; anything else is delegated to the tree walker (EVAL). Evaluation order is the tree
/// walker's (eval.cpp): operands left to right, callee before arguments, container before key.
#include <algorithm>

#include "compiler/compiler.hpp"
#include "compiler/compiler_rules.hpp"

namespace trellis::zexus {

using namespace compiler_rules;

// ---------------------------------------------------------------------------------------------- expressions

int Compiler::constant_operand(Node* n) {
    if (auto* i = n->as<IntLit>(); i && i->digits.size() <= 14) {
        int64_t v = 0;
        for (char c : i->digits) v = v * 10 + (c - '0');
        return konst(Value::small_int(v));
    }
    if (auto* f = n->as<FloatLit>()) return konst(Value::from_double(f->value));
    return -1;
}

int Compiler::expr_any(Node* n) {
    if (auto* id = n->as<Ident>()) {
        int reg = reg_of(id->name);
        if (reg >= 0 && defined(id->name)) return reg;
    }
    int t = temp();
    expr_to(n, t);
    return t;
}

void Compiler::expr_to(Node* n, int dst) {
    int saved = m_top;
    switch (n->kind) {
        case NodeKind::IntLit: {
            int k = constant_operand(n);
            if (k >= 0) emit(Op::LOADK, dst, k);
            else {
                force_env(n);
                emit(Op::EVAL, dst, 0, 0, 0, n);
            }
            break;
        }
        case NodeKind::FloatLit: emit(Op::LOADK, dst, constant_operand(n)); break;
        case NodeKind::StringLit: emit(Op::LOADK, dst, konst(m_ev.make_string(static_cast<StringLit*>(n)->value))); break;
        case NodeKind::BoolLit: emit(Op::LOADK, dst, konst(Value::boolean(static_cast<BoolLit*>(n)->value))); break;
        case NodeKind::NullLit: emit(Op::LOADK, dst, konst(Value::nil())); break;
        case NodeKind::InterpString: {
            auto* s = static_cast<InterpString*>(n);
            int base = exprs_to_temps(s->parts);
            emit(Op::INTERP, dst, base, static_cast<int>(s->parts.size()));
            break;
        }
        case NodeKind::Ident: load_name(static_cast<Ident*>(n), dst, false); break;
        case NodeKind::ListLit: {
            auto* l = static_cast<ListLit*>(n);
            int base = exprs_to_temps(l->items);
            emit(Op::LIST, dst, base, static_cast<int>(l->items.size()));
            break;
        }
        case NodeKind::MapLit: {
            auto* m = static_cast<MapLit*>(n);
            emit(Op::NEWMAP, dst, 0, static_cast<int>(m->keys.size() < 4 ? 4 : std::min<size_t>(m->keys.size(), 0xFFFF)));
            int t = temp(2);
            for (size_t i = 0; i < m->keys.size(); ++i) {
                expr_to(m->keys[i], t);
                expr_to(m->values[i], t + 1);
                emit(Op::MAPSET, dst, t, t + 1);
            }
            break;
        }
        case NodeKind::Unary: {
            auto* u = static_cast<Unary*>(n);
            int r = expr_any(u->operand);
            emit(u->op == UnaryOp::Not ? Op::NOT : Op::NEG, dst, r, 0, 0, n);
            break;
        }
        case NodeKind::Binary: binary(static_cast<Binary*>(n), dst); break;
        case NodeKind::Ternary:
        case NodeKind::IfExpr: {
            Node *cond, *then_value, *else_value;
            if (auto* t = n->as<Ternary>()) cond = t->cond, then_value = t->then_value, else_value = t->else_value;
            else {
                auto* e = n->as<IfExpr>();
                cond = e->cond, then_value = e->then_value, else_value = e->else_value;
            }
            std::vector<size_t> other;
            jump_if_false(cond, other);
            expr_to(then_value, dst);
            size_t end = emit(Op::JMP);
            patch_here(other);
            if (else_value) expr_to(else_value, dst);
            else emit(Op::LOADK, dst, konst(Value::nil()));
            patch(end, m_p.code.size());
            break;
        }
        case NodeKind::Assign:
            assign(static_cast<Assign*>(n));
            emit(Op::LOADK, dst, konst(Value::nil()));
            break;
        case NodeKind::Call: call(static_cast<Call*>(n), dst); break;
        case NodeKind::Index: {
            auto* ix = static_cast<Index*>(n);
            int t = temp(2);
            expr_to(ix->object, t);
            expr_to(ix->index, t + 1);
            emit(Op::INDEX, dst, t, 0, 0, n);
            break;
        }
        case NodeKind::Member: {
            auto* m = static_cast<Member*>(n);
            int o = expr_any(m->object);
            emit(Op::MEMBER, dst, o, konst(m_ev.make_string(m->name)), 0, n);
            break;
        }
        case NodeKind::Function:
            emit(Op::CLOSURE, dst, konst(Value::small_int(reinterpret_cast<int64_t>(n))), 0, 0, n);
            break;
        default:
            force_env(n);
            m_delegated = true;
            emit(Op::EVAL, dst, 0, 0, 0, n);
            break;
    }
    m_top = saved;
}

void Compiler::load_name(Ident* id, int dst, bool absent_is_null) {
    int reg = reg_of(id->name);
    if (reg >= 0 && defined(id->name)) {
        if (reg != dst) emit(Op::MOVE, dst, reg);
    } else if (reg >= 0) {
        emit(absent_is_null ? Op::GETLQ : Op::GETL, dst, reg, symbol(id->name), 0, id);
    } else {
        emit(absent_is_null ? Op::GETGQ : Op::GETG, dst, symbol(id->name), 0, cache(), id);
    }
}

int Compiler::left_operand(Binary* b) {
    int l = expr_any(b->lhs);
    if (l < m_first_temp && contains_assign(b->rhs)) {
        int t = temp();
        emit(Op::MOVE, t, l);
        l = t;
    }
    return l;
}

void Compiler::binary(Binary* b, int dst) {
    if (b->op == BinaryOp::And || b->op == BinaryOp::Or) {
        expr_to(b->lhs, dst);
        size_t j = emit(b->op == BinaryOp::And ? Op::JMPF : Op::JMPT, dst);
        expr_to(b->rhs, dst);
        patch(j, m_p.code.size());
        return;
    }
    if (b->op == BinaryOp::Coalesce) {
        if (auto* id = b->lhs->as<Ident>()) load_name(id, dst, true);
        else expr_to(b->lhs, dst);
        size_t j = emit(Op::JMPNN, dst);
        expr_to(b->rhs, dst);
        patch(j, m_p.code.size());
        return;
    }
    int l = left_operand(b);
    int k = constant_operand(b->rhs);
    if (k >= 0) {
        emit(arith_op(b->op, true), dst, l, k, 0, b);
        return;
    }
    int r = expr_any(b->rhs);
    emit(arith_op(b->op, false), dst, l, r, 0, b);
}

void Compiler::jump_if_false(Node* cond, std::vector<size_t>& patches) { jump_if(cond, false, patches); }

void Compiler::jump_if(Node* cond, bool when, std::vector<size_t>& patches) {
    int saved = m_top;
    auto* b = cond->as<Binary>();
    if (b && is_compare(b->op)) {
        int l = left_operand(b);
        int k = constant_operand(b->rhs);
        // "Jump if a < b" is "jump unless a >= b": the evaluator's comparisons are total orders on the values
        // they accept (compare() gives -1/0/1 or raises the same error), and == / != are exact negations.
        BinaryOp test = b->op;
        if (when) {
            static constexpr BinaryOp inverse[] = {BinaryOp::Ne, BinaryOp::Eq, BinaryOp::Ge,
                                                   BinaryOp::Le, BinaryOp::Gt, BinaryOp::Lt};
            test = inverse[static_cast<int>(b->op) - static_cast<int>(BinaryOp::Eq)];
        }
        if (k >= 0) {
            patches.push_back(emit(jump_op(test, true), l, k, 0, 0, b));
        } else {
            int r = expr_any(b->rhs);
            patches.push_back(emit(jump_op(test, false), l, r, 0, 0, b));
        }
    } else {
        patches.push_back(emit(when ? Op::JMPT : Op::JMPF, expr_any(cond)));
    }
    m_top = saved;
}

void Compiler::call(Call* c, int dst) {
    int argc = static_cast<int>(c->args.size());
    for (Node* a : c->args)
        if (a->is<Assign>()) {  // `name = value` arguments (§15 keyword construction): the tree walker's call
            force_env(c);
            m_delegated = true;
            emit(Op::EVAL, dst, 0, 0, 0, c);
            return;
        }
    if (auto* mem = c->callee->as<Member>()) {
        int base = dst == m_top - 1 && dst >= m_first_temp ? dst : temp(1);
        temp(1 + argc);
        expr_to(mem->object, base);
        emit(Op::MTARGET, base, 0, konst(m_ev.make_string(mem->name)), 0, mem);
        for (int i = 0; i < argc; ++i) expr_to(c->args[static_cast<size_t>(i)], base + 2 + i);
        emit(Op::CALLM, base, argc, 0, 0, c);
        if (base != dst) emit(Op::MOVE, dst, base);
        return;
    }
    // The call's frame starts at its callee slot; when the destination is the newest temporary, it is that slot.
    int base = dst == m_top - 1 && dst >= m_first_temp ? dst : temp(1);
    temp(argc);
    expr_to(c->callee, base);
    if (c->callee->is<Ident>() && m_p.code.back().op == Op::GETG) m_p.code.back().pad = 1;  // only called
    for (int i = 0; i < argc; ++i) expr_to(c->args[static_cast<size_t>(i)], base + 1 + i);
    m_p.call_caches.emplace_back();
    emit(Op::CALL, base, argc, 0, static_cast<int32_t>(m_p.call_caches.size() - 1), c);
    if (base != dst) emit(Op::MOVE, dst, base);
}

}  // namespace trellis::zexus
