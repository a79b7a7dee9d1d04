// `.=` into growable string buffers (see strbuf.hpp for the ownership invariant).
#include "runtime/strbuf.hpp"
#include "runtime/fast_alloc.hpp"

#include <cstring>
#include <string>

#include "utf8.hpp"

namespace trellis::perl {

namespace {

/// The text of `v` as characters: a character string's own UTF-8, a byte string upgraded (Latin-1), numbers
/// and undef as their (ASCII) text.
void append_as_chars(std::string& out, Value v) {
    std::string_view sv;
    if (is_utf8(v) && str_view(v, sv)) out += sv;
    else if (str_view(v, sv)) append_latin1_as_utf8(out, sv);
    else append_str(out, v);
}

/// sv_append when either side is a character string: the result is one (perlunicode: the byte side is upgraded).
[[gnu::noinline, gnu::cold]] bool sv_append_utf8(gc::Heap& heap, Value& cell, const Value& v) {
    Value cur = static_cast<core::Cell*>(cell.as_object())->value;
    std::string tail;
    if (is_utf8(cur)) {
        append_as_chars(tail, v);
        auto* cs = static_cast<core::String*>(cur.as_object());
        if (cs->class_id == strbuf_owned_utf8 && size_t(cs->length) + tail.size() <= gc::string_capacity(cs)) {
            gc::string_append(cs, tail);
            return true;
        }
        if (size_t(cs->length) + tail.size() >= UINT32_MAX) return false;
        std::string head(cs->view());
        head += tail;
        tail = std::move(head);
    } else {
        append_as_chars(tail, cur);
        append_as_chars(tail, v);
    }
    if (tail.size() >= UINT32_MAX) return false;
    size_t capacity = tail.size() + tail.size() / 2 + 16;
    if (capacity >= UINT32_MAX) capacity = UINT32_MAX - 1;
    core::String* buf = gc::new_string_buffer(heap, "", capacity);
    gc::string_append(buf, tail);
    buf->class_id = strbuf_owned_utf8;
    auto* c = static_cast<core::Cell*>(cell.as_object());
    heap.store(c, c->value, Value::object(buf));
    return true;
}

/// concat_simple when an operand's class index has the UTF8 bit: a character string makes the result one.
[[gnu::noinline, gnu::cold]] bool concat_utf8(gc::Heap& heap, const Value& a, const Value& b, Value& out) {
    if (!is_utf8(a) && !is_utf8(b)) return false;  // (a string owned by a Cell: the general path)
    std::string_view x, y;
    if ((str_view(a, x) ? x.size() : 0) + (str_view(b, y) ? y.size() : 0) >= UINT32_MAX / 2) return false;
    std::string s;
    append_as_chars(s, a);
    append_as_chars(s, b);
    out = make_str(heap, s, true);
    return true;
}

}  // namespace

bool sv_append(gc::Heap& heap, Value& cell, const Value& v) {
    if (sv_append_fast(static_cast<core::Cell*>(cell.as_object()), v)) return true;
    if (TRELLIS_UNLIKELY(is_utf8(v) || is_utf8(static_cast<core::Cell*>(cell.as_object())->value)))
        return sv_append_utf8(heap, cell, v);
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

namespace {

/// The text of a string or small integer (digits written at the end of `buf`); false for anything else.
/// `flags` gathers a string's class index (its UTF8 bit is tested once by the caller).
TRELLIS_ALWAYS_INLINE bool simple_text(Value v, char (&buf)[24], std::string_view& out, unsigned& flags) {
    if (v.is_small_int()) {
        static constexpr char pairs[] =
            "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
            "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
            "8081828384858687888990919293949596979899";
        const int64_t i = v.as_small_int();
        uint64_t u = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
        char* p = buf + sizeof buf;
        while (u >= 100) {  // two digits per division
            const unsigned d = static_cast<unsigned>(u % 100) * 2;
            u /= 100;
            *--p = pairs[d + 1];
            *--p = pairs[d];
        }
        if (u >= 10) {
            *--p = pairs[u * 2 + 1];
            *--p = pairs[u * 2];
        } else {
            *--p = static_cast<char>('0' + u);
        }
        if (i < 0) *--p = '-';
        out = std::string_view(p, static_cast<size_t>(buf + sizeof buf - p));
        return true;
    }
    if (!str_view(v, out)) return false;
    flags |= v.as_object()->class_id;
    return true;
}

}  // namespace

bool concat_simple(gc::Heap& heap, const Value& a, const Value& b, Value& out) {
    char abuf[24], bbuf[24];
    std::string_view x, y;
    unsigned flags = 0;
    if (!simple_text(a, abuf, x, flags) || !simple_text(b, bbuf, y, flags)) return false;
    // one test of the UTF8 flag for both operands (class indexes of 0x8000 and up: runtime/scalar.hpp)
    if (TRELLIS_UNLIKELY(flags & str_utf8)) return concat_utf8(heap, a, b, out);
    const size_t n = x.size() + y.size();
    if (n >= UINT32_MAX) return false;
    // a String of exactly n bytes allocated once (it may move a and b: their views are taken again)
    core::String* s = fast::alloc_string(heap, n);
    if (!a.is_small_int()) str_view(a, x);
    if (!b.is_small_int()) str_view(b, y);
    fast::fill_string(s, x, y);
    out = Value::object(s);
    return true;
}

}  // namespace trellis::perl
