/// @file objects.hpp
/// Allocating constructors and mutators for the shared object kinds of core/object.hpp: strings, symbols, byte
/// arrays, instances, arrays, growable lists, insertion-ordered maps, closures, cells, weak references and big
/// integers (GMP). Every function here may allocate, hence collect and move young objects: Values passed in
/// are protected, containers passed as `Value&` are updated in place, and any other raw reference the caller
/// holds in a C++ local is stale afterwards (keep them in Locals or frame slots).
#pragma once
#include <gmp.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trellis/core/object.hpp"
#include "trellis/gc/heap.hpp"

namespace trellis::gc {

/// A new immutable string holding `text` (UTF-8 bytes, copied). Throws OutOfMemory.
core::String* new_string(Heap& heap, std::string_view text);
/// A new string holding `text` with room for `capacity` bytes of text in all (capacity >= text.size(); the
/// object is sized for it, so a string of 16 KiB or more lives in the large-object space and is never copied by
/// a scavenge). A frontend that owns such a string alone (no other reference to it exists) may grow it in place
/// with string_append up to string_capacity(); every other holder must treat it as immutable. Throws
/// OutOfMemory. (Perl's growable scalar buffers for `.=`, frontends/perl/src/runtime/strbuf.hpp.)
core::String* new_string_buffer(Heap& heap, std::string_view text, size_t capacity);
/// Bytes of text `s` can hold without reallocation (its object size less header, length/hash and the NUL).
inline size_t string_capacity(const core::String* s) noexcept {
    return s->size() - sizeof(core::Object) - 8 - 1;  // header, length + hash32, NUL
}
/// Appends `tail` to `s` in place, keeping the NUL terminator and the FNV-1a content hash (extended over the new
/// bytes, so hash32 equals core::hash_bytes of the whole text). Precondition: s->length + tail.size() <=
/// string_capacity(s) and no other holder may observe `s` changing (see new_string_buffer). Never allocates;
/// no write barrier is needed (strings hold no references).
inline void string_append(core::String* s, std::string_view tail) noexcept {
    char* end = s->data + s->length;
    uint32_t h = s->hash32;
    for (unsigned char c : tail) {
        *end++ = static_cast<char>(c);
        h = (h ^ c) * 16777619u;
    }
    *end = '\0';
    s->hash32 = h;
    s->length += static_cast<uint32_t>(tail.size());
}
/// A new byte array of `length` zero bytes.
core::ByteArray* new_byte_array(Heap& heap, size_t length);
/// A new instance of class index `class_id` (see core::Object::class_id) with `slots` slots, all nil (Smalltalk
/// object, Zexus record).
core::Instance* new_instance(Heap& heap, uint16_t class_id, size_t slots);
/// A new fixed-length array of `length` elements, each `fill`.
core::Array* new_array(Heap& heap, size_t length, Value fill = Value::nil());
/// A new cell holding `value` (upvalue box, reference target).
core::Cell* new_cell(Heap& heap, Value value);
/// A new weak reference to `target` (registered with the heap; cleared to nil when the target dies).
core::WeakRef* new_weak_ref(Heap& heap, Value target);
/// A new closure of `function` with `upvalues` captured slots, all nil (fill them with heap.store()).
core::Closure* new_closure(Heap& heap, Value function, size_t upvalues);

/// A new empty list with room for `capacity` elements.
core::List* new_list(Heap& heap, size_t capacity = 4);
/// Appends `v` to the list in `list` (growing its backing array by 2x when full). `list` is updated if moved.
void list_push(Heap& heap, Value& list, Value v);
/// Element `i` of a list. Precondition: i < length.
inline Value list_get(const core::List* list, uint64_t i) noexcept {
    return static_cast<core::Array*>(list->items.as_object())->items[i];
}
/// Replaces element `i` (< length) of a list, with the write barrier.
inline void list_set(Heap& heap, core::List* list, uint64_t i, Value v) noexcept {
    auto* a = static_cast<core::Array*>(list->items.as_object());
    heap.store(a, a->items[i], v);
}

/// A new empty insertion-ordered map with room for `capacity` pairs before it grows.
core::Map* new_map(Heap& heap, size_t capacity = 4);
/// The value stored under `key`, or Value::undefined() if absent. Never allocates. Keys compare with
/// core::keys_equal (strings by content, numbers by value, the rest by identity).
Value map_get(const core::Map* map, Value key) noexcept;
/// Sets `key` to `value` (a new key goes last in insertion order; an existing key keeps its place).
void map_set(Heap& heap, Value& map, Value key, Value value);
/// Removes `key`; returns false if it was absent. Never allocates. Insertion order of the others is kept.
bool map_remove(Heap& heap, core::Map* map, Value key) noexcept;
/// Calls f(key, value) for every pair in insertion order. `f` must not allocate or modify the map.
template <class F>
void map_for_each(const core::Map* map, F&& f) {
    auto* e = static_cast<core::Array*>(map->entries.as_object());
    for (uint32_t i = 0; i < map->used; ++i)
        if (!e->items[2 * i].is_undefined()) f(e->items[2 * i], e->items[2 * i + 1]);
}

/// An integer Value: a small int when it fits (no allocation), else a BigInt.
Value make_integer(Heap& heap, int64_t i);
/// An integer Value from a GMP integer: a small int when it fits, else a new BigInt (limbs copied).
Value make_integer(Heap& heap, mpz_srcptr z);
/// Sets `out` (initialized by the caller) to the integer value of `v`. Precondition: v is a small int or BigInt.
void integer_to_mpz(Value v, mpz_ptr out);

}  // namespace trellis::gc
