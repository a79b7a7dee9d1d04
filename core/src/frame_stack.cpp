// Frame stack region management (see frame_stack.hpp).
#include "trellis/core/frame_stack.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "trellis/core/error.hpp"

namespace trellis::core {

FrameStack::FrameStack(size_t capacity) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t usable = (capacity + page - 1) / page * page;
    m_mapped = usable + page;
    void* region = mmap(nullptr, m_mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (region == MAP_FAILED)
        throw Error("frame stack: cannot reserve " + std::to_string(m_mapped) + " bytes: " + std::strerror(errno));
    m_base = static_cast<uint8_t*>(region);
    m_top = m_base;
    m_limit = m_base + usable;
    m_end = m_limit;
    if (mprotect(m_end, page, PROT_NONE) != 0) {
        munmap(region, m_mapped);
        throw Error(std::string("frame stack: cannot protect guard page: ") + std::strerror(errno));
    }
}

void FrameStack::set_reserve(size_t bytes) noexcept {
    const size_t usable = static_cast<size_t>(m_end - m_base);
    bytes = (bytes + frame_alignment - 1) & ~(frame_alignment - 1);
    if (bytes > usable / 2) bytes = usable / 2 & ~(frame_alignment - 1);
    m_reserve = bytes;
    m_limit = m_end - m_reserve;
}

FrameStack::~FrameStack() {
    if (m_base) munmap(m_base, m_mapped);
}

}  // namespace trellis::core
