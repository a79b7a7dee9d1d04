/// @file builtins_util.cpp
/// The List::Util (sum sum0 max min maxstr minstr uniq shuffle first any all none reduce), Scalar::Util and POSIX
/// (floor ceil fmod pow) functions trellis-perl provides built in; block arguments are code refs called with
/// $_ (or $a/$b for reduce) aliased.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>
#include <algorithm>
#include <unordered_set>

#include "runtime/builtins_call.hpp"
#include "runtime/ops.hpp"

namespace trellis::perl::builtins {

// ---- List::Util / POSIX ----
bool b_sum(Call& c) {
    if (c.n() == 0) return c.ret(Value::nil());
    Value acc = Value::small_int(0);
    bool dz = false;
    for (size_t i = 0; i < c.n(); ++i) acc = op_arith(c.heap(), op_add, acc, c.arg(i), dz);
    return c.ret(acc);
}
bool b_sum0(Call& c) {
    if (c.n() == 0) return c.ret(Value::small_int(0));
    return b_sum(c);
}
bool b_minmax(Call& c, bool max, bool str) {
    if (c.n() == 0) return c.ret(Value::nil());
    Value best = c.arg(0);
    for (size_t i = 1; i < c.n(); ++i) {
        Value v = c.arg(i);
        int r = str ? cmp_str(v, best) : cmp_num(v, best);
        if ((max && r == 1) || (!max && r == -1)) best = v;
    }
    return c.ret(best);
}
bool b_max(Call& c) { return b_minmax(c, true, false); }
bool b_min(Call& c) { return b_minmax(c, false, false); }
bool b_maxstr(Call& c) { return b_minmax(c, true, true); }
bool b_minstr(Call& c) { return b_minmax(c, false, true); }
bool b_uniq(Call& c) {
    std::unordered_set<std::string> seen;
    size_t res = c.begin_list();
    for (size_t i = 0; i < c.n(); ++i) {
        std::string k = c.arg(i).is_nil() ? std::string("\x01undef") : to_str(c.arg(i));
        if (seen.insert(k).second) c.push(res, c.arg(i));
    }
    if (c.ctx == ctx_list) return c.end_list(res);
    int64_t n = static_cast<int64_t>(av::len(c.vm().scratch[res]));
    c.vm().scratch.resize(res);
    return c.ret_int(n);
}
bool b_shuffle(Call& c) {
    size_t res = c.begin_list();
    for (size_t i = 0; i < c.n(); ++i) c.push(res, c.arg(i));
    Value l = c.vm().scratch[res];
    auto* a = static_cast<core::Array*>(av::list(l)->items.as_object());
    std::shuffle(a->items, a->items + av::len(l), rng(c));
    return c.end_list(res);
}
// first/any/all/none/reduce: the block is a code ref in arg 0, called with $_ (or $a/$b) aliased
bool b_first_like(Call& c, int kind) {
    Vm& vm = c.vm();
    uint32_t g = vm.g_underscore;
    Value saved = vm.glob_sv(g);
    vm.scratch.push_back(saved);
    size_t save_slot = vm.scratch.size() - 1;
    Value result = kind == 0 ? Value::nil() : Value::nil();
    bool found = false;
    for (size_t i = 1; i < c.n(); ++i) {
        Value cellv = c.arg_cell(i);
        if (cellv.is_nil()) cellv = Value::object(gc::new_cell(c.heap(), Value::nil()));
        vm.globs[g].sv = cellv;
        Value empty = Value::object(gc::new_list(c.heap(), 1));
        Value out;
        if (!vm.call(c.s, c.arg(0), empty, ctx_scalar, out)) {
            vm.globs[g].sv = vm.scratch[save_slot];
            vm.scratch.resize(save_slot);
            return false;
        }
        if (truthy(out)) {
            found = true;
            result = c.arg(i);
            if (kind == 0 || kind == 1 || kind == 3) break;
        } else if (kind == 2) {
            found = false;
            result = Value::nil();
            vm.globs[g].sv = vm.scratch[save_slot];
            vm.scratch.resize(save_slot);
            return c.ret_bool(false);
        }
        if (kind == 2) found = true;
    }
    vm.globs[g].sv = vm.scratch[save_slot];
    vm.scratch.resize(save_slot);
    switch (kind) {
        case 0: return c.ret(result);            // first
        case 1: return c.ret_bool(found);        // any
        case 2: return c.ret_bool(true);         // all (every element passed)
        default: return c.ret_bool(!found);      // none
    }
}
bool b_first(Call& c) { return b_first_like(c, 0); }
bool b_any(Call& c) { return b_first_like(c, 1); }
bool b_all(Call& c) { return b_first_like(c, 2); }
bool b_none(Call& c) { return b_first_like(c, 3); }
bool b_reduce(Call& c) {
    Vm& vm = c.vm();
    if (c.n() < 2) return c.ret(Value::nil());
    uint32_t ga = vm.glob_index("main::a"), gb = vm.glob_index("main::b");
    vm.scratch.push_back(vm.glob_sv(ga));
    vm.scratch.push_back(vm.glob_sv(gb));
    size_t base = vm.scratch.size() - 2;
    vm.scratch.push_back(c.arg(1));
    size_t acc = vm.scratch.size() - 1;
    for (size_t i = 2; i < c.n(); ++i) {
        vm.globs[ga].sv = Value::object(gc::new_cell(c.heap(), vm.scratch[acc]));
        vm.globs[gb].sv = Value::object(gc::new_cell(c.heap(), c.arg(i)));
        Value empty = Value::object(gc::new_list(c.heap(), 1));
        Value out;
        if (!vm.call(c.s, c.arg(0), empty, ctx_scalar, out)) {
            vm.globs[ga].sv = vm.scratch[base];
            vm.globs[gb].sv = vm.scratch[base + 1];
            vm.scratch.resize(base);
            return false;
        }
        vm.scratch[acc] = out;
    }
    Value result = vm.scratch[acc];
    vm.globs[ga].sv = vm.scratch[base];
    vm.globs[gb].sv = vm.scratch[base + 1];
    vm.scratch.resize(base);
    return c.ret(result);
}
bool b_floor(Call& c) {
    double d = std::floor(to_nv(c.arg(0)));
    if (std::fabs(d) < 9e15) return c.ret_int(static_cast<int64_t>(d));
    return c.ret(Value::from_double(d));
}
bool b_ceil(Call& c) {
    double d = std::ceil(to_nv(c.arg(0)));
    if (std::fabs(d) < 9e15) return c.ret_int(static_cast<int64_t>(d));
    return c.ret(Value::from_double(d));
}
bool b_fmod(Call& c) { return c.ret(Value::from_double(std::fmod(to_nv(c.arg(0)), to_nv(c.arg(1))))); }
bool b_pow(Call& c) { return c.ret(Value::from_double(std::pow(to_nv(c.arg(0)), to_nv(c.arg(1))))); }

}  // namespace trellis::perl::builtins
