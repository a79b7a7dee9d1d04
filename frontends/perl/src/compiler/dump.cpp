/// @file dump.cpp
/// A readable listing of compiled protos (TRELLIS_PERL_DUMP=1 prints it before running): one line per
/// instruction with its opcode name (from the X-macro), operands and source line.
#include <cstdio>

#include "compiler/bytecode.hpp"
#include "compiler/dump.hpp"

namespace trellis::perl {

namespace {
const char* const op_names[] = {
#define TRELLIS_PERL_OP_NAME(name) #name,
    TRELLIS_PERL_OPCODES(TRELLIS_PERL_OP_NAME)
#undef TRELLIS_PERL_OP_NAME
};
}  // namespace

void dump_proto(const Proto& p, std::FILE* out) {
    std::fprintf(out, "== %s (%u registers, %zu captures)\n", p.name.c_str(), p.nregs, p.captures.size());
    for (size_t i = 0; i < p.code.size(); ++i) {
        const Ins& in = p.code[i];
        std::fprintf(out, "%4zu  %-10s a=%u b=%u c=%u d=%d x=%u   ; line %d\n", i, op_names[static_cast<unsigned>(in.op)],
                     in.a, in.b, in.c, in.d, in.x, p.lines[i]);
    }
}

}  // namespace trellis::perl
