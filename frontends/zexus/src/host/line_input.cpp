/// @file line_input.cpp
/// read_line (line_input.hpp) over POSIX getline(3).
#include "trellis/zexus/line_input.hpp"

#include <sys/types.h>

#include <cstdlib>

namespace trellis::zexus {

bool read_line(std::FILE* in, std::string& line) {
    char* buffer = nullptr;
    size_t capacity = 0;
    const ssize_t n = ::getline(&buffer, &capacity, in);
    if (n >= 0) {
        line.assign(buffer, static_cast<size_t>(n));
        if (!line.empty() && line.back() == '\n') line.pop_back();
    }
    std::free(buffer);
    return n >= 0;
}

}  // namespace trellis::zexus
