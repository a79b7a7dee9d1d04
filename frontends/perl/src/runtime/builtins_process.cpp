/// @file builtins_process.cpp
/// Child processes (perlfunc "system", "readpipe"/`qx//`, perlipc "Using open() for IPC"): `start_child` runs a
/// command the way perl's doio.c does (a single string holding shell metacharacters goes to `/bin/sh -c`, any
/// other command is split into words and run directly, so a missing program is an error of the call, not of a
/// shell), optionally with a pipe to its stdout or stdin; `system` waits for it and sets `$?`; `readpipe`
/// collects its output (one string, or lines split by `$/` in list context). Also fork, wait, waitpid, kill, exec
/// (perlfunc; return values and $!/$? as pp_sys.c) and `$$` read at run time.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "runtime/builtins_call.hpp"
#include "runtime/warnings.hpp"

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

namespace {
// The argv of `cmd` (perlfunc "exec"): one string with shell metacharacters runs under /bin/sh -c, one without
// is split into words, a list is taken as it is
std::vector<std::string> command_words(const std::vector<std::string>& cmd) {
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
    return words;
}
}  // namespace

int start_child(Vm& vm, const std::vector<std::string>& cmd, char dir, int& fd) {
    std::vector<std::string> words = command_words(cmd);
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

// fork (perlfunc "fork"): pending output is written first (perl flushes every handle); the child's pid in
// the parent, 0 in the child, undef with $! set on failure
bool b_fork(Call& c) {
    c.vm().flush();
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
        set_errno_var(c, errno);
        return c.ret(Value::nil());
    }
    return c.ret_int(pid);
}

namespace {
bool reaped(Call& c, pid_t pid, int status) {
    c.vm().set_global(c.vm().glob_index("main::?"), Value::small_int(pid > 0 ? status : -1));
    if (pid < 0) set_errno_var(c, errno);
    return c.ret_int(pid);
}
}  // namespace

// wait (perlfunc "wait"): the pid of a child that ended (its status in $?), -1 when there is none
bool b_wait(Call& c) {
    int status = 0;
    pid_t pid;
    do pid = ::wait(&status);
    while (pid < 0 && errno == EINTR);
    return reaped(c, pid, status);
}

// waitpid PID, FLAGS (perlfunc "waitpid"; WNOHANG is 1): the pid, 0 while it runs under WNOHANG, -1 when there
// is no such child; $? the status
bool b_waitpid(Call& c) {
    if (c.n() < 2) return c.die("Not enough arguments for waitpid");
    int status = 0;
    pid_t pid;
    do pid = ::waitpid(static_cast<pid_t>(to_iv(c.arg(0))), &status, static_cast<int>(to_iv(c.arg(1))));
    while (pid < 0 && errno == EINTR);
    if (pid == 0) return c.ret_int(0);
    return reaped(c, pid, status);
}

// kill SIGNAL, LIST (perlfunc "kill"): SIGNAL a number or a name ("TERM", "SIGTERM"; negative or "-TERM": to
// process groups); the number of processes signalled
bool b_kill(Call& c) {
    if (c.n() < 1) return c.die("Not enough arguments for kill");
    static const std::pair<const char*, int> names[] = {
        {"ZERO", 0}, {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL}, {"TRAP", SIGTRAP},
        {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
        {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
        {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
        {"TTOU", SIGTTOU}, {"WINCH", SIGWINCH}};
    std::string sig = to_str(c.arg(0));
    bool group = false;
    int number = -1;
    if (!sig.empty() && sig[0] == '-') group = true, sig = sig.substr(1);
    if (!sig.empty() && std::isdigit(static_cast<unsigned char>(sig[0]))) {
        number = static_cast<int>(to_iv(make_str(c.heap(), sig)));
    } else {
        std::string bare = sig.compare(0, 3, "SIG") == 0 ? sig.substr(3) : sig;
        for (const auto& [name, n] : names)
            if (bare == name) number = n;
        if (number < 0) return c.die("Unrecognized signal name \"" + sig + "\"");
    }
    int64_t sent = 0;
    for (size_t i = 1; i < c.n(); ++i) {
        pid_t pid = static_cast<pid_t>(to_iv(c.arg(i)));
        if (::kill(group ? -pid : pid, number) == 0) ++sent;
        else set_errno_var(c, errno);
    }
    return c.ret_int(sent);
}

// exec LIST (perlfunc "exec"): replaces the process with the command (pending output written first); returns
// false with $! set only when the program cannot be run
bool b_exec(Call& c) {
    std::vector<std::string> cmd;
    for (size_t i = 0; i < c.n(); ++i) cmd.push_back(to_str(c.arg(i)));
    std::vector<std::string> words = command_words(cmd);
    if (words.empty()) {
        set_errno_var(c, ENOENT);
        return c.ret_bool(false);
    }
    std::vector<char*> argv;
    for (std::string& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    c.vm().flush();
    std::fflush(nullptr);
    ::execvp(argv[0], argv.data());
    int e = errno;
    set_errno_var(c, e);
    if (!warn_at(c.s, c.ip, w_other, "Can't exec \"" + words[0] + "\": " + std::strerror(e))) return false;
    return c.ret_bool(false);
}

// $$ (perlvar): the process id, read at run time (a forked child has its own)
bool b_pid(Call& c) { return c.ret_int(::getpid()); }

}  // namespace trellis::perl::builtins
