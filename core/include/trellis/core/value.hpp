/// @file value.hpp
/// `Value`: the one 64-bit tagged word of the dynamic frontends (Zexus, Smalltalk, Perl-style), NaN-boxed.
///
/// Encoding (decided by benchmarks/gc/value_bench.cpp, numbers in docs/architecture.md "Values and the GC"):
///
///   top 16 bits   meaning
///   0x0000        heap reference: the low 48 bits are the `Object*` itself (x86-64/AArch64 user space is 47/48
///                 bits), so a reference needs no decoding; raw bits 0 (null) is never a valid Value.
///   0x0001        small integer: 48-bit two's-complement payload, range [-2^47, 2^47).
///   0x0002        special constants: nil, false, true, and `undefined` (an internal "no value": map holes,
///                 absent results; never visible to a program).
///   0x000F-0xFFFF IEEE-754 binary64 double, stored as its bit pattern plus 0x000F'0000'0000'0000 (mod 2^64).
///                 NaNs are canonicalized to 0x7FF8'0000'0000'0000 first, which frees the encodings the offset
///                 moves into 0x0000-0x000E. Every double is an immediate: doubles never allocate.
///
/// Integers outside the small range are BigInt heap objects (GMP limbs, see object.hpp); the frontends decide
/// when arithmetic overflows into them (gc/objects.hpp `make_integer`).
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>

#include "trellis/core/compiler.hpp"

namespace trellis::core {

struct Object;

/// One tagged 64-bit word: small integer, double, nil/true/false/undefined, or a reference to a heap Object.
/// Trivially copyable; equality of raw bits (`same()`) is identity for references and immediates.
class Value {
public:
    /// Smallest and largest integer stored inline (48-bit payload).
    static constexpr int64_t min_small_int = -(int64_t(1) << 47);
    static constexpr int64_t max_small_int = (int64_t(1) << 47) - 1;

    static constexpr uint64_t tag_shift = 48;
    static constexpr uint64_t payload_mask = (uint64_t(1) << 48) - 1;
    static constexpr uint64_t int_tag = uint64_t(1) << 48;
    static constexpr uint64_t special_tag = uint64_t(2) << 48;
    static constexpr uint64_t double_offset = uint64_t(0x000F) << 48;
    static constexpr uint64_t canonical_nan = 0x7FF8'0000'0000'0000ull;

    static constexpr uint64_t nil_bits = special_tag | 0;
    static constexpr uint64_t false_bits = special_tag | 1;
    static constexpr uint64_t true_bits = special_tag | 2;
    static constexpr uint64_t undefined_bits = special_tag | 3;

    /// The default Value is nil.
    constexpr Value() noexcept : m_bits(nil_bits) {}

    // ---- construction ----
    /// nil (Zexus null, Smalltalk nil, Perl undef).
    static constexpr Value nil() noexcept { return from_bits(nil_bits); }
    /// The internal "no value" marker (map holes, absent lookups). Never stored where a program can see it.
    static constexpr Value undefined() noexcept { return from_bits(undefined_bits); }
    /// true or false.
    static constexpr Value boolean(bool b) noexcept { return from_bits(b ? true_bits : false_bits); }
    /// A small integer. Precondition: fits_small_int(i) (check first, or use gc::make_integer for any int64).
    static constexpr Value small_int(int64_t i) noexcept {
        return from_bits(int_tag | (static_cast<uint64_t>(i) & payload_mask));
    }
    /// True if `i` can be stored inline by small_int().
    static constexpr bool fits_small_int(int64_t i) noexcept { return i >= min_small_int && i <= max_small_int; }
    /// A double (any value; NaNs become the canonical quiet NaN). Never allocates.
    static Value from_double(double d) noexcept {
        uint64_t b = std::bit_cast<uint64_t>(d);
        if (TRELLIS_UNLIKELY(d != d)) b = canonical_nan;
        return from_bits(b + double_offset);
    }
    /// A reference to a heap object. Precondition: `o` is non-null and 8-byte aligned below 2^48.
    static Value object(const Object* o) noexcept { return from_bits(reinterpret_cast<uint64_t>(o)); }
    /// Rebuilds a Value from raw bits (as returned by bits()).
    static constexpr Value from_bits(uint64_t b) noexcept {
        Value v;
        v.m_bits = b;
        return v;
    }

    // ---- tests ----
    /// True for a heap reference.
    constexpr bool is_object() const noexcept { return m_bits - 1 < payload_mask; }
    /// True for a small integer (BigInt objects are is_object()).
    constexpr bool is_small_int() const noexcept { return (m_bits >> tag_shift) == 1; }
    /// True for a double.
    constexpr bool is_double() const noexcept { return m_bits >= double_offset; }
    /// True for a small integer or a double.
    constexpr bool is_number() const noexcept { return is_small_int() || is_double(); }
    constexpr bool is_nil() const noexcept { return m_bits == nil_bits; }
    constexpr bool is_undefined() const noexcept { return m_bits == undefined_bits; }
    constexpr bool is_bool() const noexcept { return m_bits == true_bits || m_bits == false_bits; }
    constexpr bool is_true() const noexcept { return m_bits == true_bits; }
    constexpr bool is_false() const noexcept { return m_bits == false_bits; }

    // ---- access (preconditions: the matching is_*() is true) ----
    constexpr int64_t as_small_int() const noexcept { return static_cast<int64_t>(m_bits << 16) >> 16; }
    double as_double() const noexcept { return std::bit_cast<double>(m_bits - double_offset); }
    bool as_bool() const noexcept { return m_bits == true_bits; }
    Object* as_object() const noexcept { return reinterpret_cast<Object*>(m_bits); }
    /// The number as a double (small int converted). Precondition: is_number().
    double to_double() const noexcept {
        return is_small_int() ? static_cast<double>(as_small_int()) : as_double();
    }

    /// The raw 64-bit encoding.
    constexpr uint64_t bits() const noexcept { return m_bits; }
    /// Identity: same immediate or same object (doubles compare by bit pattern, so 0.0 and -0.0 differ).
    constexpr bool same(Value o) const noexcept { return m_bits == o.m_bits; }
    friend constexpr bool operator==(Value a, Value b) noexcept { return a.m_bits == b.m_bits; }

    // ---- fast arithmetic helpers for dispatch loops ----
    /// Adds two small integers; returns false (leaving `out` unchanged) if either is not a small int or the sum
    /// leaves the small range (the frontend then takes its slow path: double, BigInt or error).
    static TRELLIS_ALWAYS_INLINE bool add_small(Value a, Value b, Value& out) noexcept {
        // Both tags checked at once; the add runs on payloads shifted to the top 48 bits, so the CPU's signed
        // overflow flag is exactly "the sum left the small range".
        if (TRELLIS_UNLIKELY(((a.m_bits ^ int_tag) | (b.m_bits ^ int_tag)) >> tag_shift)) return false;
        int64_t s;
        if (TRELLIS_UNLIKELY(__builtin_add_overflow(static_cast<int64_t>(a.m_bits << 16),
                                                    static_cast<int64_t>(b.m_bits << 16), &s)))
            return false;
        out = from_bits((static_cast<uint64_t>(s) >> 16) | int_tag);
        return true;
    }
    /// Subtracts two small integers; same contract as add_small().
    static TRELLIS_ALWAYS_INLINE bool sub_small(Value a, Value b, Value& out) noexcept {
        if (TRELLIS_UNLIKELY(((a.m_bits ^ int_tag) | (b.m_bits ^ int_tag)) >> tag_shift)) return false;
        int64_t s;
        if (TRELLIS_UNLIKELY(__builtin_sub_overflow(static_cast<int64_t>(a.m_bits << 16),
                                                    static_cast<int64_t>(b.m_bits << 16), &s)))
            return false;
        out = from_bits((static_cast<uint64_t>(s) >> 16) | int_tag);
        return true;
    }

private:
    uint64_t m_bits;
};

static_assert(sizeof(Value) == 8);

}  // namespace trellis::core
