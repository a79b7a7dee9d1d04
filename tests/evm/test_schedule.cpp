// The schedule interpreter's analysis and cache (frontends/evm/src/schedule.hpp): block structure, PUSH constants,
// jump resolution, and the per-thread LRU cache's hits, misses and byte bound. Semantics are covered by
// test_differential.cpp and the state tests run under --interpreter schedule.
#include <catch2/catch.hpp>

#include "schedule.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/opcodes.hpp"
#include "trellis/evm/state.hpp"
#include "trellis/evm/state_host.hpp"

using namespace trellis;
using namespace trellis::evm;

namespace {

Result run_code(const core::Bytes& code, int64_t gas, Interpreter interpreter,
               dispatch::Strategy strategy = dispatch::Strategy::Switch) {
    State state;
    Address self;
    self.bytes[19] = 0xc0;
    state.put_account(self, 1, 0, code, {});
    ExecOptions options;
    options.interpreter = interpreter;
    options.dispatch = strategy;
    StateHost host(state, Revision::Cancun, TxContext{}, options);
    Message msg;
    msg.gas = gas;
    msg.recipient = self;
    msg.code_address = self;
    return execute(host, Revision::Cancun, msg, code.data(), code.size(), options);
}

Result run_schedule_code(const core::Bytes& code, int64_t gas) { return run_code(code, gas, Interpreter::Schedule); }

}  // namespace

TEST_CASE("schedule: blocks, gas totals, constants and jump targets", "[evm][schedule]") {
    // PUSH1 1  PUSH32 <0x11..>  ADD  PUSH1 9  JUMP  JUMPDEST(39)  GAS  STOP
    core::Bytes code{OP_PUSH1, 1, OP_PUSH32};
    for (int i = 0; i < 32; ++i) code.push_back(0x11);
    for (uint8_t b : {uint8_t(OP_ADD), uint8_t(OP_PUSH1), uint8_t(39), uint8_t(OP_JUMP), uint8_t(OP_JUMPDEST),
                      uint8_t(OP_GAS), uint8_t(OP_STOP)})
        code.push_back(b);
    REQUIRE(code[39] == OP_JUMPDEST);
    const Schedule sch(code.data(), code.size(), Revision::Cancun, 0);
    // Block 0: PUSH1 PUSH32 ADD PUSH1 JUMP = 3+3+3+3+8; block 1: JUMPDEST GAS STOP = 1+2+0; then an empty tail.
    const BlockCheck b0 = block_check(sch.entries[0]);
    CHECK(sch.entries[0].op == op_begin_block);
    CHECK(body_offset(sch.entries[0]) == 1);
    CHECK(b0.gas == 20);
    CHECK(b0.stack_min == 0);
    CHECK(b0.stack_max == 1024 - 2);
    CHECK(block_check(sch.entries[sch.jump_map[39]]).gas == 3);
    REQUIRE(sch.constants.size() == 1);
    CHECK(sch.constants[0].w[0] == 0x1111111111111111ULL);
    CHECK(sch.constants[0].w[3] == 0x1111111111111111ULL);
    // PUSH1 39; JUMP is one entry whose target is the JUMPDEST's BEGIN_BLOCK.
    CHECK(sch.entries[4].op == op_jump_const);
    CHECK(sch.entries[4].pc == 38);
    CHECK(4 + sch.entries[4].arg == static_cast<int64_t>(sch.jump_map[39]));
    CHECK(sch.entries[1].op == OP_PUSH1);
    CHECK(sch.entries[1].arg == 1);
    const ScheduleEntry& target = sch.entries[sch.jump_map[39]];
    CHECK(target.op == op_begin_block);
    CHECK(target.pc == 39);
    // GAS carries the static gas after it in its block (STOP: 0).
    CHECK(sch.entries[sch.jump_map[39] + 1].op == OP_GAS);
    CHECK(sch.entries[sch.jump_map[39] + 1].arg == 0);
}

TEST_CASE("schedule: constant jumps to invalid targets halt as the baseline does", "[evm][schedule]") {
    // PUSH1 4 JUMPI taken to a non-JUMPDEST; PUSH1 1 JUMP into PUSH data (the 0x5b after PUSH1).
    const core::Bytes jumpi{OP_PUSH1, 1, OP_PUSH1, 6, OP_JUMPI, OP_STOP, OP_STOP};
    const Schedule sch(jumpi.data(), jumpi.size(), Revision::Cancun, 0);
    CHECK(sch.entries[2].op == op_jumpi_const);
    CHECK(sch.entries[static_cast<size_t>(2 + sch.entries[2].arg)].op == op_bad_jump);
    CHECK(run_schedule_code(jumpi, 100).status == StatusCode::BadJumpDestination);
    const core::Bytes into_push{OP_PUSH1, OP_JUMPDEST, OP_PUSH1, 1, OP_JUMP};
    CHECK(run_schedule_code(into_push, 100).status == StatusCode::BadJumpDestination);
    // Not taken: falls through to STOP with the block's gas charged (3 + 3 + 10).
    const core::Bytes not_taken{OP_PUSH1, 0, OP_PUSH1, 6, OP_JUMPI, OP_STOP, OP_STOP};
    const Result r = run_schedule_code(not_taken, 100);
    CHECK(r.status == StatusCode::Success);
    CHECK(r.gas_left == 100 - 16);
}

TEST_CASE("schedule: PUSHn + binary operation is one entry with the same result", "[evm][schedule]") {
    // PUSH1 0x80 PUSH1 4 SHR PUSH1 3 SUB PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: (3 - (0x80 >> 4)) mod 2^256.
    const core::Bytes code{OP_PUSH1, 0x80, OP_PUSH1, 4, OP_SHR, OP_PUSH1, 3, OP_SUB, OP_PUSH1, 0,
                           OP_MSTORE, OP_PUSH1, 32, OP_PUSH1, 0, OP_RETURN};
    const Schedule sch(code.data(), code.size(), Revision::Cancun, 0);
    CHECK(sch.entries[1].op == OP_PUSH1);
    CHECK(sch.entries[2].op == push_fused_op(OP_SHR));
    CHECK(sch.entries[2].arg == 4);
    CHECK(sch.entries[3].op == push_fused_op(OP_SUB));
    CHECK(block_check(sch.entries[0]).gas == 6 * 3 + 3 * 3);  // six PUSH1, SHR, SUB, MSTORE
    const Result r = run_schedule_code(code, 1000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.output.size() == 32);
    CHECK(r.output[31] == static_cast<uint8_t>(3 - 8));  // two's complement low byte of -5
    CHECK(r.output[0] == 0xff);
}

TEST_CASE("schedule: GAS sees the gas of the not-yet-executed rest of its block", "[evm][schedule]") {
    // GAS PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN: one block; GAS must report gas - 2, as the baseline does.
    const core::Bytes code{OP_GAS, OP_PUSH1, 0, OP_MSTORE, OP_PUSH1, 32, OP_PUSH1, 0, OP_RETURN};
    const Result r = run_schedule_code(code, 1000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.output.size() == 32);
    CHECK(r.output[31] == static_cast<uint8_t>((1000 - 2) & 0xff));
    CHECK(r.output[30] == static_cast<uint8_t>((1000 - 2) >> 8));
}

TEST_CASE("schedule: a run of JUMPDESTs is one block; jumps into the run charge from their JUMPDEST on", "[evm][schedule]") {
    // Tail after the run: GAS PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN (GAS's value shows the gas charged).
    const uint8_t tail[] = {OP_GAS, OP_PUSH1, 0, OP_MSTORE, OP_PUSH1, 32, OP_PUSH1, 0, OP_RETURN};
    constexpr int run = 5;
    for (const bool constant : {true, false}) {
        // Constant: PUSH1 t JUMP (resolved at analysis). Dynamic: PUSH1 t PUSH1 0 ADD JUMP (through jump_map).
        const size_t first = constant ? 3 : 6;
        for (int k = 0; k < run; ++k) {
            core::Bytes code{OP_PUSH1, static_cast<uint8_t>(first + k)};
            if (!constant) code.insert(code.end(), {OP_PUSH1, 0, OP_ADD});
            code.push_back(OP_JUMP);
            REQUIRE(code.size() == first);
            code.insert(code.end(), run, OP_JUMPDEST);
            code.insert(code.end(), std::begin(tail), std::end(tail));
            const Schedule sch(code.data(), code.size(), Revision::Cancun, 0);
            // One BEGIN_BLOCK for the run (falling through), a BEGIN_BLOCK_AT per later JUMPDEST.
            const ScheduleEntry& head = sch.entries[sch.jump_map[first]];
            CHECK(head.op == op_begin_block);
            CHECK(block_check(head).gas == run + 2 + 3 + 3 + 3 + 3);
            CHECK(sch.entries[sch.jump_map[first] + 1].op == OP_GAS);
            for (int i = 1; i < run; ++i) {
                const ScheduleEntry& at = sch.entries[sch.jump_map[first + i]];
                CHECK(at.op == op_begin_block_at);
                CHECK(at.pc == first + i);
                CHECK(block_check(at).gas == block_check(head).gas - i);
                CHECK(int64_t{sch.jump_map[first + i]} + body_offset(at) == int64_t{sch.jump_map[first]} + 1);
            }
            // Same status, gas and output as the baseline at every gas limit around the exact need, under every
            // dispatch strategy (out of gas at the run's entry continues in the baseline loop).
            const int64_t need = (constant ? 3 + 8 : 3 + 3 + 3 + 8) + (run - k) + 2 + 3 * 4 + 3;
            for (int64_t gas = need - 20; gas <= need + 3; ++gas) {
                const Result want = run_code(code, gas, Interpreter::Baseline);
                for (const auto strategy : dispatch::available_strategies()) {
                    const Result got = run_code(code, gas, Interpreter::Schedule, strategy);
                    INFO("constant=" << constant << " k=" << k << " gas=" << gas);
                    CHECK(got.status == want.status);
                    CHECK(got.gas_left == want.gas_left);
                    CHECK(got.output == want.output);
                }
            }
            const Result ok = run_schedule_code(code, 1000);
            REQUIRE(ok.status == StatusCode::Success);
            CHECK(ok.gas_left == 1000 - need);
        }
    }
}

TEST_CASE("schedule: cache hits, misses and byte bound", "[evm][schedule]") {
    schedule_cache_reset();
    const ScheduleCacheStats before = schedule_cache_stats();
    const core::Bytes code{OP_PUSH1, 1, OP_PUSH1, 2, OP_ADD, OP_STOP};
    REQUIRE(run_schedule_code(code, 100).status == StatusCode::Success);
    REQUIRE(run_schedule_code(code, 100).status == StatusCode::Success);
    const ScheduleCacheStats after = schedule_cache_stats();
    CHECK(after.misses == before.misses + 1);
    CHECK(after.hits == before.hits + 1);
    CHECK(after.entries == 1);
    CHECK(after.bytes > code.size());

    // A bound smaller than one schedule: every new code evicts the previous one once it is released.
    schedule_cache_reset(1);
    const core::Bytes other{OP_PUSH1, 3, OP_POP, OP_STOP};
    REQUIRE(run_schedule_code(code, 100).status == StatusCode::Success);
    REQUIRE(run_schedule_code(other, 100).status == StatusCode::Success);
    const ScheduleCacheStats bounded = schedule_cache_stats();
    CHECK(bounded.entries == 0);
    CHECK(bounded.bytes == 0);
    CHECK(bounded.evictions >= after.evictions + 2);
    schedule_cache_reset();
}

TEST_CASE("auto: baseline while cold, the schedule once calls or gas cross the thresholds", "[evm][schedule][auto]") {
    schedule_cache_reset();
    // A short loop: 10 iterations of PUSH1 1 SWAP1 SUB DUP1 PUSH1 3 JUMPI (about 250 gas), then STOP.
    core::Bytes loop{OP_PUSH1, 10, OP_JUMPDEST, OP_PUSH1, 1, OP_SWAP1, OP_SUB, OP_DUP1, OP_PUSH1, 2, OP_JUMPI,
                     OP_STOP};
    loop.resize(1000, 0);  // unreached padding: the gas threshold grows with the code size
    const Result expected = run_code(loop, 100000, Interpreter::Baseline);
    REQUIRE(expected.status == StatusCode::Success);
    const int64_t used = 100000 - expected.gas_left;
    // Cold: no schedule is built for as many runs as the call threshold (all of them together stay below the
    // gas threshold).
    REQUIRE(used * auto_hot_calls < auto_hot_gas_per_byte * static_cast<int64_t>(loop.size()));
    for (uint32_t i = 0; i < auto_hot_calls; ++i) {
        const Result r = run_code(loop, 100000, Interpreter::Auto);
        CHECK(r.gas_left == expected.gas_left);
        CHECK(schedule_cache_stats().entries == 0);
    }
    // The next call finds it hot: the schedule is built and cached, with the same result.
    const Result hot = run_code(loop, 100000, Interpreter::Auto);
    CHECK(hot.gas_left == expected.gas_left);
    CHECK(schedule_cache_stats().entries == 1);
    CHECK(schedule_cache_stats().misses >= 1);

    // Gas: a loop of 2,000 iterations uses more than auto_hot_gas_per_byte per byte in one run, so that run tiers
    // up at a jump (the schedule is built and finishes the run) and the second run is scheduled from the start.
    schedule_cache_reset();
    core::Bytes long_loop(loop.begin(), loop.begin() + 12);
    long_loop[0] = OP_PUSH1 + 1;  // PUSH2
    long_loop.insert(long_loop.begin() + 1, 0x07);  // PUSH2 0x07d0 = 2000
    long_loop[2] = 0xd0;
    long_loop[10] = 3;  // the JUMPDEST moved to 3
    const uint64_t misses_before = schedule_cache_stats().misses;
    const Result first = run_code(long_loop, 1'000'000, Interpreter::Auto);
    REQUIRE(first.status == StatusCode::Success);
    REQUIRE(1'000'000 - first.gas_left > auto_hot_gas_per_byte * static_cast<int64_t>(long_loop.size()));
    CHECK(first.gas_left == run_code(long_loop, 1'000'000, Interpreter::Baseline).gas_left);
    CHECK(schedule_cache_stats().entries == 1);
    CHECK(schedule_cache_stats().misses == misses_before + 1);
    const Result second = run_code(long_loop, 1'000'000, Interpreter::Auto);
    CHECK(second.gas_left == first.gas_left);
    CHECK(schedule_cache_stats().entries == 1);
    CHECK(schedule_cache_stats().hits >= 1);
    schedule_cache_reset();
}

TEST_CASE("auto: a run that becomes hot continues in the schedule at a jump, exactly as the baseline",
          "[evm][schedule][auto]") {
    // n = 100; loop (JUMPDEST JUMPDEST at 3-4, the jump goes to 4: a BEGIN_BLOCK_AT entry):
    //   mem[0] = n; mem[32] += n*n; n -= 1; JUMPI 4 if n != 0
    // then mem[64] = GAS; RETURN mem[0..96]. Memory, gas and the output cross the tier-up.
    const core::Bytes code{OP_PUSH1 + 1, 0, 100, OP_JUMPDEST, OP_JUMPDEST, OP_DUP1, OP_PUSH1, 0, OP_MSTORE,
                           OP_DUP1, OP_DUP1, OP_MUL, OP_PUSH1, 32, OP_MLOAD, OP_ADD, OP_PUSH1, 32, OP_MSTORE,
                           OP_PUSH1, 1, OP_SWAP1, OP_SUB, OP_DUP1, OP_PUSH1, 4, OP_JUMPI,
                           OP_GAS, OP_PUSH1, 64, OP_MSTORE, OP_PUSH1, 96, OP_PUSH1, 0, OP_RETURN};
    REQUIRE(code.size() == 36);
    const int64_t hot_gas = auto_hot_gas_per_byte * static_cast<int64_t>(code.size());
    const Result full = run_code(code, 1'000'000, Interpreter::Baseline);
    REQUIRE(full.status == StatusCode::Success);
    REQUIRE(1'000'000 - full.gas_left > 2 * hot_gas);  // the tier-up happens well inside the run
    for (const auto strategy : dispatch::available_strategies()) {
        // Every gas limit from too little for the first block to enough for the whole run: out of gas before,
        // at and after the tier-up point.
        const int64_t need = 1'000'000 - full.gas_left;
        for (int64_t gas = 0; gas <= need + 40; gas += (gas < need - 200 ? 23 : 1)) {
            const Result expected = run_code(code, gas, Interpreter::Baseline, strategy);
            schedule_cache_reset();  // cold again: every run starts in the baseline
            const Result r = run_code(code, gas, Interpreter::Auto, strategy);
            INFO("gas " << gas << " strategy " << dispatch::name(strategy));
            REQUIRE(r.status == expected.status);
            REQUIRE(r.gas_left == expected.gas_left);
            REQUIRE(r.output == expected.output);
            if (gas == need) CHECK(schedule_cache_stats().entries == 1);  // built by the run's tier-up
        }
    }
    schedule_cache_reset();
}
