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
