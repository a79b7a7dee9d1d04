/// @file language.hpp
/// What a frontend implements to join the embedding API (trellis/embed.hpp): an Instance subclass and one
/// Language entry naming its factory. The adapter lives in the frontend (frontends/LANG/src/embed/*.cpp) and
/// defines `const trellis::embed::Language& trellis::LANG::embed_language()`; cmake/TrellisEmbed.cmake builds
/// every frontend's adapter and generates the umbrella library's table (builtin_languages) from the frontends
/// present, so a frontend joins by adding its src/embed/ folder and nothing else.
#pragma once
#include <memory>
#include <span>

#include "trellis/embed.hpp"

namespace trellis::embed {

/// One language the umbrella library can create.
struct Language {
    /// Lower-case name used by Instance::create ("evm", "zexus").
    const char* name;
    /// Creates an instance; on failure returns nullptr and fills `error` (never null).
    std::unique_ptr<Instance> (*create)(Config config, Error& error);
};

/// The languages compiled into this library (defined by the generated file of the umbrella library `trellis`).
std::span<const Language* const> builtin_languages() noexcept;

}  // namespace trellis::embed
