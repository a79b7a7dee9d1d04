/// @file t8n_fixtures.cpp
/// Conformance check of `trellis-evm t8n` (t8n.hpp) against filled state tests: every selected post entry of the
/// given fixture files is converted on the fly into t8n inputs (alloc = pre, env = env plus the BLOCKHASH answers
/// the state tests assume, txs = the indexed transaction), run through run_t8n, and the result's stateRoot and
/// logsHash compared with the entry's hash and logs. The transaction goes in twice: as geth-style JSON with
/// `secretKey` (signed by t8n) and, when the fixture has `txbytes`, as the RLP list (sender recovered by t8n); an
/// entry with expectException must come back in `rejected` (index 0) with the pre-state root, any other entry must
/// not be rejected. Usage: t8n_fixtures [--stride N] PATH... (every N-th post entry of each file, default 1).
/// Prints one line per file, each failure, and "N passed, M failed, K skipped"; exits 1 on any failure or skip.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "trellis/core/hex.hpp"
#include "trellis/evm/rlp.hpp"
#include "trellis/evm/state_host.hpp"
#include "trellis/evm/statetest.hpp"
#include "trellis/evm/t8n.hpp"

using json = nlohmann::json;
using namespace trellis;
using namespace trellis::evm;

namespace {

/// The t8n transaction of `post` in geth's JSON form, from the state test's template.
json tx_json(const json& t, const json& idx, Revision rev) {
    const size_t d = idx.at("data").get<size_t>(), g = idx.at("gas").get<size_t>(), v = idx.at("value").get<size_t>();
    json tx = {{"nonce", t.at("nonce")}, {"gas", t.at("gasLimit").at(g)}, {"value", t.at("value").at(v)},
               {"input", t.at("data").at(d)}, {"secretKey", t.at("secretKey")}};
    if (t.contains("to") && !t.at("to").get<std::string>().empty()) tx["to"] = t.at("to");
    int type = 0;
    if (t.contains("gasPrice")) tx["gasPrice"] = t.at("gasPrice");
    if (t.contains("accessLists")) {
        type = 1;
        tx["accessList"] = t.at("accessLists").at(d).is_null() ? json::array() : t.at("accessLists").at(d);
    }
    if (t.contains("maxFeePerGas")) {
        type = 2;
        tx["maxFeePerGas"] = t.at("maxFeePerGas");
        tx["maxPriorityFeePerGas"] = t.at("maxPriorityFeePerGas");
    }
    for (const char* k : {"maxFeePerBlobGas", "blobVersionedHashes"})
        if (t.contains(k)) {
            type = 3;
            tx[k] = t.at(k);
        }
    if (t.contains("authorizationList")) {
        type = 4;
        tx["authorizationList"] = t.at("authorizationList");
    }
    if (type >= 1 && !tx.contains("accessList")) tx["accessList"] = json::array();
    tx["type"] = "0x" + std::to_string(type);
    tx["protected"] = rev >= Revision::SpuriousDragon;  // EIP-155 exists from Spurious Dragon on
    return tx;
}

}  // namespace

int main(int argc, char** argv) {
    size_t stride = 1;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--stride" && i + 1 < argc) stride = std::max<size_t>(1, std::stoul(argv[++i]));
        else paths.push_back(a);
    }
    size_t passed = 0, failed = 0, skipped = 0;
    try {
        for (const std::string& file : collect_json_files(paths)) {
            std::ifstream in(file);
            const json doc = json::parse(in);
            size_t file_passed = 0, file_failed = 0, n = 0;
            for (const auto& [name, test] : doc.items()) {
                json env = test.at("env");
                const int64_t number = std::stoll(env.at("currentNumber").get<std::string>(), nullptr, 16);
                json hashes = json::object();
                for (int64_t k = std::max<int64_t>(0, number - 256); k < number; ++k)
                    hashes[std::to_string(k)] = core::to_hex_0x(test_block_hash(k).bytes);
                env["blockHashes"] = hashes;
                T8nOptions opts;
                opts.reward.reset();
                if (test.contains("config") && test.at("config").contains("chainid"))
                    opts.chain_id = parse_uint256(test.at("config").at("chainid").get<std::string>());
                for (const auto& [fork, entries] : test.at("post").items()) {
                    const auto rev = parse_revision(fork);
                    for (const json& post : entries) {
                        if (n++ % stride != 0) continue;
                        const std::string where = name + " " + fork + " " + post.at("indexes").dump();
                        if (!rev) {
                            ++skipped;
                            std::printf("SKIP %s (%s): unknown fork\n", where.c_str(), file.c_str());
                            continue;
                        }
                        opts.rev = *rev;
                        const bool rejected = post.contains("expectException");
                        std::vector<std::pair<const char*, json>> forms;
                        forms.emplace_back("json", json::array({tx_json(test.at("transaction"), post.at("indexes"), *rev)}));
                        if (post.contains("txbytes") && !rejected)
                            forms.emplace_back("rlp", nullptr);
                        std::string why;
                        for (auto& [form, txs] : forms) {
                            try {
                                if (std::string(form) == "rlp") {
                                    // A typed envelope goes into the list as a byte string, a legacy one as itself.
                                    const core::Bytes tb = core::from_hex(post.at("txbytes").get<std::string>());
                                    txs = "0x" + core::to_hex(rlp::encode_list(
                                                     {tb[0] >= 0xc0 ? tb : rlp::encode_bytes(tb)}));
                                }
                                const T8nOutput out = run_t8n(test.at("pre"), env, txs, opts);
                                const json& r = out.result;
                                if (r.at("stateRoot") != post.at("hash"))
                                    why += std::string(form) + ": stateRoot " + r.at("stateRoot").get<std::string>() +
                                           " expected " + post.at("hash").get<std::string>() + "; ";
                                if (r.at("logsHash") != post.at("logs"))
                                    why += std::string(form) + ": logsHash differs; ";
                                const bool was_rejected = r.contains("rejected") && r.at("rejected").size() == 1 &&
                                                          r.at("rejected").at(0).at("index") == 0;
                                if (was_rejected != rejected)
                                    why += std::string(form) + (rejected ? ": not rejected; " : ": rejected: " +
                                                                r.at("rejected").dump() + "; ");
                            } catch (const std::exception& e) {
                                why += std::string(form) + ": error: " + e.what() + "; ";
                            }
                        }
                        if (why.empty()) {
                            ++file_passed;
                        } else {
                            ++file_failed;
                            std::printf("FAIL %s (%s)\n  %s\n", where.c_str(), file.c_str(), why.c_str());
                        }
                    }
                }
            }
            std::printf("%s: %zu passed, %zu failed\n", file.c_str(), file_passed, file_failed);
            passed += file_passed;
            failed += file_failed;
        }
    } catch (const std::exception& e) {
        std::printf("error: %s\n", e.what());
        ++failed;
    }
    std::printf("%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
    return failed || skipped ? 1 : 0;
}
