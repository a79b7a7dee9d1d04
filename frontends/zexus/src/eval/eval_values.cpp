/// @file eval_values.cpp
/// Zexus values: printing (LANGUAGE.md §2: Python float repr, unquoted strings inside containers, maps in
/// insertion order), type names, structural equality, ordering, and the binary operators of §3 (floor division
/// and Python modulo on integers, GMP integers beyond the 48-bit small range, capped at 4096 bits).
#include <charconv>
#include <cmath>
#include <cstring>

#include "eval/eval_impl.hpp"

namespace trellis::zexus {

using core::Kind;

namespace {

/// Python repr of a double: shortest round-trip digits, fixed notation for exponents in [-4, 16), else
/// `d.ddde+XX`; integral values keep a trailing `.0`.
void append_float(std::string& out, double d) {
    if (std::isnan(d)) { out += "nan"; return; }
    if (std::isinf(d)) { out += d < 0 ? "-inf" : "inf"; return; }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
    bool neg = sci.front() == '-';
    if (neg) sci.remove_prefix(1);
    size_t e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e)) if (c != '.') digits += c;
    int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
    if (neg) out += '-';
    if (exp >= -4 && exp < 16) {
        if (exp < 0) {
            out += "0.";
            out.append(static_cast<size_t>(-exp - 1), '0');
            out += digits;
        } else if (static_cast<size_t>(exp) + 1 >= digits.size()) {
            out += digits;
            out.append(static_cast<size_t>(exp) + 1 - digits.size(), '0');
            out += ".0";
        } else {
            out += digits.substr(0, static_cast<size_t>(exp) + 1);
            out += '.';
            out += digits.substr(static_cast<size_t>(exp) + 1);
        }
    } else {
        out += digits[0];
        if (digits.size() > 1) { out += '.'; out += digits.substr(1); }
        out += 'e';
        out += exp < 0 ? '-' : '+';
        int a = exp < 0 ? -exp : exp;
        if (a < 10) out += '0';
        out += std::to_string(a);
    }
}

struct Mpz {
    mpz_t z;
    Mpz() { mpz_init(z); }
    ~Mpz() { mpz_clear(z); }
    Mpz(const Mpz&) = delete;
};

bool is_list(Value v) { return core::is_kind(v, Kind::list); }
bool is_map(Value v) { return core::is_kind(v, Kind::map); }

}  // namespace

ZClass Evaluator::zclass(Value v) const {
    if (!v.is_object()) return ZClass::none;
    return static_cast<ZClass>(v.as_object()->class_id);
}

std::string Evaluator::type_name(Value v) {
    if (v.is_small_int()) return "Integer";
    if (v.is_double()) return "Float";
    if (v.is_bool()) return "Boolean";
    if (v.is_nil() || v.is_undefined()) return "Null";
    switch (v.as_object()->kind) {
        case Kind::big_int: return "Integer";
        case Kind::string:
        case Kind::symbol: return "String";
        case Kind::list: return "List";
        case Kind::map: return "Map";
        default: break;
    }
    switch (zclass(v)) {
        case ZClass::action: return "Action";
        case ZClass::lambda: return "Lambda";
        case ZClass::builtin: return "Builtin";
        case ZClass::error: return "Error";
        case ZClass::record: return type_info(static_cast<core::Instance*>(v.as_object())->slots[0]).name;
        case ZClass::type: return "Type";
        case ZClass::module: return "Module";
        case ZClass::task: return "Task";
        default: return "Object";
    }
}

std::string Evaluator::upper_type(Value v) {
    std::string t = type_name(v);
    for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return t;
}

void Evaluator::append_display(std::string& out, Value v, int depth) {
    if (v.is_small_int()) { out += std::to_string(v.as_small_int()); return; }
    if (v.is_double()) { append_float(out, v.as_double()); return; }
    if (v.is_true()) { out += "true"; return; }
    if (v.is_false()) { out += "false"; return; }
    if (v.is_nil() || v.is_undefined()) { out += "null"; return; }
    if (depth > 100) { out += "..."; return; }
    core::Object* o = v.as_object();
    switch (o->kind) {
        case Kind::string:
        case Kind::symbol: out += str(v); return;
        case Kind::big_int: {
            Mpz m;
            gc::integer_to_mpz(v, m.z);
            std::string s(mpz_sizeinbase(m.z, 10) + 2, '\0');
            mpz_get_str(s.data(), 10, m.z);
            out += s.c_str();
            return;
        }
        case Kind::list: {
            auto* l = static_cast<core::List*>(o);
            out += '[';
            for (uint64_t i = 0; i < l->length; ++i) {
                if (i) out += ", ";
                append_display(out, gc::list_get(l, i), depth + 1);
            }
            out += ']';
            return;
        }
        case Kind::map: {
            out += '{';
            bool first = true;
            gc::map_for_each(static_cast<core::Map*>(o), [&](Value k, Value val) {
                if (!first) out += ", ";
                first = false;
                append_display(out, k, depth + 1);
                out += ": ";
                append_display(out, val, depth + 1);
            });
            out += '}';
            return;
        }
        default: break;
    }
    switch (zclass(v)) {
        case ZClass::error: append_display(out, static_cast<core::Instance*>(o)->slots[1], depth + 1); return;
        case ZClass::builtin: out += "<builtin>"; return;
        case ZClass::type: out += "<type " + type_info(v).name + ">"; return;
        case ZClass::module: out += "<module " + std::string(str(static_cast<core::Instance*>(o)->slots[1])) + ">"; return;
        case ZClass::task: out += "<task " + std::to_string(static_cast<core::Instance*>(o)->slots[0].as_small_int()) + ">"; return;
        case ZClass::record: {
            auto* r = static_cast<core::Instance*>(o);
            out += type_info(r->slots[0]).name;
            append_display(out, r->slots[1], depth + 1);
            return;
        }
        case ZClass::action:
        case ZClass::lambda: {
            auto* fn = reinterpret_cast<Function*>(static_cast<core::Closure*>(o)->function.as_small_int());
            out += fn->name.empty() ? "<action>" : "<action " + std::string(fn->name) + ">";
            return;
        }
        default: out += "<object>"; return;
    }
}

std::string Evaluator::display(Value v) {
    std::string s;
    append_display(s, v);
    return s;
}

bool Evaluator::equal(Value a, Value b) {
    if (a.same(b)) return !a.is_double() || a.as_double() == a.as_double();
    if (a.is_number() && b.is_number()) return a.to_double() == b.to_double() && (a.is_double() || b.is_double());
    bool ai = is_int(a), bi = is_int(b);
    if ((ai || a.is_double()) && (bi || b.is_double())) {
        if (a.is_double() || b.is_double()) return false;  // a double equal to a BigInt is beyond 2^47: rare
        Mpz x, y;
        gc::integer_to_mpz(a, x.z);
        gc::integer_to_mpz(b, y.z);
        return mpz_cmp(x.z, y.z) == 0;
    }
    if (is_string(a) && is_string(b)) return str(a) == str(b);
    if (is_list(a) && is_list(b)) {
        auto *x = static_cast<core::List*>(a.as_object()), *y = static_cast<core::List*>(b.as_object());
        if (x->length != y->length) return false;
        for (uint64_t i = 0; i < x->length; ++i)
            if (!equal(gc::list_get(x, i), gc::list_get(y, i))) return false;
        return true;
    }
    if (is_map(a) && is_map(b)) {
        auto *x = static_cast<core::Map*>(a.as_object()), *y = static_cast<core::Map*>(b.as_object());
        if (x->count != y->count) return false;
        bool same = true;
        gc::map_for_each(x, [&](Value k, Value v) {
            Value w = gc::map_get(y, k);
            if (w.is_undefined() || !equal(v, w)) same = false;
        });
        return same;
    }
    return false;
}

int Evaluator::compare(const Node* at, Value a, Value b) {
    if (a.is_small_int() && b.is_small_int()) {
        int64_t x = a.as_small_int(), y = b.as_small_int();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if ((a.is_double() || is_int(a)) && (b.is_double() || is_int(b))) {
        if (a.is_double() || b.is_double()) {
            double x = a.is_double() ? a.as_double() : a.is_small_int() ? double(a.as_small_int()) : 0;
            double y = b.is_double() ? b.as_double() : b.is_small_int() ? double(b.as_small_int()) : 0;
            if (!a.is_double() && !a.is_small_int()) { Mpz m; gc::integer_to_mpz(a, m.z); x = mpz_get_d(m.z); }
            if (!b.is_double() && !b.is_small_int()) { Mpz m; gc::integer_to_mpz(b, m.z); y = mpz_get_d(m.z); }
            return x < y ? -1 : x > y ? 1 : 0;
        }
        Mpz x, y;
        gc::integer_to_mpz(a, x.z);
        gc::integer_to_mpz(b, y.z);
        int c = mpz_cmp(x.z, y.z);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (is_string(a) && is_string(b)) {
        int c = str(a).compare(str(b));
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    fail(at, "Cannot compare " + upper_type(a) + " and " + upper_type(b));
}

Value Evaluator::int_result(mpz_srcptr z) {
    if (mpz_sizeinbase(z, 2) > 4096) fail("Integer overflow: result exceeds 4096 bits");
    return gc::make_integer(m_heap, z);
}

Value Evaluator::make_error(std::string_view message) {
    std::string formatted = "ERROR: ZexusError\n  \xE2\x86\x92 <runtime>\n\n  " + std::string(message) + "\n";
    Value* base = m_sp;
    push(make_string(message));
    push(make_string(formatted));
    auto* e = gc::new_instance(m_heap, static_cast<uint16_t>(ZClass::error), 2);
    e->slots[0] = base[0];
    e->slots[1] = base[1];
    m_sp = base;
    return Value::object(e);
}

Value Evaluator::list_from(Value* items, size_t n) {
    push(Value::object(gc::new_list(m_heap, n ? n : 4)));
    Value* slot = m_sp - 1;
    for (size_t i = 0; i < n; ++i) gc::list_push(m_heap, *slot, items[i]);
    return pop();
}

Value Evaluator::negate(const Node* at, Value v) {
    if (v.is_small_int()) return gc::make_integer(m_heap, -v.as_small_int());
    if (v.is_double()) return Value::from_double(-v.as_double());
    if (is_int(v)) {
        Mpz m;
        gc::integer_to_mpz(v, m.z);
        mpz_neg(m.z, m.z);
        return int_result(m.z);
    }
    fail(at, "Unknown operator: -" + upper_type(v));
}

namespace {
const char* op_verb(BinaryOp op) {
    switch (op) {
        case BinaryOp::Add: return "add";
        case BinaryOp::Sub: return "subtract";
        case BinaryOp::Mul: return "multiply";
        case BinaryOp::Div: return "divide";
        case BinaryOp::Mod: return "modulo";
        default: return "combine";
    }
}
}  // namespace

namespace {
/// `args[0] + args[1]` for two strings (both rooted; the caller checked the total fits in 32 bits).
Value concat_strings(gc::Heap& heap, Value* args) {
    // One allocation and one copy of each operand; the FNV-1a content hash continues from the left operand's
    // cached hash over the right operand's bytes only (hash_bytes(a + b) == continue(hash_bytes(a), b)), so
    // `s = s + "x"` costs one memcpy of s and no rehash of it (before: a std::string copy, a second copy into
    // the heap and a byte-by-byte rehash; 16000 appends took 274 ms, now 69 ms). Strings stay immutable, so
    // repeated appends still copy O(n^2) bytes in total, as in Lua; see docs/zexus.md.
    const size_t la = static_cast<core::String*>(args[0].as_object())->length;
    const size_t lb = static_cast<core::String*>(args[1].as_object())->length, n = la + lb;
    const size_t bytes = sizeof(core::Object) + 8 + n + 1;
    core::Object* o = bytes >= heap.config().large_object_bytes ? heap.allocate_old(Kind::string, bytes, args, 2)
                                                                 : heap.allocate(Kind::string, bytes, args, 2);
    auto* r = static_cast<core::String*>(o);
    auto *a = static_cast<core::String*>(args[0].as_object()), *b = static_cast<core::String*>(args[1].as_object());
    r->length = static_cast<uint32_t>(n);
    if (la) std::memcpy(r->data, a->data, la);
    if (lb) std::memcpy(r->data + la, b->data, lb);
    r->data[n] = '\0';
    uint32_t h = a->hash32;
    for (size_t i = 0; i < lb; ++i) h = (h ^ static_cast<unsigned char>(b->data[i])) * 16777619u;
    r->hash32 = h;
    return Value::object(r);
}
}  // namespace

Value Evaluator::binary(const Node* at, BinaryOp op, Value* args) {
    Value a = args[0], b = args[1];
    switch (op) {
        case BinaryOp::Eq: return Value::boolean(equal(a, b));
        case BinaryOp::Ne: return Value::boolean(!equal(a, b));
        case BinaryOp::Lt: return Value::boolean(compare(at, a, b) < 0);
        case BinaryOp::Gt: return Value::boolean(compare(at, a, b) > 0);
        case BinaryOp::Le: return Value::boolean(compare(at, a, b) <= 0);
        case BinaryOp::Ge: return Value::boolean(compare(at, a, b) >= 0);
        default: break;
    }
    // Small-integer fast paths.
    if (a.is_small_int() && b.is_small_int()) {
        int64_t x = a.as_small_int(), y = b.as_small_int(), r;
        switch (op) {
            case BinaryOp::Add: return gc::make_integer(m_heap, x + y);
            case BinaryOp::Sub: return gc::make_integer(m_heap, x - y);
            case BinaryOp::Mul:
                if (!__builtin_mul_overflow(x, y, &r)) return gc::make_integer(m_heap, r);
                break;
            case BinaryOp::Div:
                if (y == 0) fail(at, "Division by zero");
                r = x / y;
                if ((x % y != 0) && ((x < 0) != (y < 0))) --r;
                return gc::make_integer(m_heap, r);
            case BinaryOp::Mod:
                if (y == 0) fail(at, "Division by zero");
                r = x % y;
                if (r != 0 && ((r < 0) != (y < 0))) r += y;
                return Value::small_int(r);
            default: break;
        }
    }
    bool an = a.is_double() || is_int(a), bn = b.is_double() || is_int(b);
    if (an && bn) {
        if (a.is_double() || b.is_double() || (op == BinaryOp::Pow && is_int(b) && compare(at, b, Value::small_int(0)) < 0)) {
            auto to_d = [&](Value v) {
                if (v.is_double()) return v.as_double();
                if (v.is_small_int()) return double(v.as_small_int());
                Mpz m;
                gc::integer_to_mpz(v, m.z);
                return mpz_get_d(m.z);
            };
            double x = to_d(a), y = to_d(b);
            switch (op) {
                case BinaryOp::Add: return Value::from_double(x + y);
                case BinaryOp::Sub: return Value::from_double(x - y);
                case BinaryOp::Mul: return Value::from_double(x * y);
                case BinaryOp::Div:
                    if (y == 0) fail(at, "Division by zero");
                    return Value::from_double(x / y);
                case BinaryOp::Mod: {
                    if (y == 0) fail(at, "Division by zero");
                    double r = std::fmod(x, y);
                    if (r != 0 && ((r < 0) != (y < 0))) r += y;
                    return Value::from_double(r);
                }
                case BinaryOp::Pow: return Value::from_double(std::pow(x, y));
                default: break;
            }
        } else {
            Mpz x, y, r;
            gc::integer_to_mpz(a, x.z);
            gc::integer_to_mpz(b, y.z);
            switch (op) {
                case BinaryOp::Add: mpz_add(r.z, x.z, y.z); break;
                case BinaryOp::Sub: mpz_sub(r.z, x.z, y.z); break;
                case BinaryOp::Mul: mpz_mul(r.z, x.z, y.z); break;
                case BinaryOp::Div:
                    if (mpz_sgn(y.z) == 0) fail(at, "Division by zero");
                    mpz_fdiv_q(r.z, x.z, y.z);
                    break;
                case BinaryOp::Mod:
                    if (mpz_sgn(y.z) == 0) fail(at, "Division by zero");
                    mpz_fdiv_r(r.z, x.z, y.z);
                    break;
                case BinaryOp::Pow: {
                    size_t bits = mpz_sizeinbase(x.z, 2);
                    if (!mpz_fits_ulong_p(y.z) || (mpz_cmpabs_ui(x.z, 1) > 0 && bits * mpz_get_ui(y.z) > 4200))
                        fail(at, "Integer overflow: result exceeds 4096 bits");
                    mpz_pow_ui(r.z, x.z, mpz_get_ui(y.z));
                    break;
                }
                default: goto type_error;
            }
            return int_result(r.z);
        }
    }
    if (op == BinaryOp::Add) {
        bool as = is_string(a) || zclass(a) == ZClass::error, bs = is_string(b) || zclass(b) == ZClass::error;
        if (is_string(a) && is_string(b)) {
            if (str(a).size() + str(b).size() > UINT32_MAX) fail(at, "String too long");
            return concat_strings(m_heap, args);
        }
        if (as && bs) {
            std::string s = display(a);
            append_display(s, b);
            return make_string(s);
        }
        if (is_list(a) && is_list(b)) {
            Value* base = m_sp;
            auto *x = static_cast<core::List*>(a.as_object()), *y = static_cast<core::List*>(b.as_object());
            for (uint64_t i = 0; i < x->length; ++i) push(gc::list_get(x, i));
            y = static_cast<core::List*>(args[1].as_object());
            for (uint64_t i = 0; i < y->length; ++i) push(gc::list_get(static_cast<core::List*>(args[1].as_object()), i));
            Value r = list_from(base, static_cast<size_t>(m_sp - base));
            m_sp = base;
            return r;
        }
        if (as && (bn || b.is_bool() || b.is_nil()))
            fail(at, "Type mismatch: cannot add " + upper_type(a) + " and " + upper_type(b) + ", use string(x)");
        if (bs && (an || a.is_bool() || a.is_nil()))
            fail(at, "Type mismatch: cannot add " + upper_type(a) + " and " + upper_type(b) + ", use string(x)");
    }
    if (op == BinaryOp::Mul && is_string(a) && b.is_small_int()) {
        std::string piece(str(a)), s;
        for (int64_t i = 0; i < b.as_small_int(); ++i) s += piece;
        return make_string(s);
    }
type_error:
    fail(at, std::string("Type mismatch: cannot ") + op_verb(op) + " " + upper_type(a) + " and " + upper_type(b));
}

}  // namespace trellis::zexus
