/// @file opcodes.hpp
/// The EVM instruction set as one X-macro: mnemonic, opcode byte, stack items taken and pushed, the static gas at
/// the revision that introduced the instruction, and that revision. Sources: Yellow Paper appendix H.2 (Frontier
/// set and gas), and the EIP that added each later instruction (cited beside it). Later repricings of static gas
/// (EIP-150, EIP-1884, EIP-2929) live in the per-revision gas table (frontends/evm/src/gas_schedule.hpp), not here.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

#include "trellis/evm/types.hpp"

namespace trellis::evm {

// X(NAME, opcode, stack inputs, stack outputs, static gas when introduced, revision that introduced it)
// PUSHn, DUPn, SWAPn and LOGn are generated separately below (TRELLIS_EVM_OPCODES_PUSH/DUP/SWAP/LOG).
#define TRELLIS_EVM_OPCODES_BASE(X)                                                     \
    X(STOP, 0x00, 0, 0, 0, Frontier)                                                    \
    X(ADD, 0x01, 2, 1, 3, Frontier)                                                     \
    X(MUL, 0x02, 2, 1, 5, Frontier)                                                     \
    X(SUB, 0x03, 2, 1, 3, Frontier)                                                     \
    X(DIV, 0x04, 2, 1, 5, Frontier)                                                     \
    X(SDIV, 0x05, 2, 1, 5, Frontier)                                                    \
    X(MOD, 0x06, 2, 1, 5, Frontier)                                                     \
    X(SMOD, 0x07, 2, 1, 5, Frontier)                                                    \
    X(ADDMOD, 0x08, 3, 1, 8, Frontier)                                                  \
    X(MULMOD, 0x09, 3, 1, 8, Frontier)                                                  \
    X(EXP, 0x0a, 2, 1, 10, Frontier)                                                    \
    X(SIGNEXTEND, 0x0b, 2, 1, 5, Frontier)                                              \
    X(LT, 0x10, 2, 1, 3, Frontier)                                                      \
    X(GT, 0x11, 2, 1, 3, Frontier)                                                      \
    X(SLT, 0x12, 2, 1, 3, Frontier)                                                     \
    X(SGT, 0x13, 2, 1, 3, Frontier)                                                     \
    X(EQ, 0x14, 2, 1, 3, Frontier)                                                      \
    X(ISZERO, 0x15, 1, 1, 3, Frontier)                                                  \
    X(AND, 0x16, 2, 1, 3, Frontier)                                                     \
    X(OR, 0x17, 2, 1, 3, Frontier)                                                      \
    X(XOR, 0x18, 2, 1, 3, Frontier)                                                     \
    X(NOT, 0x19, 1, 1, 3, Frontier)                                                     \
    X(BYTE, 0x1a, 2, 1, 3, Frontier)                                                    \
    X(SHL, 0x1b, 2, 1, 3, Constantinople)          /* EIP-145 */                        \
    X(SHR, 0x1c, 2, 1, 3, Constantinople)          /* EIP-145 */                        \
    X(SAR, 0x1d, 2, 1, 3, Constantinople)          /* EIP-145 */                        \
    X(CLZ, 0x1e, 1, 1, 5, Osaka)                   /* EIP-7939 */                       \
    X(KECCAK256, 0x20, 2, 1, 30, Frontier)                                              \
    X(ADDRESS, 0x30, 0, 1, 2, Frontier)                                                 \
    X(BALANCE, 0x31, 1, 1, 20, Frontier)                                                \
    X(ORIGIN, 0x32, 0, 1, 2, Frontier)                                                  \
    X(CALLER, 0x33, 0, 1, 2, Frontier)                                                  \
    X(CALLVALUE, 0x34, 0, 1, 2, Frontier)                                               \
    X(CALLDATALOAD, 0x35, 1, 1, 3, Frontier)                                            \
    X(CALLDATASIZE, 0x36, 0, 1, 2, Frontier)                                            \
    X(CALLDATACOPY, 0x37, 3, 0, 3, Frontier)                                            \
    X(CODESIZE, 0x38, 0, 1, 2, Frontier)                                                \
    X(CODECOPY, 0x39, 3, 0, 3, Frontier)                                                \
    X(GASPRICE, 0x3a, 0, 1, 2, Frontier)                                                \
    X(EXTCODESIZE, 0x3b, 1, 1, 20, Frontier)                                            \
    X(EXTCODECOPY, 0x3c, 4, 0, 20, Frontier)                                            \
    X(RETURNDATASIZE, 0x3d, 0, 1, 2, Byzantium)    /* EIP-211 */                        \
    X(RETURNDATACOPY, 0x3e, 3, 0, 3, Byzantium)    /* EIP-211 */                        \
    X(EXTCODEHASH, 0x3f, 1, 1, 400, Constantinople) /* EIP-1052 */                      \
    X(BLOCKHASH, 0x40, 1, 1, 20, Frontier)                                              \
    X(COINBASE, 0x41, 0, 1, 2, Frontier)                                                \
    X(TIMESTAMP, 0x42, 0, 1, 2, Frontier)                                               \
    X(NUMBER, 0x43, 0, 1, 2, Frontier)                                                  \
    X(PREVRANDAO, 0x44, 0, 1, 2, Frontier)         /* DIFFICULTY before Paris, EIP-4399 */ \
    X(GASLIMIT, 0x45, 0, 1, 2, Frontier)                                                \
    X(CHAINID, 0x46, 0, 1, 2, Istanbul)            /* EIP-1344 */                       \
    X(SELFBALANCE, 0x47, 0, 1, 5, Istanbul)        /* EIP-1884 */                       \
    X(BASEFEE, 0x48, 0, 1, 2, London)              /* EIP-3198 */                       \
    X(BLOBHASH, 0x49, 1, 1, 3, Cancun)             /* EIP-4844 */                       \
    X(BLOBBASEFEE, 0x4a, 0, 1, 2, Cancun)          /* EIP-7516 */                       \
    X(POP, 0x50, 1, 0, 2, Frontier)                                                     \
    X(MLOAD, 0x51, 1, 1, 3, Frontier)                                                   \
    X(MSTORE, 0x52, 2, 0, 3, Frontier)                                                  \
    X(MSTORE8, 0x53, 2, 0, 3, Frontier)                                                 \
    X(SLOAD, 0x54, 1, 1, 50, Frontier)                                                  \
    X(SSTORE, 0x55, 2, 0, 0, Frontier)             /* all SSTORE gas is dynamic */      \
    X(JUMP, 0x56, 1, 0, 8, Frontier)                                                    \
    X(JUMPI, 0x57, 2, 0, 10, Frontier)                                                  \
    X(PC, 0x58, 0, 1, 2, Frontier)                                                      \
    X(MSIZE, 0x59, 0, 1, 2, Frontier)                                                   \
    X(GAS, 0x5a, 0, 1, 2, Frontier)                                                     \
    X(JUMPDEST, 0x5b, 0, 0, 1, Frontier)                                                \
    X(TLOAD, 0x5c, 1, 1, 100, Cancun)              /* EIP-1153 */                       \
    X(TSTORE, 0x5d, 2, 0, 100, Cancun)             /* EIP-1153 */                       \
    X(MCOPY, 0x5e, 3, 0, 3, Cancun)                /* EIP-5656 */                       \
    X(PUSH0, 0x5f, 0, 1, 2, Shanghai)              /* EIP-3855 */                       \
    X(CREATE, 0xf0, 3, 1, 32000, Frontier)                                              \
    X(CALL, 0xf1, 7, 1, 40, Frontier)                                                   \
    X(CALLCODE, 0xf2, 7, 1, 40, Frontier)                                               \
    X(RETURN, 0xf3, 2, 0, 0, Frontier)                                                  \
    X(DELEGATECALL, 0xf4, 6, 1, 40, Homestead)     /* EIP-7 */                          \
    X(CREATE2, 0xf5, 4, 1, 32000, Constantinople)  /* EIP-1014 */                       \
    X(STATICCALL, 0xfa, 6, 1, 700, Byzantium)      /* EIP-214 */                        \
    X(REVERT, 0xfd, 2, 0, 0, Byzantium)            /* EIP-140 */                        \
    X(INVALID, 0xfe, 0, 0, 0, Frontier)            /* designated invalid, EIP-141 */    \
    X(SELFDESTRUCT, 0xff, 1, 0, 0, Frontier)

/// Static description of one opcode.
struct OpInfo {
    std::string_view name;     ///< mnemonic ("PUSH1"); empty for bytes no revision defines
    uint8_t inputs = 0;        ///< stack items consumed
    uint8_t outputs = 0;       ///< stack items produced
    int32_t base_gas = 0;      ///< static gas (gas units) in the revision that introduced it
    Revision since = Revision::Frontier;  ///< first revision where it is defined
    bool defined = false;      ///< false: undefined in every revision
};

namespace detail {
constexpr std::string_view push_names[33] = {
    "PUSH0", "PUSH1", "PUSH2", "PUSH3", "PUSH4", "PUSH5", "PUSH6", "PUSH7", "PUSH8", "PUSH9", "PUSH10",
    "PUSH11", "PUSH12", "PUSH13", "PUSH14", "PUSH15", "PUSH16", "PUSH17", "PUSH18", "PUSH19", "PUSH20",
    "PUSH21", "PUSH22", "PUSH23", "PUSH24", "PUSH25", "PUSH26", "PUSH27", "PUSH28", "PUSH29", "PUSH30",
    "PUSH31", "PUSH32"};
constexpr std::string_view dup_names[16] = {"DUP1",  "DUP2",  "DUP3",  "DUP4",  "DUP5",  "DUP6",
                                            "DUP7",  "DUP8",  "DUP9",  "DUP10", "DUP11", "DUP12",
                                            "DUP13", "DUP14", "DUP15", "DUP16"};
constexpr std::string_view swap_names[16] = {"SWAP1",  "SWAP2",  "SWAP3",  "SWAP4",  "SWAP5",  "SWAP6",
                                             "SWAP7",  "SWAP8",  "SWAP9",  "SWAP10", "SWAP11", "SWAP12",
                                             "SWAP13", "SWAP14", "SWAP15", "SWAP16"};
constexpr std::string_view log_names[5] = {"LOG0", "LOG1", "LOG2", "LOG3", "LOG4"};

constexpr std::array<OpInfo, 256> make_op_table() {
    std::array<OpInfo, 256> t{};
#define TRELLIS_EVM_OPINFO(NAME, CODE, IN, OUT, GAS, SINCE) \
    t[CODE] = OpInfo{#NAME, IN, OUT, GAS, Revision::SINCE, true};
    TRELLIS_EVM_OPCODES_BASE(TRELLIS_EVM_OPINFO)
#undef TRELLIS_EVM_OPINFO
    for (int n = 1; n <= 32; ++n) t[0x5f + n] = OpInfo{push_names[n], 0, 1, 3, Revision::Frontier, true};
    for (int n = 1; n <= 16; ++n) {
        t[0x7f + n] = OpInfo{dup_names[n - 1], uint8_t(n), uint8_t(n + 1), 3, Revision::Frontier, true};
        t[0x8f + n] = OpInfo{swap_names[n - 1], uint8_t(n + 1), uint8_t(n + 1), 3, Revision::Frontier, true};
    }
    // LOGn: 375 gas plus 375 per topic (Yellow Paper G_log, G_logtopic); 8 gas per data byte is dynamic.
    for (int n = 0; n <= 4; ++n)
        t[0xa0 + n] = OpInfo{log_names[n], uint8_t(2 + n), 0, 375 * (1 + n), Revision::Frontier, true};
    return t;
}
}  // namespace detail

/// Every opcode's static description, indexed by opcode byte.
inline constexpr std::array<OpInfo, 256> op_table = detail::make_op_table();

/// Opcode byte values by name (OP_ADD = 0x01 ...), for tests and tools that write bytecode.
enum Opcode : uint8_t {
#define TRELLIS_EVM_OPENUM(NAME, CODE, IN, OUT, GAS, SINCE) OP_##NAME = CODE,
    TRELLIS_EVM_OPCODES_BASE(TRELLIS_EVM_OPENUM)
#undef TRELLIS_EVM_OPENUM
    OP_PUSH1 = 0x60,
    OP_PUSH32 = 0x7f,
    OP_DUP1 = 0x80,
    OP_DUP16 = 0x8f,
    OP_SWAP1 = 0x90,
    OP_SWAP16 = 0x9f,
    OP_LOG0 = 0xa0,
    OP_LOG4 = 0xa4,
};

/// True if `op` is defined in revision `rev` (exists in op_table and rev >= its introducing revision).
constexpr bool is_defined(uint8_t op, Revision rev) noexcept {
    return op_table[op].defined && rev >= op_table[op].since;
}

/// Mnemonic of `op` as EIP-3155 traces print it ("PUSH1", "SSTORE"); "DIFFICULTY" for 0x44 before Paris
/// (EIP-4399); "UNDEFINED" for bytes that no revision defines.
constexpr std::string_view opcode_name(uint8_t op, Revision rev = Revision::Osaka) noexcept {
    if (op == OP_PREVRANDAO && rev < Revision::Paris) return "DIFFICULTY";
    return op_table[op].defined ? op_table[op].name : std::string_view("UNDEFINED");
}

}  // namespace trellis::evm
