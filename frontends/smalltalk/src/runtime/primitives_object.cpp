/// @file primitives_object.cpp
/// Primitives of Object, Class, Array, String, Symbol, the Block classes and System (PROTOCOL.md). Each takes
/// base[0] = receiver, base[1..] = arguments (rooted frame slots) and leaves its result in base[0]. Kernel errors
/// (index out of bounds, wrong argument class) fail with a message the interpreter reports with a stack trace.
#include <sys/time.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/primitive_guard.hpp"
#include "runtime/runtime.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/smalltalk/parser.hpp"

namespace trellis::smalltalk {

namespace {

using core::Kind;

/// A kernel error, signalled as an Error (catchable with on:do:).
PrimStatus fail(Interp& vm, const std::string& msg) {
    vm.m_error = msg;
    vm.m_error_class = vm.id_error;
    return PrimStatus::signal_error;
}
/// An index outside the receiver's bounds, signalled as a SubscriptOutOfBounds.
PrimStatus out_of_bounds(Interp& vm, const std::string& msg) {
    vm.m_error = msg;
    vm.m_error_class = vm.id_out_of_bounds;
    return PrimStatus::signal_error;
}
bool is_text(Value v) { return core::is_kind(v, Kind::string) || core::is_kind(v, Kind::symbol); }
core::String* str(Value v) { return static_cast<core::String*>(v.as_object()); }
core::Array* arr(Value v) { return static_cast<core::Array*>(v.as_object()); }
std::string class_name(Interp& vm, Value v) { return vm.cls(vm.class_id_of(v)).name; }

// ---------------------------------------------------------------- Object

PrimStatus obj_class(Interp& vm, Value* base) {
    base[0] = vm.class_object(vm.class_id_of(base[0]));
    return PrimStatus::ok;
}
PrimStatus obj_identical(Interp&, Value* base) {
    base[0] = Value::boolean(base[0].same(base[1]));
    return PrimStatus::ok;
}
PrimStatus obj_hashcode(Interp&, Value* base) {
    Value v = base[0];
    if (v.is_small_int()) return PrimStatus::ok;
    if (is_text(v)) base[0] = Value::small_int(str(v)->hash32);
    else if (v.is_object()) base[0] = Value::small_int(core::identity_hash(v.as_object()));
    else base[0] = Value::small_int(static_cast<int64_t>((v.bits() * 0x9E3779B97F4A7C15ull) >> 40));
    return PrimStatus::ok;
}
PrimStatus obj_size(Interp&, Value* base) {
    Value v = base[0];
    base[0] = Value::small_int(v.is_object() ? static_cast<int64_t>(v.as_object()->size()) : 0);
    return PrimStatus::ok;
}
PrimStatus obj_halt(Interp&, Value*) { return PrimStatus::ok; }
// ---------------------------------------------------------------- Exception (the interpreter does the work)

PrimStatus ex_find_handler(Interp&, Value*) { return PrimStatus::find_handler; }
PrimStatus ex_find_outer_handler(Interp&, Value*) { return PrimStatus::find_outer_handler; }
PrimStatus ex_return(Interp&, Value*) { return PrimStatus::ex_return; }
PrimStatus ex_retry(Interp&, Value*) { return PrimStatus::ex_retry; }
PrimStatus ex_resume(Interp&, Value*) { return PrimStatus::ex_resume; }
/// An exception nobody handled: the program stops with its description and the stack (a fatal failure).
PrimStatus ex_uncaught(Interp& vm, Value* base) {
    auto* exo = static_cast<core::Instance*>(base[0].as_object());
    Value text = exo->slots[Interp::ex_message_text];
    vm.m_error = is_text(text) ? std::string(str(text)->view()) : class_name(vm, base[0]);
    if (vm.class_id_of(base[0]) != vm.id_error && !is_text(text)) vm.m_error = "unhandled " + vm.m_error;
    for (uint16_t id = vm.class_id_of(base[0]); id != 0; id = vm.cls(id).super_id) {  // an embedder's limits
        if (vm.cls(id).name == "OutOfMemory") vm.m_error_cause = ErrorCause::heap_limit;
        if (vm.cls(id).name == "StackOverflow") vm.m_error_cause = ErrorCause::stack_limit;
    }
    return PrimStatus::fail;
}
PrimStatus obj_inspect(Interp& vm, Value* base) {
    Value v = base[0];
    std::string out = "a " + class_name(vm, v);
    if (core::is_kind(v, Kind::instance)) {
        auto& c = vm.cls(vm.class_id_of(v));
        auto* o = static_cast<core::Instance*>(v.as_object());
        for (size_t i = 0; i < c.fields.size() && i < o->slot_count(); ++i)
            out += "\n  " + c.fields[i] + ": a " + class_name(vm, o->slots[i]);
    }
    vm.write_out(out + "\n");
    return PrimStatus::ok;
}
PrimStatus obj_perform(Interp& vm, Value* base, uint32_t n, bool array, bool in_superclass = false) {
    if (!core::is_kind(base[1], Kind::symbol)) return fail(vm, "perform: needs a Symbol");
    vm.m_perform_class = 0;
    if (in_superclass) {  // the class after the selector (and the arguments Array)
        Value c = base[array ? 3 : 2];
        if (!vm.is_class_object(c)) return fail(vm, "perform:inSuperclass: needs a class, got a " + class_name(vm, c));
        const uint16_t from = Interp::id_of_class_object(c);
        bool ok = false;
        for (uint16_t id = vm.class_id_of(base[0]); id != 0 && !ok; id = vm.cls(id).super_id) ok = id == from;
        if (!ok)
            return fail(vm, "perform:inSuperclass: " + vm.cls(from).name + " is not a superclass of " +
                                class_name(vm, base[0]));
        vm.m_perform_class = from;
    }
    vm.m_perform_selector = str(base[1]);
    vm.m_perform_is_array = array;
    if (array) {
        if (!core::is_kind(base[2], Kind::array)) return fail(vm, "perform:withArguments: needs an Array");
        vm.m_perform_nargs = static_cast<uint32_t>(arr(base[2])->length);
    } else {
        vm.m_perform_nargs = n;
    }
    return PrimStatus::perform;
}
PrimStatus obj_perform0(Interp& vm, Value* base) { return obj_perform(vm, base, 0, false); }
PrimStatus obj_perform1(Interp& vm, Value* base) { return obj_perform(vm, base, 1, false); }
PrimStatus obj_perform2(Interp& vm, Value* base) { return obj_perform(vm, base, 2, false); }
PrimStatus obj_perform3(Interp& vm, Value* base) { return obj_perform(vm, base, 3, false); }
PrimStatus obj_perform_args(Interp& vm, Value* base) { return obj_perform(vm, base, 0, true); }
PrimStatus obj_perform_super(Interp& vm, Value* base) { return obj_perform(vm, base, 0, false, true); }
PrimStatus obj_perform_args_super(Interp& vm, Value* base) { return obj_perform(vm, base, 0, true, true); }
PrimStatus sys_print_stack_trace(Interp&, Value*) { return PrimStatus::print_stack; }

PrimStatus obj_inst_var_at(Interp& vm, Value* base) {
    if (!core::is_kind(base[0], Kind::instance) || !base[1].is_small_int()) return fail(vm, "instVarAt: bad receiver or index");
    auto* o = static_cast<core::Instance*>(base[0].as_object());
    int64_t i = base[1].as_small_int();
    if (i < 1 || static_cast<size_t>(i) > o->slot_count()) return fail(vm, "instVarAt: index out of bounds");
    base[0] = o->slots[i - 1];
    return PrimStatus::ok;
}
PrimStatus obj_inst_var_at_put(Interp& vm, Value* base) {
    if (!core::is_kind(base[0], Kind::instance) || !base[1].is_small_int()) return fail(vm, "instVarAt:put: bad receiver or index");
    auto* o = static_cast<core::Instance*>(base[0].as_object());
    int64_t i = base[1].as_small_int();
    if (i < 1 || static_cast<size_t>(i) > o->slot_count()) return fail(vm, "instVarAt:put: index out of bounds");
    vm.heap.store(o, o->slots[i - 1], base[2]);
    base[0] = base[2];
    return PrimStatus::ok;
}
PrimStatus obj_inst_var_named(Interp& vm, Value* base) {
    if (!core::is_kind(base[0], Kind::instance) || !is_text(base[1])) return fail(vm, "instVarNamed: bad receiver or name");
    auto& c = vm.cls(vm.class_id_of(base[0]));
    std::string_view n = str(base[1])->view();
    for (size_t i = 0; i < c.fields.size(); ++i)
        if (c.fields[i] == n) {
            base[0] = static_cast<core::Instance*>(base[0].as_object())->slots[i];
            return PrimStatus::ok;
        }
    return fail(vm, "instVarNamed: no field " + std::string(n));
}

// ---------------------------------------------------------------- Class

PrimStatus cls_new(Interp& vm, Value* base) {
    if (!vm.is_class_object(base[0])) return fail(vm, "new sent to a non-class");
    uint16_t id = Interp::id_of_class_object(base[0]);
    ClassInfo& c = vm.cls(id);
    if (c.is_meta) return fail(vm, "cannot instantiate a metaclass");
    switch (c.instance_kind) {
        case Kind::array: {
            core::Array* a = gc::new_array(vm.heap, 0);
            a->class_id = id;  // also Array itself: sends then find its class without a kind lookup
            base[0] = Value::object(a);
            return PrimStatus::ok;
        }
        case Kind::string: base[0] = vm.new_string(""); return PrimStatus::ok;
        case Kind::instance: {
            const size_t n = c.fields.size();
            // eden's bump-pointer fast path in line (young: nil needs no barrier); new_instance collects if full
            auto* o = n < 64 ? static_cast<core::Instance*>(vm.heap.try_allocate(
                                   Kind::instance, sizeof(core::Object) + 8 * n))
                             : nullptr;
            if (o) {
                for (size_t i = 0; i < n; ++i) o->slots[i] = Value::nil();
                o->class_id = id;
            } else {
                o = gc::new_instance(vm.heap, id, n);
            }
            base[0] = Value::object(o);
            return PrimStatus::ok;
        }
        default: return fail(vm, "cannot instantiate " + c.name + " with new");
    }
}
PrimStatus cls_name(Interp& vm, Value* base) {
    if (!vm.is_class_object(base[0])) return fail(vm, "name sent to a non-class");
    base[0] = vm.symbol_value(vm.cls(Interp::id_of_class_object(base[0])).name);
    return PrimStatus::ok;
}
PrimStatus cls_superclass(Interp& vm, Value* base) {
    if (!vm.is_class_object(base[0])) return fail(vm, "superclass sent to a non-class");
    uint16_t s = vm.cls(Interp::id_of_class_object(base[0])).super_id;
    base[0] = s ? vm.class_object(s) : Value::nil();
    return PrimStatus::ok;
}
PrimStatus cls_fields(Interp& vm, Value* base) {
    if (!vm.is_class_object(base[0])) return fail(vm, "fields sent to a non-class");
    ClassInfo& c = vm.cls(Interp::id_of_class_object(base[0]));
    std::vector<std::string> names;
    for (auto& f : c.fields)
        if (f[0] != '<') names.push_back(f);
    base[0] = vm.new_array(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
        Value s = vm.symbol_value(names[i]);  // symbols live in old space: no move of base[0]
        vm.heap.store(arr(base[0]), arr(base[0])->items[i], s);
    }
    return PrimStatus::ok;
}
PrimStatus cls_selectors(Interp& vm, Value* base) {
    if (!vm.is_class_object(base[0])) return fail(vm, "selectors sent to a non-class");
    ClassInfo& c = vm.cls(Interp::id_of_class_object(base[0]));
    materialize_methods(vm, c);  // kernel methods not read yet (may collect: base[0] is rooted)
    std::vector<const core::String*> sels;
    for (auto& [s, m] : c.methods) sels.push_back(s);
    base[0] = vm.new_array(sels.size());
    for (size_t i = 0; i < sels.size(); ++i) vm.heap.store(arr(base[0]), arr(base[0])->items[i], Value::object(sels[i]));
    return PrimStatus::ok;
}
/// Class>>methods: an Array of the class's own methods, as instances of Method (Primitive for primitive methods)
/// with the fields holder and signature (Method.som).
PrimStatus cls_methods(Interp& vm, Value* base) {
    if (!vm.is_class_object(base[0])) return fail(vm, "methods sent to a non-class");
    const uint16_t id = Interp::id_of_class_object(base[0]);
    materialize_methods(vm, vm.cls(id));
    std::vector<const Method*> methods;
    for (auto& [s, m] : vm.cls(id).methods) methods.push_back(m);
    std::sort(methods.begin(), methods.end(),
              [](const Method* a, const Method* b) { return a->selector->view() < b->selector->view(); });
    base[0] = vm.new_array(methods.size());
    for (size_t i = 0; i < methods.size(); ++i) {
        const uint16_t mid = methods[i]->prim ? vm.id_primitive : vm.id_method;
        core::Instance* o = gc::new_instance(vm.heap, mid, vm.cls(mid).fields.size());  // may move base[0]
        if (o->slot_count() >= 2) {
            o->slots[0] = vm.class_object(id);  // o is new (young): its stores need no barrier
            o->slots[1] = Value::object(methods[i]->selector);
        }
        vm.heap.store(arr(base[0]), arr(base[0])->items[i], Value::object(o));
    }
    return PrimStatus::ok;
}
PrimStatus cls_has_method(Interp& vm, Value* base) {
    if (!vm.is_class_object(base[0]) || !core::is_kind(base[1], Kind::symbol)) return fail(vm, "hasMethod: needs a Symbol");
    ClassInfo& c = vm.cls(Interp::id_of_class_object(base[0]));
    base[0] = Value::boolean(c.methods.count(str(base[1])) != 0 || materialize_method(vm, c, str(base[1])));
    return PrimStatus::ok;
}

// ---------------------------------------------------------------- Array

PrimStatus arr_at(Interp& vm, Value* base) {
    Value a = base[0], i = base[1];
    if (TRELLIS_LIKELY(i.is_small_int())) {
        auto* x = arr(a);
        uint64_t k = static_cast<uint64_t>(i.as_small_int() - 1);
        if (TRELLIS_LIKELY(k < x->length)) {
            base[0] = x->items[k];
            return PrimStatus::ok;
        }
    }
    return out_of_bounds(vm, "Array>>at: index " + (i.is_small_int() ? std::to_string(i.as_small_int()) : class_name(vm, i)) +
                        " out of bounds 1.." + std::to_string(arr(a)->length));
}
PrimStatus arr_at_put(Interp& vm, Value* base) {
    Value a = base[0], i = base[1];
    if (TRELLIS_LIKELY(i.is_small_int())) {
        auto* x = arr(a);
        uint64_t k = static_cast<uint64_t>(i.as_small_int() - 1);
        if (TRELLIS_LIKELY(k < x->length)) {
            vm.heap.store(x, x->items[k], base[2]);
            base[0] = base[2];
            return PrimStatus::ok;
        }
    }
    return out_of_bounds(vm, "Array>>at:put: index " + (i.is_small_int() ? std::to_string(i.as_small_int()) : class_name(vm, i)) +
                        " out of bounds 1.." + std::to_string(arr(a)->length));
}
PrimStatus arr_length(Interp&, Value* base) {
    base[0] = Value::small_int(static_cast<int64_t>(arr(base[0])->length));
    return PrimStatus::ok;
}
PrimStatus arr_new(Interp& vm, Value* base) {
    if (!base[1].is_small_int() || base[1].as_small_int() < 0) return fail(vm, "Array new: needs a non-negative SmallInteger");
    uint16_t id = Interp::id_of_class_object(base[0]);
    const size_t n = static_cast<size_t>(base[1].as_small_int());
    // eden's bump-pointer fast path in line for small arrays (young: nil needs no barrier); else new_array, which
    // collects, goes to the large-object space or throws
    auto* a = n < 64 ? static_cast<core::Array*>(vm.heap.try_allocate(Kind::array, sizeof(core::Object) + 8 + 8 * n))
                     : nullptr;
    if (a) {
        a->length = n;
        for (size_t i = 0; i < n; ++i) a->items[i] = Value::nil();
    } else {
        a = gc::new_array(vm.heap, n);
    }
    a->class_id = id;  // also Array itself: sends then find its class without a kind lookup
    base[0] = Value::object(a);
    return PrimStatus::ok;
}

// ---------------------------------------------------------------- String / Symbol

PrimStatus str_concat(Interp& vm, Value* base) {
    if (!is_text(base[1])) return fail(vm, "concatenate: needs a String, got a " + class_name(vm, base[1]));
    std::string s(str(base[0])->view());
    s += str(base[1])->view();
    base[0] = vm.new_string(s);
    return PrimStatus::ok;
}
// Text is copied out of a heap string before any allocation: the allocation may move the string.
PrimStatus str_as_symbol(Interp& vm, Value* base) {
    base[0] = vm.symbol_value(std::string(str(base[0])->view()));
    return PrimStatus::ok;
}
PrimStatus sym_as_string(Interp& vm, Value* base) {
    base[0] = vm.new_string(std::string(str(base[0])->view()));
    return PrimStatus::ok;
}
PrimStatus str_hashcode(Interp&, Value* base) {
    base[0] = Value::small_int(str(base[0])->hash32);
    return PrimStatus::ok;
}
PrimStatus str_length(Interp&, Value* base) {
    base[0] = Value::small_int(str(base[0])->length);
    return PrimStatus::ok;
}
template <int (*F)(int)>
PrimStatus str_all(Interp&, Value* base) {
    std::string_view s = str(base[0])->view();
    bool all = !s.empty();
    for (unsigned char c : s)
        if (!F(c)) all = false;
    base[0] = Value::boolean(all);
    return PrimStatus::ok;
}
PrimStatus str_equal(Interp&, Value* base) {
    const Value b = base[1];
    if (base[0].same(b)) {
        base[0] = Value::boolean(true);
        return PrimStatus::ok;
    }
    if (!is_text(b)) {
        base[0] = Value::boolean(false);
        return PrimStatus::ok;
    }
    const std::string_view x = str(base[0])->view(), y = str(b)->view();
    bool eq = x.size() == y.size();
    if (eq && x.size() <= 8) {  // short texts (single characters from charAt:) without a call to memcmp
        for (size_t i = 0; i < x.size() && eq; ++i) eq = x[i] == y[i];
    } else if (eq) {
        eq = x == y;
    }
    base[0] = Value::boolean(eq);
    return PrimStatus::ok;
}
PrimStatus str_substring(Interp& vm, Value* base) {
    if (!base[1].is_small_int() || !base[2].is_small_int()) return fail(vm, "substringFrom:to: needs SmallIntegers");
    std::string_view s = str(base[0])->view();
    int64_t from = base[1].as_small_int(), to = base[2].as_small_int();
    if (to < from) {
        base[0] = vm.new_string("");
        return PrimStatus::ok;
    }
    if (from < 1 || to > static_cast<int64_t>(s.size()))
        return out_of_bounds(vm, "substring " + std::to_string(from) + ".." + std::to_string(to) + " out of bounds 1.." +
                            std::to_string(s.size()));
    base[0] = vm.new_string(std::string(s.substr(static_cast<size_t>(from - 1), static_cast<size_t>(to - from + 1))));
    return PrimStatus::ok;
}
PrimStatus str_char_at(Interp& vm, Value* base) {
    std::string_view s = str(base[0])->view();
    if (!base[1].is_small_int() || base[1].as_small_int() < 1 || base[1].as_small_int() > static_cast<int64_t>(s.size()))
        return out_of_bounds(vm, "String>>charAt: index out of bounds 1.." + std::to_string(s.size()));
    const char c = s[static_cast<size_t>(base[1].as_small_int() - 1)];  // copied: the allocation may move s
    base[0] = vm.new_string(std::string_view(&c, 1));
    return PrimStatus::ok;
}

// ---------------------------------------------------------------- Blocks

template <unsigned N>
PrimStatus block_value(Interp& vm, Value* base) {
    auto* c = static_cast<core::Closure*>(base[0].as_object());
    if (TRELLIS_UNLIKELY(decode_ptr<Method>(c->function)->nargs != N))
        return fail(vm, "block of " + std::to_string(decode_ptr<Method>(c->function)->nargs) + " arguments called with " +
                            std::to_string(N));
    return PrimStatus::activate;
}
PrimStatus block_num_args(Interp&, Value* base) {
    auto* c = static_cast<core::Closure*>(base[0].as_object());
    base[0] = Value::small_int(decode_ptr<Method>(c->function)->nargs);
    return PrimStatus::ok;
}

// ---------------------------------------------------------------- System

PrimStatus sys_global(Interp& vm, Value* base) {
    if (!core::is_kind(base[1], Kind::symbol)) return fail(vm, "global: needs a Symbol");
    Value v = vm.global(str(base[1]));
    base[0] = v.is_undefined() ? Value::nil() : v;
    return PrimStatus::ok;
}
PrimStatus sys_global_put(Interp& vm, Value* base) {
    if (!core::is_kind(base[1], Kind::symbol)) return fail(vm, "global:put: needs a Symbol");
    vm.set_global(str(base[1]), base[2]);  // global sites cache map slots, which stay valid
    base[0] = base[2];
    return PrimStatus::ok;
}
PrimStatus sys_has_global(Interp& vm, Value* base) {
    if (!core::is_kind(base[1], Kind::symbol)) return fail(vm, "hasGlobal: needs a Symbol");
    base[0] = Value::boolean(!vm.global(str(base[1])).is_undefined());
    return PrimStatus::ok;
}
PrimStatus sys_load(Interp& vm, Value* base) {
    if (!is_text(base[1])) return fail(vm, "load: needs a Symbol");
    std::string name(str(base[1])->view());
    Value existing = vm.global(vm.symbol(name));
    if (vm.is_class_object(existing)) {
        base[0] = existing;
        return PrimStatus::ok;
    }
    try {
        uint16_t id = vm.load_class(name);
        base[0] = id ? vm.class_object(id) : Value::nil();
    } catch (const core::Error& e) {
        return fail(vm, e.what());
    }
    return PrimStatus::ok;
}
/// System>>loadFile: defines the class in the file (its name taken from the file) and answers it; nil when the
/// file cannot be read. A syntax or compile error is signalled as an Error.
PrimStatus sys_load_file(Interp& vm, Value* base) {
    if (!is_text(base[1])) return fail(vm, "loadFile: needs a String");
    std::string path(str(base[1])->view());
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        base[0] = Value::nil();
        return PrimStatus::ok;
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        base[0] = vm.class_object(vm.define_class(parse_class(text.str(), path), path));
    } catch (const gc::OutOfMemory&) {
        throw;
    } catch (const core::Error& e) {
        return fail(vm, e.what());
    }
    return PrimStatus::ok;
}
PrimStatus sys_exit(Interp& vm, Value* base) {
    vm.m_exit_code = base[1].is_small_int() ? static_cast<int>(base[1].as_small_int()) : 1;
    vm.m_exited = true;
    vm.flush_out();
    return PrimStatus::exit;
}
PrimStatus sys_print_string(Interp& vm, Value* base) {
    if (!is_text(base[1])) return fail(vm, "printString: needs a String");
    vm.write_out(str(base[1])->view());
    return PrimStatus::ok;
}
PrimStatus sys_print_newline(Interp& vm, Value*) {
    vm.write_out("\n");
    return PrimStatus::ok;
}
PrimStatus sys_error_print(Interp& vm, Value* base, bool nl) {
    if (!is_text(base[1])) return fail(vm, "errorPrint: needs a String");
    std::string_view s = str(base[1])->view();
    vm.write_err(nl ? std::string(s) + "\n" : std::string(s));
    return PrimStatus::ok;
}
PrimStatus sys_error_println(Interp& vm, Value* base) { return sys_error_print(vm, base, true); }
PrimStatus sys_error_print_nonl(Interp& vm, Value* base) { return sys_error_print(vm, base, false); }
int64_t now_us() {
    timeval tv;
    gettimeofday(&tv, nullptr);
    return int64_t(tv.tv_sec) * 1000000 + tv.tv_usec;
}
PrimStatus sys_time(Interp& vm, Value* base) {
    base[0] = Value::small_int((now_us() - vm.start_us) / 1000);
    return PrimStatus::ok;
}
PrimStatus sys_ticks(Interp& vm, Value* base) {
    base[0] = Value::small_int(now_us() - vm.start_us);
    return PrimStatus::ok;
}
/// HostFunctions>>doesNotUnderstand:arguments: (the `Host` global of an embedding program): the embedder's
/// function named by the selector's first keyword, through Interp::m_host_call.
PrimStatus host_call(Interp& vm, Value* base) {
    if (!vm.m_host_call) return fail(vm, "no host functions in this VM (Host is set up by an embedding program)");
    return vm.m_host_call(vm, base);
}
PrimStatus sys_full_gc(Interp& vm, Value* base) {
    vm.heap.collect_major();
    base[0] = Value::boolean(true);
    return PrimStatus::ok;
}

}  // namespace

void register_object_primitives(Interp& vm) {
    auto& p = vm.primitives;
    p["Object>>class"] = obj_class;
    p["Object>>=="] = obj_identical;
    p["Object>>hashcode"] = guarded<obj_hashcode>;
    p["Object>>identityHash"] = guarded<obj_hashcode>;
    p["Object>>objectSize"] = guarded<obj_size>;
    p["Object>>halt"] = guarded<obj_halt>;
    p["Exception>>findHandler"] = ex_find_handler;
    p["Exception>>findOuterHandler"] = ex_find_outer_handler;
    p["Exception>>return:"] = ex_return;
    p["Exception>>retry"] = ex_retry;
    p["Exception>>resume:"] = ex_resume;
    p["Exception>>uncaught"] = guarded<ex_uncaught>;
    p["Object>>inspect"] = guarded<obj_inspect>;
    p["Object>>perform:"] = guarded<obj_perform0>;
    p["Object>>perform:with:"] = guarded<obj_perform1>;
    p["Object>>perform:with:with:"] = guarded<obj_perform2>;
    p["Object>>perform:with:with:with:"] = guarded<obj_perform3>;
    p["Object>>perform:withArguments:"] = guarded<obj_perform_args>;
    p["Object>>perform:inSuperclass:"] = guarded<obj_perform_super>;
    p["Object>>perform:withArguments:inSuperclass:"] = guarded<obj_perform_args_super>;
    p["System>>printStackTrace"] = sys_print_stack_trace;
    p["Object>>instVarAt:"] = guarded<obj_inst_var_at>;
    p["Object>>instVarAt:put:"] = guarded<obj_inst_var_at_put>;
    p["Object>>instVarNamed:"] = guarded<obj_inst_var_named>;
    p["Class>>new"] = guarded<cls_new>;
    p["Class>>name"] = guarded<cls_name>;
    p["Class>>superclass"] = guarded<cls_superclass>;
    p["Class>>fields"] = guarded<cls_fields>;
    p["Class>>selectors"] = guarded<cls_selectors>;
    p["Class>>methods"] = guarded<cls_methods>;
    p["Class>>hasMethod:"] = guarded<cls_has_method>;
    p["Array>>at:"] = arr_at;
    p["Array>>at:put:"] = arr_at_put;
    p["Array>>length"] = arr_length;
    p["Array class>>new:"] = guarded<arr_new>;
    p["String>>concatenate:"] = guarded<str_concat>;
    p["String>>asSymbol"] = guarded<str_as_symbol>;
    p["String>>hashcode"] = guarded<str_hashcode>;
    p["String>>length"] = guarded<str_length>;
    p["String>>isWhiteSpace"] = guarded<str_all<std::isspace>>;
    p["String>>isLetters"] = guarded<str_all<std::isalpha>>;
    p["String>>isDigits"] = guarded<str_all<std::isdigit>>;
    p["String>>="] = guarded<str_equal>;
    p["String>>primSubstringFrom:to:"] = guarded<str_substring>;
    p["String>>charAt:"] = guarded<str_char_at>;
    p["Symbol>>asString"] = guarded<sym_as_string>;
    p["Block>>numArgs"] = guarded<block_num_args>;
    p["Block1>>value"] = block_value<0>;
    p["Block2>>value:"] = block_value<1>;
    p["Block3>>value:with:"] = block_value<2>;
    p["System>>global:"] = guarded<sys_global>;
    p["System>>global:put:"] = guarded<sys_global_put>;
    p["System>>hasGlobal:"] = guarded<sys_has_global>;
    p["System>>load:"] = guarded<sys_load>;
    p["System>>loadFile:"] = guarded<sys_load_file>;
    p["System>>exit:"] = guarded<sys_exit>;
    p["System>>printString:"] = guarded<sys_print_string>;
    p["System>>printNewline"] = guarded<sys_print_newline>;
    p["System>>errorPrintln:"] = guarded<sys_error_println>;
    p["System>>errorPrint:"] = guarded<sys_error_print_nonl>;
    p["System>>time"] = guarded<sys_time>;
    p["System>>ticks"] = guarded<sys_ticks>;
    p["System>>fullGC"] = guarded<sys_full_gc>;
    p["HostFunctions>>doesNotUnderstand:arguments:"] = guarded<host_call>;
}

uint16_t kernel_error_class(Interp& vm, const char* name) {
    // Loading the class allocates in old space, which may be over the heap limit now: the limit is lifted by
    // 1 MiB for the load (a small class from the snapshot) and put back.
    const size_t limit = vm.heap.config().max_heap_bytes;
    vm.heap.set_max_heap_bytes(std::max(limit, vm.heap.old_bytes()) + (size_t(1) << 20));
    uint16_t id = vm.id_error;
    try {
        if (Value* slot = vm.resolve_global(vm.symbol(name)); slot && vm.is_class_object(*slot))
            id = Interp::id_of_class_object(*slot);
    } catch (const core::Error&) {
    }
    vm.heap.set_max_heap_bytes(limit);
    return id;
}

PrimStatus allocation_failed(Interp& vm, const char* message, bool out_of_memory) {
    vm.m_error = message;
    // OutOfMemory is loaded on first use; when even that cannot allocate, the exception is an Error.
    vm.m_error_class = out_of_memory ? kernel_error_class(vm, "OutOfMemory") : vm.id_error;
    return PrimStatus::signal_error;
}

void register_primitives(Interp& vm) {
    register_number_primitives(vm);
    register_object_primitives(vm);
    register_context_primitives(vm);
}

}  // namespace trellis::smalltalk
