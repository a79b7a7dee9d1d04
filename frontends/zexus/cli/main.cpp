/// @file main.cpp
/// `trellis-zx` (installed also as `zx-run`): runs a Zexus file (`trellis-zx FILE [args]`), inline code
/// (`trellis-zx -e CODE`), or a REPL with libedit when called with no program. Flags: `--max-iterations N`
/// (loop iteration cap, off by default; LANGUAGE.md §0), `--tier=tree|vm|auto` (default auto),
/// `--dispatch=switch|goto|tail` (the bytecode VM's loop), `--hot-loop N` and `--hot-call N` (tier-up thresholds:
/// loop iterations, calls). Exit status 1 after an uncaught error (LANGUAGE.md §10), 2 after a bad flag.
///
/// Startup (the time to first output matters for scripts run many times): libedit is loaded with dlopen only
/// when the REPL starts, and after a script the process ends without tearing the interpreter down (the heap's
/// reservations are unmapped by the kernel at exit), unless TRELLIS_GC_STATS asks for the heap's report.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "trellis/zexus/interpreter.hpp"
#include "trellis/core/line_reader.hpp"

namespace {

void usage() {
    std::fputs("usage: trellis-zx [--tier=tree|vm|auto] [--dispatch=switch|goto|tail] [--hot-loop N] [--hot-call N]\n"
               "                  [--max-iterations N] [FILE [args...] | -e CODE]\n",
               stderr);
}

/// Net count of unclosed `{`, `(`, `[` outside strings and comments: the REPL keeps reading while positive.
int open_brackets(const std::string& text) {
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quote) {
            if (c == '\\') ++i;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') quote = c;
        else if (c == '#' && (i + 1 >= text.size() || text[i + 1] != '{')) {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '{' || c == '(' || c == '[') ++depth;
        else if (c == '}' || c == ')' || c == ']') --depth;
    }
    return depth;
}

/// Whether a REPL line opens a §15 colon block (its last non-blank character is ':'): the REPL then reads the
/// indented body up to an empty line, as Python's does.
bool opens_colon_block(const std::string& line) {
    size_t end = line.find_last_not_of(" \t\r");
    return end != std::string::npos && line[end] == ':';
}

int repl(const trellis::zexus::RunOptions& options) {
    trellis::zexus::Interpreter interp(options);
    const char* home = std::getenv("HOME");
    trellis::core::LineReader reader(isatty(0) && home && *home ? std::string(home) + "/.trellis_zx_history" : "");
    std::printf("Zexus on Trellis. Ctrl-D to exit.\n");
    std::string pending;
    bool colon_block = false;  // reading an indented colon block: it ends at an empty line
    for (;;) {
        std::string text;
        if (!reader.read(pending.empty() ? "zx> " : "... ", text)) break;
        pending += text;
        pending += '\n';
        if (open_brackets(pending) > 0) continue;
        if (opens_colon_block(text)) colon_block = true;
        if (colon_block && text.find_first_not_of(" \t\r") != std::string::npos) continue;
        colon_block = false;
        if (pending.find_first_not_of(" \t\n") != std::string::npos) {
            pending.pop_back();
            std::string shown;
            interp.run_repl_line(pending, shown);
            if (!shown.empty()) std::printf("%s\n", shown.c_str());
            std::fflush(stdout);
            if (auto code = interp.exit_status()) return *code;  // exit_program(code) ends the session
        }
        pending.clear();
    }
    std::printf("\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    trellis::zexus::RunOptions options;
    std::string file, code;
    bool have_code = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-e" && i + 1 < argc) {
            code = argv[++i];
            have_code = true;
        } else if (a == "--max-iterations" && i + 1 < argc) {
            options.max_iterations = std::strtoull(argv[++i], nullptr, 10);
        } else if (a.rfind("--max-iterations=", 0) == 0) {
            options.max_iterations = std::strtoull(a.c_str() + 17, nullptr, 10);
        } else if (a.rfind("--tier=", 0) == 0) {
            std::string tier = a.substr(7);
            if (tier == "tree") options.tier = trellis::zexus::Tier::tree;
            else if (tier == "vm") options.tier = trellis::zexus::Tier::vm;
            else if (tier == "auto") options.tier = trellis::zexus::Tier::auto_;
            else {
                usage();
                return 2;
            }
        } else if (a.rfind("--dispatch=", 0) == 0) {
            try {
                options.strategy = trellis::dispatch::parse_strategy(a.substr(11));
            } catch (const std::exception& e) {
                std::fprintf(stderr, "trellis-zx: %s\n", e.what());
                return 2;
            }
        } else if ((a == "--hot-loop" || a == "--hot-call") && i + 1 < argc) {
            char* end = nullptr;
            unsigned long n = std::strtoul(argv[++i], &end, 10);
            if (*end != '\0' || n == 0 || n > 1000000000ul) {
                std::fprintf(stderr, "trellis-zx: %s needs a count between 1 and 1e9\n", a.c_str());
                return 2;
            }
            (a == "--hot-loop" ? options.hot_loop_threshold : options.hot_call_threshold) = uint32_t(n);
        } else if (a == "-h" || a == "--help") {
            usage();
            return 0;
        } else if (!a.empty() && a[0] == '-' && a != "-") {
            usage();
            return 2;
        } else {
            file = a;
            break;  // the rest are the script's arguments
        }
    }
    static char out_buffer[1 << 16];
    std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    if (!have_code && file.empty()) {
        std::setvbuf(stdout, nullptr, _IOLBF, 0);
        return trellis::zexus::run_on_large_stack([&] { return repl(options); });
    }
    const bool tear_down = std::getenv("TRELLIS_GC_STATS") != nullptr;
    return trellis::zexus::run_on_large_stack([&] {
        auto* interp = new trellis::zexus::Interpreter(options);
        int status = have_code ? interp->run_source(code, "<-e>") : interp->run_file(file);
        if (tear_down) {
            delete interp;
            return status;
        }
        std::fflush(stdout);
        std::fflush(stderr);
        _exit(status);  // the kernel reclaims the heap and stacks faster than unmapping them one by one
    });
}
