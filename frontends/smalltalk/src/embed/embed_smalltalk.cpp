/// @file embed_smalltalk.cpp
/// The Smalltalk (SOM) adapter of the embedding API (trellis/embed.hpp, docs/embedding.md "Smalltalk"): one Interp
/// per instance, errors reported as values (VmOptions::report_errors off, Interp::m_last_error read after a run),
/// output through the host's OutputFn, the step budget through Interp::m_steps_left and its exhaustion hook.
///  - eval: one input as the REPL takes it (Interp::eval_input): a class definition `Name = Super ( ... )`, or
///    statements answering the last value (`| temps |` declared at the start persist as globals);
///  - call("add"): the global `add` holding a Block (sent value / value: / value:with:); call("Calc add:to:"):
///    the message `add:to:` sent to the value of the global `Calc` (a class is loaded from the class path);
///  - values: nil, true/false, SmallInteger and big Integer (GMP), Double, String (Symbols come out as strings),
///    Array as list, Dictionary as map (read through Dictionary>>keysAndValues, made with at:put:), host objects
///    as HostObject instances with a GC finalizer, anything else as a handle rooted in a slot vector;
///  - host functions: `Host name: arg ...` (the global Host, an instance of lib/HostFunctions.som that
///    understands nothing, so each message reaches the function named by the selector's first keyword).
#include <gmp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <unordered_map>

#include "runtime/runtime.hpp"
#include "trellis/embed/language.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::smalltalk {

namespace embed = trellis::embed;

namespace {

/// Nesting beyond which containers come back as handles (cycles, very deep structures).
constexpr int k_max_copy_depth = 64;
/// API entries nested through host functions (each one native recursion): beyond, a stack_limit error.
constexpr int k_max_nesting = 100;
/// Frame-stack bytes per unit of Limits::stack_depth: the frame of a small method (8 header words and 8 slots).
constexpr size_t k_bytes_per_depth = 128;
/// Limits::stack_depth when the host gives none.
constexpr uint32_t k_default_depth = 10000;

struct HostBox {
    std::shared_ptr<embed::HostObject> object;
};

void release_host_box(void* p) { delete static_cast<HostBox*>(p); }

/// Handle slots: Values the heap scans as roots (the adapter's root callback), reused after release.
class Handles final : public embed::HandleTable {
public:
    uint32_t add(Value v) {
        if (!m_free.empty()) {
            const uint32_t slot = m_free.back();
            m_free.pop_back();
            m_slots[slot] = v;
            return slot;
        }
        m_slots.push_back(v);
        return static_cast<uint32_t>(m_slots.size() - 1);
    }
    Value get(uint32_t slot) const { return slot < m_slots.size() ? m_slots[slot] : Value::nil(); }
    void release(uint32_t slot) noexcept override {
        if (slot >= m_slots.size()) return;
        m_slots[slot] = Value::nil();
        m_free.push_back(slot);
    }
    std::vector<Value>& slots() noexcept { return m_slots; }

private:
    std::vector<Value> m_slots;
    std::vector<uint32_t> m_free;
};

/// The argument count a selector takes: keywords count their colons, binary selectors take one.
size_t selector_arity(std::string_view s) {
    if (s.empty()) return 0;
    if (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') return static_cast<size_t>(std::count(s.begin(), s.end(), ':'));
    return 1;
}

class SmalltalkInstance final : public embed::Instance {
public:
    SmalltalkInstance(embed::Config config) : Instance(std::move(config)) {
        const embed::Limits& l = m_config.limits;
        VmOptions o;
        o.report_errors = false;  // errors come back as values
        if (m_config.output) o.output = m_config.output;
        if (l.heap_bytes) o.max_heap_bytes = l.heap_bytes;
        o.stack_bytes = size_t(l.stack_depth ? l.stack_depth : k_default_depth) * k_bytes_per_depth;
        // An empty instance on 4 KiB pages rather than a 2 MiB huge page (gc::HeapConfig::small_start_bytes).
        o.small_heap_start_bytes = size_t(256) << 10;
        m_vm = std::make_unique<Interp>(std::move(o));
        m_root_id = m_vm->heap.add_root_callback(visit_roots, this);
        m_handles = std::make_shared<Handles>();
        if (l.steps) {
            m_vm->m_on_steps_exhausted = [this]() -> uint64_t {
                if (!m_config.limits.interrupt) return 0;
                const uint64_t more = m_config.limits.interrupt(*this, m_granted);
                m_granted += more;
                return more;
            };
        }
        // Loaded now, while there is room: the heap limit is then signalled as an OutOfMemory (heap_limit), not
        // as the plain Error of a VM that could no longer load the class.
        m_vm->load_class("OutOfMemory");
        m_vm->m_host_call = host_call_entry;
        m_vm->m_host_data = this;
    }

    ~SmalltalkInstance() override {
        m_handles.reset();
        m_vm->heap.remove_root_callback(m_root_id);
        m_vm.reset();  // the heap runs the host objects' finalizers
    }

    std::string_view language() const noexcept override { return "smalltalk"; }

    embed::Result eval(std::string_view source, std::string_view name) override {
        return guarded([&] {
            InputOutcome o = m_vm->eval_input(std::string(source), std::string(name));
            if (!o.syntax_error.empty()) return syntax_failure(o.syntax_error, name);
            return outcome(o.status);
        });
    }

    embed::Result call(std::string_view function, std::span<const embed::Value> args) override {
        return guarded([&]() -> embed::Result {
            const size_t space = function.find(' ');
            if (space != std::string_view::npos) {
                // "Receiver selector": the message sent to the value of a global
                std::string_view receiver = function.substr(0, space), selector = function.substr(space + 1);
                while (!selector.empty() && selector.front() == ' ') selector.remove_prefix(1);
                if (selector_arity(selector) != args.size())
                    return usage("#" + std::string(selector) + " takes " + std::to_string(selector_arity(selector)) +
                                 " arguments, not " + std::to_string(args.size()));
                const core::String* sel = m_vm->symbol(selector);
                Value* slot = m_vm->resolve_global(m_vm->symbol(receiver));
                if (!slot) return usage("no global '" + std::string(receiver) + "'");
                return send_with(*slot, sel, args);
            }
            Value* slot = m_vm->resolve_global(m_vm->symbol(function));
            if (!slot) return usage("no global '" + std::string(function) + "'");
            return call_block(*slot, std::string(function), args);
        });
    }

    embed::Result call_value(const embed::Value& function, std::span<const embed::Value> args) override {
        if (function.type() != embed::Type::handle) return usage("not a Block handle");
        return guarded([&]() -> embed::Result {
            Value f;
            if (embed::Result r = from_handle(function.as_handle(), f); !r) return r;
            return call_block(f, function.as_handle().type_name(), args);
        });
    }

    embed::Result define(std::string_view name, embed::HostFunction fn) override {
        if (!fn) return usage("host function is empty");
        if (name.empty() || name.find(':') != std::string_view::npos) return usage("a host function name is one keyword without ':'");
        return guarded([&]() -> embed::Result {
            const core::String* host = m_vm->symbol("Host");
            if (m_vm->global(host).is_undefined()) {
                const uint16_t id = m_vm->load_class("HostFunctions");
                if (id == 0) return usage("the kernel class HostFunctions is missing");
                m_vm->set_global(host, Value::object(gc::new_instance(m_vm->heap, id, 0)));
            }
            m_functions[std::string(name)] = std::move(fn);
            return embed::Result();
        });
    }

    embed::Result set_global(std::string_view name, const embed::Value& value) override {
        return guarded([&]() -> embed::Result {
            const core::String* sym = m_vm->symbol(name);
            const size_t mark = m_scratch.size();
            if (embed::Result r = to_st(value); !r) return m_scratch.resize(mark), r;
            m_vm->set_global(sym, m_scratch.back());
            m_scratch.resize(mark);
            return embed::Result();
        });
    }

    embed::Result get_global(std::string_view name) override {
        return guarded([&]() -> embed::Result {
            Value* slot = m_vm->resolve_global(m_vm->symbol(name));
            if (!slot) return usage("no global '" + std::string(name) + "'");
            return to_host_rooted(*slot);
        });
    }

private:
    static embed::Result usage(std::string message) {
        return embed::Result::failure(embed::ErrorKind::usage, std::move(message));
    }

    static void visit_roots(gc::RootVisitor& v, void* self) {
        auto* inst = static_cast<SmalltalkInstance*>(self);
        if (inst->m_handles && !inst->m_handles->slots().empty())
            v.visit(inst->m_handles->slots().data(), inst->m_handles->slots().data() + inst->m_handles->slots().size());
        if (!inst->m_scratch.empty()) v.visit(inst->m_scratch.data(), inst->m_scratch.data() + inst->m_scratch.size());
    }

    /// Runs `f` as an API entry: at the top level the step budget is reset; the error of a nested entry (a host
    /// function calling back) does not leak into the enclosing run's; every C++ exception becomes a Result.
    template <typename F>
    embed::Result guarded(F&& f) {
        if (m_entered >= k_max_nesting)
            return embed::Result::failure(embed::ErrorKind::stack_limit, "host functions and API calls nested too deeply");
        const bool top = m_entered++ == 0;
        if (top) {
            m_granted = m_config.limits.steps;
            m_vm->m_steps_left = m_config.limits.steps ? static_cast<int64_t>(std::min<uint64_t>(m_config.limits.steps, INT64_MAX)) : INT64_MAX;
            m_vm->m_steps_stopped = false;
            m_host_error.clear();
        }
        ErrorReport saved = std::move(m_vm->m_last_error);
        m_vm->clear_error();
        const size_t mark = m_scratch.size();
        embed::Result result;
        try {
            result = f();
        } catch (const gc::OutOfMemory& e) {
            result = embed::Result::failure(embed::ErrorKind::heap_limit, e.what());
        } catch (const std::bad_alloc&) {
            result = embed::Result::failure(embed::ErrorKind::heap_limit, "out of memory");
        } catch (const std::exception& e) {
            result = embed::Result::failure(embed::ErrorKind::runtime, e.what());
        }
        m_scratch.resize(mark);
        m_vm->m_last_error = std::move(saved);
        --m_entered;
        // What the failed run held is garbage now: collect it, so the heap limit does not outlast the error.
        if (!result.ok() && top && result.error().kind == embed::ErrorKind::heap_limit) m_vm->heap.collect_major();
        return result;
    }

    static embed::Result syntax_failure(const std::string& message, std::string_view name) {
        // "FILE:LINE:COLUMN: text": the position becomes the trace line
        std::string trace;
        if (message.rfind(std::string(name) + ":", 0) == 0) {
            const size_t end = message.find(": ", name.size());
            if (end != std::string::npos) trace = "  at " + message.substr(0, end) + "\n";
        }
        return embed::Result::failure(embed::ErrorKind::syntax, message, trace);
    }

    /// The Result of a run that ended with `status` (the value in Interp::m_result).
    embed::Result outcome(RunStatus status) {
        if (status == RunStatus::done) return to_host_rooted(m_vm->m_result);
        if (status == RunStatus::exit)
            return embed::Result::failure(embed::ErrorKind::runtime, "system exit: " + std::to_string(m_vm->m_exit_code));
        const ErrorReport& e = m_vm->m_last_error;
        if (!e.pending) return embed::Result::failure(embed::ErrorKind::runtime, "the run failed");
        embed::ErrorKind kind = embed::ErrorKind::runtime;
        switch (e.cause) {
            case ErrorCause::step_limit: kind = embed::ErrorKind::step_limit; break;
            case ErrorCause::stack_limit: kind = embed::ErrorKind::stack_limit; break;
            case ErrorCause::heap_limit: kind = embed::ErrorKind::heap_limit; break;
            case ErrorCause::runtime:
                if (!m_host_error.empty() && e.message == m_host_error) kind = embed::ErrorKind::host;
                break;
        }
        return embed::Result::failure(kind, e.message, e.trace);
    }

    /// Sends `selector` to `receiver` with the converted `args`.
    embed::Result send_with(Value receiver, const core::String* selector, std::span<const embed::Value> args) {
        const size_t mark = m_scratch.size();
        m_scratch.push_back(receiver);
        for (const embed::Value& a : args)
            if (embed::Result r = to_st(a); !r) return r;
        std::vector<Value> values(m_scratch.begin() + static_cast<std::ptrdiff_t>(mark) + 1, m_scratch.end());
        const RunStatus st = m_vm->send(m_scratch[mark], selector, values);
        m_scratch.resize(mark);
        return outcome(st);
    }

    /// Evaluates a Block with `args` (value, value:, value:with:).
    embed::Result call_block(Value block, const std::string& what, std::span<const embed::Value> args) {
        if (!core::is_kind(block, core::Kind::closure) || m_vm->class_id_of(block) < m_vm->id_block1 ||
            m_vm->class_id_of(block) > m_vm->id_block3)
            return usage("'" + what + "' is not a Block (call \"Receiver selector\" to send a message)");
        const unsigned n = decode_ptr<Method>(static_cast<core::Closure*>(block.as_object())->function)->nargs;
        if (n != args.size())
            return usage("the Block '" + what + "' takes " + std::to_string(n) + " arguments, not " + std::to_string(args.size()));
        if (n > 2) return usage("Blocks of more than 2 arguments cannot be called (SOM has no value:with:with:)");
        static constexpr const char* selectors[] = {"value", "value:", "value:with:"};
        const size_t mark = m_scratch.size();
        m_scratch.push_back(block);
        const core::String* sel = m_vm->symbol(selectors[n]);  // may collect: the block is in the scratch roots
        block = m_scratch[mark];
        m_scratch.resize(mark);
        return send_with(block, sel, args);
    }

    embed::Result from_handle(const embed::Handle& h, Value& out) {
        if (h.owner() != id()) return usage("the handle belongs to another instance");
        out = m_handles->get(h.slot());
        return {};
    }

    /// Converts `v` after rooting it (a conversion may run Smalltalk code: Dictionary>>keysAndValues).
    embed::Result to_host_rooted(Value v) {
        const size_t mark = m_scratch.size();
        m_scratch.push_back(v);
        embed::Result r = to_host(mark, 0);
        m_scratch.resize(mark);
        return r;
    }

    /// True if `v` is an instance of the kernel Dictionary or a subclass (only once the class was loaded).
    bool is_dictionary(Value v) {
        if (!core::is_kind(v, core::Kind::instance)) return false;
        if (m_dictionary_id == 0) {
            Value d = m_vm->global(m_vm->symbol("Dictionary"));
            if (!m_vm->is_class_object(d)) return false;
            m_dictionary_id = Interp::id_of_class_object(d);
        }
        for (uint16_t id = m_vm->class_id_of(v); id != 0; id = m_vm->cls(id).super_id)
            if (id == m_dictionary_id) return true;
        return false;
    }

    /// Smalltalk value in m_scratch[at] -> host value.
    embed::Result to_host(size_t at, int depth) {
        Value v = m_scratch[at];
        if (v.is_small_int()) return embed::Value::integer(v.as_small_int());
        if (v.is_double()) return embed::Value::real(v.as_double());
        if (v.is_nil() || v.is_undefined()) return embed::Value();
        if (v.is_true() || v.is_false()) return embed::Value::boolean(v.is_true());
        core::Object* o = v.as_object();
        switch (o->kind) {
            case core::Kind::big_int: {
                mpz_t z;
                mpz_init(z);
                gc::integer_to_mpz(v, z);
                std::unique_ptr<char, void (*)(void*)> text(mpz_get_str(nullptr, 10, z), std::free);
                mpz_clear(z);
                return embed::Value::big(text.get());
            }
            case core::Kind::string:
            case core::Kind::symbol: return embed::Value::string(std::string(static_cast<core::String*>(o)->view()));
            case core::Kind::array:
                if (depth < k_max_copy_depth) {
                    embed::Value::List items;
                    const uint64_t n = static_cast<core::Array*>(o)->length;
                    for (uint64_t i = 0; i < n; ++i) {
                        // re-read: converting an element may run Smalltalk code, which may move the Array
                        auto* a = static_cast<core::Array*>(m_scratch[at].as_object());
                        if (i >= a->length) break;
                        m_scratch.push_back(a->items[i]);
                        embed::Result r = to_host(m_scratch.size() - 1, depth + 1);
                        m_scratch.pop_back();
                        if (!r) return r;
                        items.push_back(std::move(r.value()));
                    }
                    return embed::Value::list(std::move(items));
                }
                break;
            case core::Kind::instance:
                if (o->class_id == m_host_class && m_host_class != 0) {
                    Value box = static_cast<core::Instance*>(o)->slots[0];
                    if (box.is_small_int()) return embed::Value::host(decode_ptr<HostBox>(box)->object);
                    return embed::Value();  // a HostObject made by Smalltalk code holds nothing
                }
                if (depth < k_max_copy_depth && is_dictionary(v)) {
                    const core::String* sel = m_vm->symbol("keysAndValues");  // may collect: re-read v
                    const RunStatus st = m_vm->send(m_scratch[at], sel, {});
                    if (st != RunStatus::done) return outcome(st);
                    if (!core::is_kind(m_vm->m_result, core::Kind::array))
                        return embed::Result::failure(embed::ErrorKind::runtime, "Dictionary>>keysAndValues did not answer an Array");
                    m_scratch.push_back(m_vm->m_result);
                    const size_t flat = m_scratch.size() - 1;
                    embed::Value::Map entries;
                    const uint64_t n = static_cast<core::Array*>(m_scratch[flat].as_object())->length;
                    for (uint64_t i = 0; i + 1 < n; i += 2) {
                        embed::Value key, val;
                        for (int k = 0; k < 2; ++k) {
                            m_scratch.push_back(static_cast<core::Array*>(m_scratch[flat].as_object())->items[i + k]);
                            embed::Result r = to_host(m_scratch.size() - 1, depth + 1);
                            m_scratch.pop_back();
                            if (!r) return r;
                            (k == 0 ? key : val) = std::move(r.value());
                        }
                        entries.emplace_back(std::move(key), std::move(val));
                    }
                    m_scratch.pop_back();
                    return embed::Value::map(std::move(entries));
                }
                break;
            default: break;
        }
        // every other object (and containers nested too deeply): a handle
        uint32_t slot = m_handles->add(v);
        return embed::Value::handle(embed::Handle(m_handles, id(), slot, m_vm->cls(m_vm->class_id_of(v)).name));
    }

    /// Host value -> Smalltalk value, pushed on m_scratch (rooted) on success.
    embed::Result to_st(const embed::Value& v) {
        gc::Heap& heap = m_vm->heap;
        switch (v.type()) {
            case embed::Type::nil: m_scratch.push_back(Value::nil()); return {};
            case embed::Type::boolean: m_scratch.push_back(Value::boolean(v.as_bool())); return {};
            case embed::Type::integer: m_scratch.push_back(gc::make_integer(heap, v.as_int())); return {};
            case embed::Type::big_integer: {
                mpz_t z;
                mpz_init_set_str(z, v.big_decimal().c_str(), 10);
                try {
                    m_scratch.push_back(gc::make_integer(heap, z));
                } catch (...) {
                    mpz_clear(z);
                    throw;
                }
                mpz_clear(z);
                return {};
            }
            case embed::Type::real: m_scratch.push_back(Value::from_double(v.as_double())); return {};
            case embed::Type::string: m_scratch.push_back(m_vm->new_string(v.as_string())); return {};
            case embed::Type::list: {
                const size_t at = m_scratch.size();
                m_scratch.push_back(m_vm->new_array(v.as_list().size()));
                for (size_t i = 0; i < v.as_list().size(); ++i) {
                    if (embed::Result r = to_st(v.as_list()[i]); !r) return m_scratch.resize(at), r;
                    auto* a = static_cast<core::Array*>(m_scratch[at].as_object());
                    heap.store(a, a->items[i], m_scratch.back());
                    m_scratch.pop_back();
                }
                return {};
            }
            case embed::Type::map: {
                const size_t at = m_scratch.size();
                Value* cls = m_vm->resolve_global(m_vm->symbol("Dictionary"));
                if (!cls) return usage("the kernel class Dictionary is missing");
                const core::String* new_sel = m_vm->symbol("new");
                const core::String* at_put = m_vm->symbol("at:put:");
                if (RunStatus st = m_vm->send(*cls, new_sel, {}); st != RunStatus::done) return outcome(st);
                m_scratch.push_back(m_vm->m_result);
                for (const auto& [key, val] : v.as_map()) {
                    if (embed::Result r = to_st(key); !r) return m_scratch.resize(at), r;
                    if (embed::Result r = to_st(val); !r) return m_scratch.resize(at), r;
                    const RunStatus st = m_vm->send(m_scratch[at], at_put, {m_scratch[at + 1], m_scratch[at + 2]});
                    m_scratch.resize(at + 1);
                    if (st != RunStatus::done) return m_scratch.resize(at), outcome(st);
                }
                return {};
            }
            case embed::Type::host_object: {
                if (m_host_class == 0) {
                    m_host_class = m_vm->load_class("HostObject");
                    if (m_host_class == 0) return usage("the kernel class HostObject is missing");
                }
                core::Instance* obj = gc::new_instance(heap, m_host_class, m_vm->cls(m_host_class).fields.size());
                auto* box = new HostBox{v.host_object()};
                obj->slots[0] = encode_ptr(box);
                heap.add_finalizer(obj, release_host_box, box);
                m_scratch.push_back(Value::object(obj));
                return {};
            }
            case embed::Type::handle: {
                Value out;
                if (embed::Result r = from_handle(v.as_handle(), out); !r) return r;
                m_scratch.push_back(out);
                return {};
            }
        }
        return usage("unknown value type");
    }

    /// HostFunctions>>doesNotUnderstand:arguments: (Interp::m_host_call): base[1] the selector, base[2] the
    /// arguments. Answers like a primitive: the result in base[0], or an Error signalled at the send.
    static PrimStatus host_call_entry(Interp& vm, Value* base) {
        auto* self = static_cast<SmalltalkInstance*>(vm.m_host_data);
        std::string_view selector = static_cast<core::String*>(base[1].as_object())->view();
        const std::string name(selector.substr(0, selector.find(':')));
        auto signal = [&](std::string message) {
            vm.m_error = std::move(message);
            vm.m_error_class = vm.id_error;
            return PrimStatus::signal_error;
        };
        auto it = self->m_functions.find(name);
        if (it == self->m_functions.end()) return signal("no host function '" + name + "' (Host " + std::string(selector) + ")");
        std::vector<embed::Value> args;
        const size_t mark = self->m_scratch.size();
        if (core::is_kind(base[2], core::Kind::array)) {
            const uint64_t n = static_cast<core::Array*>(base[2].as_object())->length;
            for (uint64_t i = 0; i < n; ++i) {
                self->m_scratch.push_back(static_cast<core::Array*>(base[2].as_object())->items[i]);
                embed::Result r = self->to_host(mark, 0);
                self->m_scratch.resize(mark);
                if (!r) return signal(r.error().message);
                args.push_back(std::move(r.value()));
            }
        }
        embed::HostFunction fn = it->second;  // a copy: the function may redefine itself
        embed::Result r;
        try {
            r = fn(*self, args);
        } catch (const std::exception& e) {
            r = embed::Result::failure(embed::ErrorKind::host, e.what());
        }
        if (!r) {
            self->m_host_error = r.error().message;
            return signal(r.error().message);
        }
        if (embed::Result c = self->to_st(r.value()); !c) return self->m_scratch.resize(mark), signal(c.error().message);
        base[0] = self->m_scratch.back();
        self->m_scratch.resize(mark);
        return PrimStatus::ok;
    }

    std::unique_ptr<Interp> m_vm;
    size_t m_root_id = 0;
    std::shared_ptr<Handles> m_handles;
    std::vector<Value> m_scratch;  ///< values being converted (GC roots), used as a stack
    std::unordered_map<std::string, embed::HostFunction> m_functions;
    std::string m_host_error;    ///< message of the last failed host function (classifies an uncaught one)
    uint64_t m_granted = 0;      ///< steps allowed so far in this top-level call (budget + extensions)
    int m_entered = 0;           ///< nesting of API entries (host functions may call back)
    uint16_t m_host_class = 0;   ///< HostObject, once loaded
    uint16_t m_dictionary_id = 0;
};

std::unique_ptr<embed::Instance> create(embed::Config config, embed::Error& error) {
    try {
        return std::make_unique<SmalltalkInstance>(std::move(config));
    } catch (const std::exception& e) {
        error = embed::Error{embed::ErrorKind::usage, std::string("cannot create a Smalltalk instance: ") + e.what(), {}};
        return nullptr;
    }
}

}  // namespace

/// The Smalltalk entry of the umbrella library's language table (embed/language.hpp).
const embed::Language& embed_language() {
    static const embed::Language language{"smalltalk", create};
    return language;
}

}  // namespace trellis::smalltalk
