/// @file repl.cpp
/// The `trellis-st` REPL (repl.hpp).
#include "repl.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

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

class LineReader {
public:
    LineReader() {
        if (!isatty(0)) return;
        m_lib = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
        if (!m_lib) return;
        m_readline = reinterpret_cast<char* (*)(const char*)>(dlsym(m_lib, "readline"));
        m_add_history = reinterpret_cast<int (*)(const char*)>(dlsym(m_lib, "add_history"));
    }
    ~LineReader() {
        if (m_lib) dlclose(m_lib);
    }
    /// The next line without its newline; false at end of input.
    bool read(const char* prompt, std::string& line) {
        if (m_readline) {
            char* p = m_readline(prompt);
            if (!p) return false;
            line = p;
            if (!line.empty() && m_add_history) m_add_history(p);
            std::free(p);
            return true;
        }
        if (isatty(0)) {
            std::fputs(prompt, stdout);
            std::fflush(stdout);
        }
        // stdio, not std::cin: <iostream>'s static initializer (the standard streams and their locales) cost 50k
        // instructions and several page faults at every start of trellis-st, REPL or not
        char* buf = nullptr;
        size_t cap = 0;
        const ssize_t n = ::getline(&buf, &cap, stdin);
        if (n < 0) {
            std::free(buf);
            return false;
        }
        line.assign(buf, static_cast<size_t>(n));
        std::free(buf);
        if (!line.empty() && line.back() == '\n') line.pop_back();
        return true;
    }

private:
    void* m_lib = nullptr;
    char* (*m_readline)(const char*) = nullptr;
    int (*m_add_history)(const char*) = nullptr;
};

}  // namespace

int run_repl(Vm& vm) {
    LineReader reader;
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
