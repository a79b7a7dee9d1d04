/// @file builtins_process.cpp
/// Child processes (perlfunc "system", "readpipe"/`qx//`, perlipc "Using open() for IPC"): `start_child` runs a
/// command the way perl's doio.c does (a single string holding shell metacharacters goes to `/bin/sh -c`, any
/// other command is split into words and run directly, so a missing program is an error of the call, not of a
/// shell), optionally with a pipe to its stdout or stdin; `system` waits for it and sets `$?`; `readpipe`
/// collects its output (one string, or lines split by `$/` in list context).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/builtins_call.hpp"

namespace trellis::perl::builtins {

namespace {
// perl's doio.c (Perl_do_exec3): these characters in a one-string command need the shell
bool needs_shell(const std::string& s) {
    if (s.find_first_of("$&*(){}[]'\";\\|?<>~`\n") != std::string::npos) return true;
    size_t k = s.find_first_not_of(" \t");
    if (k == std::string::npos) return false;
    // a leading NAME=VALUE (an environment assignment) or the shell's own `exec` / `.` need it too
    size_t w = s.find_first_of(" \t", k);
    std::string first = s.substr(k, w == std::string::npos ? std::string::npos : w - k);
    return first.find('=') != std::string::npos || first == "exec" || first == ".";
}

}  // namespace

int wait_child(Vm& vm, int pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    vm.set_global(vm.glob_index("main::?"), Value::small_int(status));
    return status;
}

int start_child(Vm& vm, const std::vector<std::string>& cmd, char dir, int& fd) {
    std::vector<std::string> words;
    if (cmd.size() == 1 && needs_shell(cmd[0])) {
        words = {"/bin/sh", "-c", cmd[0]};
    } else if (cmd.size() == 1) {
        const std::string& s = cmd[0];
        for (size_t i = 0; i < s.size();) {
            while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
            size_t j = i;
            while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
            if (j > i) words.push_back(s.substr(i, j - i));
            i = j;
        }
    } else {
        words = cmd;
    }
    if (words.empty()) {
        errno = ENOENT;
        return -1;
    }
    std::vector<char*> argv;  // built before fork: the child only calls async-signal-safe functions
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    int io[2] = {-1, -1}, report[2] = {-1, -1};
    if ((dir && ::pipe2(io, O_CLOEXEC) != 0) || ::pipe2(report, O_CLOEXEC) != 0) return -1;
    vm.flush();  // perl flushes STDOUT before forking ($| or not), so output keeps its order
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
        int e = errno;
        if (dir) ::close(io[0]), ::close(io[1]);
        ::close(report[0]), ::close(report[1]);
        errno = e;
        return -1;
    }
    if (pid == 0) {
        if (dir == 'r') ::dup2(io[1], 1);
        if (dir == 'w') ::dup2(io[0], 0);
        ::execvp(argv[0], argv.data());
        int e = errno;  // tell the parent why exec failed (the report pipe closes on a successful exec)
        ssize_t unused = ::write(report[1], &e, sizeof e);
        (void)unused;
        ::_exit(127);
    }
    ::close(report[1]);
    int e = 0;
    ssize_t got;
    while ((got = ::read(report[0], &e, sizeof e)) < 0 && errno == EINTR) {
    }
    ::close(report[0]);
    if (got == static_cast<ssize_t>(sizeof e)) {  // exec failed: reap the child, the call fails with errno
        int status;
        ::waitpid(pid, &status, 0);
        if (dir) ::close(io[0]), ::close(io[1]);
        errno = e;
        return -1;
    }
    if (dir == 'r') ::close(io[1]), fd = io[0];
    if (dir == 'w') ::close(io[0]), fd = io[1];
    return pid;
}

// system LIST (perlfunc "system"): the wait status, also in $?; -1 when the program could not be started
bool b_system(Call& c) {
    std::vector<std::string> cmd;
    for (size_t i = 0; i < c.n(); ++i) cmd.push_back(to_str(c.arg(i)));
    int fd = -1;
    int pid = start_child(c.vm(), cmd, 0, fd);
    if (pid < 0) {
        set_errno_var(c, errno);
        c.vm().set_global(c.vm().glob_index("main::?"), Value::small_int(-1));
        return c.ret(Value::small_int(-1));
    }
    wait_child(c.vm(), pid);
    return c.ret(static_cast<core::Cell*>(c.vm().glob_sv(c.vm().glob_index("main::?")).as_object())->value);
}

// readpipe EXPR / `...` / qx// (perlop "qx/STRING/"): the command's stdout; $? gets its status
bool b_readpipe(Call& c) {
    int fd = -1;
    int pid = start_child(c.vm(), {c.n() ? to_str(c.arg(0)) : std::string()}, 'r', fd);
    if (pid < 0) {
        set_errno_var(c, errno);
        c.vm().set_global(c.vm().glob_index("main::?"), Value::small_int(-1));
        return c.ctx == ctx_list ? c.end_list(c.begin_list()) : c.ret(Value::nil());
    }
    std::string out;
    char buf[65536];
    for (;;) {
        ssize_t got = ::read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        out.append(buf, static_cast<size_t>(got));
    }
    ::close(fd);
    wait_child(c.vm(), pid);
    if (c.ctx != ctx_list) return c.ret_str(out);
    // list context: one element per record, split after each $/ (undef: the whole output)
    Value sepv = static_cast<core::Cell*>(c.vm().glob_sv(c.vm().glob_index("main::/")).as_object())->value;
    std::string sep = sepv.is_nil() ? std::string() : to_str(sepv);
    size_t res = c.begin_list();
    if (sep.empty()) {
        if (!out.empty()) c.push(res, make_str(c.heap(), out));
        return c.end_list(res);
    }
    for (size_t i = 0; i < out.size();) {
        size_t e = out.find(sep, i);
        size_t end = e == std::string::npos ? out.size() : e + sep.size();
        c.push(res, make_str(c.heap(), std::string_view(out).substr(i, end - i)));
        i = end;
    }
    return c.end_list(res);
}

}  // namespace trellis::perl::builtins
