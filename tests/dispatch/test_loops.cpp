// The three dispatch loops run one handler definition identically: a small counting VM with a conditional
// backward branch, run under every strategy compiled into the binary.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "trellis/core/error.hpp"
#include "trellis/dispatch/loops.hpp"

namespace {

// Toy instruction set: 0 HALT, 1 INC acc, 2 DEC counter, 3 JNZ back-to-0, 4 ADD2 acc; everything else traps.
struct ToyState {
    int64_t acc = 0;
    int64_t counter = 0;
    const uint8_t* code = nullptr;
    int trapped = -1;
};

struct ToyDef {
    using State = ToyState;
    using Ip = const uint8_t*;
    static TRELLIS_ALWAYS_INLINE unsigned opcode(Ip ip) { return *ip; }
    template <unsigned Op>
    static TRELLIS_ALWAYS_INLINE bool execute(State& s, Ip& ip) {
        if constexpr (Op == 0) {
            return false;
        } else if constexpr (Op == 1) {
            ++s.acc;
            ++ip;
        } else if constexpr (Op == 2) {
            --s.counter;
            ++ip;
        } else if constexpr (Op == 3) {
            ip = TRELLIS_LIKELY(s.counter != 0) ? s.code : ip + 1;
        } else if constexpr (Op == 4) {
            s.acc += 2;
            ++ip;
        } else {
            s.trapped = static_cast<int>(Op);
            return false;
        }
        return true;
    }
};

}  // namespace

TEST_CASE("every dispatch strategy runs the same program to the same result") {
    const std::vector<uint8_t> code = {1, 4, 2, 3, 0};
    for (auto strategy : trellis::dispatch::available_strategies()) {
        INFO("strategy " << trellis::dispatch::name(strategy));
        ToyState s;
        s.code = code.data();
        s.counter = 1000;
        trellis::dispatch::run<ToyDef>(strategy, s, code.data());
        REQUIRE(s.acc == 3000);
        REQUIRE(s.counter == 0);
        REQUIRE(s.trapped == -1);
    }
}

TEST_CASE("undefined opcodes reach their handler under every strategy") {
    const std::vector<uint8_t> code = {1, 0xfe};
    for (auto strategy : trellis::dispatch::available_strategies()) {
        ToyState s;
        s.code = code.data();
        trellis::dispatch::run<ToyDef>(strategy, s, code.data());
        REQUIRE(s.acc == 1);
        REQUIRE(s.trapped == 0xfe);
    }
}

TEST_CASE("strategy names parse, unknown names are errors") {
    using namespace trellis::dispatch;
    REQUIRE(parse_strategy("switch") == Strategy::Switch);
    REQUIRE(parse_strategy("goto") == Strategy::Goto);
    REQUIRE_THROWS_AS(parse_strategy("jit"), trellis::core::Error);
    if (tail_available()) {
        REQUIRE(parse_strategy("tail") == Strategy::Tail);
        REQUIRE(available_strategies().size() == 3);
    } else {
        REQUIRE_THROWS_WITH(parse_strategy("tail"), Catch::Contains("unavailable"));
    }
}
