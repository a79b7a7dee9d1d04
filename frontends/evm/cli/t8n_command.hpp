/// @file t8n_command.hpp
/// `trellis-evm t8n`: the command-line side of the state transition tool (t8n.hpp): geth's `evm t8n` flags,
/// input files or `stdin`, outputs to files under --output.basedir or to `stdout`/`stderr`.
#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "trellis/evm/interpreter.hpp"

namespace trellis::evm {

/// The t8n flags, as geth spells them.
struct T8nArgs {
    std::string alloc = "alloc.json", txs = "txs.json", env = "env.json";  ///< file names, or "stdin"
    std::string fork = "Osaka";
    std::string reward = "0";       ///< wei; "-1": no block reward
    std::string chain_id = "1";
    std::string basedir;            ///< folder for the output files (created if missing)
    std::string out_result = "result.json", out_alloc = "alloc.json", out_body;  ///< names, "stdout" or "stderr"
};

/// Registers the `t8n` subcommand on `app`, storing its flags in `args`; returns the subcommand.
CLI::App* add_t8n_command(CLI::App& app, T8nArgs& args);

/// Runs the transition `args` describe with the given dispatch/interpreter (ExecOptions). When one input is
/// "stdin", stdin holds one JSON object with members "alloc", "env" and "txs" (an array) or "txsRlp" (hex).
/// Outputs named "stdout"/"stderr" are gathered in one JSON object {"result", "alloc", "body"} printed there.
/// Returns 0; throws core::Error for unreadable files and malformed input.
int run_t8n_command(const T8nArgs& args, const ExecOptions& exec);

}  // namespace trellis::evm
