/// @file line_input.hpp
/// Line-at-a-time input through C stdio, for the `input([prompt])` builtin (LANGUAGE.md §13) and for the
/// trellis-zx REPL when libedit is missing. C stdio, not <iostream>: the latter's static initialiser builds every
/// stream and locale facet at startup, which a short script pays for (docs/zexus.md "Startup").
#pragma once
#include <cstdio>
#include <string>

namespace trellis::zexus {

/// Reads the next line of `in` into `line`, without its '\n' (a '\r' before it stays; a last line without '\n'
/// counts). Returns false at end of input or on a read error, when nothing was read; `line` is then unchanged.
bool read_line(std::FILE* in, std::string& line);

}  // namespace trellis::zexus
