/// @file builtins_system.hpp
/// Private to the Zexus evaluator: the §13 builtins beyond the core set of builtins.cpp (LANGUAGE.md §13):
/// I/O and system (`input`, `read_file`, `write_file`, the `file_*` family, `exit_program`, `sleep`,
/// `env_get`/`env_set`), numbers and strings (`random`, `matches_pattern`), crypto (`hash`, `keccak256`, through
/// Crypto++), and the §12/§13 names Trellis recognises but does not provide (`signature`, `send`, `http_get`, ...),
/// which raise "'NAME' is not supported" when called instead of "Identifier not found".
#pragma once
#include <cstddef>
#include <string_view>

#include "trellis/core/value.hpp"

namespace trellis::zexus {

class Evaluator;

/// X-macro of the builtins implemented in builtins_system.cpp, in table order after the core builtins.
#define TRELLIS_ZEXUS_SYSTEM_BUILTINS(X)                                                                      \
    X(input) X(read_file) X(write_file) X(append_file) X(file_read_text) X(file_write_text) X(file_append)   \
    X(file_exists) X(file_delete) X(file_list_dir) X(exit_program) X(sleep) X(env_get) X(env_set) X(random)                 \
    X(matches_pattern) X(hash) X(keccak256) X(sha256)                                                        \
    X(signature) X(verify_sig) X(generateKeypair) X(deriveAddress) X(gas) X(tx) X(limit) X(protect)          \
    X(persist_set) X(persist_get) X(register_dependency) X(mock_dependency) X(wait_group) X(barrier) X(send) \
    X(receive) X(http_get) X(http_post) X(sqlite_connect) X(inject) X(validate) X(sanitize)

/// Calls system builtin number `index` (0-based position in TRELLIS_ZEXUS_SYSTEM_BUILTINS) with args[0..argc)
/// (rooted on the evaluator's value stack). Returns the raw result; Zexus errors are thrown through ev.fail().
core::Value call_system_builtin(Evaluator& ev, int index, core::Value* args, size_t argc);

// The §15 dependency-injection and validation builtins (builtins_checks.cpp); args rooted, errors via ev.fail().
/// `register_dependency(name, value)` (`mock` false) / `mock_dependency(name, value)`: stores value under name;
/// a mock wins over a registered dependency. Returns true.
core::Value builtin_register_dependency(Evaluator& ev, core::Value* args, size_t argc, bool mock);
/// `inject(name)`: the mock or dependency registered under name, else null (the `inject NAME` statement).
core::Value builtin_inject(Evaluator& ev, core::Value* args, size_t argc);
/// `validate(value, schema)`: "Validation passed: ..." / "Validation failed: ..." for a named validator.
core::Value builtin_validate(Evaluator& ev, core::Value* args, size_t argc);
/// `sanitize(value[, encoding])`: value's print form escaped for "html" (default), "sql" or "url".
core::Value builtin_sanitize(Evaluator& ev, core::Value* args, size_t argc);

}  // namespace trellis::zexus
