/// @file ops.cpp
/// Perl operators on scalars (perlop "Additive Operators", "Multiplicative Operators", "Exponentiation",
/// "Auto-increment and Auto-decrement", "Equality Operators", "Bitwise Operators"; perlnumber for IV/NV rules).
#include "runtime/ops.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "trellis/gc/objects.hpp"
#include "utf8.hpp"

namespace trellis::perl {

namespace {

// perlop "Integer Arithmetic" / perlnumber: + - * of two integers (IV or UV) stay integers while the exact result
// fits an IV or a UV (9223372036854775807 + 1 is 9223372036854775808, ~0 - 1 is 18446744073709551614); else an
// NV. False when an operand is not an integer or the result does not fit.
[[gnu::noinline]] bool wide_arith(gc::Heap& heap, int op, Value a, Value b, Value& out) {
    auto wide = [](Value v, __int128& w) {
        if (is_uv(v)) {
            w = static_cast<__int128>(uv_of(v));
            return true;
        }
        Num n = to_num(v);
        iv_please(n);
        w = n.i;
        return n.is_int;
    };
    __int128 x, y, r;
    if ((op != op_add && op != op_sub && op != op_mul && op != op_div && op != op_mod) || !wide(a, x) || !wide(b, y))
        return false;
    if (op == op_add) r = x + y;
    else if (op == op_sub) r = x - y;
    else if (op == op_div) {  // exact only when it divides (else an NV, as perl)
        if (y == 0 || x % y != 0) return false;
        r = x / y;
    } else if (op == op_mod) {  // the sign of the right operand (perlop "Multiplicative Operators")
        if (y == 0) return false;
        r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) r += y;
    } else if (__builtin_mul_overflow(x, y, &r)) return false;
    if (r < static_cast<__int128>(INT64_MIN) || r > static_cast<__int128>(UINT64_MAX)) return false;
    out = r < 0 ? make_iv(heap, static_cast<int64_t>(r)) : make_uv(heap, static_cast<uint64_t>(r));
    return true;
}

}  // namespace

Value op_arith(gc::Heap& heap, int op, Value a, Value b, bool& div_zero) {
    if (TRELLIS_UNLIKELY(is_uv(a) || is_uv(b))) {
        Value w;
        if (wide_arith(heap, op, a, b, w)) return w;
    }
    if (a.is_double() && b.is_double() && op <= op_div) {
        // two NVs (pp_add, pp_subtract, pp_multiply, pp_divide): unless both are integers (lossless_NV_to_IV)
        // the NV result, at once; two integers within +-2^62 add and subtract as IVs (1e16 + 1e16 is
        // 20000000000000000), and multiply below as IVs when below 2^53 (SvIV_please); `/` stays an NV
        const double p = a.as_double(), q = b.as_double();
        const auto integral = [](double d) {
            return std::fabs(d) < 0x1p62 && static_cast<double>(static_cast<int64_t>(d)) == d;
        };
        if (op == op_div || !integral(p) || !integral(q)) {
            switch (op) {
                case op_add: return Value::from_double(p + q);
                case op_sub: return Value::from_double(p - q);
                case op_mul: return Value::from_double(p * q);
                default:
                    if (q == 0) {
                        div_zero = true;
                        return Value::nil();
                    }
                    return Value::from_double(p / q);
            }
        }
        if (op != op_mul)
            return make_iv(heap, op == op_add ? static_cast<int64_t>(p) + static_cast<int64_t>(q)
                                              : static_cast<int64_t>(p) - static_cast<int64_t>(q));
    }
    Num x = to_num(a), y = to_num(b);
    if (TRELLIS_LIKELY(op != op_div)) {
        iv_please(x), iv_please(y);
    } else if (x.is_int != y.is_int) {  // `/` divides as integers only past 2^53: an NV matters only beside such
        const int64_t big = x.is_int ? x.i : y.i, limit = int64_t(1) << 53;
        if (big > limit || big < -limit) iv_please(x), iv_please(y);
    }
    if (x.is_int && y.is_int) {
        int64_t r;
        switch (op) {
            case op_add:
            case op_sub:
            case op_mul: {
                bool over = op == op_add   ? __builtin_add_overflow(x.i, y.i, &r)
                            : op == op_sub ? __builtin_sub_overflow(x.i, y.i, &r)
                                           : __builtin_mul_overflow(x.i, y.i, &r);
                if (!over) return make_iv(heap, r);
                Value w;  // past the IV range: a UV when it fits
                if (wide_arith(heap, op, a, b, w)) return w;
                break;
            }
            case op_div:
                if (y.i == 0) {
                    div_zero = true;
                    return Value::nil();
                }
                // an exact quotient: perl divides as integers only when an operand passes 2^53 (pp_divide,
                // PERL_TRY_UV_DIVIDE), else as NVs; an NV quotient below 1e15 prints as the IV would
                if (x.i % y.i == 0 && !(x.i == INT64_MIN && y.i == -1)) {
                    const int64_t q = x.i / y.i, limit = int64_t(1) << 53;
                    if (x.i > limit || x.i < -limit || y.i > limit || y.i < -limit || (q < 1000000000000000 && q > -1000000000000000))
                        return make_iv(heap, q);
                    return Value::from_double(static_cast<double>(q));
                }
                break;
            case op_mod: {
                if (y.i == 0) {
                    div_zero = true;
                    return Value::nil();
                }
                if (y.i == -1) return Value::small_int(0);
                int64_t m = x.i % y.i;
                if (m != 0 && ((m < 0) != (y.i < 0))) m += y.i;
                return make_iv(heap, m);
            }
            case op_pow:
                if (y.i >= 0) {
                    // pp_pow: |base| a power of two (0 and 1 too) gives an NV (exact); else a power whose
                    // result fits 64 bits (power * bits of |base| <= 64) the exact integer; else pow()'s NV.
                    // An NV below 1e15 prints as the integer would, so it stays an integer here.
                    const uint64_t mag = x.i < 0 ? 0 - static_cast<uint64_t>(x.i) : static_cast<uint64_t>(x.i);
                    const bool negative = x.i < 0 && (y.i & 1);
                    if ((mag & (mag - 1)) == 0) {
                        const double r = std::pow(static_cast<double>(x.i), static_cast<double>(y.i));
                        if (std::fabs(r) < 1e15) return make_iv(heap, static_cast<int64_t>(r));
                        return Value::from_double(r);
                    }
                    const int bits = 64 - __builtin_clzll(mag);
                    if (y.i <= 64 && y.i * bits <= 64) {
                        uint64_t acc = 1, base = mag;
                        for (int64_t e = y.i; e > 0; e >>= 1) {
                            if (e & 1) acc *= base;
                            if (e > 1) base *= base;
                        }
                        if (!negative) return make_uv(heap, acc);
                        if (acc <= static_cast<uint64_t>(INT64_MAX) + 1) return make_iv(heap, static_cast<int64_t>(0 - acc));
                        return Value::from_double(-static_cast<double>(acc));
                    }
                }
                break;
        }
    }
    double p = x.as_double(), q = y.as_double();
    switch (op) {
        case op_add: return Value::from_double(p + q);
        case op_sub: return Value::from_double(p - q);
        case op_mul: return Value::from_double(p * q);
        case op_div:
            if (q == 0) {
                div_zero = true;
                return Value::nil();
            }
            return Value::from_double(p / q);
        case op_mod: {
            // operands are integers for % (perlop): truncate doubles toward zero
            if (std::isinf(p) || std::isnan(p) || std::isnan(q)) return Value::from_double(NAN);
            double ai = std::trunc(p), bi = std::trunc(q);
            if (bi == 0) {
                div_zero = true;
                return Value::nil();
            }
            if (std::fabs(ai) < 9.2e18 && std::fabs(bi) < 9.2e18) {
                int64_t xi = static_cast<int64_t>(ai), yi = static_cast<int64_t>(bi);
                int64_t m = yi == -1 ? 0 : xi % yi;
                if (m != 0 && ((m < 0) != (yi < 0))) m += yi;
                return make_iv(heap, m);
            }
            double m = std::fmod(ai, bi);
            if (m != 0 && ((m < 0) != (bi < 0))) m += bi;
            return Value::from_double(m);
        }
        case op_pow: return Value::from_double(std::pow(p, q));
    }
    return Value::nil();
}

Value op_concat(gc::Heap& heap, Value a, Value b) {
    std::string s;
    append_str(s, a);
    append_str(s, b);
    return make_str(heap, s);
}

Value op_repeat(gc::Heap& heap, Value a, Value b, bool& too_big) {
    int64_t n = to_iv(b);
    if (n <= 0) return make_str(heap, "");
    std::string unit = to_str(a);
    if (unit.empty()) return make_str(heap, "");
    if (static_cast<double>(unit.size()) * static_cast<double>(n) > 1e9) {
        too_big = true;
        return Value::nil();
    }
    std::string s;
    s.reserve(unit.size() * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) s += unit;
    return make_str(heap, s, is_utf8(a));  // a character string repeats as one
}

int cmp_num(Value a, Value b) {
    if (a.is_small_int() && b.is_small_int()) {
        int64_t x = a.as_small_int(), y = b.as_small_int();
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (TRELLIS_UNLIKELY(is_uv(a) || is_uv(b))) {  // a UV against an integer: exact (perlnumber)
        Num o = to_num(is_uv(a) ? b : a);
        if (o.is_int || (is_uv(a) && is_uv(b))) {
            __int128 p = is_uv(a) ? static_cast<__int128>(uv_of(a)) : o.i;
            __int128 q = is_uv(b) ? static_cast<__int128>(uv_of(b)) : o.i;
            return p < q ? -1 : p > q ? 1 : 0;
        }
    }
    Num x = to_num(a), y = to_num(b);
    if (x.is_int && y.is_int) return x.i < y.i ? -1 : x.i > y.i ? 1 : 0;
    double p = x.as_double(), q = y.as_double();
    if (std::isnan(p) || std::isnan(q)) return 2;
    return p < q ? -1 : p > q ? 1 : 0;
}

int cmp_str(Value a, Value b) {
    std::string_view x, y;
    std::string xs, ys;
    bool ux = false, uy = false;
    if (str_view(a, x)) ux = str_is_utf8(a.as_object());
    else xs = to_str(a), x = xs;
    if (str_view(b, y)) uy = str_is_utf8(b.as_object());
    else ys = to_str(b), y = ys;
    if (TRELLIS_UNLIKELY(ux != uy)) return ux ? -cmp_latin1_utf8(y, x) : cmp_latin1_utf8(x, y);
    int c = x.compare(y);  // UTF-8 orders as its code points
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

bool eq_str(Value a, Value b) {
    std::string_view x, y;
    if (str_view(a, x) && str_view(b, y) && str_is_utf8(a.as_object()) == str_is_utf8(b.as_object())) return x == y;
    return cmp_str(a, b) == 0;
}

Value op_neg(gc::Heap& heap, Value a) {
    std::string_view s;
    if (str_view(a, s) && !s.empty()) {
        bool complete = false;
        parse_number(s, &complete);
        if (!complete) {
            if (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')
                return make_str(heap, "-" + std::string(s));
            if (s[0] == '-') return make_str(heap, "+" + std::string(s.substr(1)));
            if (s[0] == '+') return make_str(heap, "-" + std::string(s.substr(1)));
        }
    }
    if (is_uv(a) && uv_of(a) == static_cast<uint64_t>(INT64_MAX) + 1) return make_iv(heap, INT64_MIN);
    Num n = to_num(a);
    if (n.is_int && n.i == INT64_MIN && !is_str(a)) return make_uv(heap, static_cast<uint64_t>(INT64_MAX) + 1);
    if (n.is_int && n.i != INT64_MIN) {
        if (n.i == 0 && !is_str(a)) return Value::small_int(0);
        return make_iv(heap, -n.i);
    }
    return Value::from_double(-n.as_double());
}

namespace {

// perlop "Bitwise String Operators": both operands strings (~: the one operand): the bytes combined, & as long
// as the shorter operand, | and ^ as the longer one (the shorter taken as padded with "\0").
[[gnu::noinline]] Value string_bits(gc::Heap& heap, int op, std::string_view x, std::string_view y) {
    std::string r;
    if (op == bit_not) {
        r.assign(x);
        for (char& c : r) c = static_cast<char>(~static_cast<unsigned char>(c));
        return make_str(heap, r);
    }
    size_t n = op == bit_and ? std::min(x.size(), y.size()) : std::max(x.size(), y.size());
    r.resize(n);
    for (size_t i = 0; i < n; ++i) {
        unsigned char p = i < x.size() ? static_cast<unsigned char>(x[i]) : 0;
        unsigned char q = i < y.size() ? static_cast<unsigned char>(y[i]) : 0;
        r[i] = static_cast<char>(op == bit_and ? (p & q) : op == bit_or ? (p | q) : (p ^ q));
    }
    return make_str(heap, r);
}

}  // namespace

Value op_bit(gc::Heap& heap, int op, Value a, Value b) {
    std::string_view sx, sy;
    if (op != bit_shl && op != bit_shr && str_view(a, sx) && (op == bit_not || str_view(b, sy)))
        return string_bits(heap, op, sx, sy);
    auto to_uv = [](Value v) -> uint64_t {
        if (is_uv(v)) return uv_of(v);
        Num n = to_num(v);
        if (n.is_int) return static_cast<uint64_t>(n.i);
        if (n.d < 0) return static_cast<uint64_t>(static_cast<int64_t>(n.d));
        if (n.d >= 1.8446744073709552e19) return UINT64_MAX;
        return static_cast<uint64_t>(n.d);
    };
    uint64_t x = to_uv(a), y = op == bit_not ? 0 : to_uv(b), r = 0;
    switch (op) {
        case bit_and: r = x & y; break;
        case bit_or: r = x | y; break;
        case bit_xor: r = x ^ y; break;
        case bit_shl: r = y >= 64 ? 0 : x << y; break;
        case bit_shr: r = y >= 64 ? 0 : x >> y; break;
        case bit_not: r = ~x; break;
    }
    return make_uv(heap, r);
}

Value op_inc(gc::Heap& heap, Value a) {
    if (a.is_small_int()) {
        int64_t i = a.as_small_int();
        return make_iv(heap, i + 1);
    }
    if (a.is_nil()) return Value::small_int(1);
    std::string_view s;
    if (str_view(a, s) && !s.empty()) {
        bool complete = false;
        parse_number(s, &complete);
        size_t i = 0;
        while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        bool magic = i == s.size() && !complete;
        if (magic) {
            std::string r(s);
            size_t k = r.size();
            for (;;) {
                if (k == 0) {
                    char first = s[0];
                    r.insert(r.begin(), std::isdigit(static_cast<unsigned char>(first)) ? '1'
                                        : std::isupper(static_cast<unsigned char>(first)) ? 'A' : 'a');
                    break;
                }
                char& c = r[--k];
                if (c == 'z') c = 'a';
                else if (c == 'Z') c = 'A';
                else if (c == '9') c = '0';
                else {
                    ++c;
                    break;
                }
            }
            return make_str(heap, r);
        }
    }
    if (TRELLIS_UNLIKELY(is_uv(a)) && uv_of(a) != UINT64_MAX) return make_uv(heap, uv_of(a) + 1);
    Num n = to_num(a);
    iv_please(n);  // sv_inc: an NV that is an integer below 2^53 goes up as an IV
    if (n.is_int && n.i != INT64_MAX) return make_iv(heap, n.i + 1);
    if (n.is_int) return make_uv(heap, static_cast<uint64_t>(INT64_MAX) + 1);  // IV_MAX + 1 is a UV
    return Value::from_double(n.as_double() + 1);
}

Value op_dec(gc::Heap& heap, Value a) {
    if (a.is_small_int()) return make_iv(heap, a.as_small_int() - 1);
    if (TRELLIS_UNLIKELY(is_uv(a))) return make_uv(heap, uv_of(a) - 1);
    Num n = to_num(a);  // sv_dec: an NV stays one (unlike ++, which tries it as an IV)
    if (n.is_int && n.i != INT64_MIN) return make_iv(heap, n.i - 1);
    return Value::from_double(n.as_double() - 1);
}

}  // namespace trellis::perl
