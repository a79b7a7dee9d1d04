/// @file containers.hpp
/// Perl arrays and hashes on the shared object kinds (perldata "Array", "Hash"): an array is a core::List whose
/// slots hold Cells (nil for a hole that was never assigned), so an element can be aliased (foreach, @_, map)
/// and referenced (`\$a[0]`); a hash is a core::Map from String keys to Cells. Every function that may allocate
/// takes the container as a `Value&` in a rooted slot (a frame register) and updates it when the object moves.
#pragma once
#include <bit>
#include <cstddef>
#include <cstring>
#include <string_view>

#include "runtime/scalar.hpp"
#include "runtime/strbuf.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

class Vm;

namespace av {
inline core::List* list(Value v) { return static_cast<core::List*>(v.as_object()); }
inline uint64_t len(Value v) { return list(v)->length; }
/// Slot i (a Cell, or nil for a hole). Precondition: i < len.
inline Value slot(Value v, uint64_t i) { return gc::list_get(list(v), i); }
/// The value of element i (negative counts from the end); undef when absent.
inline Value fetch(Value v, int64_t i) {
    core::List* l = list(v);
    if (i < 0) i += static_cast<int64_t>(l->length);
    if (i < 0 || static_cast<uint64_t>(i) >= l->length) return Value::nil();
    Value c = gc::list_get(l, static_cast<uint64_t>(i));
    return c.is_nil() ? c : sv_value(static_cast<core::Cell*>(c.as_object()));
}
/// The Cell of element i, created (and the array extended) when needed. nil when a negative index is before
/// the start (perl: "Modification of non-creatable array value attempted").
Value elem(gc::Heap& heap, Value& arr, int64_t i);
/// Appends a new Cell holding v.
void push_value(gc::Heap& heap, Value& arr, Value v);
/// Appends a Cell (alias).
inline void push_cell(gc::Heap& heap, Value& arr, Value cell) { gc::list_push(heap, arr, cell); }
/// Makes room for `n` elements in all (the backing Array grown once, to n or twice its capacity, when smaller), so that a
/// loop of pushes whose count is known does not re-grow a large array by doubling (each growth of an array
/// of 16 KiB or more is a fresh large object: page faults, a copy and a card mark per element).
void reserve(gc::Heap& heap, Value& arr, uint64_t n);
/// Appends every element Cell of `src` (holes get new Cells, which are stored back into src).
void push_all(gc::Heap& heap, Value& arr, Value& src);
/// Removes every element.
void clear(gc::Heap& heap, Value arr);
/// shift() of an array of two or more elements: the rest move down one slot.
Value shift_moving(gc::Heap& heap, Value arr);
/// Removes and returns the first / last element's Cell (nil when empty or a hole). A one-element array (the
/// `@_` of most subs) is emptied inline: nothing moves, so no write barrier is needed.
inline Value shift(gc::Heap& heap, Value arr) {
    core::List* l = list(arr);
    if (TRELLIS_LIKELY(l->length == 1)) {
        auto* a = static_cast<core::Array*>(l->items.as_object());
        const Value first = a->items[0];
        a->items[0] = Value::nil();
        l->length = 0;
        return first;
    }
    return shift_moving(heap, arr);
}
Value pop(Value arr);
/// Sets the length to n (new slots are holes).
void resize(gc::Heap& heap, Value& arr, uint64_t n);
/// Inserts `count` holes at position `at` (shifting the rest up).
void insert_holes(gc::Heap& heap, Value& arr, uint64_t at, uint64_t count);
/// Removes `count` elements at `at`.
void remove(gc::Heap& heap, Value arr, uint64_t at, uint64_t count);
/// The value stored in a Cell slot (nil for a hole).
inline Value cell_value(Value c) { return c.is_nil() ? c : sv_value(static_cast<core::Cell*>(c.as_object())); }
}  // namespace av

namespace hv {
inline core::Map* map(Value v) { return static_cast<core::Map*>(v.as_object()); }
/// The hash key for `k` (perlguts "Hash API Extensions": keys are stored downgraded when they can be): k itself
/// when it is a byte string, an ASCII character string or one with a character above 0xFF; a character string
/// whose characters are all below 0x100 becomes its Latin-1 bytes marked str_key_was_utf8, so that `"\xE9"` and
/// `"é"` (use utf8) are one key; anything else its string value (these two allocate).
Value key(gc::Heap& heap, Value k);
/// True for a byte string (or interned symbol) with class index 0, the common hash subscript, which hv::key
/// returns as it is: one test of the header word (kind string 2 or symbol 3, class_id 0) for the HGET/HELEM
/// fast path; anything else goes through hv::key.
inline bool is_plain_key(Value v) {
    static_assert(static_cast<int>(core::Kind::string) == 2 && static_cast<int>(core::Kind::symbol) == 3);
    static_assert(offsetof(core::Object, kind) == 1 && offsetof(core::Object, class_id) == 6 &&
                  std::endian::native == std::endian::little);
    if (!v.is_object()) return false;
    uint64_t word;
    std::memcpy(&word, v.as_object(), sizeof word);
    return (word & 0xFFFF'0000'0000'FE00ull) == 0x200;
}
/// The Value keys/each/list context give for stored key `k`: a str_key_was_utf8 key upgraded back to a
/// character string (allocates), any other k itself. Costs one load when no character string exists.
Value key_out_slow(gc::Heap& heap, Value k);
inline Value key_out(gc::Heap& heap, Value k) {
    if (TRELLIS_LIKELY(!utf8_seen()) || k.as_object()->class_id != str_key_was_utf8) return k;
    return key_out_slow(heap, k);
}
/// The value at key (a string Value); undef when absent.
inline Value fetch(Value h, Value key) {
    Value c = gc::map_get(map(h), key);
    if (c.is_undefined() || c.is_nil()) return Value::nil();
    return sv_value(static_cast<core::Cell*>(c.as_object()));
}
/// The Cell at key, created when absent. `key` must be a string Value (see hv::key).
Value elem(gc::Heap& heap, Value& h, Value key);
/// Stores a new Cell holding v at key.
void store(gc::Heap& heap, Value& h, Value key, Value v);
/// Number of keys.
inline uint32_t count(Value h) { return map(h)->count; }
/// Removes every pair.
void clear(gc::Heap& heap, Value& h);
}  // namespace hv

}  // namespace trellis::perl
