/// @file ops.hpp
/// Perl's operators on scalar values (perlop): arithmetic with IV/NV rules (integer results while they fit in
/// 64 bits, else doubles), string concatenation and repetition, numeric and string comparison, negation,
/// bitwise operators on unsigned 64-bit integers, and `++`/`--` with the magic string increment.
#pragma once
#include <cmath>
#include <cstdint>

#include "runtime/scalar.hpp"

namespace trellis::perl {

/// perl's IV preservation (PERL_PRESERVE_IVUV; sv.c sv_2iuv_common, SvIV_please_nomg): `+ - * ** % ++ -- abs`
/// use an NV operand that is an integer of magnitude below 2^53 (NV_PRESERVES_UV_BITS) as an IV, so
/// `9007199254740993 * 1.0` and `1e15 + 1` stay exact integers (printed with every digit, not "%.15g").
/// Turns such an `n` into its integer; leaves any other as it is.
inline void iv_please(Num& n) {
    // the range test first: the conversion is defined, and NaN fails it
    if (!n.is_int && std::fabs(n.d) < 9007199254740992.0 && static_cast<double>(static_cast<int64_t>(n.d)) == n.d)
        n = Num{true, static_cast<int64_t>(n.d), 0};
}

/// `+ - * / % **`. `div_zero` is set (and undef returned) for `/` or `%` by zero.
Value op_arith(gc::Heap& heap, int op, Value a, Value b, bool& div_zero);
enum ArithOp { op_add, op_sub, op_mul, op_div, op_mod, op_pow };
/// `.`
Value op_concat(gc::Heap& heap, Value a, Value b);
/// `x` (string repetition; a negative count is 0). Throws nothing; a huge result is bounded by the caller.
Value op_repeat(gc::Heap& heap, Value a, Value b, bool& too_big);
/// `<=>`: -1, 0, 1, or 2 when either side is NaN.
int cmp_num(Value a, Value b);
/// `cmp`: bytes, or characters when one side is a character string (its other side upgraded).
int cmp_str(Value a, Value b);
/// String equality.
bool eq_str(Value a, Value b);
/// Unary minus (perlop "Symbolic Unary Operators": -"foo" is "-foo", -"-foo" is "+foo").
Value op_neg(gc::Heap& heap, Value a);
/// `& | ^ << >>` and `~` on unsigned integers (perlop "Bitwise String Operators" not supported: numbers only).
Value op_bit(gc::Heap& heap, int op, Value a, Value b);
enum BitOp { bit_and, bit_or, bit_xor, bit_shl, bit_shr, bit_not };
/// `++` (magic on strings matching /^[a-zA-Z]*[0-9]*$/) and `--` (numeric only).
/// substr's OFFSET `off` and LENGTH `len` (none when !has_len) on a string of `size` characters, resolved the
/// way perl does (pp.c translate_substr_offsets; perlfunc "substr": a span partly outside the string is cut to
/// the part inside) into the start `pos` and count `n`; false when the span lies wholly outside ("substr outside
/// of string": undef, or a die for the 4-argument form).
inline bool substr_range(int64_t size, int64_t off, bool has_len, int64_t len, int64_t& pos, int64_t& n) {
    if (off < 0 && size) off += size;  // may stay negative: before the start
    if (off > size) return false;
    int64_t end;
    if (!has_len) end = size;
    else if (len < 0) end = size + len;
    else if (off < 0) end = off + len;
    else end = len > size - off ? size : off + len;
    if (end < 0) {
        if (off < 0) return false;
        end = 0;
    } else if (off < 0) {
        off = 0;
    }
    if (end < off) end = off;
    if (end > size) end = size;
    pos = off;
    n = end - off;
    return true;
}
Value op_inc(gc::Heap& heap, Value a);
Value op_dec(gc::Heap& heap, Value a);

}  // namespace trellis::perl
