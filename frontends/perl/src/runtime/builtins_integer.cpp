/// @file builtins_integer.cpp
/// The operators under `use integer` (perlop "Integer Arithmetic", pp.c's pp_i_*): each operand is taken as a
/// signed 64-bit integer the way perl's SvIV takes it (a double truncated toward zero; one past the IV range
/// wraps through the unsigned range, past 2^64 it is -1, below -2^63 it is -2^63, NaN is 0; a UV is
/// reinterpreted), and results wrap around as two's complement: `+ - * / %` (division truncates toward zero,
/// `%` takes the sign of the left operand, "Illegal division by zero", "Illegal modulus zero"), unary `-`,
/// `< <= > >= == != <=>`, and the bit operators `& | ^ ~ << >>` on signed values. The compiler
/// (compiler_expr.cpp emit_numeric) emits BUILTIN with the left operand in register b and the right one in c
/// (so these read registers, not an argument List). `**`, `++`/`--`, `abs`, `sqrt` and string operators stay
/// as without the pragma, as in perl.
#include <cmath>

#include "runtime/builtins_call.hpp"
#include "runtime/warnings.hpp"

namespace trellis::perl::builtins {

namespace {

int64_t iv_of(Value v) {
    if (is_uv(v)) return static_cast<int64_t>(uv_of(v));
    Num n = to_num(v);
    if (n.is_int) return n.i;
    double d = n.d;
    if (std::isnan(d)) return 0;
    if (d < 9223372036854775808.0) return d >= -9223372036854775808.0 ? static_cast<int64_t>(d) : INT64_MIN;
    if (d < 18446744073709551616.0) return static_cast<int64_t>(static_cast<uint64_t>(d));
    return -1;
}

int64_t left(Call& c) { return iv_of(c.s.r[c.ip->b]); }
int64_t right(Call& c) { return iv_of(c.s.r[c.ip->c]); }
// false when a warning died (FATAL warnings); perl's descriptions (opcode.h PL_op_desc)
bool checked(Call& c, const char* desc, bool left_first = false, bool unary = false) {
    return !c.s.proto->warns || warn_integer_operands(c.s, c.ip, desc, left_first, unary);
}
uint64_t u(int64_t i) { return static_cast<uint64_t>(i); }
bool ret_wrapped(Call& c, uint64_t v) { return c.ret_int(static_cast<int64_t>(v)); }

// a << n for a signed shift count n (a negative count shifts the other way; 64 or more gives 0, or -1 for a
// negative value shifted right), as perl's S_iv_shift
int64_t shift_iv(int64_t a, int64_t n, bool left_shift) {
    if (n < 0) {
        left_shift = !left_shift;
        n = n == INT64_MIN ? 64 : -n;
    }
    if (left_shift) return n >= 64 ? 0 : static_cast<int64_t>(u(a) << n);
    if (n >= 64) return a < 0 ? -1 : 0;
    return a >> n;
}

}  // namespace

bool b_i_add(Call& c) {
    if (!checked(c, "integer addition (+)")) return false;
    return ret_wrapped(c, u(left(c)) + u(right(c)));
}
bool b_i_subtract(Call& c) {
    if (!checked(c, "integer subtraction (-)")) return false;
    return ret_wrapped(c, u(left(c)) - u(right(c)));
}
bool b_i_multiply(Call& c) {
    if (!checked(c, "integer multiplication (*)")) return false;
    return ret_wrapped(c, u(left(c)) * u(right(c)));
}
bool b_i_divide(Call& c) {
    if (!checked(c, "integer division (/)")) return false;
    int64_t a = left(c), b = right(c);
    if (b == 0) return c.die("Illegal division by zero");
    if (b == -1) return ret_wrapped(c, 0 - u(a));  // IV_MIN / -1 wraps
    return c.ret_int(a / b);
}
bool b_i_modulo(Call& c) {
    if (!checked(c, "integer modulus (%)")) return false;
    int64_t a = left(c), b = right(c);
    if (b == 0) return c.die("Illegal modulus zero");
    if (b == -1) return c.ret_int(0);
    return c.ret_int(a % b);
}
bool b_i_negate(Call& c) {
    if (!checked(c, "integer negation (-)", false, true)) return false;
    return ret_wrapped(c, 0 - u(left(c)));
}
bool b_i_complement(Call& c) {
    if (!checked(c, "1's complement (~)", false, true)) return false;
    return c.ret_int(~left(c));
}
bool b_i_bit_and(Call& c) {
    if (!checked(c, "bitwise and (&)", true)) return false;
    return c.ret_int(left(c) & right(c));
}
bool b_i_bit_or(Call& c) {
    if (!checked(c, "bitwise or (|)", true)) return false;
    return c.ret_int(left(c) | right(c));
}
bool b_i_bit_xor(Call& c) {
    if (!checked(c, "bitwise xor (^)", true)) return false;
    return c.ret_int(left(c) ^ right(c));
}
bool b_i_left_shift(Call& c) {
    if (!checked(c, "left bitshift (<<)")) return false;
    return c.ret_int(shift_iv(left(c), right(c), true));
}
bool b_i_right_shift(Call& c) {
    if (!checked(c, "right bitshift (>>)")) return false;
    return c.ret_int(shift_iv(left(c), right(c), false));
}
bool b_i_eq(Call& c) {
    if (!checked(c, "integer eq (==)")) return false;
    return c.ret_bool(left(c) == right(c));
}
bool b_i_ne(Call& c) {
    if (!checked(c, "integer ne (!=)")) return false;
    return c.ret_bool(left(c) != right(c));
}
bool b_i_lt(Call& c) {
    if (!checked(c, "integer lt (<)")) return false;
    return c.ret_bool(left(c) < right(c));
}
bool b_i_le(Call& c) {
    if (!checked(c, "integer le (<=)")) return false;
    return c.ret_bool(left(c) <= right(c));
}
bool b_i_gt(Call& c) {
    if (!checked(c, "integer gt (>)")) return false;
    return c.ret_bool(left(c) > right(c));
}
bool b_i_ge(Call& c) {
    if (!checked(c, "integer ge (>=)")) return false;
    return c.ret_bool(left(c) >= right(c));
}
bool b_i_ncmp(Call& c) {
    if (!checked(c, "integer comparison (<=>)")) return false;
    int64_t a = left(c), b = right(c);
    return c.ret_int(a < b ? -1 : a > b ? 1 : 0);
}

}  // namespace trellis::perl::builtins
