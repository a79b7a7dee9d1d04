// trellis-embed-cost [--instances N] [--cycles N]: for every language of the embedding API, the resident memory an
// empty instance adds (N instances kept alive at once, RSS from /proc/self/statm before and after, divided by N;
// then the same after each instance ran one tiny program) and the time to create and destroy one (median and
// p90 of N cycles, steady_clock). Prints a table and one JSON line per language.
// Each language is measured in a child process of its own (fork): measured one after the other in one process, a
// language's instances reused the pages the previous language's instances had freed (the allocator keeps them
// resident), so its RSS growth came out too small (Zexus after Smalltalk: 38.7 KiB instead of ~92 KiB), and a
// shrinking RSS wrapped around in the unsigned subtraction.
#include <sys/wait.h>
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

/// One language's figures (KiB per instance, microseconds per create+destroy).
struct Row {
    double empty_kib, used_kib, median, p90;
};

/// Measures `lang` in this process (a fresh child: nothing of another language's instances is resident).
Row measure(const std::string& lang, int instances, int cycles) {
    {  // warm up the process (allocator arenas, code pages, lazily loaded state) before measuring
        auto warm = Instance::create(lang, quiet());
        warm->eval(tiny_program(lang));
    }
    std::vector<std::unique_ptr<Instance>> alive;
    alive.reserve(instances);
    const double before = double(rss_bytes());
    for (int i = 0; i < instances; ++i) alive.push_back(Instance::create(lang, quiet()));
    const double empty = double(rss_bytes());
    for (auto& inst : alive) inst->eval(tiny_program(lang));
    const double used = double(rss_bytes());
    alive.clear();
    Row row{};
    row.empty_kib = (empty - before) / instances / 1024.0;
    row.used_kib = (used - before) / instances / 1024.0;

    std::vector<double> us;
    us.reserve(cycles);
    for (int i = 0; i < cycles; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        { auto inst = Instance::create(lang, quiet()); }
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(us.begin(), us.end());
    row.median = us[us.size() / 2];
    row.p90 = us[us.size() * 9 / 10];
    return row;
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
        int fds[2];
        if (pipe(fds) != 0) return 1;
        std::fflush(stdout);
        const pid_t child = fork();
        if (child < 0) return 1;
        if (child == 0) {
            close(fds[0]);
            const Row row = measure(lang, instances, cycles);
            const bool ok = write(fds[1], &row, sizeof row) == static_cast<ssize_t>(sizeof row);
            _exit(ok ? 0 : 1);
        }
        close(fds[1]);
        Row row{};
        const bool got = read(fds[0], &row, sizeof row) == static_cast<ssize_t>(sizeof row);
        close(fds[0]);
        int status = 0;
        waitpid(child, &status, 0);
        if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::printf("| %-8s | measurement failed |\n", lang.c_str());
            continue;
        }
        std::printf("| %-8s | %14.1f KiB | %15.1f KiB | %18.1f us | %5.1f us |\n", lang.c_str(), row.empty_kib,
                    row.used_kib, row.median, row.p90);
        char line[256];
        std::snprintf(line, sizeof line,
                      "{\"language\":\"%s\",\"empty_rss_kib\":%.1f,\"after_eval_rss_kib\":%.1f,\"create_destroy_us_median\":%.2f,\"p90\":%.2f}",
                      lang.c_str(), row.empty_kib, row.used_kib, row.median, row.p90);
        json.push_back(line);
    }
    for (const std::string& j : json) std::printf("%s\n", j.c_str());
    return 0;
}
