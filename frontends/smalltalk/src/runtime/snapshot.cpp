/// @file snapshot.cpp
/// Writing and reading the compiled kernel snapshot (format in snapshot.hpp). Reading defines a kernel class in
/// one VM: declare_class() as for source, then each method rebuilt field by field as the compiler made it, its
/// literals allocated in this VM's heap (symbols interned), its send sites and global sites empty, primitives bound
/// by name. The bytes are read-only and shared by every VM of the process (VMs on many threads read them at once).
#include "runtime/snapshot.hpp"

#include <gmp.h>

#include <algorithm>
#include <cstring>

#include "runtime/runtime.hpp"
#include "trellis/gc/handles.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/smalltalk/parser.hpp"

namespace trellis::smalltalk {

namespace {

// Every field of Method is written and read below. A new field must be added to both (and to
// tests/smalltalk/test_snapshot.cpp's comparison); this assertion points here when Method changes size.
static_assert(sizeof(Method) == 248, "Method changed: update the snapshot writer and reader (snapshot.cpp)");

enum LiteralTag : uint8_t { lit_immediate = 0, lit_string = 1, lit_symbol = 2, lit_big = 3, lit_array = 4 };

// ------------------------------------------------------------------------------------------------ writing

void put_v(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}
void put_raw(std::string& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_s(std::string& out, std::string_view s) {
    put_v(out, s.size());
    out.append(s);
}
void put_strings(std::string& out, const std::vector<std::string>& v) {
    put_v(out, v.size());
    for (auto& s : v) put_s(out, s);
}

void put_literal(std::string& out, Value v) {
    if (!v.is_object()) {
        put_v(out, lit_immediate);
        put_raw(out, v.bits());
        return;
    }
    switch (v.as_object()->kind) {
        case core::Kind::string:
            put_v(out, lit_string);
            put_s(out, static_cast<core::String*>(v.as_object())->view());
            return;
        case core::Kind::symbol:
            put_v(out, lit_symbol);
            put_s(out, static_cast<core::String*>(v.as_object())->view());
            return;
        case core::Kind::big_int:
            put_v(out, lit_big);
            put_s(out, integer_to_string(v));
            return;
        case core::Kind::array: {
            auto* a = static_cast<core::Array*>(v.as_object());
            put_v(out, lit_array);
            put_v(out, a->length);
            for (size_t i = 0; i < a->length; ++i) put_literal(out, a->items[i]);
            return;
        }
        default: throw core::Error("snapshot: a literal of an unexpected kind");
    }
}

void put_method(std::string& out, const Method& m) {
    put_s(out, m.selector->view());
    put_v(out, (m.is_block ? 1u : 0u) | (m.owns_context ? 2u : 0u) | (m.prim ? 4u : 0u));
    put_v(out, static_cast<uint8_t>(m.role));
    put_v(out, static_cast<uint8_t>(m.trivial));
    put_v(out, static_cast<uint8_t>(m.inline_prim));
    put_v(out, m.nargs);
    put_v(out, m.nslots);
    put_v(out, m.max_stack);
    put_v(out, m.frame_words);
    put_v(out, m.line);
    put_v(out, m.trivial_index);
    put_raw(out, m.trivial_value.bits());
    if (m.prim) put_s(out, m.holder->name + ">>" + std::string(m.selector->view()));
    put_v(out, m.code.size());
    out.append(reinterpret_cast<const char*>(m.code.data()), m.code.size());
    put_v(out, m.literals.size());
    for (Value v : m.literals) put_literal(out, v);
    put_v(out, m.sends.size());
    for (auto& s : m.sends) {
        put_s(out, s.selector->view());
        put_v(out, s.nargs);
        put_v(out, s.super_send ? 1 : 0);
    }
    put_v(out, m.globals.size());
    for (auto& g : m.globals) put_s(out, g.name->view());
    put_v(out, m.lines.size());
    for (auto& [off, ln] : m.lines) {
        put_v(out, off);
        put_v(out, ln);
    }
    put_v(out, m.blocks.size());
    for (const Method* b : m.blocks) put_method(out, *b);
}

void put_methods(std::string& out, const ClassInfo& c) {
    std::vector<const Method*> ms;
    for (auto& [sel, m] : c.methods) ms.push_back(m);
    std::sort(ms.begin(), ms.end(), [](const Method* a, const Method* b) { return a->selector->view() < b->selector->view(); });
    put_v(out, ms.size());
    std::string record;
    for (const Method* m : ms) {  // each record after its length, so that a loader can skip it (read it lazily)
        record.clear();
        put_method(record, *m);
        put_v(out, record.size());
        out += record;
    }
}

// ------------------------------------------------------------------------------------------------ reading

/// Reads the bytes of one class record; a malformed record (a build bug) is a core::Error, never a crash.
class Reader {
public:
    Reader(const unsigned char* p, size_t n) : m_p(p), m_end(p + n) {}
    uint64_t v() {
        if (m_p < m_end && *m_p < 0x80) return *m_p++;  // most numbers are one byte
        return v_long();
    }
    [[gnu::noinline]] uint64_t v_long() {
        uint64_t r = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            need(1);
            const uint8_t b = *m_p++;
            r |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return r;
        }
        throw core::Error("snapshot: malformed number");
    }
    uint64_t raw() {
        need(8);
        uint64_t r = 0;
        for (int i = 0; i < 8; ++i) r |= uint64_t(m_p[i]) << (8 * i);
        m_p += 8;
        return r;
    }
    std::string_view s() {
        const size_t n = v();
        need(n);
        std::string_view r(reinterpret_cast<const char*>(m_p), n);
        m_p += n;
        return r;
    }
    std::vector<std::string> strings() {
        std::vector<std::string> r(v());
        for (auto& x : r) x = s();
        return r;
    }
    const unsigned char* bytes(size_t n) {
        need(n);
        const unsigned char* r = m_p;
        m_p += n;
        return r;
    }

private:
    void need(size_t n) const {
        if (static_cast<size_t>(m_end - m_p) < n) [[unlikely]] truncated();
    }
    [[noreturn, gnu::noinline, gnu::cold]] static void truncated() {
        throw core::Error("snapshot: truncated class record");
    }
    const unsigned char* m_p;
    const unsigned char* m_end;
};

PrimStatus missing_primitive(Interp& vm, Value*) {
    vm.m_error = "primitive not implemented by Trellis";
    vm.m_error_class = vm.id_error;
    return PrimStatus::signal_error;
}

/// A literal, allocated in vm's heap (may collect: the caller stores it into a rooted slot before allocating again).
Value read_literal(Interp& vm, Reader& r) {
    switch (r.v()) {
        case lit_immediate: return Value::from_bits(r.raw());
        case lit_string: return vm.new_string(r.s());
        case lit_symbol: return vm.symbol_value(r.s());
        case lit_big: {
            const std::string text(r.s());
            mpz_t z;
            if (mpz_init_set_str(z, text.c_str(), 10) != 0) {
                mpz_clear(z);
                throw core::Error("snapshot: malformed integer literal");
            }
            Value v = gc::make_integer(vm.heap, z);
            mpz_clear(z);
            return v;
        }
        case lit_array: {
            gc::HandleScope hs(vm.heap);
            const size_t n = r.v();
            std::vector<gc::Local> items;
            items.reserve(n);
            for (size_t i = 0; i < n; ++i) items.emplace_back(vm.heap, read_literal(vm, r));
            Value arr = vm.new_array(n);
            auto* a = static_cast<core::Array*>(arr.as_object());
            for (size_t i = 0; i < n; ++i) vm.heap.store(a, a->items[i], items[i].get());
            return arr;
        }
        default: throw core::Error("snapshot: malformed literal");
    }
}

Method* read_method(Interp& vm, Reader& r, ClassInfo& holder, const std::string& file) {
    // Adopted first (as the compiler does): the VM's root callback keeps its literals alive while more are made.
    Method* m = vm.adopt(std::make_unique<Method>());
    m->holder = &holder;
    m->file = file;
    m->selector = vm.symbol(r.s());
    const uint64_t flags = r.v();
    m->is_block = flags & 1;
    m->owns_context = flags & 2;
    m->role = static_cast<Method::Role>(r.v());
    m->trivial = static_cast<Method::Trivial>(r.v());
    m->inline_prim = static_cast<Method::Inline>(r.v());
    m->nargs = static_cast<uint16_t>(r.v());
    m->nslots = static_cast<uint16_t>(r.v());
    m->max_stack = static_cast<uint16_t>(r.v());
    m->frame_words = static_cast<uint32_t>(r.v());
    m->line = static_cast<uint32_t>(r.v());
    m->trivial_index = static_cast<uint16_t>(r.v());
    m->trivial_value = Value::from_bits(r.raw());
    if (flags & 4) {
        auto it = vm.primitives.find(std::string(r.s()));
        m->prim = it == vm.primitives.end() ? missing_primitive : it->second;
    }
    const size_t ncode = r.v();
    const unsigned char* code = r.bytes(ncode);
    m->code.assign(code, code + ncode);
    const size_t nlit = r.v();
    m->literals.reserve(nlit);
    for (size_t i = 0; i < nlit; ++i) {
        Value v = read_literal(vm, r);
        m->literals.push_back(v);
    }
    m->sends.resize(r.v());
    for (auto& s : m->sends) {
        s.selector = vm.symbol(r.s());
        s.nargs = static_cast<uint8_t>(r.v());
        s.super_send = r.v() != 0;
    }
    m->globals.resize(r.v());
    for (auto& g : m->globals) g.name = vm.symbol(r.s());
    m->lines.resize(r.v());
    for (auto& [off, ln] : m->lines) {
        off = static_cast<uint32_t>(r.v());
        ln = static_cast<uint32_t>(r.v());
    }
    const size_t nblocks = r.v();
    m->blocks.reserve(nblocks);
    for (size_t i = 0; i < nblocks; ++i) m->blocks.push_back(read_method(vm, r, holder, file));
    return m;
}

/// Notes the method records of one side of a class in c.lazy_methods, reading only their selectors: a method is
/// read (its literals, send sites and symbols made) on its first lookup. `-e '1 printNl'` uses about 20 of the
/// kernel's ~290 methods; reading all of them was ~45% of its instructions and most of its allocations.
void note_methods(Reader& r, ClassInfo& c) {
    const size_t n = r.v();
    c.lazy_methods.reserve(c.lazy_methods.size() + n);
    for (size_t i = 0; i < n; ++i) {
        const size_t size = r.v();
        const unsigned char* record = r.bytes(size);
        Reader peek(record, size);
        c.lazy_methods.push_back({peek.s(), record, static_cast<uint32_t>(size)});
    }
}

/// The source file name of the kernel class `c` (or of its instance side), for traces.
std::string kernel_file(Interp& vm, const ClassInfo& c) {
    return "kernel/" + (c.is_meta ? vm.cls(c.instance_id).name : c.name) + ".som";
}

Method* read_lazy(Interp& vm, ClassInfo& c, size_t index) {
    const ClassInfo::LazyMethod lm = c.lazy_methods[index];
    c.lazy_methods[index] = c.lazy_methods.back();
    c.lazy_methods.pop_back();
    Reader r(lm.record, lm.size);
    Method* m = read_method(vm, r, c, kernel_file(vm, c));
    vm.install_method(c, m);
    return m;
}

const SnapshotClass* find_snapshot_class(std::string_view name) {
    for (size_t i = 0; i < kernel_snapshot_class_count; ++i)
        if (name == kernel_snapshot_classes[i].name) return &kernel_snapshot_classes[i];
    return nullptr;
}

}  // namespace

void write_snapshot_class(Interp& vm, const std::string& name, std::string& out) {
    const KernelSource* src = nullptr;
    for (size_t i = 0; i < kernel_source_count; ++i)
        if (name == kernel_sources[i].name) src = &kernel_sources[i];
    Value co = vm.global(vm.symbol(name));
    if (!src || !vm.is_class_object(co)) throw core::Error("snapshot: no kernel class " + name);
    const ClassDef def = parse_class(src->source, "kernel/" + name + ".som");
    const ClassInfo& c = vm.cls(Interp::id_of_class_object(co));
    const ClassInfo& mc = vm.cls(c.meta_id);
    put_s(out, def.name);
    put_s(out, def.superclass);
    put_strings(out, def.fields);
    put_strings(out, def.class_fields);
    put_strings(out, c.fields);
    put_strings(out, mc.fields);
    put_methods(out, c);
    put_methods(out, mc);
}

Method* materialize_method(Interp& vm, ClassInfo& c, const core::String* selector) noexcept {
    for (size_t i = 0; i < c.lazy_methods.size(); ++i) {
        if (c.lazy_methods[i].selector != selector->view()) continue;
        // Kernel code must be readable whatever the program did with the heap: the limit is lifted for the few
        // literals of one method, and put back.
        const size_t limit = vm.heap.config().max_heap_bytes;
        vm.heap.set_max_heap_bytes(std::max(limit, vm.heap.old_bytes()) + (size_t(1) << 20));
        Method* m = nullptr;
        try {
            m = read_lazy(vm, c, i);
        } catch (const std::exception&) {
            m = nullptr;  // a malformed record: the selector is not understood (and the snapshot test fails)
        }
        vm.heap.set_max_heap_bytes(limit);
        return m;
    }
    return nullptr;
}

void materialize_methods(Interp& vm, ClassInfo& c) {
    while (!c.lazy_methods.empty()) read_lazy(vm, c, c.lazy_methods.size() - 1);
}

uint16_t load_snapshot_class(Interp& vm, const std::string& name) {
    const SnapshotClass* entry = find_snapshot_class(name);
    if (!entry) return 0;
    Reader r(kernel_snapshot_bytes + entry->offset, entry->size);
    const std::string file = "kernel/" + name + ".som";
    const std::string cname(r.s()), superclass(r.s());
    const std::vector<std::string> fields = r.strings(), class_fields = r.strings();
    const std::vector<std::string> all_fields = r.strings(), all_class_fields = r.strings();
    const uint16_t id = vm.declare_class(cname, superclass, fields, class_fields, file, 1);
    ClassInfo& c = vm.cls(id);
    ClassInfo& mc = vm.cls(c.meta_id);
    c.lazy_methods.clear();  // a kernel class defined again: what it had not read yet is replaced below
    mc.lazy_methods.clear();
    if (c.fields == all_fields && mc.fields == all_class_fields) {
        note_methods(r, c);
        note_methods(r, mc);
    } else {
        // The fields the kernel's methods were compiled against moved (a superclass from the class path, or
        // redefined in the REPL): compile this class's methods from its source against the fields it has now.
        for (size_t i = 0; i < kernel_source_count; ++i)
            if (name == kernel_sources[i].name) {
                const ClassDef def = parse_class(kernel_sources[i].source, file);
                for (auto& d : def.methods) vm.install_method(c, vm.compile(d, c, file));
                for (auto& d : def.class_methods) vm.install_method(mc, vm.compile(d, mc, file));
            }
    }
    vm.invalidate_caches();
    return id;
}

}  // namespace trellis::smalltalk
