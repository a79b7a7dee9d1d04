// Per-revision gas tables (see gas_schedule.hpp). Sources: Yellow Paper appendix G (Frontier), EIP-150
// (Tangerine Whistle IO repricing), EIP-1884 (Istanbul), EIP-2929 (Berlin), EIP-1283/2200/3529 for SSTORE.
#include "gas_schedule.hpp"

namespace trellis::evm {
namespace {

constexpr GasCostTable make_costs(Revision rev) {
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
constexpr std::array<GasCostTable, num_revisions> make_all(std::index_sequence<I...>) {
    return {make_costs(static_cast<Revision>(I))...};
}

constexpr std::array<GasCostTable, num_revisions> all_costs = make_all(std::make_index_sequence<num_revisions>{});

static_assert(all_costs[int(Revision::Frontier)][OP_ADD] == 3);
static_assert(all_costs[int(Revision::Frontier)][OP_SHL] == -1);
static_assert(all_costs[int(Revision::Berlin)][OP_SLOAD] == 100);
static_assert(all_costs[int(Revision::Shanghai)][OP_PUSH0] == 2);
static_assert(all_costs[int(Revision::Cancun)][OP_CLZ] == -1 && all_costs[int(Revision::Osaka)][OP_CLZ] == 5);

// Rows in StorageStatus order: Assigned, Added, Deleted, Modified, DeletedAdded, ModifiedDeleted,
// DeletedRestored, AddedDeleted, ModifiedRestored.
using SstoreRow = std::array<SstoreCost, 9>;

// Frontier..Byzantium, Petersburg: 20000 if the current value is zero and the new one is not, else 5000;
// refund 15000 when a non-zero current value is cleared.
constexpr SstoreRow legacy = {{{5000, 0}, {20000, 0}, {5000, 15000}, {5000, 0}, {20000, 0},
                               {5000, 15000}, {20000, 0}, {5000, 15000}, {5000, 0}}};
// Net metering with a "dirty"/no-op price `d`, reset price `r`, clear refund `c` (EIP-1283 / EIP-2200 /
// EIP-2929 / EIP-3529): restoring the original refunds the difference to the no-op price.
constexpr SstoreRow net(int16_t d, int16_t r, int32_t c) {
    return {{{d, 0},
             {20000, 0},
             {r, c},
             {r, 0},
             {d, -c},
             {d, c},
             {d, -c + (r - d)},
             {d, 20000 - d},
             {d, r - d}}};
}
constexpr SstoreRow eip1283 = net(200, 5000, 15000);
constexpr SstoreRow eip2200 = net(800, 5000, 15000);
constexpr SstoreRow eip2929 = net(100, 2900, 15000);
constexpr SstoreRow eip3529 = net(100, 2900, 4800);

}  // namespace

const GasCostTable& gas_costs(Revision rev) noexcept { return all_costs[static_cast<size_t>(rev)]; }

SstoreCost sstore_cost(Revision rev, StorageStatus status) noexcept {
    const auto i = static_cast<size_t>(status);
    if (rev >= Revision::London) return eip3529[i];
    if (rev >= Revision::Berlin) return eip2929[i];
    if (rev >= Revision::Istanbul) return eip2200[i];
    if (rev == Revision::Constantinople) return eip1283[i];
    return legacy[i];
}

}  // namespace trellis::evm
