/// @file overload.hpp
/// `use overload` (perldoc overload): operator methods of blessed references, looked up through @ISA, with
/// perl's fallback rules (undef: autogenerate, then die "Operation ... no method found"; 0: no autogeneration;
/// 1: autogenerate, then the operator's ordinary meaning), `nomethod`, conversions ("" 0+ bool) generated from one
/// another, comparisons from `<=>`/`cmp`, `neg`/`abs`/`++`/`--`/`!` from the ordinary operators, and the swapped
/// flag. A class's table lives in globs named as perl names them: "PKG::(+" (code, or a method name in its
/// scalar), "PKG::()" (fallback), "PKG::((" (the class overloads something).
///
/// Cost: nothing is checked unless Vm::overloading is set (the first `use overload`); the interpreter's slow paths
/// test that one flag before calling in here.
#pragma once
#include <string>

#include "runtime/vm.hpp"

namespace trellis::perl {

/// The overloadable operations, in perl's key order (perldoc overload "Overloadable Operations").
enum class Ov : uint8_t {
    add, sub, mul, div, mod, pow, concat, repeat, band, bor, bxor, shl, shr,
    lt, le, gt, ge, eq, ne, ncmp, slt, sle, sgt, sge, seq, sne, scmp,
    neg, not_, bnot, abs, inc, dec, bool_, num, str, copy, nomethod, count_
};
/// perl's key of `o` ("+", "<=>", "neg", "\"\"", ...).
const char* ov_key(Ov o);

/// True when `v` is a blessed reference whose class (or a class in its @ISA) uses overloading.
bool ov_object(Vm& vm, Value v);

/// A binary operator with an overloaded operand (r[a] = r[b] op r[c], or the `op=` form when `assign`): the
/// method's result, or the ordinary operator on the operands' conversions, into `out`. False when it died.
[[gnu::noinline, gnu::cold]] bool ov_binary(State& s, const Ins* ip, Ov o, bool assign, Value a, Value b, Value& out);
/// A unary operator (neg ! ~ abs) on `a`, as ov_binary.
[[gnu::noinline, gnu::cold]] bool ov_unary(State& s, const Ins* ip, Ov o, Value a, Value& out);
/// Arguments are rooted inside (pass registers or locals; `out` may be a register).
/// `++`/`--` on Cell `cell` holding an overloaded object (the copy constructor `=` first when the class has one).
/// `old` receives the value before (postfix forms). False when it died.
[[gnu::noinline, gnu::cold]] bool ov_incdec(State& s, const Ins* ip, bool inc, Value cell, Value& old);
/// Conversion of `v` by `o` (Ov::str, Ov::num or Ov::bool_): `v` itself when it is not overloaded, else the
/// method's result (or `v` where fallback allows the ordinary meaning). False when it died.
[[gnu::noinline, gnu::cold]] bool ov_convert(State& s, const Ins* ip, Ov o, Value v, Value& out);
/// Truth of `v` with bool overloading: 1 true, 0 false, -1 died.
[[gnu::noinline, gnu::cold]] int ov_truth(State& s, const Ins* ip, Value v);
/// Replaces every overloaded object among the values of List `args` by its string (`to_num`: number)
/// conversion, in a new List returned in `out` (the arguments' Cells are not changed); false when it died.
/// With `keys_from` >= 0 only the hash keys of a pair list starting there are converted (`%h = (OBJ => v)`).
[[gnu::noinline, gnu::cold]] bool ov_convert_args(State& s, const Ins* ip, Value args, bool numeric, Value& out,
                                                  int64_t keys_from = -1);

}  // namespace trellis::perl
