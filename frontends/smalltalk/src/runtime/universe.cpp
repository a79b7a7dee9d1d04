/// @file universe.cpp
/// The VM's world (runtime.hpp): boot of the kernel classes, classes and metaclasses with their heap objects,
/// globals, class loading from the class path and the built-in kernel library, method lookup and the lookup
/// cache, GC roots, error reports with Smalltalk stack traces, and the entry points (program, doit).
#include <sys/mman.h>
#include <sys/time.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/runtime.hpp"
#include "trellis/gc/handles.hpp"
#include "trellis/gc/objects.hpp"
#include "trellis/smalltalk/parser.hpp"

namespace trellis::smalltalk {

namespace {
gc::HeapConfig heap_config(const VmOptions& o) {
    gc::HeapConfig c = gc::HeapConfig::from_env();
    if (o.max_heap_bytes) c.max_heap_bytes = o.max_heap_bytes;
    if (o.small_heap_start_bytes) c.small_start_bytes = o.small_heap_start_bytes;
    return c;
}
int64_t now_us() {
    timeval tv;
    gettimeofday(&tv, nullptr);
    return int64_t(tv.tv_sec) * 1000000 + tv.tv_usec;
}
}  // namespace

Interp::Interp(VmOptions o)
    : heap(heap_config(o)), stack(o.stack_bytes), table(heap), options(std::move(o)) {
    start_us = now_us();
    heap.add_frame_stack(&stack);
    // The last sixteenth of the frame stack (at most 1 MiB: ~8000 frames) is held back for the handler of a
    // StackOverflow (interpreter.cpp, stack_overflow()).
    stack.set_reserve(std::min<size_t>(stack.capacity() / 16, size_t(1) << 20));
    m_root_id = heap.add_root_callback(visit_roots, this);
    m_classes.resize(1);
    register_primitives(*this);
    boot();
}

Interp::~Interp() {
    if (m_lookup_cache) munmap(m_lookup_cache, lookup_cache_entries * sizeof(LookupEntry));
    heap.remove_root_callback(m_root_id);
    heap.remove_frame_stack(&stack);
}

void Interp::visit_roots(gc::RootVisitor& v, void* self) {
    auto* vm = static_cast<Interp*>(self);
    // the heap scans the frame stack up to its top only: the words above it are stale from now on
    vm->m_clean_top = std::min(vm->m_clean_top, reinterpret_cast<Value*>(vm->stack.top()));
    for (auto& [name, value] : vm->m_globals) v.visit(value);
    for (auto& m : vm->m_methods)
        if (!m->literals.empty()) v.visit(m->literals.data(), m->literals.data() + m->literals.size());
    v.visit(vm->m_result);
    v.visit(vm->m_redirect.value);
    v.visit(vm->m_redirect.exception);
    if (!vm->m_unwind_values.empty())
        v.visit(vm->m_unwind_values.data(), vm->m_unwind_values.data() + vm->m_unwind_values.size());
}

bool Interp::is_class_object(Value v) const noexcept {
    if (!v.is_object() || v.as_object()->kind != core::Kind::instance) return false;
    uint16_t id = v.as_object()->class_id;
    if (id == 0 || id >= m_classes.size()) return false;
    return m_classes[id]->is_meta || id == id_metaclass;
}

const core::String* Interp::symbol(std::string_view text) { return heap.intern(text); }

// Strings and Arrays made here carry their class id (a send's inline-cache compare then needs no kind lookup).
Value Interp::new_string(std::string_view text) {
    core::String* o = gc::new_string(heap, text);
    o->class_id = id_string;
    return Value::object(o);
}

Value Interp::new_array(size_t n) {
    core::Array* a = gc::new_array(heap, n);
    a->class_id = id_array;
    return Value::object(a);
}

Value Interp::global(const core::String* name) const {
    auto it = m_globals.find(name);
    return it == m_globals.end() ? Value::undefined() : it->second;
}

void Interp::set_global(const core::String* name, Value v) { m_globals[name] = v; }

Value* Interp::resolve_global(const core::String* name) {
    auto it = m_globals.find(name);
    if (it != m_globals.end()) return &it->second;
    if (load_class(std::string(name->view())) == 0) return nullptr;
    it = m_globals.find(name);
    return it == m_globals.end() ? nullptr : &it->second;
}

Method* Interp::lookup(uint16_t id, const core::String* selector) noexcept {
    while (id != 0) {
        ClassInfo& c = *m_classes[id];
        auto it = c.methods.find(selector);
        if (it != c.methods.end()) return it->second;
        // a kernel method of the snapshot, read on its first lookup (snapshot.cpp)
        if (!c.lazy_methods.empty()) [[unlikely]]
            if (Method* m = materialize_method(*this, c, selector)) return m;
        id = c.super_id;
    }
    return nullptr;
}

Method* Interp::lookup_cached(uint16_t id, const core::String* selector) noexcept {
    size_t h = ((reinterpret_cast<uintptr_t>(selector) >> 3) ^ (size_t(id) * 0x9E3779B1u)) & (lookup_cache_entries - 1);
    // Mapped on first use, zero pages until touched: an instance that never misses a cache (an embedder's empty
    // instance) never maps its 96 KiB, and a short run (`-e '1 printNl'`) touches a few of its pages instead of
    // zeroing all 24 (the zeroed vector it was cost ~20 page faults and 100k instructions at startup).
    if (m_lookup_cache == nullptr) [[unlikely]] {
        void* p = mmap(nullptr, lookup_cache_entries * sizeof(LookupEntry), PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return lookup(id, selector);  // no cache, still correct
        m_lookup_cache = static_cast<LookupEntry*>(p);  // all-zero bytes: every entry empty
    }
    LookupEntry& e = m_lookup_cache[h];
    if (e.id == id && e.selector == selector) return e.method;
    Method* m = lookup(id, selector);
    e = LookupEntry{id, selector, m};
    m_caches_filled = true;
    return m;
}

void Interp::invalidate_caches() noexcept {
    // Nothing was cached since the last invalidation (booting, loading classes before they run): nothing to do.
    // Without this check loading N classes costs O(N x methods) (every load empties every cache).
    if (!m_caches_filled) return;
    m_caches_filled = false;
    for (auto& m : m_methods)
        for (auto& s : m->sends) {
            s.count = 0;
            s.megamorphic = false;
            for (auto& id : s.ids) id = no_class_id;
        }
    // the kernel zero-fills the pages again when they are next touched
    if (m_lookup_cache) madvise(m_lookup_cache, lookup_cache_entries * sizeof(LookupEntry), MADV_DONTNEED);
}

Method* Interp::adopt(std::unique_ptr<Method> m) {
    m_methods.push_back(std::move(m));
    return m_methods.back().get();
}

uint16_t Interp::new_class(const std::string& name, uint16_t super_id, const std::vector<std::string>& own_fields,
                           const std::vector<std::string>& own_class_fields) {
    auto c = std::make_unique<ClassInfo>();
    auto mc = std::make_unique<ClassInfo>();
    c->id = table.add(Value::nil());
    mc->id = table.add(Value::nil());
    if (c->id == no_class_id || mc->id == no_class_id) throw core::Error("too many classes");
    c->name = name;
    c->super_id = super_id;
    c->meta_id = mc->id;
    if (super_id) {
        c->fields = m_classes[super_id]->fields;
        c->instance_kind = m_classes[super_id]->instance_kind;
    }
    for (auto& f : own_fields) c->fields.push_back(f);
    mc->name = name + " class";
    mc->is_meta = true;
    mc->instance_id = c->id;
    mc->meta_id = id_metaclass;
    mc->super_id = super_id ? m_classes[super_id]->meta_id : id_class;
    if (super_id) mc->fields = m_classes[m_classes[super_id]->meta_id]->fields;
    else mc->fields = {"<id>"};
    for (auto& f : own_class_fields) mc->fields.push_back(f);
    if (m_classes.size() <= mc->id) m_classes.resize(mc->id + 1);
    const uint16_t id = c->id, meta = mc->id;
    m_classes[id] = std::move(c);
    m_classes[meta] = std::move(mc);
    if (id_metaclass) {
        // the class object (an instance of its metaclass) and the metaclass object (an instance of Metaclass)
        core::Instance* co = gc::new_instance(heap, meta, m_classes[meta]->fields.size());
        co->slots[0] = Value::small_int(id);
        table.set(id, Value::object(co));
        core::Instance* mo = gc::new_instance(heap, id_metaclass, m_classes[id_metaclass]->fields.size());
        mo->slots[0] = Value::small_int(meta);
        table.set(meta, Value::object(mo));
        if (id != id_context) set_global(symbol(name), table.get(id));
    }
    return id;
}

void Interp::boot() {
    id_object = new_class("Object", 0, {}, {});
    id_class = new_class("Class", id_object, {"<id>"}, {});
    id_metaclass = new_class("Metaclass", id_class, {}, {});
    // fix-ups the first three needed: Object class inherits from Class; every metaclass is a Metaclass
    for (uint16_t id : {id_object, id_class, id_metaclass}) {
        ClassInfo& mc = *m_classes[m_classes[id]->meta_id];
        mc.meta_id = id_metaclass;
        if (id == id_object) mc.super_id = id_class;
        core::Instance* co = gc::new_instance(heap, mc.id, mc.fields.size());
        co->slots[0] = Value::small_int(id);
        table.set(id, Value::object(co));
        core::Instance* mo = gc::new_instance(heap, id_metaclass, 1);
        mo->slots[0] = Value::small_int(mc.id);
        table.set(mc.id, Value::object(mo));
        set_global(symbol(m_classes[id]->name), table.get(id));
    }
    id_nil = new_class("Nil", id_object, {}, {});
    id_boolean = new_class("Boolean", id_object, {}, {});
    id_true = new_class("True", id_boolean, {}, {});
    id_false = new_class("False", id_boolean, {}, {});
    id_integer = new_class("Integer", id_object, {}, {});
    id_double = new_class("Double", id_object, {}, {});
    id_string = new_class("String", id_object, {}, {});
    id_symbol = new_class("Symbol", id_string, {}, {});
    id_array = new_class("Array", id_object, {}, {});
    id_block = new_class("Block", id_object, {}, {});
    id_block1 = new_class("Block1", id_block, {}, {});
    id_block2 = new_class("Block2", id_block, {}, {});
    id_block3 = new_class("Block3", id_block, {}, {});
    id_system = new_class("System", id_object, {}, {});
    id_method = new_class("Method", id_object, {}, {});
    id_primitive = new_class("Primitive", id_object, {}, {});
    id_context = new_class("CapturedVariables", id_object, {}, {});  // hidden (no global); Context is lib/Context.som
    m_classes[id_array]->instance_kind = core::Kind::array;
    m_classes[id_string]->instance_kind = core::Kind::string;
    m_classes[id_symbol]->instance_kind = core::Kind::symbol;
    m_classes[id_integer]->instance_kind = core::Kind::big_int;
    static_assert((Value::nil_bits & 3) == 0 && (Value::false_bits & 3) == 1 && (Value::true_bits & 3) == 2 &&
                  (Value::undefined_bits & 3) == 3);
    m_special_ids = {id_nil, id_false, id_true, id_false};
    m_kind_ids.fill(id_object);
    for (uint16_t id : {id_array, id_string, id_symbol, id_integer})
        m_kind_ids[static_cast<uint8_t>(m_classes[id]->instance_kind) & (m_kind_ids.size() - 1)] = id;
    set_global(symbol("nil"), Value::nil());
    set_global(symbol("true"), Value::boolean(true));
    set_global(symbol("false"), Value::boolean(false));
    set_global(symbol("system"), Value::object(gc::new_instance(heap, id_system, 0)));
    // The selectors the interpreter (and an embedder calling a Block) sends by itself, interned now: interning
    // allocates in old space, which may be full when they are needed (the signal of an OutOfMemory). Kernel
    // methods are read lazily (snapshot.cpp), so reading them no longer interns these at boot.
    for (const char* s : {"signal", "doesNotUnderstand:arguments:", "unknownGlobal:", "escapedBlock:", "value", "value:",
                          "value:with:"})
        symbol(s);
    for (const char* name : {"Object", "Class", "Metaclass", "Nil", "Boolean", "True", "False", "Integer", "Double",
                             "String", "Symbol", "Array", "Block", "Block1", "Block2", "Block3", "System", "Method",
                             "Primitive"})
        if (load_class(name) == 0) throw core::Error(std::string("kernel class ") + name + " not found");
    // The exception classes (kernel errors are signalled as their instances); the VM reads Exception's first
    // three fields directly.
    id_exception = load_class("Exception");
    id_error = load_class("Error");
    id_zero_divide = load_class("ZeroDivide");
    id_not_understood = load_class("MessageNotUnderstood");
    id_out_of_bounds = load_class("SubscriptOutOfBounds");
    if (!id_exception || !id_error || !id_zero_divide || !id_not_understood || !id_out_of_bounds)
        throw core::Error("kernel exception classes not found");
    const auto& f = m_classes[id_exception]->fields;
    if (f.size() < 3 || f[ex_message_text] != "messageText" || f[ex_handler_frame] != "handlerFrame" ||
        f[ex_signal_frame] != "signalFrame")
        throw core::Error("Exception must start with the fields messageText handlerFrame signalFrame");
}

uint16_t Interp::define_class(const ClassDef& def, const std::string& file) {
    const uint16_t id = declare_class(def.name, def.superclass, def.fields, def.class_fields, file, def.line);
    install_methods(*m_classes[id], def.methods, file);
    install_methods(*m_classes[m_classes[id]->meta_id], def.class_methods, file);
    return id;
}

uint16_t Interp::declare_class(const std::string& name, const std::string& superclass,
                               const std::vector<std::string>& fields, const std::vector<std::string>& class_fields,
                               const std::string& file, uint32_t line) {
    uint16_t super_id = 0;
    if (superclass != "nil") {
        std::string sname = superclass.empty() ? "Object" : superclass;
        Value sc = global(symbol(sname));
        if (!is_class_object(sc)) {
            if (load_class(sname) == 0)
                throw core::Error(file + ":" + std::to_string(line) + ":1: superclass " + sname + " of " + name +
                                  " not found");
            sc = global(symbol(sname));
        }
        if (!is_class_object(sc) || m_classes[sc.as_object()->class_id]->is_meta == false)
            throw core::Error(file + ": superclass " + sname + " is not a class");
        super_id = id_of_class_object(sc);
    }
    Value existing = global(symbol(name));
    if (is_class_object(existing) && m_classes[existing.as_object()->class_id]->is_meta) {
        // a kernel class booted in C++ (or a redefinition): keep its id and add fields (methods follow)
        const uint16_t id = id_of_class_object(existing);
        ClassInfo& c = *m_classes[id];
        for (auto& f : fields) c.fields.push_back(f);
        ClassInfo& mc = *m_classes[c.meta_id];
        for (auto& f : class_fields) mc.fields.push_back(f);
        if (!class_fields.empty()) {
            // the class object grows its class-side fields
            core::Instance* co = gc::new_instance(heap, mc.id, mc.fields.size());
            auto* old = static_cast<core::Instance*>(table.get(id).as_object());
            for (size_t i = 0; i < old->slot_count() && i < co->slot_count(); ++i) co->slots[i] = old->slots[i];
            table.set(id, Value::object(co));
            set_global(symbol(name), Value::object(co));
        }
        return id;
    }
    return new_class(name, super_id, fields, class_fields);
}

void Interp::install_methods(ClassInfo& c, const std::vector<MethodDef>& defs, const std::string& file) {
    if (defs.empty()) return;
    for (auto& d : defs) install_method(c, compile(d, c, file));
    invalidate_caches();
}

void Interp::install_method(ClassInfo& c, Method* m) {
    // the kernel methods the VM knows by role (exception handling, inline Array access)
    if (c.id == id_block && c.id != 0) {
        const std::string_view sel = m->selector->view();
        if (sel == "on:do:") m->role = Method::Role::handler;
        else if (sel == "ensure:") m->role = Method::Role::ensure;
        else if (sel == "ifCurtailed:") m->role = Method::Role::curtailed;
    }
    if (c.id == id_array && c.id != 0 && m->prim) {
        const std::string_view sel = m->selector->view();
        if (sel == "at:") m->inline_prim = Method::Inline::array_at;
        else if (sel == "at:put:") m->inline_prim = Method::Inline::array_at_put;
    }
    // `==` answered by identity at the send site (IDENTICAL) assumes only Object and Integer define it
    if (m->selector->view() == "==" && c.id != id_object && c.id != id_integer) m_identity_overridden = true;
    c.methods[m->selector] = m;
}

uint16_t Interp::load_class(const std::string& name) {
    for (auto& l : m_loading)
        if (l == name) throw core::Error("class " + name + " inherits from itself (cycle while loading)");
    std::string text, file;
    bool found = false;
    for (auto& dir : options.class_path) {
        std::filesystem::path p = std::filesystem::path(dir) / (name + ".som");
        std::ifstream in(p, std::ios::binary);
        if (!in) continue;
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
        file = p.string();
        found = true;
        break;
    }
    if (!found && options.kernel_snapshot) {
        // the built-in kernel, compiled at build time (snapshot.cpp); 0 when the snapshot has no such class
        m_loading.push_back(name);
        uint16_t id;
        try {
            id = load_snapshot_class(*this, name);
        } catch (...) {
            m_loading.pop_back();
            throw;
        }
        m_loading.pop_back();
        if (id) return id;
    }
    if (!found) {
        for (size_t i = 0; i < kernel_source_count; ++i)
            if (name == kernel_sources[i].name) {
                text = kernel_sources[i].source;
                file = "kernel/" + name + ".som";
                found = true;
                break;
            }
    }
    if (!found) return 0;
    ClassDef def = parse_class(text, file);
    if (def.name != name)
        throw core::Error(file + ":" + std::to_string(def.line) + ":1: the file defines class " + def.name +
                          ", expected " + name);
    m_loading.push_back(name);
    uint16_t id;
    try {
        id = define_class(def, file);
    } catch (...) {
        m_loading.pop_back();
        throw;
    }
    m_loading.pop_back();
    return id;
}

// ------------------------------------------------------------------------------------------------ traces

std::string Interp::stack_trace(const Frame* fp, const uint8_t* ip) {
    // Innermost first; a deep stack shows its innermost 20 and outermost 5 frames.
    std::vector<std::string> lines;
    for (const Frame* f = fp; f != nullptr; f = decode_ptr<const Frame>(f->caller)) {
        const Method* m = decode_ptr<const Method>(f->method);
        if (m->selector != nullptr && m->holder != nullptr) {
            size_t pc = ip && ip >= m->code.data() && ip <= m->code.data() + m->code.size()
                            ? static_cast<size_t>(ip - m->code.data())
                            : 0;
            std::string line = "  at " + m->holder->name + ">>" + std::string(m->selector->view());
            if (m->is_block) line += " [block]";
            line += " (" + m->file + ":" + std::to_string(m->line_at(pc)) + ")\n";
            lines.push_back(std::move(line));
        }
        ip = decode_ptr<const uint8_t>(f->ret_ip);
        if (ip) ip -= 1;  // inside the send that made the call
    }
    std::string out;
    const size_t head = 20, tail = 5;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (lines.size() > head + tail + 1 && i == head) {
            out += "  ... " + std::to_string(lines.size() - head - tail) + " more frames\n";
            i = lines.size() - tail - 1;
            continue;
        }
        out += lines[i];
    }
    return out;
}

void Interp::report_error(const std::string& message, const Frame* fp, const uint8_t* ip) {
    std::string trace = stack_trace(fp, ip);
    const ErrorCause cause = m_error_cause;
    m_error_cause = ErrorCause::runtime;
    if (options.report_errors) write_err("Error: " + message + "\n" + trace);
    if (!m_last_error.pending) m_last_error = ErrorReport{true, cause, message, std::move(trace)};
}

void Interp::write_out(std::string_view text) {
    if (options.output) options.output(text, false);
    else std::fwrite(text.data(), 1, text.size(), stdout);
}

void Interp::write_err(std::string_view text) {
    if (options.output) return options.output(text, true);
    std::fflush(stdout);
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

void Interp::flush_out() {
    if (!options.output) std::fflush(stdout);
}

bool Interp::steps_exhausted() {
    if (!m_on_steps_exhausted) {
        m_steps_left = INT64_MAX;
        return true;
    }
    if (m_steps_stopped) return false;
    const uint64_t more = m_on_steps_exhausted();
    if (more == 0) {
        m_steps_stopped = true;
        return false;
    }
    m_steps_left = static_cast<int64_t>(std::min<uint64_t>(more, INT64_MAX)) - 1;  // the step being taken
    return true;
}

// ------------------------------------------------------------------------------------------------ entry points

RunStatus Interp::run_method(Method* m, Value receiver) {
    Frame* f = push_entry_frame(m, receiver, nullptr, 0);
    if (!f) return entry_overflow();
    return execute(f, m->code.data());
}

RunStatus Interp::entry_overflow() {
    m_error_cause = ErrorCause::stack_limit;
    report_error("stack overflow", nullptr, nullptr);
    return RunStatus::error;
}

RunStatus Interp::call_block(Value block, const Frame* outer) {
    m_suspended.push_back(outer);
    const RunStatus st = send(block, symbol("value"), {});
    m_suspended.pop_back();
    return st;
}

RunStatus Interp::send(Value receiver, const core::String* selector, const std::vector<Value>& args) {
    // A trampoline method per argument count (made on first use): PUSH_LOCAL 0..n, SEND 0, RETURN. Its site is
    // reset for each use (an outer use of the same trampoline has already made its send).
    const size_t n = args.size();
    Method* tramp = n < m_trampolines.size() ? m_trampolines[n] : nullptr;
    if (!tramp) {
        auto m = std::make_unique<Method>();
        m->nslots = static_cast<uint16_t>(1 + n);
        m->max_stack = static_cast<uint16_t>(n + 4);
        m->frame_words = activation_words(m->nslots, m->max_stack);
        m->nargs = m->nslots;
        for (size_t i = 0; i <= n; ++i) {
            m->code.push_back(static_cast<uint8_t>(Op::PUSH_LOCAL));
            m->code.push_back(static_cast<uint8_t>(i));
        }
        for (uint8_t b : {uint8_t(Op::SEND), uint8_t(0), uint8_t(0), uint8_t(Op::RETURN)}) m->code.push_back(b);
        m->sends.emplace_back();
        tramp = adopt(std::move(m));
        if (n < m_trampolines.size()) m_trampolines[n] = tramp;
    }
    SendSite& site = tramp->sends[0];
    site = SendSite{};
    site.selector = selector;
    site.nargs = static_cast<uint8_t>(n);
    std::vector<Value> all;
    all.push_back(receiver);
    for (auto& a : args) all.push_back(a);
    Frame* f = push_entry_frame(tramp, Value::nil(), all.data(), all.size());
    if (!f) return entry_overflow();
    return execute(f, tramp->code.data());
}

int Interp::run_program(const std::string& file, const std::vector<std::string>& args) {
    clear_error();
    std::filesystem::path p(file);
    std::string name = p.stem().string();
    std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    bool have = false;
    for (auto& d : options.class_path)
        if (d == dir) have = true;
    if (!have) options.class_path.insert(options.class_path.begin(), dir);
    uint16_t id;
    try {
        id = load_class(name);
    } catch (const core::Error& e) {
        write_err(std::string(e.what()) + "\n");
        return 1;
    }
    if (id == 0) {
        std::string text = "Error: class " + name + " not found (file " + file + ", class path:";
        for (auto& d : options.class_path) text += " " + d;
        write_err(text + ")\n");
        return 1;
    }
    gc::HandleScope hs(heap);
    gc::Local instance(heap, Value::object(gc::new_instance(heap, id, m_classes[id]->fields.size())));
    gc::Local arr(heap, new_array(args.size() + 1));
    for (size_t i = 0; i <= args.size(); ++i) {
        Value s = new_string(i == 0 ? name : args[i - 1]);
        auto* a = arr.as<core::Array>();
        heap.store(a, a->items[i], s);
    }
    RunStatus st;
    if (lookup(id, symbol("run:"))) st = send(instance.get(), symbol("run:"), {arr.get()});
    else st = send(instance.get(), symbol("run"), {});
    flush_out();
    if (st == RunStatus::exit) return m_exit_code;
    return st == RunStatus::done ? 0 : 1;
}

RunStatus Interp::print_result() {
    RunStatus st = send(m_result, symbol("printString"), {});
    if (st == RunStatus::done && core::is_kind(m_result, core::Kind::string)) {
        auto* s = static_cast<core::String*>(m_result.as_object());
        write_out(std::string(s->view()) + "\n");
    }
    return st;
}

RunStatus Interp::run_doit(Method* m, bool print_result) {
    RunStatus st = run_method(m, Value::nil());
    if (st == RunStatus::done && print_result) st = this->print_result();
    flush_out();
    return st;
}

int Interp::evaluate(const std::string& source, bool print_result) {
    clear_error();
    Method* m;
    try {
        MethodDef def = parse_doit(source, "<expression>");
        m = compile(def, *m_classes[id_nil], "<expression>", true);
    } catch (const core::Error& e) {
        write_err(std::string(e.what()) + "\n");
        return 1;
    }
    RunStatus st = run_doit(m, print_result);
    if (st == RunStatus::exit) return m_exit_code;
    return st == RunStatus::done ? 0 : 1;
}

InputOutcome Interp::eval_input(const std::string& text, const std::string& file) {
    InputOutcome out;
    // A class definition starts with `Name =` followed by a superclass name or '('.
    size_t i = 0;
    auto skip = [&] { while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
    auto word = [&] {
        size_t start = i;
        while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) ++i;
        return text.substr(start, i - start);
    };
    skip();
    std::string name = word();
    skip();
    bool is_class = false;
    if (!name.empty() && std::isupper(static_cast<unsigned char>(name[0])) && i < text.size() && text[i] == '=' &&
        (i + 1 >= text.size() || text[i + 1] != '=')) {
        ++i;
        skip();
        if (i < text.size() && text[i] == '(') is_class = true;
        else if (!word().empty()) {
            skip();
            is_class = i < text.size() && text[i] == '(';
        }
    }
    Method* m = nullptr;
    try {
        if (is_class) {
            ClassDef def = parse_class(text, file);
            out.class_name = def.name;
            m_result = class_object(define_class(def, file));
            return out;
        }
        // Statements: declared temporaries become globals (nil when new), so they persist between inputs.
        MethodDef def = parse_doit(text, file);
        for (auto& t : def.locals)
            if (global(symbol(t)).is_undefined()) set_global(symbol(t), Value::nil());
        def.locals.clear();
        m = compile(def, *m_classes[id_nil], file, true);
    } catch (const gc::OutOfMemory& e) {
        m_error_cause = ErrorCause::heap_limit;
        report_error(e.what(), nullptr, nullptr);
        out.status = RunStatus::error;
        return out;
    } catch (const core::Error& e) {
        out.status = RunStatus::error;
        out.syntax_error = e.what();
        return out;
    }
    out.status = run_method(m, Value::nil());
    return out;
}

bool Interp::repl_input(const std::string& text) {
    clear_error();
    InputOutcome r = eval_input(text, "<repl>");
    if (!r.syntax_error.empty()) write_err(r.syntax_error + "\n");
    else if (!r.class_name.empty()) write_out("defined " + r.class_name + "\n");
    else if (r.status == RunStatus::done) r.status = print_result();
    flush_out();
    return r.status != RunStatus::exit;
}

// ------------------------------------------------------------------------------------------------ Vm

Vm::Vm(VmOptions options) : m_interp(std::make_unique<Interp>(std::move(options))) {}
Vm::~Vm() = default;
int Vm::run_program(const std::string& file, const std::vector<std::string>& args) {
    return m_interp->run_program(file, args);
}
int Vm::evaluate(const std::string& source, bool print_result) { return m_interp->evaluate(source, print_result); }
bool Vm::repl_input(const std::string& text) { return m_interp->repl_input(text); }
bool Vm::exited() const noexcept { return m_interp->m_exited; }

}  // namespace trellis::smalltalk
