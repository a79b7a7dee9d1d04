/// @file vmtest.cpp
/// The legacy VMTests runner (statetest.hpp, run_vm_tests): one execution of `exec.code` in the `exec`
/// environment on the `pre` state, without a transaction around it; compares gas left, output, logs hash and
/// the `post` accounts. Tests without `post` expect an exceptional halt. Format: shared/testdata/evm/README.md.
#include <filesystem>
#include <map>

#include "fixture_json.hpp"
#include "trellis/core/error.hpp"
#include "trellis/evm/state_host.hpp"
#include "trellis/evm/statetest.hpp"

namespace trellis::evm {

namespace fs = std::filesystem;
using fixture::json;

namespace {

/// Compares the post accounts with the state; returns "" if they match.
std::string compare_post(const json& post, const State& state) {
    for (const auto& [addr_text, acc] : post.items()) {
        const Address addr = fixture::address(json(addr_text));
        const Account* a = state.find(addr);
        if (!a) return "account " + addr_text + " missing";
        if (acc.contains("balance") && a->balance != fixture::quantity(acc.at("balance")))
            return "account " + addr_text + " balance " + to_hex(a->balance) + ", expected " +
                   acc.at("balance").get<std::string>();
        if (acc.contains("nonce") && a->nonce != fixture::quantity_u64(acc.at("nonce")))
            return "account " + addr_text + " nonce " + std::to_string(a->nonce);
        if (acc.contains("code") && a->code != fixture::bytes(acc.at("code")))
            return "account " + addr_text + " code differs";
        std::map<uint256, uint256, decltype([](const uint256& x, const uint256& y) { return x < y; })> want;
        if (acc.contains("storage"))
            for (const auto& [k, v] : acc.at("storage").items()) {
                const uint256 val = fixture::quantity(v);
                if (val) want[parse_uint256(k)] = val;
            }
        size_t have = 0;
        for (const auto& [k, slot] : a->storage) {
            if (!slot.current) continue;
            ++have;
            auto it = want.find(k);
            if (it == want.end() || it->second != slot.current)
                return "account " + addr_text + " storage[" + to_hex(k) + "] = " + to_hex(slot.current);
        }
        if (have != want.size()) return "account " + addr_text + " storage has fewer slots than expected";
    }
    for (const auto& [addr, a] : state.accounts()) {
        if (!post.contains(core::to_hex_0x(addr.bytes))) return "unexpected account " + core::to_hex_0x(addr.bytes);
    }
    return {};
}

/// Runs one VMTest; returns "" on success, else why it failed.
std::string run_vm_test(const json& t, dispatch::Strategy strategy, Revision rev, Interpreter interpreter) {
    State state;
    fixture::load_accounts(t.at("pre"), state);
    const json& env = t.at("env");
    const json& ex = t.at("exec");

    TxContext ctx;
    ctx.gas_price = fixture::quantity(ex.at("gasPrice"));
    ctx.origin = fixture::address(ex.at("origin"));
    ctx.coinbase = fixture::address(env.at("currentCoinbase"));
    ctx.block_number = static_cast<int64_t>(fixture::quantity_u64(env.at("currentNumber")));
    ctx.block_timestamp = static_cast<int64_t>(fixture::quantity_u64(env.at("currentTimestamp")));
    const uint256 gl = fixture::quantity(env.at("currentGasLimit"));
    ctx.block_gas_limit = gl.fits_u64() && gl.w[0] <= uint64_t(INT64_MAX) ? int64_t(gl.w[0]) : INT64_MAX;
    ctx.prev_randao = fixture::quantity(env.at("currentDifficulty"));
    ctx.chain_id = 1;

    ExecOptions options;
    options.dispatch = strategy;
    options.interpreter = interpreter;
    StateHost host(state, rev, ctx, options);

    const core::Bytes code = fixture::bytes(ex.at("code"));
    const core::Bytes data = fixture::bytes(ex.at("data"));
    Message msg;
    msg.kind = CallKind::Call;
    msg.gas = static_cast<int64_t>(fixture::quantity_u64(ex.at("gas")));
    msg.recipient = fixture::address(ex.at("address"));
    msg.code_address = msg.recipient;
    msg.sender = fixture::address(ex.at("caller"));
    msg.value = fixture::quantity(ex.at("value"));
    msg.input = data.data();
    msg.input_size = data.size();
    const Result r = execute(host, rev, msg, code.data(), code.size(), options);

    if (!t.contains("post")) {
        if (r.status == StatusCode::Success || r.status == StatusCode::Revert)
            return std::string("expected an exceptional halt, got ") + std::string(status_name(r.status));
        return {};
    }
    if (r.status != StatusCode::Success) return "unexpected status " + std::string(status_name(r.status));
    const uint64_t want_gas = fixture::quantity_u64(t.at("gas"));
    if (uint64_t(r.gas_left) != want_gas)
        return "gas left " + std::to_string(r.gas_left) + ", expected " + std::to_string(want_gas);
    const core::Bytes want_out = fixture::bytes(t.at("out"));
    if (r.output != want_out) return "output " + core::to_hex_0x(r.output) + ", expected " + core::to_hex_0x(want_out);
    const Bytes32 want_logs = fixture::bytes32(t.at("logs"));
    if (logs_hash(state.logs()) != want_logs) return "logs hash " + core::to_hex_0x(logs_hash(state.logs()).bytes);
    // SELFDESTRUCT takes effect at the end of the execution.
    state.finalize_transaction(rev >= Revision::SpuriousDragon);
    return compare_post(t.at("post"), state);
}

}  // namespace

int run_vm_tests(const std::vector<std::string>& paths, dispatch::Strategy dispatch, std::FILE* out, Revision rev,
                 Interpreter interpreter) {
    const std::vector<std::string> files = collect_json_files(paths);
    size_t passed = 0, failed = 0;
    std::string folder;
    size_t fp = 0, ff = 0;
    auto flush = [&] {
        if (!folder.empty()) std::fprintf(out, "%s: %zu passed, %zu failed, 0 skipped\n", folder.c_str(), fp, ff);
        std::fflush(out);
        fp = ff = 0;
    };
    for (const std::string& file : files) {
        const std::string dir = fs::path(file).parent_path().string();
        if (dir != folder) {
            flush();
            folder = dir;
        }
        json doc;
        try {
            doc = fixture::read_json_file(file);
        } catch (const core::Error& e) {
            std::fprintf(out, "FAIL %s\n  cannot load: %s\n", file.c_str(), e.what());
            ++failed, ++ff;
            continue;
        }
        for (const auto& [name, t] : doc.items()) {
            std::string why;
            try {
                why = run_vm_test(t, dispatch, rev, interpreter);
            } catch (const std::exception& e) {
                why = std::string("error: ") + e.what();
            }
            if (why.empty()) {
                ++passed, ++fp;
            } else {
                ++failed, ++ff;
                std::fprintf(out, "FAIL %s (%s)\n  %s\n  rerun: trellis-evm vmtest %s --dispatch %s --interpreter %s\n",
                             name.c_str(), file.c_str(), why.c_str(), file.c_str(),
                             std::string(dispatch::name(dispatch)).c_str(),
                             std::string(interpreter_name(interpreter)).c_str());
            }
        }
    }
    flush();
    std::fprintf(out, "%zu passed, %zu failed, 0 skipped\n", passed, failed);
    return failed ? 1 : 0;
}

}  // namespace trellis::evm
