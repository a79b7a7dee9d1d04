/// @file error.hpp
/// The error type parsers, loaders and host APIs throw (never the dispatch loops, which return status codes),
/// with an optional source position for diagnostics.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace trellis::core {

/// A position in a source text or input file: 1-based line and column; 0 means "unknown".
struct SourcePos {
    uint32_t line = 0;
    uint32_t column = 0;
};

/// A user-facing error: bad input (malformed hex, JSON, bytecode, source), resource limits, host misuse.
/// `what()` is the complete message; `pos()` is where in the input it was found, if known.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, SourcePos pos = {}) : std::runtime_error(message), m_pos(pos) {}
    /// Where the error was found (line/column 0 if unknown).
    SourcePos pos() const noexcept { return m_pos; }

private:
    SourcePos m_pos;
};

}  // namespace trellis::core
