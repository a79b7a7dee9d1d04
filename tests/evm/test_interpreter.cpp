// Unit tests of the baseline EVM interpreter (frontends/evm/src/interpreter*.cpp) against a small in-memory mock
// Host. Every test runs its bytecode under every dispatch strategy compiled into the binary. Expected gas figures
// are derived from the Yellow Paper / EIP constants written out beside them (EIP-2200, EIP-2929 and EIP-3529
// give the SSTORE table rows used here).
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "gas_schedule.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/dispatch/strategy.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/opcodes.hpp"

using namespace trellis;
using namespace trellis::evm;

namespace {

using Key = std::array<uint64_t, 4>;
Key key_of(const uint256& k) { return {k.w[0], k.w[1], k.w[2], k.w[3]}; }

Address make_address(uint8_t last) {
    Address a;
    a.bytes[19] = last;
    return a;
}

/// A world of accounts with storage that classifies writes as EVMC does (original -> current -> new), records
/// calls, and can run nested calls through execute() for the code it holds.
struct MockHost : Host {
    struct Account {
        uint256 balance;
        std::vector<uint8_t> code;
        std::map<Key, uint256> original;
        std::map<Key, uint256> current;
    };
    std::map<Address, Account> accounts;
    TxContext tx;
    Revision rev = Revision::Cancun;
    ExecOptions options;
    bool run_nested = false;  ///< execute code on call(); otherwise succeed with all gas returned
    bool all_warm = false;
    std::vector<Message> calls;
    int max_depth_seen = -1;
    std::map<std::pair<Address, Key>, bool> warm_slots;
    std::map<Address, bool> warm_accounts;
    std::vector<std::pair<size_t, size_t>> logs;  // (data size, topics)

    static uint256 lookup(const std::map<Key, uint256>& m, const uint256& k) {
        auto it = m.find(key_of(k));
        return it == m.end() ? uint256(0) : it->second;
    }
    bool account_exists(const Address& a) override { return accounts.count(a) != 0; }
    uint256 get_storage(const Address& a, const uint256& k) override { return lookup(accounts[a].current, k); }
    StorageStatus set_storage(const Address& a, const uint256& k, const uint256& v) override {
        Account& acc = accounts[a];
        const uint256 orig = lookup(acc.original, k);
        const uint256 cur = lookup(acc.current, k);
        acc.current[key_of(k)] = v;
        if (cur == v) return StorageStatus::Assigned;
        if (orig == cur) {
            if (!orig) return StorageStatus::Added;
            if (!v) return StorageStatus::Deleted;
            return StorageStatus::Modified;
        }
        if (orig) {
            if (!cur) return v == orig ? StorageStatus::DeletedRestored : StorageStatus::DeletedAdded;
            if (!v) return StorageStatus::ModifiedDeleted;
            if (v == orig) return StorageStatus::ModifiedRestored;
            return StorageStatus::Assigned;
        }
        if (!v) return StorageStatus::AddedDeleted;
        return StorageStatus::Assigned;
    }
    uint256 get_balance(const Address& a) override {
        auto it = accounts.find(a);
        return it == accounts.end() ? uint256(0) : it->second.balance;
    }
    size_t get_code_size(const Address& a) override { return accounts.count(a) ? accounts[a].code.size() : 0; }
    Bytes32 get_code_hash(const Address&) override { return {}; }
    size_t copy_code(const Address& a, size_t off, uint8_t* out, size_t n) override {
        auto& c = accounts[a].code;
        if (off >= c.size()) return 0;
        const size_t m = std::min(n, c.size() - off);
        std::memcpy(out, c.data() + off, m);
        return m;
    }
    bool selfdestruct(const Address&, const Address&) override { return true; }
    Result call(const Message& msg) override {
        calls.push_back(msg);
        max_depth_seen = std::max(max_depth_seen, msg.depth);
        if (run_nested && accounts.count(msg.code_address)) {
            auto& code = accounts[msg.code_address].code;
            return execute(*this, rev, msg, code.data(), code.size(), options);
        }
        Result r;
        r.gas_left = msg.gas;
        return r;
    }
    TxContext get_tx_context() override { return tx; }
    Bytes32 get_block_hash(int64_t n) override {
        Bytes32 h;
        h.bytes[0] = 0xbb;
        h.bytes[31] = static_cast<uint8_t>(n);
        return h;
    }
    void emit_log(const Address&, const uint8_t*, size_t n, const Bytes32[], size_t topics) override {
        logs.emplace_back(n, topics);
    }
    AccessStatus access_account(const Address& a) override {
        if (all_warm) return AccessStatus::Warm;
        const bool was = warm_accounts[a];
        warm_accounts[a] = true;
        return was ? AccessStatus::Warm : AccessStatus::Cold;
    }
    AccessStatus access_storage(const Address& a, const uint256& k) override {
        if (all_warm) return AccessStatus::Warm;
        bool& w = warm_slots[{a, key_of(k)}];
        const bool was = w;
        w = true;
        return was ? AccessStatus::Warm : AccessStatus::Cold;
    }
    std::map<Key, uint256> transient;
    uint256 get_transient_storage(const Address&, const uint256& k) override { return lookup(transient, k); }
    void set_transient_storage(const Address&, const uint256& k, const uint256& v) override {
        transient[key_of(k)] = v;
    }
};

const Address self_address = make_address(0xaa);

/// Runs `hex` code on a copy of `host` under every strategy; checks all strategies agree on status, gas,
/// refund and output, and returns the last result (and the host state of the last run in `out_host`).
Result run(const std::string& hex, Revision rev, int64_t gas, const MockHost& host = {}, Message msg = {},
           MockHost* out_host = nullptr) {
    const auto code = core::from_hex(hex);
    msg.gas = gas;
    msg.recipient = self_address;
    msg.code_address = self_address;
    Result last;
    bool first = true;
    for (auto strategy : dispatch::available_strategies()) {
        INFO("strategy " << dispatch::name(strategy) << ", code " << hex);
        MockHost h = host;
        h.rev = rev;
        h.options.dispatch = strategy;
        ExecOptions opts;
        opts.dispatch = strategy;
        Result r = execute(h, rev, msg, code.data(), code.size(), opts);
        if (!first) {
            REQUIRE(r.status == last.status);
            REQUIRE(r.gas_left == last.gas_left);
            REQUIRE(r.gas_refund == last.gas_refund);
            REQUIRE(r.output == last.output);
        }
        first = false;
        last = std::move(r);
        if (out_host) *out_host = h;
    }
    return last;
}

/// The 32-byte word returned by a run, as a number.
uint256 word(const Result& r) {
    REQUIRE(r.output.size() == 32);
    return load_be(r.output.data());
}

/// Memory cost of `words` words: 3 * words + words^2 / 512 (Yellow Paper appendix H, C_mem).
int64_t mem_cost(int64_t words) { return 3 * words + words * words / 512; }

// "return the top of the stack as a 32-byte word": PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
const std::string ret_top = "60005260206000f3";
// gas of ret_top: PUSH1(3) MSTORE(3 + memory 1 word) PUSH1(3) PUSH1(3) RETURN(0)
const int64_t ret_top_gas = 3 + 3 + mem_cost(1) + 3 + 3;

}  // namespace

TEST_CASE("arithmetic programs compute and charge static gas", "[interpreter]") {
    // 5 + 3 = 8: PUSH1 3, PUSH1 5, ADD
    auto r = run("6003600501" + ret_top, Revision::Cancun, 100000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(word(r) == uint256(8));
    REQUIRE(r.gas_left == 100000 - (3 + 3 + 3) - ret_top_gas);

    // 7 - 10 wraps: PUSH1 10, PUSH1 7, SUB -> 2^256 - 3
    r = run("600a600703" + ret_top, Revision::Cancun, 100000);
    REQUIRE(word(r) == uint256(0) - uint256(3));

    // division by zero is 0: PUSH1 0, PUSH1 9, DIV
    r = run("6000600904" + ret_top, Revision::Cancun, 100000);
    REQUIRE(word(r) == uint256(0));
    REQUIRE(r.gas_left == 100000 - (3 + 3 + 5) - ret_top_gas);

    // (6 * 7) mod 5 via MULMOD: PUSH1 5, PUSH1 7, PUSH1 6, MULMOD
    r = run("600560076006" "09" + ret_top, Revision::Cancun, 100000);
    REQUIRE(word(r) == uint256(2));

    // EXP 2^10 with a 1-byte exponent: 10 + 50 per byte (EIP-160) ... and 10 per byte before Spurious Dragon
    r = run("600a6002" "0a" + ret_top, Revision::Cancun, 100000);
    REQUIRE(word(r) == uint256(1024));
    REQUIRE(r.gas_left == 100000 - (3 + 3 + 10 + 50) - ret_top_gas);
    r = run("600a6002" "0a" + ret_top, Revision::Homestead, 100000);
    REQUIRE(r.gas_left == 100000 - (3 + 3 + 10 + 10) - ret_top_gas);
}

TEST_CASE("opcodes follow their revision", "[interpreter]") {
    // PUSH0 (EIP-3855) is undefined before Shanghai.
    REQUIRE(run("5f" + ret_top, Revision::London, 1000).status == StatusCode::UndefinedInstruction);
    auto r = run("5f" + ret_top, Revision::Shanghai, 1000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(word(r) == uint256(0));
    // SHL (EIP-145) from Constantinople: 1 << 4
    REQUIRE(run("600160041b", Revision::Byzantium, 1000).status == StatusCode::UndefinedInstruction);
    r = run("600160041b" + ret_top, Revision::Constantinople, 1000);
    REQUIRE(word(r) == uint256(16));
    // CLZ (EIP-7939) in Osaka: clz(1) = 255, 5 gas
    REQUIRE(run("60011e", Revision::Cancun, 1000).status == StatusCode::UndefinedInstruction);
    r = run("60011e" + ret_top, Revision::Osaka, 1000);
    REQUIRE(word(r) == uint256(255));
    REQUIRE(r.gas_left == 1000 - 3 - 5 - ret_top_gas);
    // 0xfe is the designated INVALID, 0x0c is simply undefined; both consume all gas.
    r = run("fe", Revision::Cancun, 1000);
    REQUIRE(r.status == StatusCode::InvalidInstruction);
    REQUIRE(r.gas_left == 0);
    REQUIRE(run("0c", Revision::Cancun, 1000).status == StatusCode::UndefinedInstruction);
    // REVERT (Byzantium) returns data and keeps gas.
    r = run("602a60005260206000fd", Revision::Byzantium, 1000);
    REQUIRE(r.status == StatusCode::Revert);
    REQUIRE(word(r) == uint256(42));
    REQUIRE(r.gas_left == 1000 - 3 - ret_top_gas);
    REQUIRE(run("60206000fd", Revision::Homestead, 1000).status == StatusCode::UndefinedInstruction);
}

TEST_CASE("jumps: valid, invalid, into push data", "[interpreter]") {
    // 0:PUSH1 4 2:JUMP 3:INVALID 4:JUMPDEST 5:PUSH1 1
    auto r = run("600456fe5b6001" + ret_top, Revision::Cancun, 1000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(word(r) == uint256(1));
    REQUIRE(r.gas_left == 1000 - (3 + 8 + 1 + 3) - ret_top_gas);
    // Jump to a non-JUMPDEST byte.
    r = run("600356fe5b", Revision::Cancun, 1000);
    REQUIRE(r.status == StatusCode::BadJumpDestination);
    REQUIRE(r.gas_left == 0);
    // Jump into PUSH data: 0:PUSH1 4 2:JUMP 3:PUSH1 0x5b(data at 4) -> 4 is not a JUMPDEST.
    REQUIRE(run("600456605b00", Revision::Cancun, 1000).status == StatusCode::BadJumpDestination);
    // Jump far beyond the code and to a 256-bit destination.
    REQUIRE(run("61ffff56", Revision::Cancun, 1000).status == StatusCode::BadJumpDestination);
    REQUIRE(run("7f" + std::string(62, 'f') + "0556", Revision::Cancun, 1000).status ==
            StatusCode::BadJumpDestination);
    // JUMPI not taken ignores a bad destination; taken to a good one works.
    r = run("6000600357" "6007" + ret_top, Revision::Cancun, 1000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(word(r) == uint256(7));
    // 0:PUSH1 1 2:PUSH1 6 4:JUMPI 5:INVALID 6:JUMPDEST 7:PUSH1 9
    r = run("6001600657fe5b6009" + ret_top, Revision::Cancun, 1000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(word(r) == uint256(9));
    REQUIRE(r.gas_left == 1000 - (3 + 3 + 10 + 1 + 3) - ret_top_gas);
}

TEST_CASE("JUMPDEST analysis equals a byte-by-byte scan on random code", "[interpreter][analysis]") {
    // The word-at-a-time scan (analysis.cpp) against the plain definition: walk instructions, skip PUSH data.
    std::mt19937_64 rng(20261206);
    const uint8_t interesting[] = {0x5b, 0x60, 0x61, 0x67, 0x68, 0x7f, 0x7e, 0x5a, 0x5c, 0x5f, 0x80, 0xe0, 0x00};
    for (int round = 0; round < 3000; ++round) {
        const size_t size = rng() % (round < 2000 ? 80 : 700);
        std::vector<uint8_t> code(size);
        const unsigned bias = rng() % 4;  // 0: uniform bytes; else mostly PUSH/JUMPDEST/near-miss bytes
        for (auto& b : code)
            b = bias == 0 || rng() % 3 == 0 ? static_cast<uint8_t>(rng()) : interesting[rng() % sizeof interesting];
        std::vector<uint8_t> buffer(analysis_size(size));
        const CodeAnalysis a = analyze(code.data(), code.size(), buffer.data());
        std::vector<bool> expected(size + 70, false);
        for (size_t i = 0; i < size; ++i) {
            if (code[i] == 0x5b) expected[i] = true;
            else if (code[i] >= 0x60 && code[i] <= 0x7f) i += code[i] - 0x5f;
        }
        for (size_t i = 0; i < size + 70; ++i) {
            INFO("round " << round << " size " << size << " offset " << i);
            REQUIRE(a.is_jumpdest(i) == expected[i]);
        }
        for (size_t i = 0; i < size; ++i) REQUIRE(a.code[i] == code[i]);
        for (size_t i = size; i < size + code_padding; ++i) REQUIRE(a.code[i] == 0);
    }
}

TEST_CASE("a PUSH truncated at the end of the code reads zeros", "[interpreter]") {
    // PUSH2 with one immediate byte: the analysis pads the code so the missing byte is 0.
    const std::vector<uint8_t> code = {0x61, 0x01};
    std::vector<uint8_t> buffer(analysis_size(code.size()));
    const CodeAnalysis a = analyze(code.data(), code.size(), buffer.data());
    REQUIRE(a.code_size == 2);
    REQUIRE(a.code[0] == 0x61);
    REQUIRE(a.code[1] == 0x01);
    for (size_t i = 2; i < 2 + code_padding; ++i) REQUIRE(a.code[i] == 0);
    // A 0x5b inside (truncated) push data is not a jump destination; a real one is.
    const std::vector<uint8_t> code2 = {0x5b, 0x62, 0x5b, 0x5b};
    std::vector<uint8_t> buffer2(analysis_size(code2.size()));
    const CodeAnalysis b = analyze(code2.data(), code2.size(), buffer2.data());
    REQUIRE(b.is_jumpdest(0));
    REQUIRE_FALSE(b.is_jumpdest(2));
    REQUIRE_FALSE(b.is_jumpdest(3));
    REQUIRE_FALSE(b.is_jumpdest(1u << 20));
    // Executing it: PUSH32 cut to 1 byte at the end is a valid program that stops after the push.
    auto r = run("7f01", Revision::Cancun, 100);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.gas_left == 97);
    // PUSH2 0x01?? at the end, observed through the trace: the stack then holds 0x100.
    const auto bytes = core::from_hex("6101");
    for (auto strategy : dispatch::available_strategies()) {
        INFO("strategy " << dispatch::name(strategy));
        char* buf = nullptr;
        size_t len = 0;
        std::FILE* f = open_memstream(&buf, &len);
        MockHost h;
        Message msg;
        msg.gas = 100;
        ExecOptions opts;
        opts.dispatch = strategy;
        opts.trace = f;
        execute(h, Revision::Cancun, msg, bytes.data(), bytes.size(), opts);
        std::fclose(f);
        const std::string trace(buf, len);
        std::free(buf);
        REQUIRE(trace.find("\"stack\":[\"0x100\"]") != std::string::npos);
    }
}

TEST_CASE("stack overflow and underflow", "[interpreter]") {
    std::string push1024;
    for (int i = 0; i < 1024; ++i) push1024 += "6001";
    auto r = run(push1024, Revision::Cancun, 1000000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.gas_left == 1000000 - 3 * 1024);
    r = run(push1024 + "6001", Revision::Cancun, 1000000);
    REQUIRE(r.status == StatusCode::StackOverflow);
    REQUIRE(r.gas_left == 0);
    r = run(push1024 + "80", Revision::Cancun, 1000000);  // DUP1 on a full stack
    REQUIRE(r.status == StatusCode::StackOverflow);
    r = run(push1024 + "90", Revision::Cancun, 1000000);  // SWAP1 on a full stack is fine
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(run("01", Revision::Cancun, 100).status == StatusCode::StackUnderflow);
    REQUIRE(run("600101", Revision::Cancun, 100).status == StatusCode::StackUnderflow);
    REQUIRE(run("6001600191", Revision::Cancun, 100).status == StatusCode::StackUnderflow);  // SWAP2 needs 3
    REQUIRE(run("60016001600191", Revision::Cancun, 100).status == StatusCode::Success);
}

TEST_CASE("memory expansion is charged 3*words + words^2/512", "[interpreter]") {
    // MSTORE at 0: one word.
    auto r = run("600060005200", Revision::Cancun, 100000);
    REQUIRE(r.gas_left == 100000 - 3 - 3 - 3 - mem_cost(1));
    // MSTORE at 32*1023: 1024 words (quadratic part 1024^2/512 = 2048).
    r = run("6000617fe05200", Revision::Cancun, 100000);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.gas_left == 100000 - 3 - 3 - 3 - mem_cost(1024));
    // A second expansion pays only the difference; MSIZE sees the rounded size.
    r = run("600060005260006040525900", Revision::Cancun, 100000);
    REQUIRE(r.gas_left == 100000 - 3 * 4 - 3 * 2 - mem_cost(3) - 2);
    r = run("6000602152" "59" + ret_top, Revision::Cancun, 100000);  // MSTORE at 33 -> 65 bytes -> 3 words
    REQUIRE(word(r) == uint256(96));
    // MSTORE8 touches one byte.
    r = run("60ff601f5360005100", Revision::Cancun, 100000);
    REQUIRE(r.gas_left == 100000 - 3 * 3 - 3 - mem_cost(1) - 3);
    // Not enough gas for the expansion.
    REQUIRE(run("600061ffe052", Revision::Cancun, 3000).status == StatusCode::OutOfGas);
}

TEST_CASE("enormous memory offsets and sizes are out of gas, never a crash", "[interpreter]") {
    const int64_t gas = int64_t{1} << 62;
    const std::string max256 = "7f" + std::string(64, 'f');
    // MLOAD at 2^256-1, at 2^64 and at 2^32.
    REQUIRE(run(max256 + "51", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    REQUIRE(run("680100000000000000005100", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    REQUIRE(run("64010000000051", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    // RETURN / KECCAK256 / CALLDATACOPY / LOG0 / CREATE with a huge size.
    REQUIRE(run(max256 + "6000f3", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    REQUIRE(run(max256 + "600020", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    REQUIRE(run(max256 + "6000600037", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    REQUIRE(run(max256 + "6000a0", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    REQUIRE(run(max256 + "60006000f0", Revision::Cancun, gas).status == StatusCode::OutOfGas);
    // CALL with a huge output region.
    REQUIRE(run(max256 + "6000" "6000" "6000" "6000" "30" "6000" "f1", Revision::Cancun, gas).status ==
            StatusCode::OutOfGas);
    // A zero size never touches memory, whatever the offset: RETURN(2^256-1, 0) succeeds with no output.
    auto r = run("6000" + max256 + "f3", Revision::Cancun, 100);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.output.empty());
    REQUIRE(r.gas_left == 100 - 3 - 3);
}

namespace {
struct SstoreCase {
    const char* code;
    int original;
    int64_t gas_used;
    int64_t refund;
};

void check_sstore(Revision rev, const std::vector<SstoreCase>& cases) {
    for (const auto& c : cases) {
        INFO("revision " << revision_name(rev) << " code " << c.code << " original " << c.original);
        MockHost host;
        host.accounts[self_address].original[key_of(0)] = uint256(c.original);
        host.accounts[self_address].current[key_of(0)] = uint256(c.original);
        auto r = run(c.code, rev, 100000, host);
        REQUIRE(r.status == StatusCode::Success);
        REQUIRE(100000 - r.gas_left == c.gas_used);
        REQUIRE(r.gas_refund == c.refund);
    }
}
}  // namespace

TEST_CASE("SSTORE gas and refunds per revision", "[interpreter]") {
    // Yellow Paper (Frontier..Byzantium, Petersburg): 20000 zero->non-zero, else 5000; 15000 refund on clear.
    for (auto rev : {Revision::Frontier, Revision::Byzantium, Revision::Petersburg}) {
        check_sstore(rev, {{"60006000556000600055", 0, 10012, 0},
                           {"60016000556000600055", 0, 25012, 15000},
                           {"60006000556001600055", 1, 25012, 15000},
                           {"60026000556000600055", 1, 10012, 15000}});
    }
    // EIP-1283 (Constantinople), rows of the EIP's table.
    check_sstore(Revision::Constantinople, {{"60006000556000600055", 0, 412, 0},
                                            {"60006000556001600055", 0, 20212, 0},
                                            {"60016000556000600055", 0, 20212, 19800},
                                            {"60006000556000600055", 1, 5212, 15000},
                                            {"60006000556001600055", 1, 5212, 4800},
                                            {"60026000556001600055", 1, 5212, 4800}});
    // EIP-2200 (Istanbul), rows of the EIP's table.
    check_sstore(Revision::Istanbul, {{"60006000556000600055", 0, 1612, 0},
                                      {"60006000556001600055", 0, 20812, 0},
                                      {"60016000556000600055", 0, 20812, 19200},
                                      {"60016000556002600055", 0, 20812, 0},
                                      {"60006000556000600055", 1, 5812, 15000},
                                      {"60006000556001600055", 1, 5812, 4200},
                                      {"60026000556000600055", 1, 5812, 15000},
                                      {"60026000556001600055", 1, 5812, 4200},
                                      {"600160005560006000556001600055", 0, 40818, 19200},
                                      {"600060005560016000556000600055", 1, 10818, 19200}});
    // EIP-2929 (Berlin): cold slot adds 2100 once; SSTORE_RESET 2900, warm 100.
    check_sstore(Revision::Berlin, {{"60006000556000600055", 0, 2312, 0},
                                    {"60016000556000600055", 0, 22212, 19900},
                                    {"60006000556000600055", 1, 5112, 15000},
                                    {"60006000556001600055", 1, 5112, 2800}});
    // EIP-3529 (London): clear refund 4800, rows of the EIP's table.
    for (auto rev : {Revision::London, Revision::Cancun}) {
        check_sstore(rev, {{"60006000556000600055", 0, 2312, 0},
                           {"60006000556001600055", 0, 22212, 0},
                           {"60016000556000600055", 0, 22212, 19900},
                           {"60016000556002600055", 0, 22212, 0},
                           {"60006000556000600055", 1, 5112, 4800},
                           {"60006000556001600055", 1, 5112, 2800},
                           {"60026000556000600055", 1, 5112, 4800},
                           {"60026000556001600055", 1, 5112, 2800},
                           {"600160005560006000556001600055", 0, 42218, 19900},
                           {"600060005560016000556000600055", 1, 8018, 7600}});
    }
}

TEST_CASE("SSTORE: EIP-2200 stipend check and static mode", "[interpreter]") {
    // With exactly 2300 gas left at the SSTORE, Istanbul+ fails; Petersburg charges normally (and runs out).
    MockHost host;
    auto r = run("6001600055", Revision::Istanbul, 6 + 2300, host);
    REQUIRE(r.status == StatusCode::OutOfGas);
    r = run("6000600055", Revision::Istanbul, 6 + 2301, host);  // 0 -> 0 no-op costs 800
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.gas_left == 2301 - 800);
    Message msg;
    msg.is_static = true;
    REQUIRE(run("6001600055", Revision::Cancun, 100000, host, msg).status == StatusCode::StaticModeViolation);
    REQUIRE(run("60016000a0", Revision::Cancun, 100000, host, msg).status == StatusCode::StaticModeViolation);
    REQUIRE(run("600160005d", Revision::Cancun, 100000, host, msg).status == StatusCode::StaticModeViolation);
}

TEST_CASE("SLOAD and account access pay the EIP-2929 cold surcharge once", "[interpreter]") {
    // SLOAD twice of slot 0: 2100 + 100 in Berlin; 800 each in Istanbul; 50 in Frontier.
    auto r = run("6000545060005450", Revision::Berlin, 100000);
    REQUIRE(r.gas_left == 100000 - 2 * 3 - 2 * 2 - 2100 - 100);
    r = run("6000545060005450", Revision::Istanbul, 100000);
    REQUIRE(r.gas_left == 100000 - 2 * 3 - 2 * 2 - 2 * 800);
    r = run("6000545060005450", Revision::Frontier, 100000);
    REQUIRE(r.gas_left == 100000 - 2 * 3 - 2 * 2 - 2 * 50);
    // BALANCE of a cold then warm account: 2600 + 100 in Berlin, 700 each in Istanbul, 400 in Tangerine Whistle.
    r = run("6001315060013150", Revision::Berlin, 100000);
    REQUIRE(r.gas_left == 100000 - 2 * 3 - 2 * 2 - 2600 - 100);
    r = run("6001315060013150", Revision::Istanbul, 100000);
    REQUIRE(r.gas_left == 100000 - 2 * 3 - 2 * 2 - 2 * 700);
    r = run("6001315060013150", Revision::TangerineWhistle, 100000);
    REQUIRE(r.gas_left == 100000 - 2 * 3 - 2 * 2 - 2 * 400);
}

namespace {
// CALL(gas=0xffff, to=ADDRESS, value=V, in 0/0, out 0/32), then return the success flag.
std::string call_self(const std::string& value_push) {
    return "6020" "6000" "6000" "6000" + value_push + "30" "61ffff" "f1" + ret_top;
}
// static gas of call_self before the CALL: 4 PUSH1, the value push (PUSH1), ADDRESS, PUSH2
constexpr int64_t call_self_pushes = 5 * 3 + 2 + 3;
}  // namespace

TEST_CASE("CALL: depth limit, gas forwarding, stipend, balance", "[interpreter]") {
    MockHost host;
    host.all_warm = true;
    host.accounts[self_address].balance = uint256(10);
    Message msg;

    SECTION("an ordinary call forwards the requested gas and returns the rest") {
        MockHost after;
        auto r = run(call_self("6000"), Revision::Cancun, 100000, host, msg, &after);
        REQUIRE(r.status == StatusCode::Success);
        REQUIRE(word(r) == uint256(1));
        REQUIRE(after.calls.size() == 1);
        REQUIRE(after.calls[0].gas == 0xffff);
        REQUIRE(after.calls[0].depth == 1);
        REQUIRE(after.calls[0].recipient == self_address);
        REQUIRE(after.calls[0].sender == self_address);
        // CALL's warm price (EIP-2929) plus the out region (1 word); the callee returned all its gas.
        REQUIRE(r.gas_left == 100000 - call_self_pushes - 100 - mem_cost(1) - ret_top_gas + mem_cost(1));
    }
    SECTION("at depth 1024 the call fails without reaching the host, and its gas comes back") {
        msg.depth = 1024;
        MockHost after;
        auto r = run(call_self("6000"), Revision::Cancun, 100000, host, msg, &after);
        REQUIRE(r.status == StatusCode::Success);
        REQUIRE(word(r) == uint256(0));
        REQUIRE(after.calls.empty());
        REQUIRE(r.gas_left == 100000 - call_self_pushes - 100 - ret_top_gas);
        msg.depth = 1023;
        r = run(call_self("6000"), Revision::Cancun, 100000, host, msg, &after);
        REQUIRE(word(r) == uint256(1));
        REQUIRE(after.calls.size() == 1);
        REQUIRE(after.calls[0].depth == 1024);
    }
    SECTION("EIP-150: at most all but one 64th of the remaining gas is forwarded") {
        MockHost after;
        const std::string code = "6000600060006000600030" "7f" + std::string(64, 'f') + "f1";
        const int64_t gas = 1000000;
        run(code, Revision::Cancun, gas, host, msg, &after);
        REQUIRE(after.calls.size() == 1);
        const int64_t avail = gas - (5 * 3 + 2 + 3) - 100;
        REQUIRE(after.calls[0].gas == avail - avail / 64);
        // Before Tangerine Whistle, asking for more than is left is out of gas.
        auto r = run(code, Revision::Homestead, gas, host, msg, &after);
        REQUIRE(r.status == StatusCode::OutOfGas);
    }
    SECTION("value transfer: 9000 charged, 2300 stipend added; insufficient balance is a light failure") {
        MockHost after;
        auto r = run(call_self("6001"), Revision::Cancun, 100000, host, msg, &after);
        REQUIRE(word(r) == uint256(1));
        REQUIRE(after.calls.size() == 1);
        REQUIRE(after.calls[0].gas == 0xffff + 2300);
        REQUIRE(after.calls[0].value == uint256(1));
        // The callee returned all it got, stipend included, so the caller nets 9000 - 2300.
        REQUIRE(r.gas_left == 100000 - call_self_pushes - 100 - 9000 + 2300 - ret_top_gas);
        // 11 wei with a balance of 10: no call, 0 pushed, the stipend is returned with the unused gas.
        r = run(call_self("600b"), Revision::Cancun, 100000, host, msg, &after);
        REQUIRE(word(r) == uint256(0));
        REQUIRE(after.calls.empty());
        REQUIRE(r.gas_left == 100000 - call_self_pushes - 100 - 9000 + 2300 - ret_top_gas);
        // Value in a static context is a violation.
        msg.is_static = true;
        REQUIRE(run(call_self("6001"), Revision::Cancun, 100000, host, msg).status ==
                StatusCode::StaticModeViolation);
    }
    SECTION("new account: 25000 when value goes to a non-existent account (EIP-161), always before it") {
        // CALL to address 0x99 (absent) with value 1 / without value.
        const std::string to_absent_value = "6000600060006000" "6001" "6099" "61ffff" "f1";
        const std::string to_absent_novalue = "6000600060006000" "6000" "6099" "61ffff" "f1";
        auto r = run(to_absent_value, Revision::Cancun, 100000, host, msg);
        REQUIRE(r.gas_left == 100000 - 7 * 3 - 100 - 9000 - 25000 + 2300);
        r = run(to_absent_novalue, Revision::Cancun, 100000, host, msg);
        REQUIRE(r.gas_left == 100000 - 7 * 3 - 100);
        r = run(to_absent_novalue, Revision::TangerineWhistle, 100000, host, msg);
        REQUIRE(r.gas_left == 100000 - 7 * 3 - 700 - 25000);
        // Berlin: a cold target costs 2600 instead of the 100 warm price.
        MockHost cold = host;
        cold.all_warm = false;
        r = run(to_absent_novalue, Revision::Berlin, 100000, cold, msg);
        REQUIRE(r.gas_left == 100000 - 7 * 3 - 2600);
    }
}

TEST_CASE("nested calls re-enter execute down to depth 1024 on the frame stack", "[interpreter]") {
    MockHost host;
    host.run_nested = true;
    host.all_warm = true;
    // CALL(GAS, ADDRESS, 0, 0, 0, 0, 0); STOP: every frame calls itself with all it may forward.
    host.accounts[self_address].code = core::from_hex("6000600060006000600030" "5a" "f1" "00");
    MockHost after;
    auto r = run("6000600060006000600030" "5a" "f1" "00", Revision::Cancun, int64_t{1} << 62, host, {}, &after);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(after.max_depth_seen == 1024);
    REQUIRE(after.calls.size() == 1024);
}

TEST_CASE("RETURNDATA, CREATE, SELFDESTRUCT", "[interpreter]") {
    MockHost host;
    host.all_warm = true;
    // RETURNDATACOPY past the (empty) buffer is an exceptional halt (EIP-211); a zero-size copy is fine.
    REQUIRE(run("600160006000" "3e", Revision::Byzantium, 1000, host).status == StatusCode::InvalidMemoryAccess);
    REQUIRE(run("600060006000" "3e", Revision::Byzantium, 1000, host).status == StatusCode::Success);
    REQUIRE(run("3d" + ret_top, Revision::Byzantium, 1000, host).status == StatusCode::Success);

    // CREATE(0, 0, 32) in Shanghai: 32000 + 2 per initcode word (EIP-3860) + memory; the host gets 63/64.
    MockHost after;
    auto r = run("6020" "6000" "6000" "f0" "00", Revision::Shanghai, 100000, host, {}, &after);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(after.calls.size() == 1);
    REQUIRE(after.calls[0].kind == CallKind::Create);
    REQUIRE(after.calls[0].input_size == 32);
    const int64_t before = 100000 - 3 * 3 - 32000 - 2 - mem_cost(1);
    REQUIRE(after.calls[0].gas == before - before / 64);
    REQUIRE(r.gas_left == before);
    // CREATE2 adds 6 per word of hashing; the salt reaches the host.
    r = run("602a" "6020" "6000" "6000" "f5" "00", Revision::Shanghai, 100000, host, {}, &after);
    REQUIRE(after.calls[0].kind == CallKind::Create2);
    REQUIRE(to_uint256(after.calls[0].create2_salt) == uint256(42));
    REQUIRE(r.gas_left == 100000 - 4 * 3 - 32000 - 2 - 6 - mem_cost(1));
    // EIP-3860: initcode above 49152 bytes fails from Shanghai on.
    REQUIRE(run("61c001" "6000" "6000" "f0", Revision::Shanghai, 10000000, host).status == StatusCode::OutOfGas);
    REQUIRE(run("61c001" "6000" "6000" "f0", Revision::London, 10000000, host).status == StatusCode::Success);
    Message st;
    st.is_static = true;
    REQUIRE(run("600060006000f0", Revision::Cancun, 100000, host, st).status == StatusCode::StaticModeViolation);

    // SELFDESTRUCT to an absent beneficiary with a balance: 5000 + 25000 (EIP-161), + 2600 cold (EIP-2929);
    // refund 24000 only before London (EIP-3529).
    MockHost rich;
    rich.accounts[self_address].balance = uint256(5);
    r = run("6099ff", Revision::Istanbul, 100000, rich);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.gas_left == 100000 - 3 - 5000 - 25000);
    REQUIRE(r.gas_refund == 24000);
    r = run("6099ff", Revision::London, 100000, rich);
    REQUIRE(r.gas_left == 100000 - 3 - 5000 - 25000 - 2600);
    REQUIRE(r.gas_refund == 0);
    r = run("6099ff", Revision::Frontier, 100000, rich);
    REQUIRE(r.gas_left == 100000 - 3);
}

TEST_CASE("EIP-3155 trace lines", "[interpreter]") {
    const auto code = core::from_hex("600160020100");  // PUSH1 1, PUSH1 2, ADD, STOP
    for (auto strategy : dispatch::available_strategies()) {
        INFO("strategy " << dispatch::name(strategy));
        char* buf = nullptr;
        size_t len = 0;
        std::FILE* f = open_memstream(&buf, &len);
        MockHost h;
        Message msg;
        msg.gas = 100;
        ExecOptions opts;
        opts.dispatch = strategy;
        opts.trace = f;
        auto r = execute(h, Revision::Cancun, msg, code.data(), code.size(), opts);
        std::fclose(f);
        std::string text(buf, len);
        std::free(buf);
        REQUIRE(r.status == StatusCode::Success);
        std::vector<nlohmann::json> lines;
        size_t start = 0;
        for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
            lines.push_back(nlohmann::json::parse(text.substr(start, nl - start)));
        REQUIRE(lines.size() == 4);
        const int pcs[] = {0, 2, 4, 5};
        const int ops[] = {0x60, 0x60, 0x01, 0x00};
        const char* names[] = {"PUSH1", "PUSH1", "ADD", "STOP"};
        const char* gas[] = {"0x64", "0x61", "0x5e", "0x5b"};
        const char* cost[] = {"0x3", "0x3", "0x3", "0x0"};
        const std::vector<std::vector<std::string>> stacks = {{}, {"0x1"}, {"0x1", "0x2"}, {"0x3"}};
        for (size_t i = 0; i < 4; ++i) {
            const auto& l = lines[i];
            REQUIRE(l["pc"] == pcs[i]);
            REQUIRE(l["op"] == ops[i]);
            REQUIRE(l["opName"] == names[i]);
            REQUIRE(l["gas"] == gas[i]);
            REQUIRE(l["gasCost"] == cost[i]);
            REQUIRE(l["memSize"] == 0);
            REQUIRE(l["depth"] == 1);
            REQUIRE(l["refund"] == 0);
            REQUIRE(l["stack"].get<std::vector<std::string>>() == stacks[i]);
        }
    }
}

TEST_CASE("revision and status names", "[interpreter]") {
    for (int i = 0; i < num_revisions; ++i) {
        const auto rev = static_cast<Revision>(i);
        REQUIRE(parse_revision(revision_name(rev)) == rev);
    }
    REQUIRE(parse_revision("EIP150") == Revision::TangerineWhistle);
    REQUIRE(parse_revision("EIP158") == Revision::SpuriousDragon);
    REQUIRE(parse_revision("ConstantinopleFix") == Revision::Petersburg);
    REQUIRE(parse_revision("Merge") == Revision::Paris);
    REQUIRE_FALSE(parse_revision("Atlantis").has_value());
    REQUIRE(status_name(StatusCode::OutOfGas) == "out of gas");
    REQUIRE(opcode_name(OP_PREVRANDAO, Revision::London) == "DIFFICULTY");
    REQUIRE(opcode_name(OP_PREVRANDAO, Revision::Paris) == "PREVRANDAO");
    REQUIRE(opcode_name(0x7f) == "PUSH32");
    REQUIRE(opcode_name(0x9f) == "SWAP16");
}

TEST_CASE("per-revision static gas follows EIP-150, EIP-1884 and EIP-2929", "[interpreter]") {
    // {opcode, Frontier, Tangerine Whistle, Istanbul, Berlin}; -1 = undefined.
    struct Row {
        uint8_t op;
        int frontier, tangerine, istanbul, berlin;
    };
    const Row rows[] = {
        {OP_BALANCE, 20, 400, 700, 100},        {OP_EXTCODESIZE, 20, 700, 700, 100},
        {OP_EXTCODECOPY, 20, 700, 700, 100},    {OP_EXTCODEHASH, -1, -1, 700, 100},
        {OP_SLOAD, 50, 200, 800, 100},          {OP_CALL, 40, 700, 700, 100},
        {OP_CALLCODE, 40, 700, 700, 100},       {OP_DELEGATECALL, -1, 700, 700, 100},
        {OP_STATICCALL, -1, -1, 700, 100},      {OP_SELFDESTRUCT, 0, 5000, 5000, 5000},
        {OP_SELFBALANCE, -1, -1, 5, 5},         {OP_ADD, 3, 3, 3, 3},
        {OP_JUMPDEST, 1, 1, 1, 1},              {OP_CREATE, 32000, 32000, 32000, 32000},
    };
    for (const auto& r : rows) {
        INFO("opcode " << opcode_name(r.op));
        REQUIRE(gas_costs(Revision::Frontier)[r.op] == r.frontier);
        REQUIRE(gas_costs(Revision::TangerineWhistle)[r.op] == r.tangerine);
        REQUIRE(gas_costs(Revision::Istanbul)[r.op] == r.istanbul);
        REQUIRE(gas_costs(Revision::Berlin)[r.op] == r.berlin);
        REQUIRE(gas_costs(Revision::Osaka)[r.op] == r.berlin);
    }
    // Every opcode becomes defined at its introducing revision and stays defined.
    for (int op = 0; op < 256; ++op) {
        const OpInfo& info = op_table[op];
        for (int rev = 0; rev < num_revisions; ++rev) {
            const bool defined = gas_costs(static_cast<Revision>(rev))[op] >= 0;
            REQUIRE(defined == (info.defined && rev >= static_cast<int>(info.since)));
        }
    }
    // The instruction count grows by what each revision's EIPs add.
    auto count = [](Revision rev) {
        int n = 0;
        for (int op = 0; op < 256; ++op) n += gas_costs(rev)[op] >= 0;
        return n;
    };
    REQUIRE(count(Revision::Homestead) == count(Revision::Frontier) + 1);           // DELEGATECALL
    REQUIRE(count(Revision::Byzantium) == count(Revision::SpuriousDragon) + 4);     // RETURNDATA*, STATICCALL, REVERT
    REQUIRE(count(Revision::Constantinople) == count(Revision::Byzantium) + 5);     // SHL SHR SAR EXTCODEHASH CREATE2
    REQUIRE(count(Revision::Istanbul) == count(Revision::Petersburg) + 2);          // CHAINID SELFBALANCE
    REQUIRE(count(Revision::London) == count(Revision::Berlin) + 1);                // BASEFEE
    REQUIRE(count(Revision::Shanghai) == count(Revision::Paris) + 1);               // PUSH0
    REQUIRE(count(Revision::Cancun) == count(Revision::Shanghai) + 5);              // TLOAD TSTORE MCOPY BLOB*
    REQUIRE(count(Revision::Osaka) == count(Revision::Prague) + 1);                 // CLZ
}

TEST_CASE("KECCAK256, MCOPY, TLOAD/TSTORE, BLOCKHASH, BLOBHASH", "[interpreter]") {
    // KECCAK256 of no bytes is the well-known empty hash; 30 gas + 6 per word.
    auto r = run("60006000" "20" + ret_top, Revision::Cancun, 1000);
    REQUIRE(word(r) == parse_uint256("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    REQUIRE(r.gas_left == 1000 - 3 - 3 - 30 - ret_top_gas);
    r = run("60206000" "20" "50", Revision::Cancun, 1000);
    REQUIRE(r.gas_left == 1000 - 3 - 3 - 30 - 6 - mem_cost(1) - 2);

    // MCOPY (EIP-5656): copy word 0 to word 1 and read it back; 3 + 3 per word + expansion to 2 words.
    r = run("602a600052" "6020600060205e" "602051" + ret_top, Revision::Cancun, 1000);
    REQUIRE(word(r) == uint256(42));
    REQUIRE(r.gas_left == 1000 - (3 + 3 + 3 + mem_cost(1)) - (3 * 3 + 3 + 3 + mem_cost(2) - mem_cost(1)) -
                             (3 + 3) - (ret_top_gas - mem_cost(1)));
    REQUIRE(run("6020600060205e", Revision::Shanghai, 1000).status == StatusCode::UndefinedInstruction);

    // TSTORE then TLOAD (EIP-1153), 100 gas each.
    r = run("6007600a5d" "600a5c" + ret_top, Revision::Cancun, 1000);
    REQUIRE(word(r) == uint256(7));
    REQUIRE(r.gas_left == 1000 - 3 - 3 - 100 - 3 - 100 - ret_top_gas);

    // BLOCKHASH sees blocks [number-256, number-1].
    MockHost host;
    host.tx.block_number = 300;
    auto hash_of = [&](int n) {
        char push[8];
        std::snprintf(push, sizeof push, "61%04x", n);
        return word(run(std::string(push) + "40" + ret_top, Revision::Cancun, 1000, host));
    };
    REQUIRE(hash_of(299) != uint256(0));
    REQUIRE((hash_of(299).w[0] & 0xff) == 299 % 256);
    REQUIRE(hash_of(44) != uint256(0));
    REQUIRE(hash_of(43) == uint256(0));
    REQUIRE(hash_of(300) == uint256(0));

    // BLOBHASH (EIP-4844): index into the transaction's versioned hashes, 0 past the end.
    Bytes32 blobs[2];
    blobs[1].bytes[31] = 0x77;
    host.tx.blob_hashes = blobs;
    host.tx.blob_hashes_count = 2;
    REQUIRE(word(run("600149" + ret_top, Revision::Cancun, 1000, host)) == uint256(0x77));
    REQUIRE(word(run("600249" + ret_top, Revision::Cancun, 1000, host)) == uint256(0));
}

TEST_CASE("CREATE fails lightly at depth 1024 and without the balance", "[interpreter]") {
    MockHost host;
    host.accounts[self_address].balance = uint256(5);
    Message msg;
    msg.depth = 1024;
    MockHost after;
    // CREATE(value 0, offset 0, size 0) returns 0 and keeps its callee gas.
    auto r = run("600060006000f0" + ret_top, Revision::Cancun, 100000, host, msg, &after);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(word(r) == uint256(0));
    REQUIRE(after.calls.empty());
    REQUIRE(r.gas_left == 100000 - 3 * 3 - 32000 - ret_top_gas);
    // CREATE with value 6 > balance 5.
    r = run("600060006006f0" + ret_top, Revision::Cancun, 100000, host, {}, &after);
    REQUIRE(word(r) == uint256(0));
    REQUIRE(after.calls.empty());
    r = run("600060006005f0" + ret_top, Revision::Cancun, 100000, host, {}, &after);
    REQUIRE(after.calls.size() == 1);
    REQUIRE(after.calls[0].value == uint256(5));
}

TEST_CASE("EIP-7702: calling a delegated account also pays for the delegate (Prague)", "[interpreter]") {
    MockHost host;
    const Address delegated = make_address(0x99);
    const Address delegate = make_address(0x77);
    std::vector<uint8_t> designator = {0xef, 0x01, 0x00};
    designator.insert(designator.end(), delegate.bytes.begin(), delegate.bytes.end());
    host.accounts[delegated].code = designator;
    // CALL(0xffff, 0x99, 0, 0, 0, 0, 0): the target is cold (2600), the delegate cold (2600) then warm (100).
    const std::string call99 = "6000600060006000" "6000" "6099" "61ffff" "f1";
    auto r = run(call99, Revision::Prague, 100000, host);
    REQUIRE(r.status == StatusCode::Success);
    REQUIRE(r.gas_left == 100000 - 7 * 3 - 2600 - 2600);
    r = run(call99 + "50" + call99, Revision::Prague, 100000, host);
    REQUIRE(r.gas_left == 100000 - 14 * 3 - 2 - 2600 - 2600 - 100 - 100);
    // Before Prague the designator is ordinary code and costs nothing extra.
    r = run(call99, Revision::Cancun, 100000, host);
    REQUIRE(r.gas_left == 100000 - 7 * 3 - 2600);
}
