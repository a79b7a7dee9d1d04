/// @file builtins_system.cpp
/// The LANGUAGE.md §13 builtins beyond the core set (declared in builtins_system.hpp):
///  - I/O and system: `input([prompt])` (a line of stdin without its newline, null at end of input),
///    `read_file(path)` / `file_read_text(path)` (the whole file as a String), `write_file(path, text)` /
///    `file_write_text`, `append_file` / `file_append` (true on success), `file_exists(path)`, `file_delete(path)`
///    (true if a file was removed),
///    `file_list_dir(path)` (sorted names), `exit_program([code])` (flushes output and ends the program: run_source returns `code`),
///    `sleep(seconds)`, `env_get(name[, default])`, `env_set(name, value)`. Paths are relative to the working
///    directory, as in the reference. Failures are Zexus errors ("Cannot read file 'p'").
///  - `random()` an Integer in [0, 100], `random(n)` in [0, n], `random(a, b)` in [a, b] (bounds included, as
///    the reference's table has it); `matches_pattern(text, regex)`: true if the ECMAScript regex matches
///    somewhere in text.
///  - Crypto: `hash(data[, algorithm])` with SHA256 (default), SHA512, SHA1, SHA3-256, KECCAK256, RIPEMD160
///    (names case-insensitive, `-`/`_` optional); `keccak256(data)` (Ethereum's Keccak-256, original padding);
///    `sha256(data)`. All hash the UTF-8 bytes of data's print form and return lowercase hex without a prefix.
///    Implemented with Crypto++, in a module loaded on the first hash (builtins_hash.hpp).
///  - Recognised but not provided (signatures, transactions, dependency injection, concurrency, networking,
///    databases): calling one raises "'NAME' is not supported".
#include "builtins/builtins_system.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include "builtins/builtins_hash.hpp"
#include "eval/eval_impl.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/core/line_reader.hpp"

namespace trellis::zexus {

namespace {

enum class S : int {
#define TRELLIS_ZX_S(name) s_##name,
    TRELLIS_ZEXUS_SYSTEM_BUILTINS(TRELLIS_ZX_S)
#undef TRELLIS_ZX_S
};
constexpr std::string_view k_system_names[] = {
#define TRELLIS_ZX_S(name) #name,
    TRELLIS_ZEXUS_SYSTEM_BUILTINS(TRELLIS_ZX_S)
#undef TRELLIS_ZX_S
};

/// Upper-case name without '-' and '_' ("sha3-256" -> "SHA3256").
std::string normalise(std::string_view name) {
    std::string s;
    for (char c : name)
        if (c != '-' && c != '_') s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::mt19937_64& rng() {
    static thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

}  // namespace

Value call_system_builtin(Evaluator& ev, int index, Value* a, size_t argc) {
    const std::string name(k_system_names[index]);
    auto need = [&](size_t n) {
        if (argc < n) ev.fail(name + "() takes " + std::to_string(n) + " argument(s), got " + std::to_string(argc));
    };
    auto need_str = [&](size_t i) {
        if (!ev.is_string(a[i])) ev.fail(name + "() expects a String, got " + ev.upper_type(a[i]));
        return std::string(ev.str(a[i]));
    };
    auto need_int = [&](size_t i) {
        if (!a[i].is_small_int()) ev.fail(name + "() expects an Integer, got " + ev.upper_type(a[i]));
        return a[i].as_small_int();
    };
    namespace fs = std::filesystem;
    switch (static_cast<S>(index)) {
        case S::s_input: {
            if (argc > 0) {
                ev.out().write_out(ev.display(a[0]));
                ev.out().flush();
            }
            std::string line;
            if (!core::read_line(stdin, line)) return Value::nil();
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return ev.make_string(line);
        }
        case S::s_read_file:
        case S::s_file_read_text: {
            need(1);
            std::string path = need_str(0);
            std::ifstream in(path, std::ios::binary);
            if (!in) ev.fail("Cannot read file '" + path + "'");
            std::ostringstream text;
            text << in.rdbuf();
            return ev.make_string(text.str());
        }
        case S::s_write_file:
        case S::s_file_write_text:
        case S::s_append_file:
        case S::s_file_append: {
            need(2);
            std::string path = need_str(0);
            std::string text = ev.display(a[1]);
            bool append = static_cast<S>(index) == S::s_append_file || static_cast<S>(index) == S::s_file_append;
            std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
            if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())))
                ev.fail("Cannot write file '" + path + "'");
            return Value::boolean(true);
        }
        case S::s_file_exists: {
            need(1);
            std::error_code ec;
            return Value::boolean(fs::exists(need_str(0), ec));
        }
        case S::s_file_delete: {
            need(1);
            std::error_code ec;
            return Value::boolean(fs::remove(need_str(0), ec));
        }
        case S::s_file_list_dir: {
            need(1);
            std::string path = need_str(0);
            std::vector<std::string> names;
            std::error_code ec;
            for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
                names.push_back(it->path().filename().string());
            if (ec) ev.fail("Cannot list directory '" + path + "'");
            std::sort(names.begin(), names.end());
            Value* base = ev.sp();
            for (const std::string& n : names) ev.push(ev.make_string(n));
            Value r = ev.list_from(base, names.size());
            ev.set_sp(base);
            return r;
        }
        case S::s_exit_program: {
            int code = argc > 0 ? static_cast<int>(need_int(0)) : 0;
            ev.out().flush();
            throw ZexusProgramExit{code};
        }
        case S::s_sleep: {
            need(1);
            if (!a[0].is_number()) ev.fail("sleep() expects a number of seconds");
            double s = a[0].to_double();
            if (s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(s));
            return Value::nil();
        }
        case S::s_env_get: {
            need(1);
            const char* v = std::getenv(need_str(0).c_str());
            if (v) return ev.make_string(v);
            return argc > 1 ? a[1] : Value::nil();
        }
        case S::s_env_set: {
            need(2);
            std::string key = need_str(0), value = ev.display(a[1]);
            if (key.empty() || key.find('=') != std::string::npos) ev.fail("env_set() needs a name without '='");
            ::setenv(key.c_str(), value.c_str(), 1);
            return Value::boolean(true);
        }
        case S::s_random: {
            int64_t lo = 0, hi = 100;
            if (argc == 1) hi = need_int(0);
            else if (argc >= 2) lo = need_int(0), hi = need_int(1);
            if (hi < lo) ev.fail("random() needs low <= high");
            return Value::small_int(std::uniform_int_distribution<int64_t>(lo, hi)(rng()));
        }
        case S::s_matches_pattern: {
            need(2);
            std::string text = need_str(0), pattern = need_str(1);
            try {
                return Value::boolean(std::regex_search(text, std::regex(pattern)));
            } catch (const std::regex_error&) {
                ev.fail("matches_pattern(): invalid pattern '" + pattern + "'");
            }
        }
        case S::s_hash:
        case S::s_keccak256:
        case S::s_sha256: {
            need(1);
            std::string data = ev.display(a[0]);
            std::string algo = static_cast<S>(index) == S::s_keccak256 ? "KECCAK256"
                               : static_cast<S>(index) == S::s_sha256   ? "SHA256"
                               : argc > 1                               ? normalise(need_str(1))
                                                                        : "SHA256";
            if (algo == "SHA3") algo = "SHA3256";
            else if (algo == "KECCAK") algo = "KECCAK256";
            uint8_t digest[64];
            std::string error;
            size_t size = compute_digest(algo.c_str(), data, digest, error);
            if (size == SIZE_MAX) ev.fail("hash(): " + error);
            if (size == 0)
                ev.fail("hash(): unsupported algorithm '" + (argc > 1 ? std::string(ev.str(a[1])) : algo) + "'");
            return ev.make_string(core::to_hex(core::BytesView(digest, size)));
        }
        case S::s_register_dependency: return builtin_register_dependency(ev, a, argc, false);
        case S::s_mock_dependency: return builtin_register_dependency(ev, a, argc, true);
        case S::s_inject: return builtin_inject(ev, a, argc);
        case S::s_validate: return builtin_validate(ev, a, argc);
        case S::s_sanitize: return builtin_sanitize(ev, a, argc);
        default: ev.fail("'" + name + "' is not supported");
    }
}

}  // namespace trellis::zexus
