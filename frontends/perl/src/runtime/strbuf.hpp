/// @file strbuf.hpp
/// Growable string buffers for `.=` (perlop "Assignment Operators"): a scalar variable that is appended to holds
/// a core::String with spare room (gc::new_string_buffer), marked as owned by that variable's Cell alone by the
/// class index `strbuf_owned` in its header. `.=` on such a Cell writes the new bytes in place (amortized O(1)
/// per byte); any other append makes a new buffer with room to grow (1.5x) and marks it owned.
///
/// Invariant: a String carrying `strbuf_owned` is referenced from exactly one place, the value slot of one
/// Cell. Every read of a Cell's value that yields the Value goes through sv_value(), which clears the mark
/// (the string becomes an ordinary immutable PV that may be shared); the next `.=` then copies it into a new
/// buffer. Code that reads `Cell::value` directly must therefore only look at it (convert, compare, print),
/// never keep or store the Value.
#pragma once
#include <cstdint>

#include "runtime/scalar.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

/// Class index on a String owned by one Cell (see the invariant above). No package gets this index.
inline constexpr uint16_t strbuf_owned = 0xFFFF;
/// Class index on a character string (UTF8 flag, scalar.hpp) owned by one Cell; it becomes str_utf8 when shared.
inline constexpr uint16_t strbuf_owned_utf8 = 0xFFFE;

/// The value of Cell `c`, made shareable: a growable buffer it holds stops being appended in place.
inline Value sv_value(const core::Cell* c) {
    Value v = c->value;
    if (v.is_object()) {
        core::Object* o = v.as_object();
        if (TRELLIS_UNLIKELY(o->class_id >= strbuf_owned_utf8) && o->kind == core::Kind::string)
            o->class_id = o->class_id == strbuf_owned ? 0 : str_utf8;
    }
    return v;
}

/// `.=` without overloading: appends the string value of `v` to the value of the Cell in `cell`; both are
/// rooted slots (frame registers), re-read after allocating. In place when the Cell owns a buffer with room, else into a new owned
/// buffer. Returns false (and changes nothing) when the result would pass the 4 GiB string limit.
/// Throws gc::OutOfMemory past the heap limit.
bool sv_append(gc::Heap& heap, Value& cell, const Value& v);

/// The in-place fast path of sv_append: both are strings, the Cell owns its buffer and it has room.
TRELLIS_ALWAYS_INLINE bool sv_append_fast(core::Cell* c, Value v) {
    Value cur = c->value;
    if (!cur.is_object() || !v.is_object()) return false;
    auto* cs = static_cast<core::String*>(cur.as_object());
    auto* vs = static_cast<core::String*>(v.as_object());
    if (cs->class_id != strbuf_owned || cs->kind != core::Kind::string ||
        (vs->kind != core::Kind::string && vs->kind != core::Kind::symbol) || vs->class_id != 0 ||
        size_t(cs->length) + vs->length > gc::string_capacity(cs))
        return false;
    gc::string_append(cs, vs->view());
    return true;
}

}  // namespace trellis::perl

namespace trellis::perl {

/// `a . b` when both are strings or small integers (no overloading can apply): the result is allocated once
/// at its final size, with no intermediate std::string. `a` and `b` are rooted slots (re-read after
/// allocating). False (nothing done) for any other operand; the caller takes the general path.
bool concat_simple(gc::Heap& heap, const Value& a, const Value& b, Value& out);

}  // namespace trellis::perl
