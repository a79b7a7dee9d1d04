// Shared interpreter helpers: halting, memory growth (Yellow Paper eq. 326), the lazily loaded transaction
// context and zero-padded copies (see instructions_state.hpp).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "instructions_state.hpp"

namespace trellis::evm {

bool halt(ExecState& s, StatusCode status) noexcept {
    s.status = status;
    return false;
}

namespace {

/// A memory buffer waiting for its next frame.
struct PooledBuffer {
    uint8_t* data;
    size_t capacity;
    size_t dirty;  ///< bytes that may be non-zero (beyond: zero)
};

/// The per-thread buffer pool: at most `limit` buffers, the most recently released last.
struct MemoryPool {
    static constexpr size_t limit = 64;
    std::vector<PooledBuffer> buffers;
    MemoryPool() { buffers.reserve(limit); }
    ~MemoryPool() {
        for (const PooledBuffer& b : buffers) std::free(b.data);
    }
};

MemoryPool& memory_pool() noexcept {
    thread_local MemoryPool pool;
    return pool;
}

/// Gives `m` (still without a buffer) the most recently released pooled buffer of at least `bytes`; false if none.
bool take_pooled(Memory& m, size_t bytes) noexcept {
    std::vector<PooledBuffer>& pool = memory_pool().buffers;
    for (size_t i = pool.size(); i-- > 0;) {
        if (pool[i].capacity < bytes) continue;
        m.data = pool[i].data;
        m.capacity = pool[i].capacity;
        m.dirty = pool[i].dirty;
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
        return true;
    }
    return false;
}

}  // namespace

Memory::~Memory() {
    if (!data) return;
    std::vector<PooledBuffer>& pool = memory_pool().buffers;
    if (pool.size() < MemoryPool::limit)
        pool.push_back({data, capacity, std::max(dirty, size)});  // capacity reserved: never allocates
    else
        std::free(data);
}

bool grow_memory(ExecState& s, uint64_t end) noexcept {
    const int64_t new_words = num_words(end);
    const int64_t old_words = static_cast<int64_t>(s.memory.size / 32);
    if (!charge(s, memory_cost(new_words) - memory_cost(old_words))) return false;
    const size_t new_size = static_cast<size_t>(new_words) * 32;
    Memory& m = s.memory;
    if (new_size > m.capacity && !(m.data == nullptr && take_pooled(m, new_size))) {
        // A fresh zeroed buffer (calloc: large ones come zeroed from the kernel, nothing to clear twice).
        const size_t cap = std::max({new_size, m.capacity * 2, size_t{4096}});
        auto* p = static_cast<uint8_t*>(std::calloc(cap, 1));
        if (!p) return halt(s, StatusCode::OutOfGas);  // the machine cannot hold what the gas paid for
        if (m.size) std::memcpy(p, m.data, m.size);
        std::free(m.data);
        m.data = p;
        m.capacity = cap;
        m.dirty = m.size;
    }
    // Zero the new words a previous user may have written: inline for a growth by a few words, memset beyond.
    if (m.dirty > m.size) {
        const size_t grown = std::min(new_size, m.dirty) - m.size;
        if (grown <= 128) {
            for (size_t i = 0; i < grown; i += 32) std::memset(m.data + m.size + i, 0, 32);
        } else {
            std::memset(m.data + m.size, 0, grown);
        }
    }
    m.size = new_size;
    return true;
}

const TxContext& tx_context(ExecState& s) noexcept {
    if (!s.tx_loaded) {
        s.tx = s.host->get_tx_context();
        s.tx_loaded = true;
    }
    return s.tx;
}

void copy_padded(uint8_t* dest, size_t size, const uint8_t* src, size_t src_size, const uint256& offset) noexcept {
    size_t n = 0;
    if (offset.fits_u64() && offset.w[0] < src_size) {
        const size_t off = static_cast<size_t>(offset.w[0]);
        n = std::min(size, src_size - off);
        std::memcpy(dest, src + off, n);
    }
    std::memset(dest + n, 0, size - n);
}

}  // namespace trellis::evm
