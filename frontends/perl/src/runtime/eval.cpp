/// @file eval.cpp
/// `eval STRING` at run time (perlfunc "eval"): the string is parsed and compiled (compiler_eval.cpp) as an
/// anonymous sub that captures the variables visible at the eval site, called with the caller's @_ in the
/// eval's context. Compiled strings are cached per site by their text, so a one-line eval in a loop parses
/// once. Errors of any stage land in $@ in perl's format ("... at (eval N) line M.\n"); $@ is "" on success.
#include "compiler/compiler.hpp"
#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "syntax/parser.hpp"
#include "trellis/core/error.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

namespace {

void set_error(Vm& vm, Value v) {
    auto* c = static_cast<core::Cell*>(vm.glob_sv(vm.g_at).as_object());
    vm.heap.store(c, c->value, v);
}

// The failed eval's value: undef, or the empty list in list context.
void fail_result(State& s, const Ins* ip) {
    s.r[ip->a] = ip->x == ctx_list ? Value::object(gc::new_list(s.vm->heap, 1)) : Value::nil();
}

}  // namespace

bool eval_string(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    std::string src = to_str(s.r[ip->b]);
    size_t site_index = static_cast<size_t>(ip->d);
    std::string name = "(eval " + std::to_string(++vm.eval_seq) + ")";
    auto it = vm.eval_sites[site_index].cache.find(src);
    EvalSite::Compiled comp{};
    if (it != vm.eval_sites[site_index].cache.end()) {
        comp = it->second;
    } else {
        EvalSite site = vm.eval_sites[site_index];  // a copy: compiling may add eval sites
        Program prog;
        prog.file = name;
        prog.strict_vars = site.strict;
        comp.first = static_cast<uint32_t>(vm.protos.size());
        try {
            Parser parser(prog, src, name);
            parser.package = site.package;
            parser.declared_subs = &vm.declared_subs;
            parser.parse_program();
            Compiler compiler(vm, prog);
            compiler.declared = vm.declared_subs;
            compiler.set_warnings(site.warnings);
            comp.main = compiler.compile_eval(site);
        } catch (const core::Error& e) {
            std::string msg = e.what();
            if (msg.empty() || msg.back() != '\n') msg += '\n';
            for (size_t i = comp.first; i < vm.protos.size(); ++i) vm.protos[i]->file = name;
            set_error(vm, make_str(vm.heap, msg));
            fail_result(s, ip);
            return true;
        }
        comp.end = static_cast<uint32_t>(vm.protos.size());
        vm.eval_sites[site_index].cache.emplace(src, comp);
    }
    for (size_t i = comp.first; i < comp.end; ++i)  // (a file the string requires keeps its own name)
        if (vm.protos[i]->file.empty() || vm.protos[i]->file[0] == '(') vm.protos[i]->file = name;
    Ins mk{};
    mk.op = Op::CLOSURE;
    mk.a = ip->a;
    mk.d = static_cast<int32_t>(comp.main);
    make_closure(s, &mk);
    Value out;
    if (!vm.call(s, s.r[ip->a], s.r[0], ip->x, out)) {
        if (s.status != Status::die) return false;  // exit
        s.status = Status::ok;
        Value err = vm.pending_error;
        if (vm.error_needs_position) {
            vm.error_needs_position = false;
            std::string m = to_str(err);
            if (!m.empty() && m.back() == '\n') m.pop_back();
            err = make_str(vm.heap, m + vm.where(s, ip));
        }
        set_error(vm, err);
        fail_result(s, ip);
        return true;
    }
    s.r[ip->a] = out;
    set_error(vm, vm.v_empty);
    return true;
}

}  // namespace trellis::perl
