/// @file main.cpp
/// `trellis-st`: runs a SOM program as SOM VMs do (`trellis-st [-cp PATH[:PATH...]] FILE.som [args...]`: the class
/// named by the file gets `run:` with the argument array, or `run`), evaluates statements (`-e EXPR`), or starts a
/// REPL (no program: cli/repl.hpp).
/// Flags: `--dispatch=switch|goto|tail` (the interpreter loop), `--max-heap MB` (old-generation limit).
/// Exit status: 0, 1 after an error (message and Smalltalk stack trace on stderr), the code of `system exit:`,
/// 2 after a bad command line.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "trellis/core/error.hpp"
#include "repl.hpp"
#include "trellis/smalltalk/vm.hpp"

namespace {

void usage() {
    std::fputs("usage: trellis-st [--dispatch=switch|goto|tail] [--max-heap MB] [-cp PATH[:PATH...]] FILE.som [args...]\n"
               "       trellis-st [options] -e 'STATEMENTS'\n"
               "       trellis-st [options]              (REPL)\n",
               stderr);
}

std::vector<std::string> split_path(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t colon = s.find(':', start);
        std::string part = s.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!part.empty()) out.push_back(part);
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace trellis;
    smalltalk::VmOptions options;
    std::string expr;
    bool have_expr = false;
    int i = 1;
    try {
        for (; i < argc; ++i) {
            std::string a = argv[i];
            if (a == "-cp" || a == "--classpath") {
                if (i + 1 >= argc) return usage(), 2;
                for (auto& p : split_path(argv[++i])) options.class_path.push_back(p);
            } else if (a.rfind("--dispatch=", 0) == 0) {
                options.strategy = dispatch::parse_strategy(a.substr(11));
            } else if (a == "--dispatch") {
                if (i + 1 >= argc) return usage(), 2;
                options.strategy = dispatch::parse_strategy(argv[++i]);
            } else if (a == "--max-heap") {
                if (i + 1 >= argc) return usage(), 2;
                char* end = nullptr;
                unsigned long mb = std::strtoul(argv[++i], &end, 10);
                if (!end || *end || mb == 0) return usage(), 2;
                options.max_heap_bytes = size_t(mb) << 20;
            } else if (a == "-e") {
                if (i + 1 >= argc) return usage(), 2;
                expr = argv[++i];
                have_expr = true;
            } else if (a == "-h" || a == "--help") {
                usage();
                return 0;
            } else if (!a.empty() && a[0] == '-') {
                std::fprintf(stderr, "trellis-st: unknown option %s\n", a.c_str());
                usage();
                return 2;
            } else {
                break;
            }
        }
    } catch (const core::Error& e) {
        std::fprintf(stderr, "trellis-st: %s\n", e.what());
        return 2;
    }
    try {
        smalltalk::Vm vm(options);
        if (!have_expr && i >= argc) return smalltalk::run_repl(vm);
        if (have_expr) return vm.evaluate(expr, false);
        std::vector<std::string> args(argv + i + 1, argv + argc);
        return vm.run_program(argv[i], args);
    } catch (const core::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
