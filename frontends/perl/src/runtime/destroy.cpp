/// @file destroy.cpp
/// DESTROY (perlobj "Destructors") on the heap's finalization with resurrection (gc/heap.hpp): an object blessed
/// into a class that can DESTROY is registered; a collection that finds it unreachable keeps it alive and queues
/// it, and its hook parks the step budget (Vm::arm_destroy) so that the next sub call or backward jump runs the
/// queue (Vm::out_of_steps). At the end of the program a full collection finds the objects that became
/// unreachable (DESTROYed before END blocks, as perl frees them when their scope ends), then what the file's
/// lexicals hold that no sub, closure or END block refers to (last declared first); after the END blocks every
/// object still registered gets its DESTROY (perl's global destruction), the remaining lexicals first.
/// DESTROY runs as perl runs it (sv.c S_curse): `$_[0]` is the object, void context, a die turned into the
/// warning "\t(in cleanup) MSG" that leaves `$@` alone (perl's G_KEEPERR; printed under misc warnings), AUTOLOAD
/// called for a class without DESTROY. Each object gets at most one DESTROY call; one stored somewhere by its DESTROY
/// (resurrection) lives on without another.
#include <algorithm>

#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

void Vm::note_blessed_slow(Value obj, uint16_t id) {
    if (destroy_classes.size() <= id) destroy_classes.resize(id + 1u);
    scratch.push_back(obj);
    const std::string& pkg = package_name(id);
    Value code = find_method(pkg, "DESTROY");
    int64_t glob = -1;
    if (!code.is_nil()) {  // the glob of the sub found (its proto is named after it), read afresh at each call
        const std::string& sub = protos[static_cast<size_t>(static_cast<core::Closure*>(code.as_object())->function.as_small_int())]->name;
        glob = find_glob(sub);
        if (glob >= 0 && globs[static_cast<size_t>(glob)].cv.bits() != code.bits()) glob = -1;
    }
    bool can = !code.is_nil() || !find_method(pkg, "AUTOLOAD").is_nil();
    destroy_classes[id] = {globs.size(), can, glob};
    obj = scratch.back();
    scratch.pop_back();
    if (can) heap.register_finalizable(obj.as_object());
}

namespace {

// Whether the warning of a die in DESTROY `code` is printed: perl prints it when the misc category is enabled
// where the die happened (the DESTROY body, nearly always).
bool cleanup_warns(Vm& vm, Value code) {
    const Proto& p = *vm.protos[static_cast<size_t>(static_cast<core::Closure*>(code.as_object())->function.as_small_int())];
    return p.warns;
}

// One DESTROY call for `obj` (rooted in vm.scratch's top slot by the caller).
bool destroy_one(Vm& vm, State& s) {
    Value obj = vm.scratch.back();
    const uint16_t id = obj.as_object()->class_id;
    if (id == 0) return true;  // unblessed since
    Value code = Value::nil();
    if (id < vm.destroy_classes.size() && vm.destroy_classes[id].globs == vm.globs.size() &&
        vm.destroy_classes[id].glob >= 0)  // the class's DESTROY, found at bless time
        code = vm.globs[static_cast<size_t>(vm.destroy_classes[id].glob)].cv;
    if (!core::is_kind(code, core::Kind::closure)) {
        const std::string pkg = vm.package_name(id);
        code = vm.find_method(pkg, "DESTROY");
        if (code.is_nil()) code = vm.find_autoload(pkg, pkg + "::DESTROY");  // perlobj: AUTOLOAD is called for it
        if (code.is_nil()) return true;
    }
    vm.scratch.push_back(code);
    Value args = Value::object(gc::new_list(vm.heap, 1));
    vm.scratch.push_back(args);
    av::push_value(vm.heap, vm.scratch.back(), vm.scratch[vm.scratch.size() - 3]);
    // the last match of the interrupted code (a die in DESTROY leaves $@ alone: the call sets only pending_error)
    vm.scratch.push_back(vm.match_subject);
    std::vector<long> offsets;
    offsets.swap(vm.match_offsets);  // DESTROY starts without the interrupted code's match
    Value saved_error = vm.pending_error;
    const bool saved_position = vm.error_needs_position;
    vm.scratch.push_back(saved_error);
    const size_t base = vm.scratch.size() - 5;  // obj, code, args, match subject, pending error
    State tmp = s;
    tmp.status = Status::ok;
    Value out;
    bool ok = vm.call(tmp, vm.scratch[base + 1], vm.scratch[base + 2], ctx_void, out);
    bool exited = false;
    if (!ok && tmp.status == Status::exit) {
        exited = true;
    } else if (!ok && tmp.status == Status::die) {
        std::string msg;
        Value e = vm.pending_error;
        if (is_ref(e) && e.as_object()->class_id) append_str(msg, e, &vm.package_name(e.as_object()->class_id));
        else append_str(msg, e);
        if (msg.empty() || msg.back() != '\n') msg += '\n';
        if (cleanup_warns(vm, vm.scratch[base + 1])) {
            State w = s;
            w.status = Status::ok;
            if (!vm.warn(w, "\t(in cleanup) " + msg) && w.status == Status::exit) exited = true;
        }
    }
    vm.match_subject = vm.scratch[base + 3];
    vm.match_offsets = std::move(offsets);
    vm.pending_error = vm.scratch[base + 4];
    vm.error_needs_position = saved_position;
    vm.scratch.resize(base + 1);  // the caller pops obj
    if (exited) {
        s.status = Status::exit;
        return false;
    }
    return true;
}

}  // namespace

bool Vm::run_destroy_queue(State& s) {
    if (in_destroy) return true;
    in_destroy = true;
    bool ok = true;
    while (ok && heap.finalization_ready()) {
        scratch.push_back(heap.take_ready());
        ok = destroy_one(*this, s);
        scratch.pop_back();
    }
    in_destroy = false;
    return ok;
}

namespace {

// The main-frame registers some sub, closure, END block or eval STRING reaches (OUTER, outer captures, eval
// sites' variables): 1 per such register.
std::vector<char> main_registers_reached(const Vm& vm) {
    std::vector<char> reached(vm.main_nregs, 0);
    auto mark = [&](int64_t r) {
        if (r >= 0 && static_cast<uint64_t>(r) < reached.size()) reached[static_cast<size_t>(r)] = 1;
    };
    for (auto& p : vm.protos) {
        for (const Ins& ins : p->code)
            if (ins.op == Op::OUTER) mark(ins.d);
        for (const Capture& c : p->captures)
            if (c.kind == Capture::outer) mark(c.index);
    }
    for (const EvalSite& site : vm.eval_sites)
        for (const EvalSite::Var& v : site.vars)
            if (v.kind == 2) mark(v.index);
    return reached;
}

// At the end of the main program its frame still holds the registers of inner blocks' lexicals and temporaries,
// which the running code no longer reaches: they are cleared, so that a collection sees what perl has freed by
// then. Kept: the file's lexicals and every register a sub, a closure or an eval STRING reaches (OUTER).
void clear_dead_main_registers(Vm& vm) {
    if (!vm.main_frame) return;
    std::vector<char> keep = main_registers_reached(vm);
    for (uint32_t r : vm.main_lexicals)
        if (r < keep.size()) keep[r] = 1;
    for (uint32_t i = 2; i < vm.main_nregs; ++i)
        if (!keep[i]) vm.main_frame[i] = Value::nil();
}

}  // namespace

void Vm::destroy_unreachable(State& s) {
    if (heap.finalizable_count() == 0 && !heap.finalization_ready()) return;
    clear_dead_main_registers(*this);
    heap.collect_major();
    disarm_destroy();
    State tmp = s;
    tmp.status = Status::ok;
    run_destroy_queue(tmp);
    if (tmp.status == Status::exit) s.status = Status::exit;
}

void Vm::destroy_lexicals(State& s, bool unreached_only) {
    if (heap.finalizable_count() == 0 && !heap.finalization_ready()) return;
    State tmp = s;
    tmp.status = Status::ok;
    if (!run_destroy_queue(tmp)) return;
    // perl frees the main program's lexicals last declared first. queue_* allocate nothing: no rooting needed.
    std::vector<char> reached;
    if (unreached_only) reached = main_registers_reached(*this);
    std::vector<Value> order;
    if (main_frame)
        for (auto it = main_lexicals.rbegin(); it != main_lexicals.rend(); ++it)
            if (!unreached_only || *it >= reached.size() || !reached[*it]) order.push_back(main_frame[*it]);
    heap.queue_finalizable_from(order.data(), order.size());
    run_destroy_queue(tmp);
    disarm_destroy();
}

void Vm::destroy_all(State& s) {
    global_destruction = true;
    if (heap.finalizable_count() == 0 && !heap.finalization_ready()) return;
    State tmp = s;
    tmp.status = Status::ok;
    if (!run_destroy_queue(tmp)) return;
    // perl's "global destruction" phase: the package variables, then whatever is left
    std::vector<Value> order;
    for (Glob& g : globs) {
        order.push_back(g.sv);
        order.push_back(g.av);
        order.push_back(g.hv);
    }
    heap.queue_finalizable_from(order.data(), order.size());
    if (!run_destroy_queue(tmp)) return;
    heap.queue_all_finalizable();
    run_destroy_queue(tmp);
    disarm_destroy();
}

}  // namespace trellis::perl
