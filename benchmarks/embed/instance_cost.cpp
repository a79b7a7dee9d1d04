// trellis-embed-cost [--instances N] [--cycles N]: for every language of the embedding API, the resident memory an
// empty instance adds (N instances kept alive at once, RSS from /proc/self/statm before and after, divided by N;
// then the same after each instance ran one tiny program) and the time to create and destroy one (median and
// p90 of N cycles, steady_clock). Prints a table and one JSON line per language.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "trellis/embed.hpp"

using namespace trellis::embed;

namespace {

/// Resident set size in bytes (/proc/self/statm, second field).
size_t rss_bytes() {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long pages = 0, resident = 0;
    if (std::fscanf(f, "%lu %lu", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
    return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

const char* tiny_program(const std::string& language) {
    return language == "evm" ? "PUSH1 1 PUSH1 2 ADD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN" : "1 + 2";
}

Config quiet() {
    Config c;
    c.output = [](std::string_view, bool) {};
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    int instances = 100, cycles = 1000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--instances")) instances = std::max(1, std::atoi(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--cycles")) cycles = std::max(1, std::atoi(argv[i + 1]));
    }
    std::printf("| language | empty instance RSS | after one tiny eval | create+destroy median | p90 |\n");
    std::printf("|----------|-------------------:|--------------------:|----------------------:|----:|\n");
    std::vector<std::string> json;
    for (const std::string& lang : Instance::languages()) {
        {  // warm up the process (allocator arenas, code pages, lazily loaded state) before measuring
            auto warm = Instance::create(lang, quiet());
            warm->eval(tiny_program(lang));
        }
        std::vector<std::unique_ptr<Instance>> alive;
        alive.reserve(instances);
        const size_t before = rss_bytes();
        for (int i = 0; i < instances; ++i) alive.push_back(Instance::create(lang, quiet()));
        const size_t empty = rss_bytes();
        for (auto& inst : alive) inst->eval(tiny_program(lang));
        const size_t used = rss_bytes();
        alive.clear();
        const double empty_kib = double(empty - before) / instances / 1024.0;
        const double used_kib = double(used - before) / instances / 1024.0;

        std::vector<double> us;
        us.reserve(cycles);
        for (int i = 0; i < cycles; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            { auto inst = Instance::create(lang, quiet()); }
            us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
        }
        std::sort(us.begin(), us.end());
        const double median = us[us.size() / 2], p90 = us[us.size() * 9 / 10];
        std::printf("| %-8s | %14.1f KiB | %15.1f KiB | %18.1f us | %5.1f us |\n", lang.c_str(), empty_kib, used_kib,
                    median, p90);
        char line[256];
        std::snprintf(line, sizeof line,
                      "{\"language\":\"%s\",\"empty_rss_kib\":%.1f,\"after_eval_rss_kib\":%.1f,\"create_destroy_us_median\":%.2f,\"p90\":%.2f}",
                      lang.c_str(), empty_kib, used_kib, median, p90);
        json.push_back(line);
    }
    for (const std::string& j : json) std::printf("%s\n", j.c_str());
    return 0;
}
