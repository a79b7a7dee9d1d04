/// @file builtins_system.cpp
/// The system calls behind the bundled Time::HiRes and Cwd (lib/Time/HiRes.pm, lib/Cwd.pm): `__hires_time`
/// (seconds since the epoch as a double, from clock_gettime CLOCK_REALTIME, as Time::HiRes::time),
/// `__hires_sleep(SECONDS)` (fractional sleep; returns the seconds slept as a double, as Time::HiRes::sleep),
/// `__getcwd` (getcwd(3); undef with $! set on failure, as Cwd::getcwd).
#include <cerrno>
#include <chrono>
#include <ctime>
#include <thread>
#include <unistd.h>

#include "runtime/builtins_call.hpp"

namespace trellis::perl::builtins {

namespace {
double now_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

bool b_hires_time(Call& c) { return c.ret(Value::from_double(now_seconds())); }

bool b_hires_sleep(Call& c) {
    double want = c.n() ? to_nv(c.arg(0)) : 0;
    if (want < 0) return c.die("Time::HiRes::sleep(" + to_str(c.arg(0)) + "): negative time not invented yet");
    c.vm().flush();
    double start = now_seconds();
    if (want > 0) std::this_thread::sleep_for(std::chrono::duration<double>(want));
    return c.ret(Value::from_double(now_seconds() - start));
}

bool b_getcwd(Call& c) {
    std::string buf(4096, '\0');
    if (!::getcwd(buf.data(), buf.size())) {
        set_errno_var(c, errno);
        return c.ret(Value::nil());
    }
    buf.resize(std::char_traits<char>::length(buf.c_str()));
    return c.ret_str(buf);
}

}  // namespace trellis::perl::builtins
