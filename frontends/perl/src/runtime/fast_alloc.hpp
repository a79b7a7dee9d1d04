/// @file fast_alloc.hpp
/// Inline versions of the gc/ constructors the Perl handlers call most (a Cell per `my $x` and per argument, a
/// List per argument list, a push per element). gc::new_cell, gc::new_list and gc::list_push are out-of-line
/// calls in gc/src/objects.cpp; here the same objects are built on the heap's inline bump allocation
/// (gc::Heap::allocate), so the common case is a bump, a compare and the initializing stores. The layouts and
/// the GC contract are gc/'s (objects.hpp, heap.hpp "Allocation"): objects this small come back young, so their
/// initializing stores need no write barrier; a growing push still goes through gc::list_push.
#pragma once
#include <cstring>

#include "trellis/core/object.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl::fast {

using core::Value;

/// gc::new_cell inline: a young Cell holding `value`. Throws gc::OutOfMemory like gc::new_cell.
TRELLIS_ALWAYS_INLINE core::Cell* new_cell(gc::Heap& heap, Value value) {
    auto* c = static_cast<core::Cell*>(heap.allocate(core::Kind::cell, sizeof(core::Cell), &value, 1));
    c->value = value;  // young: no barrier (heap.hpp "Allocation")
    return c;
}

/// A String of `n` bytes whose text is not written yet (gc::new_string's layout): young on the inline bump path,
/// or a large object through gc/ (n + 17 >= large_object_bytes). Fill it with fill_string before the next
/// allocation. May move every object: take views into the heap again after it. Throws gc::OutOfMemory.
TRELLIS_ALWAYS_INLINE core::String* alloc_string(gc::Heap& heap, size_t n) {
    const size_t bytes = sizeof(core::Object) + 8 + n + 1;
    if (TRELLIS_LIKELY(bytes < heap.config().large_object_bytes))
        return static_cast<core::String*>(heap.allocate(core::Kind::string, bytes));
    return gc::new_string_buffer(heap, "", n);
}

/// Writes the text of an alloc_string result: the bytes of the `parts` one after the other (their sizes add up
/// to the String's size), the NUL, the length and the FNV-1a hash (core::hash_bytes) in one pass.
template <typename... Views>
TRELLIS_ALWAYS_INLINE void fill_string(core::String* s, Views... parts) {
    uint32_t h = 2166136261u;
    char* d = s->data;
    auto one = [&](std::string_view v) {
        if (v.size() >= 64) {  // long: memcpy, then the hash over the copy (fewer instructions per byte)
            std::memcpy(d, v.data(), v.size());
            for (size_t i = 0; i < v.size(); ++i) h = (h ^ static_cast<unsigned char>(d[i])) * 16777619u;
            d += v.size();
            return;
        }
        for (unsigned char c : v) *d++ = static_cast<char>(c), h = (h ^ c) * 16777619u;
    };
    (one(parts), ...);
    *d = '\0';
    s->length = static_cast<uint32_t>(d - s->data);
    s->hash32 = h;
}

/// gc::new_list inline: an empty List with room for `capacity` (1..64) elements, its backing Array allocated
/// first (both young).
TRELLIS_ALWAYS_INLINE core::List* new_list(gc::Heap& heap, size_t capacity) {
    auto* a = static_cast<core::Array*>(heap.allocate(core::Kind::array, sizeof(core::Object) + 8 + 8 * capacity));
    a->length = capacity;
    for (size_t i = 0; i < capacity; ++i) a->items[i] = Value::nil();
    Value items = Value::object(a);
    auto* l = static_cast<core::List*>(heap.allocate(core::Kind::list, sizeof(core::List), &items, 1));
    l->items = items;
    l->length = 0;
    return l;
}

/// An empty List with room for exactly `n` elements: new_list up to 64, gc::new_list past it.
TRELLIS_ALWAYS_INLINE core::List* new_list_of_size(gc::Heap& heap, size_t n) {
    return n >= 1 && n <= 64 ? fast::new_list(heap, n) : gc::new_list(heap, n);
}

/// gc::list_push with the no-growth case inline: appends `v` to the List in the rooted slot `list`.
TRELLIS_ALWAYS_INLINE void list_push(gc::Heap& heap, Value& list, Value v) {
    auto* l = static_cast<core::List*>(list.as_object());
    auto* a = static_cast<core::Array*>(l->items.as_object());
    if (TRELLIS_LIKELY(l->length < a->length)) {
        heap.store(a, a->items[l->length], v);
        ++l->length;
        return;
    }
    gc::list_push(heap, list, v);
}

/// av::push_value inline: appends a new Cell holding `v` to the List in the rooted slot `list`.
TRELLIS_ALWAYS_INLINE void push_value(gc::Heap& heap, Value& list, Value v) {
    Value c = Value::object(fast::new_cell(heap, v));  // may move the list: `list` is re-read below
    fast::list_push(heap, list, c);
}

}  // namespace trellis::perl::fast
