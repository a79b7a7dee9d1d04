/// @file embed_zexus.cpp
/// The Zexus adapter of the embedding API (trellis/embed.hpp): one Evaluator per instance, values converted at
/// the boundary (data copied; functions, records and other objects as handles rooted in a List the heap scans;
/// host objects as instances of a private class whose GC finalizer drops the host's reference), host functions
/// as builtins with indices from host_function_base (RunOptions::host_call), limits through RunOptions
/// (max_iterations + count_calls + on_iteration_limit = the step budget, max_heap_bytes, max_depth).
/// Reaches the evaluator's private state through EvalAccess, the friend eval_impl.hpp declares for this purpose.
#include <gmp.h>

#include <deque>
#include <memory>
#include <unordered_map>

#include "eval/eval_impl.hpp"
#include "trellis/embed/language.hpp"
#include "trellis/zexus/diagnostics.hpp"
#include "trellis/zexus/parser.hpp"

namespace trellis::zexus {

namespace embed = trellis::embed;

/// The evaluator state the adapter needs beyond the public Evaluator interface.
struct EvalAccess {
    static Value lookup(Evaluator& ev, std::string_view name, bool& found) {
        Value saved = ev.m_env;
        ev.m_env = ev.m_globals;  // globals, also when a host function (inside a call) asks
        Value v = ev.lookup(name, found);
        ev.m_env = saved;
        return v;
    }
    static void define_global(Evaluator& ev, std::string_view name, Value v) {
        Value* base = ev.sp();
        ev.push(v);
        ev.push(ev.m_env);
        ev.m_env = ev.m_globals;
        ev.define(name, base[0], false);
        ev.m_env = base[1];
        ev.set_sp(base);
    }
    static uint64_t& iterations(Evaluator& ev) { return ev.m_iterations; }
    static void enter(Evaluator& ev) { ev.compute_native_limit(); }
    /// Back to the top level after an error escaped a top-level call.
    static void reset(Evaluator& ev, Value* sp) {
        for (Value* p = sp; p < ev.m_limit; ++p) *p = Value::nil();  // stale slots above sp are still GC roots
        ev.set_sp(sp);
        ev.m_env = ev.m_globals;
        ev.m_depth = 0;
        ev.m_ret = Value::nil();
    }
};

namespace {

/// Class index of host objects (outside ZClass; Zexus shows them as "Object").
constexpr uint16_t k_host_class = 60;
/// Nesting beyond which containers come back as handles (cycles).
constexpr int k_max_copy_depth = 64;

struct HostBox {
    std::shared_ptr<embed::HostObject> object;
};

void release_host_box(void* p) { delete static_cast<HostBox*>(p); }

/// Forwards print/error text to the host's OutputFn (or stdout/stderr).
class HostOutput final : public Output {
public:
    explicit HostOutput(embed::OutputFn fn) : m_fn(std::move(fn)) {}
    void write_out(std::string_view text) override { m_fn ? m_fn(text, false) : Output::write_out(text); }
    void write_err(std::string_view text) override { m_fn ? m_fn(text, true) : Output::write_err(text); }
    void flush() override {
        if (!m_fn) Output::flush();
    }

private:
    embed::OutputFn m_fn;
};

/// Slots of a List rooted in the heap: the handles given to the host.
class Handles final : public embed::HandleTable {
public:
    Handles(Evaluator& ev) : m_ev(ev) {
        m_list = Value::object(gc::new_list(ev.heap(), 8));
        ev.heap().add_root(&m_list);
    }
    ~Handles() override { m_ev.heap().remove_root(&m_list); }
    uint32_t add(Value v) {  // v must be rooted by the caller
        auto* l = static_cast<core::List*>(m_list.as_object());
        if (!m_free.empty()) {
            uint32_t slot = m_free.back();
            m_free.pop_back();
            gc::list_set(m_ev.heap(), l, slot, v);
            return slot;
        }
        Value* base = m_ev.sp();
        m_ev.push(v);
        gc::list_push(m_ev.heap(), m_list, base[0]);
        m_ev.set_sp(base);
        return static_cast<uint32_t>(static_cast<core::List*>(m_list.as_object())->length - 1);
    }
    Value get(uint32_t slot) const { return gc::list_get(static_cast<core::List*>(m_list.as_object()), slot); }
    void release(uint32_t slot) noexcept override {
        gc::list_set(m_ev.heap(), static_cast<core::List*>(m_list.as_object()), slot, Value::nil());
        m_free.push_back(slot);
    }

private:
    Evaluator& m_ev;
    Value m_list;
    std::vector<uint32_t> m_free;
};

class ZexusInstance final : public embed::Instance {
public:
    ZexusInstance(embed::Config config) : Instance(std::move(config)), m_output(m_config.output) {
        RunOptions options;
        const embed::Limits& l = m_config.limits;
        if (l.heap_bytes) options.max_heap_bytes = l.heap_bytes;
        // A host keeps many instances: eden's first 256 KiB on 4 KiB pages make an empty one cost ~100 KiB
        // resident instead of a 2 MiB huge page (gc::HeapConfig::small_start_bytes, docs/embedding.md).
        options.small_heap_start_bytes = size_t(256) << 10;
        if (l.stack_depth) options.max_depth = static_cast<int>(l.stack_depth);
        if (l.steps) {
            options.max_iterations = l.steps;
            options.count_calls = true;
            options.on_iteration_limit = [this]() -> uint64_t {
                if (!m_config.limits.interrupt) return 0;
                const uint64_t more = m_config.limits.interrupt(*this, m_granted);
                m_granted += more;
                return more;
            };
        }
        options.host_call = [this](uint32_t index, Value* args, size_t argc) { return host_call(index, args, argc); };
        m_eval = std::make_unique<Evaluator>(m_output, options);
        m_handles = std::make_shared<Handles>(*m_eval);
    }

    ~ZexusInstance() override {
        m_handles.reset();
        m_eval.reset();  // runs the host objects' finalizers
    }

    std::string_view language() const noexcept override { return "zexus"; }

    embed::Result eval(std::string_view source, std::string_view name) override {
        std::unique_ptr<Ast> ast;
        try {
            ast = parse_program(source, std::string(name));
        } catch (const ZexusSyntaxError& e) {
            return embed::Result::failure(embed::ErrorKind::syntax, e.message(), at_line(e.file(), e.line(), e.column()));
        }
        Ast& ref = *ast;
        m_asts.push_back(std::move(ast));  // closures point into the AST
        return guarded([&] { return to_host(m_eval->run(ref)); });
    }

    embed::Result call(std::string_view function, std::span<const embed::Value> args) override {
        bool found = false;
        Value f = EvalAccess::lookup(*m_eval, stable(function), found);
        if (!found) return embed::Result::failure(embed::ErrorKind::usage, "no global function '" + std::string(function) + "'");
        return call_with(f, args);
    }

    embed::Result call_value(const embed::Value& function, std::span<const embed::Value> args) override {
        if (function.type() != embed::Type::handle) return embed::Result::failure(embed::ErrorKind::usage, "not a function handle");
        Value f;
        if (embed::Result r = from_handle(function.as_handle(), f); !r) return r;
        return call_with(f, args);
    }

    embed::Result define(std::string_view name, embed::HostFunction fn) override {
        if (!fn) return embed::Result::failure(embed::ErrorKind::usage, "host function is empty");
        m_functions.push_back(std::move(fn));
        Value b = m_eval->builtin_value(host_function_base + static_cast<int>(m_functions.size() - 1));
        EvalAccess::define_global(*m_eval, stable(name), b);
        return {};
    }

    embed::Result set_global(std::string_view name, const embed::Value& value) override {
        return guarded([&] {
            Value v;
            if (embed::Result r = to_zexus(value, v); !r) return r;
            EvalAccess::define_global(*m_eval, stable(name), v);
            return embed::Result();
        });
    }

    embed::Result get_global(std::string_view name) override {
        bool found = false;
        Value v = EvalAccess::lookup(*m_eval, stable(name), found);
        if (!found) return embed::Result::failure(embed::ErrorKind::usage, "no global '" + std::string(name) + "'");
        return to_host(v);
    }

private:
    static std::string at_line(const std::string& file, uint32_t line, uint32_t column) {
        return "  at " + file + ":" + std::to_string(line) + ":" + std::to_string(column) + "\n";
    }

    /// Names handed to the evaluator must stay put: its symbol cache is keyed by the text's address.
    std::string_view stable(std::string_view name) {
        auto it = m_name_index.find(std::string(name));
        if (it != m_name_index.end()) return it->second;
        m_names.emplace_back(name);
        m_name_index.emplace(m_names.back(), m_names.back());
        return m_names.back();
    }

    /// Runs `f` as a top-level (or nested, from a host function) entry: resets the step count at the top level,
    /// turns every error into a Result and puts the evaluator back at the top level after one.
    template <typename F>
    embed::Result guarded(F&& f) {
        const bool top = m_entered++ == 0;
        Value* sp = m_eval->sp();
        if (top) {
            EvalAccess::enter(*m_eval);
            EvalAccess::iterations(*m_eval) = 0;
            m_granted = m_config.limits.steps;
            m_host_error.clear();
        }
        embed::Result result;
        try {
            result = f();
        } catch (const ZexusRuntimeError& e) {
            result = embed::Result::failure(classify(e.message), e.message, at_line(e.file, e.line, e.column));
        } catch (const gc::OutOfMemory& e) {
            result = embed::Result::failure(embed::ErrorKind::heap_limit, "Out of memory (heap limit reached)");
        } catch (const ZexusProgramExit& e) {
            result = embed::Result::failure(embed::ErrorKind::runtime, "exit_program(" + std::to_string(e.code) + ")");
        } catch (const std::bad_alloc&) {
            result = embed::Result::failure(embed::ErrorKind::heap_limit, "Out of memory");
        } catch (const std::exception& e) {
            result = embed::Result::failure(embed::ErrorKind::runtime, e.what());
        }
        --m_entered;
        if (!result.ok() && top) {
            EvalAccess::reset(*m_eval, sp);
            // What the failed run held is garbage now: collect it, so the heap limit does not outlast the error.
            if (result.error().kind == embed::ErrorKind::heap_limit) m_eval->heap().collect_major();
        }
        return result;
    }

    embed::ErrorKind classify(const std::string& message) const {
        if (message.rfind("Maximum recursion depth exceeded", 0) == 0) return embed::ErrorKind::stack_limit;
        if (message.rfind("Step budget exhausted", 0) == 0) return embed::ErrorKind::step_limit;
        if (!m_host_error.empty() && message == m_host_error) return embed::ErrorKind::host;
        return embed::ErrorKind::runtime;
    }

    embed::Result call_with(Value f, std::span<const embed::Value> args) {
        return guarded([&] {
            ZClass c = m_eval->zclass(f);
            if (c != ZClass::action && c != ZClass::lambda && c != ZClass::builtin && c != ZClass::type)
                return embed::Result::failure(embed::ErrorKind::usage, m_eval->type_name(f) + " is not callable");
            Value* base = m_eval->sp();
            m_eval->push(f);
            for (const embed::Value& a : args) {
                Value v;
                if (embed::Result r = to_zexus(a, v); !r) {
                    m_eval->set_sp(base);
                    return r;
                }
                m_eval->push(v);
            }
            Value result = m_eval->call_value(nullptr, base, args.size());
            m_eval->push(result);
            embed::Result out = to_host(result);
            m_eval->set_sp(base);
            return out;
        });
    }

    Value host_call(uint32_t index, Value* args, size_t argc) {
        std::vector<embed::Value> host_args;
        host_args.reserve(argc);
        for (size_t i = 0; i < argc; ++i) {
            embed::Result r = to_host(args[i]);
            host_args.push_back(std::move(r.value()));
        }
        embed::Result r;
        try {
            r = m_functions.at(index)(*this, host_args);
        } catch (const std::exception& e) {
            r = embed::Result::failure(embed::ErrorKind::host, e.what());
        }
        if (!r) {
            m_host_error = r.error().message;
            m_eval->fail(r.error().message);  // a Zexus error at the call site: try/catch sees it
        }
        Value v;
        if (embed::Result c = to_zexus(r.value(), v); !c) m_eval->fail(c.error().message);
        return v;
    }

    embed::Result from_handle(const embed::Handle& h, Value& out) {
        if (h.owner() != id()) return embed::Result::failure(embed::ErrorKind::usage, "the handle belongs to another instance");
        out = m_handles->get(h.slot());
        return {};
    }

    /// Zexus value -> host value. `v` must be rooted (a handle may allocate).
    embed::Result to_host(Value v, int depth = 0) {
        if (v.is_small_int()) return embed::Value::integer(v.as_small_int());
        if (v.is_double()) return embed::Value::real(v.as_double());
        if (v.is_bool()) return embed::Value::boolean(v.is_true());
        if (v.is_nil() || v.is_undefined()) return embed::Value();
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
            case core::Kind::symbol: return embed::Value::string(std::string(m_eval->str(v)));
            case core::Kind::list:
            case core::Kind::map:
                if (depth < k_max_copy_depth) {
                    // Elements go onto the value stack first (pushing never collects), then are converted from
                    // there: a handle made for an element allocates and may move everything.
                    Value* base = m_eval->sp();
                    const bool is_map = o->kind == core::Kind::map;
                    if (is_map) {
                        gc::map_for_each(static_cast<core::Map*>(o), [&](Value k, Value val) {
                            m_eval->push(k);
                            m_eval->push(val);
                        });
                    } else {
                        auto* l = static_cast<core::List*>(o);
                        for (uint64_t i = 0; i < l->length; ++i) m_eval->push(gc::list_get(l, i));
                    }
                    const size_t n = static_cast<size_t>(m_eval->sp() - base);
                    embed::Value::List items;
                    embed::Value::Map entries;
                    for (size_t i = 0; i < n; i += is_map ? 2 : 1) {
                        if (is_map) {
                            embed::Value key = to_host(base[i], depth + 1).value();  // may move base[i + 1]'s object
                            entries.emplace_back(std::move(key), to_host(base[i + 1], depth + 1).value());
                        } else items.push_back(to_host(base[i], depth + 1).value());
                    }
                    m_eval->set_sp(base);
                    return is_map ? embed::Value::map(std::move(entries)) : embed::Value::list(std::move(items));
                }
                break;
            default:
                if (o->class_id == k_host_class) {
                    auto* box = reinterpret_cast<HostBox*>(static_cast<core::Instance*>(o)->slots[0].as_small_int());
                    return embed::Value::host(box->object);
                }
                break;
        }
        // Deeply nested containers (allocation-free conversion above) and every other object: a handle.
        std::string type = m_eval->type_name(v);
        Value* base = m_eval->sp();
        m_eval->push(v);
        uint32_t slot = m_handles->add(base[0]);
        m_eval->set_sp(base);
        return embed::Value::handle(embed::Handle(m_handles, id(), slot, std::move(type)));
    }

    /// Host value -> Zexus value in `out` (raw: the caller roots it before the next allocation).
    embed::Result to_zexus(const embed::Value& v, Value& out) {
        gc::Heap& heap = m_eval->heap();
        switch (v.type()) {
            case embed::Type::nil: out = Value::nil(); return {};
            case embed::Type::boolean: out = Value::boolean(v.as_bool()); return {};
            case embed::Type::integer: out = gc::make_integer(heap, v.as_int()); return {};
            case embed::Type::big_integer: {
                mpz_t z;
                mpz_init_set_str(z, v.big_decimal().c_str(), 10);
                try {
                    out = m_eval->int_result(z);
                } catch (...) {
                    mpz_clear(z);
                    throw;
                }
                mpz_clear(z);
                return {};
            }
            case embed::Type::real: out = Value::from_double(v.as_double()); return {};
            case embed::Type::string: out = m_eval->make_string(v.as_string()); return {};
            case embed::Type::list: {
                Value* base = m_eval->sp();
                m_eval->push(Value::object(gc::new_list(heap, v.as_list().size() + 1)));
                for (const embed::Value& item : v.as_list()) {
                    Value x;
                    if (embed::Result r = to_zexus(item, x); !r) return m_eval->set_sp(base), r;
                    m_eval->push(x);
                    gc::list_push(heap, base[0], base[1]);
                    m_eval->set_sp(base + 1);
                }
                out = base[0];
                m_eval->set_sp(base);
                return {};
            }
            case embed::Type::map: {
                Value* base = m_eval->sp();
                m_eval->push(Value::object(gc::new_map(heap, v.as_map().size() + 1)));
                for (const auto& [key, val] : v.as_map()) {
                    Value x;
                    if (embed::Result r = to_zexus(key, x); !r) return m_eval->set_sp(base), r;
                    m_eval->push(x);
                    if (embed::Result r = to_zexus(val, x); !r) return m_eval->set_sp(base), r;
                    m_eval->push(x);
                    gc::map_set(heap, base[0], base[1], base[2]);
                    m_eval->set_sp(base + 1);
                }
                out = base[0];
                m_eval->set_sp(base);
                return {};
            }
            case embed::Type::host_object: {
                core::Instance* obj = gc::new_instance(heap, k_host_class, 1);
                auto* box = new HostBox{v.host_object()};
                obj->slots[0] = Value::small_int(static_cast<int64_t>(reinterpret_cast<uintptr_t>(box)));
                heap.add_finalizer(obj, release_host_box, box);
                out = Value::object(obj);
                return {};
            }
            case embed::Type::handle: return from_handle(v.as_handle(), out);
        }
        return embed::Result::failure(embed::ErrorKind::usage, "unknown value type");
    }

    HostOutput m_output;
    std::unique_ptr<Evaluator> m_eval;
    std::shared_ptr<Handles> m_handles;
    std::vector<std::unique_ptr<Ast>> m_asts;
    std::vector<embed::HostFunction> m_functions;
    std::deque<std::string> m_names;
    std::unordered_map<std::string, std::string_view> m_name_index;
    std::string m_host_error;  ///< message of the last failed host function (classifies an uncaught one)
    uint64_t m_granted = 0;    ///< steps allowed so far in this top-level call (budget + extensions)
    int m_entered = 0;         ///< nesting of API entries (host functions may call back)
};

std::unique_ptr<embed::Instance> create(embed::Config config, embed::Error& error) {
    return std::make_unique<ZexusInstance>(std::move(config));
}

}  // namespace

/// The Zexus entry of the umbrella library's language table (embed/language.hpp).
const embed::Language& embed_language() {
    static const embed::Language language{"zexus", create};
    return language;
}

}  // namespace trellis::zexus
