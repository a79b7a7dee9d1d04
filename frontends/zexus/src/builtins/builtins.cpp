/// @file builtins.cpp
/// The Zexus builtins of LANGUAGE.md §5, §7, §8 and the core set of §13 (len, type, string/str, int, float,
/// range, keys/values/entries, push (copy) / append (mutating), first/rest/slice/sort, map/filter/reduce,
/// split, uppercase/lowercase, abs, sqrt, time/now), and the list and map methods of §7. The table continues with
/// the I/O, system and crypto builtins of builtins_system.cpp.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>

#include "builtins/builtins_system.hpp"
#include "eval/eval_impl.hpp"

namespace trellis::zexus {

using core::Kind;

namespace {

/// Builtin table, in index order.
#define TRELLIS_ZEXUS_BUILTINS(X)                                                                            \
    X(len) X(length) X(type) X(typeof) X(string) X(str) X(int) X(float) X(range) X(keys) X(values)        \
    X(entries) X(push) X(append) X(extend) X(first) X(rest) X(slice) X(sort) X(map) X(filter) X(reduce)      \
    X(split) X(uppercase) X(lowercase) X(abs) X(sqrt) X(time) X(now) X(timestamp) X(size) X(is_numeric)     \
    X(is_alpha) X(join) X(is_main)

enum class B : int {
#define TRELLIS_ZX_B(name) b_##name,
    TRELLIS_ZEXUS_BUILTINS(TRELLIS_ZX_B)
#undef TRELLIS_ZX_B
    count
};
/// Names of the core builtins (indices below B::count), then of the system builtins (builtins_system.hpp).
constexpr std::string_view k_names[] = {
#define TRELLIS_ZX_B(name) #name,
    TRELLIS_ZEXUS_BUILTINS(TRELLIS_ZX_B) TRELLIS_ZEXUS_SYSTEM_BUILTINS(TRELLIS_ZX_B)
#undef TRELLIS_ZX_B
};
constexpr int k_builtin_count = static_cast<int>(sizeof k_names / sizeof k_names[0]);

core::List* as_list(Value v) { return static_cast<core::List*>(v.as_object()); }
core::Map* as_map(Value v) { return static_cast<core::Map*>(v.as_object()); }

}  // namespace

int Evaluator::builtin_index(std::string_view name) {
    for (int i = 0; i < k_builtin_count; ++i)
        if (k_names[i] == name) return i;
    return -1;
}

Value Evaluator::builtin_value(int index) {
    auto* c = gc::new_closure(m_heap, Value::small_int(index), 0);
    c->class_id = static_cast<uint16_t>(ZClass::builtin);
    return Value::object(c);
}

Value Evaluator::call_builtin(int index, Value* a, size_t argc) {
    if (TRELLIS_UNLIKELY(index >= host_function_base)) return m_options.host_call(uint32_t(index - host_function_base), a, argc);
    if (index >= static_cast<int>(B::count)) return call_system_builtin(*this, index - static_cast<int>(B::count), a, argc);
    std::string_view name = k_names[index];
    auto need = [&](size_t n) {
        if (argc < n) fail(std::string(name) + "() takes " + std::to_string(n) + " argument(s), got " + std::to_string(argc));
    };
    auto need_list = [&](size_t i) {
        if (!core::is_kind(a[i], Kind::list)) fail(std::string(name) + "() expects a List, got " + upper_type(a[i]));
        return as_list(a[i]);
    };
    auto need_map = [&](size_t i) {
        if (!core::is_kind(a[i], Kind::map)) fail(std::string(name) + "() expects a Map, got " + upper_type(a[i]));
        return as_map(a[i]);
    };
    auto need_str = [&](size_t i) {
        if (!is_string(a[i])) fail(std::string(name) + "() expects a String, got " + upper_type(a[i]));
        return std::string(str(a[i]));
    };
    Value* base = m_sp;
    Value r = Value::nil();
    switch (static_cast<B>(index)) {
        case B::b_len:
        case B::b_length:
        case B::b_size:
            need(1);
            if (is_string(a[0])) return Value::small_int(static_cast<int64_t>(str(a[0]).size()));
            if (core::is_kind(a[0], Kind::list)) return Value::small_int(static_cast<int64_t>(as_list(a[0])->length));
            if (core::is_kind(a[0], Kind::map)) return Value::small_int(as_map(a[0])->count);
            fail("len() not supported for " + upper_type(a[0]));
        case B::b_type:
        case B::b_typeof: need(1); return make_string(type_name(a[0]));
        case B::b_string:
        case B::b_str: need(1); return make_string(display(a[0]));
        case B::b_int: {
            need(1);
            if (is_int(a[0])) return a[0];
            if (a[0].is_double()) {
                double d = std::trunc(a[0].as_double());
                if (!std::isfinite(d)) fail("int() cannot convert " + display(a[0]));
                mpz_t z;
                mpz_init_set_d(z, d);
                Value v = gc::make_integer(m_heap, z);
                mpz_clear(z);
                return v;
            }
            if (a[0].is_bool()) return Value::small_int(a[0].is_true() ? 1 : 0);
            std::string s = need_str(0);
            size_t b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
            s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
            mpz_t z;
            if (s.empty() || mpz_init_set_str(z, (s[0] == '+' ? s.substr(1) : s).c_str(), 10) != 0) {
                if (!s.empty()) mpz_clear(z);
                fail("Cannot convert '" + s + "' to integer");
            }
            Value v = int_result(z);
            mpz_clear(z);
            return v;
        }
        case B::b_float: {
            need(1);
            if (a[0].is_double()) return a[0];
            if (a[0].is_small_int()) return Value::from_double(static_cast<double>(a[0].as_small_int()));
            if (is_int(a[0])) {
                mpz_t z;
                mpz_init(z);
                gc::integer_to_mpz(a[0], z);
                double d = mpz_get_d(z);
                mpz_clear(z);
                return Value::from_double(d);
            }
            std::string s = need_str(0);
            char* end = nullptr;
            double d = std::strtod(s.c_str(), &end);
            if (s.empty() || *end) fail("Cannot convert '" + s + "' to float");
            return Value::from_double(d);
        }
        case B::b_range: {
            need(1);
            int64_t lo = 0, hi, step = 1;
            for (size_t i = 0; i < argc && i < 3; ++i)
                if (!a[i].is_small_int()) fail("range() expects integers");
            if (argc == 1) hi = a[0].as_small_int();
            else {
                lo = a[0].as_small_int();
                hi = a[1].as_small_int();
                if (argc > 2) step = a[2].as_small_int();
            }
            if (step == 0) fail("range() step must not be zero");
            push(Value::object(gc::new_list(m_heap, 8)));
            for (int64_t i = lo; step > 0 ? i < hi : i > hi; i += step) gc::list_push(m_heap, base[0], Value::small_int(i));
            r = base[0];
            break;
        }
        case B::b_keys:
        case B::b_values:
        case B::b_entries: {
            need(1);
            need_map(0);
            bool is_entries = static_cast<B>(index) == B::b_entries;
            // Copy to the stack first: building the result allocates.
            while (static_cast<size_t>(m_limit - m_sp) < 2 * size_t(as_map(a[0])->count) + 2) grow_stack();
            gc::map_for_each(as_map(a[0]), [&](Value k, Value v) {
                *m_sp++ = static_cast<B>(index) == B::b_values ? v : k;
                if (is_entries) *m_sp++ = v;
            });
            size_t n = static_cast<size_t>(m_sp - base);
            if (is_entries) {
                for (size_t i = 0; i < n; i += 2) {
                    Value pair = list_from(base + i, 2);
                    base[i / 2] = pair;
                }
                n /= 2;
            }
            r = list_from(base, n);
            break;
        }
        case B::b_push:
        case B::b_append: {
            need(2);
            need_list(0);
            if (static_cast<B>(index) == B::b_append) {
                gc::list_push(m_heap, a[0], a[1]);
                return a[0];
            }
            for (uint64_t i = 0; i < as_list(a[0])->length; ++i) push(gc::list_get(as_list(a[0]), i));
            push(a[1]);
            r = list_from(base, static_cast<size_t>(m_sp - base));
            break;
        }
        case B::b_extend: {
            need(2);
            need_list(0);
            need_list(1);
            for (uint64_t i = 0; i < as_list(a[1])->length; ++i) gc::list_push(m_heap, a[0], gc::list_get(as_list(a[1]), i));
            return a[0];
        }
        case B::b_first: {
            need(1);
            auto* l = need_list(0);
            return l->length ? gc::list_get(l, 0) : Value::nil();
        }
        case B::b_rest:
        case B::b_slice: {
            need(1);
            auto* l = need_list(0);
            int64_t n = static_cast<int64_t>(l->length), lo = 1, hi = n;
            if (static_cast<B>(index) == B::b_slice) {
                need(2);
                lo = a[1].is_small_int() ? a[1].as_small_int() : 0;
                hi = argc > 2 && a[2].is_small_int() ? a[2].as_small_int() : n;
            }
            if (lo < 0) lo += n;
            if (hi < 0) hi += n;
            lo = std::clamp<int64_t>(lo, 0, n);
            hi = std::clamp<int64_t>(hi, lo, n);
            for (int64_t i = lo; i < hi; ++i) push(gc::list_get(as_list(a[0]), static_cast<uint64_t>(i)));
            r = list_from(base, static_cast<size_t>(m_sp - base));
            break;
        }
        case B::b_sort: {
            need(1);
            need_list(0);
            for (uint64_t i = 0; i < as_list(a[0])->length; ++i) push(gc::list_get(as_list(a[0]), i));
            std::sort(base, m_sp, [&](Value x, Value y) { return compare(m_current, x, y) < 0; });
            r = list_from(base, static_cast<size_t>(m_sp - base));
            break;
        }
        case B::b_map:
        case B::b_filter: {
            need(2);
            need_list(0);
            // stack: [result list] then per element [fn, item]
            push(Value::object(gc::new_list(m_heap, 8)));
            for (uint64_t i = 0; i < as_list(a[0])->length; ++i) {
                push(a[1]);
                push(gc::list_get(as_list(a[0]), i));
                Value v = call_value(m_current, base + 1, 1);
                if (static_cast<B>(index) == B::b_map) gc::list_push(m_heap, base[0], v);
                else if (truthy(v)) gc::list_push(m_heap, base[0], base[2]);
                m_sp = base + 1;
            }
            r = base[0];
            break;
        }
        case B::b_reduce: {
            need(2);
            need_list(0);
            uint64_t start = 0;
            if (argc > 2) push(a[2]);
            else {
                if (as_list(a[0])->length == 0) fail("reduce() of an empty list with no initial value");
                push(gc::list_get(as_list(a[0]), 0));
                start = 1;
            }
            for (uint64_t i = start; i < as_list(a[0])->length; ++i) {
                push(a[1]);
                push(base[0]);
                push(gc::list_get(as_list(a[0]), i));
                base[0] = call_value(m_current, base + 1, 2);
                m_sp = base + 1;
            }
            r = base[0];
            break;
        }
        case B::b_split: {
            need(1);
            std::string s = need_str(0), sep = argc > 1 ? need_str(1) : " ";
            if (sep.empty()) fail("split() separator must not be empty");
            size_t pos = 0;
            for (;;) {
                size_t next = s.find(sep, pos);
                push(make_string(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos)));
                if (next == std::string::npos) break;
                pos = next + sep.size();
            }
            r = list_from(base, static_cast<size_t>(m_sp - base));
            break;
        }
        case B::b_uppercase:
        case B::b_lowercase: {
            need(1);
            std::string s = need_str(0);
            for (char& c : s)
                c = static_cast<char>(static_cast<B>(index) == B::b_uppercase ? std::toupper(static_cast<unsigned char>(c))
                                                                            : std::tolower(static_cast<unsigned char>(c)));
            return make_string(s);
        }
        case B::b_is_numeric:
        case B::b_is_alpha: {
            need(1);
            std::string s = need_str(0);
            bool ok = !s.empty();
            for (char c : s)
                ok = ok && (static_cast<B>(index) == B::b_is_numeric ? std::isdigit(static_cast<unsigned char>(c))
                                                                   : std::isalpha(static_cast<unsigned char>(c)));
            return Value::boolean(ok);
        }
        case B::b_join: {
            need(1);
            need_list(0);
            std::string sep = argc > 1 ? need_str(1) : "", s;
            for (uint64_t i = 0; i < as_list(a[0])->length; ++i) {
                if (i) s += sep;
                append_display(s, gc::list_get(as_list(a[0]), i));
            }
            return make_string(s);
        }
        case B::b_abs: {
            need(1);
            if (a[0].is_double()) return Value::from_double(std::fabs(a[0].as_double()));
            if (!is_int(a[0])) fail("abs() expects a number");
            Value zero = Value::small_int(0);
            return compare(m_current, a[0], zero) < 0 ? negate(m_current, a[0]) : a[0];
        }
        case B::b_sqrt: {
            need(1);
            if (!a[0].is_number()) fail("sqrt() expects a number");
            return Value::from_double(std::sqrt(a[0].to_double()));
        }
        case B::b_time:
        case B::b_now:
        case B::b_timestamp: {
            double t = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
            return static_cast<B>(index) == B::b_timestamp ? Value::small_int(static_cast<int64_t>(t)) : Value::from_double(t);
        }
        case B::b_is_main: {
            bool found;
            Value m = lookup("__MODULE__", found);
            return Value::boolean(found && is_string(m) && str(m) == "__main__");
        }
        case B::count: break;
    }
    m_sp = base;
    return r;
}

Value Evaluator::call_method(std::string_view name, Value* a, size_t argc, bool& found) {
    found = true;
    Value self = a[-1];
    // Builtins that take the receiver first: l.map(f) == map(l, f), etc. a[-1] is the receiver slot.
    auto as_builtin = [&](std::string_view b) { return call_builtin(builtin_index(b), a - 1, argc + 1); };
    if (core::is_kind(self, Kind::list)) {
        if (name == "map" || name == "filter" || name == "reduce" || name == "extend" || name == "first" ||
            name == "rest" || name == "slice" || name == "sort" || name == "join")
            return as_builtin(name);
        if (name == "push" || name == "append") return as_builtin("append");
        if (name == "count" || name == "length" || name == "size" || name == "len") return as_builtin("len");
        if (name == "is_empty") return Value::boolean(static_cast<core::List*>(self.as_object())->length == 0);
        if (name == "contains" || name == "includes" || name == "index_of") {
            if (argc < 1) fail(std::string(name) + "() takes 1 argument");
            auto* l = static_cast<core::List*>(self.as_object());
            for (uint64_t i = 0; i < l->length; ++i)
                if (equal(gc::list_get(l, i), a[0]))
                    return name == "index_of" ? Value::small_int(static_cast<int64_t>(i)) : Value::boolean(true);
            return name == "index_of" ? Value::small_int(-1) : Value::boolean(false);
        }
        if (name == "pop") {
            auto* l = static_cast<core::List*>(self.as_object());
            if (!l->length) return Value::nil();
            return gc::list_get(l, --l->length);
        }
    } else if (core::is_kind(self, Kind::map)) {
        auto* m = static_cast<core::Map*>(self.as_object());
        if (name == "keys" || name == "values" || name == "entries") return as_builtin(name);
        if (name == "size" || name == "count" || name == "length") return Value::small_int(m->count);
        if (name == "is_empty") return Value::boolean(m->count == 0);
        if (name == "has" || name == "contains" || name == "has_key") {
            if (argc < 1) fail(std::string(name) + "() takes 1 argument");
            return Value::boolean(!gc::map_get(m, a[0]).is_undefined());
        }
        if (name == "get") {
            if (argc < 1) fail("get() takes 1 or 2 arguments");
            Value v = gc::map_get(m, a[0]);
            return v.is_undefined() ? (argc > 1 ? a[1] : Value::nil()) : v;
        }
        if (name == "set") {
            if (argc < 2) fail("set() takes 2 arguments");
            gc::map_set(m_heap, a[-1], a[0], a[1]);
            return a[-1];
        }
        if (name == "delete" || name == "remove") {
            if (argc < 1) fail(std::string(name) + "() takes 1 argument");
            return Value::boolean(gc::map_remove(m_heap, m, a[0]));
        }
    }
    found = false;
    return Value::nil();
}

}  // namespace trellis::zexus
