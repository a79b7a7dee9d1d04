/// @file scalar.hpp
/// Perl scalar values on core::Value (perldata, perlnumber): undef is nil, integers (IV) are small ints or
/// BigInt objects up to 64 bits, floating numbers (NV) doubles, strings (PV) immutable core::String objects, and
/// references are the referenced container itself (a Cell for SCALAR, List for ARRAY, Map for HASH, Closure for
/// CODE); a blessed referent carries its package's class id in its header. Conversions follow perl: numbers print
/// as integers or with "%.15g", strings convert to numbers by their longest numeric prefix, truth is "not undef,
/// not "", not "0", not 0".
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "trellis/core/object.hpp"
#include "trellis/gc/heap.hpp"

namespace trellis::perl {

using core::Value;

/// A number as perl sees it: an integer (IV) or a double (NV).
struct Num {
    bool is_int;
    int64_t i;
    double d;
    double as_double() const { return is_int ? static_cast<double>(i) : d; }
};

/// True for an integer Value (small int or BigInt).
inline bool is_int_value(Value v) { return v.is_small_int() || core::is_kind(v, core::Kind::big_int); }
/// True for a string Value.
inline bool is_str(Value v) { return core::is_kind(v, core::Kind::string) || core::is_kind(v, core::Kind::symbol); }
/// True for a reference (a container or code object).
inline bool is_ref(Value v) {
    if (!v.is_object()) return false;
    auto k = v.as_object()->kind;
    return k == core::Kind::cell || k == core::Kind::list || k == core::Kind::map || k == core::Kind::closure ||
           k == core::Kind::instance;  // an instance is a filehandle (GLOB)
}
/// The int64 of an integer Value (BigInt holds at most 64 bits here; a UV wraps).
int64_t int_of(Value v);
/// True for an unsigned integer above the IV range (perlnumber's UV: 2^63 .. 2^64-1), held as a BigInt.
inline bool is_uv(Value v) {
    if (!core::is_kind(v, core::Kind::big_int)) return false;
    auto* b = static_cast<core::BigInt*>(v.as_object());
    return b->signed_size == 1 && b->limbs[0] > static_cast<uint64_t>(INT64_MAX);
}
/// The value of a UV (is_uv(v)).
inline uint64_t uv_of(Value v) { return static_cast<core::BigInt*>(v.as_object())->limbs[0]; }
/// An integer Value for `u`: an IV when it fits, else a UV.
Value make_uv(gc::Heap& heap, uint64_t u);
/// An integer Value for `i` (small int, or a BigInt past 48 bits).
Value make_iv(gc::Heap& heap, int64_t i);
/// A number Value: an integer when `n.is_int`, else a double.
Value make_num(gc::Heap& heap, Num n);
/// A new string Value holding a copy of `s`, which must not be a view into the heap (the allocation may move
/// it; gc::new_string's contract). Throws gc::OutOfMemory.
Value make_str(gc::Heap& heap, std::string_view s);

/// perl's SvUTF8 flag (perlunicode "Byte and Character Semantics"): a String whose class index is
/// `str_utf8` (or `strbuf_owned_utf8`, runtime/strbuf.hpp) holds characters encoded as UTF-8, and string
/// operations count characters; any other String holds bytes (one character each, Latin-1 when upgraded).
/// Class indexes from 0x8000 up are never packages.
inline constexpr uint16_t str_utf8 = 0x8000;
/// Class index of a hash key stored downgraded from a character string (perl's HVhek_WASUTF8): its bytes are the
/// Latin-1 characters, so it equals the byte-string key; keys/each give it back as a character string
/// (hv::key_out, runtime/containers.hpp). Such a String never leaves a hash's key slots.
inline constexpr uint16_t str_key_was_utf8 = 0x8001;
/// True when String `s` carries the UTF8 flag (str_utf8, or 0xFFFE: strbuf_owned_utf8). One mask test: the
/// other string class indexes are 0, a regexp package's, 0x8001 and 0xFFFF (strbuf_owned).
inline bool str_is_utf8(const core::Object* s) { return (s->class_id & 0x8001) == 0x8000; }
/// True when `v` is a character string (a String carrying the UTF8 flag).
inline bool is_utf8(Value v) { return is_str(v) && str_is_utf8(v.as_object()); }
/// True once any character string has been made in this process (set by mark_utf8; never cleared). Builtins
/// that would scan all their arguments for the UTF8 flag (print, join, sprintf ...) test this first, so programs
/// without character strings pay one load per call. Relaxed: a stale false is impossible on the thread that
/// marked, and another Vm's thread only needs it for strings it made itself.
inline std::atomic<bool> g_utf8_seen{false};
inline bool utf8_seen() { return g_utf8_seen.load(std::memory_order_relaxed); }
/// Sets the UTF8 flag of String `s` (a new, unshared string or an interned literal).
inline void mark_utf8(core::Object* s) {
    s->class_id = str_utf8;
    if (!utf8_seen()) g_utf8_seen.store(true, std::memory_order_relaxed);
}
/// A new string Value holding `s` (UTF-8) with the UTF8 flag set when `utf8`.
inline Value make_str(gc::Heap& heap, std::string_view s, bool utf8) {
    Value v = make_str(heap, s);
    if (utf8) mark_utf8(v.as_object());
    return v;
}

/// Perl's truth (perldata "Scalar values": undef, "", "0", 0 and 0.0 are false).
bool truthy(Value v);
/// The numeric value of `v` (strings by their numeric prefix, undef 0, references their address).
Num to_num(Value v);
/// to_num(v) as a double.
double to_nv(Value v);
/// to_num(v) truncated to an integer (doubles saturate at the int64 range, NaN is 0).
int64_t to_iv(Value v);
/// Appends the string value of `v` to `out` (integers in decimal, doubles with %.15g and perl's Inf/NaN,
/// references as TYPE(0xADDR) or Class=TYPE(0xADDR)).
void append_str(std::string& out, Value v, const std::string* blessed_name = nullptr);
/// The string value of `v`.
std::string to_str(Value v);
/// A string view of `v` when it is a string (no copy), else empty and false.
inline bool str_view(Value v, std::string_view& out) {
    if (!is_str(v)) return false;
    out = static_cast<core::String*>(v.as_object())->view();
    return true;
}
/// Formats a double the way perl prints an NV ("%.15g", "Inf", "-Inf", "NaN").
void format_nv(std::string& out, double d);
/// Parses the numeric prefix of a string (leading whitespace, sign, digits, fraction, exponent, "Inf", "NaN",
/// "0x" is not special). `complete` is set when the whole string (but trailing whitespace) was a number.
Num parse_number(std::string_view s, bool* complete = nullptr);
/// Scalar::Util::looks_like_number.
bool looks_like_number(Value v);
/// The reference type name perl's ref() returns for an unblessed referent: SCALAR, REF, ARRAY, HASH, CODE.
const char* reftype_name(Value v);

}  // namespace trellis::perl
