// Finalization with resurrection (heap.hpp, "Finalization with resurrection"): registration, the ready queue the
// frontend drains, and the queueing of every registered object at program exit in an order the frontend chooses.
// The collections' part (keeping dead registered objects alive and queueing them) is in collect.cpp: the
// scavenger's and the marker's resurrect_finalizable().
#include <algorithm>
#include <unordered_set>

#include "trellis/gc/heap.hpp"

namespace trellis::gc {

using namespace core::gc_bits;

void Heap::register_finalizable(Object* object) {
    if (object->gc & finalizable) return;
    object->gc |= finalizable;
    (is_young(object) ? m_finalizable_young : m_finalizable_old).push_back(object);
}

Value Heap::take_ready() noexcept {
    if (m_ready.empty()) return Value::nil();
    Value v = m_ready.front();
    m_ready.pop_front();
    return v;
}

void Heap::queue_finalizable_from(const Value* order, size_t n) {
    if (finalizable_count() == 0) return;
    // Depth-first from each root in turn, an object before the objects it references (pre-order).
    std::unordered_set<Object*> seen;
    std::vector<Object*> stack;
    for (size_t i = 0; i < n; ++i) {
        if (!order[i].is_object()) continue;
        stack.push_back(order[i].as_object());
        while (!stack.empty()) {
            Object* o = stack.back();
            stack.pop_back();
            if (!seen.insert(o).second) continue;
            if (o->gc & finalizable) {
                o->gc &= static_cast<uint8_t>(~finalizable);
                m_ready.push_back(Value::object(o));
            }
            const size_t mark = stack.size();
            core::visit_slots(o, [&](Value& v) {
                if (v.is_object() && !seen.count(v.as_object())) stack.push_back(v.as_object());
            });
            std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());  // first slot first
        }
    }
    // Queued ones leave the lists.
    for (std::vector<Object*>* list : {&m_finalizable_old, &m_finalizable_young})
        list->erase(std::remove_if(list->begin(), list->end(), [](Object* o) { return !(o->gc & finalizable); }),
                    list->end());
}

void Heap::queue_all_finalizable() {
    // Reachable or not (a dead one is still intact until the next collection), newest first.
    std::vector<Object*> rest;
    rest.reserve(finalizable_count());
    rest.insert(rest.end(), m_finalizable_old.begin(), m_finalizable_old.end());
    rest.insert(rest.end(), m_finalizable_young.begin(), m_finalizable_young.end());
    m_finalizable_old.clear();
    m_finalizable_young.clear();
    for (auto it = rest.rbegin(); it != rest.rend(); ++it) {
        Object* o = *it;
        o->gc &= static_cast<uint8_t>(~finalizable);
        m_ready.push_back(Value::object(o));
    }
}

}  // namespace trellis::gc
