/// @file embed_perl.cpp
/// The Perl adapter of the embedding API (trellis/embed.hpp, docs/embedding.md "Perl"): one perl::Vm per
/// instance. eval() compiles the source like perl's `eval STRING` at file scope (an anonymous sub with no outer
/// lexicals, package main) and runs it in scalar context; call() runs a sub by name in list context. Values are
/// converted at the boundary (perldata): undef, IV, NV and strings copied; unblessed array and hash references
/// copied as lists and maps; everything else (blessed objects, code, scalar refs, filehandles) as handles rooted
/// in a List the heap scans; host objects as `Trellis::Host` objects whose GC finalizer drops the host's
/// reference. Host functions are subs whose body is the builtin __trellis_host. Limits: Vm::steps_left (sub
/// calls + backward jumps) with the interrupt callback, Vm::max_depth and a native stack floor, the gc::Heap
/// limit; each stops the run like `exit` (no Perl eval catches it) and comes back as its own ErrorKind.
#include <pthread.h>

#include <cstdio>
#include <memory>
#include <unordered_map>

#include "compiler/compiler.hpp"
#include "runtime/containers.hpp"
#include "runtime/vm.hpp"
#include "syntax/parser.hpp"
#include "trellis/core/error.hpp"
#include "trellis/embed/language.hpp"
#include "trellis/gc/objects.hpp"
#include "utf8.hpp"

namespace trellis::perl {

namespace embed = trellis::embed;

namespace {

/// Nesting beyond which containers come back as handles (cycles: `$a->[0] = $a`).
constexpr int k_max_copy_depth = 64;
/// Default call depth of an embedded instance (Limits::stack_depth = 0).
constexpr size_t k_default_depth = 10000;
/// Native stack kept free below the floor: the deepest non-call native recursion plus error handling.
constexpr size_t k_native_margin = 256u << 10;

struct HostBox {
    std::shared_ptr<embed::HostObject> object;
};

void release_host_box(void* p) { delete static_cast<HostBox*>(p); }

/// The lowest address a Perl call may use on the calling thread's stack (0 when unknown).
uintptr_t native_floor() {
    pthread_attr_t attr;
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    return size > 2 * k_native_margin ? reinterpret_cast<uintptr_t>(addr) + k_native_margin : 0;
}

/// "main::" for a name without a package ("add" -> "main::add", "Pkg::f" unchanged, "::f" -> "main::f").
std::string qualify(std::string_view name) {
    if (name.compare(0, 2, "::") == 0) return "main" + std::string(name);
    if (name.find("::") != std::string_view::npos) return std::string(name);
    return "main::" + std::string(name);
}

/// Slots of a List rooted in the heap: the handles given to the host.
class Handles final : public embed::HandleTable {
public:
    explicit Handles(gc::Heap& heap) : m_heap(heap) {
        m_list = Value::object(gc::new_list(heap, 8));
        heap.add_root(&m_list);
    }
    ~Handles() override { m_heap.remove_root(&m_list); }
    /// `v` must be rooted by the caller (adding may allocate).
    uint32_t add(Value& v) {
        auto* l = static_cast<core::List*>(m_list.as_object());
        if (!m_free.empty()) {
            uint32_t slot = m_free.back();
            m_free.pop_back();
            gc::list_set(m_heap, l, slot, v);
            return slot;
        }
        gc::list_push(m_heap, m_list, v);
        return static_cast<uint32_t>(static_cast<core::List*>(m_list.as_object())->length - 1);
    }
    Value get(uint32_t slot) const { return gc::list_get(static_cast<core::List*>(m_list.as_object()), slot); }
    void release(uint32_t slot) noexcept override {
        gc::list_set(m_heap, static_cast<core::List*>(m_list.as_object()), slot, Value::nil());
        m_free.push_back(slot);
    }

private:
    gc::Heap& m_heap;
    Value m_list;
    std::vector<uint32_t> m_free;
};

gc::HeapConfig heap_config(const embed::Limits& limits) {
    gc::HeapConfig c = gc::HeapConfig::from_env();
    // A host keeps many instances: eden's first 256 KiB on 4 KiB pages (docs/embedding.md, "What an instance costs").
    c.small_start_bytes = size_t(256) << 10;
    if (limits.heap_bytes) c.max_heap_bytes = limits.heap_bytes;
    return c;
}

class PerlInstance final : public embed::Instance {
public:
    explicit PerlInstance(embed::Config config)
        : Instance(std::move(config)), m_vm(std::make_unique<Vm>("-", dispatch::Strategy::Switch, heap_config(limits()))) {
        Vm& vm = *m_vm;
        vm.hook_context = this;
        vm.limits_abort = true;
        vm.max_depth = limits().stack_depth ? limits().stack_depth : k_default_depth;
        vm.on_steps = [](void* self) { return static_cast<PerlInstance*>(self)->interrupt(); };
        vm.host_call = [](void* self, State& s, const Ins* ip, Value& args, Value& out) {
            return static_cast<PerlInstance*>(self)->host_call(s, ip, args, out);
        };
        vm.on_die = [](void* self, State& s) { static_cast<PerlInstance*>(self)->capture_trace(s); };
        if (m_config.output)
            vm.output = [](void* self, std::string_view text, bool is_error) {
                static_cast<PerlInstance*>(self)->m_config.output(text, is_error);
            };
        vm.stdout_tty = false;
        // The frame the top-level State runs in (main program's @_), and a proto naming it for caller().
        vm.protos.push_back(std::make_unique<Proto>());
        vm.protos.back()->name = "main";
        m_top_proto = vm.protos.back().get();
        vm.main_frame = gc::push_value_frame(vm.stack, 2);
        vm.main_frame[0] = vm.glob_av(vm.glob_index("main::_"));
        m_host_class = vm.package_id("Trellis::Host");
        m_handles = std::make_shared<Handles>(vm.heap);
    }

    ~PerlInstance() override {
        m_handles.reset();
        if (m_vm) {  // global destruction: DESTROY once for each object still registered (runtime/destroy.cpp)
            Vm& vm = *m_vm;
            vm.on_steps = nullptr;  // no budget or stack floor of the last call applies here
            vm.native_floor = 0;
            vm.destroy_armed = false;
            vm.steps_left = INT64_MAX;
            State top{&vm, vm.main_frame, nullptr, m_top_proto, Status::ok, ctx_void, Value::nil()};
            try {
                vm.destroy_all(top);
            } catch (...) {  // out of memory in a DESTROY: the instance goes away regardless
            }
        }
        m_vm.reset();  // flushes output; the heap runs the host objects' finalizers
    }

    std::string_view language() const noexcept override { return "perl"; }

    embed::Result eval(std::string_view source, std::string_view name) override {
        return guarded([&](State& top) -> embed::Result {
            Vm& vm = *m_vm;
            const std::string file(name);
            const size_t first = vm.protos.size();
            Program prog;
            prog.file = file;
            uint32_t main = 0;
            try {
                Parser parser(prog, source, file);
                parser.declared_subs = &vm.declared_subs;
                parser.parse_program();
                Compiler compiler(vm, prog);
                compiler.declared = vm.declared_subs;
                EvalSite site;
                site.package = "main";
                main = compiler.compile_eval(site);
            } catch (const gc::OutOfMemory&) {
                throw;
            } catch (const core::Error& e) {
                std::string msg = e.what();
                while (!msg.empty() && msg.back() == '\n') msg.pop_back();
                return embed::Result::failure(embed::ErrorKind::syntax, msg);
            }
            for (size_t i = first; i < vm.protos.size(); ++i) vm.protos[i]->file = file;
            vm.protos[main]->name = "main";  // a file's body, not an eval frame (caller, stack traces)
            size_t base = vm.scratch.size();
            vm.scratch.push_back(Value::object(gc::new_closure(vm.heap, Value::small_int(main), 0)));
            vm.scratch.push_back(Value::object(gc::new_list(vm.heap, 1)));
            Value out;
            bool ok = vm.call(top, vm.scratch[base], vm.scratch[base + 1], ctx_scalar, out);
            vm.scratch.resize(base);
            if (!ok) return failure(top);
            return to_host(out);
        });
    }

    embed::Result call(std::string_view function, std::span<const embed::Value> args) override {
        const std::string name = qualify(function);
        Vm& vm = *m_vm;
        uint32_t g = vm.glob_index(name);
        Value code = vm.globs[g].cv;
        if (!core::is_kind(code, core::Kind::closure)) code = vm.autoload_sub(g);
        if (!core::is_kind(code, core::Kind::closure))
            return embed::Result::failure(embed::ErrorKind::usage, "Undefined subroutine &" + name + " called");
        return call_with(code, args);
    }

    embed::Result call_value(const embed::Value& function, std::span<const embed::Value> args) override {
        if (function.type() != embed::Type::handle)
            return embed::Result::failure(embed::ErrorKind::usage, "not a code handle");
        Value f;
        if (embed::Result r = from_handle(function.as_handle(), f); !r) return r;
        if (!core::is_kind(f, core::Kind::closure))
            return embed::Result::failure(embed::ErrorKind::usage, "Not a CODE reference");
        return call_with(f, args);
    }

    embed::Result define(std::string_view name, embed::HostFunction fn) override {
        if (!fn) return embed::Result::failure(embed::ErrorKind::usage, "host function is empty");
        const std::string full = qualify(name);
        Vm& vm = *m_vm;
        // sub NAME { my $r = __trellis_host(@_); return $r }: the builtin finds the function by this proto
        auto proto = std::make_unique<Proto>();
        proto->name = full;
        proto->file = "(host)";
        proto->nregs = 4;
        auto ins = [](Op op, uint16_t a, uint16_t b, int32_t d, uint8_t x) {
            Ins i;
            i.op = op;
            i.a = a;
            i.b = b;
            i.d = d;
            i.x = x;
            return i;
        };
        proto->code = {ins(Op::BUILTIN, 2, 0, builtin_id("__trellis_host"), ctx_scalar), ins(Op::NEWLIST, 3, 0, 0, 0),
                       ins(Op::LPUSHV, 3, 2, 0, 0), ins(Op::RETL, 3, 0, 0, 0)};
        proto->lines.assign(proto->code.size(), 1);
        m_host_protos[proto.get()] = m_functions.size();
        m_functions.push_back(std::move(fn));
        const auto index = static_cast<int64_t>(vm.protos.size());
        vm.protos.push_back(std::move(proto));
        uint32_t g = vm.glob_index(full);
        vm.globs[g].cv = Value::object(gc::new_closure(vm.heap, Value::small_int(index), 0));
        vm.declared_subs.insert(full.substr(full.rfind("::") + 2));
        return {};
    }

    embed::Result set_global(std::string_view name, const embed::Value& value) override {
        return guarded([&](State&) -> embed::Result {
            Vm& vm = *m_vm;
            const char sigil = sigil_of(name);
            uint32_t g = vm.glob_index(qualify(name.substr(sigil == '$' && name[0] != '$' ? 0 : 1)));
            size_t base = vm.scratch.size();
            vm.scratch.push_back(Value::nil());
            if (embed::Result r = to_perl(value, base); !r) return vm.scratch.resize(base), r;
            if (sigil == '$') {
                vm.set_global(g, vm.scratch[base]);
            } else if (sigil == '@') {
                if (value.type() != embed::Type::list)
                    return vm.scratch.resize(base), embed::Result::failure(embed::ErrorKind::usage, "@ wants a list");
                vm.globs[g].av = vm.scratch[base];  // the converted array itself
            } else {
                if (value.type() != embed::Type::map)
                    return vm.scratch.resize(base), embed::Result::failure(embed::ErrorKind::usage, "% wants a map");
                vm.globs[g].hv = vm.scratch[base];
            }
            vm.scratch.resize(base);
            return embed::Result();
        });
    }

    embed::Result get_global(std::string_view name) override {
        Vm& vm = *m_vm;
        const char sigil = sigil_of(name);
        uint32_t g = vm.glob_index(qualify(name.substr(sigil == '$' && name[0] != '$' ? 0 : 1)));
        Glob& gl = vm.globs[g];
        Value v = sigil == '$' ? gl.sv : sigil == '@' ? gl.av : gl.hv;
        if (v.is_nil()) return embed::Result::failure(embed::ErrorKind::usage, "no global '" + std::string(name) + "'");
        if (sigil == '$') v = static_cast<core::Cell*>(v.as_object())->value;
        return to_host(v);
    }

private:
    /// '$' (also for a bare name), '@' or '%'.
    static char sigil_of(std::string_view name) {
        return !name.empty() && (name[0] == '@' || name[0] == '%') ? name[0] : '$';
    }

    /// Runs `f` as a top-level (or nested, from a host function) entry with its own top State: resets the step
    /// budget at the top level, turns C++ exceptions (the heap limit) into Results and puts the Vm back as it
    /// was at the entry after one.
    template <typename F>
    embed::Result guarded(F&& f) {
        Vm& vm = *m_vm;
        const bool top = m_entered++ == 0;
        if (top) {
            const uint64_t steps = limits().steps;
            m_granted = steps;
            vm.destroy_armed = false;  // a parked budget (Vm::arm_destroy) is replaced: arm again below
            vm.steps_left = steps ? static_cast<int64_t>(std::min<uint64_t>(steps, INT64_MAX / 2)) : INT64_MAX;
            if (vm.heap.finalization_ready()) vm.arm_destroy();
            vm.native_floor = native_floor();
            vm.abort = Vm::Abort::none;
            m_trace.clear();
            m_host_error.clear();
        }
        const size_t depth = vm.depth, handlers = vm.handlers.size(), locals = vm.local_stack.size(),
                     scratch = vm.scratch.size();
        uint8_t* stack_top = vm.stack.top();
        State state{&vm, vm.main_frame, nullptr, m_top_proto, Status::ok, ctx_void, Value::nil()};
        embed::Result result;
        bool reset = false;
        try {
            result = f(state);
        } catch (const gc::OutOfMemory&) {
            result = embed::Result::failure(embed::ErrorKind::heap_limit, "Out of memory! (heap limit reached)");
            reset = true;
        } catch (const std::bad_alloc&) {
            result = embed::Result::failure(embed::ErrorKind::heap_limit, "Out of memory!");
            reset = true;
        } catch (const std::exception& e) {
            result = embed::Result::failure(embed::ErrorKind::runtime, e.what());
            reset = true;
        }
        --m_entered;
        if (reset) {  // an exception left the interpreter mid-run: unwind what Vm::call would have
            vm.unlocal(locals);
            vm.depth = depth;
            vm.handlers.resize(handlers);
            vm.scratch.resize(scratch);
            vm.stack.pop_to(stack_top);
            vm.in_die_hook = false;
            vm.pending_error = Value::nil();
            if (result.error().kind == embed::ErrorKind::heap_limit) vm.heap.collect_major();
        }
        vm.flush();
        if (top) vm.abort = Vm::Abort::none;
        return result;
    }

    /// The error of a failed call from `top` (status die or exit).
    embed::Result failure(State& top) {
        Vm& vm = *m_vm;
        if (vm.abort == Vm::Abort::steps)
            return embed::Result::failure(embed::ErrorKind::step_limit, "Step budget exhausted (" +
                                                                            std::to_string(m_granted) + " steps)");
        if (vm.abort == Vm::Abort::stack)
            return embed::Result::failure(embed::ErrorKind::stack_limit, "Deep recursion limit (" +
                                                                             std::to_string(vm.max_depth) +
                                                                             " nested calls or the native stack) exceeded");
        if (top.status == Status::exit)
            return embed::Result::failure(embed::ErrorKind::runtime, "exit(" + std::to_string(vm.exit_code) + ")");
        std::string msg;
        Value e = vm.pending_error;
        if (is_ref(e) && e.as_object()->class_id) append_str(msg, e, &vm.package_name(e.as_object()->class_id));
        else append_str(msg, e);
        vm.pending_error = Value::nil();
        const bool from_host = !m_host_error.empty() && msg == m_host_error;
        while (!msg.empty() && msg.back() == '\n') msg.pop_back();
        return embed::Result::failure(from_host ? embed::ErrorKind::host : embed::ErrorKind::runtime, msg, m_trace);
    }

    /// Calls `code` (rooted by the caller's Value) with host arguments in list context.
    embed::Result call_with(Value code, std::span<const embed::Value> args) {
        return guarded([&](State& top) -> embed::Result {
            Vm& vm = *m_vm;
            size_t base = vm.scratch.size();
            vm.scratch.push_back(code);
            vm.scratch.push_back(Value::object(gc::new_list(vm.heap, args.size() + 1)));
            vm.scratch.push_back(Value::nil());
            for (const embed::Value& a : args) {
                if (embed::Result r = to_perl(a, base + 2); !r) return vm.scratch.resize(base), r;
                av::push_value(vm.heap, vm.scratch[base + 1], vm.scratch[base + 2]);
            }
            Value out;
            bool ok = vm.call(top, vm.scratch[base], vm.scratch[base + 1], ctx_list, out);
            if (!ok) {
                vm.scratch.resize(base);
                return failure(top);
            }
            // list context: no value -> nil, one value -> that value, more -> a list
            vm.scratch[base] = out;
            const uint64_t n = av::len(out);
            embed::Result r;
            if (n == 1) r = to_host(av::fetch(out, 0));
            else if (n > 1) r = list_to_host(base, -1);
            vm.scratch.resize(base);
            return r;
        });
    }

    uint64_t interrupt() {
        if (!limits().interrupt) return 0;
        const uint64_t more = limits().interrupt(*this, m_granted);
        m_granted += more;
        return more;
    }

    /// The body of a host function's sub: arguments @_ converted, the function run, its result or its error
    /// (a die at the Perl call site: `eval { twice("x") }` catches it).
    bool host_call(State& s, const Ins* ip, Value& args, Value& out) {
        Vm& vm = *m_vm;
        auto it = m_host_protos.find(s.proto);
        if (it == m_host_protos.end()) return vm.die(s, ip, "__trellis_host called outside a host function");
        std::vector<embed::Value> host_args;
        for (uint64_t i = 0; i < av::len(args); ++i) {
            host_args.push_back(to_host(av::fetch(args, static_cast<int64_t>(i))).value());
        }
        embed::Result r;
        try {
            r = m_functions[it->second](*this, host_args);
        } catch (const std::exception& e) {
            r = embed::Result::failure(embed::ErrorKind::host, e.what());
        }
        if (!r) {
            std::string msg = r.error().message;
            if (msg.empty() || msg.back() != '\n')
                msg += s.caller && s.caller->call_ip ? vm.where(*s.caller, s.caller->call_ip) : vm.where(s, ip);
            m_host_error = msg;
            return vm.die(s, ip, msg);
        }
        vm.scratch.push_back(Value::nil());
        embed::Result c = to_perl(r.value(), vm.scratch.size() - 1);
        out = vm.scratch.back();
        vm.scratch.pop_back();
        if (!c) return vm.die(s, ip, c.error().message);
        return true;
    }

    /// Carp-style frames of a die that no eval will catch: "\tPKG::sub(ARGS) called at FILE line N", innermost
    /// first (the message holds the die's own position).
    void capture_trace(State& s) {
        Vm& vm = *m_vm;
        if (!vm.handlers.empty()) return;
        for (State* f = &s; f; f = f->caller)
            if (f->proto && f->proto->name == "(eval)") return;  // an eval STRING catches it
        std::string trace;
        int frames = 0;
        for (State* f = &s; f && f->caller && f->proto != m_top_proto; f = f->caller) {
            if (f->caller->proto == m_top_proto) break;  // the file body itself
            if (++frames > 100) {
                trace += "\t...\n";
                break;
            }
            const State& site = *f->caller;
            const Proto& p = *site.proto;
            size_t pc = site.call_ip ? static_cast<size_t>(site.call_ip - p.code.data()) : 0;
            int line = pc < p.lines.size() ? p.lines[pc] : 0;
            trace += "\t" + f->proto->name + "(";
            Value args = f->r[0];
            if (core::is_kind(args, core::Kind::list)) {
                for (uint64_t i = 0; i < av::len(args) && i < 8; ++i) {
                    if (i) trace += ", ";
                    Value v = av::fetch(args, static_cast<int64_t>(i));
                    if (v.is_nil()) trace += "undef";
                    else if (is_str(v)) trace += "'" + to_str(v) + "'";
                    else trace += to_str(v);
                }
                if (av::len(args) > 8) trace += ", ...";
            }
            trace += ") called at " + (p.file.empty() ? vm.file : p.file) + " line " + std::to_string(line) + "\n";
        }
        m_trace = std::move(trace);
    }

    embed::Result from_handle(const embed::Handle& h, Value& out) {
        if (h.owner() != id())
            return embed::Result::failure(embed::ErrorKind::usage, "the handle belongs to another instance");
        out = m_handles->get(h.slot());
        return {};
    }

    /// The values of the Perl array (List of Cells) in vm.scratch[arr] as a host list.
    embed::Result list_to_host(size_t arr, int depth) {
        Vm& vm = *m_vm;
        size_t base = vm.scratch.size();
        for (uint64_t i = 0; i < av::len(vm.scratch[arr]); ++i)
            vm.scratch.push_back(av::fetch(vm.scratch[arr], static_cast<int64_t>(i)));
        embed::Value::List items;
        for (size_t i = base; i < vm.scratch.size(); ++i) items.push_back(to_host(vm.scratch[i], depth + 1).value());
        vm.scratch.resize(base);
        return embed::Value::list(std::move(items));
    }

    /// Perl scalar -> host value (copied first: making a handle allocates and may move objects).
    embed::Result to_host(Value v, int depth = 0) {
        Vm& vm = *m_vm;
        if (v.is_nil() || v.is_undefined()) return embed::Value();
        if (v.is_small_int()) return embed::Value::integer(v.as_small_int());
        if (v.is_double()) return embed::Value::real(v.as_double());
        if (v.is_bool()) return embed::Value::boolean(v.is_true());
        if (core::is_kind(v, core::Kind::big_int)) return embed::Value::integer(int_of(v));
        if (!is_ref(v)) return embed::Value::string(to_str(v));
        core::Object* o = v.as_object();
        if (o->kind == core::Kind::instance && o->class_id == m_host_class &&
            static_cast<core::Instance*>(o)->slots[0].is_small_int()) {
            auto* box = reinterpret_cast<HostBox*>(static_cast<core::Instance*>(o)->slots[0].as_small_int());
            return embed::Value::host(box->object);
        }
        const size_t me = vm.scratch.size();
        vm.scratch.push_back(v);
        embed::Result out;
        if (o->class_id == 0 && depth < k_max_copy_depth && o->kind == core::Kind::list) {
            out = list_to_host(me, depth);
        } else if (o->class_id == 0 && depth < k_max_copy_depth && o->kind == core::Kind::map) {
            auto* m = hv::map(v);
            for (uint32_t i = 0; i < m->used; ++i) {
                auto* e = static_cast<core::Array*>(hv::map(vm.scratch[me])->entries.as_object());
                if (e->items[2 * i].is_undefined()) continue;
                Value key = e->items[2 * i], val = av::cell_value(e->items[2 * i + 1]);
                vm.scratch.push_back(key);
                vm.scratch.push_back(val);
            }
            embed::Value::Map entries;
            for (size_t i = me + 1; i < vm.scratch.size(); i += 2) {
                // a key stored downgraded from a character string (hv::key) goes out as its UTF-8, like the others
                const Value k = vm.scratch[i];
                std::string_view latin1;
                std::string chars;
                const bool was_utf8 = str_view(k, latin1) && k.as_object()->class_id == str_key_was_utf8;
                if (was_utf8) append_latin1_as_utf8(chars, latin1);
                embed::Value key = was_utf8 ? embed::Value::string(chars) : to_host(k, depth + 1).value();
                entries.emplace_back(std::move(key), to_host(vm.scratch[i + 1], depth + 1).value());
            }
            out = embed::Value::map(std::move(entries));
        } else {
            // blessed objects, code, scalar references, filehandles, deep nesting: a handle
            std::string type = o->class_id ? vm.package_name(o->class_id) : reftype_name(v);
            uint32_t slot = m_handles->add(vm.scratch[me]);
            out = embed::Value::handle(embed::Handle(m_handles, id(), slot, std::move(type)));
        }
        vm.scratch.resize(me);
        return out;
    }

    /// Host value -> Perl scalar in vm.scratch[dst] (scratch grows meanwhile, so an index, not a reference).
    embed::Result to_perl(const embed::Value& v, size_t dst) {
        Vm& vm = *m_vm;
        gc::Heap& heap = vm.heap;
        const size_t slot = vm.scratch.size();
        vm.scratch.push_back(Value::nil());
        embed::Result r;
        switch (v.type()) {
            case embed::Type::nil: break;
            case embed::Type::boolean: vm.scratch[slot] = v.as_bool() ? vm.v_one : vm.v_empty; break;
            case embed::Type::integer: vm.scratch[slot] = make_iv(heap, v.as_int()); break;
            // perl has no integers past 64 bits: the decimal text, which numifies as perl reads such a literal
            case embed::Type::big_integer: vm.scratch[slot] = make_str(heap, v.big_decimal()); break;
            case embed::Type::real: vm.scratch[slot] = Value::from_double(v.as_double()); break;
            case embed::Type::string: vm.scratch[slot] = make_str(heap, v.as_string()); break;
            case embed::Type::list: {
                vm.scratch[slot] = Value::object(gc::new_list(heap, v.as_list().size() + 1));
                vm.scratch.push_back(Value::nil());
                for (const embed::Value& item : v.as_list()) {
                    if (r = to_perl(item, slot + 1); !r) break;
                    av::push_value(heap, vm.scratch[slot], vm.scratch[slot + 1]);
                }
                break;
            }
            case embed::Type::map: {
                vm.scratch[slot] = Value::object(gc::new_map(heap, v.as_map().size() + 1));
                vm.scratch.push_back(Value::nil());
                vm.scratch.push_back(Value::nil());
                for (const auto& [key, val] : v.as_map()) {
                    if (r = to_perl(key, slot + 1); !r) break;
                    vm.scratch[slot + 1] = hv::key(heap, vm.scratch[slot + 1]);
                    if (r = to_perl(val, slot + 2); !r) break;
                    hv::store(heap, vm.scratch[slot], vm.scratch[slot + 1], vm.scratch[slot + 2]);
                }
                break;
            }
            case embed::Type::host_object: {
                core::Instance* obj = gc::new_instance(heap, m_host_class, 1);
                auto* box = new HostBox{v.host_object()};
                obj->slots[0] = Value::small_int(static_cast<int64_t>(reinterpret_cast<uintptr_t>(box)));
                heap.add_finalizer(obj, release_host_box, box);
                vm.scratch[slot] = Value::object(obj);
                break;
            }
            case embed::Type::handle: r = from_handle(v.as_handle(), vm.scratch[slot]); break;
        }
        vm.scratch[dst] = vm.scratch[slot];
        vm.scratch.resize(slot);
        return r;
    }

    std::unique_ptr<Vm> m_vm;
    std::shared_ptr<Handles> m_handles;
    const Proto* m_top_proto = nullptr;
    uint16_t m_host_class = 0;
    std::vector<embed::HostFunction> m_functions;
    std::unordered_map<const Proto*, size_t> m_host_protos;  ///< host function subs -> m_functions index
    std::string m_host_error;  ///< $@ text of the last failed host function (classifies an uncaught one)
    std::string m_trace;       ///< frames of the last die no eval catches
    uint64_t m_granted = 0;    ///< steps allowed so far in this top-level call (budget + extensions)
    int m_entered = 0;         ///< nesting of API entries (host functions may call back)
};

std::unique_ptr<embed::Instance> create(embed::Config config, embed::Error&) {
    return std::make_unique<PerlInstance>(std::move(config));
}

}  // namespace

/// The Perl entry of the umbrella library's language table (embed/language.hpp).
const embed::Language& embed_language() {
    static const embed::Language language{"perl", create};
    return language;
}

}  // namespace trellis::perl
