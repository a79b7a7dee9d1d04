// Tests of the EVM world state (journal, EIP-2200 storage classification, EIP-161 deletion, EIP-6780), state root,
// transactions (intrinsic gas, validation, execution) and the state-test loader.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "trellis/core/error.hpp"
#include "trellis/dispatch/strategy.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/mpt.hpp"
#include "trellis/evm/slot_table.hpp"
#include "trellis/evm/state_host.hpp"
#include "trellis/evm/statetest.hpp"
#include "trellis/evm/transaction.hpp"

using namespace trellis;
using namespace trellis::evm;

namespace {

Address addr(uint8_t last, uint8_t first = 0) {
    Address a;
    a.bytes[0] = first;
    a.bytes[19] = last;
    return a;
}

Address addr_hex(const char* hex) {
    Address a;
    const core::Bytes b = core::from_hex(hex);
    std::copy(b.begin(), b.end(), a.bytes.begin());
    return a;
}

Bytes32 b32_hex(const char* hex) {
    Bytes32 h;
    const core::Bytes b = core::from_hex(hex);
    std::copy(b.begin(), b.end(), h.bytes.begin());
    return h;
}

std::string write_temp(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path.string();
}

/// Runs the state-test runner on `paths`; returns its exit status and everything it printed.
std::pair<int, std::string> run_runner(const std::vector<std::string>& paths, const trellis::evm::StateTestOptions& o) {
    std::FILE* out = std::tmpfile();
    REQUIRE(out != nullptr);
    const int rc = trellis::evm::run_state_tests(paths, o, out);
    std::rewind(out);
    std::string text;
    for (int c; (c = std::fgetc(out)) != EOF;) text += static_cast<char>(c);
    std::fclose(out);
    return {rc, text};
}

}  // namespace

TEST_CASE("empty state has the empty trie root", "[state]") {
    State s;
    CHECK(state_root(s) == empty_trie_root());
    CHECK(state_root(s) == b32_hex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"));
    CHECK(logs_hash({}) == b32_hex("1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"));
}

TEST_CASE("revert undoes every journaled change", "[state]") {
    State s;
    s.put_account(addr(1), 5, 1000, core::Bytes{0x60, 0x00}, {{uint256(7), uint256(70)}});
    const Bytes32 before = state_root(s);

    const auto snap = s.snapshot();
    s.set_nonce(addr(1), 6);
    s.add_balance(addr(1), 5);
    s.add_balance(addr(2), 9);  // creates addr(2)
    s.set_storage(addr(1), 7, 0);
    s.set_storage(addr(1), 8, 80);
    s.set_code(addr(2), core::Bytes{0x00});
    s.access_account(addr(3));
    s.access_storage(addr(1), 7);
    s.set_transient(addr(1), 1, 2);
    s.mark_destructed(addr(1));
    s.add_log(Log{addr(1), {}, {1, 2, 3}});
    CHECK(state_root(s) != before);
    CHECK(s.logs().size() == 1);

    s.revert(snap);
    CHECK(state_root(s) == before);
    CHECK_FALSE(s.exists(addr(2)));
    CHECK(s.find(addr(1))->nonce == 5);
    CHECK(s.find(addr(1))->balance == uint256(1000));
    CHECK_FALSE(s.find(addr(1))->destructed);
    CHECK(s.get_storage(addr(1), 7) == uint256(70));
    CHECK(s.get_transient(addr(1), 1) == uint256(0));
    CHECK(s.access_account(addr(3)) == AccessStatus::Cold);
    CHECK(s.access_storage(addr(1), 7) == AccessStatus::Cold);
    CHECK(s.logs().empty());
}

TEST_CASE("nested snapshots revert only their own changes", "[state]") {
    State s;
    s.put_account(addr(1), 0, 10, {}, {});
    const auto outer = s.snapshot();
    s.add_balance(addr(1), 1);
    const auto inner = s.snapshot();
    s.add_balance(addr(1), 100);
    s.revert(inner);
    CHECK(s.find(addr(1))->balance == uint256(11));
    s.revert(outer);
    CHECK(s.find(addr(1))->balance == uint256(10));
}

TEST_CASE("SSTORE classification follows EIP-2200 original/current/new", "[state]") {
    State s;
    s.put_account(addr(1), 0, 0, {}, {{uint256(1), uint256(5)}});
    CHECK(s.set_storage(addr(1), 0, 0) == StorageStatus::Assigned);        // 0 -> 0 -> 0
    CHECK(s.set_storage(addr(1), 2, 3) == StorageStatus::Added);           // 0 -> 0 -> 3
    CHECK(s.set_storage(addr(1), 2, 4) == StorageStatus::Assigned);        // 0 -> 3 -> 4
    CHECK(s.set_storage(addr(1), 2, 0) == StorageStatus::AddedDeleted);    // 0 -> 4 -> 0
    CHECK(s.set_storage(addr(1), 1, 0) == StorageStatus::Deleted);         // 5 -> 5 -> 0
    CHECK(s.set_storage(addr(1), 1, 7) == StorageStatus::DeletedAdded);    // 5 -> 0 -> 7
    CHECK(s.set_storage(addr(1), 1, 0) == StorageStatus::ModifiedDeleted); // 5 -> 7 -> 0
    CHECK(s.set_storage(addr(1), 1, 5) == StorageStatus::DeletedRestored); // 5 -> 0 -> 5
    CHECK(s.set_storage(addr(1), 1, 6) == StorageStatus::Modified);        // 5 -> 5 -> 6
    CHECK(s.set_storage(addr(1), 1, 5) == StorageStatus::ModifiedRestored);// 5 -> 6 -> 5
    s.finalize_transaction(true);
    CHECK(s.set_storage(addr(1), 1, 9) == StorageStatus::Modified);  // originals reset at transaction end
}

TEST_CASE("EIP-161: touched empty accounts are deleted from Spurious Dragon on", "[state]") {
    for (bool eip161 : {false, true}) {
        State s;
        s.put_account(addr(1), 0, 0, {}, {});   // empty, touched
        s.put_account(addr(2), 0, 0, {}, {});   // empty, not touched
        s.put_account(addr(3), 1, 0, {}, {});   // touched but not empty
        s.touch(addr(1));
        s.touch(addr(3));
        s.finalize_transaction(eip161);
        CHECK(s.exists(addr(1)) == !eip161);
        CHECK(s.exists(addr(2)));
        CHECK(s.exists(addr(3)));
    }
}

TEST_CASE("a reverted touch does not delete, except RIPEMD-160's", "[state]") {
    State s;
    s.put_account(addr(0x42), 0, 0, {}, {});
    const auto snap = s.snapshot();
    s.touch(addr(0x42));
    s.revert(snap);
    s.finalize_transaction(true);
    CHECK(s.exists(addr(0x42)));

    // A call to the RIPEMD-160 precompile (0x03) with no gas fails and is reverted; its touch survives.
    State r;
    r.put_account(addr(0x03), 0, 0, {}, {});
    r.put_account(addr(0xca), 0, 1'000'000, {}, {});
    TxContext ctx;
    StateHost host(r, Revision::Cancun, ctx, {});
    Message m;
    m.gas = 0;
    m.sender = addr(0xca);
    m.recipient = addr(0x03);
    m.code_address = addr(0x03);
    const Result res = host.call(m);
    CHECK(res.status != StatusCode::Success);
    r.finalize_transaction(true);
    CHECK_FALSE(r.exists(addr(0x03)));
}

TEST_CASE("SELFDESTRUCT: deletes before Cancun, only moves the balance after (EIP-6780)", "[state]") {
    for (Revision rev : {Revision::Shanghai, Revision::Cancun}) {
        State s;
        s.put_account(addr(1), 1, 50, core::Bytes{0x00}, {});
        TxContext ctx;
        StateHost host(s, rev, ctx, {});
        host.selfdestruct(addr(1), addr(2));
        s.finalize_transaction(true);
        CHECK(s.exists(addr(1)) == (rev >= Revision::Cancun));
        CHECK(s.find(addr(2))->balance == uint256(50));
    }
}

TEST_CASE("intrinsic gas per revision", "[transaction]") {
    Transaction tx;
    tx.to = addr(1);
    CHECK(intrinsic_gas(tx, Revision::Cancun) == 21000);
    tx.data = {0, 0, 1, 2};
    CHECK(intrinsic_gas(tx, Revision::Cancun) == 21000 + 2 * 4 + 2 * 16);        // EIP-2028
    CHECK(intrinsic_gas(tx, Revision::Byzantium) == 21000 + 2 * 4 + 2 * 68);
    tx.access_list = {{addr(2), {1, 2, 3}}, {addr(3), {}}};
    CHECK(intrinsic_gas(tx, Revision::Berlin) == 21000 + 8 + 32 + 2 * 2400 + 3 * 1900);  // EIP-2930
    Transaction create;
    create.data.assign(33, 0xff);
    CHECK(intrinsic_gas(create, Revision::Frontier) == 21000 + 33 * 68);
    CHECK(intrinsic_gas(create, Revision::Homestead) == 53000 + 33 * 68);
    CHECK(intrinsic_gas(create, Revision::Shanghai) == 53000 + 33 * 16 + 2 * 2);  // EIP-3860: 2 words
    CHECK(floor_data_gas(tx) == 21000 + 10 * (2 + 4 * 2));                          // EIP-7623
}

TEST_CASE("blob base fee follows EIP-4844 fake_exponential", "[transaction]") {
    CHECK(blob_base_fee(0, 3338477) == uint256(1));
    CHECK(blob_base_fee(3338477, 3338477) == uint256(2));  // floor(e) = 2
    CHECK(blob_base_fee(10 * 3338477ULL, 3338477) == uint256(22026));  // floor(e^10) = 22026
}

TEST_CASE("invalid transactions are rejected and leave the state unchanged", "[transaction]") {
    State s;
    s.put_account(addr(0xaa), 0, 1'000'000, {}, {});
    const Bytes32 before = state_root(s);
    BlockInfo block;
    block.gas_limit = 10'000'000;
    Transaction tx;
    tx.sender = addr(0xaa);
    tx.to = addr(1);
    tx.gas_price = 1;

    tx.gas_limit = 20999;
    CHECK(apply_transaction(s, block, tx, Revision::Cancun).error == TxError::IntrinsicGasTooLow);
    tx.gas_limit = 21000;
    tx.nonce = 1;
    CHECK(apply_transaction(s, block, tx, Revision::Cancun).error == TxError::NonceMismatch);
    tx.nonce = 0;
    tx.value = 1'000'000;
    CHECK(apply_transaction(s, block, tx, Revision::Cancun).error == TxError::InsufficientAccountFunds);
    tx.value = 0;
    tx.gas_limit = 20'000'000;
    CHECK(apply_transaction(s, block, tx, Revision::Cancun).error == TxError::GasAllowanceExceeded);
    CHECK(state_root(s) == before);
    CHECK(tx_error_matches(TxError::IntrinsicGasTooLow, "TransactionException.INTRINSIC_GAS_TOO_LOW"));
    CHECK(tx_error_matches(TxError::IntrinsicGasTooLow, "TR_NoFunds|TR_IntrinsicGas"));
    CHECK_FALSE(tx_error_matches(TxError::NonceMismatch, "TransactionException.INTRINSIC_GAS_TOO_LOW"));
}

TEST_CASE("secret key to address (Yellow Paper appendix F)", "[transaction]") {
    // The key every ethereum/tests filler uses and the sender address its fixtures list next to it.
    const Address a =
        address_from_secret_key(b32_hex("45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8"));
    CHECK(a == addr_hex("a94f5374fce5edbc8e2a8697c15331677e6ebf0b"));
}

TEST_CASE("stExample/add11 by hand: the state root matches the fixture under every dispatch", "[transaction]") {
    // GeneralStateTests/stExample/add11.json, Cancun: code PUSH1 1 PUSH1 1 ADD PUSH1 0 SSTORE STOP.
    const Address sender = addr_hex("a94f5374fce5edbc8e2a8697c15331677e6ebf0b");
    const Address contract = addr_hex("095e7baea6a6c7c4c2dfeb977efac326af552d87");
    const Address coinbase = addr_hex("2adc25665018aa1fe0e6bc666dac8fc2697ff9ba");
    const uint256 ether = parse_uint256("0x0de0b6b3a7640000");
    const Bytes32 expected = b32_hex("e8010ce590f401c9d61fef8ab05bea9bcec24281b795e5868809bc4e515aa530");

    // The expected post-state written out by hand: 21000 + 4 * 3 (pushes, ADD) + 22100 (cold SSTORE 0 -> 2) gas
    // at gas price 10 = base fee 10 (nothing to the coinbase); value 100000 moves to the contract.
    const uint64_t gas_used = 21000 + 12 + 22100;
    State by_hand;
    by_hand.put_account(contract, 0, ether + uint256(100000), core::from_hex("600160010160005500"),
                        {{uint256(0), uint256(2)}});
    by_hand.put_account(coinbase, 1, 0, {}, {});
    by_hand.put_account(sender, 1, ether - uint256(100000) - uint256(gas_used * 10), {}, {});
    CHECK(state_root(by_hand) == expected);

    for (dispatch::Strategy strategy : dispatch::available_strategies()) {
        State s;
        s.put_account(contract, 0, ether, core::from_hex("600160010160005500"), {});
        s.put_account(coinbase, 1, 0, {}, {});
        s.put_account(sender, 0, ether, {}, {});
        BlockInfo block;
        block.coinbase = coinbase;
        block.gas_limit = 0x0f4240;
        block.base_fee = 10;
        Transaction tx;
        tx.sender = sender;
        tx.to = contract;
        tx.gas_limit = 0x061a80;
        tx.gas_price = 10;
        tx.value = 100000;
        ExecOptions options;
        options.dispatch = strategy;
        const TxResult r = apply_transaction(s, block, tx, Revision::Cancun, options);
        CHECK(r.error == TxError::None);
        CHECK(r.gas_used == int64_t(gas_used));
        CHECK(state_root(s) == expected);
    }
}

TEST_CASE("contract addresses (Yellow Paper eq. 86, EIP-1014)", "[state]") {
    // EIP-1014 example 0: sender 0, salt 0, init code 0x00.
    const uint8_t code[] = {0x00};
    CHECK(create2_address(Address{}, Bytes32{}, code, 1) == addr_hex("4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38"));
    // CREATE from the standard test sender at nonce 0.
    CHECK(create_address(addr_hex("a94f5374fce5edbc8e2a8697c15331677e6ebf0b"), 0) ==
          addr_hex("6295ee1b4f6dd65047762f924ecd367c17eabf8f"));
}

TEST_CASE("state-test loader: broken JSON names the file, a good file loads", "[statetest]") {
    const std::string bad = write_temp("trellis_bad_fixture.json", "{\"t\": {\"env\": ");
    try {
        load_state_tests(bad);
        FAIL("no exception");
    } catch (const core::Error& e) {
        CHECK(std::string(e.what()).find("trellis_bad_fixture.json") != std::string::npos);
        CHECK(std::string(e.what()).find("invalid JSON") != std::string::npos);
    }
    const std::string missing_field = write_temp("trellis_bad_shape.json", "{\"t\": {\"env\": {}}}");
    CHECK_THROWS_AS(load_state_tests(missing_field), core::Error);
    CHECK_THROWS_AS(load_state_tests("/nonexistent/trellis.json"), core::Error);
}

TEST_CASE("a real fixture loads and passes under every dispatch strategy", "[statetest]") {
    const auto data = std::filesystem::path(__FILE__).parent_path() / "../../../shared/testdata/evm/state_tests";
    const auto file = data / "GeneralStateTests/stExample/add11.json";
    if (!std::filesystem::exists(file)) {
        WARN("shared test data not found at " << file.string());
        return;
    }
    const std::vector<StateTest> tests = load_state_tests(file.string());
    REQUIRE(tests.size() == 1);
    REQUIRE_FALSE(tests[0].posts.empty());
    for (dispatch::Strategy strategy : dispatch::available_strategies()) {
        ExecOptions options;
        options.dispatch = strategy;
        for (const PostEntry& post : tests[0].posts) {
            const CaseResult r = run_state_test_case(tests[0], post, options);
            INFO(post.fork << " " << r.message);
            CHECK(r.passed);
            CHECK(r.root == post.hash);
        }
    }
    // A wrong expectation must be reported as a failure, naming both roots.
    PostEntry wrong = tests[0].posts[0];
    wrong.hash.bytes[0] ^= 1;
    const CaseResult r = run_state_test_case(tests[0], wrong, {});
    CHECK_FALSE(r.passed);
    CHECK(r.message.find("root expected") != std::string::npos);
}

TEST_CASE("EIP-7702 authority recovery", "[transaction]") {
    // The authorization tuple of EEST osaka/eip7939 clz_from_set_code, whose fixture lists the signer next to it.
    const uint256 r = parse_uint256("0xd7e81ad52b1ff78769c3b925b06176b76280242c83ebaf4cdb624820ab2b08db");
    const uint256 s = parse_uint256("0x0367ba5e94031aac8cfb792d405da03d4a7874fb4f4cd37e653f56271e9522e6");
    const Address target = addr_hex("3d8e2d77bca8c0ed68f6d4860444bad2cc2cd661");
    const auto signer = recover_authority(0, target, 0, 1, r, s);
    REQUIRE(signer.has_value());
    CHECK(*signer == addr_hex("89873a93c67fc34d662483a081ebaabe443ea62f"));
    // Any change to the signed fields gives another signer; bad parity or high s gives none.
    CHECK(recover_authority(1, target, 0, 1, r, s) != signer);
    CHECK_FALSE(recover_authority(0, target, 0, 2, r, s).has_value());
    const uint256 n = parse_uint256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    CHECK_FALSE(recover_authority(0, target, 0, 1, r, n - s).has_value());
}

TEST_CASE("statetest runner: a skipped case is counted, printed and fails the run", "[statetest]") {
    // One test whose only post entry names a fork Trellis does not know: it cannot run, so it is skipped.
    const std::string fixture = R"({"t": {
        "env": {"currentCoinbase": "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba", "currentGasLimit": "0x1000000",
                "currentNumber": "0x01", "currentTimestamp": "0x03e8", "currentBaseFee": "0x07"},
        "pre": {},
        "transaction": {"nonce": "0x00", "gasPrice": "0x0a", "to": "0x1000000000000000000000000000000000000000",
                        "sender": "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b", "data": ["0x"],
                        "gasLimit": ["0x5208"], "value": ["0x00"]},
        "post": {"NotAFork": [{"indexes": {"data": 0, "gas": 0, "value": 0},
                 "hash": "0x0000000000000000000000000000000000000000000000000000000000000000",
                 "logs": "0x0000000000000000000000000000000000000000000000000000000000000000"}]}}})";
    const auto path = std::filesystem::temp_directory_path() / "trellis_statetest_skip.json";
    std::ofstream(path) << fixture;
    const auto [rc, text] = run_runner({path.string()}, {});
    std::filesystem::remove(path);
    CHECK(rc == 1);
    CHECK(text.find("0 passed, 0 failed, 1 skipped\n") != std::string::npos);
    CHECK(text.find("unknown fork NotAFork") != std::string::npos);
}

TEST_CASE("statetest runner: -j N prints what one thread prints", "[statetest]") {
    // Three copies of a file with a failing case (a wrong expected root): the reports must come in file order.
    const std::string fixture = R"({"t": {
        "env": {"currentCoinbase": "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba", "currentGasLimit": "0x1000000",
                "currentNumber": "0x01", "currentTimestamp": "0x03e8", "currentBaseFee": "0x07"},
        "pre": {"0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b": {"balance": "0x3b9aca00", "nonce": "0x00",
                "code": "0x", "storage": {}}},
        "transaction": {"nonce": "0x00", "gasPrice": "0x0a", "to": "0x1000000000000000000000000000000000000000",
                        "sender": "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b", "data": ["0x"],
                        "gasLimit": ["0x5208"], "value": ["0x00"]},
        "post": {"Cancun": [{"indexes": {"data": 0, "gas": 0, "value": 0},
                 "hash": "0x0000000000000000000000000000000000000000000000000000000000000000",
                 "logs": "0x0000000000000000000000000000000000000000000000000000000000000000"}]}}})";
    const auto dir = std::filesystem::temp_directory_path() / "trellis_statetest_jobs";
    std::filesystem::create_directories(dir);
    for (const char* name : {"a.json", "b.json", "c.json"}) std::ofstream(dir / name) << fixture;
    auto run = [&](unsigned jobs) {
        trellis::evm::StateTestOptions o;
        o.jobs = jobs;
        const auto [rc, text] = run_runner({dir.string()}, o);
        CHECK(rc == 1);
        // Drop the timing parts, which differ between runs.
        std::string kept;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("time:", 0) == 0) continue;
            if (const auto at = line.rfind(" ("); at != std::string::npos && line.back() == ')') line.erase(at);
            kept += line + "\n";
        }
        return kept;
    };
    const std::string one = run(1), three = run(3);
    std::filesystem::remove_all(dir);
    CHECK(one == three);
    CHECK(one.find("0 passed, 3 failed, 0 skipped") != std::string::npos);
    CHECK(one.find("a.json") < one.find("b.json"));
    CHECK(one.find("b.json") < one.find("c.json"));
}

TEST_CASE("SlotTable: find, insert, growth and clear against std::map", "[state]") {
    trellis::evm::SlotTable table;
    std::map<std::pair<uint8_t, uint64_t>, uint64_t> reference;
    auto addr = [](uint8_t a) {
        trellis::evm::Address out;
        out.bytes[19] = a;
        out.bytes[0] = static_cast<uint8_t>(a * 7);
        return out;
    };
    auto word = [](uint64_t v) {
        trellis::evm::uint256 w;
        w.w[0] = v;
        w.w[3] = v >> 3;
        return w;
    };
    CHECK(table.find(addr(1), word(1)) == nullptr);
    for (int round = 0; round < 2; ++round) {
        for (uint64_t i = 0; i < 5000; ++i) {
            const uint8_t a = static_cast<uint8_t>(i % 3);
            const uint64_t k = (i * 2654435761u) % 3001;  // repeats: overwrites
            table.at(addr(a), word(k)) = word(i + 1);
            reference[{a, k}] = i + 1;
        }
        CHECK(table.size() == reference.size());
        size_t mismatches = 0;
        for (const auto& [key, value] : reference) {
            const trellis::evm::uint256* v = table.find(addr(key.first), word(key.second));
            if (v == nullptr || !(*v == word(value))) ++mismatches;
        }
        CHECK(mismatches == 0);
        CHECK(table.find(addr(3), word(0)) == nullptr);
        CHECK(table.find(addr(0), word(3001)) == nullptr);
        table.clear();
        reference.clear();
        CHECK(table.size() == 0);
        CHECK(table.find(addr(0), word(0)) == nullptr);
        CHECK(table.find(addr(1), word(1)) == nullptr);
    }
}
