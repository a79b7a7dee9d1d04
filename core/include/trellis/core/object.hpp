/// @file object.hpp
/// Heap object layouts shared by the dynamic frontends and the GC: the 8-byte header (GC bits, kind, size, identity
/// hash, class index) and one struct per kind (instances, arrays, strings, symbols, byte arrays, big integers,
/// growable lists, insertion-ordered maps, closures, cells, weak references).
///
/// core/ only describes layouts and reads them; every allocating constructor lives in gc/ (gc/objects.hpp),
/// because allocation needs the heap. Objects are 8-byte aligned, their size is a multiple of 8 bytes and is
/// stored in the header, so the nursery can be walked linearly. `visit_slots` names every reference-holding
/// slot of every kind: it is the single place the collector learns an object's shape.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trellis/core/value.hpp"

namespace trellis::core {

/// What an object is; decides its layout. Frontends tell their own classes apart through the class index (class_id).
enum class Kind : uint8_t {
    instance,   ///< fixed number of Value slots (Smalltalk objects and contexts, Zexus records, Perl blessed refs)
    array,      ///< fixed-length Value vector (backing store of List and Map, Smalltalk Array)
    string,     ///< immutable UTF-8 bytes with cached hash
    symbol,     ///< interned string (same layout as string); identity == content equality within one heap
    byte_array, ///< mutable raw bytes, no references
    big_int,    ///< arbitrary-precision integer stored as GMP limbs (sign in the size field)
    list,       ///< growable array: length + backing Array (Zexus lists, Perl arrays)
    map,        ///< insertion-ordered hash map: entries Array + index ByteArray (Zexus maps, Perl hashes)
    closure,    ///< function Value + captured cells (Zexus closures, Smalltalk blocks)
    cell,       ///< one mutable Value (upvalue box, Perl scalar reference target)
    weak_ref,   ///< holds its target weakly: the GC sets it to nil when the target dies
    free_space, ///< GC-internal: a dead object's bytes inside an old-space chunk (never referenced)
};

/// GC bits in the header (owned by gc/; frontends must not change them).
namespace gc_bits {
/// Bit 0 of the header word: set only on a nursery object a running scavenge has copied, whose whole header
/// word then holds the new address | 1 (see forwarding_address()).
inline constexpr uint8_t forwarded = 1 << 0;
inline constexpr uint8_t marked = 1 << 1;      ///< reached in the current mark phase
inline constexpr uint8_t old = 1 << 2;         ///< lives in old or large-object space (never moves again)
/// Registered with gc::Heap::register_finalizable and not yet queued for finalization (gc/src/finalize.cpp).
inline constexpr uint8_t finalizable = 1 << 3;
inline constexpr uint8_t large = 1 << 4;       ///< allocated directly in the large-object space
inline constexpr uint8_t age_shift = 5;        ///< bits 5-7: number of scavenges survived (0-7)
inline constexpr uint8_t age_mask = 7 << 5;
}  // namespace gc_bits

/// Largest object size (bytes, header included) the header records inline: 65,535 words. Bigger objects exist
/// only in the large-object space, whose blocks keep the size in the 8 bytes before the header (size_words 0).
inline constexpr size_t max_inline_size = size_t(0xFFFF) * 8;

/// The header every heap object starts with: one 64-bit word (the layout of Squeak/Pharo's Spur: a class index
/// instead of a class pointer, so a two-slot object takes 24 bytes). Byte 0 holds the GC bits, so that bit 0 of
/// the word tells a forwarded object (whose word is then its new address | 1) during a scavenge.
struct Object {
    /// GC bits (gc_bits::*). Frontends leave them alone.
    uint8_t gc;
    /// Layout (see Kind).
    Kind kind;
    /// Total size in 8-byte words, header included; 0 for an object bigger than max_inline_size (see size()).
    uint16_t size_words;
    /// Identity hash (0 = not assigned yet; see identity_hash()). Survives moves.
    uint16_t hash;
    /// The object's class, as an index the frontend defines (0 = none): Zexus keeps its value classes here, a
    /// Smalltalk or Perl frontend the index of the class in its own class table. Not a reference: the
    /// collector does not trace it, a frontend keeps its class objects alive itself.
    uint16_t class_id;

    /// Total size in bytes, header included, a multiple of 8.
    size_t size() const noexcept {
        const size_t words = size_words;
        if (TRELLIS_LIKELY(words != 0)) return words * 8;
        return reinterpret_cast<const uint64_t*>(this)[-1];  // a large object's size prefix
    }
    /// Bytes after the header.
    uint8_t* body() noexcept { return reinterpret_cast<uint8_t*>(this) + sizeof(Object); }
};
static_assert(sizeof(Object) == 8);

/// The new address of an object whose header has gc_bits::forwarded set (during a scavenge only).
inline Object* forwarding_address(const Object* o) noexcept {
    return reinterpret_cast<Object*>(*reinterpret_cast<const uintptr_t*>(o) & ~uintptr_t(1));
}

/// Rounds a byte count up to the 8-byte object granularity.
constexpr size_t align8(size_t n) noexcept { return (n + 7) & ~size_t(7); }

/// A fixed-size record of Value slots. Size = 8 + 8 * slot_count().
struct Instance : Object {
    Value slots[1];  // flexible: slot_count() entries
    size_t slot_count() const noexcept { return (size() - sizeof(Object)) / sizeof(Value); }
};

/// A fixed-length Value vector. Size = 8 + 8 + 8 * length.
struct Array : Object {
    uint64_t length;  ///< number of Value elements
    Value items[1];   // flexible
};

/// Immutable UTF-8 text (kind string or symbol). Size = align8(8 + 8 + length + 1); data is NUL-terminated.
struct String : Object {
    uint32_t length;  ///< bytes, excluding the trailing NUL
    uint32_t hash32;  ///< content hash (FNV-1a 32-bit), computed at creation
    char data[1];     // flexible
    std::string_view view() const noexcept { return {data, length}; }
};

/// Mutable raw bytes. Size = align8(8 + 8 + length).
struct ByteArray : Object {
    uint64_t length;  ///< bytes
    uint8_t data[1];  // flexible
};

/// Arbitrary-precision integer: |limb_count| GMP limbs, least significant first; the sign of `signed_size` is
/// the sign of the number (the convention of GMP's mpz `_mp_size`). Read it with mpz_roinit_n (gc/objects.hpp).
/// Size = 8 + 8 + 8 * |signed_size|.
struct BigInt : Object {
    int64_t signed_size;
    uint64_t limbs[1];  // flexible
};

/// Growable sequence: `length` items live in `items` (an Array whose length is the capacity). Size = 24.
struct List : Object {
    Value items;      ///< Array reference (capacity = its length)
    uint64_t length;  ///< live elements
};

/// Insertion-ordered hash map. `entries` is an Array of 2*capacity Values (key, value pairs in insertion order;
/// removed pairs have key undefined); `index` is a ByteArray of uint32 slots (open addressing, linear probing;
/// 0 = empty, otherwise 1 + entry number), 2*capacity slots, a power of two. Size = 32.
struct Map : Object {
    Value entries;     ///< Array of key/value pairs
    Value index;       ///< ByteArray of uint32 probe slots
    uint32_t count;    ///< live pairs
    uint32_t used;     ///< pairs used in `entries`, live or removed
};

/// A closure: the frontend's function object plus captured cells. Size = 8 + 8 + 8 + 8 * upvalue_count.
struct Closure : Object {
    Value function;          ///< frontend-defined function/code object (or any Value)
    uint64_t upvalue_count;  ///< number of captured Values (usually Cell references)
    Value upvalues[1];       // flexible
};

/// One mutable Value: upvalue box, Perl reference target. Size = 16.
struct Cell : Object {
    Value value;
};

/// A weak reference: `target` is set to nil by the GC when nothing else keeps it alive. Size = 16.
struct WeakRef : Object {
    Value target;
};

/// Calls `f(Value& slot)` for every reference-holding slot of `o` except a WeakRef's target (weak). This is the only description of object shapes the GC uses.
template <class F>
TRELLIS_ALWAYS_INLINE void visit_slots(Object* o, F&& f) {
    switch (o->kind) {
        case Kind::instance: {
            auto* x = static_cast<Instance*>(o);
            for (size_t i = 0, n = x->slot_count(); i < n; ++i) f(x->slots[i]);
            break;
        }
        case Kind::array: {
            auto* x = static_cast<Array*>(o);
            for (uint64_t i = 0; i < x->length; ++i) f(x->items[i]);
            break;
        }
        case Kind::list: f(static_cast<List*>(o)->items); break;
        case Kind::map:
            f(static_cast<Map*>(o)->entries);
            f(static_cast<Map*>(o)->index);
            break;
        case Kind::closure: {
            auto* x = static_cast<Closure*>(o);
            f(x->function);
            for (uint64_t i = 0; i < x->upvalue_count; ++i) f(x->upvalues[i]);
            break;
        }
        case Kind::cell: f(static_cast<Cell*>(o)->value); break;
        case Kind::string:
        case Kind::symbol:
        case Kind::byte_array:
        case Kind::big_int:
        case Kind::weak_ref:
        case Kind::free_space: break;
    }
}

/// The object's identity hash, assigned on first request from its address and kept in the header (it survives
/// moves). 16 bits, never 0: hash tables keyed by identity must expect collisions.
inline uint16_t identity_hash(Object* o) noexcept {
    if (TRELLIS_UNLIKELY(o->hash == 0)) {
        uint64_t a = reinterpret_cast<uint64_t>(o) >> 3;
        a *= 0x9E3779B97F4A7C15ull;
        uint16_t h = static_cast<uint16_t>(a >> 48);
        o->hash = h ? h : 1;
    }
    return o->hash;
}

/// FNV-1a 32-bit hash of bytes (content hash of strings and symbols).
constexpr uint32_t hash_bytes(std::string_view s) noexcept {
    uint32_t h = 2166136261u;
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    return h;
}

/// The kind of `v` if it is a reference, for quick type tests in frontends.
inline bool is_kind(Value v, Kind k) noexcept { return v.is_object() && v.as_object()->kind == k; }

/// Hash of a value for Map keys: strings and symbols by content, numbers by numeric value (an integral double
/// hashes like the equal integer), BigInts by limbs, everything else by identity. Consistent with keys_equal().
uint64_t hash_key(Value v) noexcept;

/// Key equality for Map: strings/symbols by content, numbers by numeric value (1 == 1.0), BigInts by value,
/// everything else by identity.
bool keys_equal(Value a, Value b) noexcept;

}  // namespace trellis::core
