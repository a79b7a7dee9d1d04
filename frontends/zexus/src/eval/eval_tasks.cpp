/// @file eval_tasks.cpp
/// Cooperative tasks of LANGUAGE.md §15: `spawn CALL` / `spawn(CALL)` start a call as a task and yield a task value
/// at once; `await task` waits for it (its result, or its error raised at the await); `await sleep(s)` lets the
/// other tasks and the main program run. A task runs until it awaits, sleeps or ends; ready tasks run in the order
/// they became ready, and when none is ready the sleeper with the earliest deadline wakes (after really waiting for
/// that deadline), so sleepers finish in deadline order.
///
/// Each task is a coroutine: its own native stack (ucontext, like run_on_large_stack in interpreter.cpp) and its own
/// value stack (a FrameStack registered with the heap), so the tree walker's recursion simply suspends in place.
/// A switch saves and restores the evaluator's per-context state (value stack pointers, environment, `return`
/// value, depth, native stack limit) and the C++ runtime's exception globals (so a task suspended inside a `catch`
/// body cannot disturb another context's caught exception). Tasks run in the tree walker only (vm_tier() is null
/// inside a task): the bytecode VM's call stack belongs to the main program, which may itself be running compiled
/// code that delegated the `await` to the tree walker.
#include <cxxabi.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <exception>
#include <string>
#include <thread>

#include "eval/eval_impl.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TRELLIS_ZEXUS_ASAN_FIBERS 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TRELLIS_ZEXUS_ASAN_FIBERS 1
#endif
#if defined(TRELLIS_ZEXUS_ASAN_FIBERS)
// The ASan runtime's fiber and poisoning entry points (declared here: the compiler-rt headers are not always
// installed; signatures as in sanitizer/common_interface_defs.h and sanitizer/asan_interface.h).
extern "C" {
void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, size_t size);
void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old, size_t* size_old);
void __asan_unpoison_memory_region(void const volatile* addr, size_t size);
}
#endif

namespace trellis::zexus {

namespace {
core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }

using Clock = std::chrono::steady_clock;

/// libstdc++/libc++abi's per-thread exception state (__cxa_eh_globals): caught-exception chain and uncaught count.
struct EhGlobals {
    void* caught;
    unsigned int uncaught;
};
EhGlobals* eh_globals() { return reinterpret_cast<EhGlobals*>(abi::__cxa_get_globals()); }

constexpr size_t k_task_native_stack = size_t(16) << 20;  // reserved, faulted in as used
constexpr size_t k_task_guard = size_t(64) << 10;
constexpr size_t k_task_value_stack = size_t(16) << 20;
constexpr size_t k_task_chunk = 512;  // first value-stack frame of a task (grow_stack adds 4096-slot frames)
}  // namespace

/// One context: the main program (index 0 of nothing: TaskSet::main) or a spawned task.
struct Task {
    enum class State : uint8_t { ready, running, sleeping, waiting, done };
    State state = State::ready;
    bool started = false;
    bool error_seen = false;  ///< its error was raised at an await
    uint32_t id = 0;
    ucontext_t context{};
    void* stack = nullptr;  ///< native stack mapping (k_task_guard + k_task_native_stack bytes)
    std::unique_ptr<core::FrameStack> values;
    // saved evaluator state while switched out
    Value* sp = nullptr;
    Value* limit = nullptr;
    core::FrameStack* value_stack = nullptr;
    const Node* current = nullptr;
    int depth = 0;
    uintptr_t native_limit = 0;
    bool in_task = false;
    EhGlobals eh{nullptr, 0};
    // roots
    Value env = Value::nil();
    Value ret = Value::nil();
    Value call = Value::nil();  ///< List [callee, args...] until the task starts
    Value result = Value::nil();
    const Node* at = nullptr;  ///< the spawn
    std::exception_ptr error;
    Clock::time_point wake{};
    uint64_t sleep_order = 0;
    std::vector<Task*> waiters;
    // AddressSanitizer's view of this context's stack (fiber-switch annotations; unused otherwise)
    const void* asan_bottom = nullptr;
    size_t asan_size = 0;
};

namespace {
// AddressSanitizer must be told about every stack switch (its fiber API), or it takes the other stack for a buffer
// overflow and mis-handles exceptions thrown there. No-ops in other builds.
#if defined(TRELLIS_ZEXUS_ASAN_FIBERS)
void asan_start_switch(void** fake, const Task& to) { __sanitizer_start_switch_fiber(fake, to.asan_bottom, to.asan_size); }
void asan_finish_switch(void* fake, Task* from) {
    const void* bottom = nullptr;
    size_t size = 0;
    __sanitizer_finish_switch_fiber(fake, &bottom, &size);
    if (from) {
        from->asan_bottom = bottom;
        from->asan_size = size;
    }
}
/// Before a task's stack is unmapped: clear the poison its frames left in the shadow memory.
void asan_forget_stack(void* mem, size_t size) { __asan_unpoison_memory_region(mem, size); }
#else
void asan_start_switch(void**, const Task&) {}
void asan_finish_switch(void*, Task*) {}
void asan_forget_stack(void*, size_t) {}
#endif

/// Unmaps a task's native stack (guard page included).
void unmap_stack(void* mem) {
    asan_forget_stack(mem, k_task_guard + k_task_native_stack);
    munmap(mem, k_task_guard + k_task_native_stack);
}
}  // namespace

struct TaskSet {
    explicit TaskSet(Evaluator& e) : ev(e) {
        add_roots(main);
        main.state = Task::State::running;
        main.started = true;  // the main program runs on the stack it was called on
    }
    ~TaskSet() {
        for (auto& t : tasks) release(*t);
        ev.m_heap.remove_root(&main.env);
        ev.m_heap.remove_root(&main.ret);
        ev.m_heap.remove_root(&main.call);
        ev.m_heap.remove_root(&main.result);
    }
    TaskSet(const TaskSet&) = delete;
    TaskSet& operator=(const TaskSet&) = delete;

    Evaluator& ev;
    Task main;
    Task* current = &main;
    std::vector<std::unique_ptr<Task>> tasks;
    std::deque<Task*> ready;
    std::vector<Task*> sleepers;
    uint64_t sleeps = 0;
    bool deadlock = false;            ///< main resumed because nothing else could run
    Task* switched_from = nullptr;    ///< the context the latest switch left (for the sanitizer's stack bounds)
    std::exception_ptr exit_pending;  ///< exit_program() in a task: the program ends at main's next resumption

    void add_roots(Task& t) {
        ev.m_heap.add_root(&t.env);
        ev.m_heap.add_root(&t.ret);
        ev.m_heap.add_root(&t.call);
        ev.m_heap.add_root(&t.result);
    }
    /// Frees a task's stacks and roots (the task is not running).
    void release(Task& t) {
        if (t.values) {
            ev.m_heap.remove_frame_stack(t.values.get());
            t.values.reset();
        }
        if (t.stack) {
            unmap_stack(t.stack);
            t.stack = nullptr;
        }
        ev.m_heap.remove_root(&t.env);
        ev.m_heap.remove_root(&t.ret);
        ev.m_heap.remove_root(&t.call);
        ev.m_heap.remove_root(&t.result);
        t.env = t.ret = t.call = Value::nil();
    }
    /// Frees the stacks of finished tasks other than the running one (their last switch has returned).
    void reap() {
        for (auto& t : tasks)
            if (t->state == Task::State::done && t.get() != current && (t->stack || t->values)) {
                if (t->values) {
                    ev.m_heap.remove_frame_stack(t->values.get());
                    t->values.reset();
                }
                unmap_stack(t->stack);
                t->stack = nullptr;
            }
    }

    void save(Task& t) {
        t.sp = ev.m_sp;
        t.limit = ev.m_limit;
        t.value_stack = ev.m_stack;
        t.current = ev.m_current;
        t.depth = ev.m_depth;
        t.native_limit = ev.m_native_limit;
        t.in_task = ev.m_in_task;
        t.env = ev.m_env;
        t.ret = ev.m_ret;
        t.eh = *eh_globals();
    }
    void load(Task& t) {
        ev.m_sp = t.sp;
        ev.m_limit = t.limit;
        ev.m_stack = t.value_stack;
        ev.m_current = t.current;
        ev.m_depth = t.depth;
        ev.m_native_limit = t.native_limit;
        ev.m_in_task = t.in_task;
        ev.m_env = t.env;
        ev.m_ret = t.ret;
        *eh_globals() = t.eh;
        t.env = t.ret = Value::nil();
    }

    /// Prepares a never-run task's stacks and context (entry: task_main). False (nothing allocated, `why` set) when
    /// the stacks cannot be mapped (too many live tasks).
    bool start(Task& t, std::string& why);
    /// Switches from the current context to `next` (which must not be current); returns when switched back.
    void switch_to(Task& next) {
        Task& prev = *current;
        save(prev);
        current = &next;
        next.state = Task::State::running;
        load(next);
        switched_from = &prev;
        void* fake = nullptr;
        // a finished task never comes back: its fake stack (ASan) goes with it
        asan_start_switch(prev.state == Task::State::done ? nullptr : &fake, next);
        swapcontext(&prev.context, &next.context);
        // resumed: whoever switched back loaded our state
        asan_finish_switch(fake, switched_from);
        reap();
    }
    /// The next context to run, or nullptr if none can (all wait).
    Task* pick() {
        if (exit_pending) return &main;
        if (!ready.empty()) {
            Task* t = ready.front();
            ready.pop_front();
            return t;
        }
        if (sleepers.empty()) return nullptr;
        size_t best = 0;
        for (size_t i = 1; i < sleepers.size(); ++i) {
            const Task* a = sleepers[i];
            const Task* b = sleepers[best];
            if (a->wake < b->wake || (a->wake == b->wake && a->sleep_order < b->sleep_order)) best = i;
        }
        Task* t = sleepers[best];
        sleepers.erase(sleepers.begin() + static_cast<std::ptrdiff_t>(best));
        std::this_thread::sleep_until(t->wake);
        return t;
    }
    /// The current context stops running (it is waiting, sleeping or done): run others until it is resumed.
    void block(const Node* at) {
        Task* next = pick();
        while (next && !next->started) {
            std::string why;
            if (start(*next, why)) break;
            try {  // the task ends with this error at once (raised at its await)
                ev.fail(next->at, "Cannot start a task: " + why);
            } catch (...) {
                next->error = std::current_exception();
            }
            finish(*next);
            next = pick();
        }
        if (!next) {
            if (current == &main) {
                main.state = Task::State::running;
                ev.fail(at, "Deadlock: every task is waiting for another task");
            }
            deadlock = true;  // a finished or waiting task with nothing runnable: main reports it
            next = &main;
        }
        if (next == current) {
            current->state = Task::State::running;
            return;
        }
        switch_to(*next);
        if (current == &main && exit_pending) {
            std::exception_ptr e = exit_pending;
            exit_pending = nullptr;
            std::rethrow_exception(e);
        }
    }
    void make_ready(Task* t) {
        t->state = Task::State::ready;
        ready.push_back(t);
    }
    void finish(Task& t) {
        t.state = Task::State::done;
        for (Task* w : t.waiters) make_ready(w);
        t.waiters.clear();
    }
};

namespace {
thread_local TaskSet* t_task_set = nullptr;

/// Entry of every task's native stack: runs the spawned call, records its result or error, then switches away
/// for good (the stacks are freed by the next context that resumes).
void task_main() {
    TaskSet& ts = *t_task_set;
    asan_finish_switch(nullptr, ts.switched_from);
    Task& t = *ts.current;
    Evaluator& ev = ts.ev;
    try {
        Value* base = ev.sp();
        auto* call = static_cast<core::List*>(t.call.as_object());
        const size_t n = call->length;
        for (size_t i = 0; i < n; ++i) ev.push(gc::list_get(static_cast<core::List*>(t.call.as_object()), i));
        t.call = Value::nil();
        t.result = ev.call_value(t.at, base, n - 1);
        ev.set_sp(base);
    } catch (const ZexusProgramExit&) {
        ts.exit_pending = std::current_exception();
    } catch (...) {
        t.error = std::current_exception();
    }
    ts.finish(t);
    ts.block(t.at);
    std::abort();  // a finished task is never resumed
}
}  // namespace

bool TaskSet::start(Task& t, std::string& why) {
    void* mem = mmap(nullptr, k_task_guard + k_task_native_stack, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (mem == MAP_FAILED || mprotect(mem, k_task_guard, PROT_NONE) != 0) {
        if (mem != MAP_FAILED) unmap_stack(mem);
        why = "no memory for its stack (too many tasks alive at once)";
        return false;
    }
    try {
        t.values = std::make_unique<core::FrameStack>(k_task_value_stack);
    } catch (const std::exception& e) {
        unmap_stack(mem);
        why = e.what();
        return false;
    }
    t.started = true;
    t.stack = mem;
    t.asan_bottom = mem;
    t.asan_size = k_task_guard + k_task_native_stack;
    ev.m_heap.add_frame_stack(t.values.get());
    t.sp = gc::push_value_frame(*t.values, k_task_chunk);
    t.limit = t.sp + k_task_chunk;
    t.value_stack = t.values.get();
    t.current = t.at;
    t.depth = 0;
    t.native_limit = reinterpret_cast<uintptr_t>(mem) + k_task_guard + (size_t(256) << 10);
    t.in_task = true;
    t.env = ev.m_globals;
    t.ret = Value::nil();
    t.eh = EhGlobals{nullptr, 0};
    getcontext(&t.context);
    t.context.uc_stack.ss_sp = mem;
    t.context.uc_stack.ss_size = k_task_guard + k_task_native_stack;
    t.context.uc_link = nullptr;
    t_task_set = this;
    makecontext(&t.context, task_main, 0);
    return true;
}

void TaskSetDeleter::operator()(TaskSet* tasks) const { delete tasks; }

Value Evaluator::spawn(const Node* at, Value* base, size_t argc) {
    if (!m_tasks) m_tasks.reset(new TaskSet(*this));
    TaskSet& ts = *m_tasks;
    auto task = std::make_unique<Task>();
    task->id = static_cast<uint32_t>(ts.tasks.size() + 1);
    task->at = at;
    ts.add_roots(*task);
    task->call = list_from(base, argc + 1);
    Task* t = task.get();
    ts.tasks.push_back(std::move(task));
    ts.ready.push_back(t);
    auto* v = gc::new_instance(m_heap, static_cast<uint16_t>(ZClass::task), 1);
    v->slots[0] = Value::small_int(t->id);
    return Value::object(v);
}

Value Evaluator::await_task(const Node* at, Value* v) {
    if (zclass(*v) != ZClass::task) fail(at, "Cannot await " + upper_type(*v) + " (not a task)");
    TaskSet& ts = *m_tasks;  // a task value exists, so the set does
    Task& t = *ts.tasks[static_cast<size_t>(inst(*v)->slots[0].as_small_int()) - 1];
    if (&t == ts.current) fail(at, "A task cannot await itself");
    if (t.state != Task::State::done) {
        t.waiters.push_back(ts.current);
        ts.current->state = Task::State::waiting;
        ts.block(at);
        if (t.state != Task::State::done) {
            // resumed by the deadlock rule: drop the wait
            ts.deadlock = false;
            auto& w = t.waiters;
            w.erase(std::remove(w.begin(), w.end(), ts.current), w.end());
            fail(at, "Deadlock: every task is waiting for another task");
        }
    }
    if (t.error) {
        t.error_seen = true;
        std::rethrow_exception(t.error);
    }
    return t.result;
}

void Evaluator::await_sleep(const Node* at, double seconds) {
    auto wake = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds > 0 ? seconds : 0));
    if (!m_tasks) {
        std::this_thread::sleep_until(wake);
        return;
    }
    TaskSet& ts = *m_tasks;
    Task& self = *ts.current;
    self.wake = wake;
    self.sleep_order = ts.sleeps++;
    self.state = Task::State::sleeping;
    ts.sleepers.push_back(&self);
    ts.block(at);
}

void Evaluator::finish_tasks() {
    if (!m_tasks) return;
    TaskSet& ts = *m_tasks;
    for (size_t i = 0; i < ts.tasks.size(); ++i) {  // tasks may spawn more while this runs
        Task& t = *ts.tasks[i];
        if (t.state == Task::State::done) continue;
        t.waiters.push_back(&ts.main);
        ts.main.state = Task::State::waiting;
        ts.block(t.at);
        if (t.state != Task::State::done) {
            ts.deadlock = false;
            fail(t.at, "Deadlock: a task is still waiting when the program ends");
        }
    }
    for (auto& t : ts.tasks)
        if (t->error && !t->error_seen) {
            t->error_seen = true;
            std::rethrow_exception(t->error);  // an error in a task nobody awaited
        }
}

// ---------------------------------------------------------------------------------------------- expressions

Value Evaluator::eval_spawn(Spawn* s) {
    Value* base = m_sp;
    size_t argc = 0;
    if (auto* c = s->call->as<Call>(); c && !c->callee->is<Member>()) {
        push(eval(c->callee));
        for (Node* a : c->args) push(eval(a));
        argc = c->args.size();
    } else if (auto* c2 = s->call->as<Call>()) {
        // `spawn obj.method(args)`: the bound method is called when the task starts
        auto* mem = c2->callee->as<Member>();
        push(eval(mem->object));
        Value target = method_target(mem, base);
        if (target.is_undefined()) fail(s, "spawn needs a call of an action or function");
        base[0] = target;
        for (Node* a : c2->args) push(eval(a));
        argc = c2->args.size();
    } else {
        push(eval(s->call));  // `spawn(f)`: f called without arguments
    }
    ZClass k = zclass(base[0]);
    if (k != ZClass::action && k != ZClass::lambda && k != ZClass::builtin)
        fail(s, "spawn needs a call of an action or function, got " + upper_type(base[0]));
    Value r = spawn(s, base, argc);
    m_sp = base;
    return r;
}

Value Evaluator::eval_await(Await* a) {
    // `await sleep(s)` with the builtin sleep: a cooperative sleep (§15).
    if (auto* c = a->operand->as<Call>(); c && c->callee->is<Ident>() && c->callee->as<Ident>()->name == "sleep") {
        bool found = false;
        lookup("sleep", found);
        if (!found) {
            if (c->args.size() != 1) fail(c, "sleep() takes 1 argument(s), got " + std::to_string(c->args.size()));
            Value s = eval(c->args[0]);
            if (!s.is_number()) fail(c, "sleep() expects a number of seconds");
            await_sleep(a, s.to_double());
            return Value::nil();
        }
    }
    Value* base = m_sp;
    // `await f(args)` where f is an async action: runs the call as a task and waits for it.
    if (auto* c = a->operand->as<Call>(); c && !c->callee->is<Member>()) {
        push(eval(c->callee));
        ZClass k = zclass(base[0]);
        if (k == ZClass::action || k == ZClass::lambda) {
            auto* fn = reinterpret_cast<Function*>(static_cast<core::Closure*>(base[0].as_object())->function.as_small_int());
            if (fn->flags & FnAsync) {
                for (Node* arg : c->args) push(eval(arg));
                push(spawn(a, base, c->args.size()));
                Value r = await_task(a, m_sp - 1);
                m_sp = base;
                return r;
            }
        }
        for (Node* arg : c->args) push(eval(arg));
        Value r = call_value(c, base, c->args.size());
        m_sp = base;
        push(r);
    } else {
        push(eval(a->operand));
    }
    Value r = await_task(a, base);
    m_sp = base;
    return r;
}

}  // namespace trellis::zexus
