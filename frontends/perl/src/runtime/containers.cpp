/// @file containers.cpp
/// Perl arrays (Lists of Cells) and hashes (Maps of String -> Cell): element creation, growth, shift/pop,
/// insertion and removal with the write barrier on every moved reference.
#include "runtime/containers.hpp"
#include "runtime/fast_alloc.hpp"

#include <algorithm>
#include <cstring>

#include "trellis/gc/handles.hpp"
#include "utf8.hpp"

namespace trellis::perl {

namespace av {

namespace {
core::Array* items(Value arr) { return static_cast<core::Array*>(list(arr)->items.as_object()); }
}  // namespace

Value elem(gc::Heap& heap, Value& arr, int64_t i) {
    int64_t n = static_cast<int64_t>(len(arr));
    if (i < 0) {
        i += n;
        if (i < 0) return Value::nil();
    }
    if (i >= n) resize(heap, arr, static_cast<uint64_t>(i) + 1);
    Value c = slot(arr, static_cast<uint64_t>(i));
    if (!c.is_nil()) return c;
    Value cell = Value::object(gc::new_cell(heap, Value::nil()));
    gc::list_set(heap, list(arr), static_cast<uint64_t>(i), cell);
    return cell;
}

void push_value(gc::Heap& heap, Value& arr, Value v) { fast::push_value(heap, arr, v); }

void reserve(gc::Heap& heap, Value& arr, uint64_t n) {
    const uint64_t cap = items(arr)->length;
    if (n <= cap) return;
    n = std::max<uint64_t>(n, 2 * cap);  // repeated reserves (push @a, LIST in a loop) stay amortized O(1)
    core::Array* grown = gc::new_array(heap, n);  // may move the list: `arr` is a rooted slot, re-read below
    core::List* l = list(arr);
    core::Array* a = items(arr);
    std::memcpy(grown->items, a->items, l->length * sizeof(Value));
    if (!heap.is_young(grown))  // a large array is old: its references to young objects need their cards
        for (uint64_t i = 0; i < l->length; ++i) heap.write_barrier(grown, grown->items[i]);
    heap.store(l, l->items, Value::object(grown));
}

void push_all(gc::Heap& heap, Value& arr, Value& src) {
    uint64_t n = len(src);
    if (len(arr) + n > items(arr)->length) reserve(heap, arr, len(arr) + n);
    for (uint64_t i = 0; i < n; ++i) {
        Value c = slot(src, i);
        if (c.is_nil()) {
            c = Value::object(gc::new_cell(heap, Value::nil()));
            gc::list_set(heap, list(src), i, c);
        }
        fast::list_push(heap, arr, c);
    }
}

void clear(gc::Heap& heap, Value arr) {
    (void)heap;
    core::List* l = list(arr);
    core::Array* a = items(arr);
    for (uint64_t i = 0; i < l->length; ++i) a->items[i] = Value::nil();
    l->length = 0;
}

Value shift_moving(gc::Heap& heap, Value arr) {
    core::List* l = list(arr);
    if (l->length == 0) return Value::nil();
    core::Array* a = items(arr);
    Value first = a->items[0];
    if (l->length > 1) std::memmove(&a->items[0], &a->items[1], (l->length - 1) * sizeof(Value));
    a->items[l->length - 1] = Value::nil();
    --l->length;
    if (!heap.is_young(a))  // moved references in an old array: its cards (a young array needs none)
        for (uint64_t i = 0; i < l->length; ++i) heap.write_barrier(a, a->items[i]);
    return first;
}

Value pop(Value arr) {
    core::List* l = list(arr);
    if (l->length == 0) return Value::nil();
    core::Array* a = items(arr);
    Value last = a->items[l->length - 1];
    a->items[l->length - 1] = Value::nil();
    --l->length;
    return last;
}

void resize(gc::Heap& heap, Value& arr, uint64_t n) {
    core::List* l = list(arr);
    if (n <= l->length) {
        core::Array* a = items(arr);
        for (uint64_t i = n; i < l->length; ++i) a->items[i] = Value::nil();
        l->length = n;
        return;
    }
    while (len(arr) < n) gc::list_push(heap, arr, Value::nil());
}

void insert_holes(gc::Heap& heap, Value& arr, uint64_t at, uint64_t count) {
    uint64_t old = len(arr);
    resize(heap, arr, old + count);
    core::Array* a = items(arr);
    std::memmove(&a->items[at + count], &a->items[at], (old - at) * sizeof(Value));
    for (uint64_t i = at; i < at + count; ++i) a->items[i] = Value::nil();
    for (uint64_t i = at + count; i < old + count; ++i) heap.write_barrier(a, a->items[i]);
}

void remove(gc::Heap& heap, Value arr, uint64_t at, uint64_t count) {
    core::List* l = list(arr);
    core::Array* a = items(arr);
    std::memmove(&a->items[at], &a->items[at + count], (l->length - at - count) * sizeof(Value));
    for (uint64_t i = l->length - count; i < l->length; ++i) a->items[i] = Value::nil();
    l->length -= count;
    for (uint64_t i = at; i < l->length; ++i) heap.write_barrier(a, a->items[i]);
}

}  // namespace av

namespace hv {

Value key(gc::Heap& heap, Value k) {
    if (is_str(k)) {
        if (TRELLIS_LIKELY(!str_is_utf8(k.as_object()))) return k;
        std::string_view chars;
        str_view(k, chars);
        std::string bytes;
        if (is_ascii(chars) || !append_utf8_as_latin1(bytes, chars)) return k;
        Value down = Value::object(gc::new_string(heap, bytes));
        down.as_object()->class_id = str_key_was_utf8;
        return down;
    }
    std::string s = to_str(k);
    return Value::object(gc::new_string(heap, s));
}

Value key_out_slow(gc::Heap& heap, Value k) {
    std::string_view bytes;
    str_view(k, bytes);
    std::string chars;
    append_latin1_as_utf8(chars, bytes);
    return make_str(heap, chars, true);
}

Value elem(gc::Heap& heap, Value& h, Value key) {
    Value c = gc::map_get(map(h), key);
    if (!c.is_undefined() && !c.is_nil()) return c;
    gc::HandleScope scope(heap);
    gc::Local k(heap, key);  // the key may be young: the cell's allocation can move it
    Value cell = Value::object(gc::new_cell(heap, Value::nil()));
    gc::map_set(heap, h, k.get(), cell);
    return gc::map_get(map(h), k.get());  // re-read: the map's growth may have moved the cell
}

void store(gc::Heap& heap, Value& h, Value key, Value v) {
    gc::HandleScope scope(heap);
    gc::Local k(heap, key);
    Value cell = Value::object(gc::new_cell(heap, v));
    gc::map_set(heap, h, k.get(), cell);
}

void clear(gc::Heap& heap, Value& h) {
    (void)heap;
    core::Map* m = map(h);
    auto* e = static_cast<core::Array*>(m->entries.as_object());
    for (uint64_t i = 0; i < e->length; i += 2) e->items[i] = Value::undefined(), e->items[i + 1] = Value::nil();
    auto* idx = static_cast<core::ByteArray*>(m->index.as_object());
    std::memset(idx->data, 0, idx->length);
    m->count = 0;
    m->used = 0;
}

}  // namespace hv

}  // namespace trellis::perl
