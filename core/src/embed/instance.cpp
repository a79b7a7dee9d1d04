// Instance creation by language name over the umbrella library's table (embed/language.hpp), instance ids and
// the language-neutral run_file.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

#include "trellis/embed.hpp"
#include "trellis/embed/language.hpp"

namespace trellis::embed {

namespace {
std::atomic<uint64_t> g_next_id{1};  // the only shared state: a counter, so handles never match a new instance
}

Instance::Instance(Config config) : m_config(std::move(config)), m_id(g_next_id.fetch_add(1)) {}
Instance::~Instance() = default;

std::unique_ptr<Instance> Instance::create(std::string_view language, Config config, Error* error) {
    Error local;
    Error& e = error ? *error : local;
    for (const Language* l : builtin_languages()) {
        if (language != l->name) continue;
        try {
            return l->create(std::move(config), e);
        } catch (const std::exception& ex) {
            e = Error{ErrorKind::usage, std::string("cannot create a ") + l->name + " instance: " + ex.what(), {}};
            return nullptr;
        }
    }
    std::string known;
    for (const std::string& n : languages()) known += (known.empty() ? "" : ", ") + n;
    e = Error{ErrorKind::usage, "unknown language '" + std::string(language) + "' (built in: " + known + ")", {}};
    return nullptr;
}

std::vector<std::string> Instance::languages() {
    std::vector<std::string> names;
    for (const Language* l : builtin_languages()) names.emplace_back(l->name);
    std::sort(names.begin(), names.end());
    return names;
}

Result Instance::run_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Result::failure(ErrorKind::usage, "cannot open file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return eval(text.str(), path);
}

}  // namespace trellis::embed
