/// @file statetest.cpp
/// Loading and running filled GeneralStateTests (statetest.hpp), in the ethereum/tests and EEST flavours
/// described in shared/testdata/evm/README.md, and the `trellis-evm statetest` runner.
#include "trellis/evm/statetest.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>
#include <thread>

#include "fixture_json.hpp"
#include "trellis/core/error.hpp"
#include "trellis/evm/keccak.hpp"

namespace trellis::evm {

namespace fs = std::filesystem;
using fixture::json;

namespace {

std::string hex32(const Bytes32& b) { return core::to_hex_0x(b.bytes); }

TxTemplate load_tx(const json& j) {
    TxTemplate t;
    Transaction& b = t.base;
    try {
        b.nonce = fixture::quantity_u64(j.at("nonce"));
    } catch (const core::Error&) {
        t.invalid_field = true;
    }
    if (j.contains("sender"))
        b.sender = fixture::address(j.at("sender"));
    else
        b.sender = address_from_secret_key(fixture::bytes32(j.at("secretKey")));
    const std::string to = j.value("to", std::string{});
    if (!to.empty()) b.to = fixture::address(j.at("to"));
    if (j.contains("gasPrice")) b.gas_price = fixture::quantity(j.at("gasPrice"));
    if (j.contains("maxFeePerGas")) {
        b.type = 2;
        b.max_fee_per_gas = fixture::quantity(j.at("maxFeePerGas"));
        b.max_priority_fee_per_gas = fixture::quantity(j.at("maxPriorityFeePerGas"));
    }
    if (j.contains("blobVersionedHashes") || j.contains("maxFeePerBlobGas")) {
        b.type = 3;
        if (j.contains("maxFeePerBlobGas")) b.max_fee_per_blob_gas = fixture::quantity(j.at("maxFeePerBlobGas"));
        if (j.contains("blobVersionedHashes"))
            for (const json& h : j.at("blobVersionedHashes")) b.blob_hashes.push_back(fixture::bytes32(h));
    }
    for (const json& d : j.at("data")) t.data.push_back(fixture::bytes(d));
    for (const json& g : j.at("gasLimit")) {
        const uint256 v = fixture::quantity(g);
        t.gas_limits.push_back(v.fits_u64() && v.w[0] <= uint64_t(std::numeric_limits<int64_t>::max())
                                   ? static_cast<int64_t>(v.w[0])
                                   : std::numeric_limits<int64_t>::max());
    }
    for (const json& v : j.at("value")) {
        try {
            t.values.push_back(fixture::quantity(v));
        } catch (const core::Error&) {
            t.values.push_back(std::nullopt);
        }
    }
    if (j.contains("authorizationList")) {
        b.type = 4;
        b.authorizations = fixture::authorization_list(j.at("authorizationList"));
    }
    if (j.contains("accessLists")) {
        if (b.type == 0) b.type = 1;
        for (const json& al : j.at("accessLists")) t.access_lists.push_back(fixture::access_list(al));
    }
    return t;
}

}  // namespace

std::vector<StateTest> load_state_tests(const std::string& path) {
    const json doc = fixture::read_json_file(path);
    if (!doc.is_object()) throw core::Error(path + ": expected an object of tests");
    std::vector<StateTest> tests;
    for (const auto& [name, t] : doc.items()) {
        try {
            StateTest st;
            st.name = name;
            st.file = path;
            st.env = fixture::block_info(t.at("env"));
            fixture::load_accounts(t.at("pre"), st.pre);
            st.tx = load_tx(t.at("transaction"));
            if (t.contains("config")) {
                const json& c = t.at("config");
                if (c.contains("chainid")) st.env.chain_id = fixture::quantity(c.at("chainid"));
                if (c.contains("blobSchedule"))
                    for (const auto& [fork, s] : c.at("blobSchedule").items())
                        st.blob_schedule[fork] = {fixture::quantity_u64(s.at("max")),
                                                  fixture::quantity_u64(s.at("baseFeeUpdateFraction"))};
            }
            for (const auto& [fork, entries] : t.at("post").items()) {
                for (const json& e : entries) {
                    PostEntry p;
                    p.fork = fork;
                    p.rev = parse_revision(fork);
                    const json& idx = e.at("indexes");
                    p.data = idx.at("data").get<int>();
                    p.gas = idx.at("gas").get<int>();
                    p.value = idx.at("value").get<int>();
                    p.hash = fixture::bytes32(e.at("hash"));
                    p.logs = fixture::bytes32(e.at("logs"));
                    if (e.contains("expectException")) p.expect_exception = e.at("expectException").get<std::string>();
                    st.posts.push_back(std::move(p));
                }
            }
            tests.push_back(std::move(st));
        } catch (const core::Error& e) {
            throw core::Error(path + ": test " + name + ": " + e.what());
        } catch (const json::exception& e) {
            throw core::Error(path + ": test " + name + ": malformed fixture: " + e.what());
        }
    }
    return tests;
}

TxError build_transaction(const StateTest& test, const PostEntry& post, Transaction& out) {
    const TxTemplate& t = test.tx;
    if (post.data < 0 || size_t(post.data) >= t.data.size() || post.gas < 0 ||
        size_t(post.gas) >= t.gas_limits.size() || post.value < 0 || size_t(post.value) >= t.values.size())
        throw core::Error(test.file + ": test " + test.name + ": post indexes out of range");
    out = t.base;
    out.data = t.data[post.data];
    out.gas_limit = t.gas_limits[post.gas];
    if (size_t(post.data) < t.access_lists.size()) out.access_list = t.access_lists[post.data];
    if (!t.values[post.value] || t.invalid_field) return TxError::RlpInvalidValue;
    out.value = *t.values[post.value];
    return TxError::None;
}

CaseResult run_state_test_case(const StateTest& test, const PostEntry& post, const ExecOptions& options) {
    CaseResult res;
    if (!post.rev) {
        res.message = "unknown fork " + post.fork;
        return res;
    }
    State state = test.pre;
    BlockInfo env = test.env;
    if (auto it = test.blob_schedule.find(post.fork); it != test.blob_schedule.end()) {
        env.max_blobs = it->second.first;
        env.blob_base_fee_update_fraction = it->second.second;
    }
    Transaction tx;
    res.error = build_transaction(test, post, tx);
    if (res.error == TxError::None) {
        const TxResult r = apply_transaction(state, env, tx, *post.rev, options);
        res.error = r.error;
        res.status = r.status;
        res.gas_used = r.gas_used;
        res.unsupported_precompile = r.unsupported_precompile;
    }
    res.root = state_root(state);
    res.logs = logs_hash(res.error == TxError::None ? state.logs() : std::vector<Log>{});

    std::string why;
    if (!post.expect_exception.empty()) {
        if (res.error == TxError::None)
            why = "expected exception " + post.expect_exception + ", but the transaction was accepted";
        else if (!tx_error_matches(res.error, post.expect_exception))
            why = std::string("expected exception ") + post.expect_exception + ", got " + tx_error_name(res.error);
    } else if (res.error != TxError::None) {
        why = std::string("transaction rejected: ") + tx_error_name(res.error);
    }
    if (res.root != post.hash) {
        if (!why.empty()) why += "; ";
        why += "root expected " + hex32(post.hash) + " got " + hex32(res.root);
    }
    if (res.logs != post.logs) {
        if (!why.empty()) why += "; ";
        why += "logs expected " + hex32(post.logs) + " got " + hex32(res.logs);
    }
    res.passed = why.empty();
    res.message = std::move(why);
    res.post = std::move(state);
    return res;
}

std::vector<std::string> collect_json_files(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
            continue;
        }
        if (!fs::is_directory(p, ec)) throw core::Error(p + ": no such file or directory");
        for (const auto& e : fs::recursive_directory_iterator(p))
            if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

void dump_state(const State& state, std::FILE* out) {
    std::map<Address, const Account*> sorted;
    for (const auto& [addr, a] : state.accounts()) sorted[addr] = &a;
    for (const auto& [addr, a] : sorted) {
        std::fprintf(out, "  %s nonce %llu balance %s code %zu bytes\n", core::to_hex_0x(addr.bytes).c_str(),
                     static_cast<unsigned long long>(a->nonce), to_hex(a->balance).c_str(), a->code.size());
        std::map<uint256, uint256, decltype([](const uint256& x, const uint256& y) { return x < y; })> slots;
        for (const auto& [k, slot] : a->storage)
            if (slot.current) slots[k] = slot.current;
        for (const auto& [k, v] : slots) std::fprintf(out, "    [%s] = %s\n", to_hex(k).c_str(), to_hex(v).c_str());
    }
}

namespace {

/// What one file's post entries gave.
struct FileOutcome {
    size_t passed = 0, failed = 0, skipped = 0;
    std::map<std::string, size_t> skip_reasons;
    std::map<std::string, std::pair<size_t, std::string>> needs_precompile;  // test (file) -> cases, precompile
    std::string text;  ///< failure reports, when written to a buffer (statetest -j)
    double seconds = 0;
};

/// Runs every selected post entry of `file`, writing each failure's report to `out`.
FileOutcome run_file(const std::string& file, const StateTestOptions& options, const ExecOptions& exec,
                     std::FILE* out) {
    FileOutcome o;
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<StateTest> tests;
    try {
        tests = load_state_tests(file);
    } catch (const core::Error& e) {
        std::fprintf(out, "FAIL %s\n  cannot load: %s\n", file.c_str(), e.what());
        ++o.failed;
        return o;
    }
    for (const StateTest& test : tests) {
        for (const PostEntry& post : test.posts) {
            if (options.fork && post.fork != *options.fork) continue;
            if (options.only_case && (*options.only_case)[0] != post.data) continue;
            if (options.only_case && (*options.only_case)[1] != post.gas) continue;
            if (options.only_case && (*options.only_case)[2] != post.value) continue;
            if (!post.rev) {
                ++o.skipped;
                ++o.skip_reasons["unknown fork " + post.fork];
                continue;
            }
            CaseResult r;
            try {
                r = run_state_test_case(test, post, exec);
            } catch (const std::exception& e) {
                r.passed = false;
                r.message = std::string("error: ") + e.what();
            }
            const std::string where = test.name + " (" + file + ") " + post.fork + " d" + std::to_string(post.data) +
                                      " g" + std::to_string(post.gas) + " v" + std::to_string(post.value);
            if (r.unsupported_precompile) {
                ++o.skipped;
                ++o.skip_reasons[std::string("needs precompile ") + r.unsupported_precompile];
                auto& entry = o.needs_precompile[test.name + " (" + file + ")"];
                ++entry.first;
                entry.second = r.unsupported_precompile;
            } else if (r.passed) {
                ++o.passed;
            } else {
                ++o.failed;
                std::fprintf(out, "FAIL %s\n  %s\n  status %s, gas used %lld\n  rerun: trellis-evm statetest %s --fork %s --case %d:%d:%d\n",
                             where.c_str(), r.message.c_str(), std::string(status_name(r.status)).c_str(),
                             static_cast<long long>(r.gas_used), file.c_str(), post.fork.c_str(), post.data,
                             post.gas, post.value);
                if (options.dump) dump_state(r.post, out);
            }
        }
    }
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return o;
}

/// run_file on a memory stream: the reports land in the outcome's text.
FileOutcome run_file_buffered(const std::string& file, const StateTestOptions& options, const ExecOptions& exec) {
    char* data = nullptr;
    size_t size = 0;
    std::FILE* mem = open_memstream(&data, &size);
    if (!mem) throw core::Error("cannot open a memory stream");
    FileOutcome o;
    try {
        o = run_file(file, options, exec, mem);
    } catch (...) {
        std::fclose(mem);
        std::free(data);
        throw;
    }
    std::fclose(mem);
    o.text.assign(data, size);
    std::free(data);
    return o;
}

}  // namespace

int run_state_tests(const std::vector<std::string>& paths, const StateTestOptions& options, std::FILE* out) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<std::string> files = collect_json_files(paths);
    ExecOptions exec;
    exec.dispatch = options.dispatch;
    exec.interpreter = options.interpreter;
    if (options.trace) exec.trace = stderr;
    const unsigned jobs = options.trace ? 1 : std::max(1u, options.jobs);

    // With -j N: N threads take files in order from a shared counter; each file's reports are buffered, and the
    // outcomes are printed below in file order, exactly as one thread prints them.
    std::vector<FileOutcome> buffered;
    if (jobs > 1) {
        buffered.resize(files.size());
        std::atomic<size_t> next{0};
        std::exception_ptr error;
        std::mutex error_mutex;
        auto worker = [&] {
            for (size_t i; (i = next.fetch_add(1)) < files.size();) {
                try {
                    buffered[i] = run_file_buffered(files[i], options, exec);
                } catch (...) {
                    std::lock_guard lock(error_mutex);
                    if (!error) error = std::current_exception();
                }
            }
        };
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
        for (auto& t : threads) t.join();
        if (error) std::rethrow_exception(error);
    }

    size_t passed = 0, failed = 0, skipped = 0;
    std::map<std::string, size_t> skip_reasons;
    std::map<std::string, std::pair<size_t, std::string>> needs_precompile;
    std::string folder;
    size_t folder_passed = 0, folder_failed = 0, folder_skipped = 0;
    double folder_seconds = 0;
    auto flush_folder = [&] {
        if (folder.empty()) return;
        std::fprintf(out, "%s: %zu passed, %zu failed, %zu skipped (%.1f s)\n", folder.c_str(), folder_passed,
                     folder_failed, folder_skipped, folder_seconds);
        std::fflush(out);
        folder_passed = folder_failed = folder_skipped = 0;
        folder_seconds = 0;
    };
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string dir = fs::path(files[i]).parent_path().string();
        if (dir != folder) {
            flush_folder();
            folder = dir;
        }
        FileOutcome o;
        if (jobs > 1) {
            o = std::move(buffered[i]);
            std::fputs(o.text.c_str(), out);
        } else {
            o = run_file(files[i], options, exec, out);
        }
        passed += o.passed;
        failed += o.failed;
        skipped += o.skipped;
        folder_passed += o.passed;
        folder_failed += o.failed;
        folder_skipped += o.skipped;
        folder_seconds += o.seconds;
        for (const auto& [reason, n] : o.skip_reasons) skip_reasons[reason] += n;
        for (const auto& [test, entry] : o.needs_precompile) needs_precompile[test] = entry;
    }
    flush_folder();
    if (!needs_precompile.empty()) {
        std::fprintf(out, "tests that need a precompile Trellis lacks (%zu):\n", needs_precompile.size());
        for (const auto& [test, entry] : needs_precompile)
            std::fprintf(out, "  %s: %zu cases need precompile %s\n", test.c_str(), entry.first, entry.second.c_str());
    }
    if (!skip_reasons.empty()) {
        std::fprintf(out, "skipped:\n");
        for (const auto& [reason, n] : skip_reasons) std::fprintf(out, "  %zu: %s\n", n, reason.c_str());
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(out, "time: %.1f s (dispatch %s, interpreter %s, %u thread%s)\n", secs,
                 std::string(dispatch::name(options.dispatch)).c_str(),
                 std::string(interpreter_name(options.interpreter)).c_str(), jobs, jobs == 1 ? "" : "s");
    std::fprintf(out, "%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
    return failed || skipped ? 1 : 0;
}

}  // namespace trellis::evm
