/// @file phases.cpp
/// The blocks perl runs outside the main program's flow (perlmod "BEGIN, UNITCHECK, CHECK, INIT and END"):
/// BEGIN as soon as the parser has read it (run.cpp installs Parser::on_begin, which compiles the block and calls
/// run_begin), CHECK after compilation (last defined first, also under -c), INIT before the main program (first
/// defined first). A die in one stops the program with perl's "BEGIN failed--compilation aborted at FILE line
/// N." / "CHECK failed--call queue aborted." and status 255; exit in one exits with its status. END blocks are
/// in interp.cpp (Vm::run_end_blocks).
#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

namespace {

// Runs proto `index` as a sub without arguments in void context from a frame of its own; -1 when it returned,
// else the exit status (a die's message is printed, followed by `failed` when it is not empty).
int run_block(Vm& vm, uint32_t index, const std::string& failed) {
    const Proto* proto = vm.protos[index].get();
    State outer{&vm, nullptr, proto->k.data(), proto, Status::ok, ctx_void, Value::nil()};
    outer.call_ip = proto->code.data();
    Value code = Value::object(gc::new_closure(vm.heap, Value::small_int(index), 0));
    vm.scratch.push_back(code);
    Value args = Value::object(gc::new_list(vm.heap, 1));
    Value out;
    const bool ok = vm.call(outer, vm.scratch.back(), args, ctx_void, out);
    vm.scratch.pop_back();
    if (ok) return -1;
    if (outer.status == Status::exit) {
        vm.flush();
        return vm.exit_code;
    }
    int status = vm.report_exit(outer);
    if (outer.status == Status::die && !failed.empty()) vm.err(failed);
    vm.flush();
    return status;
}

}  // namespace

int Vm::run_begin(uint32_t index, int line) {
    return run_block(*this, index, "BEGIN failed--compilation aborted at " + file + " line " + std::to_string(line) + ".\n");
}

int Vm::run_phase_blocks(bool check) {
    std::vector<uint32_t> blocks;
    blocks.swap(check ? check_blocks : init_blocks);  // once
    const std::string failed = check ? "CHECK failed--call queue aborted.\n" : "INIT failed--call queue aborted.\n";
    if (check) {
        for (auto it = blocks.rbegin(); it != blocks.rend(); ++it)
            if (int code = run_block(*this, *it, failed); code >= 0) return code;
    } else {
        for (uint32_t b : blocks)
            if (int code = run_block(*this, b, failed); code >= 0) return code;
    }
    return -1;
}

}  // namespace trellis::perl
