/// @file interp.cpp
/// The Perl bytecode handlers (bytecode.hpp), written once and run by dispatch/'s switch, computed-goto and
/// tail-call loops. Handlers return false to leave the loop with the reason in State (return, die, exit);
/// slow paths (conversions, allocation-heavy work) are out-of-line functions.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "runtime/containers.hpp"
#include "runtime/fast_alloc.hpp"
#include "runtime/method_cache.hpp"
#include "runtime/ops.hpp"
#include "runtime/overload.hpp"
#include "runtime/regex.hpp"
#include "runtime/vm.hpp"
#include "runtime/warnings.hpp"
#include "trellis/dispatch/loops.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

namespace {

inline core::Cell* cell(Value v) { return static_cast<core::Cell*>(v.as_object()); }

[[gnu::noinline, gnu::cold]] bool deref_error(State& s, const Ins* ip, Value v, const char* what) {
    if (v.is_nil()) return s.vm->die(s, ip, std::string("Can't use an undefined value as ") + what + " reference");
    if (!is_ref(v))
        return s.vm->die(s, ip, "Can't use string (\"" + to_str(v).substr(0, 32) + "\") as " + what +
                                    " ref while \"strict refs\" in use");
    return s.vm->die(s, ip, std::string("Not ") + what + " reference");
}

[[gnu::noinline]] void push_hash(gc::Heap& heap, Value& out, Value& h) {
    for (uint32_t i = 0; i < hv::map(h)->used; ++i) {
        auto* e = static_cast<core::Array*>(hv::map(h)->entries.as_object());
        Value k = e->items[2 * i];
        if (k.is_undefined()) continue;
        av::push_value(heap, out, hv::key_out(heap, k));
        e = static_cast<core::Array*>(hv::map(h)->entries.as_object());
        gc::list_push(heap, out, e->items[2 * i + 1]);
    }
}

[[gnu::noinline]] bool range(State& s, const Ins* ip, Value& out, Value lo, Value hi) {
    Vm& vm = *s.vm;
    // numeric when either side is a number (perl's RANGE_IS_NUMERIC, pp_ctl.c: "a" .. 3 counts 0 .. 3) or the
    // first is a numeric string (perl: unless it starts with "0", a case not done here: "01" .. "03" counts 1 .. 3)
    std::string_view ls, hs;
    const bool hi_str = str_view(hi, hs) || hi.is_nil();
    bool lo_num = !str_view(lo, ls) || !hi_str || looks_like_number(lo) || ls.empty();
    if (lo_num) {
        int64_t a = to_iv(lo), b = to_iv(hi);
        if (b - a > 200'000'000) return vm.die(s, ip, "Out of memory in trellis-perl: range too large");
        if (b >= a) av::reserve(vm.heap, out, av::len(out) + static_cast<uint64_t>(b - a + 1));
        for (int64_t i = a; i <= b; ++i) av::push_value(vm.heap, out, make_iv(vm.heap, i));
        return true;
    }
    // the magic string range (perlop "Range Operators")
    std::string cur(ls), last = to_str(hi);
    vm.scratch.push_back(Value::nil());
    size_t guard = 0;
    for (;;) {
        if (cur.size() > last.size()) break;
        av::push_value(vm.heap, out, make_str(vm.heap, cur));
        if (cur == last || ++guard > 50'000'000) break;
        Value next = op_inc(vm.heap, make_str(vm.heap, cur));
        cur = to_str(next);
    }
    vm.scratch.pop_back();
    return true;
}

[[gnu::noinline]] void list_copy(gc::Heap& heap, Value& out, Value& src) {
    out = Value::object(gc::new_list(heap, av::len(src) + 1));
    for (uint64_t i = 0; i < av::len(src); ++i) av::push_value(heap, out, av::cell_value(av::slot(src, i)));
}

// Values of List `src` from element `from` into scratch (rooted), returning the scratch base.
size_t stash_values(Vm& vm, Value src, uint64_t from) {
    size_t base = vm.scratch.size();
    for (uint64_t i = from; i < av::len(src); ++i) vm.scratch.push_back(av::cell_value(av::slot(src, i)));
    return base;
}

[[gnu::noinline]] void array_assign(Vm& vm, Value& arr, Value src, uint64_t from) {
    size_t base = stash_values(vm, src, from);
    av::clear(vm.heap, arr);
    av::reserve(vm.heap, arr, vm.scratch.size() - base);
    for (size_t i = base; i < vm.scratch.size(); ++i) av::push_value(vm.heap, arr, vm.scratch[i]);
    vm.scratch.resize(base);
}

// `@a = split ...` (AASSIGN with c = 1): `src` is split's new List, whose Cells nothing else holds, so its
// backing Array becomes the array's (perl's split fills its target array directly). `src` is left empty.
void array_adopt(gc::Heap& heap, Value arr, Value src) {
    core::List* l = av::list(arr);
    core::List* from = av::list(src);
    heap.store(l, l->items, from->items);
    l->length = from->length;
    from->length = 0;
}

[[gnu::noinline]] void hash_assign(Vm& vm, Value& h, Value src, uint64_t from) {
    size_t base = stash_values(vm, src, from);
    hv::clear(vm.heap, h);
    for (size_t i = base; i < vm.scratch.size(); i += 2) {
        Value k = hv::key(vm.heap, vm.scratch[i]);
        Value v = i + 1 < vm.scratch.size() ? vm.scratch[i + 1] : Value::nil();
        hv::store(vm.heap, h, k, v);
    }
    vm.scratch.resize(base);
}

}  // namespace

bool make_closure(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    const Proto* p = vm.protos[static_cast<size_t>(ip->d)].get();
    // containers that do not exist yet are created first, so no allocation happens while filling
    for (const Capture& c : p->captures) {
        Value* slot = c.kind == Capture::outer ? &vm.main_frame[c.index]
                      : c.kind == Capture::local ? &s.r[c.index] : nullptr;
        if (!slot || !slot->is_nil()) continue;
        *slot = c.container == 0   ? Value::object(gc::new_cell(vm.heap, Value::nil()))
                : c.container == 1 ? Value::object(gc::new_list(vm.heap, 4))
                                   : Value::object(gc::new_map(vm.heap, 4));
    }
    auto* cl = gc::new_closure(vm.heap, Value::small_int(ip->d), p->captures.size());
    for (size_t i = 0; i < p->captures.size(); ++i) {
        const Capture& c = p->captures[i];
        Value v;
        if (c.kind == Capture::local) v = s.r[c.index];
        else if (c.kind == Capture::upvalue) v = static_cast<core::Closure*>(s.r[1].as_object())->upvalues[c.index];
        else v = vm.main_frame[c.index];
        cl->upvalues[i] = v;
    }
    s.r[ip->a] = Value::object(cl);
    return true;
}

namespace {

// A scalar result in r[a] becomes a one-element List when the call is in list context.
bool wrap_if_list(State& s, const Ins* ip) {
    if (ip->x != ctx_list) return true;
    Value l = Value::object(gc::new_list(s.vm->heap, 1));
    s.vm->scratch.push_back(l);
    av::push_value(s.vm->heap, s.vm->scratch.back(), s.r[ip->a]);
    s.r[ip->a] = s.vm->scratch.back();
    s.vm->scratch.pop_back();
    return true;
}

[[gnu::noinline]] bool call_method(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    Value args = s.r[ip->c];
    if (av::len(args) == 0) return vm.die(s, ip, "Can't call a method without an invocant");
    Value inv = av::fetch(args, 0);
    const bool cacheable = ip->d >= 0 && is_ref(inv) && inv.as_object()->class_id != 0;
    if (cacheable) {  // the site's inline cache (runtime/method_cache.hpp)
        Value hit = method_cache_lookup(vm, ip, inv.as_object()->class_id);
        if (TRELLIS_LIKELY(!hit.is_nil())) {
            Value out;
            if (!vm.call(s, hit, s.r[ip->c], ip->x, out)) return false;
            s.r[ip->a] = out;
            return true;
        }
    }
    std::string name;
    Value code = Value::nil();
    if (ip->d < 0) {
        Value m = s.r[ip->b];
        if (core::is_kind(m, core::Kind::closure)) code = m;
        else name = to_str(m);
    } else {
        name = to_str(s.k[ip->d]);
    }
    std::string pkg;
    if (is_ref(inv)) {
        uint16_t id = inv.as_object()->class_id;
        if (id == 0 && code.is_nil())
            return vm.die(s, ip, "Can't call method \"" + name + "\" on unblessed reference");
        pkg = vm.package_name(id);
    } else if (inv.is_nil()) {
        if (code.is_nil()) return vm.die(s, ip, "Can't call method \"" + name + "\" on an undefined value");
    } else {
        pkg = to_str(inv);
        if (pkg.empty() && code.is_nil())
            return vm.die(s, ip, "Can't call method \"" + name + "\" without a package or object reference");
    }
    if (code.is_nil()) {
        std::string start = pkg, mname = name;
        bool super = false;
        if (name.compare(0, 7, "SUPER::") == 0) {
            super = true;
            mname = name.substr(7);
            start = to_str(s.k[ip->d + 1]);
        } else if (name.find("::") != std::string::npos) {
            size_t c = name.rfind("::");
            start = name.substr(0, c);
            mname = name.substr(c + 2);
        }
        if (cacheable) {
            code = method_cache_resolve(vm, ip, inv.as_object()->class_id, start, mname, super);
        } else if (super) {
            uint32_t g = vm.glob_index(start + "::ISA");
            Value isa = vm.globs[g].av;
            if (!isa.is_nil())
                for (uint64_t i = 0; i < av::len(isa) && code.is_nil(); ++i)
                    code = vm.find_method(to_str(av::fetch(isa, static_cast<int64_t>(i))), mname);
        } else {
            code = vm.find_method(start, mname);
        }
        if (code.is_nil() && mname != "DESTROY") {  // AUTOLOAD (perlsub "Autoloading")
            code = super ? Value::nil() : vm.find_autoload(start, start + "::" + mname);
        }
        if (code.is_nil()) {
            // UNIVERSAL methods
            if (mname == "isa" || mname == "DOES") {
                std::string want = to_str(av::fetch(args, 1));
                std::vector<std::string> todo{pkg};
                bool found = false;
                for (size_t i = 0; i < todo.size() && i < 1000 && !found; ++i) {
                    if (todo[i] == want) found = true;
                    uint32_t g = vm.glob_index(todo[i] + "::ISA");
                    Value isa = vm.globs[g].av;
                    if (!isa.is_nil())
                        for (uint64_t k = 0; k < av::len(isa); ++k)
                            todo.push_back(to_str(av::fetch(isa, static_cast<int64_t>(k))));
                }
                s.r[ip->a] = found ? vm.v_one : vm.v_empty;
                return wrap_if_list(s, ip);
            }
            if (mname == "can") {
                Value m = vm.find_method(pkg, to_str(av::fetch(args, 1)));
                s.r[ip->a] = m.is_nil() ? vm.v_empty : m;
                return wrap_if_list(s, ip);
            }
            return vm.die(s, ip, "Can't locate object method \"" + mname + "\" via package \"" + start + "\"" +
                                     (is_ref(inv) ? "" : " (perhaps you forgot to load \"" + start + "\"?)"));
        }
    }
    Value out;
    if (!vm.call(s, code, s.r[ip->c], ip->x, out)) return false;
    s.r[ip->a] = out;
    return true;
}

// A stable merge sort (perl's sort is one too: equal elements keep their order, and the number and order of
// comparator calls stay close to perl's), bottom-up with one scratch buffer.
template <class Less>
void merge_sort(std::vector<uint32_t>& v, Less less) {
    std::vector<uint32_t> buf(v.size());
    for (size_t width = 1; width < v.size(); width *= 2) {
        for (size_t lo = 0; lo < v.size(); lo += 2 * width) {
            size_t mid = std::min(lo + width, v.size()), hi = std::min(lo + 2 * width, v.size());
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) buf[k++] = less(v[j], v[i]) ? v[j++] : v[i++];
            while (i < mid) buf[k++] = v[i++];
            while (j < hi) buf[k++] = v[j++];
        }
        v.swap(buf);
    }
}

[[gnu::noinline]] bool sort_list(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    const Ins& extra = ip[1];
    uint8_t mode = ip->x;
    // the elements' Cells, sorted by index so a collection during a comparator call cannot invalidate them
    size_t base = vm.scratch.size();
    Value src = s.r[ip->b];
    for (uint64_t i = 0; i < av::len(src); ++i) {
        Value c = av::slot(src, i);
        vm.scratch.push_back(c);
    }
    size_t n = vm.scratch.size() - base;
    for (size_t i = 0; i < n; ++i)
        if (vm.scratch[base + i].is_nil()) vm.scratch[base + i] = Value::object(gc::new_cell(vm.heap, Value::nil()));
    std::vector<uint32_t> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
    bool failed = false;
    vm.scratch.push_back(vm.glob_sv(extra.a));
    vm.scratch.push_back(vm.glob_sv(extra.b));
    auto value_of = [&](uint32_t i) { return cell(vm.scratch[base + i])->value; };
    // overloaded elements: <=> and cmp without a block call the objects' operators (perldoc overload)
    bool ov = false;
    if (TRELLIS_UNLIKELY(vm.overloading) && mode != 0)
        for (size_t i = 0; i < n && !ov; ++i) ov = is_ref(value_of(static_cast<uint32_t>(i)));
    if ((mode == 3 || mode == 4) && !ov) {
        // <=> without a block: each element's number is taken once (perl's sort does not call the comparator
        // either), then a stable merge sort on integers when all are integers, else on perl's numeric order
        std::vector<Num> keys(n);
        bool all_int = true, any_uv = false;
        for (size_t i = 0; i < n; ++i) {
            Value v = value_of(static_cast<uint32_t>(i));
            keys[i] = v.is_small_int() ? Num{true, v.as_small_int(), 0} : to_num(v);
            all_int &= keys[i].is_int;
            any_uv |= is_uv(v);
        }
        if (TRELLIS_UNLIKELY(any_uv)) {  // UVs (2^63 .. 2^64-1) compared exactly (cmp_num), not as doubles
            auto less = [&](uint32_t x, uint32_t y) {
                return cmp_num(value_of(x), value_of(y)) == -1;
            };
            if (mode == 3) merge_sort(order, less);
            else merge_sort(order, [&](uint32_t x, uint32_t y) { return less(y, x); });
        } else if (all_int) {
            // (key, index) pairs sorted in place: contiguous keys, no indirection per comparison; stable like
            // merge_sort, so equal numbers keep their order (their Cells are aliases, perlfunc "sort")
            std::vector<std::pair<int64_t, uint32_t>> kv(n);
            for (size_t i = 0; i < n; ++i) kv[i] = {keys[i].i, static_cast<uint32_t>(i)};
            using KV = std::pair<int64_t, uint32_t>;
            if (mode == 3) std::stable_sort(kv.begin(), kv.end(), [](const KV& p, const KV& q) { return p.first < q.first; });
            else std::stable_sort(kv.begin(), kv.end(), [](const KV& p, const KV& q) { return q.first < p.first; });
            for (size_t i = 0; i < n; ++i) order[i] = kv[i].second;
        } else {
            auto less = [&](const Num& p, const Num& q) {
                if (p.is_int && q.is_int) return p.i < q.i;
                return p.as_double() < q.as_double();  // false when either is NaN, as cmp_num's 2
            };
            if (mode == 3) merge_sort(order, [&](uint32_t x, uint32_t y) { return less(keys[x], keys[y]); });
            else merge_sort(order, [&](uint32_t x, uint32_t y) { return less(keys[y], keys[x]); });
        }
        mode = 0xFF;  // sorted
    }
    // the comparator block's @_: one empty List for every call, emptied again before each
    vm.scratch.push_back(Value::object(gc::new_list(vm.heap, 1)));
    const size_t args_slot = vm.scratch.size() - 1;
    // the block runs in one frame pushed once (perl's MULTICALL), not a call per comparison
    State sub;
    bool entered = false;
    if (mode == 0 && n > 1) {
        if (!vm.enter_sub(s, s.r[ip->c], vm.scratch[args_slot], ctx_scalar, sub)) {
            vm.scratch.resize(base);
            return false;
        }
        entered = true;
    }
    auto cmp = [&](uint32_t x, uint32_t y) -> bool {
        if (failed) return false;
        if (TRELLIS_UNLIKELY(ov)) {
            Value r;
            bool rev = mode == 2 || mode == 4;
            if (!ov_binary(s, ip, mode <= 2 ? Ov::scmp : Ov::ncmp, false, value_of(rev ? y : x), value_of(rev ? x : y), r)) {
                failed = true;
                return false;
            }
            return to_num(r).as_double() < 0;
        }
        switch (mode) {
            case 1: return cmp_str(value_of(x), value_of(y)) < 0;
            case 2: return cmp_str(value_of(y), value_of(x)) < 0;
            case 3: return cmp_num(value_of(x), value_of(y)) == -1;
            case 4: return cmp_num(value_of(y), value_of(x)) == -1;
            default: break;
        }
        vm.globs[extra.a].sv = vm.scratch[base + x];
        vm.globs[extra.b].sv = vm.scratch[base + y];
        Value empty = vm.scratch[args_slot];
        av::clear(vm.heap, empty);  // whatever the block left in @_
        Value out;
        if (!vm.rerun_sub(s, sub, empty, out)) {
            failed = true;
            return false;
        }
        if (out.is_small_int()) return out.as_small_int() < 0;
        return to_num(out).as_double() < 0;
    };
    if (mode != 0xFF) merge_sort(order, cmp);
    if (entered) vm.stack.pop_to(sub.r);
    vm.globs[extra.a].sv = vm.scratch[args_slot - 2];
    vm.globs[extra.b].sv = vm.scratch[args_slot - 1];
    if (failed) {
        vm.scratch.resize(base);
        return false;
    }
    s.r[ip->a] = Value::object(gc::new_list(vm.heap, n + 1));
    for (size_t i = 0; i < n; ++i) fast::list_push(vm.heap, s.r[ip->a], vm.scratch[base + order[i]]);
    vm.scratch.resize(base);
    return true;
}

/// The element Cell of an array slice at index `idx` of array r[ip->b] (negative from the end; created when
/// inside the array or, for an lvalue slice (x & 2), past its end; else a new Cell holding undef).
Value slice_cell(State& s, const Ins* ip, int64_t idx) {
    gc::Heap& heap = s.vm->heap;
    const int64_t n = static_cast<int64_t>(av::len(s.r[ip->b]));
    if (idx < 0) idx += n;
    if (idx >= 0 && idx < n) {
        const Value c = av::slot(s.r[ip->b], static_cast<uint64_t>(idx));
        return c.is_nil() ? av::elem(heap, s.r[ip->b], idx) : c;
    }
    if (ip->x & 2 && idx >= 0) return av::elem(heap, s.r[ip->b], idx);
    return Value::object(fast::new_cell(heap, Value::nil()));
}

/// ASLICE / HSLICE with the subscripts in the List in rooted slot `keys`.
bool slice_of(State& s, const Ins* ip, bool hash, Value& keys) {
    Vm& vm = *s.vm;
    vm.scratch.push_back(Value::object(fast::new_list_of_size(vm.heap, av::len(keys) << (ip->x & 1))));
    size_t slot = vm.scratch.size() - 1;
    for (uint64_t i = 0; i < av::len(keys); ++i) {
        Value k = av::fetch(keys, static_cast<int64_t>(i));
        Value c;
        if (hash) {
            Value key = hv::key(vm.heap, k);
            vm.scratch.push_back(key);
            if (ip->x & 1) gc::list_push(vm.heap, vm.scratch[slot], vm.scratch.back());  // %h{...}: key first
            c = gc::map_get(hv::map(s.r[ip->b]), vm.scratch.back());
            if (c.is_undefined()) c = Value::nil();
            if (c.is_nil() && !(ip->x & 1)) c = hv::elem(vm.heap, s.r[ip->b], vm.scratch.back());
            vm.scratch.pop_back();
            if (c.is_nil()) continue;  // %h{...} skips absent keys
            if (ip->x & 1) {
                // replace the pushed key by a Cell holding it
                Value kc = Value::object(gc::new_cell(vm.heap, av::slot(vm.scratch[slot], av::len(vm.scratch[slot]) - 1)));
                gc::list_set(vm.heap, av::list(vm.scratch[slot]), av::len(vm.scratch[slot]) - 1, kc);
                c = gc::map_get(hv::map(s.r[ip->b]), cell(kc)->value);
            }
        } else {
            c = slice_cell(s, ip, to_iv(k));
        }
        fast::list_push(vm.heap, vm.scratch[slot], c);
    }
    s.r[ip->a] = vm.scratch[slot];
    vm.scratch.pop_back();
    return true;
}

[[gnu::noinline]] bool slice(State& s, const Ins* ip, bool hash) { return slice_of(s, ip, hash, s.r[ip->c]); }

/// ASLICE with x & 4: `@a[LO .. HI]`, the indices r[ip->c] .. r[ip->d] (no List of them is made when both are
/// small integers; otherwise the range is made as LRANGE would, magic strings included).
[[gnu::noinline]] bool slice_range(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    const Value lo = s.r[ip->c], hi = s.r[ip->d];
    if (!lo.is_small_int() || !hi.is_small_int()) {
        vm.scratch.push_back(Value::object(gc::new_list(vm.heap, 4)));
        const size_t slot = vm.scratch.size() - 1;
        if (!range(s, ip, vm.scratch[slot], s.r[ip->c], s.r[ip->d])) return false;
        const bool ok = slice_of(s, ip, false, vm.scratch[slot]);
        vm.scratch.resize(slot);
        return ok;
    }
    const int64_t a = lo.as_small_int(), b = hi.as_small_int();
    if (b - a > 200'000'000) return vm.die(s, ip, "Out of memory in trellis-perl: range too large");
    vm.scratch.push_back(Value::object(fast::new_list_of_size(vm.heap, b >= a ? static_cast<uint64_t>(b - a + 1) : 0)));
    const size_t slot = vm.scratch.size() - 1;
    for (int64_t i = a; i <= b; ++i) fast::list_push(vm.heap, vm.scratch[slot], slice_cell(s, ip, i));
    s.r[ip->a] = vm.scratch[slot];
    vm.scratch.pop_back();
    return true;
}

[[gnu::noinline]] bool list_slice(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    Value out = Value::object(gc::new_list(vm.heap, 4));
    vm.scratch.push_back(out);
    size_t slot = vm.scratch.size() - 1;
    av::reserve(vm.heap, vm.scratch[slot], av::len(s.r[ip->c]));
    int64_t n = static_cast<int64_t>(av::len(s.r[ip->b]));
    for (uint64_t i = 0; i < av::len(s.r[ip->c]); ++i) {
        int64_t idx = to_iv(av::fetch(s.r[ip->c], static_cast<int64_t>(i)));
        if (idx < 0) idx += n;
        Value v = idx >= 0 && idx < n ? av::fetch(s.r[ip->b], idx) : Value::nil();
        av::push_value(vm.heap, vm.scratch[slot], v);
    }
    s.r[ip->a] = n == 0 ? Value::object(gc::new_list(vm.heap, 1)) : vm.scratch[slot];
    vm.scratch.pop_back();
    return true;
}

[[gnu::noinline]] bool trans(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    const TransTable& t = vm.trans_tables[static_cast<size_t>(ip->d)];
    if (TRELLIS_UNLIKELY(is_utf8(cell(s.r[ip->b])->value))) return trans_chars(s, ip, t);  // builtins_utf8.cpp
    if (t.count_only && !t.squeeze && !t.return_new) {  // tr/a-z// counts: nothing is built or stored
        std::string text;
        std::string_view view;
        Value v = cell(s.r[ip->b])->value;
        if (!str_view(v, view)) text = to_str(v), view = text;
        int64_t count = 0;
        for (unsigned char c : view) count += t.map[c] != -1;
        s.r[ip->a] = make_iv(vm.heap, count);
        return true;
    }
    std::string src = to_str(cell(s.r[ip->b])->value);
    std::string out;
    out.reserve(src.size());
    int64_t count = 0;
    int last = -1;
    for (unsigned char c : src) {
        int m = t.map[c];
        if (m == -1) {
            out += static_cast<char>(c);
            last = -1;
            continue;
        }
        ++count;
        if (m == -2) continue;
        if (t.squeeze && m == last) continue;
        out += static_cast<char>(m);
        last = m;
    }
    if (t.return_new) {
        s.r[ip->a] = make_str(vm.heap, out);
        return true;
    }
    if (!t.count_only || t.squeeze) {
        Value v = make_str(vm.heap, out);
        vm.heap.store(cell(s.r[ip->b]), cell(s.r[ip->b])->value, v);
    }
    s.r[ip->a] = make_iv(vm.heap, count);
    return true;
}

[[gnu::noinline]] Value stringify(gc::Heap& heap, Vm& vm, Value v) {
    if (is_str(v) && v.as_object()->class_id != vm.regexp_class) return v;  // "$qr" is a plain string
    if (is_ref(v) && v.as_object()->class_id) {
        std::string s;
        append_str(s, v, &vm.package_name(v.as_object()->class_id));
        return make_str(heap, s);
    }
    return make_str(heap, to_str(v));
}

[[gnu::noinline]] Value concat_slow(Vm& vm, Value a, Value b) {
    std::string s;
    if (is_ref(a) && a.as_object()->class_id) append_str(s, a, &vm.package_name(a.as_object()->class_id));
    else append_str(s, a);
    if (is_ref(b) && b.as_object()->class_id) append_str(s, b, &vm.package_name(b.as_object()->class_id));
    else append_str(s, b);
    return make_str(vm.heap, s);
}

/// A hash subscript that is not a string: its string (an overloaded object's "" conversion). False on die.
[[gnu::noinline]] bool hash_key(State& s, const Ins* ip, Value& key) {
    if (TRELLIS_UNLIKELY(s.vm->overloading) && is_ref(key)) {
        Value str;
        if (!ov_convert(s, ip, Ov::str, key, str)) return false;
        key = str;
    }
    key = hv::key(s.vm->heap, key);
    return true;
}

/// APPEND when the in-place path does not apply: an overloadable operand goes the way of CONCAT; else
/// sv_append. False when the string would pass 4 GiB.
[[gnu::noinline]] bool append_slow(State& s, const Ins* ip) {
    Vm& vm = *s.vm;
    Value a = cell(s.r[ip->b])->value, b = s.r[ip->c];
    if ((is_ref(a) && a.as_object()->class_id) || (is_ref(b) && b.as_object()->class_id)) {
        Value v = concat_slow(vm, a, b);
        vm.heap.store(cell(s.r[ip->b]), cell(s.r[ip->b])->value, v);
        return true;
    }
    return sv_append(vm.heap, s.r[ip->b], s.r[ip->c]);
}

}  // namespace

/// FORI beyond small integers (doubles, 64-bit IVs): counter += 1; true while it is <= the bound.
[[gnu::noinline]] static bool fori_step(gc::Heap& heap, Value& counter, const Value& hi) {
    bool dz = false;
    counter = op_arith(heap, op_add, counter, Value::small_int(1), dz);
    int c = cmp_num(counter, hi);
    return c == -1 || c == 0;
}

/// The dispatch definition of the Perl bytecode.
struct PerlDef {
    using State = perl::State;
    using Ip = const Ins*;
    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return static_cast<unsigned>(ip->op); }
    template <unsigned O>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip);
};

#define TRELLIS_PERL_JUMP(target) (ip = s.proto->code.data() + (target))
/// After the fast paths failed: when the program uses overloading (one predictable branch), the operator goes
/// through runtime/overload.cpp (which also does the ordinary operation when neither operand is overloaded).
#define TRELLIS_PERL_OVERLOAD_BINARY(kind)                                                                  \
    if (TRELLIS_UNLIKELY(vm.overloading)) {                                                                 \
        Value ov_out;                                                                                       \
        if (!ov_binary(s, ip, kind, ip->x != 0, r[ip->b], r[ip->c], ov_out)) return false;                 \
        r[ip->a] = ov_out;                                                                                  \
        ++ip;                                                                                               \
        return true;                                                                                        \
    }

/// Run-time warnings (runtime/warnings.hpp), tested on slow paths only: one flag of the running proto, then
/// an inline look at the operands, then the cold check. `check` returns false when a __WARN__ handler died.
#define TRELLIS_PERL_WARN_IF(cond, check) \
    if (TRELLIS_UNLIKELY(s.proto->warns) && (cond) && !(check)) return false;
#define TRELLIS_PERL_WARN_NUMERIC() \
    TRELLIS_PERL_WARN_IF(!r[ip->b].is_number() || !r[ip->c].is_number(), warn_numeric_operands(s, ip))
#define TRELLIS_PERL_WARN_STRING() \
    TRELLIS_PERL_WARN_IF(r[ip->b].is_nil() || r[ip->c].is_nil(), warn_string_operands(s, ip))

/// The array subscript r[ip->c] of AGET/AELEM as an integer; false when a __WARN__ handler died on an undef one.
TRELLIS_ALWAYS_INLINE bool array_subscript(State& s, const Ins* ip, int64_t& i) {
    Value k = s.r[ip->c];
    if (TRELLIS_LIKELY(k.is_small_int())) {
        i = k.as_small_int();
        return true;
    }
    if (TRELLIS_UNLIKELY(s.proto->warns) && k.is_nil() && !warn_subscript(s, ip)) return false;
    i = to_iv(s.r[ip->c]);
    return true;
}

/// Both operands are numbers and at least one is a double: their values as doubles (perlop: the operation is
/// done on NVs; small integers convert exactly). False for two small integers and for anything else.
TRELLIS_ALWAYS_INLINE bool double_operands(Value x, Value y, double& p, double& q) {
    if (!x.is_number() || !y.is_number() || (x.is_small_int() && y.is_small_int())) return false;
    p = x.is_double() ? x.as_double() : static_cast<double>(x.as_small_int());
    q = y.is_double() ? y.as_double() : static_cast<double>(y.as_small_int());
    return true;
}

/// True for a double with a fractional part. perl uses an integral NV below 2^53 as an IV in `+ - *` (iv_please,
/// ops.hpp: PERL_PRESERVE_IVUV), so the handlers' NV arithmetic applies only when an operand has a fraction
/// (every double of magnitude 2^52 or more is integral; NaN and the infinities take op_arith).
TRELLIS_ALWAYS_INLINE bool has_fraction(Value v) {
    if (!v.is_double()) return false;
    const double d = v.as_double();
    return std::fabs(d) < 0x1p52 && static_cast<double>(static_cast<int64_t>(d)) != d;
}

template <unsigned O>
TRELLIS_ALWAYS_INLINE bool PerlDef::execute(State& s, Ip& ip) {
    constexpr Op op = static_cast<Op>(O);
    Value* r = s.r;
    Vm& vm = *s.vm;
    gc::Heap& heap = vm.heap;
    if constexpr (O >= static_cast<unsigned>(Op::count_)) {
        return vm.die(s, ip, "Internal error: bad opcode");
    } else if constexpr (op == Op::NOP) {
        ++ip;
    } else if constexpr (op == Op::LOADK) {
        r[ip->a] = s.k[ip->d];
        ++ip;
    } else if constexpr (op == Op::LOADUNDEF) {
        r[ip->a] = Value::nil();
        ++ip;
    } else if constexpr (op == Op::MOVE) {
        r[ip->a] = r[ip->b];
        ++ip;
    } else if constexpr (op == Op::NEWSV) {
        r[ip->a] = Value::object(fast::new_cell(heap, Value::nil()));
        ++ip;
    } else if constexpr (op == Op::NEWSVV) {
        r[ip->a] = Value::object(fast::new_cell(heap, r[ip->b]));
        ++ip;
    } else if constexpr (op == Op::NEWAV || op == Op::NEWLIST) {
        r[ip->a] = Value::object(fast::new_list(heap, 4));
        ++ip;
    } else if constexpr (op == Op::NEWHV) {
        r[ip->a] = Value::object(gc::new_map(heap, 4));
        ++ip;
    } else if constexpr (op == Op::SVGET) {
        r[ip->a] = sv_value(cell(r[ip->b]));
        ++ip;
    } else if constexpr (op == Op::SVSET) {
        core::Cell* c = cell(r[ip->a]);
        heap.store(c, c->value, r[ip->b]);
        ++ip;
    } else if constexpr (op == Op::UPVAL) {
        r[ip->a] = static_cast<core::Closure*>(r[1].as_object())->upvalues[ip->d];
        ++ip;
    } else if constexpr (op == Op::OUTER) {
        Value v = vm.main_frame[ip->d];
        if (TRELLIS_UNLIKELY(v.is_nil())) {
            v = ip->x == 0   ? Value::object(gc::new_cell(heap, Value::nil()))
                : ip->x == 1 ? Value::object(gc::new_list(heap, 4))
                             : Value::object(gc::new_map(heap, 4));
            vm.main_frame[ip->d] = v;
        }
        r[ip->a] = v;
        ++ip;
    } else if constexpr (op == Op::GSV) {
        r[ip->a] = vm.glob_sv(static_cast<uint32_t>(ip->d));
        ++ip;
    } else if constexpr (op == Op::GAV) {
        r[ip->a] = vm.glob_av(static_cast<uint32_t>(ip->d));
        ++ip;
    } else if constexpr (op == Op::GHV) {
        r[ip->a] = vm.glob_hv(static_cast<uint32_t>(ip->d));
        ++ip;
    } else if constexpr (op == Op::GSVGET) {
        r[ip->a] = sv_value(cell(vm.glob_sv(static_cast<uint32_t>(ip->d))));
        ++ip;
    } else if constexpr (op == Op::GSETSV) {
        vm.globs[static_cast<size_t>(ip->d)].sv = r[ip->a];
        ++ip;
    } else if constexpr (op == Op::ADD || op == Op::SUB) {
        Value out;
        bool fast = op == Op::ADD ? Value::add_small(r[ip->b], r[ip->c], out) : Value::sub_small(r[ip->b], r[ip->c], out);
        double p, q;
        if (TRELLIS_LIKELY(fast)) {
            r[ip->a] = out;
        } else if (double_operands(r[ip->b], r[ip->c], p, q) && (has_fraction(r[ip->b]) || has_fraction(r[ip->c]))) {
            r[ip->a] = Value::from_double(op == Op::ADD ? p + q : p - q);
        } else {
            TRELLIS_PERL_OVERLOAD_BINARY(op == Op::ADD ? Ov::add : Ov::sub)
            TRELLIS_PERL_WARN_NUMERIC()
            bool dz = false;
            r[ip->a] = op_arith(heap, op == Op::ADD ? op_add : op_sub, r[ip->b], r[ip->c], dz);
        }
        ++ip;
    } else if constexpr (op == Op::MUL || op == Op::DIV || op == Op::MOD || op == Op::POW) {
        if constexpr (op == Op::MUL) {
            Value x = r[ip->b], y = r[ip->c];
            int64_t p;
            if (TRELLIS_LIKELY(x.is_small_int() && y.is_small_int() &&
                               !__builtin_mul_overflow(x.as_small_int(), y.as_small_int(), &p) &&
                               Value::fits_small_int(p))) {
                r[ip->a] = Value::small_int(p);
                ++ip;
                return true;
            }
        }
        if constexpr (op == Op::MOD) {  // small integers (perlop "Multiplicative Operators": sign of the right)
            Value x = r[ip->b], y = r[ip->c];
            if (TRELLIS_LIKELY(x.is_small_int() && y.is_small_int() && y.as_small_int() != 0)) {
                const int64_t d = y.as_small_int();
                int64_t m = x.as_small_int() % d;
                if (m != 0 && ((m < 0) != (d < 0))) m += d;
                r[ip->a] = Value::small_int(m);
                ++ip;
                return true;
            }
        }
        if constexpr (op == Op::DIV) {  // small integers: an IV when exact, else the NV quotient (op_arith's rule)
            Value x = r[ip->b], y = r[ip->c];
            if (TRELLIS_LIKELY(x.is_small_int() && y.is_small_int() && y.as_small_int() != 0)) {
                const int64_t a = x.as_small_int(), b = y.as_small_int();
                r[ip->a] = a % b == 0 ? Value::small_int(a / b)
                                      : Value::from_double(static_cast<double>(a) / static_cast<double>(b));
                ++ip;
                return true;
            }
        }
        if constexpr (op == Op::MUL || op == Op::DIV) {  // NVs (a division by zero takes the path that dies)
            double p, q;
            // `*` as NVs only with a fractional operand (has_fraction); `/` divides small integers and NVs as NVs
            if (double_operands(r[ip->b], r[ip->c], p, q) &&
                (op == Op::MUL ? has_fraction(r[ip->b]) || has_fraction(r[ip->c]) : q != 0)) {
                r[ip->a] = Value::from_double(op == Op::MUL ? p * q : p / q);
                ++ip;
                return true;
            }
        }
        TRELLIS_PERL_OVERLOAD_BINARY(op == Op::MUL ? Ov::mul : op == Op::DIV ? Ov::div : op == Op::MOD ? Ov::mod : Ov::pow)
        TRELLIS_PERL_WARN_NUMERIC()
        bool dz = false;
        constexpr int which = op == Op::MUL ? op_mul : op == Op::DIV ? op_div : op == Op::MOD ? op_mod : op_pow;
        Value v = op_arith(heap, which, r[ip->b], r[ip->c], dz);
        if (TRELLIS_UNLIKELY(dz)) return vm.die(s, ip, op == Op::MOD ? "Illegal modulus zero" : "Illegal division by zero");
        r[ip->a] = v;
        ++ip;
    } else if constexpr (op == Op::CONCAT) {
        Value out;
        if (TRELLIS_LIKELY(concat_simple(heap, r[ip->b], r[ip->c], out))) {
            r[ip->a] = out;
            ++ip;
            return true;
        }
        TRELLIS_PERL_OVERLOAD_BINARY(Ov::concat)
        TRELLIS_PERL_WARN_STRING()
        Value a = r[ip->b], b = r[ip->c];
        if ((is_ref(a) && a.as_object()->class_id) || (is_ref(b) && b.as_object()->class_id))
            r[ip->a] = concat_slow(vm, a, b);
        else
            r[ip->a] = op_concat(heap, a, b);
        ++ip;
    } else if constexpr (op == Op::APPEND) {
        if (TRELLIS_LIKELY(sv_append_fast(cell(r[ip->b]), r[ip->c]))) {
            ++ip;
            return true;
        }
        if (TRELLIS_UNLIKELY(vm.overloading) && (is_ref(cell(r[ip->b])->value) || is_ref(r[ip->c]))) {
            Value ov_out;
            if (!ov_binary(s, ip, Ov::concat, ip->x == 0, cell(r[ip->b])->value, r[ip->c], ov_out)) return false;
            core::Cell* c = cell(r[ip->b]);
            heap.store(c, c->value, ov_out);
            ++ip;
            return true;
        }
        TRELLIS_PERL_WARN_IF(r[ip->c].is_nil(), warn_string_operands(s, ip))
        if (!append_slow(s, ip)) return vm.die(s, ip, "Out of memory in trellis-perl: string too long");
        ++ip;
    } else if constexpr (op == Op::REPEAT) {
        TRELLIS_PERL_OVERLOAD_BINARY(Ov::repeat)
        TRELLIS_PERL_WARN_IF(r[ip->b].is_nil() || !r[ip->c].is_number(), warn_string_operands(s, ip))
        bool big = false;
        Value v = op_repeat(heap, r[ip->b], r[ip->c], big);
        if (TRELLIS_UNLIKELY(big)) return vm.die(s, ip, "Out of memory in trellis-perl: string repetition too large");
        r[ip->a] = v;
        ++ip;
    } else if constexpr (op == Op::BAND || op == Op::BOR || op == Op::BXOR || op == Op::SHL || op == Op::SHR) {
        constexpr int which = op == Op::BAND ? bit_and : op == Op::BOR ? bit_or : op == Op::BXOR ? bit_xor
                              : op == Op::SHL ? bit_shl : bit_shr;
        if constexpr (op == Op::BAND || op == Op::BOR || op == Op::BXOR) {
            // two non-negative small integers: the result is one too (negatives are UVs to perl)
            Value x = r[ip->b], y = r[ip->c];
            if (TRELLIS_LIKELY(x.is_small_int() && y.is_small_int() && x.as_small_int() >= 0 && y.as_small_int() >= 0)) {
                const int64_t p = x.as_small_int(), q = y.as_small_int();
                r[ip->a] = Value::small_int(op == Op::BAND ? (p & q) : op == Op::BOR ? (p | q) : (p ^ q));
                ++ip;
                return true;
            }
        }
        TRELLIS_PERL_OVERLOAD_BINARY(op == Op::BAND ? Ov::band : op == Op::BOR ? Ov::bor : op == Op::BXOR ? Ov::bxor
                                     : op == Op::SHL ? Ov::shl : Ov::shr)
        TRELLIS_PERL_WARN_NUMERIC()
        r[ip->a] = op_bit(heap, which, r[ip->b], r[ip->c]);
        ++ip;
    } else if constexpr (op == Op::NEQ || op == Op::NNE || op == Op::NLT || op == Op::NLE || op == Op::NGT ||
                         op == Op::NGE) {
        Value x = r[ip->b], y = r[ip->c];
        int c;
        if (TRELLIS_LIKELY(x.is_small_int() && y.is_small_int())) {
            c = x.as_small_int() < y.as_small_int() ? -1 : x.as_small_int() > y.as_small_int() ? 1 : 0;
        } else if (double p, q; double_operands(x, y, p, q)) {
            c = p < q ? -1 : p > q ? 1 : p == q ? 0 : 2;  // 2: a NaN (cmp_num's answer)
        } else {
            TRELLIS_PERL_OVERLOAD_BINARY(op == Op::NEQ ? Ov::eq : op == Op::NNE ? Ov::ne : op == Op::NLT ? Ov::lt
                                         : op == Op::NLE ? Ov::le : op == Op::NGT ? Ov::gt : Ov::ge)
            TRELLIS_PERL_WARN_NUMERIC()
            c = cmp_num(r[ip->b], r[ip->c]);
        }
        bool t = op == Op::NEQ ? c == 0 : op == Op::NNE ? c != 0 : op == Op::NLT ? c == -1 : op == Op::NLE ? (c == -1 || c == 0)
                 : op == Op::NGT ? c == 1 : (c == 1 || c == 0);
        r[ip->a] = t ? vm.v_one : vm.v_empty;
        ++ip;
    } else if constexpr (op == Op::NCMP) {
        Value x = r[ip->b], y = r[ip->c];
        if (TRELLIS_LIKELY(x.is_small_int() && y.is_small_int())) {  // sort blocks: `$a <=> $b` on integers
            r[ip->a] = Value::small_int((x.as_small_int() > y.as_small_int()) - (x.as_small_int() < y.as_small_int()));
            ++ip;
            return true;
        }
        TRELLIS_PERL_OVERLOAD_BINARY(Ov::ncmp)
        TRELLIS_PERL_WARN_NUMERIC()
        int c = cmp_num(r[ip->b], r[ip->c]);
        r[ip->a] = c == 2 ? Value::nil() : Value::small_int(c);
        ++ip;
    } else if constexpr (op == Op::SEQ || op == Op::SNE) {
        TRELLIS_PERL_OVERLOAD_BINARY(op == Op::SEQ ? Ov::seq : Ov::sne)
        TRELLIS_PERL_WARN_STRING()
        bool e = eq_str(r[ip->b], r[ip->c]);
        r[ip->a] = (op == Op::SEQ) == e ? vm.v_one : vm.v_empty;
        ++ip;
    } else if constexpr (op == Op::SLT || op == Op::SLE || op == Op::SGT || op == Op::SGE) {
        TRELLIS_PERL_OVERLOAD_BINARY(op == Op::SLT ? Ov::slt : op == Op::SLE ? Ov::sle : op == Op::SGT ? Ov::sgt : Ov::sge)
        TRELLIS_PERL_WARN_STRING()
        int c = cmp_str(r[ip->b], r[ip->c]);
        bool t = op == Op::SLT ? c < 0 : op == Op::SLE ? c <= 0 : op == Op::SGT ? c > 0 : c >= 0;
        r[ip->a] = t ? vm.v_one : vm.v_empty;
        ++ip;
    } else if constexpr (op == Op::SCMP) {
        TRELLIS_PERL_OVERLOAD_BINARY(Ov::scmp)
        TRELLIS_PERL_WARN_STRING()
        r[ip->a] = Value::small_int(cmp_str(r[ip->b], r[ip->c]));
        ++ip;
    } else if constexpr (op == Op::NEG || op == Op::NOT || op == Op::BNOT) {
        if (TRELLIS_UNLIKELY(vm.overloading) && r[ip->b].is_object()) {
            Value ov_out;
            if (!ov_unary(s, ip, op == Op::NEG ? Ov::neg : op == Op::NOT ? Ov::not_ : Ov::bnot, r[ip->b], ov_out))
                return false;
            r[ip->a] = ov_out;
        } else if constexpr (op == Op::NEG) {
            TRELLIS_PERL_WARN_IF(r[ip->b].is_nil(), warn_unary_operand(s, ip, r[ip->b], false))
            r[ip->a] = op_neg(heap, r[ip->b]);
        } else if constexpr (op == Op::NOT) {
            r[ip->a] = truthy(r[ip->b]) ? vm.v_empty : vm.v_one;
        } else {
            TRELLIS_PERL_WARN_IF(r[ip->b].is_nil(), warn_unary_operand(s, ip, r[ip->b], false))
            r[ip->a] = op_bit(heap, bit_not, r[ip->b], Value::nil());
        }
        ++ip;
    } else if constexpr (op == Op::INC || op == Op::DEC) {
        Value old = sv_value(cell(r[ip->a]));
        Value nv;
        if (TRELLIS_LIKELY(old.is_small_int() &&
                           Value::fits_small_int(old.as_small_int() + (op == Op::INC ? 1 : -1)))) {
            nv = Value::small_int(old.as_small_int() + (op == Op::INC ? 1 : -1));
        } else if (TRELLIS_UNLIKELY(vm.overloading) && old.is_object()) {
            if (!ov_incdec(s, ip, op == Op::INC, r[ip->a], old)) return false;
            if (ip->x) r[ip->b] = old;
            ++ip;
            return true;
        } else {
            nv = op == Op::INC ? op_inc(heap, old) : op_dec(heap, old);
            old = cell(r[ip->a])->value;
        }
        core::Cell* c = cell(r[ip->a]);
        heap.store(c, c->value, nv);
        if (ip->x) r[ip->b] = old.is_nil() ? Value::small_int(0) : old;
        ++ip;
    } else if constexpr (op == Op::JMP) {
        const Ins* target = s.proto->code.data() + ip->d;
        // a backward jump is a loop iteration: one step of the embedding API's budget (Vm::steps_left)
        if (target <= ip && TRELLIS_UNLIKELY(--vm.steps_left < 0) && !vm.out_of_steps(s)) return false;
        ip = target;
    } else if constexpr (op == Op::FORI) {
        // the counter and the bound are numbers (ADD of 0 made them so before the loop)
        Value i = r[ip->a], hi = r[ip->b];
        bool more;
        if (TRELLIS_LIKELY(i.is_small_int() && hi.is_small_int())) {
            more = i.as_small_int() < hi.as_small_int();
            r[ip->a] = Value::small_int(i.as_small_int() + more);  // i < hi: i + 1 is a small integer too
        } else {
            more = fori_step(heap, r[ip->a], hi);
        }
        if (more) {
            if (TRELLIS_UNLIKELY(--vm.steps_left < 0) && !vm.out_of_steps(s)) return false;
            TRELLIS_PERL_JUMP(ip->d);
        } else {
            ++ip;
        }
    } else if constexpr (op == Op::JMPF || op == Op::JMPT) {
        Value v = r[ip->a];
        bool t;
        if (TRELLIS_LIKELY(v.is_small_int())) {
            t = v.as_small_int() != 0;
        } else if (v.same(vm.v_empty)) {  // a comparison's false
            t = false;
        } else if (TRELLIS_UNLIKELY(vm.overloading) && v.is_object()) {
            int ov_t = ov_truth(s, ip, v);
            if (ov_t < 0) return false;
            t = ov_t != 0;
        } else {
            t = truthy(v);
        }
        if (t == (op == Op::JMPT)) TRELLIS_PERL_JUMP(ip->d);
        else ++ip;
    } else if constexpr (op == Op::JMPDEF) {
        if (!r[ip->a].is_nil()) TRELLIS_PERL_JUMP(ip->d);
        else ++ip;
    } else if constexpr (op == Op::LPUSHV) {
        fast::push_value(heap, r[ip->a], r[ip->b]);
        ++ip;
    } else if constexpr (op == Op::LPUSHC) {
        fast::list_push(heap, r[ip->a], r[ip->b]);
        ++ip;
    } else if constexpr (op == Op::LPUSHA) {
        av::push_all(heap, r[ip->a], r[ip->b]);
        ++ip;
    } else if constexpr (op == Op::LPUSHH) {
        push_hash(heap, r[ip->a], r[ip->b]);
        ++ip;
    } else if constexpr (op == Op::LRANGE) {
        if (!range(s, ip, r[ip->a], r[ip->b], r[ip->c])) return false;
        ++ip;
    } else if constexpr (op == Op::LCOPY) {
        list_copy(heap, r[ip->a], r[ip->b]);
        ++ip;
    } else if constexpr (op == Op::LCOUNT || op == Op::ALEN) {
        r[ip->a] = Value::small_int(static_cast<int64_t>(av::len(r[ip->b])));
        ++ip;
    } else if constexpr (op == Op::LLAST) {
        uint64_t n = av::len(r[ip->b]);
        r[ip->a] = n ? av::fetch(r[ip->b], static_cast<int64_t>(n - 1)) : Value::nil();
        ++ip;
    } else if constexpr (op == Op::LGET) {
        r[ip->a] = av::fetch(r[ip->b], ip->d);
        ++ip;
    } else if constexpr (op == Op::LSLICE) {
        if (!list_slice(s, ip)) return false;
        ++ip;
    } else if constexpr (op == Op::AGET) {
        int64_t i;
        if (!array_subscript(s, ip, i)) return false;
        r[ip->a] = av::fetch(r[ip->b], i);
        ++ip;
    } else if constexpr (op == Op::AELEM) {
        int64_t i;
        if (!array_subscript(s, ip, i)) return false;
        Value c = av::elem(heap, r[ip->b], i);
        if (TRELLIS_UNLIKELY(c.is_nil()))
            return vm.die(s, ip, "Modification of non-creatable array value attempted, subscript " + std::to_string(i));
        r[ip->a] = c;
        ++ip;
    } else if constexpr (op == Op::ALAST) {
        r[ip->a] = Value::small_int(static_cast<int64_t>(av::len(r[ip->b])) - 1);
        ++ip;
    } else if constexpr (op == Op::ASETLAST) {
        int64_t n = to_iv(r[ip->b]) + 1;
        av::resize(heap, r[ip->a], n < 0 ? 0 : static_cast<uint64_t>(n));
        ++ip;
    } else if constexpr (op == Op::AASSIGN) {
        if (ip->c) array_adopt(heap, r[ip->a], r[ip->b]);
        else array_assign(vm, r[ip->a], r[ip->b], static_cast<uint64_t>(ip->d));
        ++ip;
    } else if constexpr (op == Op::HASSIGN) {
        if (TRELLIS_UNLIKELY(vm.overloading)) {
            Value pairs;
            if (!ov_convert_args(s, ip, r[ip->b], false, pairs, ip->d)) return false;
            hash_assign(vm, r[ip->a], pairs, static_cast<uint64_t>(ip->d));
            ++ip;
            return true;
        }
        TRELLIS_PERL_WARN_IF(true, warn_odd_hash(s, ip, false))
        hash_assign(vm, r[ip->a], r[ip->b], static_cast<uint64_t>(ip->d));
        ++ip;
    } else if constexpr (op == Op::HGET) {
        Value key = r[ip->c];
        if (TRELLIS_UNLIKELY(!hv::is_plain_key(key))) {  // hv::key: a number, a character string ...
            TRELLIS_PERL_WARN_IF(key.is_nil(), warn_subscript(s, ip))
            key = r[ip->c];
            if (!hash_key(s, ip, key)) return false;
        }
        r[ip->a] = hv::fetch(r[ip->b], key);
        ++ip;
    } else if constexpr (op == Op::HELEM) {
        Value key = r[ip->c];
        if (TRELLIS_UNLIKELY(!hv::is_plain_key(key))) {  // hv::key: a number, a character string ...
            TRELLIS_PERL_WARN_IF(key.is_nil(), warn_subscript(s, ip))
            key = r[ip->c];
            if (!hash_key(s, ip, key)) return false;
        }
        r[ip->a] = hv::elem(heap, r[ip->b], key);
        ++ip;
    } else if constexpr (op == Op::ASLICE) {
        if (!(ip->x & 4 ? slice_range(s, ip) : slice(s, ip, false))) return false;
        ++ip;
    } else if constexpr (op == Op::HSLICE) {
        if (!slice(s, ip, true)) return false;
        ++ip;
    } else if constexpr (op == Op::ANONAV) {
        list_copy(heap, r[ip->a], r[ip->b]);  // a != b (the compiler gives the result a fresh register)
        ++ip;
    } else if constexpr (op == Op::ANONHV) {
        if (TRELLIS_UNLIKELY(vm.overloading)) {
            Value pairs;
            if (!ov_convert_args(s, ip, r[ip->b], false, pairs, 0)) return false;
            vm.scratch.push_back(pairs);
            r[ip->a] = Value::object(gc::new_map(heap, 4));
            hash_assign(vm, r[ip->a], vm.scratch.back(), 0);
            vm.scratch.pop_back();
            ++ip;
            return true;
        }
        TRELLIS_PERL_WARN_IF(true, warn_odd_hash(s, ip, true))
        r[ip->a] = Value::object(gc::new_map(heap, 4));
        hash_assign(vm, r[ip->a], r[ip->b], 0);
        ++ip;
    } else if constexpr (op == Op::RV2SV || op == Op::RV2AV || op == Op::RV2HV) {
        constexpr core::Kind want = op == Op::RV2SV ? core::Kind::cell : op == Op::RV2AV ? core::Kind::list : core::Kind::map;
        Value v = r[ip->b];
        if (TRELLIS_UNLIKELY(!core::is_kind(v, want)))
            return deref_error(s, ip, v, op == Op::RV2SV ? "a SCALAR" : op == Op::RV2AV ? "an ARRAY" : "a HASH");
        r[ip->a] = v;
        ++ip;
    } else if constexpr (op == Op::VIVSV || op == Op::VIVAV || op == Op::VIVHV) {
        constexpr core::Kind want = op == Op::VIVSV ? core::Kind::cell : op == Op::VIVAV ? core::Kind::list : core::Kind::map;
        Value v = cell(r[ip->b])->value;
        if (v.is_nil()) {
            v = op == Op::VIVSV   ? Value::object(gc::new_cell(heap, Value::nil()))
                : op == Op::VIVAV ? Value::object(gc::new_list(heap, 4))
                                  : Value::object(gc::new_map(heap, 4));
            core::Cell* c = cell(r[ip->b]);
            heap.store(c, c->value, v);
        }
        if (TRELLIS_UNLIKELY(!core::is_kind(v, want)))
            return deref_error(s, ip, v, op == Op::VIVSV ? "a SCALAR" : op == Op::VIVAV ? "an ARRAY" : "a HASH");
        r[ip->a] = v;
        ++ip;
    } else if constexpr (op == Op::CLOSURE) {
        make_closure(s, ip);
        ++ip;
    } else if constexpr (op == Op::CALL || op == Op::CALLG) {
        Value code = op == Op::CALL ? r[ip->b] : vm.globs[static_cast<size_t>(ip->d)].cv;
        if (TRELLIS_UNLIKELY(!core::is_kind(code, core::Kind::closure)) && op == Op::CALLG)
            code = vm.autoload_sub(static_cast<uint32_t>(ip->d));
        if (TRELLIS_UNLIKELY(!core::is_kind(code, core::Kind::closure))) {
            if (op == Op::CALLG)
                return vm.die(s, ip, "Undefined subroutine &" + vm.globs[static_cast<size_t>(ip->d)].name + " called");
            return vm.die(s, ip, "Not a CODE reference");
        }
        Value out;
        s.call_ip = ip;
        if (!vm.call(s, code, r[ip->c], ip->x, out)) {
            if (s.status == Status::die && vm.error_needs_position) {
                // an error raised by call() itself (not a CODE ref, recursion limit): add this call's position once
                vm.error_needs_position = false;
                std::string m = to_str(vm.pending_error);
                m.pop_back();
                return vm.die(s, ip, m);
            }
            return false;
        }
        r[ip->a] = out;
        ++ip;
    } else if constexpr (op == Op::CALLM) {
        s.call_ip = ip;
        if (!call_method(s, ip)) return false;
        ++ip;
    } else if constexpr (op == Op::BUILTIN) {
        Value out;
        s.call_ip = ip;
        if (!run_builtin(s, ip, static_cast<uint32_t>(ip->d), r[ip->b], ip->x, out)) return false;
        r[ip->a] = out;
        ++ip;
    } else if constexpr (op == Op::WANTJ) {
        if (s.ctx == ctx_list) TRELLIS_PERL_JUMP(ip->d);
        else ++ip;
    } else if constexpr (op == Op::RET) {
        if (TRELLIS_UNLIKELY(s.ctx == ctx_list)) {  // a scalar-shaped `return EXPR` to a list-context call
            vm.scratch.push_back(Value::object(fast::new_list(heap, 1)));
            av::push_value(heap, vm.scratch.back(), r[ip->a]);
            s.ret = vm.scratch.back();
            vm.scratch.pop_back();
            s.status = Status::ret;
            return false;
        }
        s.ret = r[ip->a];
        s.status = Status::ret;
        return false;
    } else if constexpr (op == Op::RETL) {
        if (s.ctx == ctx_list) {
            vm.scratch.push_back(Value::nil());
            list_copy(heap, vm.scratch.back(), r[ip->a]);
            s.ret = vm.scratch.back();
            vm.scratch.pop_back();
        } else {
            uint64_t n = av::len(r[ip->a]);
            s.ret = n ? av::fetch(r[ip->a], static_cast<int64_t>(n - 1)) : Value::nil();
        }
        s.status = Status::ret;
        return false;
    } else if constexpr (op == Op::WANT) {
        r[ip->a] = s.ctx == ctx_list ? vm.v_one : s.ctx == ctx_scalar ? Value::small_int(0) : Value::nil();
        ++ip;
    } else if constexpr (op == Op::FORNEXT || op == Op::FORNEXTG) {
        int64_t i = r[ip->c].as_small_int();
        if (static_cast<uint64_t>(i) >= av::len(r[ip->b])) {
            TRELLIS_PERL_JUMP(ip->d);
        } else {
            Value c = av::slot(r[ip->b], static_cast<uint64_t>(i));
            if (TRELLIS_UNLIKELY(c.is_nil())) c = av::elem(heap, r[ip->b], i);
            if constexpr (op == Op::FORNEXT) r[ip->a] = c;
            else vm.globs[ip->a].sv = c;
            r[ip->c] = Value::small_int(i + 1);
            ++ip;
        }
    } else if constexpr (op == Op::EVALENTER) {
        vm.handlers.push_back({s.r, s.proto->code.data() + ip->d, vm.depth, vm.local_stack.size()});
        ++ip;
    } else if constexpr (op == Op::EVALLEAVE) {
        vm.handlers.pop_back();
        core::Cell* c = cell(vm.glob_sv(vm.g_at));
        heap.store(c, c->value, vm.v_empty);
        ++ip;
    } else if constexpr (op == Op::POPH) {
        for (int k = 0; k < ip->b; ++k) vm.handlers.pop_back();
        ++ip;
    } else if constexpr (op == Op::SORT) {
        s.call_ip = ip;
        if (!sort_list(s, ip)) return false;
        ip += 2;
    } else if constexpr (op == Op::MATCH) {
        TRELLIS_PERL_WARN_IF(true, warn_match_target(s, ip))
        if (!regex_match(s, ip)) return false;
        ++ip;
    } else if constexpr (op == Op::SUBST) {
        TRELLIS_PERL_WARN_IF(true, warn_match_target(s, ip))
        if (!regex_subst(s, ip)) return false;
        ip += 2;
    } else if constexpr (op == Op::TRANS) {
        if (!trans(s, ip)) return false;
        ++ip;
    } else if constexpr (op == Op::STRINGIFY) {
        if (TRELLIS_UNLIKELY(vm.overloading) && is_ref(r[ip->b])) {
            Value ov_out;
            if (!ov_convert(s, ip, Ov::str, r[ip->b], ov_out)) return false;
            r[ip->a] = stringify(heap, vm, ov_out);
            ++ip;
            return true;
        }
        TRELLIS_PERL_WARN_IF(r[ip->b].is_nil(), warn_unary_operand(s, ip, r[ip->b], false))
        r[ip->a] = stringify(heap, vm, r[ip->b]);
        ++ip;
    } else if constexpr (op == Op::CAPTURE) {
        r[ip->a] = regex_capture(vm, ip->d);
        ++ip;
    } else if constexpr (op == Op::LASSIGN) {
        for (uint64_t i = 0; i < av::len(r[ip->a]); ++i) {
            Value v = av::fetch(r[ip->b], static_cast<int64_t>(i));
            core::Cell* c = cell(av::slot(r[ip->a], i));
            heap.store(c, c->value, v);
        }
        ++ip;
    } else if constexpr (op == Op::NUMIFY) {
        if (TRELLIS_UNLIKELY(vm.overloading) && is_ref(r[ip->b])) {
            Value ov_out;
            if (!ov_convert(s, ip, Ov::num, r[ip->b], ov_out)) return false;
            r[ip->a] = make_num(heap, to_num(ov_out));
            ++ip;
            return true;
        }
        r[ip->a] = is_uv(r[ip->b]) ? r[ip->b] : make_num(heap, to_num(r[ip->b]));  // a UV is kept exact
        ++ip;
    } else if constexpr (op == Op::DEFINED) {
        r[ip->a] = r[ip->b].is_nil() ? vm.v_empty : vm.v_one;
        ++ip;
    } else if constexpr (op == Op::SUBSTR) {
        // substr(STRING, OFFSET[, LENGTH]) of a byte string with small-integer OFFSET (inside it) and LENGTH:
        // nothing to warn about, no overloading, no argument List; perlfunc "substr" for the span
        const Value str = r[ip->c], offv = r[ip->d & 0xFFFF];
        const unsigned len_reg = static_cast<uint32_t>(ip->d) >> 16;
        if (TRELLIS_LIKELY(is_str(str) && str.as_object()->class_id == 0 && offv.is_small_int() &&
                           (len_reg == 0xFFFF || r[len_reg].is_small_int()))) {
            int64_t off, cnt;
            if (TRELLIS_LIKELY(substr_range(static_cast<core::String*>(str.as_object())->length, offv.as_small_int(),
                                            len_reg != 0xFFFF, len_reg != 0xFFFF ? r[len_reg].as_small_int() : 0,
                                            off, cnt))) {
                core::String* piece = fast::alloc_string(heap, static_cast<size_t>(cnt));  // may move r[ip->c]
                fast::fill_string(piece, static_cast<core::String*>(r[ip->c].as_object())
                                             ->view()
                                             .substr(static_cast<size_t>(off), static_cast<size_t>(cnt)));
                r[ip->a] = Value::object(piece);
                ++ip;
                return true;
            }
        }
        if (!substr_slow(s, ip)) return false;
        ++ip;
    } else if constexpr (op == Op::ASHIFT) {
        r[ip->a] = av::cell_value(av::shift(heap, r[ip->b]));
        ++ip;
    } else if constexpr (op == Op::APOP) {
        r[ip->a] = av::cell_value(av::pop(r[ip->b]));
        ++ip;
    } else if constexpr (op == Op::LOCAL) {
        r[ip->a] = vm.localize(static_cast<uint32_t>(ip->d), ip->x);
        ++ip;
    } else if constexpr (op == Op::LOCALELEM) {
        r[ip->a] = vm.localize_elem(r[ip->b], r[ip->c], ip->x);
        ++ip;
    } else if constexpr (op == Op::LOCALMARK) {
        r[ip->a] = Value::small_int(static_cast<int64_t>(vm.local_stack.size()));
        ++ip;
    } else if constexpr (op == Op::UNLOCAL) {
        vm.unlocal(static_cast<size_t>(r[ip->a].as_small_int()));
        ++ip;
    } else if constexpr (op == Op::EVALSTR) {
        s.call_ip = ip;
        if (!eval_string(s, ip)) return false;
        ++ip;
    } else if constexpr (op == Op::EXIT) {
        s.status = Status::ret;
        s.ret = Value::nil();
        return false;
    }
    return true;
}

void Vm::execute(State& s, const Ins* ip) {
    for (;;) {
        dispatch::run<PerlDef>(strategy, s, ip);
        if (s.status == Status::die && !handlers.empty() && handlers.back().frame == s.r) {
            Handler h = handlers.back();
            handlers.pop_back();
            unlocal(h.locals);
            core::Cell* c = cell(glob_sv(g_at));
            heap.store(c, c->value, pending_error);
            s.status = Status::ok;
            ip = h.resume;
            continue;
        }
        return;
    }
}

int Vm::run_main(uint32_t main) {
    const Proto* proto = protos[main].get();
    Value* frame = gc::push_value_frame(stack, proto->nregs);
    frame[0] = glob_av(glob_index("main::_"));
    for (const auto& [reg, ki] : proto->kregs) frame[reg] = proto->k[ki];  // constant registers
    main_frame = frame;
    main_nregs = proto->nregs;
    State s{this, frame, proto->k.data(), proto, Status::ok, ctx_void, Value::nil()};
    s.ctx = ctx_void;
    execute(s, proto->code.data());
    return finish_program(s, report_exit(s));
}

int Vm::finish_program(State& s, int code) {
    destroy_unreachable(s);  // what the program left unreachable, before END blocks (perlobj "Destructors")
    const bool has_end = !end_blocks.empty();
    destroy_lexicals(s, has_end);  // with END blocks: the lexicals they (or any sub) may still use come after them
    if (has_end) {  // $? holds the exit status and END blocks may change it (perlvar "$?")
        uint32_t status = glob_index("main::?");
        set_global(status, Value::small_int(code));
        exit_code = code;
        run_end_blocks(s);
        code = exit_code != code ? exit_code : static_cast<int>(to_iv(cell(glob_sv(status))->value)) & 255;
    }
    if (has_end) destroy_lexicals(s);
    destroy_all(s);
    flush();
    return code;
}

int Vm::report_exit(State& s) {
    if (s.status == Status::die) {
        flush();
        std::string msg;
        Value e = pending_error;
        if (is_ref(e) && e.as_object()->class_id) append_str(msg, e, &package_name(e.as_object()->class_id));
        else append_str(msg, e);
        err(msg);
        return 255;
    }
    return s.status == Status::exit ? exit_code : 0;
}

void Vm::run_end_blocks(State& s) {
    std::vector<uint32_t> blocks;
    blocks.swap(end_blocks);  // once
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
        Value code = Value::object(gc::new_closure(heap, Value::small_int(*it), 0));
        scratch.push_back(code);
        Value args = Value::object(gc::new_list(heap, 1));
        Value out;
        State caller = s;
        caller.status = Status::ok;
        caller.caller = nullptr;
        if (!call(caller, scratch.back(), args, ctx_void, out)) {
            int c = report_exit(caller);
            exit_code = c;
        }
        scratch.pop_back();
    }
}

}  // namespace trellis::perl
