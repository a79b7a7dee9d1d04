// ast.cpp: node kind names, operator spellings and the arena's string interning (ast.hpp).
#include "trellis/zexus/ast.hpp"

#include <cstring>

namespace trellis::zexus {

std::string_view node_kind_name(NodeKind kind) noexcept {
    switch (kind) {
#define TRELLIS_ZEXUS_NODE_HEAD(name, head) \
    case NodeKind::name: return head;
        TRELLIS_ZEXUS_NODES(TRELLIS_ZEXUS_NODE_HEAD)
#undef TRELLIS_ZEXUS_NODE_HEAD
    }
    return "?";
}

std::string_view binary_op_text(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::Add: return "+";
        case BinaryOp::Sub: return "-";
        case BinaryOp::Mul: return "*";
        case BinaryOp::Div: return "/";
        case BinaryOp::Mod: return "%";
        case BinaryOp::Pow: return "**";
        case BinaryOp::Eq: return "==";
        case BinaryOp::Ne: return "!=";
        case BinaryOp::Lt: return "<";
        case BinaryOp::Gt: return ">";
        case BinaryOp::Le: return "<=";
        case BinaryOp::Ge: return ">=";
        case BinaryOp::And: return "&&";
        case BinaryOp::Or: return "||";
        case BinaryOp::Coalesce: return "??";
    }
    return "?";
}

std::string_view Ast::intern(std::string_view text) {
    if (text.empty()) return {};
    char* data = static_cast<char*>(m_arena.allocate(text.size(), 1));
    std::memcpy(data, text.data(), text.size());
    return {data, text.size()};
}

}  // namespace trellis::zexus

namespace trellis::zexus {
namespace {

struct ChildVisitor {
    void (*fn)(Node*, void*);
    void* context;
    void operator()(Node* n) const {
        if (n) fn(n, context);
    }
    void operator()(NodeList list) const {
        for (Node* n : list) (*this)(n);
    }
};

}  // namespace

void for_each_child(Node* node, void (*fn)(Node* child, void* context), void* context) {
    if (!node) return;
    ChildVisitor v{fn, context};
    switch (node->kind) {
        case NodeKind::IntLit:
        case NodeKind::FloatLit:
        case NodeKind::StringLit:
        case NodeKind::BoolLit:
        case NodeKind::NullLit:
        case NodeKind::Ident:
        case NodeKind::Break:
        case NodeKind::Continue: return;
        case NodeKind::InterpString: v(node->as<InterpString>()->parts); return;
        case NodeKind::ListLit: v(node->as<ListLit>()->items); return;
        case NodeKind::MapLit: {
            auto* m = node->as<MapLit>();
            for (size_t i = 0; i < m->keys.size(); ++i) {
                v(m->keys[i]);
                v(m->values[i]);
            }
            return;
        }
        case NodeKind::Unary: v(node->as<Unary>()->operand); return;
        case NodeKind::Binary: v(node->as<Binary>()->lhs); v(node->as<Binary>()->rhs); return;
        case NodeKind::Ternary: {
            auto* t = node->as<Ternary>();
            v(t->cond);
            v(t->then_value);
            v(t->else_value);
            return;
        }
        case NodeKind::Assign: v(node->as<Assign>()->target); v(node->as<Assign>()->value); return;
        case NodeKind::Call: v(node->as<Call>()->callee); v(node->as<Call>()->args); return;
        case NodeKind::Index: v(node->as<Index>()->object); v(node->as<Index>()->index); return;
        case NodeKind::Member: v(node->as<Member>()->object); return;
        case NodeKind::Function: {
            auto* f = node->as<Function>();
            v(f->decorators);
            for (const Param& p : f->params) v(p.default_value);
            v(f->body);
            return;
        }
        case NodeKind::IfExpr: {
            auto* i = node->as<IfExpr>();
            v(i->cond);
            v(i->then_value);
            v(i->else_value);
            return;
        }
        case NodeKind::Construct: {
            auto* c = node->as<Construct>();
            for (size_t i = 0; i < c->keys.size(); ++i) {
                v(c->keys[i]);
                v(c->values[i]);
            }
            return;
        }
        case NodeKind::Await: v(node->as<Await>()->operand); return;
        case NodeKind::Block: v(node->as<Block>()->stmts); return;
        case NodeKind::ExprStmt: v(node->as<ExprStmt>()->expr); return;
        case NodeKind::Let: v(node->as<Let>()->value); return;
        case NodeKind::Return: v(node->as<Return>()->value); return;
        case NodeKind::If: {
            auto* i = node->as<If>();
            for (size_t k = 0; k < i->conds.size(); ++k) {
                v(i->conds[k]);
                v(i->blocks[k]);
            }
            v(i->else_block);
            return;
        }
        case NodeKind::While: v(node->as<While>()->cond); v(node->as<While>()->body); return;
        case NodeKind::ForEach: v(node->as<ForEach>()->iterable); v(node->as<ForEach>()->body); return;
        case NodeKind::Match: v(node->as<Match>()->subject); v(node->as<Match>()->cases); return;
        case NodeKind::Case: {
            auto* c = node->as<Case>();
            v(c->pattern);
            v(c->guard);
            v(c->body);
            return;
        }
        case NodeKind::Try: {
            auto* t = node->as<Try>();
            v(t->body);
            v(t->catch_body);
            v(t->finally_body);
            return;
        }
        case NodeKind::Throw: v(node->as<Throw>()->value); return;
        case NodeKind::Guard: v(node->as<Guard>()->args); return;
        case NodeKind::Print: v(node->as<Print>()->args); return;
        case NodeKind::Debug: v(node->as<Debug>()->args); return;
        case NodeKind::Use: return;
        case NodeKind::Export: v(node->as<Export>()->decl); return;
        case NodeKind::TypeDecl: {
            auto* t = node->as<TypeDecl>();
            for (const Field& f : t->fields) v(f.default_value);
            v(t->methods);
            return;
        }
        case NodeKind::Contract: v(node->as<Contract>()->members); return;
        case NodeKind::StateDecl: v(node->as<StateDecl>()->value); return;
        case NodeKind::Emit: v(node->as<Emit>()->event); return;
        case NodeKind::Defer: v(node->as<Defer>()->body); return;
        case NodeKind::Unsupported: v(node->as<Unsupported>()->args); v(node->as<Unsupported>()->body); return;
        case NodeKind::Spawn: v(node->as<Spawn>()->call); return;
        case NodeKind::Module: v(node->as<Module>()->body); return;
    }
}

}  // namespace trellis::zexus
