// Inline caches of method call sites (see method_cache.hpp for what an entry checks).
#include "runtime/method_cache.hpp"

#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/containers.hpp"
#include "runtime/vm.hpp"

namespace trellis::perl {

namespace {

/// One @ISA the search read: its glob and the package names it held then.
struct IsaSnapshot {
    uint32_t glob;
    std::vector<std::string> parents;
};

/// What one (site, class) search found and what it depended on.
struct Entry {
    size_t glob_count = 0;              ///< size of the symbol table at the search
    uint32_t found = 0;                 ///< glob whose sub was found
    std::vector<uint32_t> absent;       ///< globs of the method name searched before, with no sub then
    std::vector<IsaSnapshot> isas;      ///< @ISA arrays read, in search order
};

uint64_t key_of(const Ins* ip, uint16_t class_id) {
    return (static_cast<uint64_t>(reinterpret_cast<uintptr_t>(ip)) << 16) | class_id;
}

bool snapshot_isa(Vm& vm, uint32_t g, IsaSnapshot& out) {
    out.glob = g;
    Value arr = vm.globs[g].av;
    if (arr.is_nil()) return true;
    for (uint64_t i = 0; i < av::len(arr); ++i) out.parents.push_back(to_str(av::fetch(arr, static_cast<int64_t>(i))));
    return true;
}

bool isa_unchanged(Vm& vm, const IsaSnapshot& snap) {
    Value arr = vm.globs[snap.glob].av;
    const uint64_t n = arr.is_nil() ? 0 : av::len(arr);
    if (n != snap.parents.size()) return false;
    for (uint64_t i = 0; i < n; ++i) {
        std::string_view v;
        if (!str_view(av::fetch(arr, static_cast<int64_t>(i)), v) || v != snap.parents[i]) return false;
    }
    return true;
}

Value search(Vm& vm, const std::string& pkg, const std::string& name, int depth, Entry& e) {
    if (depth > 100) return Value::nil();
    int64_t g = vm.find_glob(pkg + "::" + name);
    if (g >= 0) {
        if (!vm.globs[static_cast<size_t>(g)].cv.is_nil()) {
            e.found = static_cast<uint32_t>(g);
            return vm.globs[static_cast<size_t>(g)].cv;
        }
        e.absent.push_back(static_cast<uint32_t>(g));
    }
    int64_t ig = vm.find_glob(pkg + "::ISA");
    if (ig < 0) return Value::nil();
    e.isas.emplace_back();
    snapshot_isa(vm, static_cast<uint32_t>(ig), e.isas.back());
    const std::vector<std::string> parents = e.isas.back().parents;
    for (const std::string& parent : parents) {
        Value m = search(vm, parent, name, depth + 1, e);
        if (!m.is_nil()) return m;
    }
    return Value::nil();
}

}  // namespace

struct Vm::MethodCache {
    std::unordered_map<uint64_t, Entry> entries;  ///< nodes never erased: an Entry's address is stable
    /// The last entry found per (site, class) hash: a direct-mapped front of `entries`, so a monomorphic site
    /// costs a compare instead of a hash-table probe.
    struct Recent {
        uint64_t key = 0;  ///< key_of(); 0 is no site
        const Entry* entry = nullptr;
    };
    std::array<Recent, 256> recent{};
};

void Vm::MethodCacheDeleter::operator()(MethodCache* c) const { delete c; }

Value method_cache_lookup(Vm& vm, const Ins* ip, uint16_t class_id) {
    if (!vm.method_cache) return Value::nil();
    const uint64_t key = key_of(ip, class_id);
    auto& recent = vm.method_cache->recent[(key ^ (key >> 20)) & 255];
    if (TRELLIS_UNLIKELY(recent.key != key)) {
        auto it = vm.method_cache->entries.find(key);
        if (it == vm.method_cache->entries.end()) return Value::nil();
        recent.key = key;
        recent.entry = &it->second;
    }
    const Entry& e = *recent.entry;
    if (vm.globs.size() != e.glob_count) return Value::nil();
    for (uint32_t g : e.absent)
        if (!vm.globs[g].cv.is_nil()) return Value::nil();
    for (const IsaSnapshot& snap : e.isas)
        if (!isa_unchanged(vm, snap)) return Value::nil();
    return vm.globs[e.found].cv;
}

Value method_cache_resolve(Vm& vm, const Ins* ip, uint16_t class_id, const std::string& start,
                           const std::string& name, bool super) {
    Entry e;
    Value code = Value::nil();
    if (super) {
        int64_t ig = vm.find_glob(start + "::ISA");
        if (ig >= 0) {
            e.isas.emplace_back();
            snapshot_isa(vm, static_cast<uint32_t>(ig), e.isas.back());
            const std::vector<std::string> parents = e.isas.back().parents;
            for (const std::string& parent : parents) {
                code = search(vm, parent, name, 0, e);
                if (!code.is_nil()) break;
            }
        }
    } else {
        code = search(vm, start, name, 0, e);
    }
    if (code.is_nil() || ip == nullptr) return code;
    e.glob_count = vm.globs.size();
    if (!vm.method_cache) vm.method_cache.reset(new Vm::MethodCache);
    vm.method_cache->entries[key_of(ip, class_id)] = std::move(e);
    return code;
}

}  // namespace trellis::perl
