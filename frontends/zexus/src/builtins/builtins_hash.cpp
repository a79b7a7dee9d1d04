/// @file builtins_hash.cpp
/// Loads the Crypto++ hash module (`libtrellis_zexus_hash.so`, plugins/hash_cryptopp.cpp) with dlopen on the
/// first digest (builtins_hash.hpp) and calls its `trellis_zexus_digest`. Keeping Crypto++ out of trellis-zx
/// saves its load and static initialisers at every start (~1.3 ms; docs/zexus.md "Startup").
/// Search order: $TRELLIS_ZEXUS_HASH_MODULE, the running executable's directory (the build tree), its
/// ../lib/trellis (the installed layout), the path the module was built at, then the loader's default search.
#include "builtins/builtins_hash.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <string>
#include <vector>

namespace trellis::zexus {

namespace {

using DigestFn = size_t (*)(const char*, const uint8_t*, size_t, uint8_t*);
constexpr const char* k_module = "libtrellis_zexus_hash.so";

struct HashModule {
    DigestFn fn = nullptr;
    std::string error;
};

/// Candidate paths of the module, most specific first.
std::vector<std::string> candidates() {
    std::vector<std::string> paths;
    if (const char* env = std::getenv("TRELLIS_ZEXUS_HASH_MODULE"); env && *env) paths.emplace_back(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        std::string dir(exe, static_cast<size_t>(n));
        dir.erase(dir.find_last_of('/') + 1);
        paths.push_back(dir + k_module);
        paths.push_back(dir + "../lib/trellis/" + k_module);
    }
#ifdef TRELLIS_ZEXUS_HASH_MODULE_PATH
    paths.emplace_back(TRELLIS_ZEXUS_HASH_MODULE_PATH);
#endif
    paths.emplace_back(k_module);
    return paths;
}

HashModule load() {
    HashModule m;
    for (const std::string& path : candidates()) {
        void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!lib) {
            if (m.error.empty()) m.error = dlerror();
            continue;
        }
        m.fn = reinterpret_cast<DigestFn>(dlsym(lib, "trellis_zexus_digest"));
        if (m.fn) return m;
        m.error = path + ": no trellis_zexus_digest";
        dlclose(lib);
    }
    m.error = std::string("the hash module ") + k_module + " could not be loaded (" + m.error + ")";
    return m;
}

}  // namespace

size_t compute_digest(const char* algorithm, std::string_view data, uint8_t* out, std::string& error) {
    static const HashModule module = load();
    if (!module.fn) {
        error = module.error;
        return SIZE_MAX;
    }
    return module.fn(algorithm, reinterpret_cast<const uint8_t*>(data.data()), data.size(), out);
}

}  // namespace trellis::zexus
