/// @file class_table.hpp
/// The classes of one heap's objects, indexed by the 16-bit class index every object header carries
/// (core::Object::class_id; the layout of Squeak/Pharo's Spur, whose headers hold a class index into a class table).
/// A frontend whose classes are heap objects (Smalltalk classes, Perl packages) registers each one here and stores
/// the returned id in the headers of its instances; class_of() maps an object back to its class. The table is a
/// root of the heap, so a registered class lives as long as the table, and moves are followed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trellis/gc/heap.hpp"

namespace trellis::gc {

class ClassTable {
public:
    /// Largest class id (ids are 1..max_id; 0 means "no class").
    static constexpr uint16_t max_id = UINT16_MAX;

    /// An empty table whose entries are roots of `heap` (which must outlive it).
    explicit ClassTable(Heap& heap);
    ~ClassTable();
    ClassTable(const ClassTable&) = delete;
    ClassTable& operator=(const ClassTable&) = delete;

    /// Registers `cls` (any Value: a class object, a package's symbol) under the next free id, 1 up to max_id, and
    /// returns the id. Never allocates on the heap. Throws core::Error once all max_id ids are taken.
    uint16_t add(Value cls);
    /// Replaces the class registered under `id` (an id add() gave out), so a frontend can reserve an id with a
    /// placeholder and store the class object it builds with that id in its header (a Smalltalk class and its
    /// metaclass refer to each other's ids). Throws core::Error for 0 or an id not given out.
    void set(uint16_t id, Value cls);
    /// The class registered under `id`; nil for 0 and for ids not given out.
    Value get(uint16_t id) const noexcept { return id < m_classes.size() ? m_classes[id] : Value::nil(); }
    /// The class of object `o`: get(o->class_id).
    Value class_of(const core::Object* o) const noexcept { return get(o->class_id); }
    /// Number of ids given out.
    size_t size() const noexcept { return m_classes.size() - 1; }

private:
    Heap& m_heap;
    size_t m_root_id;
    std::vector<Value> m_classes;  // index = class id; entry 0 is nil
};

}  // namespace trellis::gc
