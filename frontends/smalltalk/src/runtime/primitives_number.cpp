/// @file primitives_number.cpp
/// Integer and Double primitives (PROTOCOL.md "Integer", "Double"; semantics as SOM++ implements them):
/// unbounded integers (SmallInteger in the Value, GMP beyond), truncating `/`, `//` as a Double division,
/// floored `%`, `rem:` with the dividend's sign, `<<` growing into big integers, `>>>` unsigned right shift,
/// mixed Integer/Double arithmetic answering a Double. Failures (wrong argument class, division by zero)
/// return PrimStatus::fail with a message.
#include <gmp.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "runtime/primitive_guard.hpp"
#include "runtime/runtime.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::smalltalk {

namespace {

bool is_big(Value v) { return core::is_kind(v, core::Kind::big_int); }
bool is_int(Value v) { return v.is_small_int() || is_big(v); }

/// A GMP integer initialized from a Value (small or big).
struct Z {
    mpz_t z;
    Z() { mpz_init(z); }
    explicit Z(Value v) {
        mpz_init(z);
        gc::integer_to_mpz(v, z);
    }
    ~Z() { mpz_clear(z); }
    Z(const Z&) = delete;
    Z& operator=(const Z&) = delete;
};

double to_double(Value v) {
    if (v.is_small_int()) return static_cast<double>(v.as_small_int());
    if (v.is_double()) return v.as_double();
    Z z(v);
    return mpz_get_d(z.z);
}

/// A kernel error, signalled as an Error (ZeroDivide for a division by zero).
PrimStatus fail(Interp& vm, const std::string& msg) {
    vm.m_error = msg;
    vm.m_error_class = msg == "division by zero" ? vm.id_zero_divide : vm.id_error;
    return PrimStatus::signal_error;
}
PrimStatus not_number(Interp& vm, Value* base) {
    return fail(vm, "argument of class " + vm.cls(vm.class_id_of(base[1])).name + " is not a number");
}

enum class IOp { add, sub, mul, quo, fdiv, mod, rem, band, bxor, shl, ushr, eq, lt };

PrimStatus int_op(Interp& vm, Value* base, IOp op) {
    Value a = base[0], b = base[1];
    if (b.is_double() || (!is_int(b) && op != IOp::eq)) {
        if (!b.is_double()) return not_number(vm, base);
        double x = to_double(a), y = b.as_double();
        switch (op) {
            case IOp::add: base[0] = Value::from_double(x + y); return PrimStatus::ok;
            case IOp::sub: base[0] = Value::from_double(x - y); return PrimStatus::ok;
            case IOp::mul: base[0] = Value::from_double(x * y); return PrimStatus::ok;
            case IOp::quo:
            case IOp::fdiv: base[0] = Value::from_double(x / y); return PrimStatus::ok;
            case IOp::mod: {
                double r = std::fmod(x, y);
                if (r != 0 && ((r < 0) != (y < 0))) r += y;
                base[0] = Value::from_double(r);
                return PrimStatus::ok;
            }
            case IOp::rem: base[0] = Value::from_double(std::fmod(x, y)); return PrimStatus::ok;
            case IOp::eq: base[0] = Value::boolean(x == y); return PrimStatus::ok;
            case IOp::lt: base[0] = Value::boolean(x < y); return PrimStatus::ok;
            default: return not_number(vm, base);
        }
    }
    if (op == IOp::eq && !is_int(b)) {
        base[0] = Value::boolean(false);
        return PrimStatus::ok;
    }
    if (a.is_small_int() && b.is_small_int()) {
        int64_t x = a.as_small_int(), y = b.as_small_int(), r;
        switch (op) {
            case IOp::add: r = x + y; break;
            case IOp::sub: r = x - y; break;
            case IOp::mul:
                if (__builtin_mul_overflow(x, y, &r)) goto big;
                break;
            case IOp::quo:
                if (y == 0) return fail(vm, "division by zero");
                r = x / y;
                break;
            case IOp::fdiv:
                if (y == 0) return fail(vm, "division by zero");
                base[0] = Value::from_double(static_cast<double>(x) / static_cast<double>(y));
                return PrimStatus::ok;
            case IOp::mod:
                if (y == 0) return fail(vm, "division by zero");
                r = x % y;
                if (r != 0 && ((r < 0) != (y < 0))) r += y;
                break;
            case IOp::rem:
                if (y == 0) return fail(vm, "division by zero");
                r = x % y;
                break;
            case IOp::band: r = x & y; break;
            case IOp::bxor: r = x ^ y; break;
            case IOp::shl:
                if (y < 0) {
                    r = y <= -63 ? (x < 0 ? -1 : 0) : x >> -y;
                    break;
                }
                if (y < 16 && x >= -(int64_t(1) << 46) && x < (int64_t(1) << 46) &&
                    Value::fits_small_int(x * (int64_t(1) << y))) {
                    r = x * (int64_t(1) << y);
                    break;
                }
                goto big;
            case IOp::ushr:
                if (y < 0) goto big;
                r = y >= 64 ? 0 : static_cast<int64_t>(static_cast<uint64_t>(x) >> y);
                break;
            case IOp::eq: base[0] = Value::boolean(x == y); return PrimStatus::ok;
            case IOp::lt: base[0] = Value::boolean(x < y); return PrimStatus::ok;
        }
        base[0] = gc::make_integer(vm.heap, r);
        return PrimStatus::ok;
    }
big:
    Z x(a), y(b), r;
    switch (op) {
        case IOp::add: mpz_add(r.z, x.z, y.z); break;
        case IOp::sub: mpz_sub(r.z, x.z, y.z); break;
        case IOp::mul: mpz_mul(r.z, x.z, y.z); break;
        case IOp::quo:
            if (mpz_sgn(y.z) == 0) return fail(vm, "division by zero");
            mpz_tdiv_q(r.z, x.z, y.z);
            break;
        case IOp::fdiv:
            if (mpz_sgn(y.z) == 0) return fail(vm, "division by zero");
            base[0] = Value::from_double(mpz_get_d(x.z) / mpz_get_d(y.z));
            return PrimStatus::ok;
        case IOp::mod:
            if (mpz_sgn(y.z) == 0) return fail(vm, "division by zero");
            mpz_fdiv_r(r.z, x.z, y.z);
            break;
        case IOp::rem:
            if (mpz_sgn(y.z) == 0) return fail(vm, "division by zero");
            mpz_tdiv_r(r.z, x.z, y.z);
            break;
        case IOp::band: mpz_and(r.z, x.z, y.z); break;
        case IOp::bxor: mpz_xor(r.z, x.z, y.z); break;
        case IOp::shl: {
            if (!mpz_fits_slong_p(y.z)) return fail(vm, "shift amount too large");
            long n = mpz_get_si(y.z);
            if (n > (1L << 24)) return fail(vm, "shift amount too large");
            if (n >= 0) mpz_mul_2exp(r.z, x.z, static_cast<mp_bitcnt_t>(n));
            else mpz_fdiv_q_2exp(r.z, x.z, static_cast<mp_bitcnt_t>(-n));
            break;
        }
        case IOp::ushr: {
            if (!mpz_fits_slong_p(y.z) || mpz_sgn(y.z) < 0) return fail(vm, "bad shift amount");
            mpz_fdiv_q_2exp(r.z, x.z, static_cast<mp_bitcnt_t>(mpz_get_si(y.z)));
            break;
        }
        case IOp::eq: base[0] = Value::boolean(mpz_cmp(x.z, y.z) == 0); return PrimStatus::ok;
        case IOp::lt: base[0] = Value::boolean(mpz_cmp(x.z, y.z) < 0); return PrimStatus::ok;
    }
    base[0] = gc::make_integer(vm.heap, r.z);
    return PrimStatus::ok;
}

/// The Integer primitive `O`: two SmallIntegers whose result is a SmallInteger are answered here, in a few
/// instructions (Random's `&` and `\\`, index arithmetic); everything else (Doubles, big integers, overflow,
/// division by zero, shifts) goes to int_op, which has the same results for these cases.
template <IOp O>
PrimStatus int_prim(Interp& vm, Value* base) {
    const Value a = base[0], b = base[1];
    if constexpr (O == IOp::band || O == IOp::bxor || O == IOp::mod || O == IOp::rem || O == IOp::quo ||
                  O == IOp::add || O == IOp::sub || O == IOp::eq || O == IOp::lt) {
        if (a.is_small_int() && b.is_small_int()) {
            const int64_t x = a.as_small_int(), y = b.as_small_int();
            if constexpr (O == IOp::band) {
                base[0] = Value::small_int(x & y);  // both in range, so is the result
                return PrimStatus::ok;
            } else if constexpr (O == IOp::bxor) {
                base[0] = Value::small_int(x ^ y);
                return PrimStatus::ok;
            } else if constexpr (O == IOp::eq) {
                base[0] = Value::boolean(x == y);
                return PrimStatus::ok;
            } else if constexpr (O == IOp::lt) {
                base[0] = Value::boolean(x < y);
                return PrimStatus::ok;
            } else if constexpr (O == IOp::add || O == IOp::sub) {
                const int64_t r = O == IOp::add ? x + y : x - y;  // no overflow: both are 48-bit
                if (Value::fits_small_int(r)) {
                    base[0] = Value::small_int(r);
                    return PrimStatus::ok;
                }
            } else if (y != 0) {
                int64_t r;
                if constexpr (O == IOp::quo) {
                    r = x / y;  // -min / -1 leaves the SmallInteger range: checked below
                } else {
                    r = x % y;
                    if constexpr (O == IOp::mod)
                        if (r != 0 && ((r < 0) != (y < 0))) r += y;
                }
                if (Value::fits_small_int(r)) {
                    base[0] = Value::small_int(r);
                    return PrimStatus::ok;
                }
            }
        }
    }
    return int_op(vm, base, O);
}

PrimStatus int_as_string(Interp& vm, Value* base) {
    base[0] = vm.new_string(integer_to_string(base[0]));
    return PrimStatus::ok;
}

PrimStatus int_as_double(Interp&, Value* base) {
    base[0] = Value::from_double(to_double(base[0]));
    return PrimStatus::ok;
}

PrimStatus int_sqrt(Interp& vm, Value* base) {
    double d = to_double(base[0]);
    if (d < 0) {
        base[0] = Value::from_double(std::sqrt(d));
        return PrimStatus::ok;
    }
    if (base[0].is_small_int()) {
        double r = std::sqrt(d);
        int64_t ri = static_cast<int64_t>(r);
        if (static_cast<double>(ri) == r && ri * ri == base[0].as_small_int()) {
            base[0] = Value::small_int(ri);
            return PrimStatus::ok;
        }
        base[0] = Value::from_double(r);
        return PrimStatus::ok;
    }
    Z x(base[0]), r;
    if (mpz_perfect_square_p(x.z)) {
        mpz_sqrt(r.z, x.z);
        base[0] = gc::make_integer(vm.heap, r.z);
    } else {
        base[0] = Value::from_double(std::sqrt(d));
    }
    return PrimStatus::ok;
}

PrimStatus int_at_random(Interp& vm, Value* base) {
    if (!base[0].is_small_int() || base[0].as_small_int() <= 0) return fail(vm, "atRandom needs a positive SmallInteger");
    base[0] = Value::small_int(static_cast<int64_t>(std::rand()) % base[0].as_small_int());
    return PrimStatus::ok;
}

PrimStatus int_as32_signed(Interp& vm, Value* base) {
    Z x(base[0]);
    uint64_t low = mpz_getlimbn(x.z, 0);
    if (mpz_sgn(x.z) < 0) low = ~low + 1;
    base[0] = gc::make_integer(vm.heap, static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(low))));
    return PrimStatus::ok;
}

PrimStatus int_as32_unsigned(Interp& vm, Value* base) {
    Z x(base[0]);
    uint64_t low = mpz_getlimbn(x.z, 0);
    if (mpz_sgn(x.z) < 0) low = ~low + 1;
    base[0] = gc::make_integer(vm.heap, static_cast<int64_t>(static_cast<uint32_t>(low)));
    return PrimStatus::ok;
}

PrimStatus int_from_string(Interp& vm, Value* base) {
    if (!core::is_kind(base[1], core::Kind::string) && !core::is_kind(base[1], core::Kind::symbol))
        return fail(vm, "fromString: needs a String");
    std::string s(static_cast<core::String*>(base[1].as_object())->view());
    Z r;
    if (s.empty() || mpz_set_str(r.z, s.c_str(), 10) != 0) {
        base[0] = Value::nil();
        return PrimStatus::ok;
    }
    base[0] = gc::make_integer(vm.heap, r.z);
    return PrimStatus::ok;
}

// ---- Double ----

enum class DOp { add, sub, mul, div, mod, eq, lt };

template <DOp O>
PrimStatus dbl_prim(Interp& vm, Value* base) {
    Value b = base[1];
    if (!b.is_double() && !is_int(b)) {
        if constexpr (O == DOp::eq) {
            base[0] = Value::boolean(false);
            return PrimStatus::ok;
        }
        return not_number(vm, base);
    }
    double x = base[0].as_double(), y = to_double(b);
    if constexpr (O == DOp::add) base[0] = Value::from_double(x + y);
    else if constexpr (O == DOp::sub) base[0] = Value::from_double(x - y);
    else if constexpr (O == DOp::mul) base[0] = Value::from_double(x * y);
    else if constexpr (O == DOp::div) base[0] = Value::from_double(x / y);
    else if constexpr (O == DOp::mod) base[0] = Value::from_double(std::fmod(x, y));
    else if constexpr (O == DOp::eq) base[0] = Value::boolean(x == y);
    else base[0] = Value::boolean(x < y);
    return PrimStatus::ok;
}

template <double (*F)(double)>
PrimStatus dbl_unary(Interp&, Value* base) {
    base[0] = Value::from_double(F(base[0].as_double()));
    return PrimStatus::ok;
}

PrimStatus dbl_to_integer(Interp& vm, Value* base, double d) {
    if (!std::isfinite(d)) return fail(vm, "cannot convert a non-finite Double to an Integer");
    if (d > -9.0e15 && d < 9.0e15) {
        base[0] = gc::make_integer(vm.heap, static_cast<int64_t>(d));
        return PrimStatus::ok;
    }
    Z r;
    mpz_set_d(r.z, d);
    base[0] = gc::make_integer(vm.heap, r.z);
    return PrimStatus::ok;
}

PrimStatus dbl_round(Interp& vm, Value* base) { return dbl_to_integer(vm, base, std::round(base[0].as_double())); }
PrimStatus dbl_as_integer(Interp& vm, Value* base) { return dbl_to_integer(vm, base, std::trunc(base[0].as_double())); }
PrimStatus dbl_as_string(Interp& vm, Value* base) {
    base[0] = vm.new_string(double_to_string(base[0].as_double()));
    return PrimStatus::ok;
}
PrimStatus dbl_infinity(Interp&, Value* base) {
    base[0] = Value::from_double(HUGE_VAL);
    return PrimStatus::ok;
}
PrimStatus dbl_from_string(Interp& vm, Value* base) {
    if (!core::is_kind(base[1], core::Kind::string) && !core::is_kind(base[1], core::Kind::symbol))
        return fail(vm, "fromString: needs a String");
    std::string s(static_cast<core::String*>(base[1].as_object())->view());
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    base[0] = (s.empty() || *end != '\0') ? Value::nil() : Value::from_double(d);
    return PrimStatus::ok;
}

}  // namespace

std::string integer_to_string(Value v) {
    if (v.is_small_int()) return std::to_string(v.as_small_int());
    Z z(v);
    std::string s(mpz_sizeinbase(z.z, 10) + 2, '\0');
    mpz_get_str(s.data(), 10, z.z);
    s.resize(std::char_traits<char>::length(s.c_str()));
    return s;
}

std::string double_to_string(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d);
    std::string s(buf, res.ptr);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

void register_number_primitives(Interp& vm) {
    auto& p = vm.primitives;
    p["Integer>>+"] = guarded<int_prim<IOp::add>>;
    p["Integer>>-"] = guarded<int_prim<IOp::sub>>;
    p["Integer>>*"] = guarded<int_prim<IOp::mul>>;
    p["Integer>>/"] = guarded<int_prim<IOp::quo>>;
    p["Integer>>//"] = guarded<int_prim<IOp::fdiv>>;
    p["Integer>>%"] = guarded<int_prim<IOp::mod>>;
    p["Integer>>rem:"] = guarded<int_prim<IOp::rem>>;
    p["Integer>>&"] = guarded<int_prim<IOp::band>>;
    p["Integer>>bitXor:"] = guarded<int_prim<IOp::bxor>>;
    p["Integer>><<"] = guarded<int_prim<IOp::shl>>;
    p["Integer>>>>>"] = guarded<int_prim<IOp::ushr>>;
    p["Integer>>="] = guarded<int_prim<IOp::eq>>;
    p["Integer>><"] = guarded<int_prim<IOp::lt>>;
    p["Integer>>asString"] = guarded<int_as_string>;
    p["Integer>>asDouble"] = guarded<int_as_double>;
    p["Integer>>sqrt"] = guarded<int_sqrt>;
    p["Integer>>atRandom"] = guarded<int_at_random>;
    p["Integer>>as32BitSignedValue"] = guarded<int_as32_signed>;
    p["Integer>>as32BitUnsignedValue"] = guarded<int_as32_unsigned>;
    p["Integer class>>fromString:"] = guarded<int_from_string>;
    p["Double>>+"] = guarded<dbl_prim<DOp::add>>;
    p["Double>>-"] = guarded<dbl_prim<DOp::sub>>;
    p["Double>>*"] = guarded<dbl_prim<DOp::mul>>;
    p["Double>>//"] = guarded<dbl_prim<DOp::div>>;
    p["Double>>/"] = guarded<dbl_prim<DOp::div>>;
    p["Double>>%"] = guarded<dbl_prim<DOp::mod>>;
    p["Double>>="] = guarded<dbl_prim<DOp::eq>>;
    p["Double>><"] = guarded<dbl_prim<DOp::lt>>;
    p["Double>>sqrt"] = guarded<dbl_unary<std::sqrt>>;
    p["Double>>sin"] = guarded<dbl_unary<std::sin>>;
    p["Double>>cos"] = guarded<dbl_unary<std::cos>>;
    p["Double>>floor"] = guarded<dbl_unary<std::floor>>;
    p["Double>>round"] = guarded<dbl_round>;
    p["Double>>asInteger"] = guarded<dbl_as_integer>;
    p["Double>>asString"] = guarded<dbl_as_string>;
    p["Double class>>PositiveInfinity"] = guarded<dbl_infinity>;
    p["Double class>>fromString:"] = guarded<dbl_from_string>;
}

}  // namespace trellis::smalltalk
