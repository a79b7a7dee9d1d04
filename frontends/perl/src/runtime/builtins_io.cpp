/// @file builtins_io.cpp
/// perlfunc's I/O and time builtins: print/say/printf to handles, open/close/eof/binmode/unlink, readline with
/// $/ (undef slurps), file tests, time/localtime/gmtime/sleep.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>
#include <algorithm>
#include <unordered_set>
#include <vector>

#include "runtime/builtins_call.hpp"
#include "runtime/ops.hpp"
#include "runtime/warnings.hpp"

namespace trellis::perl::builtins {

bool write_to(Call& c, Value fh, std::string_view text) {
    int f = c.vm().file_of(fh);
    if (f == 1) {
        // STDOUT is line-buffered on a terminal and flushed after every print when $| is set (perlvar)
        Vm& vm = c.vm();
        vm.out(text);
        if (vm.stdout_tty || truthy(static_cast<core::Cell*>(vm.glob_sv(vm.g_autoflush).as_object())->value))
            vm.flush();
        return true;
    }
    if (!c.vm().write_file(f, text)) {
        // perl warns "print() on unopened/closed filehandle" and returns false; trellis-perl says it louder
        return c.die("print() on unopened or closed filehandle " + (is_ref(fh) ? std::string("$fh") : to_str(fh)));
    }
    return true;
}

void set_errno_var(Call& c, int e) {
    c.vm().set_global(c.vm().glob_index("main::!"), make_str(c.heap(), e ? std::strerror(e) : ""));
}

/// Makes files[] entry for `fp` (written to when `write`; `pid` a pipe child closed with it) the handle named
/// by argument `arg`: a new handle object stored in its variable (`my $fh`) or the bareword's name (an open
/// handle of that name is closed first, keeping its $.). Returns the files index.
int install_handle(Call& c, size_t arg, std::FILE* fp, bool write, int pid);

namespace {
// perlfunc "open" modes: the command of a pipe open ("-|" reads its output, "|-" writes its input; a 2-argument
// "cmd |" / "| cmd" too) or the path of a file
bool open_pipe(Call& c, char dir, std::vector<std::string> cmd, std::FILE*& fp, int& pid) {
    int fd = -1;
    pid = start_child(c.vm(), cmd, dir, fd);
    if (pid < 0) {
        set_errno_var(c, errno);
        return false;
    }
    fp = ::fdopen(fd, dir == 'r' ? "rb" : "wb");
    return fp != nullptr;
}
}  // namespace

// open(FH, MODE, PATH) / open(FH, "<PATH"): arg 0 is the handle (a Cell to store a new handle into, or a name)
bool b_open(Call& c) {
    std::string mode, path;
    std::FILE* memory = nullptr;  // open(my $fh, '<', \$string): reads a copy of the string (a temporary file)
    bool write_memory = false;    // open(my $fh, '>' or '>>', \$buf): writes append to the scalar
    std::vector<std::string> command;  // a pipe open's command (argv, or one string for the shell rule)
    char pipe_dir = 0;
    if (c.n() >= 3) {
        mode = to_str(c.arg(1));
        std::string m = mode.substr(0, mode.find(':'));
        while (!m.empty() && m.back() == ' ') m.pop_back();
        if ((m == "-|" || m == "|-") && c.n() == 3 && to_str(c.arg(2)) == "-")
            return c.die("open with an implicit fork (\"" + m + "\" and \"-\") is not supported by trellis-perl");
        if (m == "-|" || m == "|-") {
            pipe_dir = m == "-|" ? 'r' : 'w';
            for (size_t i = 2; i < c.n(); ++i) command.push_back(to_str(c.arg(i)));
            mode = m;
        } else if (is_ref(c.arg(2))) {
            if (!core::is_kind(c.arg(2), core::Kind::cell) || (m != "<" && m != ">" && m != ">>"))
                return c.die("open of mode '" + m + "' on an in-memory scalar is not supported by trellis-perl");
            if (m == "<") {
                Value v = static_cast<core::Cell*>(c.arg(2).as_object())->value;
                std::string content = v.is_nil() ? std::string() : to_str(v);
                memory = std::tmpfile();
                if (!memory || std::fwrite(content.data(), 1, content.size(), memory) != content.size())
                    return c.die("Out of memory in trellis-perl: in-memory file");
                std::rewind(memory);
            } else {
                write_memory = true;
                if (m == ">") {
                    auto* cell = static_cast<core::Cell*>(c.arg(2).as_object());
                    c.heap().store(cell, cell->value, c.vm().v_empty);
                } else {
                    auto* cell = static_cast<core::Cell*>(c.arg(2).as_object());
                    if (cell->value.is_nil()) c.heap().store(cell, cell->value, c.vm().v_empty);
                }
            }
        } else {
            path = to_str(c.arg(2));
        }
    } else if (c.n() == 2) {
        std::string spec = to_str(c.arg(1));
        size_t k = 0;
        while (k < spec.size() && std::isspace(static_cast<unsigned char>(spec[k]))) ++k;
        size_t e = spec.size();
        while (e > k && std::isspace(static_cast<unsigned char>(spec[e - 1]))) --e;
        if (spec.substr(k, e - k) == "-|" || spec.substr(k, e - k) == "|-")
            return c.die("open with an implicit fork (\"" + spec.substr(k, e - k) + "\" without a command) is not "
                         "supported by trellis-perl");
        if (e > k && spec[e - 1] == '|') {  // "cmd |": read the command's output
            pipe_dir = 'r', mode = "-|";
            command.push_back(spec.substr(k, e - 1 - k));
        } else if (spec[k] == '|') {  // "| cmd": write to its input
            pipe_dir = 'w', mode = "|-";
            command.push_back(spec.substr(k + 1, e - k - 1));
        } else if (spec.compare(k, 2, ">>") == 0) mode = ">>", k += 2;
        else if (spec.compare(k, 2, "+<") == 0) mode = "+<", k += 2;
        else if (spec[k] == '>') mode = ">", ++k;
        else if (spec[k] == '<') mode = "<", ++k;
        else mode = "<";
        if (!pipe_dir) {
            while (k < spec.size() && std::isspace(static_cast<unsigned char>(spec[k]))) ++k;
            path = spec.substr(k);
            while (!path.empty() && std::isspace(static_cast<unsigned char>(path.back()))) path.pop_back();
        }
    } else {
        return c.die("Not enough arguments for open");
    }
    size_t colon = mode.find(':');  // "<:encoding(UTF-8)": the layers apply once the file is open
    std::string layers;
    if (colon != std::string::npos) layers = mode.substr(colon), mode = mode.substr(0, colon);
    while (!mode.empty() && mode.back() == ' ') mode.pop_back();
    std::FILE* fp = memory;
    int pid = 0;
    if (pipe_dir) {
        if (command.empty() || (command.size() == 1 && command[0].find_first_not_of(" \t\n") == std::string::npos))
            return c.die("Missing command in piped open");
        if (!open_pipe(c, pipe_dir, command, fp, pid)) return c.ret_bool(false);
    } else if (!write_memory && !memory) {
        const char* fmode = mode == "<" ? "rb" : mode == ">" ? "wb" : mode == ">>" ? "ab" : mode == "+<" ? "r+b" : nullptr;
        if (!fmode) return c.die("Unknown open() mode '" + mode + "'");
        fp = std::fopen(path.c_str(), fmode);
        if (!fp) {
            set_errno_var(c, errno);
            return c.ret_bool(false);
        }
    }
    Vm& vm = c.vm();
    int index = install_handle(c, 0, fp, mode != "<" && mode != "-|", pid);
    if (write_memory) vm.files[static_cast<size_t>(index)].memory = c.arg(2);
    vm.files[static_cast<size_t>(index)].scalar = memory != nullptr;
    std::string bad;
    if (!layers.empty() && !apply_layers(vm, index, layers, bad))
        return c.die("open with the encoding " + bad + " not supported by trellis-perl");
    set_errno_var(c, 0);
    return c.ret(pipe_dir == 'r' || pipe_dir == 'w' ? Value::small_int(pid) : vm.v_one);
}

int install_handle(Call& c, size_t arg, std::FILE* fp, bool write, int pid) {
    Vm& vm = c.vm();
    int64_t carried_lines = 0;  // reopening an open handle without close keeps its $. (perlvar "$.")
    int old = vm.file_of(c.arg(arg));
    if (old >= 3) {
        auto& of = vm.files[static_cast<size_t>(old)];
        if (of.fp || !of.memory.is_nil()) carried_lines = old == vm.last_read ? current_line(vm) : of.lines;
        close_file(vm, old);
    }
    vm.files.push_back({fp, write, false});
    int index = static_cast<int>(vm.files.size() - 1);
    vm.files.back().pid = pid;
    vm.files.back().lines = carried_lines;
    if (old >= 0 && old == vm.last_read) vm.last_read = index;
    Value name_value = c.arg(arg);
    if (!is_str(name_value) || to_str(name_value).empty()) {  // open(my $fh, ...): a new handle in the variable
        auto* obj = gc::new_instance(c.heap(), vm.glob_class, 1);
        obj->slots[0] = Value::small_int(index);
        Value fh = Value::object(obj);
        auto* cell = static_cast<core::Cell*>(c.arg_cell(arg).as_object());
        c.heap().store(cell, cell->value, fh);
    } else {
        std::string name = to_str(c.arg(arg));
        if (name.compare(0, 6, "main::") == 0) name = name.substr(6);
        vm.named_files[name] = index;
    }
    return index;
}

// sysopen FH, PATH, FLAGS [, PERMS] (perlfunc "sysopen"): open(2) with the O_* flags (Fcntl), PERMS 0666 by
// default (less the umask); the handle reads or writes as the access mode says. True, or false with $! set.
bool b_sysopen(Call& c) {
    if (c.n() < 3) return c.die("Not enough arguments for sysopen");
    int flags = static_cast<int>(to_iv(c.arg(2)));
    mode_t perms = c.n() > 3 ? static_cast<mode_t>(to_iv(c.arg(3))) : 0666;
    int fd = ::open(to_str(c.arg(1)).c_str(), flags, perms);
    if (fd < 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    int access = flags & O_ACCMODE;
    const char* fmode = access == O_RDONLY ? "rb" : access == O_WRONLY ? ((flags & O_APPEND) ? "ab" : "wb")
                                                                       : ((flags & O_APPEND) ? "a+b" : "r+b");
    std::FILE* fp = ::fdopen(fd, fmode);
    if (!fp) {
        set_errno_var(c, errno);
        ::close(fd);
        return c.ret_bool(false);
    }
    install_handle(c, 0, fp, access != O_RDONLY, 0);
    return c.ret(c.vm().v_one);
}

// pipe READHANDLE, WRITEHANDLE (perlfunc "pipe"): a connected pair of handles (for fork). True, or false
// with $! set.
bool b_pipe(Call& c) {
    if (c.n() < 2) return c.die("Not enough arguments for pipe");
    int fds[2];
    if (::pipe(fds) != 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    install_handle(c, 0, ::fdopen(fds[0], "rb"), false, 0);
    install_handle(c, 1, ::fdopen(fds[1], "wb"), true, 0);
    return c.ret(c.vm().v_one);
}

int64_t current_line(Vm& vm) {
    Value v = static_cast<core::Cell*>(vm.glob_sv(vm.g_dot).as_object())->value;
    return v.is_nil() ? 0 : to_iv(v);
}

bool close_file(Vm& vm, int f) {
    auto& file = vm.files[static_cast<size_t>(f)];
    bool ok = true;
    if (file.fp) ok = std::fclose(file.fp) == 0;
    bool was_open = file.fp || !file.memory.is_nil();
    file.fp = nullptr;
    file.memory = Value::nil();
    if (file.pid > 0) {  // a pipe: wait for the child, its status goes to $? (perlfunc "close")
        int pid = file.pid;
        file.pid = 0;
        ok = ok && wait_child(vm, pid) == 0;
    }
    return ok && was_open;
}

bool b_close(Call& c) {
    Vm& vm = c.vm();
    bool argv = !is_ref(c.arg(0)) && to_str(c.arg(0)) == "ARGV";
    int f = argv ? vm.argv_file : vm.file_of(c.arg(0));
    if (argv && f < 0) return c.ret_bool(false);
    if (f >= 0) {  // an explicit close resets the handle's $. (perlvar "$.")
        vm.files[static_cast<size_t>(f)].lines = 0;
        if (f == vm.last_read) vm.set_global(vm.g_dot, Value::small_int(0));
    }
    if (argv) {
        bool ok = f == 0 || close_file(vm, f);
        vm.argv_file = -1;
        vm.argv_lines = 0;
        vm.argv_prev = -2;
        return c.ret_bool(ok);
    }
    if (f < 3) return c.ret_bool(f >= 0);
    return c.ret_bool(close_file(vm, f));
}

bool b_eof(Call& c) {
    // eof without an argument: the last file read (perlfunc "eof"); eof() tests the end of all of <>'s files
    int f = c.n() ? c.vm().file_of(c.arg(0)) : c.vm().last_read;
    if (c.n() && !is_ref(c.arg(0)) && to_str(c.arg(0)) == "ARGV") f = c.vm().argv_file;
    if (f < 0 || f == 1 || f == 2 || !c.vm().files[static_cast<size_t>(f)].fp) return c.ret(c.vm().v_one);
    std::FILE* fp = c.vm().files[static_cast<size_t>(f)].fp;
    int ch = std::getc(fp);
    if (ch == EOF) return c.ret(c.vm().v_one);
    std::ungetc(ch, fp);
    return c.ret_bool(false);
}

bool b_unlink(Call& c) {
    int64_t removed = 0;
    for (size_t i = 0; i < c.n(); ++i)
        if (::unlink(to_str(c.arg(i)).c_str()) == 0) ++removed;
        else set_errno_var(c, errno);
    return c.ret_int(removed);
}

namespace {
/// True when the handle `fh` has a :utf8 layer.
bool utf8_layer(Vm& vm, Value fh) {
    if (TRELLIS_LIKELY(!utf8_seen())) return false;  // no layer was set yet (apply_layers marks it)
    const int f = vm.file_of(fh);
    return f >= 0 && static_cast<size_t>(f) < vm.files.size() && vm.files[static_cast<size_t>(f)].utf8;
}

}  // namespace

// binmode FH [, LAYER] (perlfunc "binmode"): :utf8 and :encoding(UTF-8) decode input and encode output,
// :raw / :bytes (and no layer) remove them.
bool b_binmode(Call& c) {
    Vm& vm = c.vm();
    const int f = vm.file_of(c.arg(0));
    if (f < 0) return c.ret_bool(false);
    std::string bad;
    if (c.n() < 2) vm.files[static_cast<size_t>(f)].utf8 = false;
    else if (!apply_layers(vm, f, to_str(c.arg(1)), bad))
        return c.die("binmode with the encoding " + bad + " not supported by trellis-perl");
    return c.ret(vm.v_one);
}

bool b_print(Call& c) {
    Vm& vm = c.vm();
    std::string sep = to_str(static_cast<core::Cell*>(vm.glob_sv(vm.g_comma).as_object())->value);
    std::string tail = to_str(static_cast<core::Cell*>(vm.glob_sv(vm.g_backslash).as_object())->value);
    std::string text;
    if (TRELLIS_UNLIKELY(has_utf8_arg(c, 1) || utf8_layer(vm, c.arg(0)))) {
        if (!output_text(c, 1, sep, tail, utf8_layer(vm, c.arg(0)), "print", text)) return false;
    } else {
        text = join_args(c, 1, sep);
        text += tail;
    }
    if (!write_to(c, c.arg(0), text)) return false;
    return c.ret(vm.v_one);
}

bool b_say(Call& c) {
    Vm& vm = c.vm();
    std::string sep = to_str(static_cast<core::Cell*>(vm.glob_sv(vm.g_comma).as_object())->value);
    std::string text;
    if (TRELLIS_UNLIKELY(has_utf8_arg(c, 1) || utf8_layer(vm, c.arg(0)))) {
        if (!output_text(c, 1, sep, "\n", utf8_layer(vm, c.arg(0)), "say", text)) return false;
    } else {
        text = join_args(c, 1, sep);
        text += '\n';
    }
    if (!write_to(c, c.arg(0), text)) return false;
    return c.ret(vm.v_one);
}

bool b_printf(Call& c) {
    std::vector<SprintfNote> notes;
    bool chars = has_utf8_arg(c, 1);
    std::string text = TRELLIS_UNLIKELY(chars) ? sprintf_chars(c, 1, c.s.proto->warns ? &notes : nullptr)
                                               : perl_sprintf(c.vm(), to_str(c.arg(1)), c.args(), 2,
                                                              c.s.proto->warns ? &notes : nullptr);
    if (TRELLIS_UNLIKELY(c.vm().sprintf_wide)) {  // a %c above 0xFF: formatted again as characters
        c.vm().sprintf_wide = false;
        notes.clear();
        chars = true;
        text = sprintf_chars(c, 1, c.s.proto->warns ? &notes : nullptr);
    }
    if (!notes.empty() && !warn_sprintf(c.s, c.ip, notes, "printf")) return false;
    if (TRELLIS_UNLIKELY(chars || utf8_layer(c.vm(), c.arg(0)))) {
        // the formatted text holds character strings' UTF-8 (and byte strings' bytes as they are)
        std::string out;
        if (!output_piece(c, text, chars, utf8_layer(c.vm(), c.arg(0)), "printf", out)) return false;
        text = std::move(out);
    }
    if (!write_to(c, c.arg(0), text)) return false;
    return c.ret(c.vm().v_one);
}

bool b_time(Call& c) { return c.ret_int(static_cast<int64_t>(std::time(nullptr))); }
// localtime / gmtime (perlfunc): "Thu Jan  1 00:00:00 1970" in scalar context, the 9 fields in list context
bool time_parts(Call& c, bool local) {
    std::time_t t = c.n() && !c.arg(0).is_nil() ? static_cast<std::time_t>(to_iv(c.arg(0))) : std::time(nullptr);
    std::tm tm{};
    if (local) localtime_r(&t, &tm);
    else gmtime_r(&t, &tm);
    if (c.ctx != ctx_list) {
        static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %lld", days[tm.tm_wday], months[tm.tm_mon], tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(tm.tm_year) + 1900);
        return c.ret_str(buf);
    }
    size_t res = c.begin_list();
    int fields[] = {tm.tm_sec, tm.tm_min, tm.tm_hour, tm.tm_mday, tm.tm_mon, tm.tm_year, tm.tm_wday, tm.tm_yday,
                    tm.tm_isdst > 0 ? 1 : 0};
    for (int f : fields) c.push(res, Value::small_int(f));
    return c.end_list(res);
}
bool b_localtime(Call& c) { return time_parts(c, true); }
bool b_gmtime(Call& c) { return time_parts(c, false); }

bool b_sleep(Call& c) {
    int64_t n = c.n() ? to_iv(c.arg(0)) : 0;
    c.vm().flush();
    if (n > 0) std::this_thread::sleep_for(std::chrono::seconds(n));
    return c.ret_int(n);
}

namespace {

// <> / <ARGV> (perlop "I/O Operators"): the files named in @ARGV in turn ($ARGV names the current one), or
// STDIN when @ARGV is empty at the first read. Returns the files index to read, or -1 when all are done.
int argv_file(Call& c) {
    Vm& vm = c.vm();
    if (vm.argv_file >= 0) return vm.argv_file;
    for (;;) {
        Value argv = vm.glob_av(vm.g_argv);
        if (av::len(argv) == 0) {
            if (vm.argv_started) return -1;
            vm.argv_started = true;
            vm.set_global(vm.glob_index("main::ARGV"), make_str(c.heap(), "-"));
            return vm.argv_file = 0;
        }
        vm.argv_started = true;
        std::string name = to_str(av::cell_value(av::shift(c.heap(), vm.glob_av(vm.g_argv))));
        vm.set_global(vm.glob_index("main::ARGV"), make_str(c.heap(), name));
        if (name == "-") return vm.argv_file = 0;
        std::FILE* fp = std::fopen(name.c_str(), "rb");
        if (!fp) {
            vm.err("Can't open " + name + ": " + std::strerror(errno) + ".\n");
            continue;
        }
        vm.files.push_back({fp, false, false});
        vm.files.back().lines = vm.argv_lines;  // $. runs on over <>'s files until `close ARGV`
        if (vm.last_read == vm.argv_prev) vm.last_read = static_cast<int>(vm.files.size() - 1);
        vm.argv_file = static_cast<int>(vm.files.size() - 1);
        if (vm.inplace) vm.inplace_open(name);  // -i (runtime/inplace.cpp): opens ARGVOUT
        return vm.argv_file;
    }
}

void argv_close(Vm& vm) {
    if (vm.argv_file >= 0) {
        vm.argv_lines = vm.argv_file == vm.last_read ? current_line(vm) : vm.files[static_cast<size_t>(vm.argv_file)].lines;
        vm.argv_prev = vm.argv_file;
    }
    if (vm.argv_file > 0 && vm.files[static_cast<size_t>(vm.argv_file)].fp) {
        std::fclose(vm.files[static_cast<size_t>(vm.argv_file)].fp);
        vm.files[static_cast<size_t>(vm.argv_file)].fp = nullptr;
    }
    vm.argv_file = -1;
    if (vm.inplace_out >= 0) vm.inplace_close();
}

}  // namespace

void count_line(Vm& vm, int f) {
    int64_t n;
    if (f == vm.last_read) {
        n = current_line(vm) + 1;  // $. may have been assigned
    } else {
        if (vm.last_read >= 0 && static_cast<size_t>(vm.last_read) < vm.files.size())
            vm.files[static_cast<size_t>(vm.last_read)].lines = current_line(vm);
        vm.last_read = f;
        n = vm.files[static_cast<size_t>(f)].lines + 1;
    }
    vm.files[static_cast<size_t>(f)].lines = n;
    vm.set_global(vm.g_dot, Value::small_int(n));
}

bool b_readline(Call& c) {
    std::string_view h;
    int f;
    const bool argv = !is_ref(c.arg(0)) && str_view(c.arg(0), h) && h == "ARGV";
    if (argv) {
        f = argv_file(c);
        if (f < 0) return c.ctx == ctx_list ? c.end_list(c.begin_list()) : c.ret(Value::nil());
    } else {
        f = c.vm().file_of(c.arg(0));
    }
    if (f < 0 || f == 1 || f == 2 || !c.vm().files[static_cast<size_t>(f)].fp) {
        if (c.ctx == ctx_list) {
            size_t res = c.begin_list();
            return c.end_list(res);
        }
        return c.ret(Value::nil());  // perl: undef (with a warning) from an unopened or closed handle
    }
    std::FILE* fp = c.vm().files[static_cast<size_t>(f)].fp;
    // the record separator $/ (perlvar): undef reads everything, a string ends each record, "" is paragraph
    // mode (records end at one or more empty lines: leading newlines are skipped, a record keeps two)
    Value sepv = static_cast<core::Cell*>(c.vm().glob_sv(c.vm().g_rs).as_object())->value;
    bool slurp = sepv.is_nil();
    std::string_view sep1;
    static thread_local char* record = nullptr;  // getdelim's buffer, kept for the next record
    static thread_local size_t capacity = 0;
    if (!slurp && str_view(sepv, sep1) && sep1.size() == 1) {  // the common case: one byte, a record per getdelim
        const int delim = static_cast<unsigned char>(sep1[0]);
        if (c.ctx != ctx_list) {
            for (;;) {
                const ssize_t got = getdelim(&record, &capacity, delim, fp);
                if (got > 0) {
                    count_line(c.vm(), f);
                    return c.ret(read_value(c, f, std::string_view(record, static_cast<size_t>(got))));
                }
                if (!argv) return c.ret(Value::nil());
                argv_close(c.vm());  // the next file of @ARGV
                f = argv_file(c);
                if (f < 0) return c.ret(Value::nil());
                fp = c.vm().files[static_cast<size_t>(f)].fp;
            }
        }
    }
    std::string sep = slurp ? "" : to_str(sepv);
    bool paragraph = !slurp && sep.empty();
    if (paragraph) sep = "\n\n";
    auto read_line = [&](std::string& line) -> bool {
        line.clear();
        if (!paragraph && (slurp || sep.size() == 1)) {  // the common cases: a block read or getdelim per record
            if (slurp) {
                char block[65536];
                size_t got;
                while ((got = std::fread(block, 1, sizeof block, fp)) > 0) line.append(block, got);
            } else {
                ssize_t got = getdelim(&record, &capacity, static_cast<unsigned char>(sep[0]), fp);
                if (got > 0) line.assign(record, static_cast<size_t>(got));
            }
            if (line.empty()) return false;
            count_line(c.vm(), f);
            return true;
        }
        int ch;
        if (paragraph) {
            while ((ch = std::getc(fp)) == '\n') {
            }
            if (ch == EOF) return false;
            std::ungetc(ch, fp);
        }
        while ((ch = std::getc(fp)) != EOF) {
            line += static_cast<char>(ch);
            if (!slurp && static_cast<char>(ch) == sep.back() && line.size() >= sep.size() &&
                line.compare(line.size() - sep.size(), sep.size(), sep) == 0)
                break;
        }
        if (paragraph && ch == '\n') {
            while ((ch = std::getc(fp)) == '\n') {
            }
            if (ch != EOF) std::ungetc(ch, fp);
        }
        if (line.empty()) return false;
        count_line(c.vm(), f);
        return true;
    };
    std::string line;
    if (c.ctx == ctx_list) {
        size_t res = c.begin_list();
        for (;;) {
            while (read_line(line)) c.push(res, read_value(c, f, line));
            if (!argv) break;
            argv_close(c.vm());
            f = argv_file(c);
            if (f < 0) break;
            fp = c.vm().files[static_cast<size_t>(f)].fp;
        }
        return c.end_list(res);
    }
    while (!read_line(line)) {
        if (!argv) return c.ret(Value::nil());
        argv_close(c.vm());  // the next file of @ARGV
        f = argv_file(c);
        if (f < 0) return c.ret(Value::nil());
        fp = c.vm().files[static_cast<size_t>(f)].fp;
    }
    return c.ret(read_value(c, f, line));
}

}  // namespace trellis::perl::builtins
