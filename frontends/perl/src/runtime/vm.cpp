/// @file vm.cpp
/// The Vm: symbol table, packages and method resolution (perlobj: depth-first through @ISA), calls (a frame
/// on the frame stack per call, eval handlers, recursion limit), die messages in perl's format, GC roots,
/// STDOUT buffering.
#include "runtime/vm.hpp"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "runtime/containers.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

gc::HeapConfig Vm::default_heap_config() {
    gc::HeapConfig c = gc::HeapConfig::from_env();
    if (const char* s = std::getenv("TRELLIS_GC_NURSERY_KB"); !s || !*s) {
        c.nursery_bytes = size_t(6) << 20;
        c.survivor_bytes = c.nursery_bytes / 4;
    }
    return c;
}

Vm::Vm(std::string file_name, dispatch::Strategy strat, const gc::HeapConfig& heap_config)
    : heap(heap_config), stack(size_t(256) << 20), classes(heap), file(std::move(file_name)),
      strategy(strat) {
    heap.add_frame_stack(&stack);
    heap.add_root_callback(&Vm::visit_roots, this);
    heap.set_finalization_hook([](void* vm) { static_cast<Vm*>(vm)->arm_destroy(); }, this);
    m_package_names.push_back("");  // class id 0: unblessed
    files.resize(3);
    files[0].fp = stdin;
    v_empty = Value::object(heap.intern(""));
    v_one = Value::small_int(1);
    g_underscore = glob_index("main::_");
    g_at = glob_index("main::@");
    g_comma = glob_index("main::,");
    g_backslash = glob_index("main::\\");
    g_quote = glob_index("main::\"");
    g_zero = glob_index("main::0");
    g_argv = glob_index("main::ARGV");
    g_env = glob_index("main::ENV");
    g_bang = glob_index("main::!");
    g_semicolon = glob_index("main::;");
    g_autoflush = glob_index("main::|");
    g_sig = glob_index("main::SIG");
    stdout_tty = ::isatty(1) != 0;
    set_global(g_quote, Value::object(heap.intern(" ")));
    set_global(g_at, v_empty);
    glob_class = package_id("GLOB");
    regexp_class = package_id("Regexp");
    g_rs = glob_index("main::/");
    set_global(g_rs, Value::object(heap.intern("\n")));
    set_global(g_semicolon, Value::object(heap.intern("\x1c")));  // $; (perlvar: "\034")
    set_global(glob_index("main::?"), Value::small_int(0));  // $? (perlvar: 0 until a child or the exit sets it)
    g_dot = glob_index("main::.");
    {  // @INC (perlvar): perl's own directories; `use lib` and -I put theirs first (syntax/parser_files.cpp)
        uint32_t inc = glob_index("main::INC");
        for (const char* d : {"/etc/perl", "/usr/local/lib/x86_64-linux-gnu/perl/5.36.0", "/usr/local/share/perl/5.36.0",
                              "/usr/lib/x86_64-linux-gnu/perl5/5.36", "/usr/share/perl5",
                              "/usr/lib/x86_64-linux-gnu/perl-base", "/usr/lib/x86_64-linux-gnu/perl/5.36",
                              "/usr/share/perl/5.36", "/usr/local/lib/site_perl"}) {
            Value s = make_str(heap, d);
            scratch.push_back(s);
            Value av = glob_av(inc);
            scratch.push_back(av);
            av::push_value(heap, scratch.back(), scratch[scratch.size() - 2]);
            scratch.resize(scratch.size() - 2);
        }
    }
    start_time = static_cast<int64_t>(std::time(nullptr));
}


Vm::~Vm() {
    flush();
    for (size_t i = 3; i < files.size(); ++i)
        if (files[i].fp) std::fclose(files[i].fp);
    for (size_t i = 3; i < files.size(); ++i)  // children of unclosed pipe opens are waited for, as perl does
        if (files[i].pid > 0) ::waitpid(files[i].pid, nullptr, 0);
    for (void* d : dirs)
        if (d) ::closedir(static_cast<DIR*>(d));
}

int Vm::file_of(Value h) {
    if (core::is_kind(h, core::Kind::instance) && h.as_object()->class_id == glob_class) {
        Value slot = static_cast<core::Instance*>(h.as_object())->slots[0];
        return slot.is_small_int() ? static_cast<int>(slot.as_small_int()) : -1;
    }
    if (core::is_kind(h, core::Kind::cell)) return file_of(static_cast<core::Cell*>(h.as_object())->value);
    std::string name = to_str(h);
    if (name.compare(0, 6, "main::") == 0) name = name.substr(6);
    if (name == "STDIN") return 0;
    if (name == "STDOUT") return 1;
    if (name == "STDERR") return 2;
    auto it = named_files.find(name);
    if (it == named_files.end()) return name == "ARGVOUT" ? 1 : -1;  // -i between files: STDOUT
    return it->second;
}

bool Vm::write_file(int f, std::string_view text) {
    if (f == 1) {
        out(text);
        return true;
    }
    if (f == 2) {
        err(text);
        return true;
    }
    if (f < 0 || static_cast<size_t>(f) >= files.size() || !files[f].write) return false;
    if (!files[f].memory.is_nil()) {  // an in-memory file: the text is appended to the scalar at once
        auto* cell = static_cast<core::Cell*>(files[f].memory.as_object());
        std::string s = cell->value.is_nil() ? std::string() : to_str(cell->value);
        s.append(text);
        Value str = make_str(heap, s);
        cell = static_cast<core::Cell*>(files[f].memory.as_object());
        heap.store(cell, cell->value, str);
        return true;
    }
    if (!files[f].fp) return false;
    std::fwrite(text.data(), 1, text.size(), files[f].fp);
    return true;
}

void Vm::visit_roots(gc::RootVisitor& v, void* self) {
    auto* vm = static_cast<Vm*>(self);
    for (Glob& g : vm->globs) {
        v.visit(g.sv);
        v.visit(g.av);
        v.visit(g.hv);
        v.visit(g.cv);
    }
    for (auto& p : vm->protos)
        if (!p->k.empty()) v.visit(p->k.data(), p->k.data() + p->k.size());
    for (LocalSave& l : vm->local_stack) {
        v.visit(l.old);
        v.visit(l.container);
        v.visit(l.key);
    }
    v.visit(vm->pending_error);
    if (!vm->scratch.empty()) v.visit(vm->scratch.data(), vm->scratch.data() + vm->scratch.size());
    v.visit(vm->v_empty);
    v.visit(vm->match_subject);
    for (OpenFile& f : vm->files) v.visit(f.memory);
    for (PosEntry& p : vm->each_positions) v.visit(p.cell);
    for (PosEntry& p : vm->positions) {
        v.visit(p.cell);
        v.visit(p.str);
    }
}

uint32_t Vm::glob_index(const std::string& name) {
    auto it = m_glob_index.find(name);
    if (it != m_glob_index.end()) return it->second;
    uint32_t i = static_cast<uint32_t>(globs.size());
    globs.push_back(Glob{name, Value::nil(), Value::nil(), Value::nil(), Value::nil()});
    m_glob_index.emplace(name, i);
    return i;
}

void Vm::set_global(uint32_t g, Value v) {
    scratch.push_back(v);
    glob_sv(g);  // may allocate (and move v, which scratch keeps rooted)
    auto* c = static_cast<core::Cell*>(globs[g].sv.as_object());
    heap.store(c, c->value, scratch.back());
    scratch.pop_back();
}

Value Vm::make_glob_sv(uint32_t g) {
    globs[g].sv = Value::object(gc::new_cell(heap, Value::nil()));
    return globs[g].sv;
}
Value Vm::glob_av(uint32_t g) {
    if (globs[g].av.is_nil()) globs[g].av = Value::object(gc::new_list(heap, 4));
    return globs[g].av;
}
Value Vm::glob_hv(uint32_t g) {
    if (globs[g].hv.is_nil()) globs[g].hv = Value::object(gc::new_map(heap, 4));
    return globs[g].hv;
}

Value Vm::localize(uint32_t g, uint8_t kind) {
    Value fresh = kind == 0   ? Value::object(gc::new_cell(heap, Value::nil()))
                  : kind == 1 ? Value::object(gc::new_list(heap, 4))
                              : Value::object(gc::new_map(heap, 4));
    Glob& gl = globs[g];
    Value& slot = kind == 0 ? gl.sv : kind == 1 ? gl.av : gl.hv;
    local_stack.push_back({g, kind, slot});
    slot = fresh;
    return fresh;
}

Value Vm::localize_elem(Value& agg, Value& key, uint8_t kind) {
    Value fresh = Value::object(gc::new_cell(heap, Value::nil()));
    scratch.push_back(fresh);
    Value old;
    if (kind == 3) {
        key = hv::key(heap, key);
        old = gc::map_get(hv::map(agg), key);
        scratch.push_back(old);
        gc::map_set(heap, agg, key, scratch[scratch.size() - 2]);
        old = scratch.back();
        scratch.pop_back();
    } else {
        int64_t i = to_iv(key);
        if (i < 0) i += static_cast<int64_t>(av::len(agg));
        if (i < 0) i = 0;
        key = Value::small_int(i);
        old = av::elem(heap, agg, i);
        gc::list_set(heap, av::list(agg), static_cast<uint64_t>(i), scratch.back());
    }
    local_stack.push_back({0, kind, old, agg, key});
    fresh = scratch.back();
    scratch.pop_back();
    return fresh;
}

void Vm::unlocal(size_t to) {
    while (local_stack.size() > to) {
        LocalSave& l = local_stack.back();
        if (l.kind == 3) {
            if (l.old.is_undefined() || l.old.is_nil()) gc::map_remove(heap, hv::map(l.container), l.key);
            else gc::map_set(heap, l.container, l.key, l.old);
        } else if (l.kind == 4) {
            uint64_t i = static_cast<uint64_t>(l.key.as_small_int());
            if (i < av::len(l.container)) gc::list_set(heap, av::list(l.container), i, l.old);
        } else {
            Glob& gl = globs[l.glob];
            (l.kind == 0 ? gl.sv : l.kind == 1 ? gl.av : gl.hv) = l.old;
        }
        local_stack.pop_back();
    }
}

Value Vm::sig_handler(const char* name) {
    Value h = globs[g_sig].hv;
    if (h.is_nil()) return Value::nil();
    core::Map* m = hv::map(h);
    for (uint32_t i = 0; i < m->used; ++i) {  // %SIG holds a handful of keys
        auto* e = static_cast<core::Array*>(m->entries.as_object());
        Value k = e->items[2 * i];
        if (k.is_undefined() || to_str(k) != name) continue;
        Value v = av::cell_value(e->items[2 * i + 1]);
        return core::is_kind(v, core::Kind::closure) ? v : Value::nil();
    }
    return Value::nil();
}

bool Vm::warn(State& s, std::string msg) {
    Value h = sig_handler("__WARN__");
    if (h.is_nil()) {
        err(msg);
        return true;
    }
    scratch.push_back(h);
    Value args = Value::object(gc::new_list(heap, 1));
    scratch.push_back(args);
    Value m = make_str(heap, msg);
    av::push_value(heap, scratch.back(), m);
    Value out;
    bool ok = call(s, scratch[scratch.size() - 2], scratch.back(), ctx_void, out);
    scratch.resize(scratch.size() - 2);
    return ok;
}

// $SIG{__DIE__} (perlvar): called with the error before it propagates, itself disabled meanwhile; an error
// it raises replaces the original.
[[gnu::noinline, gnu::cold]] static void die_hook(Vm& vm, State& s) {
    if (vm.on_die) vm.on_die(vm.hook_context, s);
    if (vm.in_die_hook) return;
    Value h = vm.sig_handler("__DIE__");
    if (h.is_nil()) return;
    vm.in_die_hook = true;
    vm.scratch.push_back(h);
    vm.scratch.push_back(vm.pending_error);
    Value args = Value::object(gc::new_list(vm.heap, 1));
    vm.scratch.push_back(args);
    av::push_value(vm.heap, vm.scratch.back(), vm.scratch[vm.scratch.size() - 2]);
    Value out;
    State tmp = s;
    tmp.status = Status::ok;
    if (vm.call(tmp, vm.scratch[vm.scratch.size() - 3], vm.scratch.back(), ctx_void, out))
        vm.pending_error = vm.scratch[vm.scratch.size() - 2];
    else if (tmp.status == Status::exit)
        s.status = Status::exit;
    vm.scratch.resize(vm.scratch.size() - 3);
    vm.in_die_hook = false;
}

uint16_t Vm::package_id(const std::string& name) {
    auto it = m_package_ids.find(name);
    if (it != m_package_ids.end()) return it->second;
    uint16_t id = classes.add(Value::object(heap.intern(name)));
    if (m_package_names.size() <= id) m_package_names.resize(id + 1);
    m_package_names[id] = name;
    m_package_ids.emplace(name, id);
    return id;
}

Value Vm::find_method(const std::string& pkg, const std::string& name, int d) {
    if (d > 100) return Value::nil();
    auto it = m_glob_index.find(pkg + "::" + name);
    if (it != m_glob_index.end() && !globs[it->second].cv.is_nil()) return globs[it->second].cv;
    auto isa = m_glob_index.find(pkg + "::ISA");
    if (isa == m_glob_index.end() || globs[isa->second].av.is_nil()) return Value::nil();
    Value arr = globs[isa->second].av;
    for (uint64_t i = 0; i < av::len(arr); ++i) {
        std::string parent = to_str(av::fetch(arr, static_cast<int64_t>(i)));
        Value m = find_method(parent, name, d + 1);
        if (!m.is_nil()) return m;
    }
    return Value::nil();
}

Value Vm::find_autoload(const std::string& pkg, const std::string& full_name) {
    Value code = find_method(pkg, "AUTOLOAD");
    if (code.is_nil()) return code;
    // $AUTOLOAD lives in the package the AUTOLOAD sub was compiled in
    const std::string& sub = protos[static_cast<size_t>(static_cast<core::Closure*>(code.as_object())->function.as_small_int())]->name;
    std::string owner = sub.substr(0, sub.rfind("::"));
    scratch.push_back(code);
    set_global(glob_index(owner + "::AUTOLOAD"), make_str(heap, full_name));
    code = scratch.back();
    scratch.pop_back();
    return code;
}

Value Vm::autoload_sub(uint32_t g) {
    std::string name = globs[g].name;
    size_t c = name.rfind("::");
    if (c == std::string::npos) return Value::nil();
    std::string pkg = name.substr(0, c);
    auto it = m_glob_index.find(pkg + "::AUTOLOAD");
    if (it == m_glob_index.end() || globs[it->second].cv.is_nil()) return Value::nil();
    return find_autoload(pkg, name);
}

std::string Vm::where(const State& s, const Ins* ip) const {
    size_t pc = static_cast<size_t>(ip - s.proto->code.data());
    int line = pc < s.proto->lines.size() ? s.proto->lines[pc] : 0;
    return " at " + (s.proto->file.empty() ? file : s.proto->file) + " line " + std::to_string(line) +
           (global_destruction ? " during global destruction.\n" : ".\n");
}

bool Vm::die(State& s, const Ins* ip, std::string msg) {
    error_needs_position = false;
    if (msg.empty() || msg.back() != '\n') msg += where(s, ip);
    pending_error = Value::object(gc::new_string(heap, msg));
    s.status = Status::die;
    die_hook(*this, s);
    return false;
}

bool Vm::die_value(State& s, Value v) {
    error_needs_position = false;
    pending_error = v;
    s.status = Status::die;
    die_hook(*this, s);
    return false;
}

void Vm::err(std::string_view text) {
    if (output) {
        flush();  // keep STDOUT and STDERR text in order for the host
        output(hook_context, text, true);
        return;
    }
    size_t off = 0;
    while (off < text.size()) {
        ssize_t n = ::write(2, text.data() + off, text.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
    }
}

void Vm::flush() {
    if (output) {
        if (!m_out.empty()) output(hook_context, m_out, false);
        m_out.clear();
        return;
    }
    size_t off = 0;
    while (off < m_out.size()) {
        ssize_t n = ::write(1, m_out.data() + off, m_out.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
    }
    m_out.clear();
}

std::mt19937_64& Vm::random() {
    if (!m_random) m_random = std::make_unique<std::mt19937_64>(std::random_device{}());
    return *m_random;
}

bool Vm::out_of_steps(State& s) {
    if (destroy_armed) {  // not the budget: the heap queued objects for DESTROY (arm_destroy)
        destroy_armed = false;
        steps_left += steps_banked;
        if (!in_destroy && !run_destroy_queue(s)) return false;
        if (steps_left >= 0) return true;
    }
    if (on_steps) {
        uint64_t more = on_steps(hook_context);
        if (more) {
            steps_left += static_cast<int64_t>(std::min<uint64_t>(more, INT64_MAX / 2));
            if (steps_left >= 0) return true;
        }
    }
    return abort_run(s, Abort::steps);
}

bool Vm::abort_run(State& s, Abort why) {
    abort = why;
    pending_error = Value::nil();
    s.status = Status::exit;
    return false;
}

TRELLIS_ALWAYS_INLINE bool Vm::enter_inline(State& caller, Value code, Value args, uint8_t ctx, State& s) {
    if (!core::is_kind(code, core::Kind::closure)) {
        pending_error = Value::object(gc::new_string(heap, "Not a CODE reference\n"));
        error_needs_position = true;
        caller.status = Status::die;
        return false;
    }
    if (TRELLIS_UNLIKELY(depth >= max_depth ||
                         reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) < native_floor)) {
        if (limits_abort || depth < max_depth) return abort_run(caller, Abort::stack);
        pending_error = Value::object(gc::new_string(heap, "Deep recursion limit (" + std::to_string(max_depth) +
                                                              " nested calls) exceeded in trellis-perl\n"));
        error_needs_position = true;
        caller.status = Status::die;
        return false;
    }
    auto* cl = static_cast<core::Closure*>(code.as_object());
    const Proto* proto = protos[static_cast<size_t>(cl->function.as_small_int())].get();
    Value* frame = gc::push_value_frame(stack, proto->nregs);
    if (!frame) {
        pending_error = Value::object(gc::new_string(heap, "Out of memory: the call stack is full\n"));
        error_needs_position = true;
        caller.status = Status::die;
        return false;
    }
    frame[0] = args;
    frame[1] = code;
    for (const auto& [reg, ki] : proto->kregs) frame[reg] = proto->k[ki];  // constant registers
    s = State{this, frame, proto->k.data(), proto, Status::ok, ctx, Value::nil()};
    s.caller = &caller;
    return true;
}

TRELLIS_ALWAYS_INLINE bool Vm::run_inline(State& caller, State& s, Value& out, bool keep_frame) {
    if (TRELLIS_UNLIKELY(--steps_left < 0) && !out_of_steps(caller)) {
        if (!keep_frame) stack.pop_to(s.r);
        return false;
    }
    ++depth;
    size_t locals = local_stack.size();
    execute(s, s.proto->code.data());
    if (TRELLIS_UNLIKELY(local_stack.size() != locals)) unlocal(locals);  // the sub's `local`s end with it
    --depth;
    while (TRELLIS_UNLIKELY(!handlers.empty()) && handlers.back().frame == s.r) handlers.pop_back();
    if (!keep_frame) stack.pop_to(s.r);
    if (s.status == Status::ret) {
        out = s.ret;
        return true;
    }
    caller.status = s.status;
    return false;
}

bool Vm::call(State& caller, Value code, Value args, uint8_t ctx, Value& out) {
    State s;
    if (!enter_inline(caller, code, args, ctx, s)) return false;
    return run_inline(caller, s, out, false);
}

bool Vm::enter_sub(State& caller, Value code, Value args, uint8_t ctx, State& s) {
    return enter_inline(caller, code, args, ctx, s);
}

bool Vm::run_sub(State& caller, State& s, Value& out, bool keep_frame) { return run_inline(caller, s, out, keep_frame); }

bool Vm::rerun_sub(State& caller, State& s, Value args, Value& out) {
    // the frame as a new call would find it: registers nil, @_ and the closure in r[0] and r[1]
    Value* frame = s.r;
    for (uint32_t i = 2; i < s.proto->nregs; ++i) frame[i] = Value::nil();
    for (const auto& [reg, ki] : s.proto->kregs) frame[reg] = s.proto->k[ki];
    frame[0] = args;
    s.status = Status::ok;
    s.ret = Value::nil();
    return run_sub(caller, s, out, true);
}

}  // namespace trellis::perl
