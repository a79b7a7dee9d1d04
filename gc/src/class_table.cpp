// The class table (class_table.hpp): class ids of object headers mapped to class Values, rooted in the heap.
#include "trellis/gc/class_table.hpp"

#include <string>

namespace trellis::gc {

ClassTable::ClassTable(Heap& heap) : m_heap(heap), m_classes{Value::nil()} {
    m_root_id = heap.add_root_callback(
        [](RootVisitor& v, void* self) {
            auto& classes = static_cast<ClassTable*>(self)->m_classes;
            v.visit(classes.data(), classes.data() + classes.size());
        },
        this);
}

ClassTable::~ClassTable() { m_heap.remove_root_callback(m_root_id); }

uint16_t ClassTable::add(Value cls) {
    if (m_classes.size() > max_id)
        throw core::Error("class table full: " + std::to_string(max_id) + " classes (the object header's class index is 16 bits)");
    m_classes.push_back(cls);
    return static_cast<uint16_t>(m_classes.size() - 1);
}

void ClassTable::set(uint16_t id, Value cls) {
    if (id == 0 || id >= m_classes.size())
        throw core::Error("class table: id " + std::to_string(id) + " was not given out");
    m_classes[id] = cls;
}

}  // namespace trellis::gc
