// Instances share nothing mutable: N instances of each language on N threads at once, each running its own
// work and checking its own results. scripts/tsan.sh runs this test under ThreadSanitizer.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "languages.hpp"
#include "trellis/embed.hpp"

using namespace trellis::embed;

TEST_CASE("N instances on N threads run concurrently", "[embed][threads]") {
    constexpr int threads_per_language = 4;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0}, done{0};
    const auto names = Instance::languages();
    for (const auto& c : trellis::embed_test::language_cases()) {
        if (std::find(names.begin(), names.end(), c.name) == names.end()) continue;
        for (int t = 0; t < threads_per_language; ++t) {
            threads.emplace_back([&, c, t] {
                Config config;
                config.output = [](std::string_view, bool) {};
                auto inst = Instance::create(c.name, config);
                if (!inst || !inst->eval(c.prelude).ok()) {
                    ++failures;
                    return;
                }
                for (int i = 0; i < 200; ++i) {
                    Result r = call(*inst, c.add_signature, {Value::integer(t), Value::integer(i)});
                    if (!r.ok()) {
                        ++failures;
                        return;
                    }
                    const Value& v = r.value();
                    int64_t n = v.type() == Type::integer ? v.as_int()
                                                          : static_cast<uint8_t>(v.as_string().back()) +
                                                                256 * static_cast<uint8_t>(v.as_string()[30]);
                    if (n != t + i) ++failures;
                }
                if (!inst->eval(c.small_loop).ok()) ++failures;
                ++done;
            });
        }
    }
    for (auto& th : threads) th.join();
    CHECK(failures == 0);
    CHECK(done == static_cast<int>(threads.size()));
    CHECK(threads.size() >= 2);
}
