/// @file schedule.hpp
/// The schedule interpreter's code form: a one-pass analysis turns bytecode into a pre-decoded stream of entries,
/// grouped in basic blocks (evmone's "advanced" idea; semantics stay the baseline's, Yellow Paper 9 and H.2).
///
/// Stream: every block starts with a BEGIN_BLOCK entry holding the block's total static gas and its stack bounds
/// (minimum and maximum height on entry, from the minimum height its instructions need and their maximum growth),
/// checked once on entry instead of per instruction; the bounds live in the entry itself, so entering a block
/// reads one 16-byte entry. A JUMPDEST is folded into the BEGIN_BLOCK of the block it starts (its 1 gas is in the
/// block total); so is a run of JUMPDESTs: the later ones get BEGIN_BLOCK_AT entries after the stream for jumps
/// that land inside the run (their block's gas minus the JUMPDESTs before them). PUSH1..PUSH8 values are inline
/// in the entry; longer ones index a constant table. A PUSH1..PUSH8 directly followed by a binary arithmetic,
/// comparison, bitwise or shift instruction becomes one fused entry (push_fusable_ops). A PUSH1..PUSH8 directly
/// followed by JUMP or JUMPI becomes one JUMP_CONST / JUMPI_CONST entry whose target entry was resolved
/// at analysis time (an invalid constant target points at a BAD_JUMP entry at the end of the stream, which halts
/// as the baseline does). Every entry keeps its PC. Other jump targets are resolved through a PC -> entry table
/// (valid JUMPDESTs only). Opcodes undefined in the revision become UNDEFINED.
///
/// Exactness: instructions that read gas or charge dynamic gas carry the static gas of the rest of their block
/// ("correction"), added to the gas counter around them, so GAS, SSTORE's stipend check, CALL's 63/64 rule and
/// every dynamic charge see exactly the baseline's gas. When a block's entry check fails, or an instruction leaves
/// less gas than the rest of its block needs, the frame continues in the baseline loop from that PC, which then
/// reports exactly the baseline's status and gas.
///
/// Cache: schedules are kept per thread, keyed by a hash of the code plus the revision (the code is compared in
/// full on a hit), in a byte-bounded LRU list (Boost.Intrusive); schedules in use by an active frame are pinned.
#pragma once
#include <boost/intrusive/list.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "instructions_state.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/dispatch/strategy.hpp"

namespace trellis::evm {

/// Pseudo-opcodes of the stream (bytes no revision defines as EVM opcodes).
inline constexpr uint8_t op_begin_block = 0x0c;
inline constexpr uint8_t op_undefined = 0x0d;
inline constexpr uint8_t op_jump_const = 0x0e;   ///< PUSHn t; JUMP (t valid, or the BAD_JUMP entry)
inline constexpr uint8_t op_jumpi_const = 0x0f;  ///< PUSHn t; JUMPI (t valid, or the BAD_JUMP entry)
inline constexpr uint8_t op_bad_jump = 0x21;     ///< halts with BadJumpDestination (target of invalid constants)
/// Jump entry of a JUMPDEST inside a run of JUMPDESTs (not the run's first): placed after the stream's end, it
/// checks and charges the run's block from that JUMPDEST on (BlockCheck in arg), then continues at the block's
/// first instruction, `-body_offset()` entries before it. Falling through the run costs one BEGIN_BLOCK.
inline constexpr uint8_t op_begin_block_at = 0x22;

/// `PUSHn c; MLOAD`, `PUSHn c; MSTORE`, `PUSHn c; MSTORE8` with a constant offset c < memory_const_limit (Solidity's
/// scratch space and free-memory pointer accesses, 2-3 % of the dispatches of the main benchmarks): one entry with
/// c in body (const_offset()), the memory instruction's correction in arg and its pc in pc.
inline constexpr uint8_t op_mload_const = 0x23;
inline constexpr uint8_t op_mstore_const = 0x24;
inline constexpr uint8_t op_mstore8_const = 0x25;
/// Offsets of the constant-offset memory entries are below 2^24 (they live in the entry's 24-bit body).
inline constexpr uint64_t memory_const_limit = uint64_t{1} << 24;
/// True for op_mload_const, op_mstore_const and op_mstore8_const.
constexpr bool is_memory_const(unsigned op) noexcept { return op >= op_mload_const && op <= op_mstore8_const; }
/// The memory instruction (MLOAD, MSTORE, MSTORE8) of a constant-offset memory entry.
constexpr unsigned memory_const_instruction(unsigned op) noexcept {
    return op == op_mload_const ? 0x51u : op == op_mstore_const ? 0x52u : 0x53u;
}
/// The constant-offset memory entry of `PUSHn c` followed by memory instruction `op`, 0 if `op` is none.
constexpr uint8_t memory_const_op(unsigned op) noexcept {
    return op == 0x51 ? op_mload_const : op == 0x52 ? op_mstore_const : op == 0x53 ? op_mstore8_const : 0;
}

/// Binary stack-only instructions fused with a preceding PUSH1..PUSH8 of their first operand (the top item):
/// `PUSHn c; OP` is one entry `op_push_fused_base + i` (i: index in this list) with c in arg.
inline constexpr uint8_t push_fusable_ops[] = {0x01 /*ADD*/, 0x02 /*MUL*/, 0x03 /*SUB*/, 0x04 /*DIV*/,
                                               0x06 /*MOD*/, 0x10 /*LT*/,  0x11 /*GT*/,  0x12 /*SLT*/,
                                               0x13 /*SGT*/, 0x14 /*EQ*/,  0x16 /*AND*/, 0x17 /*OR*/,
                                               0x18 /*XOR*/, 0x1a /*BYTE*/, 0x1b /*SHL*/, 0x1c /*SHR*/,
                                               0x1d /*SAR*/};
inline constexpr uint8_t op_push_fused_base = 0xb0;  ///< 0xb0..0xc0: no revision defines these bytes

/// Opcode -> fused opcode for PUSHn + that opcode, 0 where none.
inline constexpr std::array<uint8_t, 256> push_fused_table = [] {
    std::array<uint8_t, 256> table{};
    for (size_t i = 0; i < sizeof push_fusable_ops; ++i)
        table[push_fusable_ops[i]] = static_cast<uint8_t>(op_push_fused_base + i);
    return table;
}();
/// The fused opcode for PUSHn + `op`, or 0 if `op` is not fusable.
constexpr uint8_t push_fused_op(uint8_t op) noexcept { return push_fused_table[op]; }
/// True if `op` is one of the fused PUSHn + binary-operation opcodes.
constexpr bool is_push_fused(unsigned op) noexcept {
    return op >= op_push_fused_base && op < op_push_fused_base + sizeof push_fusable_ops;
}

/// Superinstructions: two adjacent entries of one block run as one entry `fused_pair_opcode(i)` (i: index in
/// fused_pairs), which saves a dispatch. The pairs are the most frequent adjacent entries of the schedules run on the
/// main benchmark suite (counted per case, each case weighted equally; docs/performance.md). Allowed shapes, and
/// where the fused entry keeps its data:
/// - first stack-only (no data): the second's entry with the op replaced (the second may be any instruction,
///   including JUMP*_CONST, memory and gas-reading ones, which keep their arg and pc);
/// - first PUSH1..PUSH8 or PUSHn+OP (a constant): its constant in arg; the second stack-only, or a constant one
///   whose value fits in 32 bits, kept in pc (no fusion otherwise);
/// - first MLOAD, MSTORE or MSTORE8: its entry (correction in arg, pc), the second stack-only.
/// A first-round pair of two stack-only parts counts as stack-only in the second round.
struct FusedPair {
    uint8_t first;   ///< stream opcode of the first entry
    uint8_t second;  ///< stream opcode of the second entry
};
namespace detail {
/// The first round: pairs of plain entries.
inline constexpr FusedPair first_round_pairs[] = {
    {0x60, 0x81} /*PUSH1 DUP2*/,   {0x90, 0x50} /*SWAP1 POP*/,    {0x50, 0x50} /*POP POP*/,
    {0x50, 0x80} /*POP DUP1*/,     {0x15, 0x0f} /*ISZERO JUMPI_CONST*/, {0x81, 0x52} /*DUP2 MSTORE*/,
    {0x01, 0x90} /*ADD SWAP1*/,    {0x86, 0x16} /*DUP7 AND*/,     {0xb0, 0x60} /*PUSH+ADD PUSH1*/,
    {0x16, 0x17} /*AND OR*/,       {0x50, 0x60} /*POP PUSH1*/,    {0x60, 0x60} /*PUSH1 PUSH1*/,
    {0x81, 0x10} /*DUP2 LT*/,      {0x60, 0xbe} /*PUSH1 PUSH+SHL*/, {0x50, 0x0e} /*POP JUMP_CONST*/,
    {0x01, 0x51} /*ADD MLOAD*/,    {0x81, 0x01} /*DUP2 ADD*/,     {0xbe, 0x03} /*PUSH+SHL SUB*/,
    {0x92, 0x50} /*SWAP3 POP*/,    {0x81, 0x0f} /*DUP2 JUMPI_CONST*/, {0x51, 0x81} /*MLOAD DUP2*/,
    {0x16, 0x80} /*AND DUP1*/,     {0x01, 0x01} /*ADD ADD*/,      {0x04, 0x16} /*DIV AND*/,
    {0x94, 0x50} /*SWAP5 POP*/,    {0x80, 0x09} /*DUP1 MULMOD*/,  {0xbf, 0x16} /*PUSH+SHR AND*/,
    {0x83, 0x01} /*DUP4 ADD*/,     {0x63, 0x86} /*PUSH4 DUP7*/,   {0x85, 0x16} /*DUP6 AND*/,
    {0x60, 0x84} /*PUSH1 DUP5*/,   {0x84, 0x01} /*DUP5 ADD*/,     {0x80, 0x63} /*DUP1 PUSH4*/,
    {0x17, 0x94} /*OR SWAP5*/,     {0x93, 0x50} /*SWAP4 POP*/,    {0x01, 0x86} /*ADD DUP7*/,
    {0x80, 0x83} /*DUP1 DUP4*/,    {0x86, 0x02} /*DUP7 MUL*/,     {0x50, 0x56} /*POP JUMP*/,
    {0x80, 0x80} /*DUP1 DUP1*/,    {0x16, 0x61} /*AND PUSH2*/,    {0x03, 0x90} /*SUB SWAP1*/,
    {0x80, 0x15} /*DUP1 ISZERO*/,  {0x16, 0x91} /*AND SWAP2*/,    {0x10, 0x15} /*LT ISZERO*/,
    {0x81, 0x80} /*DUP2 DUP1*/,    {0x92, 0x83} /*SWAP3 DUP4*/,
};
inline constexpr size_t first_round_count = sizeof first_round_pairs / sizeof first_round_pairs[0];
/// The stream opcode of a first-round pair (0 if not one).
constexpr uint8_t first_round_op(uint8_t first, uint8_t second) {
    for (size_t i = 0; i < first_round_count; ++i)
        if (first_round_pairs[i].first == first && first_round_pairs[i].second == second)
            return static_cast<uint8_t>(0xc1 + i);
    return 0;
}
/// The second round: pairs in which one part may be a first-round pair (the builder fuses a block twice).
inline constexpr FusedPair second_round_pairs[] = {
    {0x14, 0x0f} /*EQ JUMPI_CONST*/, {0x09, 0x86} /*MULMOD DUP7*/, {0x52, 0x80} /*MSTORE DUP1*/,
    {0x89, 0x1c} /*DUP10 SHR*/, {0x80, 0x61} /*DUP1 PUSH2*/, {0x51, 0x17} /*MLOAD OR*/,
    {0x17, first_round_op(0x01, 0x01)} /*OR [ADD ADD]*/, {0x18, first_round_op(0x86, 0x02)} /*XOR [DUP7 MUL]*/,
    {0x1c, first_round_op(0x85, 0x16)} /*SHR [DUP6 AND]*/,
    {first_round_op(0x80, 0x15), 0x0f} /*[DUP1 ISZERO] JUMPI_CONST*/,
    {first_round_op(0x10, 0x15), 0x0f} /*[LT ISZERO] JUMPI_CONST*/,
};
inline constexpr size_t second_round_count = sizeof second_round_pairs / sizeof second_round_pairs[0];
}  // namespace detail

/// Every fused pair; pair i is the stream opcode fused_pair_opcode(i).
inline constexpr auto fused_pairs = [] {
    std::array<FusedPair, detail::first_round_count + detail::second_round_count> all{};
    for (size_t i = 0; i < detail::first_round_count; ++i) all[i] = detail::first_round_pairs[i];
    for (size_t i = 0; i < detail::second_round_count; ++i)
        all[detail::first_round_count + i] = detail::second_round_pairs[i];
    return all;
}();
/// Opcode ranges of the pairs: 0xc1..0xef, then 0xa5..0xaf (no revision defines these bytes).
static_assert(detail::first_round_count <= 0xf0 - 0xc1 && detail::second_round_count <= 0xb0 - 0xa5);

/// The stream opcode of fused pair i.
constexpr uint8_t fused_pair_opcode(size_t i) noexcept {
    return static_cast<uint8_t>(i < detail::first_round_count ? 0xc1 + i : 0xa5 + (i - detail::first_round_count));
}

/// True if `op` is one of the fused-pair opcodes.
constexpr bool is_fused_pair(unsigned op) noexcept {
    return (op >= 0xc1 && op < 0xc1 + detail::first_round_count) ||
           (op >= 0xa5 && op < 0xa5 + detail::second_round_count);
}

/// The index in fused_pairs of the fused-pair opcode `op`.
constexpr size_t fused_pair_index(unsigned op) noexcept {
    return op >= 0xc1 ? op - 0xc1 : detail::first_round_count + (op - 0xa5);
}

namespace detail {
/// The fused-pair lookup in two levels: a row per distinct first opcode (0xff: none), then the second opcode.
struct PairTable {
    std::array<uint8_t, 256> row{};
    std::array<std::array<uint8_t, 256>, 48> fused{};
};
inline constexpr PairTable pair_table = [] {
    PairTable t;
    t.row.fill(0xff);
    uint8_t rows = 0;
    for (size_t i = 0; i < fused_pairs.size(); ++i) {
        const FusedPair p = fused_pairs[i];
        if (t.row[p.first] == 0xff) t.row[p.first] = rows++;
        t.fused[t.row[p.first]][p.second] = fused_pair_opcode(i);
    }
    return t;
}();
}  // namespace detail

/// The fused-pair opcode for the stream opcodes `first`, `second` (in that order), 0 if the pair is not fused.
constexpr uint8_t fused_pair_op(uint8_t first, uint8_t second) noexcept {
    const uint8_t row = detail::pair_table.row[first];
    return row == 0xff ? 0 : detail::pair_table.fused[row][second];
}

/// One entry of the stream (16 bytes).
struct ScheduleEntry {
    uint8_t op = 0;    ///< EVM opcode, or one of the pseudo-opcodes above
    /// BEGIN_BLOCK and BEGIN_BLOCK_AT: signed 24-bit little-endian offset (entries) from this entry to its block's
    /// first instruction (+1 for BEGIN_BLOCK); read with body_offset().
    uint8_t body[3] = {};
    uint32_t pc = 0;   ///< byte offset of the instruction in the code (JUMP*_CONST: of the JUMP/JUMPI)
    /// PUSH1..8: value; PUSH9..32: constant index; BEGIN_BLOCK: a BlockCheck (block_check()); JUMP*_CONST: target
    /// entry index minus this entry's index; else the correction (static gas of the rest of the block, gas units).
    int64_t arg = 0;
};

/// A block's requirements, checked at its BEGIN_BLOCK and stored in that entry's arg. A block whose bounds are
/// empty (stack_min > stack_max), or whose gas does not fit in 31 bits, always continues in the baseline loop.
struct BlockCheck {
    int32_t gas = 0;        ///< sum of the static gas of the block's instructions (gas units)
    int16_t stack_min = 0;  ///< minimum stack height on entry (items)
    int16_t stack_max = 0;  ///< maximum stack height on entry (items): 1024 minus the block's growth
};
static_assert(sizeof(BlockCheck) == sizeof(int64_t));

/// The BlockCheck of a BEGIN_BLOCK entry.
TRELLIS_ALWAYS_INLINE BlockCheck block_check(const ScheduleEntry& e) noexcept {
    BlockCheck b;
    std::memcpy(&b, &e.arg, sizeof b);
    return b;
}

/// BEGIN_BLOCK / BEGIN_BLOCK_AT: the offset in entries from `e` to its block's first instruction (+1 for a
/// BEGIN_BLOCK, negative for a BEGIN_BLOCK_AT). One 4-byte load and a shift on little-endian machines.
TRELLIS_ALWAYS_INLINE int32_t body_offset(const ScheduleEntry& e) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
        uint32_t word;
        std::memcpy(&word, &e, sizeof word);  // op in the low byte, the offset in the upper three
        return static_cast<int32_t>(word) >> 8;
    } else {
        const uint32_t u = e.body[0] | (uint32_t{e.body[1]} << 8) | (uint32_t{e.body[2]} << 16);
        return static_cast<int32_t>(u << 8) >> 8;
    }
}

/// The offset of a constant-offset memory entry (is_memory_const): the body's 24 bits, unsigned.
TRELLIS_ALWAYS_INLINE uint32_t const_offset(const ScheduleEntry& e) noexcept {
    return static_cast<uint32_t>(body_offset(e)) & 0xffffffu;
}

/// Sets the body_offset() of a BEGIN_BLOCK / BEGIN_BLOCK_AT entry (|offset| < 2^23).
inline void set_body_offset(ScheduleEntry& e, int32_t offset) noexcept {
    const auto u = static_cast<uint32_t>(offset);
    e.body[0] = static_cast<uint8_t>(u);
    e.body[1] = static_cast<uint8_t>(u >> 8);
    e.body[2] = static_cast<uint8_t>(u >> 16);
}

/// A pre-decoded program for one (code, revision).
struct Schedule : boost::intrusive::list_base_hook<> {
    size_t hash = 0;                       ///< cache key: hash of the code mixed with the revision
    Revision rev = Revision::Osaka;        ///< static gas and defined opcodes are the revision's
    core::Bytes code;                      ///< copy of the code, compared in full on a cache hit
    std::vector<ScheduleEntry> entries;    ///< the stream; entry 0 is the first block's BEGIN_BLOCK
    std::vector<uint256> constants;        ///< PUSH9..PUSH32 values
    std::vector<uint32_t> jump_map;  ///< code offset -> entry index of a JUMPDEST's BEGIN_BLOCK(_AT) (else 0)
    int pins = 0;                    ///< active frames running this schedule (never evicted while > 0)
    size_t bytes = 0;                ///< memory held, for the cache bound

    /// Builds the schedule of `code` (code_size bytes) for `rev`.
    Schedule(const uint8_t* code, size_t code_size, Revision rev, size_t hash);
};

/// Hit/miss/byte counters of the calling thread's schedule cache.
struct ScheduleCacheStats {
    uint64_t hits = 0, misses = 0, evictions = 0;
    size_t bytes = 0, entries = 0, capacity_bytes = 0;
};

/// The thread's schedule for (code, rev), built on a miss; pinned until release_schedule().
Schedule& acquire_schedule(const uint8_t* code, size_t code_size, Revision rev);
/// Unpins a schedule returned by acquire_schedule().
void release_schedule(Schedule& schedule) noexcept;
/// Counters of the calling thread's cache.
ScheduleCacheStats schedule_cache_stats() noexcept;
/// Drops every unpinned schedule of the calling thread (for benchmarks timing analysis) and sets the byte bound;
/// also forgets the heat of every code (auto mode, below).
void schedule_cache_reset(size_t capacity_bytes = size_t{64} << 20);

/// Auto mode (Interpreter::Auto): a code is *hot* once it has a schedule in the thread's cache, or once its
/// baseline runs have used at least `auto_hot_gas_per_byte` gas per byte of code (the schedule's build cost grows
/// with the code size, its saving with the gas executed; measured in docs/performance.md), or after
/// `auto_hot_calls` baseline runs (each pays the JUMPDEST analysis that a cached schedule saves).
inline constexpr int64_t auto_hot_gas_per_byte = 50;
inline constexpr uint32_t auto_hot_calls = 8;

/// Auto mode: the thread's schedule for (code, rev), pinned, if the code is hot (built now if it just became hot);
/// nullptr while it is cold. A cold call costs a hash of a few sampled words of the code and one table probe.
/// `heat_key` receives the code's key for record_baseline_run(); `gas_until_hot` the gas a baseline run of this
/// code may still use before the code is hot (the tier-up point, ExecState::tier_up_below; meaningless when a
/// schedule is returned).
Schedule* acquire_schedule_if_hot(const uint8_t* code, size_t code_size, Revision rev, size_t& heat_key,
                                  int64_t& gas_until_hot);
/// Auto mode: adds one baseline run that executed `gas_used` gas to the heat of the code with `heat_key`.
void record_baseline_run(size_t heat_key, int64_t gas_used) noexcept;

/// Runs `s` (set up as for the baseline: stack, analysed code, gas, host) over `schedule` with `strategy`.
void run_schedule(dispatch::Strategy strategy, ExecState& s, const Schedule& schedule);

/// Continues a frame the baseline loop left at a jump to the valid JUMPDEST `pc` (auto mode's tier-up: gas already
/// charged up to and including the jump, memory, return data and refund as the baseline left them) in `schedule`,
/// from that JUMPDEST's block. Same semantics as the baseline continuing from `pc`.
void resume_in_schedule(dispatch::Strategy strategy, ExecState& s, const Schedule& schedule, uint64_t pc);

}  // namespace trellis::evm
