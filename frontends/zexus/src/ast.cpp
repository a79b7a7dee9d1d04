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
