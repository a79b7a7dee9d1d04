/// @file run.cpp
/// run_program (interpreter.hpp): sets up the Vm (@ARGV, %ENV, $0), parses and compiles the program, and runs
/// it on a thread with a 1 GiB native stack (reserved, touched only as deep as the program recurses).
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <cstdlib>

#include "compiler/compiler.hpp"
#include "compiler/dump.hpp"
#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "runtime/warnings.hpp"
#include "syntax/parser.hpp"
#include "trellis/core/error.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/perl/interpreter.hpp"

extern char** environ;

namespace trellis::perl {

namespace {


// A BEGIN block stopped the program (die or exit) with this status; its messages are printed.
struct BeginStop {
    int status;
};

// @ARGV, %ENV and $0: set before parsing, so BEGIN blocks see them (perlrun).
void set_program_globals(Vm& vm, const RunOptions& opt) {
    Value argv = vm.glob_av(vm.g_argv);
    for (const std::string& a : opt.args) {
        vm.scratch.push_back(argv);
        av::push_value(vm.heap, vm.scratch.back(), make_str(vm.heap, a));
        argv = vm.scratch.back();
        vm.scratch.pop_back();
    }
    vm.glob_hv(vm.g_env);
    for (char** e = environ; e && *e; ++e) {
        std::string kv(*e);
        size_t eq = kv.find('=');
        if (eq == std::string::npos) continue;
        Value k = make_str(vm.heap, kv.substr(0, eq));
        vm.scratch.push_back(k);
        Value v = make_str(vm.heap, kv.substr(eq + 1));
        hv::store(vm.heap, vm.globs[vm.g_env].hv, vm.scratch.back(), v);
        vm.scratch.pop_back();
    }
    vm.set_global(vm.g_zero, make_str(vm.heap, opt.file_name));
}

int run_here(std::string_view source, const RunOptions& opt) {
    Vm vm(opt.file_name, opt.strategy);
    Program prog;
    prog.file = opt.file_name;
    prog.inplace = vm.inplace = opt.inplace;  // -i (runtime/inplace.cpp)
    vm.inplace_ext = opt.inplace_ext;
    if (opt.inplace && opt.args.empty())
        std::fputs("-i used with no filenames on the command line, reading from STDIN.\n", stderr);
    uint32_t main = 0;
    set_program_globals(vm, opt);
    try {
        Parser parser(prog, source, opt.file_name);
        parser.declared_subs = &vm.declared_subs;
        parser.on_begin = [&](Node* def) {  // BEGIN { }: compiled and run now (runtime/phases.cpp)
            Compiler begin(vm, prog);
            begin.declared = vm.declared_subs;
            if (opt.warnings) begin.set_warnings(w_all);
            const uint32_t index = begin.compile_begin(def, parser.package, parser.lexical_names, parser.our_names);
            if (int status = vm.run_begin(index, def->line); status >= 0) throw BeginStop{status};
        };
        parser.parse_program();
        Compiler compiler(vm, prog);
        compiler.declared = vm.declared_subs;
        if (opt.warnings) compiler.set_warnings(w_all);  // -w (perlrun): every category, until a pragma
        main = compiler.compile_program();
    } catch (const core::Error& e) {
        std::string msg = e.what();
        if (msg.empty() || msg.back() != '\n') msg += '\n';
        if (msg.compare(0, 12, "syntax error") == 0 || msg.compare(0, 13, "Global symbol") == 0)
            msg += "Execution of " + opt.file_name + " aborted due to compilation errors.\n";
        std::fputs(msg.c_str(), stderr);
        return 255;
    } catch (const BeginStop& stop) {
        return stop.status;
    }
    if (std::getenv("TRELLIS_PERL_DUMP"))
        for (auto& p : vm.protos) dump_proto(*p, stderr);
    if (int status = vm.run_phase_blocks(true); status >= 0) return status;  // CHECK blocks, also under -c
    if (opt.check_only) {
        std::fprintf(stderr, "%s syntax OK\n", opt.file_name.c_str());
        return 0;
    }
    if (int status = vm.run_phase_blocks(false); status >= 0) return status;  // INIT blocks
    if (prog.has_data) {  // the DATA handle reads the text after __END__ / __DATA__
        std::FILE* fp = std::tmpfile();
        if (fp) {
            std::fwrite(prog.data.data(), 1, prog.data.size(), fp);
            std::rewind(fp);
            vm.files.push_back({fp, false, false});
            vm.named_files["DATA"] = static_cast<int>(vm.files.size() - 1);
        }
    }
    try {
        return vm.run_main(main);
    } catch (const core::Error& e) {  // gc::OutOfMemory
        vm.flush();
        std::fprintf(stderr, "Out of memory! (%s)\n", e.what());
        return 255;
    }
}

}  // namespace

int run_with_large_stack(const std::function<int()>& fn) {
    struct Call {
        const std::function<int()>* fn;
        int status = 255;
    } call{&fn};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, size_t(1) << 30);
    pthread_t t;
    static pid_t started_in;  // a child made by the program's `fork` ends here: no thread is left to join this one
    started_in = ::getpid();
    auto body = [](void* p) -> void* {
        auto* c = static_cast<Call*>(p);
        c->status = (*c->fn)();
        if (::getpid() != started_in) std::exit(c->status);
        return nullptr;
    };
    if (pthread_create(&t, &attr, body, &call) != 0) {
        pthread_attr_destroy(&attr);
        return fn();
    }
    pthread_attr_destroy(&attr);
    pthread_join(t, nullptr);
    return call.status;
}

int run_program(std::string_view source, const RunOptions& options) {
    return run_with_large_stack([&] { return run_here(source, options); });
}

}  // namespace trellis::perl
