// HeapConfig::small_start_bytes (gc/src/heap.cpp): a small-start heap's eden begins with a stretch advised
// MADV_NOHUGEPAGE that ends at a 2 MiB boundary, so an empty heap costs a few 4 KiB pages; the rest of the
// nursery is advised MADV_HUGEPAGE, and the heap allocates, warms up and collects across the boundary like any
// other. A default heap is advised MADV_HUGEPAGE from eden's first byte. Read from /proc/self/smaps: the VmFlags
// of the mapping holding an address ("hg" = MADV_HUGEPAGE, "nh" = MADV_NOHUGEPAGE, as proc(5) lists them) and
// its Rss, which do not depend on the system's transparent-huge-page mode.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "trellis/gc/handles.hpp"
#include "trellis/gc/heap.hpp"
#include "trellis/gc/objects.hpp"

using namespace trellis;
using core::Value;

namespace {

/// What smaps says about the mapping that contains one address.
struct Mapping {
    bool found = false;
    size_t rss_kib = 0;
    std::string flags;  // the VmFlags line's two-letter codes, space-separated
    bool has_flag(const std::string& f) const { return (" " + flags + " ").find(" " + f + " ") != std::string::npos; }
};

Mapping mapping_of(const void* p) {
    const auto a = reinterpret_cast<uintptr_t>(p);
    std::ifstream in("/proc/self/smaps");
    Mapping m;
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        unsigned long lo = 0, hi = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2 && line.find(':') > line.find(' ')) {
            if (inside) break;  // the next mapping begins
            inside = a >= lo && a < hi;
            m.found = m.found || inside;
            continue;
        }
        if (!inside) continue;
        if (line.rfind("Rss:", 0) == 0) m.rss_kib = std::stoul(line.substr(4));
        if (line.rfind("VmFlags:", 0) == 0) m.flags = line.substr(8);
    }
    return m;
}

gc::HeapConfig config(size_t small_start_bytes) {
    gc::HeapConfig c = gc::HeapConfig::from_env();
    c.stress_every = 0;  // allocation across the boundary and the warm-up are tested; stress mode never warms up
    c.verify = false;
    c.small_start_bytes = small_start_bytes;
    return c;
}

constexpr size_t huge_page = size_t(2) << 20;

}  // namespace

TEST_CASE("a default heap advises its nursery MADV_HUGEPAGE from the start") {
    gc::Heap heap(config(0));
    gc::HandleScope scope(heap);
    gc::Local s(heap, Value::object(gc::new_string(heap, "young")));
    CHECK(reinterpret_cast<uintptr_t>(s.as<>()) % huge_page == 0);  // eden's first byte starts a huge page
    const Mapping m = mapping_of(s.as<>());
    REQUIRE(m.found);
    CHECK(m.has_flag("hg"));
    CHECK_FALSE(m.has_flag("nh"));
}

TEST_CASE("a small-start heap touches 4 KiB pages first, then huge pages past the boundary, keeping its objects") {
    const size_t small = 256u << 10;
    gc::Heap heap(config(small));
    gc::HandleScope scope(heap);
    gc::Local first(heap, Value::object(gc::new_string(heap, "first")));
    const auto first_at = reinterpret_cast<uintptr_t>(first.as<>());
    CHECK((first_at + small) % huge_page == 0);  // the stretch ends at a huge-page boundary
    CHECK(heap.is_young(first.as<>()));
    const Mapping before = mapping_of(first.as<>());
    REQUIRE(before.found);
    CHECK(before.has_flag("nh"));
    CHECK_FALSE(before.has_flag("hg"));
    // One string touched one 4 KiB page of eden (a huge page would be 2048 KiB).
    CHECK(before.rss_kib < 64);
    const Mapping beyond = mapping_of(reinterpret_cast<const void*>(first_at + small));
    REQUIRE(beyond.found);
    CHECK(beyond.has_flag("hg"));

    // A chain of instances over more than half of eden: the warm-up runs in the middle of it.
    gc::Local head(heap, Value::nil());
    const size_t node_bytes = 8 + 2 * sizeof(Value);
    const long n = static_cast<long>(heap.config().nursery_bytes / 2 / node_bytes) + 1000;
    for (long i = 0; i < n; ++i) {
        auto* o = gc::new_instance(heap, 0, 2);
        o->slots[0] = head.get();
        o->slots[1] = Value::small_int(i);
        head.set(Value::object(o));
    }
    CHECK(heap.stats().minor_collections == 0);  // all of it still in eden, past the boundary
    CHECK(reinterpret_cast<uintptr_t>(head.as<>()) >= first_at + small);
    CHECK(heap.is_young(head.as<>()));

    long ok = 0;
    Value v = head.get();
    for (long i = n - 1; v.is_object(); --i, ++ok) {
        auto* o = static_cast<core::Instance*>(v.as_object());
        REQUIRE(o->slots[1].as_small_int() == i);
        v = o->slots[0];
    }
    CHECK(ok == n);
    CHECK(first.as<core::String>()->view() == "first");
    heap.collect_minor();  // and it collects like any heap
    heap.collect_major();
    heap.verify();
    CHECK(first.as<core::String>()->view() == "first");
    CHECK_FALSE(heap.is_young(first.as<>()));
    v = head.get();
    for (long i = n - 1; i >= n - 3; --i) {
        REQUIRE(v.is_object());
        CHECK(static_cast<core::Instance*>(v.as_object())->slots[1].as_small_int() == i);
        v = static_cast<core::Instance*>(v.as_object())->slots[0];
    }
}

TEST_CASE("a small start is capped at a quarter of eden") {
    gc::HeapConfig c = config(size_t(1) << 30);
    c.nursery_bytes = 256u << 10;
    c.survivor_bytes = 64u << 10;
    gc::Heap heap(c);
    gc::HandleScope scope(heap);
    gc::Local s(heap, Value::object(gc::new_string(heap, "x")));
    CHECK((reinterpret_cast<uintptr_t>(s.as<>()) + (64u << 10)) % huge_page == 0);
}

TEST_CASE("TRELLIS_GC_SMALL_START_KB is read by HeapConfig::from_env") {
    const char* old = std::getenv("TRELLIS_GC_SMALL_START_KB");
    const std::string saved = old ? old : "";
    setenv("TRELLIS_GC_SMALL_START_KB", "128", 1);
    CHECK(gc::HeapConfig::from_env().small_start_bytes == (128u << 10));
    setenv("TRELLIS_GC_SMALL_START_KB", "0", 1);
    CHECK(gc::HeapConfig::from_env().small_start_bytes == 0);
    if (old)
        setenv("TRELLIS_GC_SMALL_START_KB", saved.c_str(), 1);
    else
        unsetenv("TRELLIS_GC_SMALL_START_KB");
}
