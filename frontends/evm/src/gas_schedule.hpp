/// @file gas_schedule.hpp
/// Gas schedules per revision, Frontier..Osaka: the static gas of every opcode (with the repricings of EIP-150,
/// EIP-1884 and EIP-2929 applied on top of opcodes.hpp), the dynamic-gas constants (Yellow Paper appendix G,
/// EIP-160 EXP byte, EIP-2929 cold/warm, EIP-3860 initcode words) and the SSTORE cost/refund table per
/// StorageStatus (Yellow Paper / EIP-1283 / EIP-2200 / EIP-2929 / EIP-3529).
#pragma once
#include <array>
#include <cstdint>
#include <utility>

#include "trellis/evm/host.hpp"
#include "trellis/evm/opcodes.hpp"
#include "trellis/evm/types.hpp"

namespace trellis::evm {

/// Static gas of each opcode in one revision; -1 marks an opcode undefined in that revision.
using GasCostTable = std::array<int16_t, 256>;

/// Static gas table of `rev`. Entries are gas units; -1 = undefined instruction. (Static gas above 32767 does not
/// occur: CREATE/CREATE2's 32000 is the largest.)
const GasCostTable& gas_costs(Revision rev) noexcept;

/// Gas constants that depend on nothing but the revision.
namespace gas {
inline constexpr int64_t memory_word = 3;           ///< G_memory per 32-byte word (plus words^2 / 512)
inline constexpr int64_t copy_word = 3;             ///< G_copy per word for *COPY
inline constexpr int64_t keccak_word = 6;           ///< G_keccak256word
inline constexpr int64_t log_data_byte = 8;         ///< G_logdata
inline constexpr int64_t exp_byte_frontier = 10;    ///< G_expbyte before EIP-160
inline constexpr int64_t exp_byte_eip160 = 50;      ///< G_expbyte from Spurious Dragon (EIP-160)
inline constexpr int64_t call_value = 9000;         ///< G_callvalue
inline constexpr int64_t call_stipend = 2300;       ///< G_callstipend
inline constexpr int64_t new_account = 25000;       ///< G_newaccount (CALL, SELFDESTRUCT)
inline constexpr int64_t selfdestruct_refund = 24000;  ///< R_selfdestruct, removed by EIP-3529 (London)
inline constexpr int64_t cold_account_access = 2600;   ///< EIP-2929 COLD_ACCOUNT_ACCESS_COST
inline constexpr int64_t cold_sload = 2100;            ///< EIP-2929 COLD_SLOAD_COST
inline constexpr int64_t warm_access = 100;            ///< EIP-2929 WARM_STORAGE_READ_COST
inline constexpr int64_t sstore_stipend_floor = 2300;  ///< EIP-2200: SSTORE fails if gas left <= this
inline constexpr int64_t initcode_word = 2;            ///< EIP-3860 per 32-byte word of initcode
inline constexpr int64_t max_initcode_size = 49152;    ///< EIP-3860 (2 * EIP-170 limit), bytes
inline constexpr int64_t blockhash_window = 256;       ///< BLOCKHASH sees the last 256 blocks
}  // namespace gas

namespace detail {

/// The static gas table of `rev`, built at compile time: opcodes.hpp's base gas where the opcode is defined, -1
/// elsewhere, then the repricings of EIP-150, EIP-1884 and EIP-2929.
constexpr GasCostTable make_gas_costs(Revision rev) {
    GasCostTable t{};
    for (int op = 0; op < 256; ++op)
        t[op] = is_defined(static_cast<uint8_t>(op), rev) ? static_cast<int16_t>(op_table[op].base_gas) : -1;
    if (rev >= Revision::TangerineWhistle) {  // EIP-150
        t[OP_BALANCE] = 400;
        t[OP_EXTCODESIZE] = 700;
        t[OP_EXTCODECOPY] = 700;
        t[OP_SLOAD] = 200;
        t[OP_CALL] = 700;
        t[OP_CALLCODE] = 700;
        t[OP_DELEGATECALL] = 700;
        t[OP_SELFDESTRUCT] = 5000;
    }
    if (rev >= Revision::Istanbul) {  // EIP-1884
        t[OP_BALANCE] = 700;
        t[OP_EXTCODEHASH] = 700;
        t[OP_SLOAD] = 800;
    }
    if (rev >= Revision::Berlin) {  // EIP-2929: the static part is the warm price; cold surcharges are dynamic
        for (auto op : {OP_BALANCE, OP_EXTCODESIZE, OP_EXTCODECOPY, OP_EXTCODEHASH, OP_SLOAD, OP_CALL, OP_CALLCODE,
                        OP_DELEGATECALL, OP_STATICCALL})
            t[op] = static_cast<int16_t>(gas::warm_access);
    }
    return t;
}

template <size_t... I>
constexpr std::array<GasCostTable, num_revisions> make_all_gas_costs(std::index_sequence<I...>) {
    return {make_gas_costs(static_cast<Revision>(I))...};
}

}  // namespace detail

/// The static gas tables of every revision (index: Revision), known at compile time.
inline constexpr std::array<GasCostTable, num_revisions> all_gas_costs =
    detail::make_all_gas_costs(std::make_index_sequence<num_revisions>{});

/// True if `op` is defined in every revision and has the same static gas in all of them (no EIP repriced it):
/// the baseline interpreter then charges opcodes.hpp's base gas as a constant, without reading the revision's
/// table or checking that the opcode is defined.
constexpr bool gas_is_constant(uint8_t op) noexcept {
    for (const GasCostTable& t : all_gas_costs)
        if (t[op] < 0 || t[op] != all_gas_costs[0][op]) return false;
    return true;
}

/// EXP cost per significant byte of the exponent (EIP-160 raised it from 10 to 50 in Spurious Dragon).
constexpr int64_t exp_byte_cost(Revision rev) noexcept {
    return rev >= Revision::SpuriousDragon ? gas::exp_byte_eip160 : gas::exp_byte_frontier;
}

/// Gas charged by SSTORE and refund counter change for one StorageStatus (refund may be negative, EIP-1283/2200).
/// The EIP-2929 cold surcharge (2100) is not included; the interpreter adds it when access_storage says Cold.
struct SstoreCost {
    int16_t gas = 0;
    int32_t refund = 0;
};

/// SSTORE cost and refund for `status` under `rev`: Frontier..Byzantium and Petersburg (Yellow Paper: 20000 set,
/// 5000 reset, 15000 clear refund), Constantinople (EIP-1283 net metering), Istanbul (EIP-2200), Berlin
/// (EIP-2929 warm prices), London+ (EIP-3529 clear refund 4800).
SstoreCost sstore_cost(Revision rev, StorageStatus status) noexcept;

/// Memory cost of `words` 32-byte words: 3*words + words^2/512 (Yellow Paper eq. 326, C_mem).
/// `words` must be <= 2^32 / 32 (the interpreter rejects larger memory as out of gas before calling this).
constexpr int64_t memory_cost(int64_t words) noexcept { return gas::memory_word * words + words * words / 512; }

/// Number of 32-byte words needed for `bytes` bytes (rounded up). `bytes` < 2^63.
constexpr int64_t num_words(uint64_t bytes) noexcept { return static_cast<int64_t>((bytes + 31) / 32); }

}  // namespace trellis::evm
