// `.=` into growable string buffers (see strbuf.hpp for the ownership invariant).
#include "runtime/strbuf.hpp"

#include <cstring>
#include <string>

namespace trellis::perl {

bool sv_append(gc::Heap& heap, Value& cell, const Value& v) {
    if (sv_append_fast(static_cast<core::Cell*>(cell.as_object()), v)) return true;
    // Texts of non-strings (numbers, undef, references) are formatted first; strings are copied from the heap
    // after the allocation below (which may move them), re-read from the rooted slots.
    std::string head_text, tail_text;
    std::string_view head, tail;
    Value cur = static_cast<core::Cell*>(cell.as_object())->value;
    const bool head_is_str = str_view(cur, head), tail_is_str = str_view(v, tail);
    if (!head_is_str) append_str(head_text, cur), head = head_text;
    if (!tail_is_str) append_str(tail_text, v), tail = tail_text;
    const size_t need = head.size() + tail.size();
    if (need >= UINT32_MAX) return false;
    if (head_is_str && cur.as_object()->class_id == strbuf_owned && cur.as_object()->kind == core::Kind::string &&
        need <= gc::string_capacity(static_cast<core::String*>(cur.as_object()))) {
        gc::string_append(static_cast<core::String*>(cur.as_object()), tail);  // a number's text: no allocation
        return true;
    }
    size_t capacity = need + need / 2 + 16;
    if (capacity >= UINT32_MAX) capacity = UINT32_MAX - 1;
    core::String* buf = gc::new_string_buffer(heap, "", capacity);  // may move cur and v
    auto* c = static_cast<core::Cell*>(cell.as_object());
    if (head_is_str) head = static_cast<core::String*>(c->value.as_object())->view();
    if (tail_is_str) tail = static_cast<core::String*>(v.as_object())->view();
    gc::string_append(buf, head);
    gc::string_append(buf, tail);
    buf->class_id = strbuf_owned;
    heap.store(c, c->value, Value::object(buf));
    return true;
}

}  // namespace trellis::perl
