// The EVM assembler and disassembler used by the REPL.
#include <catch2/catch.hpp>

#include "trellis/core/error.hpp"
#include "trellis/evm/assembler.hpp"

using namespace trellis;
using namespace trellis::evm;

TEST_CASE("assembler encodes mnemonics and PUSH immediates", "[assembler]") {
    REQUIRE(assemble("PUSH1 2 PUSH1 3 ADD") == core::Bytes{0x60, 0x02, 0x60, 0x03, 0x01});
    REQUIRE(assemble("push2 0x0102, sstore ; comment\n// another\nstop") ==
            core::Bytes{0x61, 0x01, 0x02, 0x55, 0x00});
    REQUIRE(assemble("PUSH 256") == core::Bytes{0x61, 0x01, 0x00});
    REQUIRE(assemble("PUSH 0") == core::Bytes{0x60, 0x00});
    REQUIRE(assemble("SHA3 DIFFICULTY PUSH0 CLZ") == core::Bytes{0x20, 0x44, 0x5f, 0x1e});
    REQUIRE(assemble("PUSH32 0x" + std::string(64, 'f')).size() == 33);
    REQUIRE(assemble("  0x6001") == core::Bytes{0x60, 0x01});
}

TEST_CASE("assembler errors name the token and position", "[assembler]") {
    REQUIRE_THROWS_WITH(assemble("PUSH1 1\n  FOO"), Catch::Contains("unknown instruction 'FOO' at line 2, column 3"));
    REQUIRE_THROWS_WITH(assemble("PUSH1 256"), Catch::Contains("does not fit in PUSH1"));
    REQUIRE_THROWS_WITH(assemble("PUSH2"), Catch::Contains("needs an immediate"));
    REQUIRE_THROWS_AS(assemble("PUSH1 12x"), core::Error);
    REQUIRE_THROWS_AS(assemble("0x6g"), core::Error);
    REQUIRE_THROWS_WITH(assemble("0x600"), Catch::Contains("odd number of hex digits"));
}

TEST_CASE("disassembler shows immediates and truncated PUSH data", "[assembler]") {
    const std::string text = disassemble(core::Bytes{0x60, 0x02, 0x01, 0x0c, 0x62, 0xaa});
    REQUIRE(text == "  0  PUSH1 0x02\n  2  ADD\n  3  UNDEFINED(0x0c)\n  4  PUSH3 0xaa (truncated)\n");
    REQUIRE(disassemble(core::Bytes{0x44}, Revision::London) == "  0  DIFFICULTY\n");
    REQUIRE(disassemble(core::Bytes{0x44}, Revision::Paris) == "  0  PREVRANDAO\n");
}
