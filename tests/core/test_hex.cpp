// Hex parsing and printing.
#include <catch2/catch.hpp>

#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"

using namespace trellis::core;

TEST_CASE("hex round trip") {
    REQUIRE(from_hex("0x").empty());
    REQUIRE(from_hex("") == Bytes{});
    REQUIRE(from_hex("0x00ff10") == Bytes{0x00, 0xff, 0x10});
    REQUIRE(from_hex("ABcd") == Bytes{0xab, 0xcd});
    REQUIRE(from_hex("0x1") == Bytes{0x01});
    REQUIRE(to_hex_0x(from_hex("0xdeadBEEF")) == "0xdeadbeef");
}

TEST_CASE("non-hex input is a clear error") {
    REQUIRE_THROWS_AS(from_hex("0x12zz"), Error);
    REQUIRE_THROWS_WITH(from_hex("0x12zz"), Catch::Contains("invalid hex character 'z' at offset 2"));
}
