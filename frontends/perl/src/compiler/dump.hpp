/// @file dump.hpp
/// Bytecode listings for debugging the compiler (TRELLIS_PERL_DUMP=1).
#pragma once
#include <cstdio>

#include "compiler/bytecode.hpp"

namespace trellis::perl {

/// Prints every instruction of `p` with its opcode name, operands and line.
void dump_proto(const Proto& p, std::FILE* out);

}  // namespace trellis::perl
