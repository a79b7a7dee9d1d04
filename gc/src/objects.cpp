// Allocating constructors and mutators of the shared object kinds (see objects.hpp): strings, byte arrays,
// instances, arrays, cells, weak references, closures, lists, insertion-ordered maps and GMP big integers.
#include "trellis/gc/objects.hpp"

#include <cstring>

namespace trellis::gc {

using namespace core;

namespace {

// Large objects go straight to old space; everything else to the nursery.
Object* alloc(Heap& heap, Kind kind, size_t bytes, Value* protect = nullptr, size_t n = 0) {
    if (bytes >= heap.config().large_object_bytes) return heap.allocate_old(kind, bytes, protect, n);
    return heap.allocate(kind, bytes, protect, n);
}

size_t pow2_at_least(size_t n) {
    size_t p = 4;
    while (p < n) p <<= 1;
    return p;
}

}  // namespace

String* new_string(Heap& heap, std::string_view text) {
    auto* s = static_cast<String*>(alloc(heap, Kind::string, sizeof(Object) + 8 + text.size() + 1));
    s->length = static_cast<uint32_t>(text.size());
    s->hash32 = hash_bytes(text);
    if (!text.empty()) std::memcpy(s->data, text.data(), text.size());  // an empty view may hold nullptr
    s->data[text.size()] = '\0';
    return s;
}

String* new_string_buffer(Heap& heap, std::string_view text, size_t capacity) {
    if (capacity < text.size()) capacity = text.size();
    auto* s = static_cast<String*>(alloc(heap, Kind::string, sizeof(Object) + 8 + capacity + 1));
    s->length = static_cast<uint32_t>(text.size());
    s->hash32 = hash_bytes(text);
    if (!text.empty()) std::memcpy(s->data, text.data(), text.size());
    s->data[text.size()] = '\0';
    return s;
}

ByteArray* new_byte_array(Heap& heap, size_t length) {
    auto* b = static_cast<ByteArray*>(alloc(heap, Kind::byte_array, sizeof(Object) + 8 + length));
    b->length = length;
    std::memset(b->data, 0, align8(length));
    return b;
}

Instance* new_instance(Heap& heap, uint16_t class_id, size_t slots) {
    auto* x = static_cast<Instance*>(alloc(heap, Kind::instance, sizeof(Object) + 8 * slots));
    for (size_t i = 0; i < slots; ++i) x->slots[i] = Value::nil();
    x->class_id = class_id;
    return x;
}

Array* new_array(Heap& heap, size_t length, Value fill) {
    auto* a = static_cast<Array*>(alloc(heap, Kind::array, sizeof(Object) + 8 + 8 * length, &fill, 1));
    a->length = length;
    for (size_t i = 0; i < length; ++i) a->items[i] = fill;
    heap.write_barrier(a, fill);
    return a;
}

Cell* new_cell(Heap& heap, Value value) {
    auto* c = static_cast<Cell*>(alloc(heap, Kind::cell, sizeof(Cell), &value, 1));
    c->value = value;
    heap.write_barrier(c, value);
    return c;
}

WeakRef* new_weak_ref(Heap& heap, Value target) {
    auto* w = static_cast<WeakRef*>(alloc(heap, Kind::weak_ref, sizeof(WeakRef), &target, 1));
    w->target = target;  // weak: no barrier, the weak list is scanned at every collection
    heap.register_weak_ref(w);
    return w;
}

Closure* new_closure(Heap& heap, Value function, size_t upvalues) {
    auto* c = static_cast<Closure*>(alloc(heap, Kind::closure, sizeof(Object) + 16 + 8 * upvalues, &function, 1));
    c->upvalue_count = upvalues;
    for (size_t i = 0; i < upvalues; ++i) c->upvalues[i] = Value::nil();
    c->function = function;
    heap.write_barrier(c, function);
    return c;
}

// ---- lists ----

List* new_list(Heap& heap, size_t capacity) {
    Value items = Value::object(new_array(heap, capacity ? capacity : 1));
    auto* l = static_cast<List*>(alloc(heap, Kind::list, sizeof(List), &items, 1));
    l->length = 0;
    l->items = items;
    heap.write_barrier(l, items);
    return l;
}

void list_push(Heap& heap, Value& list, Value v) {
    auto* l = static_cast<List*>(list.as_object());
    auto* a = static_cast<Array*>(l->items.as_object());
    if (l->length == a->length) {
        Value protect[2] = {list, v};
        size_t cap = a->length * 2;
        auto* grown = static_cast<Array*>(alloc(heap, Kind::array, sizeof(Object) + 8 + 8 * cap, protect, 2));
        list = protect[0];
        v = protect[1];
        l = static_cast<List*>(list.as_object());
        a = static_cast<Array*>(l->items.as_object());
        grown->length = cap;
        for (uint64_t i = 0; i < cap; ++i) grown->items[i] = i < l->length ? a->items[i] : Value::nil();
        if (!heap.is_young(grown))
            for (uint64_t i = 0; i < l->length; ++i) heap.write_barrier(grown, grown->items[i]);
        heap.store(l, l->items, Value::object(grown));
        a = grown;
    }
    heap.store(a, a->items[l->length], v);
    l->length++;
}

// ---- maps ----

namespace {

uint32_t* index_slots(const Map* m) { return reinterpret_cast<uint32_t*>(static_cast<ByteArray*>(m->index.as_object())->data); }
size_t index_len(const Map* m) { return static_cast<ByteArray*>(m->index.as_object())->length / 4; }
Array* entries(const Map* m) { return static_cast<Array*>(m->entries.as_object()); }

// Probe for `key`: returns the index slot holding it, or the empty slot where it would go (found = false).
size_t probe(const Map* m, Value key, uint64_t h, bool& found) {
    const uint32_t* idx = index_slots(m);
    const size_t mask = index_len(m) - 1;
    const Array* e = entries(m);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t s = idx[i];
        if (s == 0) {
            found = false;
            return i;
        }
        Value k = e->items[2 * (s - 1)];
        if (!k.is_undefined() && keys_equal(k, key)) {
            found = true;
            return i;
        }
    }
}

// Rebuilds entries/index with room for `capacity` pairs, dropping removed pairs. `protect` = {map, key, value}.
void rebuild(Heap& heap, Value* protect, size_t capacity) {
    auto* fresh = static_cast<Array*>(alloc(heap, Kind::array, sizeof(Object) + 8 + 16 * capacity, protect, 3));
    fresh->length = 2 * capacity;
    for (size_t i = 0; i < 2 * capacity; ++i) fresh->items[i] = Value::undefined();
    Value all[4] = {protect[0], protect[1], protect[2], Value::object(fresh)};
    Value index = Value::object(alloc(heap, Kind::byte_array, sizeof(Object) + 8 + 4 * 2 * capacity, all, 4));
    protect[0] = all[0];
    protect[1] = all[1];
    protect[2] = all[2];
    auto* ib = static_cast<ByteArray*>(index.as_object());
    ib->length = 4 * 2 * capacity;
    std::memset(ib->data, 0, ib->length);
    auto* m = static_cast<Map*>(protect[0].as_object());
    auto* ne = static_cast<Array*>(all[3].as_object());
    Array* oe = entries(m);
    uint32_t* idx = reinterpret_cast<uint32_t*>(ib->data);
    const size_t mask = 2 * capacity - 1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->used; ++i) {
        Value k = oe->items[2 * i];
        if (k.is_undefined()) continue;
        heap.store(ne, ne->items[2 * n], k);
        heap.store(ne, ne->items[2 * n + 1], oe->items[2 * i + 1]);
        size_t j = hash_key(k) & mask;
        while (idx[j] != 0) j = (j + 1) & mask;
        idx[j] = n + 1;
        ++n;
    }
    m->used = n;
    m->count = n;
    heap.store(m, m->entries, all[3]);
    heap.store(m, m->index, index);
}

}  // namespace

Map* new_map(Heap& heap, size_t capacity) {
    capacity = pow2_at_least(capacity);
    Value e = Value::object(new_array(heap, 2 * capacity, Value::undefined()));
    Value protect[2] = {e, Value::nil()};
    auto* ib = static_cast<ByteArray*>(alloc(heap, Kind::byte_array, sizeof(Object) + 8 + 8 * capacity, protect, 1));
    ib->length = 8 * capacity;
    std::memset(ib->data, 0, ib->length);
    protect[1] = Value::object(ib);
    auto* m = static_cast<Map*>(alloc(heap, Kind::map, sizeof(Map), protect, 2));
    m->count = 0;
    m->used = 0;
    m->entries = protect[0];
    m->index = protect[1];
    heap.write_barrier(m, protect[0]);
    heap.write_barrier(m, protect[1]);
    return m;
}

Value map_get(const Map* map, Value key) noexcept {
    bool found;
    size_t i = probe(map, key, hash_key(key), found);
    if (!found) return Value::undefined();
    return entries(map)->items[2 * (index_slots(map)[i] - 1) + 1];
}

void map_set(Heap& heap, Value& map, Value key, Value value) {
    auto* m = static_cast<Map*>(map.as_object());
    const uint64_t h = hash_key(key);
    bool found;
    size_t i = probe(m, key, h, found);
    Array* e = entries(m);
    if (found) {
        heap.store(e, e->items[2 * (index_slots(m)[i] - 1) + 1], value);
        return;
    }
    const size_t capacity = e->length / 2;
    if (m->used == capacity) {
        Value protect[3] = {map, key, value};
        rebuild(heap, protect, m->count < capacity / 2 ? capacity : capacity * 2);
        map = protect[0];
        key = protect[1];
        value = protect[2];
        m = static_cast<Map*>(map.as_object());
        i = probe(m, key, h, found);
        e = entries(m);
    }
    uint32_t n = m->used++;
    heap.store(e, e->items[2 * n], key);
    heap.store(e, e->items[2 * n + 1], value);
    index_slots(m)[i] = n + 1;
    m->count++;
}

bool map_remove(Heap& heap, Map* map, Value key) noexcept {
    bool found;
    size_t i = probe(map, key, hash_key(key), found);
    if (!found) return false;
    Array* e = entries(map);
    uint32_t n = index_slots(map)[i] - 1;
    e->items[2 * n] = Value::undefined();  // the index slot stays as a tombstone until the next rebuild
    e->items[2 * n + 1] = Value::nil();
    map->count--;
    return true;
}

// ---- integers ----

Value make_integer(Heap& heap, int64_t i) {
    if (Value::fits_small_int(i)) return Value::small_int(i);
    mpz_t z;
    mpz_init_set_si(z, i);
    Value v = make_integer(heap, z);
    mpz_clear(z);
    return v;
}

Value make_integer(Heap& heap, mpz_srcptr z) {
    if (mpz_fits_slong_p(z)) {
        long x = mpz_get_si(z);
        if (Value::fits_small_int(x)) return Value::small_int(x);
    }
    const size_t n = mpz_size(z);
    auto* b = static_cast<BigInt*>(alloc(heap, Kind::big_int, sizeof(Object) + 8 + 8 * n));
    b->signed_size = mpz_sgn(z) < 0 ? -static_cast<int64_t>(n) : static_cast<int64_t>(n);
    static_assert(sizeof(mp_limb_t) == 8);
    for (size_t k = 0; k < n; ++k) b->limbs[k] = mpz_getlimbn(z, k);
    return Value::object(b);
}

void integer_to_mpz(Value v, mpz_ptr out) {
    if (v.is_small_int()) {
        mpz_set_si(out, v.as_small_int());
        return;
    }
    auto* b = static_cast<BigInt*>(v.as_object());
    mpz_t view;
    mpz_roinit_n(view, reinterpret_cast<const mp_limb_t*>(b->limbs), b->signed_size);
    mpz_set(out, view);
}

}  // namespace trellis::gc
