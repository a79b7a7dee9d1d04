/// @file loops.hpp
/// One definition of an instruction set's handlers, three dispatch loops.
///
/// A frontend describes its interpreter with a *definition* type `Def`:
///
///     struct Def {
///         using State = ...;   // the VM's mutable state (stack pointer, gas, status ...)
///         using Ip = ...;      // the instruction pointer: a code pointer, or a pointer into a decoded schedule
///         // Opcode at ip, 0..255.
///         static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip);
///         // Runs instruction `Op` at ip and advances ip. Returns true to continue, false to leave the loop
///         // (the handler stored the reason in State). Opcodes the set leaves undefined still need a handler.
///         template <unsigned Op> static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip);
///     };
///
/// and runs it with `run<Def>(strategy, state, ip)`. Each handler is written once; this header instantiates it into
/// a `switch` loop, a computed-goto loop and (clang only) a chain of `[[clang::musttail]]` functions with the
/// `preserve_none` convention. All three are in every binary and chosen at run time.
///
/// Second form, for state the handlers should keep in registers: the definition also declares
///
///         using Regs = ...;    // small trivially copyable struct (e.g. stack top pointer + gas counter)
///         // The registers' values on entry to the loop.
///         static TRELLIS_ALWAYS_INLINE Regs enter(State& s);
///         template <unsigned Op> static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip, Regs& r);
///
/// (instead of the two-argument execute). The switch and goto loops keep `Regs` in a local of the loop function;
/// the tail-call chain passes it by value from handler to handler (in registers under `preserve_none`). A handler
/// that returns false must first write back into State whatever of Regs the caller needs: the loop drops Regs.
///
/// Opcodes are bytes: the instruction set has at most 256 entries (EVM, Smalltalk, Zexus, Perl bytecode all do).
#pragma once
#include <array>
#include <utility>

#include "trellis/core/compiler.hpp"
#include "trellis/dispatch/repeat.hpp"
#include "trellis/dispatch/strategy.hpp"

namespace trellis::dispatch {

/// True for a definition of the second form (handlers take a `Regs&` kept in registers).
template <class Def>
concept DefWithRegs = requires { typename Def::Regs; };

namespace detail {
/// The first form has no registers: an empty placeholder the loops pass around and drop.
struct NoRegs {};
template <class Def>
struct RegsOf {
    using type = NoRegs;
};
template <DefWithRegs Def>
struct RegsOf<Def> {
    using type = typename Def::Regs;
};
template <class Def>
using RegsT = typename RegsOf<Def>::type;

template <class Def>
TRELLIS_ALWAYS_INLINE RegsT<Def> enter(typename Def::State& s) {
    if constexpr (DefWithRegs<Def>) return Def::enter(s);
    else return NoRegs{};
}
/// Calls the handler of `Op` in whichever form `Def` has.
template <class Def, unsigned Op>
TRELLIS_ALWAYS_INLINE bool step(typename Def::State& s, typename Def::Ip& ip, RegsT<Def>& r) {
    if constexpr (DefWithRegs<Def>) return Def::template execute<Op>(s, ip, r);
    else return Def::template execute<Op>(s, ip);
}
}  // namespace detail

/// The `switch` loop: portable baseline.
template <class Def>
void run_switch(typename Def::State& s, typename Def::Ip ip) {
    detail::RegsT<Def> r = detail::enter<Def>(s);
    for (;;) {
        switch (Def::opcode(ip)) {
#define TRELLIS_SWITCH_CASE(N) \
    case N:                    \
        if (TRELLIS_UNLIKELY((!detail::step<Def, N>(s, ip, r)))) return; \
        break;
            TRELLIS_REPEAT_256(TRELLIS_SWITCH_CASE)
#undef TRELLIS_SWITCH_CASE
            default: __builtin_unreachable();
        }
    }
}

/// The computed-goto loop: the dispatch jump is replicated at the end of each handler (better branch prediction).
template <class Def>
void run_goto(typename Def::State& s, typename Def::Ip ip) {
#define TRELLIS_GOTO_ADDR(N) &&op_##N,
    static void* const labels[256] = {TRELLIS_REPEAT_256(TRELLIS_GOTO_ADDR)};
#undef TRELLIS_GOTO_ADDR
    detail::RegsT<Def> r = detail::enter<Def>(s);
    goto* labels[Def::opcode(ip)];
#define TRELLIS_GOTO_LABEL(N)                                            \
    op_##N:                                                              \
    if (TRELLIS_UNLIKELY((!detail::step<Def, N>(s, ip, r)))) return;     \
    goto* labels[Def::opcode(ip)];
    TRELLIS_REPEAT_256(TRELLIS_GOTO_LABEL)
#undef TRELLIS_GOTO_LABEL
}

#if defined(TRELLIS_HAVE_MUSTTAIL)
namespace detail {
template <class Def>
using TailFn = TRELLIS_PRESERVE_NONE void (*)(typename Def::State*, typename Def::Ip);

template <class Def, unsigned Op>
TRELLIS_PRESERVE_NONE void tail_handler(typename Def::State* s, typename Def::Ip ip);

template <class Def, size_t... I>
constexpr std::array<TailFn<Def>, 256> make_tail_table(std::index_sequence<I...>) {
    return {&tail_handler<Def, static_cast<unsigned>(I)>...};
}

template <class Def>
inline constexpr std::array<TailFn<Def>, 256> tail_table = make_tail_table<Def>(std::make_index_sequence<256>{});

template <class Def, unsigned Op>
TRELLIS_PRESERVE_NONE void tail_handler(typename Def::State* s, typename Def::Ip ip) {
    if (TRELLIS_UNLIKELY(!Def::template execute<Op>(*s, ip))) return;
    TRELLIS_MUSTTAIL return tail_table<Def>[Def::opcode(ip)](s, ip);
}

// The second form: Regs travels by value as a third argument.
template <class Def>
using TailRegsFn = TRELLIS_PRESERVE_NONE void (*)(typename Def::State*, typename Def::Ip, typename Def::Regs);

template <class Def, unsigned Op>
TRELLIS_PRESERVE_NONE void tail_regs_handler(typename Def::State* s, typename Def::Ip ip, typename Def::Regs r);

template <class Def, size_t... I>
constexpr std::array<TailRegsFn<Def>, 256> make_tail_regs_table(std::index_sequence<I...>) {
    return {&tail_regs_handler<Def, static_cast<unsigned>(I)>...};
}

template <class Def>
inline constexpr std::array<TailRegsFn<Def>, 256> tail_regs_table =
    make_tail_regs_table<Def>(std::make_index_sequence<256>{});

template <class Def, unsigned Op>
TRELLIS_PRESERVE_NONE void tail_regs_handler(typename Def::State* s, typename Def::Ip ip, typename Def::Regs r) {
    if (TRELLIS_UNLIKELY(!Def::template execute<Op>(*s, ip, r))) return;
    TRELLIS_MUSTTAIL return tail_regs_table<Def>[Def::opcode(ip)](s, ip, r);
}
}  // namespace detail

/// The tail-call loop: every handler is its own function and jumps to the next with a guaranteed tail call.
template <class Def>
void run_tail(typename Def::State& s, typename Def::Ip ip) {
    if constexpr (DefWithRegs<Def>) detail::tail_regs_table<Def>[Def::opcode(ip)](&s, ip, Def::enter(s));
    else detail::tail_table<Def>[Def::opcode(ip)](&s, ip);
}
#endif

/// Runs `Def` from `ip` with the chosen strategy until a handler returns false.
/// Strategy::Tail in a build without tail calls is rejected earlier, by parse_strategy(); here it falls to switch
/// only to keep the function total.
template <class Def>
void run(Strategy strategy, typename Def::State& s, typename Def::Ip ip) {
    switch (strategy) {
        case Strategy::Goto: return run_goto<Def>(s, ip);
#if defined(TRELLIS_HAVE_MUSTTAIL)
        case Strategy::Tail: return run_tail<Def>(s, ip);
#endif
        default: return run_switch<Def>(s, ip);
    }
}

}  // namespace trellis::dispatch
