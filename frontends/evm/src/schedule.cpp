// The schedule analysis (bytecode -> blocks of pre-decoded entries) and the per-thread LRU cache of schedules.
// See schedule.hpp for the stream's shape and the exactness rules.
#include "schedule.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "gas_schedule.hpp"
#include "trellis/evm/opcodes.hpp"

namespace trellis::evm {

namespace {

/// True for instructions after which the block ends (control leaves or may leave straight-line order).
constexpr bool ends_block(uint8_t op) noexcept {
    return op == OP_STOP || op == OP_JUMP || op == OP_JUMPI || op == OP_RETURN || op == OP_REVERT ||
           op == OP_INVALID || op == OP_SELFDESTRUCT || op == op_undefined;
}

}  // namespace

Schedule::Schedule(const uint8_t* bytes_in, size_t code_size, Revision revision, size_t code_hash)
    : hash(code_hash), rev(revision), code(bytes_in, bytes_in + code_size), jump_map(code_size, 0) {
    const auto& costs = gas_costs(rev);
    // At most one entry per byte, the padding's STOP, BAD_JUMP, and one BEGIN_BLOCK_AT per JUMPDEST byte: reserved
    // once so the stream is never copied (pages never written are never touched).
    entries.reserve(code_size + 3 + static_cast<size_t>(std::count(bytes_in, bytes_in + code_size, OP_JUMPDEST)));
    size_t block_first = 0;  // index of the current block's BEGIN_BLOCK
    int64_t base = 0;
    int32_t height = 0, req = 0, grow = 0;
    std::vector<size_t> const_jumps;  // JUMP*_CONST entries; arg holds the target PC until the end
    // Later JUMPDESTs of a run share the run's block; each gets a BEGIN_BLOCK_AT entry after the stream. Merging
    // needs the distance back to the block to fit in a signed 24-bit body_offset(), which any code below 2 MiB
    // guarantees (at most two entries per code byte).
    struct RunEntry {
        uint32_t pc;       // the JUMPDEST's offset
        size_t body;       // its block's first instruction entry
        BlockCheck check;  // the block's check with the gas of the JUMPDESTs before it taken off
    };
    std::vector<RunEntry> run_entries;
    const bool merge_runs = code_size < (size_t{1} << 21);
    std::vector<std::pair<uint32_t, int64_t>> run_pending;  // (pc, gas before) of the current block's run

    auto open_block = [&](uint32_t pc) {
        block_first = entries.size();
        run_pending.clear();
        ScheduleEntry e;
        e.op = op_begin_block;
        set_body_offset(e, 1);
        e.pc = pc;
        entries.push_back(e);
        base = 0;
        height = req = grow = 0;
    };
    // Superinstructions (fused_pairs, schedule.hpp): the block's entries fused pairwise, left to right, in place.
    // A block's JUMP*_CONST is its last entry; const_jumps follows it to its new index.
    auto fuse_pairs = [&] {
        const size_t end = entries.size();
        const bool ends_in_const_jump = !const_jumps.empty() && const_jumps.back() == end - 1;
        size_t w = block_first + 1;
        for (size_t i = block_first + 1; i < end; ++i, ++w) {
            ScheduleEntry e = entries[i];
            const uint8_t fused = i + 1 < end ? fused_pair_op(e.op, entries[i + 1].op) : 0;
            if (fused != 0) {
                const ScheduleEntry& second = entries[i + 1];
                const bool const_first = (e.op >= OP_PUSH1 && e.op <= OP_PUSH1 + 7) || is_push_fused(e.op);
                const bool const_second =
                    (second.op >= OP_PUSH1 && second.op <= OP_PUSH1 + 7) || is_push_fused(second.op);
                const bool memory_first = e.op == OP_MLOAD || e.op == OP_MSTORE || e.op == OP_MSTORE8;
                if (const_first) {  // the first's constant in arg, a constant second's in pc
                    if (!const_second || static_cast<uint64_t>(second.arg) <= UINT32_MAX) {
                        if (const_second) e.pc = static_cast<uint32_t>(second.arg);
                        e.op = fused;
                        ++i;
                    }
                } else if (memory_first) {  // the first's correction and pc
                    e.op = fused;
                    ++i;
                } else {  // stack-only first: the second's data
                    e = second;
                    e.op = fused;
                    ++i;
                }
            }
            entries[w] = e;
        }
        if (ends_in_const_jump) const_jumps.back() = w - 1;
        entries.resize(w);
    };
    auto close_block = [&] {
        BlockCheck b;
        if (base > INT32_MAX || req > stack_limit || grow > stack_limit || req > stack_limit - grow) {
            b.gas = 0;  // unsatisfiable bounds: the block always continues in the baseline loop
            b.stack_min = 1;
            b.stack_max = 0;
        } else {
            b.gas = static_cast<int32_t>(base);
            b.stack_min = static_cast<int16_t>(req);
            b.stack_max = static_cast<int16_t>(stack_limit - grow);
        }
        std::memcpy(&entries[block_first].arg, &b, sizeof b);
        for (const auto& [run_pc, before] : run_pending) {
            BlockCheck at = b;
            at.gas = static_cast<int32_t>(std::max<int64_t>(0, b.gas - before));
            run_entries.push_back({run_pc, block_first + 1, at});
        }
        run_pending.clear();
        // Corrections: arg held the static gas up to and including the entry; make it the rest of the block.
        for (size_t i = block_first + 1; i < entries.size(); ++i) {
            const uint8_t op = entries[i].op;
            if (!(op >= OP_PUSH1 && op <= OP_PUSH32) && op != op_jump_const && op != op_jumpi_const &&
                !is_push_fused(op))
                entries[i].arg = base - entries[i].arg;
        }
        fuse_pairs();  // first round
        fuse_pairs();  // second round: pairs with a first-round pair as one part
    };

    open_block(0);
    size_t pc = 0;
    while (pc <= code_size) {
        // Past the end: the padded code's STOP.
        const uint8_t byte = pc < code_size ? bytes_in[pc] : uint8_t(OP_STOP);
        if (byte == OP_JUMPDEST && pc < code_size) {
            if (merge_runs && entries.size() == block_first + 1 && base != 0) {
                // A later JUMPDEST of a run (the block holds only JUMPDESTs so far): same block; jumps to it
                // enter through a BEGIN_BLOCK_AT entry (jump_map set when those are placed).
                run_pending.emplace_back(static_cast<uint32_t>(pc), base);  // base: the run's gas before it
                base += costs[OP_JUMPDEST];
                ++pc;
                continue;
            }
            if (entries.size() != block_first + 1 || base != 0) {
                close_block();
                open_block(static_cast<uint32_t>(pc));
            } else {
                entries[block_first].pc = static_cast<uint32_t>(pc);
            }
            jump_map[pc] = static_cast<uint32_t>(block_first);
            base += costs[OP_JUMPDEST];
            ++pc;
            continue;
        }
        const bool defined = op_table[byte].defined && costs[byte] >= 0;
        ScheduleEntry e;
        e.op = defined ? byte : op_undefined;
        e.pc = static_cast<uint32_t>(pc);
        size_t next = pc + 1;
        if (defined) {
            const OpInfo& info = op_table[byte];
            base += costs[byte];
            req = std::max(req, info.inputs - height);
            height += info.outputs - info.inputs;
            grow = std::max(grow, height);
            if (byte >= OP_PUSH1 && byte <= OP_PUSH32) {
                const size_t n = byte - OP_PUSH1 + 1;
                if (n <= 8 && pc + n < code_size) {
                    uint64_t v = 0;
                    for (size_t i = 1; i <= n; ++i) v = (v << 8) | bytes_in[pc + i];
                    e.arg = static_cast<int64_t>(v);
                } else {
                    uint8_t data[32] = {};  // a PUSH truncated by the end of the code reads zeros
                    for (size_t i = 0; i < n; ++i) data[i] = pc + 1 + i < code_size ? bytes_in[pc + 1 + i] : 0;
                    const uint256 v = load_be_partial(data, n);
                    if (n <= 8) {
                        e.arg = static_cast<int64_t>(v.w[0]);
                    } else {
                        e.arg = static_cast<int64_t>(constants.size());
                        constants.push_back(v);
                    }
                }
                next = pc + 1 + n;
            } else if ((byte == OP_JUMP || byte == OP_JUMPI) && entries.size() > block_first + 1 &&
                       entries.back().op >= OP_PUSH1 && entries.back().op <= OP_PUSH1 + 7) {
                // PUSHn t; JUMP/JUMPI: one entry, the target resolved once the whole code is analysed. The
                // block's gas and stack bounds still count the PUSH (they are exact for the pair).
                ScheduleEntry& fused = entries.back();
                fused.op = byte == OP_JUMP ? op_jump_const : op_jumpi_const;
                fused.pc = static_cast<uint32_t>(pc);
                const_jumps.push_back(entries.size() - 1);
                if (pc >= code_size) break;
                close_block();
                open_block(static_cast<uint32_t>(std::min(next, code_size)));
                pc = std::min(next, code_size);
                continue;
            } else if (push_fused_op(byte) != 0 && entries.size() > block_first + 1 &&
                       entries.back().op >= OP_PUSH1 && entries.back().op <= OP_PUSH1 + 7) {
                // PUSHn c; OP: one entry with c in arg (gas and stack bounds count both, as for the pair).
                entries.back().op = push_fused_op(byte);
                entries.back().pc = static_cast<uint32_t>(pc);
                pc = next;
                continue;
            } else if (memory_const_op(byte) != 0 && entries.size() > block_first + 1 &&
                       entries.back().op >= OP_PUSH1 && entries.back().op <= OP_PUSH1 + 7 &&
                       static_cast<uint64_t>(entries.back().arg) < memory_const_limit) {
                // PUSHn c; MLOAD/MSTORE/MSTORE8: one entry, c in body, the memory instruction's correction and pc.
                ScheduleEntry& fused = entries.back();
                const auto offset = static_cast<int32_t>(fused.arg);
                fused.op = memory_const_op(byte);
                set_body_offset(fused, offset);  // the 24 bits of body; read back with const_offset()
                fused.pc = static_cast<uint32_t>(pc);
                fused.arg = base;  // made a correction by close_block()
                pc = next;
                continue;
            } else {
                e.arg = base;  // made a correction by close_block()
            }
        }
        entries.push_back(e);
        if (pc >= code_size) break;
        if (ends_block(e.op)) {
            close_block();
            open_block(static_cast<uint32_t>(std::min(next, code_size)));
        }
        pc = std::min(next, code_size);  // a PUSH truncated by the end reads zeros, then meets the padding's STOP
    }
    close_block();
    // The BAD_JUMP entry, then the constant jump targets: a valid JUMPDEST's block starts at its own PC.
    const size_t bad_jump = entries.size();
    ScheduleEntry bad;
    bad.op = op_bad_jump;
    bad.pc = static_cast<uint32_t>(code_size);
    // A check no stack height meets: a jump that enters blocks inline (ScheduleDef::enter_block) stops here.
    const BlockCheck never{0, 1, 0};
    std::memcpy(&bad.arg, &never, sizeof never);
    entries.push_back(bad);
    // The BEGIN_BLOCK_AT entries of JUMPDESTs inside runs.
    for (const RunEntry& r : run_entries) {
        ScheduleEntry e;
        e.op = op_begin_block_at;
        e.pc = r.pc;
        set_body_offset(e, -static_cast<int32_t>(entries.size() - r.body));
        std::memcpy(&e.arg, &r.check, sizeof r.check);
        jump_map[r.pc] = static_cast<uint32_t>(entries.size());
        entries.push_back(e);
    }
    for (const size_t i : const_jumps) {
        const uint64_t target = static_cast<uint64_t>(entries[i].arg);
        const uint8_t target_op = target < code_size ? entries[jump_map[target]].op : 0;
        const bool valid = target < code_size && bytes_in[target] == OP_JUMPDEST &&
                           (target_op == op_begin_block || target_op == op_begin_block_at) &&
                           entries[jump_map[target]].pc == target;
        entries[i].arg = static_cast<int64_t>(valid ? jump_map[target] : bad_jump) - static_cast<int64_t>(i);
    }
    bytes = sizeof(Schedule) + code.size() + entries.size() * sizeof(ScheduleEntry) +
            constants.size() * sizeof(uint256) + jump_map.size() * sizeof(uint32_t);
}

namespace {

/// The per-thread cache: a hash multimap to find schedules, an intrusive list for LRU order (front = newest).
class ScheduleCache {
public:
    ~ScheduleCache() {
        m_lru.clear();
        m_index.clear();
    }

    static size_t key_of(const uint8_t* code, size_t code_size, Revision rev) noexcept {
        return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(code), code_size)) ^
               (static_cast<size_t>(rev) * 0x9e3779b97f4a7c15ULL);
    }

    /// The cached schedule (pinned), or with `build` a new one on a miss; nullptr on a miss without `build`.
    Schedule* acquire(const uint8_t* code, size_t code_size, Revision rev, size_t h, bool build) {
        auto [first, last] = m_index.equal_range(h);
        for (auto it = first; it != last; ++it) {
            Schedule& s = *it->second;
            if (s.rev == rev && s.code.size() == code_size &&
                (code_size == 0 || std::memcmp(s.code.data(), code, code_size) == 0)) {
                ++m_stats.hits;
                m_lru.erase(m_lru.iterator_to(s));
                m_lru.push_front(s);
                ++s.pins;
                return &s;
            }
        }
        if (!build) return nullptr;
        ++m_stats.misses;
        auto owned = std::make_unique<Schedule>(code, code_size, rev, h);
        Schedule& s = *owned;
        m_stats.bytes += s.bytes;
        m_lru.push_front(s);
        m_index.emplace(h, std::move(owned));
        ++s.pins;
        evict();
        return &s;
    }

    /// A cheap key for the heat table: the size and up to 18 8-byte words spread over the code (first, last and
    /// evenly spaced), so a cold call costs O(1) instead of a hash of the whole code. Two codes that share it
    /// merely share their heat.
    static size_t heat_key_of(const uint8_t* code, size_t code_size, Revision rev) noexcept {
        uint64_t h = (code_size + 1) * 0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(rev);
        auto mix = [&h](uint64_t w) {
            h ^= w + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
            h *= 0xff51afd7ed558ccdULL;
        };
        if (code_size < 8) {
            uint64_t w = 0;
            if (code_size != 0) std::memcpy(&w, code, code_size);
            mix(w);
            return static_cast<size_t>(h);
        }
        const size_t step = std::max<size_t>((code_size - 8) / 16, 1);
        for (size_t at = 0; at + 8 <= code_size; at += step) {
            uint64_t w;
            std::memcpy(&w, code + at, 8);
            mix(w);
        }
        uint64_t last;
        std::memcpy(&last, code + code_size - 8, 8);
        mix(last);
        return static_cast<size_t>(h);
    }

    /// Auto mode: the schedule if the code is hot (see schedule.hpp), else nullptr. A code's heat entry, once
    /// over a threshold, stays marked hot, so later calls go straight to the (full-hash) cache lookup.
    Schedule* acquire_if_hot(const uint8_t* code, size_t code_size, Revision rev, size_t heat_key,
                             int64_t& gas_until_hot) {
        const int64_t hot_gas = auto_hot_gas_per_byte * static_cast<int64_t>(std::max<size_t>(code_size, 1));
        const auto it = m_heat.find(heat_key);
        if (it == m_heat.end()) {
            gas_until_hot = hot_gas;
            return nullptr;
        }
        Heat& heat = it->second;
        if (!heat.hot) {
            if (heat.calls < auto_hot_calls && heat.gas < hot_gas) {
                gas_until_hot = hot_gas - heat.gas;
                return nullptr;
            }
            heat.hot = true;
        }
        return acquire(code, code_size, rev, key_of(code, code_size, rev), true);
    }

    void record(size_t heat_key, int64_t gas_used) noexcept {
        if (m_heat.size() >= max_heat_entries) m_heat.clear();  // a bounded table: forgetting heat is harmless
        try {
            Heat& heat = m_heat[heat_key];
            ++heat.calls;
            heat.gas += std::max<int64_t>(gas_used, 0);
        } catch (...) {  // out of memory: the code just stays cold
        }
    }

    void release(Schedule& s) noexcept {
        --s.pins;
        evict();
    }

    void reset(size_t capacity) {
        m_heat.clear();
        m_stats.capacity_bytes = 0;
        evict();
        m_stats.capacity_bytes = capacity;
    }

    ScheduleCacheStats stats() const noexcept {
        ScheduleCacheStats st = m_stats;
        st.entries = m_index.size();
        return st;
    }

private:
    /// Drops least recently used unpinned schedules while over the byte bound.
    void evict() noexcept {
        auto it = m_lru.end();
        while (m_stats.bytes > m_stats.capacity_bytes && it != m_lru.begin()) {
            --it;
            Schedule& s = *it;
            if (s.pins > 0) continue;
            it = m_lru.erase(it);
            m_stats.bytes -= s.bytes;
            ++m_stats.evictions;
            auto [first, last] = m_index.equal_range(s.hash);
            for (auto f = first; f != last; ++f)
                if (f->second.get() == &s) {
                    m_index.erase(f);
                    break;
                }
        }
    }

    /// Baseline runs of codes not yet scheduled (auto mode), by cache key; collisions merely merge two codes' heat.
    struct Heat {
        uint32_t calls = 0;
        bool hot = false;
        int64_t gas = 0;
    };
    static constexpr size_t max_heat_entries = 1 << 16;

    boost::intrusive::list<Schedule> m_lru;
    std::unordered_map<size_t, Heat> m_heat;
    std::unordered_multimap<size_t, std::unique_ptr<Schedule>> m_index;
    ScheduleCacheStats m_stats{0, 0, 0, 0, 0, size_t{64} << 20};
};

ScheduleCache& thread_cache() {
    thread_local ScheduleCache cache;
    return cache;
}

}  // namespace

Schedule& acquire_schedule(const uint8_t* code, size_t code_size, Revision rev) {
    return *thread_cache().acquire(code, code_size, rev, ScheduleCache::key_of(code, code_size, rev), true);
}
Schedule* acquire_schedule_if_hot(const uint8_t* code, size_t code_size, Revision rev, size_t& heat_key,
                                  int64_t& gas_until_hot) {
    heat_key = ScheduleCache::heat_key_of(code, code_size, rev);
    return thread_cache().acquire_if_hot(code, code_size, rev, heat_key, gas_until_hot);
}
void record_baseline_run(size_t heat_key, int64_t gas_used) noexcept { thread_cache().record(heat_key, gas_used); }
void release_schedule(Schedule& schedule) noexcept { thread_cache().release(schedule); }
ScheduleCacheStats schedule_cache_stats() noexcept { return thread_cache().stats(); }
void schedule_cache_reset(size_t capacity_bytes) { thread_cache().reset(capacity_bytes); }

}  // namespace trellis::evm
