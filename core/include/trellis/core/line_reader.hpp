/// @file line_reader.hpp
/// Line input for every frontend's REPL (trellis-perl, trellis-st, trellis-zx): libedit's readline() with
/// history (editing keys, up/down through earlier lines, kept in a history file between sessions when one is
/// named) when stdin is a terminal, plain getline(3) without prompts otherwise (a REPL fed by a pipe, as the
/// tests run it). libedit is loaded with dlopen when a reader is made on a terminal, so the binaries neither
/// link it nor pay for it unless a REPL starts; when it is missing the terminal gets plain prompts and lines.
/// Input goes through stdio, not <iostream>: the standard streams' static initializer costs every start of a
/// binary that includes it (about 50k instructions and several page faults), REPL or not.
#pragma once
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace trellis::core {

/// Reads one line of `in` into `line`, without its newline (a last line without one is kept whole); false at
/// end of input or on a read error (`line` unchanged). Any length; the buffer is getline(3)'s.
inline bool read_line(std::FILE* in, std::string& line) {
    char* buf = nullptr;
    size_t cap = 0;
    const ssize_t n = ::getline(&buf, &cap, in);
    if (n >= 0) {
        line.assign(buf, static_cast<size_t>(n));
        if (!line.empty() && line.back() == '\n') line.pop_back();
    }
    std::free(buf);
    return n >= 0;
}

class LineReader {
public:
    /// `history_file`: where history is read from now and written to at destruction ("" for none).
    explicit LineReader(std::string history_file = "") : m_history_file(std::move(history_file)) {
        if (!isatty(0)) return;
        m_lib = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
        if (!m_lib) return;
        m_readline = reinterpret_cast<char* (*)(const char*)>(dlsym(m_lib, "readline"));
        m_add_history = reinterpret_cast<int (*)(const char*)>(dlsym(m_lib, "add_history"));
        m_read_history = reinterpret_cast<int (*)(const char*)>(dlsym(m_lib, "read_history"));
        m_write_history = reinterpret_cast<int (*)(const char*)>(dlsym(m_lib, "write_history"));
        if (m_read_history && !m_history_file.empty()) m_read_history(m_history_file.c_str());
    }
    ~LineReader() {
        if (m_write_history && !m_history_file.empty() && m_added) m_write_history(m_history_file.c_str());
        if (m_lib) dlclose(m_lib);
    }
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// True when lines come from a terminal (prompts are shown).
    static bool interactive() { return isatty(0) != 0; }
    /// The next line, without its newline, into `line`; false at end of input (Ctrl-D). On a terminal a
    /// non-empty line is added to the history. `prompt` is shown only on a terminal.
    bool read(const char* prompt, std::string& line) {
        if (m_readline) {
            char* p = m_readline(prompt);
            if (!p) return false;
            line = p;
            if (!line.empty() && m_add_history) {
                m_add_history(p);
                m_added = true;
            }
            std::free(p);
            return true;
        }
        if (interactive()) {
            std::fputs(prompt, stdout);
            std::fflush(stdout);
        }
        return read_line(stdin, line);
    }

private:
    std::string m_history_file;
    void* m_lib = nullptr;
    bool m_added = false;
    char* (*m_readline)(const char*) = nullptr;
    int (*m_add_history)(const char*) = nullptr;
    int (*m_read_history)(const char*) = nullptr;
    int (*m_write_history)(const char*) = nullptr;
};

}  // namespace trellis::core
