// Randomized test of the heap against a shadow model held outside it: random object graphs are built and
// mutated through the write barrier, collections run at random, and after each step the graph reachable from
// the roots is compared node by node with the model. Weak references to every node must be cleared exactly
// when the model says the node is unreachable (after a major collection). Also: two heaps on two threads.
#include <catch2/catch.hpp>

#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "trellis/gc/handles.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"

using namespace trellis;
using core::Value;

namespace {

constexpr int fields = 3;
constexpr int root_count = 8;

struct Model {
    std::vector<std::array<int, fields>> edges;  // node id -> field targets (-1 = nil)
    std::array<int, root_count> roots{};
    std::vector<int> reachable() const {
        std::vector<char> seen(edges.size(), 0);
        std::vector<int> stack, out;
        for (int r : roots)
            if (r >= 0 && !seen[r]) seen[r] = 1, stack.push_back(r);
        while (!stack.empty()) {
            int n = stack.back();
            stack.pop_back();
            out.push_back(n);
            for (int t : edges[n])
                if (t >= 0 && !seen[t]) seen[t] = 1, stack.push_back(t);
        }
        return out;
    }
};

// Node layout: Instance with slot 0 = id (small int), slots 1..fields = references.
void check_graph(const Model& model, core::Array* roots) {
    std::unordered_map<int, core::Object*> seen;
    std::vector<std::pair<int, core::Object*>> stack;
    for (int r = 0; r < root_count; ++r) {
        Value v = roots->items[r];
        if (model.roots[r] < 0) {
            REQUIRE(v.is_nil());
            continue;
        }
        REQUIRE(v.is_object());
        stack.push_back({model.roots[r], v.as_object()});
    }
    while (!stack.empty()) {
        auto [id, o] = stack.back();
        stack.pop_back();
        auto* x = static_cast<core::Instance*>(o);
        REQUIRE(x->kind == core::Kind::instance);
        REQUIRE(x->slots[0].as_small_int() == id);
        auto it = seen.find(id);
        if (it != seen.end()) {
            REQUIRE(it->second == o);  // one node, one object: sharing is preserved by the copy
            continue;
        }
        seen.emplace(id, o);
        for (int f = 0; f < fields; ++f) {
            int t = model.edges[id][f];
            Value v = x->slots[1 + f];
            if (t < 0) {
                REQUIRE(v.is_nil());
            } else {
                REQUIRE(v.is_object());
                stack.push_back({t, v.as_object()});
            }
        }
    }
    REQUIRE(seen.size() == model.reachable().size());
}

void run_random_graph(uint64_t seed, int steps, gc::HeapConfig config) {
    std::mt19937_64 rng(seed);
    gc::Heap heap(config);
    gc::HandleScope scope(heap);
    gc::Local roots(heap, Value::object(gc::new_array(heap, root_count)));
    gc::Local weaks(heap, Value::object(gc::new_list(heap)));
    Model model;
    model.roots.fill(-1);
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    // The heap object of a reachable node, found by walking the same path as the model.
    auto find = [&](int id) -> core::Object* {
        // Each node's weak reference points at it while it is alive.
        auto* l = weaks.as<core::List>();
        return static_cast<core::WeakRef*>(gc::list_get(l, id).as_object())->target.as_object();
    };
    for (int step = 0; step < steps; ++step) {
        std::vector<int> live = model.reachable();
        int op = static_cast<int>(pick(100));
        if (op < 35 || live.empty()) {
            // New node stored into a root or into a field of a live node.
            int id = static_cast<int>(model.edges.size());
            model.edges.push_back({-1, -1, -1});
            auto* x = gc::new_instance(heap, 0, 1 + fields);
            x->slots[0] = Value::small_int(id);
            gc::HandleScope inner(heap);
            gc::Local node(heap, Value::object(x));
            // Give it some random existing children (all reachable, so the model holds them).
            for (int f = 0; f < fields && !live.empty(); ++f) {
                if (pick(2)) continue;
                int t = live[pick(live.size())];
                auto* n = node.as<core::Instance>();
                heap.store(n, n->slots[1 + f], Value::object(find(t)));
                model.edges[id][f] = t;
            }
            Value w = Value::object(gc::new_weak_ref(heap, node.get()));
            gc::list_push(heap, weaks.slot(), w);
            if (live.empty() || pick(3) == 0) {
                int r = static_cast<int>(pick(root_count));
                auto* ra = roots.as<core::Array>();
                heap.store(ra, ra->items[r], node.get());
                model.roots[r] = id;
            } else {
                int holder = live[pick(live.size())];
                int f = static_cast<int>(pick(fields));
                auto* h = static_cast<core::Instance*>(find(holder));
                heap.store(h, h->slots[1 + f], node.get());
                model.edges[holder][f] = id;
            }
        } else if (op < 75) {
            // Re-point a field of a live node at another live node or nil.
            int holder = live[pick(live.size())];
            int f = static_cast<int>(pick(fields));
            int t = pick(4) == 0 ? -1 : live[pick(live.size())];
            auto* h = static_cast<core::Instance*>(find(holder));
            heap.store(h, h->slots[1 + f], t < 0 ? Value::nil() : Value::object(find(t)));
            model.edges[holder][f] = t;
        } else if (op < 88) {
            // Drop or move a root.
            int r = static_cast<int>(pick(root_count));
            int t = pick(2) ? -1 : live[pick(live.size())];
            auto* ra = roots.as<core::Array>();
            heap.store(ra, ra->items[r], t < 0 ? Value::nil() : Value::object(find(t)));
            model.roots[r] = t;
        } else if (op < 97) {
            heap.collect_minor();
        } else {
            heap.collect_major();
            // After a full collection, exactly the unreachable nodes have cleared weak references.
            std::vector<char> alive(model.edges.size(), 0);
            for (int n : model.reachable()) alive[n] = 1;
            auto* l = weaks.as<core::List>();
            for (size_t n = 0; n < model.edges.size(); ++n) {
                Value t = static_cast<core::WeakRef*>(gc::list_get(l, n).as_object())->target;
                REQUIRE(t.is_nil() == !alive[n]);
            }
        }
        check_graph(model, roots.as<core::Array>());
    }
    heap.verify();
}

}  // namespace

TEST_CASE("random graphs mutated through the barrier match the shadow model") {
    gc::HeapConfig c = gc::HeapConfig::from_env();
    c.nursery_bytes = 64 * 1024;
    c.survivor_bytes = 8 * 1024;
    c.verify = true;
    const int steps = c.stress_every ? 600 : 3000;
    for (uint64_t seed : {1u, 2u, 3u}) {
        INFO("seed " << seed);
        run_random_graph(seed, steps, c);
    }
    c.promote_age = 1;
    run_random_graph(99, steps, c);
}

TEST_CASE("two heaps on two threads run at once") {
    auto work = [](int salt, long* out) {
        gc::HeapConfig c = gc::HeapConfig::from_env();
        c.nursery_bytes = 256 * 1024;
        c.survivor_bytes = 64 * 1024;
        gc::Heap heap(c);
        gc::HandleScope scope(heap);
        gc::Local list(heap, Value::object(gc::new_list(heap)));
        long sum = 0;
        const int n = c.stress_every ? 2000 : 100000;
        for (int i = 0; i < n; ++i) {
            auto* cell = gc::new_cell(heap, Value::small_int(i * salt));
            if (i % 10 == 0) gc::list_push(heap, list.slot(), Value::object(cell));
        }
        auto* l = list.as<core::List>();
        for (uint64_t i = 0; i < l->length; ++i)
            sum += static_cast<core::Cell*>(gc::list_get(l, i).as_object())->value.as_small_int();
        *out = sum;
    };
    long a = 0, b = 0;
    std::thread t1(work, 1, &a);
    std::thread t2(work, 3, &b);
    t1.join();
    t2.join();
    const long n = gc::HeapConfig::from_env().stress_every ? 2000 : 100000;
    long expect = 0;
    for (long i = 0; i < n; i += 10) expect += i;
    CHECK(a == expect);
    CHECK(b == 3 * expect);
}
