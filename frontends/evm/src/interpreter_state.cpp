// Shared interpreter helpers: halting, memory growth (Yellow Paper eq. 326), the lazily loaded transaction
// context and zero-padded copies (see instructions_state.hpp).
#include <algorithm>

#include "instructions_state.hpp"

namespace trellis::evm {

bool halt(ExecState& s, StatusCode status) noexcept {
    s.status = status;
    return false;
}

bool grow_memory(ExecState& s, uint64_t end) noexcept {
    const int64_t new_words = num_words(end);
    const int64_t old_words = static_cast<int64_t>(s.memory.size / 32);
    if (!charge(s, memory_cost(new_words) - memory_cost(old_words))) return false;
    const size_t new_size = static_cast<size_t>(new_words) * 32;
    Memory& m = s.memory;
    if (new_size > m.capacity) {
        const size_t cap = std::max({new_size, m.capacity * 2, size_t{4096}});
        void* p = std::realloc(m.data, cap);
        if (!p) return halt(s, StatusCode::OutOfGas);  // the machine cannot hold what the gas paid for
        m.data = static_cast<uint8_t*>(p);
        m.capacity = cap;
    }
    // Zero the new words: inline for the common growth by a few words (an array append), memset beyond.
    const size_t grown = new_size - m.size;
    if (grown <= 128) {
        for (size_t i = 0; i < grown; i += 32) std::memset(m.data + m.size + i, 0, 32);
    } else {
        std::memset(m.data + m.size, 0, grown);
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
