// EVM assembler and disassembler (see assembler.hpp).
#include "trellis/evm/assembler.hpp"

#include <cctype>

#include "trellis/core/error.hpp"
#include "trellis/evm/opcodes.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm {

namespace {

struct Token {
    std::string text;
    core::SourcePos pos;
};

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    uint32_t line = 1, column = 1;
    size_t i = 0;
    auto advance = [&] {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        ++i;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == ';' || (c == '/' && i + 1 < text.size() && text[i + 1] == '/')) {
            while (i < text.size() && text[i] != '\n') advance();
        } else if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
            advance();
        } else {
            Token t{{}, {line, column}};
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != ',' &&
                   text[i] != ';') {
                t.text += text[i];
                advance();
            }
            tokens.push_back(std::move(t));
        }
    }
    return tokens;
}

std::string upper(std::string_view s) {
    std::string u(s);
    for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
}

[[noreturn]] void fail(const Token& t, const std::string& what) {
    throw core::Error(what + " at line " + std::to_string(t.pos.line) + ", column " + std::to_string(t.pos.column),
                      t.pos);
}

int find_opcode(const std::string& name) {
    if (name == "SHA3") return OP_KECCAK256;
    if (name == "DIFFICULTY") return OP_PREVRANDAO;
    for (int op = 0; op < 256; ++op)
        if (op_table[op].defined && op_table[op].name == name) return op;
    return -1;
}

}  // namespace

core::Bytes assemble(std::string_view text) {
    size_t start = 0;
    while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
    if (text.substr(start, 2) == "0x" || text.substr(start, 2) == "0X") {
        std::string hex;
        for (char c : text.substr(start)) if (!std::isspace(static_cast<unsigned char>(c))) hex += c;
        if (hex.size() % 2 != 0) throw core::Error("bytecode '" + hex + "' has an odd number of hex digits");
        return core::from_hex(hex);
    }
    const std::vector<Token> tokens = tokenize(text);
    core::Bytes code;
    for (size_t k = 0; k < tokens.size(); ++k) {
        const Token& t = tokens[k];
        const std::string name = upper(t.text);
        const bool plain_push = name == "PUSH";
        const int op = plain_push ? OP_PUSH1 : find_opcode(name);
        if (op < 0) fail(t, "unknown instruction '" + t.text + "'");
        const int declared = (op >= OP_PUSH1 && op <= OP_PUSH32) ? op - OP_PUSH1 + 1 : 0;
        if (declared == 0) {
            code.push_back(static_cast<uint8_t>(op));
            continue;
        }
        if (k + 1 >= tokens.size()) fail(t, t.text + " needs an immediate value");
        const Token& imm = tokens[++k];
        uint256 value;
        try {
            value = parse_uint256(imm.text);
        } catch (const core::Error& e) {
            fail(imm, "bad immediate '" + imm.text + "' (" + e.what() + ")");
        }
        const unsigned needed = std::max(1u, count_significant_bytes(value));
        const unsigned n = plain_push ? needed : static_cast<unsigned>(declared);
        if (needed > n) fail(imm, "immediate '" + imm.text + "' does not fit in " + t.text);
        code.push_back(static_cast<uint8_t>(OP_PUSH1 + n - 1));
        uint8_t be[32];
        store_be(be, value);
        code.insert(code.end(), be + 32 - n, be + 32);
    }
    return code;
}

std::string disassemble(core::BytesView code, Revision rev) {
    std::string out;
    for (size_t pc = 0; pc < code.size();) {
        const uint8_t op = code[pc];
        out += "  " + std::to_string(pc) + "  ";
        if (is_defined(op, rev) || op_table[op].defined) {
            out += opcode_name(op, rev);
        } else {
            char buf[16];
            std::snprintf(buf, sizeof buf, "0x%02x", unsigned(op));
            out += "UNDEFINED(" + std::string(buf) + ")";
        }
        size_t n = (op >= OP_PUSH1 && op <= OP_PUSH32) ? op - OP_PUSH1 + 1 : 0;
        if (n > 0) {
            const size_t have = std::min(n, code.size() - pc - 1);
            out += " " + core::to_hex_0x(code.subspan(pc + 1, have));
            if (have < n) out += " (truncated)";
        }
        out += '\n';
        pc += 1 + n;
    }
    return out;
}

}  // namespace trellis::evm
