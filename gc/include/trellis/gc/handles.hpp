/// @file handles.hpp
/// Handles: how host code (C++ in frontends, embedders, tests) holds heap references across allocations.
/// A raw `Object*` or `Value` in a C++ local is invalid after any allocation (the object may have moved); a
/// Local's slot is a root the collector updates. Locals live until the innermost HandleScope closes; a
/// Persistent lives until it is destroyed (globals, caches, host-owned objects).
#pragma once
#include <cstdint>
#include <utility>

#include "trellis/gc/heap.hpp"

namespace trellis::gc {

/// Opens a region of Local handles: every Local created while this scope is the innermost one is released when
/// it is destroyed. Scopes nest strictly (LIFO), like C++ blocks.
class HandleScope {
public:
    explicit HandleScope(Heap& heap) : m_heap(heap), m_saved(heap.handle_slots().size()) {}
    ~HandleScope() { m_heap.handle_slots().resize(m_saved); }
    HandleScope(const HandleScope&) = delete;
    HandleScope& operator=(const HandleScope&) = delete;

private:
    Heap& m_heap;
    size_t m_saved;
};

/// A scoped root: one Value slot on the heap's handle stack. Copying a Local copies the slot address.
class Local {
public:
    /// Roots `v` in the innermost HandleScope of `heap`.
    Local(Heap& heap, Value v) : m_slot(&(heap.handle_slots().emplace_back(v), heap.handle_slots().back())) {}
    /// The current value (re-read after every allocation; it is updated when the object moves).
    Value get() const noexcept { return *m_slot; }
    /// Replaces the rooted value.
    void set(Value v) noexcept { *m_slot = v; }
    /// The referenced object, cast to a layout type. Precondition: get().is_object() of that kind.
    template <class T = Object>
    T* as() const noexcept { return static_cast<T*>(m_slot->as_object()); }
    /// The slot itself, for APIs that update a Value in place (map_set, list_push).
    Value& slot() const noexcept { return *m_slot; }

private:
    Value* m_slot;
};

/// A root owned by host code, independent of scopes. Movable, not copyable; released on destruction.
class Persistent {
public:
    Persistent() = default;
    /// Roots `v` in `heap` until this Persistent is destroyed or reset.
    Persistent(Heap& heap, Value v) : m_heap(&heap) {
        auto& free = heap.persistent_free();
        auto& slots = heap.persistent_slots();
        if (!free.empty()) {
            m_index = free.back();
            free.pop_back();
            slots[m_index] = v;
        } else {
            m_index = static_cast<uint32_t>(slots.size());
            slots.push_back(v);
        }
    }
    ~Persistent() { reset(); }
    Persistent(Persistent&& o) noexcept : m_heap(std::exchange(o.m_heap, nullptr)), m_index(o.m_index) {}
    Persistent& operator=(Persistent&& o) noexcept {
        if (this != &o) {
            reset();
            m_heap = std::exchange(o.m_heap, nullptr);
            m_index = o.m_index;
        }
        return *this;
    }
    Persistent(const Persistent&) = delete;
    Persistent& operator=(const Persistent&) = delete;

    /// Releases the root (the object may then be collected).
    void reset() noexcept {
        if (!m_heap) return;
        m_heap->persistent_slots()[m_index] = Value::nil();
        m_heap->persistent_free().push_back(m_index);
        m_heap = nullptr;
    }
    /// True while this Persistent roots a value.
    explicit operator bool() const noexcept { return m_heap != nullptr; }
    /// The current value. Precondition: bool(*this).
    Value get() const noexcept { return m_heap->persistent_slots()[m_index]; }
    /// Replaces the rooted value. Precondition: bool(*this).
    void set(Value v) noexcept { m_heap->persistent_slots()[m_index] = v; }
    /// The slot, for APIs that update a Value in place.
    Value& slot() const noexcept { return m_heap->persistent_slots()[m_index]; }
    template <class T = Object>
    T* as() const noexcept { return static_cast<T*>(get().as_object()); }

private:
    Heap* m_heap = nullptr;
    uint32_t m_index = 0;
};

}  // namespace trellis::gc
