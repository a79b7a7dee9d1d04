// Frame stack: bump allocation, LIFO release, overflow reported as nullptr, guard page placement.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>

#include <csignal>
#include <unistd.h>

#include "trellis/core/frame_stack.hpp"

using trellis::core::FrameStack;

TEST_CASE("frame stack allocates aligned frames and releases them LIFO") {
    FrameStack stack(64 * 1024);
    REQUIRE(stack.capacity() >= 64 * 1024);
    auto* a = static_cast<uint8_t*>(stack.push(10));
    auto* b = static_cast<uint8_t*>(stack.push(33));
    REQUIRE(a == stack.base());
    REQUIRE(b == a + 32);  // 10 rounded up to 32
    REQUIRE(stack.used() == 32 + 64);
    b[0] = 1;
    b[63] = 2;  // the whole rounded frame is writable
    stack.pop_to(b);
    REQUIRE(stack.used() == 32);
    stack.pop_to(a);
    REQUIRE(stack.used() == 0);
}

TEST_CASE("frame stack overflow returns nullptr and leaves the stack usable") {
    FrameStack stack(4096);
    size_t frames = 0;
    while (stack.push(256)) ++frames;
    REQUIRE(frames == stack.capacity() / 256);
    REQUIRE(stack.push(1) == nullptr);
    REQUIRE(stack.used() == stack.capacity());
    stack.pop_to(stack.base());
    REQUIRE(stack.push(4096) != nullptr);
}

TEST_CASE("frame stack reserve: held back, released for a handler, held back again after unwinding") {
    FrameStack stack(8192);
    stack.set_reserve(2048);
    REQUIRE(stack.reserve() == 2048);
    REQUIRE_FALSE(stack.reserve_released());
    size_t frames = 0;
    while (stack.push(256)) ++frames;
    REQUIRE(frames == (stack.capacity() - 2048) / 256);  // the reserve stays free
    REQUIRE(stack.used() == stack.capacity() - 2048);
    REQUIRE(stack.limit() == stack.base() + stack.capacity() - 2048);  // limit(): where push() stops
    stack.release_reserve();
    REQUIRE(stack.reserve_released());
    REQUIRE(stack.limit() == stack.guard_page());
    size_t extra = 0;
    while (stack.push(256)) ++extra;
    REQUIRE(extra == 2048 / 256);  // the handler's room
    REQUIRE(stack.used() == stack.capacity());
    REQUIRE_FALSE(stack.restore_reserve());  // the top is still inside the reserve
    REQUIRE(stack.reserve_released());
    stack.pop_to(stack.base() + 1024);
    REQUIRE(stack.restore_reserve());
    REQUIRE_FALSE(stack.reserve_released());
    REQUIRE(stack.limit() == stack.base() + stack.capacity() - 2048);
    REQUIRE(stack.push(stack.capacity() - 2048 - 1024 + 32) == nullptr);
    REQUIRE(stack.push(stack.capacity() - 2048 - 1024) != nullptr);
    stack.set_reserve(1u << 20);  // capped at half the capacity
    REQUIRE(stack.reserve() == stack.capacity() / 2);
    stack.set_reserve(0);
    REQUIRE(stack.reserve() == 0);
    REQUIRE_FALSE(stack.reserve_released());
    stack.pop_to(stack.base());
    REQUIRE(stack.push(stack.capacity()) != nullptr);
}

TEST_CASE("set_top moves the top up or down without rounding and refuses to cross the usable end") {
    FrameStack stack(8192);
    uint8_t* base = static_cast<uint8_t*>(stack.push(64));
    REQUIRE(base == stack.base());
    // an overlapping frame: starts inside the one below, ends at an 8-byte (not 32-byte) boundary
    REQUIRE(stack.set_top(base + 40));
    REQUIRE(stack.top() == base + 40);
    REQUIRE(stack.set_top(base + 200));
    REQUIRE(stack.top() == base + 200);
    REQUIRE(stack.set_top(base + 8));  // down, as a return does
    REQUIRE(stack.used() == 8);
    REQUIRE(stack.set_top(stack.base() + stack.capacity()));  // exactly the end is allowed
    REQUIRE_FALSE(stack.set_top(stack.base() + stack.capacity() + 8));
    REQUIRE(stack.top() == stack.base() + stack.capacity());  // unchanged by the refusal
    stack.set_reserve(1024);  // the limit push() keeps to applies to set_top too
    stack.pop_to(stack.base());
    REQUIRE_FALSE(stack.set_top(stack.base() + stack.capacity() - 512));
    REQUIRE(stack.set_top(stack.base() + stack.capacity() - 1024));
}

TEST_CASE("frame stack has a guard page right after its usable end") {
    FrameStack stack(8192);
    REQUIRE(stack.guard_page() == stack.base() + stack.capacity());
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // A write into the guard page must fault (SIGSEGV), not corrupt memory. The default action is restored
        // first: Catch's and ASan's handlers would otherwise turn the signal into an exit status.
        std::signal(SIGSEGV, SIG_DFL);
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        *const_cast<volatile uint8_t*>(stack.guard_page()) = 1;
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGSEGV);
}
