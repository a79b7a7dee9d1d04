/// @file t8n_command.cpp
/// `trellis-evm t8n` (t8n_command.hpp): reading geth-style t8n inputs, running run_t8n (t8n.hpp), writing outputs.
#include "t8n_command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "trellis/core/error.hpp"
#include "trellis/evm/t8n.hpp"

namespace trellis::evm {

namespace {

using json = nlohmann::json;

json parse_text(const std::string& text, const std::string& what) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw core::Error(what + ": invalid JSON: " + e.what());
    }
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::Error(path + ": cannot open");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The value of one input: from the stdin object's `member` or from `path`.
json input(const std::string& path, const json* from_stdin, const char* member) {
    if (path == "stdin") {
        if (!from_stdin->contains(member)) return nullptr;
        return from_stdin->at(member);
    }
    return parse_text(read_file(path), path);
}

uint256 number_arg(const std::string& text, const char* flag) {
    try {
        return parse_uint256(text);
    } catch (const core::Error& e) {
        throw core::Error(std::string(flag) + ": " + e.what());
    }
}

}  // namespace

CLI::App* add_t8n_command(CLI::App& app, T8nArgs& a) {
    auto* t = app.add_subcommand("t8n", "state transition tool (geth `evm t8n` interface)");
    t->add_option("--input.alloc", a.alloc, "pre-state alloc file, or stdin");
    t->add_option("--input.txs", a.txs, "transactions (JSON array, or .rlp file holding a hex string), or stdin");
    t->add_option("--input.env", a.env, "block environment file, or stdin");
    t->add_option("--state.fork", a.fork, "fork (default Osaka)");
    t->add_option("--state.reward", a.reward, "block reward in wei, -1 for none (default 0)");
    t->add_option("--state.chainid", a.chain_id, "chain id (default 1)");
    t->add_option("--output.basedir", a.basedir, "folder for the output files");
    t->add_option("--output.result", a.out_result, "result file name, stdout or stderr (default result.json)");
    t->add_option("--output.alloc", a.out_alloc, "post-state alloc file name, stdout or stderr (default alloc.json)");
    t->add_option("--output.body", a.out_body, "RLP body file name, stdout or stderr (default: not written)");
    return t;
}

int run_t8n_command(const T8nArgs& a, const ExecOptions& exec) {
    T8nOptions o;
    const auto rev = parse_revision(a.fork);
    if (!rev) throw core::Error("--state.fork: unknown fork '" + a.fork + "'");
    o.rev = *rev;
    if (a.reward != "-1") o.reward = number_arg(a.reward, "--state.reward");
    o.chain_id = number_arg(a.chain_id, "--state.chainid");
    o.exec = exec;

    json stdin_doc = json::object();
    if (a.alloc == "stdin" || a.txs == "stdin" || a.env == "stdin") {
        stdin_doc = parse_text(std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()),
                               "stdin");
        if (!stdin_doc.is_object()) throw core::Error("stdin: expected an object {\"alloc\", \"env\", \"txs\"}");
    }
    const json alloc = input(a.alloc, &stdin_doc, "alloc");
    const json env = input(a.env, &stdin_doc, "env");
    json txs;
    if (a.txs == "stdin")
        txs = stdin_doc.contains("txsRlp") ? stdin_doc.at("txsRlp") : input(a.txs, &stdin_doc, "txs");
    else
        txs = input(a.txs, &stdin_doc, "txs");
    if (!alloc.is_object()) throw core::Error("alloc: expected an object of accounts");
    if (!env.is_object()) throw core::Error("env: expected an object");

    const T8nOutput out = run_t8n(alloc, env, txs, o);

    json to_stdout = json::object(), to_stderr = json::object();
    auto emit = [&](const std::string& name, const char* key, const json& value) {
        if (name.empty()) return;
        if (name == "stdout") {
            to_stdout[key] = value;
        } else if (name == "stderr") {
            to_stderr[key] = value;
        } else {
            std::filesystem::path path = a.basedir.empty() ? std::filesystem::path(name)
                                                           : std::filesystem::path(a.basedir) / name;
            if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
            std::ofstream f(path);
            if (!f) throw core::Error(path.string() + ": cannot write");
            f << value.dump(2) << '\n';
        }
    };
    emit(a.out_alloc, "alloc", out.alloc);
    emit(a.out_result, "result", out.result);
    emit(a.out_body, "body", out.body);
    if (!to_stdout.empty()) std::cout << to_stdout.dump(2) << std::endl;
    if (!to_stderr.empty()) std::cerr << to_stderr.dump(2) << std::endl;
    return 0;
}

}  // namespace trellis::evm
