// Run-time selection of dispatch strategies (see strategy.hpp).
#include "trellis/dispatch/strategy.hpp"

#include <string>

#include "trellis/core/error.hpp"

namespace trellis::dispatch {

namespace {
#if defined(TRELLIS_HAVE_MUSTTAIL)
constexpr Strategy all[] = {Strategy::Switch, Strategy::Goto, Strategy::Tail};
#else
constexpr Strategy all[] = {Strategy::Switch, Strategy::Goto};
#endif
}  // namespace

std::span<const Strategy> available_strategies() noexcept { return all; }

std::string_view name(Strategy s) noexcept {
    switch (s) {
        case Strategy::Switch: return "switch";
        case Strategy::Goto: return "goto";
        case Strategy::Tail: return "tail";
    }
    return "?";
}

Strategy parse_strategy(std::string_view text) {
    if (text == "switch") return Strategy::Switch;
    if (text == "goto") return Strategy::Goto;
    if (text == "tail") {
        if (!tail_available())
            throw core::Error(
                "dispatch strategy 'tail' is unavailable in this build: it needs [[clang::musttail]] "
                "(build with clang-19); available: switch, goto");
        return Strategy::Tail;
    }
    throw core::Error("unknown dispatch strategy '" + std::string(text) + "' (expected switch, goto or tail)");
}

}  // namespace trellis::dispatch
