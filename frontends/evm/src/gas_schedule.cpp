// Per-revision gas tables (see gas_schedule.hpp). Sources: Yellow Paper appendix G (Frontier), EIP-150
// (Tangerine Whistle IO repricing), EIP-1884 (Istanbul), EIP-2929 (Berlin), EIP-1283/2200/3529 for SSTORE.
#include "gas_schedule.hpp"

namespace trellis::evm {
namespace {

static_assert(all_gas_costs[int(Revision::Frontier)][OP_ADD] == 3);
static_assert(all_gas_costs[int(Revision::Frontier)][OP_SHL] == -1);
static_assert(all_gas_costs[int(Revision::Berlin)][OP_SLOAD] == 100);
static_assert(all_gas_costs[int(Revision::Shanghai)][OP_PUSH0] == 2);
static_assert(all_gas_costs[int(Revision::Cancun)][OP_CLZ] == -1 && all_gas_costs[int(Revision::Osaka)][OP_CLZ] == 5);
static_assert(gas_is_constant(OP_ADD) && gas_is_constant(OP_PUSH1) && gas_is_constant(OP_JUMPDEST));
static_assert(!gas_is_constant(OP_SLOAD) && !gas_is_constant(OP_SHL) && !gas_is_constant(OP_BALANCE));

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

const GasCostTable& gas_costs(Revision rev) noexcept { return all_gas_costs[static_cast<size_t>(rev)]; }

SstoreCost sstore_cost(Revision rev, StorageStatus status) noexcept {
    const auto i = static_cast<size_t>(status);
    if (rev >= Revision::London) return eip3529[i];
    if (rev >= Revision::Berlin) return eip2929[i];
    if (rev >= Revision::Istanbul) return eip2200[i];
    if (rev == Revision::Constantinople) return eip1283[i];
    return legacy[i];
}

}  // namespace trellis::evm
