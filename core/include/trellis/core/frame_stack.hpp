/// @file frame_stack.hpp
/// The frame stack: one contiguous region per VM instance, reserved with mmap (committed lazily by the OS), with
/// a PROT_NONE guard page above its usable end. Frames are bump-allocated and released in LIFO order.
///
/// Overflow is detected by an explicit bounds check in push(), which returns nullptr so the frontend can raise
/// its own error (EVM: call depth / stack overflow status; Zexus: "Maximum recursion depth exceeded"); the guard
/// page is a backstop that turns a missed check into a clean fault at a known address instead of silent
/// corruption of a neighbouring mapping.
///
/// A reserve (set_reserve) holds back the last part of the region: push() fails that much earlier, and the frontend
/// releases the reserve to run its overflow handler there (a catchable language exception: Smalltalk's
/// StackOverflow), then holds it back again once the handler has unwound the deep frames (restore_reserve).
#pragma once
#include <cstddef>
#include <cstdint>

#include "trellis/core/compiler.hpp"

namespace trellis::core {

class FrameStack {
public:
    /// Alignment of every frame, in bytes (fits 32-byte EVM words and 8-byte Value slots).
    static constexpr size_t frame_alignment = 32;

    /// Reserves `capacity` bytes (rounded up to whole pages) plus one guard page.
    /// Throws core::Error if the address space cannot be reserved.
    explicit FrameStack(size_t capacity);
    ~FrameStack();
    FrameStack(const FrameStack&) = delete;
    FrameStack& operator=(const FrameStack&) = delete;

    /// Allocates a frame of `bytes` bytes (rounded up to frame_alignment) on top of the stack.
    /// Returns its start, or nullptr if the frame would cross the usable end (overflow; nothing is allocated).
    /// The memory is not zeroed.
    TRELLIS_ALWAYS_INLINE void* push(size_t bytes) noexcept {
        size_t rounded = (bytes + frame_alignment - 1) & ~(frame_alignment - 1);
        if (TRELLIS_UNLIKELY(rounded > static_cast<size_t>(m_limit - m_top))) return nullptr;
        void* frame = m_top;
        m_top += rounded;
        return frame;
    }

    /// Releases every frame allocated at or after `frame` (which push() returned). LIFO discipline.
    TRELLIS_ALWAYS_INLINE void pop_to(void* frame) noexcept { m_top = static_cast<uint8_t*>(frame); }

    /// Moves the top to `end`, up or down and without rounding (8-byte aligned), for frames that overlap the one
    /// below them (a Smalltalk callee starts at the arguments its caller pushed); answers false, changing nothing,
    /// when `end` lies beyond the usable end (overflow). The memory is not zeroed.
    TRELLIS_ALWAYS_INLINE bool set_top(void* end) noexcept {
        if (TRELLIS_UNLIKELY(static_cast<uint8_t*>(end) > m_limit)) return false;
        m_top = static_cast<uint8_t*>(end);
        return true;
    }

    /// Holds back the last `bytes` of the usable region (rounded up to frame_alignment; at most half the capacity):
    /// push() fails once a frame would reach into them. 0 (the default) holds back nothing.
    void set_reserve(size_t bytes) noexcept;
    /// Bytes held back by set_reserve() (0: none).
    size_t reserve() const noexcept { return m_reserve; }
    /// Lets push() use the held-back bytes too, until restore_reserve(): an overflow handler is running.
    void release_reserve() noexcept { m_limit = m_end; }
    /// True while the reserve is released (and there is one).
    bool reserve_released() const noexcept { return m_reserve != 0 && m_limit == m_end; }
    /// Holds the reserve back again if the stack top lies below it (the deep frames are gone); returns whether the
    /// reserve is held back now. Cheap: call it after every unwinding.
    bool restore_reserve() noexcept {
        if (m_top > m_end - m_reserve) return false;
        m_limit = m_end - m_reserve;
        return true;
    }

    /// The usable end: the end of the region, or the start of the reserve while it is held back (push() and
    /// set_top() stay below it).
    uint8_t* limit() const noexcept { return m_limit; }
    /// Current top (the address the next frame would start at); pass it to pop_to() to release back to here.
    uint8_t* top() const noexcept { return m_top; }
    /// Lowest address of the region (the first frame's start).
    uint8_t* base() const noexcept { return m_base; }
    /// Bytes currently allocated to frames.
    size_t used() const noexcept { return static_cast<size_t>(m_top - m_base); }
    /// Usable bytes (excluding the guard page; including a reserve).
    size_t capacity() const noexcept { return static_cast<size_t>(m_end - m_base); }
    /// Start of the guard page (exactly capacity() bytes above base()).
    const uint8_t* guard_page() const noexcept { return m_end; }

private:
    uint8_t* m_base = nullptr;
    uint8_t* m_top = nullptr;
    uint8_t* m_limit = nullptr;  ///< push() stays below it: m_end, or m_end - m_reserve while the reserve is held
    uint8_t* m_end = nullptr;    ///< end of the usable region (the guard page)
    size_t m_reserve = 0;
    size_t m_mapped = 0;
};

}  // namespace trellis::core
