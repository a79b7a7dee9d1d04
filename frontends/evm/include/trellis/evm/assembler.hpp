/// @file assembler.hpp
/// A small EVM assembler and disassembler for the REPL, tests and examples.
///
/// Assembly syntax: mnemonics from the opcode table (Yellow Paper appendix H.2 names, case-insensitive; `SHA3`
/// and `DIFFICULTY` are accepted as aliases of KECCAK256 and PREVRANDAO), separated by white space or commas.
/// `PUSHn V` takes an immediate V in decimal or 0x-hex that must fit in n bytes; plain `PUSH V` picks the
/// smallest n >= 1 that fits. `;` and `//` start a comment to the end of the line. A text that starts with `0x`
/// is raw bytecode in hex instead.
#pragma once
#include <string>
#include <string_view>

#include "trellis/core/hex.hpp"
#include "trellis/evm/types.hpp"

namespace trellis::evm {

/// Assembles `text` into bytecode. Throws core::Error naming the offending token and its line/column
/// (unknown mnemonic, missing or oversized PUSH immediate, bad number).
core::Bytes assemble(std::string_view text);

/// One instruction per line: "  offset  MNEMONIC [0ximmediate]" with offsets in decimal; a PUSH whose data runs
/// past the end of the code is shown with the bytes present and marked "(truncated)". Names as of `rev`.
std::string disassemble(core::BytesView code, Revision rev = Revision::Osaka);

}  // namespace trellis::evm
