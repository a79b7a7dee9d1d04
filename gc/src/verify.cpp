// The heap verifier (see Heap::verify in heap.hpp): run after every collection in debug and stress builds.
// It walks the nursery linearly and every old/large object, and checks headers, references and the
// old-to-young invariant: a slot of an old-space chunk object holding a young reference lies in a dirty card,
// or the card of the object's header is dirty (the barrier marks the holder's card);
// for any other old object holding one, the hashed outside-card entry of its header is dirty.
#include <string>
#include <unordered_set>

#include "trellis/gc/heap.hpp"

namespace trellis::gc {

using namespace core::gc_bits;

namespace {

struct Checker final : RootVisitor {
    Heap* heap = nullptr;
    const std::unordered_set<const Object*>* objects = nullptr;
    const Object* holder = nullptr;
    const char* where = "root";

    [[noreturn]] void fail(const std::string& what, const void* p) const {
        char buf[64];
        std::snprintf(buf, sizeof buf, " (%p)", p);
        throw core::Error("gc verify: " + what + buf + " from " + where);
    }
    uint8_t live_mark = 0;  // the heap's mark-bit value of live old objects
    bool in_chunk = false;  // holder lies in an old-space chunk (card-marked) rather than remembered
    bool (*card)(const Heap*, const void*) = nullptr;  // is the card holding this address dirty
    bool (*outside)(Heap*, const Object*) = nullptr;   // is the hashed card of this object outside the chunks dirty

    void check(const Value& slot, bool weak) const {
        const Value v = slot;
        if (!v.is_object()) return;
        const Object* t = v.as_object();
        if (!objects->count(t)) fail("reference to a dead or invalid object", t);
        if ((t->gc & forwarded) || (t->gc & marked) != (heap->is_young(t) ? 0 : live_mark))
            fail("reference to an object with stale GC bits", t);
        if (holder && !weak && !heap->is_young(holder) && heap->is_young(t)) {
            if (in_chunk) {
                if (!card(heap, &slot) && !card(heap, holder))
                    fail("old chunk object holds a young reference but neither its card nor its slot's is dirty",
                         holder);
            } else if (!outside(heap, holder)) {
                fail("old object outside the chunks holds a young reference but its hashed card is clean", holder);
            }
        }
    }
    void visit(Value* begin, Value* end) override {
        for (Value* s = begin; s != end; ++s) check(*s, false);
    }
};

void check_header(const Object* o, Checker& c) {
    if (o->size() < sizeof(Object) || (o->size() & 7) != 0) c.fail("bad object size " + std::to_string(o->size()), o);
    if (static_cast<unsigned>(o->kind) > static_cast<unsigned>(Kind::free_space)) c.fail("bad object kind", o);
}

}  // namespace

void Heap::verify() {
    std::unordered_set<const Object*> objects;
    std::vector<Object*> all;
    Checker c;
    c.heap = this;
    c.live_mark = m_live_mark;
    c.objects = &objects;
    c.card = [](const Heap* h, const void* p) { return *h->card_of(p) != Card::clean; };
    c.outside = [](Heap* h, const Object* o) { return h->outside_card(o) != Card::clean; };
    auto walk = [&](uint8_t* begin, uint8_t* end, const char* space) {
        c.where = space;
        for (uint8_t* p = begin; p < end;) {
            auto* o = reinterpret_cast<Object*>(p);
            check_header(o, c);
            if (o->gc & old) c.fail("young object with the old bit", o);
            objects.insert(o);
            all.push_back(o);
            p += o->size();
        }
    };
    walk(m_from_base, m_from_top, "survivor space");
    walk(m_eden_base, m_eden_top, "eden");
    c.where = "old space";
    for (Object* o : m_old_objects) {
        check_header(o, c);
        if (!(o->gc & old)) c.fail("old-space object without the old bit", o);
        if (is_young(o)) c.fail("old-space object inside the nursery", o);
        objects.insert(o);
        all.push_back(o);
    }
    c.where = "an old-space chunk";
    for (uint8_t* base : m_chunks) {
        for (uint8_t* p = base; p < base + chunk_bytes;) {
            auto* o = reinterpret_cast<Object*>(p);
            check_header(o, c);
            if (!(o->gc & old)) c.fail("chunk object without the old bit", o);
            const size_t off = static_cast<size_t>(p - base);
            for (size_t k = (off + Heap::card_bytes - 1) / Heap::card_bytes; k * Heap::card_bytes < off + o->size() &&
                                                                            k < Heap::cards_per_chunk; ++k) {
                // a card whose first start lies after this object's start cannot be reached by walking back
                const uint8_t s = starts_of(base)[k];
                if (k * Heap::card_bytes > off && s != 0xFF && k * Heap::card_bytes + s * 8u < off + o->size())
                    c.fail("object-start map points inside an object", o);
            }
            if (starts_of(p)[0] * 8u > (off & (Heap::card_bytes - 1)))
                c.fail("object start missing from the start map", o);
            if (o->kind != Kind::free_space) {
                objects.insert(o);
                all.push_back(o);
            }
            p += o->size();
        }
    }
    for (Object* o : all) {
        c.holder = o;
        c.in_chunk = reinterpret_cast<uintptr_t>(o) - w(m_old_base) < w(m_old_size);
        c.where = is_young(o) ? "a young object" : "an old object";
        core::visit_slots(o, [&](Value& v) { c.check(v, false); });
        if (o->kind == Kind::weak_ref) c.check(static_cast<core::WeakRef*>(o)->target, true);
    }
    if (!m_outside_dirty)
        for (const Card& e : m_outside_cards)
            if (e != Card::clean) c.fail("hashed outside card dirty while the heap says none is", &e);
    for (core::WeakRef* w : m_weak_refs)
        if (!objects.count(w) || w->kind != Kind::weak_ref) c.fail("bad weak-reference list entry", w);
    for (auto& f : m_finalizers)
        if (!objects.count(f.object)) c.fail("finalizer attached to a dead object", f.object);
    c.holder = nullptr;
    c.where = "a root";
    visit_roots(c, true);
}

}  // namespace trellis::gc
