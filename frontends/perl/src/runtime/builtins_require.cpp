/// @file builtins_require.cpp
/// Running the body of a file where perl runs it (perlfunc "require", "do", "use"): the parser
/// (syntax/parser_files.cpp) compiles each file's body as a hidden named sub; these builtins call it.
///  - `__require(REL, PATH, SUB, USE)`: perlfunc "require"'s steps: a true `$INC{REL}` returns 1; an
///    `$INC{REL}` that exists but is undef (an earlier require of it died) is "Attempt to reload REL aborted.";
///    otherwise `$INC{REL} = PATH`, the body runs in scalar context, a die in it leaves `$INC{REL}` undef and is
///    rethrown as a string with "Compilation failed in require at FILE line N." appended (objects too); a false value deletes `$INC{REL}` and dies "REL did not return a true value".
///    USE true (a `use`, run at compile time in perl) adds "BEGIN failed--compilation aborted at FILE line N.".
///  - `__do_file(REL, PATH, SUB)`: perlfunc "do": `$INC{REL} = PATH`, the body runs in the caller's context; a die
///    is caught into `$@` (the value is undef, or the empty list), otherwise `$@` is "".
///  - `__bind_sub(CODE, GLOB)`: installs closure CODE as the sub of glob index GLOB (compiler/compiler_files.cpp:
///    a file's named sub that captures the file's lexicals, bound when the file's body starts).
#include "runtime/builtins_call.hpp"
#include "trellis/gc/handles.hpp"

namespace trellis::perl::builtins {

namespace {

Value inc_hash(Vm& vm) { return vm.glob_hv(vm.glob_index("main::INC")); }

void set_inc(Call& c, Value rel, Value v) {
    gc::HandleScope scope(c.heap());
    gc::Local val(c.heap(), v);
    gc::Local key(c.heap(), rel);
    key.set(hv::key(c.heap(), key.get()));
    gc::Local h(c.heap(), inc_hash(c.vm()));
    auto* cl = static_cast<core::Cell*>(hv::elem(c.heap(), h.slot(), key.get()).as_object());
    c.heap().store(cl, cl->value, val.get());
}

void set_at(Vm& vm, Value v) {
    auto* cl = static_cast<core::Cell*>(vm.glob_sv(vm.g_at).as_object());
    vm.heap.store(cl, cl->value, v);
}

// The error a call into Perl code left, with its position when it still lacks one.
Value caught_error(Call& c) {
    Vm& vm = c.vm();
    Value err = vm.pending_error;
    if (vm.error_needs_position) {
        vm.error_needs_position = false;
        std::string m = to_str(err);
        if (!m.empty() && m.back() == '\n') m.pop_back();
        err = make_str(vm.heap, m + vm.where(c.s, c.ip));
    }
    return err;
}

}  // namespace

bool b_require_file(Call& c) {
    Vm& vm = c.vm();
    const std::string rel = to_str(c.arg(0));
    const bool is_use = truthy(c.arg(3));
    const std::string begin_failed =
        is_use ? "BEGIN failed--compilation aborted" + vm.where(c.s, c.ip) : std::string();
    Value key = hv::key(c.heap(), c.arg(0));
    Value have = gc::map_get(hv::map(inc_hash(vm)), key);
    if (!have.is_undefined() && !have.is_nil()) {
        if (truthy(hv::fetch(inc_hash(vm), key))) return c.ret(vm.v_one);
        return c.die("Attempt to reload " + rel + " aborted.\nCompilation failed in require" + vm.where(c.s, c.ip) +
                     begin_failed);
    }
    set_inc(c, c.arg(0), c.arg(1));
    Value none = Value::object(gc::new_list(c.heap(), 1));
    Value code = vm.globs[vm.glob_index(to_str(c.arg(2)))].cv;
    Value out;
    if (!vm.call(c.s, code, none, ctx_scalar, out)) {
        if (c.s.status != Status::die) return false;  // exit
        c.s.status = Status::ok;
        Value err = caught_error(c);
        vm.scratch.push_back(err);
        set_inc(c, c.arg(0), Value::nil());
        err = vm.scratch.back();
        vm.scratch.pop_back();
        return c.die(str_of(vm, err) + "Compilation failed in require" + vm.where(c.s, c.ip) + begin_failed);
    }
    if (!truthy(out)) {
        Value k = hv::key(c.heap(), c.arg(0));
        gc::map_remove(c.heap(), hv::map(inc_hash(vm)), k);
        return c.die(rel + " did not return a true value" + vm.where(c.s, c.ip) + begin_failed);
    }
    return c.ret(out);
}

bool b_do_file(Call& c) {
    Vm& vm = c.vm();
    set_inc(c, c.arg(0), c.arg(1));
    Value none = Value::object(gc::new_list(c.heap(), 1));
    Value code = vm.globs[vm.glob_index(to_str(c.arg(2)))].cv;
    Value out;
    if (!vm.call(c.s, code, none, c.ctx, out)) {
        if (c.s.status != Status::die) return false;  // exit
        c.s.status = Status::ok;
        set_at(vm, caught_error(c));
        if (c.ctx != ctx_list) return c.ret(Value::nil());
        c.list_result = true;
        return c.ret(Value::object(gc::new_list(c.heap(), 1)));
    }
    vm.scratch.push_back(out);
    set_at(vm, vm.v_empty);
    out = vm.scratch.back();
    vm.scratch.pop_back();
    c.list_result = c.ctx == ctx_list;
    return c.ret(out);
}

bool b_bind_sub(Call& c) {
    c.vm().globs[static_cast<size_t>(to_iv(c.arg(1)))].cv = c.arg(0);
    return c.ret(Value::nil());
}

}  // namespace trellis::perl::builtins
