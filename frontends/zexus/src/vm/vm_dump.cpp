/// @file vm_dump.cpp
/// Text listing of a compiled Zexus unit (vm_bytecode.hpp), for debugging and docs: one instruction per line,
/// `pc OPCODE a b c d  ; line:column of its node`. Printed on stderr for every unit compiled when the
/// environment variable TRELLIS_ZX_DUMP is set.
#include <string>

#include "vm/vm_bytecode.hpp"

namespace trellis::zexus {

/// The listing of `p` (see the file comment).
std::string dump_proto(const Proto& p) {
    static const char* const names[] = {
#define TRELLIS_ZEXUS_OP_NAME(name) #name,
        TRELLIS_ZEXUS_OPCODES(TRELLIS_ZEXUS_OP_NAME)
#undef TRELLIS_ZEXUS_OP_NAME
    };
    std::string out = p.is_loop ? "loop unit" : "function " + std::string(p.fn ? p.fn->name : "");
    out += " (" + std::to_string(p.nregs) + " registers, " + std::to_string(p.k.size()) + " constants" +
           (p.needs_env ? ", call environment" : "") + ")\n";
    for (size_t pc = 0; pc < p.code.size(); ++pc) {
        const Ins& i = p.code[pc];
        out += "  " + std::to_string(pc) + "\t" + names[static_cast<unsigned>(i.op)] + "\t" + std::to_string(i.a) +
               " " + std::to_string(i.b) + " " + std::to_string(i.c) + " " + std::to_string(i.d);
        if (const Node* n = p.nodes[pc]) out += "\t; " + std::to_string(n->line) + ":" + std::to_string(n->column);
        out += "\n";
    }
    return out;
}

}  // namespace trellis::zexus
