/// @file main.cpp
/// `trellis-st`: runs a SOM program as SOM VMs do (`trellis-st [-cp PATH[:PATH...]] FILE.som [args...]`: the class
/// named by the file gets `run:` with the argument array, or `run`), evaluates statements (`-e EXPR`), or starts a
/// REPL (no program: cli/repl.hpp).
/// Flags: `--dispatch=switch|goto|tail` (the interpreter loop), `--max-heap MB` (old-generation limit), `--stack KB`
/// (frame stack size; recursion deeper than it signals StackOverflow).
/// Exit status: 0, 1 after an error (message and Smalltalk stack trace on stderr), the code of `system exit:`,
/// 2 after a bad command line.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "trellis/core/error.hpp"
#include "repl.hpp"
#include "trellis/smalltalk/vm.hpp"

namespace {

void usage() {
    std::fputs("usage: trellis-st [--dispatch=switch|goto|tail] [--max-heap MB] [--stack KB] [-cp PATH[:PATH...]] FILE.som [args...]\n"
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

/// Ends the process with `status` once the program is done. The VM is not torn down: freeing its few thousand
/// blocks one by one and unmapping its regions is work the kernel does at exit anyway (about 100k instructions of a
/// 1.4M-instruction `-e '1 printNl'`). Sanitizer builds (leak checks) and TRELLIS_GC_STATS=1 (statistics printed by
/// the heap's destructor) destroy it as usual. Nothing else is pending: the CLI's VM has no host objects, whose
/// finalizers are the only work of the heap's destructor.
int finish(std::unique_ptr<trellis::smalltalk::Vm> vm, int status) {
#if !defined(TRELLIS_SANITIZE)
    if (!std::getenv("TRELLIS_GC_STATS")) {
        std::fflush(nullptr);
        std::_Exit(status);
    }
#endif
    vm.reset();
    return status;
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
            } else if (a == "--stack") {
                if (i + 1 >= argc) return usage(), 2;
                char* end = nullptr;
                unsigned long kb = std::strtoul(argv[++i], &end, 10);
                if (!end || *end || kb < 16 || kb > (size_t(1) << 30)) return usage(), 2;
                options.stack_bytes = size_t(kb) << 10;
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
        auto vm = std::make_unique<smalltalk::Vm>(options);
        int status;
        if (!have_expr && i >= argc) {
            status = smalltalk::run_repl(*vm);
        } else if (have_expr) {
            status = vm->evaluate(expr, false);
        } else {
            std::vector<std::string> args(argv + i + 1, argv + argc);
            status = vm->run_program(argv[i], args);
        }
        return finish(std::move(vm), status);
    } catch (const core::Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
