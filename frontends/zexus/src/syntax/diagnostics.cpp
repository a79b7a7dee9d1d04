// diagnostics.cpp: ZexusSyntaxError construction and caret rendering (see diagnostics.hpp).
#include "trellis/zexus/diagnostics.hpp"

namespace trellis::zexus {

ZexusSyntaxError::ZexusSyntaxError(std::string file, uint32_t line, uint32_t column, std::string message)
    : core::Error("Syntax error at " + file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                      message,
                  core::SourcePos{line, column}),
      m_file(std::move(file)),
      m_message(std::move(message)) {}

std::string render_syntax_error(const ZexusSyntaxError& err, std::string_view source) {
    std::string out = err.what();
    uint32_t line = 1;
    size_t start = 0;
    while (line < err.line() && start < source.size()) {
        size_t nl = source.find('\n', start);
        if (nl == std::string_view::npos) return out;
        start = nl + 1;
        ++line;
    }
    if (line != err.line() || err.line() == 0) return out;
    size_t end = source.find('\n', start);
    std::string_view text = source.substr(start, end == std::string_view::npos ? source.size() - start : end - start);
    out += "\n  ";
    out += text;
    out += "\n  ";
    for (uint32_t c = 1; c < err.column(); ++c) out += (c - 1 < text.size() && text[c - 1] == '\t') ? '\t' : ' ';
    out += '^';
    return out;
}

}  // namespace trellis::zexus
