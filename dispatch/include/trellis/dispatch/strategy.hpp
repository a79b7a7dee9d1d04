/// @file strategy.hpp
/// The three dispatch strategies every Trellis interpreter loop is compiled with, and their run-time selection
/// (`--dispatch=switch|goto|tail`).
#pragma once
#include <span>
#include <string_view>

namespace trellis::dispatch {

/// How a loop moves from one instruction handler to the next.
enum class Strategy {
    Switch,  ///< one `switch` in a loop: portable, one indirect jump shared by all handlers
    Goto,    ///< computed goto (labels as values): one indirect jump replicated at the end of every handler
    Tail,    ///< tail calls: each handler is a function ending in `[[clang::musttail]]` to the next (clang only)
};

/// True if this binary was compiled with the tail-call loop ([[clang::musttail]] available).
constexpr bool tail_available() noexcept {
#if defined(TRELLIS_HAVE_MUSTTAIL)
    return true;
#else
    return false;
#endif
}

/// The strategies compiled into this binary, in the order switch, goto, tail.
std::span<const Strategy> available_strategies() noexcept;

/// Lower-case name: "switch", "goto" or "tail".
std::string_view name(Strategy s) noexcept;

/// Parses "switch", "goto" or "tail". Throws core::Error for any other text, and for "tail" when the binary was
/// built without tail-call support (names the compiler requirement; never falls back silently).
Strategy parse_strategy(std::string_view text);

}  // namespace trellis::dispatch
