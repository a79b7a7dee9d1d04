/// @file warnings.hpp
/// Run-time warnings of `use warnings` / `-w` in perl's words (perldiag): "Use of uninitialized value $x in
/// addition (+)", "Argument "abc" isn't numeric in ...", "Odd number of elements in hash assignment".
///
/// The compiler records, per instruction, the warning categories in force where it was compiled (the pragma is
/// lexical, perllexwarn) in Proto::warn, and for operands that are variables the name perl prints
/// (Proto::warn_names, perl's find_uninit_var in sv.c). Handlers test `s.proto->warns` (one flag) only on their
/// slow paths, after the small-integer/double/string fast paths failed, and call the cold functions here, which
/// look at the operands and print through Vm::warn ($SIG{__WARN__} or STDERR). Every function returns false when
/// a __WARN__ handler died or exited, or when the warning was FATAL (the die is pending in `s`).
#pragma once
#include <cstdint>
#include <string_view>

#include "runtime/vm.hpp"

namespace trellis::perl {

/// Warning categories (perllexwarn "Category Hierarchy") as the bits of an instruction's mask. Categories
/// trellis-perl never emits share `w_other`; `w_fatal` makes the enabled ones die (`use warnings FATAL => ...`).
enum WarnBits : uint8_t {
    w_uninitialized = 1,
    w_numeric = 2,
    w_misc = 4,
    w_recursion = 8,
    w_other = 0x40,
    w_fatal = 0x80,
    w_all = 0x7f,
};

/// The bits of warnings category `name` ("all", "uninitialized", "numeric", "misc", "recursion", or any other
/// category perl 5.36 knows: w_other); -1 for a name perl does not know.
int warn_category_bits(std::string_view name);

/// The categories enabled at instruction `ip` of the running proto (0 when none).
inline uint8_t warn_mask(const State& s, const Ins* ip) {
    size_t pc = static_cast<size_t>(ip - s.proto->code.data());
    return pc < s.proto->warn.size() ? s.proto->warn[pc] : 0;
}

/// A numeric binary operator (r[ip->b] op r[ip->c]; ADD ... NCMP, bit ops): warns for undef operands and
/// strings that are not numbers, in perl's order for the operator.
[[gnu::noinline, gnu::cold]] bool warn_numeric_operands(State& s, const Ins* ip);
/// The operands of a `use integer` operator (BUILTIN with operands r[ip->b], r[ip->c]; runtime/builtins_integer.cpp)
/// described as `desc` ("integer addition (+)"): undef and non-numeric strings, the right operand first unless
/// `left_first` (bit operators); `unary`: only r[ip->b].
[[gnu::noinline, gnu::cold]] bool warn_integer_operands(State& s, const Ins* ip, const char* desc, bool left_first,
                                                        bool unary);
/// A string binary operator (CONCAT, APPEND, SEQ ... SCMP, REPEAT): warns for undef operands.
[[gnu::noinline, gnu::cold]] bool warn_string_operands(State& s, const Ins* ip);
/// A unary operator or conversion of r[ip->b] (NEG, BNOT, STRINGIFY, MATCH/SUBST targets): undef, and for
/// `numeric` a string that is not a number.
[[gnu::noinline, gnu::cold]] bool warn_unary_operand(State& s, const Ins* ip, Value v, bool numeric);
/// The target of MATCH/SUBST (r[ip->b], a Cell for SUBST and for MATCH with flag 64) when undef.
[[gnu::noinline, gnu::cold]] bool warn_match_target(State& s, const Ins* ip);
/// A subscript r[ip->c] of HGET/HELEM/AGET/AELEM that is undef: "in hash element" / "in array element".
[[gnu::noinline, gnu::cold]] bool warn_subscript(State& s, const Ins* ip);
/// The arguments of builtin `id` (List r[ip->b]) that perl warns about: undef string arguments of print, say,
/// printf, sprintf, join, lc, uc ...; undef or non-numeric arguments of int, abs, sqrt, chr ...
[[gnu::noinline, gnu::cold]] bool warn_builtin_args(State& s, const Ins* ip, uint32_t id);
/// The warnings perl_sprintf noted for builtin sprintf/printf at ip (`desc` "sprintf" or "printf").
[[gnu::noinline, gnu::cold]] bool warn_sprintf(State& s, const Ins* ip, const std::vector<SprintfNote>& notes,
                                               const char* desc);
/// "Odd number of elements in hash assignment" / "... in anonymous hash" (category misc) when List r[ip->b]
/// from element ip->d on has an odd length.
[[gnu::noinline, gnu::cold]] bool warn_odd_hash(State& s, const Ins* ip, bool anonymous);
/// Prints warning `msg` (without " at FILE line N.") for instruction `ip` if category `bits` is enabled there.
[[gnu::noinline, gnu::cold]] bool warn_at(State& s, const Ins* ip, uint8_t bits, std::string_view msg);
/// Perl's display of a string in "Argument ... isn't numeric" (sv.c sv_display): control characters as ^X,
/// \n \r \f \\ \0 escaped, bytes 0x80-0x9f as M-x, at most 56 characters then "...".
std::string display_string(std::string_view s);

}  // namespace trellis::perl
