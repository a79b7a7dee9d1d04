/// @file repl.cpp
/// The `trellis-st` REPL (repl.hpp).
#include "repl.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "trellis/core/line_reader.hpp"

namespace trellis::smalltalk {

namespace {

/// Net count of open `(` and `[` outside strings and comments, and whether a string or comment is unterminated.
int open_depth(const std::string& text) {
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quote) {
            if (quote == '\'' && c == '\\') ++i;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') quote = c;
        else if (c == '(' || c == '[') ++depth;
        else if (c == ')' || c == ']') --depth;
    }
    return quote ? depth + 1 : depth;
}

}  // namespace

int run_repl(Vm& vm) {
    const char* home = std::getenv("HOME");
    core::LineReader reader(isatty(0) && home && *home ? std::string(home) + "/.trellis_st_history" : "");
    if (isatty(0))
        std::puts("trellis-st: SOM Smalltalk. Statements print their value; `Name = Super ( ... )` defines a class; "
                  "Ctrl-D ends.");
    std::string input, line;
    while (reader.read(input.empty() ? "st> " : "...> ", line)) {
        input += line;
        input += '\n';
        if (open_depth(input) > 0) continue;
        bool blank = input.find_first_not_of(" \t\r\n") == std::string::npos;
        if (!blank && !vm.repl_input(input)) return 0;
        input.clear();
    }
    if (!input.empty() && input.find_first_not_of(" \t\r\n") != std::string::npos) vm.repl_input(input);
    return 0;
}

}  // namespace trellis::smalltalk
