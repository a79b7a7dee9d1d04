// Value encoding (core/value.hpp): round trips of every immediate kind at its boundaries, tag tests, the
// small-int arithmetic helpers and map-key hashing/equality of immediates (core/object.hpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "trellis/core/object.hpp"
#include "trellis/core/value.hpp"

using trellis::core::Value;

TEST_CASE("small integers round-trip at the edges of the 48-bit range") {
    for (int64_t i : {int64_t(0), int64_t(1), int64_t(-1), int64_t(123456789), Value::min_small_int,
                      Value::max_small_int, Value::min_small_int + 1, Value::max_small_int - 1}) {
        Value v = Value::small_int(i);
        CHECK(v.is_small_int());
        CHECK_FALSE(v.is_double());
        CHECK_FALSE(v.is_object());
        CHECK(v.as_small_int() == i);
    }
    CHECK_FALSE(Value::fits_small_int(Value::max_small_int + 1));
    CHECK_FALSE(Value::fits_small_int(Value::min_small_int - 1));
}

TEST_CASE("doubles round-trip bit-exactly and NaN is canonical") {
    const double cases[] = {0.0, -0.0, 1.5, -2.25, 1e308, -1e-308, 5e-324, std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::lowest()};
    for (double d : cases) {
        Value v = Value::from_double(d);
        CHECK(v.is_double());
        CHECK_FALSE(v.is_small_int());
        CHECK_FALSE(v.is_object());
        CHECK_FALSE(v.is_nil());
        CHECK(std::bit_cast<uint64_t>(v.as_double()) == std::bit_cast<uint64_t>(d));
    }
    Value n1 = Value::from_double(std::nan("1"));
    Value n2 = Value::from_double(-std::numeric_limits<double>::quiet_NaN());
    CHECK(n1.is_double());
    CHECK(std::isnan(n1.as_double()));
    CHECK(n1.bits() == n2.bits());
}

TEST_CASE("specials and references are distinct from numbers") {
    CHECK(Value().is_nil());
    CHECK(Value::nil().is_nil());
    CHECK(Value::boolean(true).is_true());
    CHECK(Value::boolean(false).is_false());
    CHECK(Value::boolean(true).is_bool());
    CHECK(Value::undefined().is_undefined());
    for (Value v : {Value::nil(), Value::boolean(true), Value::boolean(false), Value::undefined()}) {
        CHECK_FALSE(v.is_object());
        CHECK_FALSE(v.is_number());
    }
    alignas(16) static uint64_t fake_object[4];
    Value r = Value::object(reinterpret_cast<trellis::core::Object*>(fake_object));
    CHECK(r.is_object());
    CHECK_FALSE(r.is_number());
    CHECK(r.as_object() == reinterpret_cast<trellis::core::Object*>(fake_object));
    CHECK_FALSE(Value::from_bits(0).is_object());
}

TEST_CASE("small-int add/sub report overflow instead of wrapping") {
    Value out = Value::nil();
    REQUIRE(Value::add_small(Value::small_int(40), Value::small_int(2), out));
    CHECK(out.as_small_int() == 42);
    REQUIRE(Value::sub_small(Value::small_int(-40), Value::small_int(2), out));
    CHECK(out.as_small_int() == -42);
    Value before = out;
    CHECK_FALSE(Value::add_small(Value::small_int(Value::max_small_int), Value::small_int(1), out));
    CHECK_FALSE(Value::sub_small(Value::small_int(Value::min_small_int), Value::small_int(1), out));
    CHECK_FALSE(Value::add_small(Value::from_double(1.0), Value::small_int(1), out));
    CHECK(out == before);
}

TEST_CASE("map keys: numbers compare by value and hash alike") {
    using trellis::core::hash_key;
    using trellis::core::keys_equal;
    CHECK(keys_equal(Value::small_int(3), Value::from_double(3.0)));
    CHECK(hash_key(Value::small_int(3)) == hash_key(Value::from_double(3.0)));
    CHECK(keys_equal(Value::from_double(0.0), Value::from_double(-0.0)));
    CHECK(hash_key(Value::from_double(0.0)) == hash_key(Value::from_double(-0.0)));
    CHECK_FALSE(keys_equal(Value::small_int(3), Value::small_int(4)));
    CHECK_FALSE(keys_equal(Value::from_double(std::nan("")), Value::from_double(std::nan(""))));
    CHECK_FALSE(keys_equal(Value::nil(), Value::boolean(false)));
}
