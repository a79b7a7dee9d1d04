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

Result run_schedule_code(const core::Bytes& code, int64_t gas) {
    State state;
    Address self;
    self.bytes[19] = 0xc0;
    state.put_account(self, 1, 0, code, {});
    ExecOptions options;
    options.interpreter = Interpreter::Schedule;
    StateHost host(state, Revision::Cancun, TxContext{}, options);
    Message msg;
    msg.gas = gas;
    msg.recipient = self;
    msg.code_address = self;
    return execute(host, Revision::Cancun, msg, code.data(), code.size(), options);
}

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
