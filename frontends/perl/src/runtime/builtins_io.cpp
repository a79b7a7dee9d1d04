/// @file builtins_io.cpp
/// perlfunc's I/O and time builtins: print/say/printf to handles, open/close/eof/binmode/unlink, readline with
/// $/ (undef slurps), file tests, time/localtime/gmtime/sleep.
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

#include "runtime/builtins_call.hpp"
#include "runtime/ops.hpp"

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

// open(FH, MODE, PATH) / open(FH, "<PATH"): arg 0 is the handle (a Cell to store a new handle into, or a name)
bool b_open(Call& c) {
    std::string mode, path;
    std::FILE* memory = nullptr;  // open(my $fh, '<', \$string): reads a copy of the string (a temporary file)
    if (c.n() >= 3) {
        mode = to_str(c.arg(1));
        if (is_ref(c.arg(2))) {
            std::string m = mode.substr(0, mode.find(':'));
            while (!m.empty() && m.back() == ' ') m.pop_back();
            if (m != "<" || !core::is_kind(c.arg(2), core::Kind::cell))
                return c.die("open to an in-memory scalar for writing is not supported by trellis-perl");
            std::string content = to_str(static_cast<core::Cell*>(c.arg(2).as_object())->value);
            memory = std::tmpfile();
            if (!memory || std::fwrite(content.data(), 1, content.size(), memory) != content.size())
                return c.die("Out of memory in trellis-perl: in-memory file");
            std::rewind(memory);
        } else {
            path = to_str(c.arg(2));
        }
    } else if (c.n() == 2) {
        std::string spec = to_str(c.arg(1));
        size_t k = 0;
        while (k < spec.size() && std::isspace(static_cast<unsigned char>(spec[k]))) ++k;
        if (spec.compare(k, 2, ">>") == 0) mode = ">>", k += 2;
        else if (spec.compare(k, 2, "+<") == 0) mode = "+<", k += 2;
        else if (spec[k] == '>') mode = ">", ++k;
        else if (spec[k] == '<') mode = "<", ++k;
        else if (!spec.empty() && spec.back() == '|') return c.die("open of a pipe is not supported by trellis-perl");
        else mode = "<";
        while (k < spec.size() && std::isspace(static_cast<unsigned char>(spec[k]))) ++k;
        path = spec.substr(k);
        while (!path.empty() && std::isspace(static_cast<unsigned char>(path.back()))) path.pop_back();
    } else {
        return c.die("Not enough arguments for open");
    }
    size_t colon = mode.find(':');  // "<:encoding(UTF-8)" layers are accepted and ignored (bytes)
    if (colon != std::string::npos) mode = mode.substr(0, colon);
    while (!mode.empty() && mode.back() == ' ') mode.pop_back();
    const char* fmode = mode == "<" ? "rb" : mode == ">" ? "wb" : mode == ">>" ? "ab" : mode == "+<" ? "r+b" : nullptr;
    if (!fmode) return c.die("Unknown open() mode '" + mode + "'");
    std::FILE* fp = memory ? memory : std::fopen(path.c_str(), fmode);
    if (!fp) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    Vm& vm = c.vm();
    vm.files.push_back({fp, mode != "<", false});
    int index = static_cast<int>(vm.files.size() - 1);
    Value name_value = c.arg(0);
    if (!is_str(name_value) || to_str(name_value).empty()) {  // open(my $fh, ...): a new handle in the variable
        auto* obj = gc::new_instance(c.heap(), vm.glob_class, 1);
        obj->slots[0] = Value::small_int(index);
        Value fh = Value::object(obj);
        auto* cell = static_cast<core::Cell*>(c.arg_cell(0).as_object());
        c.heap().store(cell, cell->value, fh);
    } else {
        std::string name = to_str(c.arg(0));
        auto it = vm.named_files.find(name);
        if (it != vm.named_files.end() && vm.files[it->second].fp) std::fclose(vm.files[it->second].fp), vm.files[it->second].fp = nullptr;
        vm.named_files[name] = index;
    }
    set_errno_var(c, 0);
    return c.ret(vm.v_one);
}

bool b_close(Call& c) {
    int f = c.vm().file_of(c.arg(0));
    if (f < 3) return c.ret_bool(f >= 0);
    auto& file = c.vm().files[static_cast<size_t>(f)];
    if (!file.fp) return c.ret_bool(false);
    bool ok = std::fclose(file.fp) == 0;
    file.fp = nullptr;
    return c.ret_bool(ok);
}

bool b_eof(Call& c) {
    int f = c.n() ? c.vm().file_of(c.arg(0)) : 0;
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

bool b_binmode(Call& c) { return c.ret_bool(c.vm().file_of(c.arg(0)) >= 0); }

bool b_print(Call& c) {
    Vm& vm = c.vm();
    std::string sep = to_str(static_cast<core::Cell*>(vm.glob_sv(vm.g_comma).as_object())->value);
    std::string text = join_args(c, 1, sep);
    text += to_str(static_cast<core::Cell*>(vm.glob_sv(vm.g_backslash).as_object())->value);
    if (!write_to(c, c.arg(0), text)) return false;
    return c.ret(vm.v_one);
}

bool b_say(Call& c) {
    Vm& vm = c.vm();
    std::string sep = to_str(static_cast<core::Cell*>(vm.glob_sv(vm.g_comma).as_object())->value);
    std::string text = join_args(c, 1, sep);
    text += '\n';
    if (!write_to(c, c.arg(0), text)) return false;
    return c.ret(vm.v_one);
}

bool b_printf(Call& c) {
    std::string fmt = to_str(c.arg(1));
    std::string text = perl_sprintf(c.vm(), fmt, c.args(), 2);
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
        return vm.argv_file = static_cast<int>(vm.files.size() - 1);
    }
}

void argv_close(Vm& vm) {
    if (vm.argv_file > 0 && vm.files[static_cast<size_t>(vm.argv_file)].fp) {
        std::fclose(vm.files[static_cast<size_t>(vm.argv_file)].fp);
        vm.files[static_cast<size_t>(vm.argv_file)].fp = nullptr;
    }
    vm.argv_file = -1;
}

}  // namespace

bool b_readline(Call& c) {
    std::string h = is_ref(c.arg(0)) ? std::string() : to_str(c.arg(0));
    int f;
    bool argv = h == "ARGV";
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
    // the record separator $/ (perlvar): undef reads everything, a string ends each record
    Value sepv = static_cast<core::Cell*>(c.vm().glob_sv(c.vm().glob_index("main::/")).as_object())->value;
    bool slurp = sepv.is_nil();
    std::string sep = slurp ? "" : to_str(sepv);
    if (!slurp && sep.empty()) return c.die("paragraph mode ($/ = \"\") is not supported by trellis-perl");
    auto read_line = [&](std::string& line) -> bool {
        line.clear();
        int ch;
        while ((ch = std::getc(fp)) != EOF) {
            line += static_cast<char>(ch);
            if (!slurp && static_cast<char>(ch) == sep.back() && line.size() >= sep.size() &&
                line.compare(line.size() - sep.size(), sep.size(), sep) == 0)
                break;
        }
        return !line.empty();
    };
    std::string line;
    if (c.ctx == ctx_list) {
        size_t res = c.begin_list();
        for (;;) {
            while (read_line(line)) c.push(res, make_str(c.heap(), line));
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
    return c.ret_str(line);
}

bool file_test(Call& c, char t) {
    std::string path = to_str(c.arg(0));
    struct stat st;
    int rc = t == 'l' ? ::lstat(path.c_str(), &st) : ::stat(path.c_str(), &st);
    if (rc != 0) return c.ret(Value::nil());
    switch (t) {
        case 'e': return c.ret_bool(true);
        case 'f': return c.ret_bool(S_ISREG(st.st_mode));
        case 'd': return c.ret_bool(S_ISDIR(st.st_mode));
        case 'l': return c.ret_bool(S_ISLNK(st.st_mode));
        case 's': return st.st_size > 0 ? c.ret_int(st.st_size) : c.ret_bool(false);
        case 'z': return c.ret_bool(st.st_size == 0);
        case 'r': return c.ret_bool(::access(path.c_str(), R_OK) == 0);
        case 'w': return c.ret_bool(::access(path.c_str(), W_OK) == 0);
        case 'x': return c.ret_bool(::access(path.c_str(), X_OK) == 0);
        default: return c.ret(Value::nil());
    }
}

}  // namespace trellis::perl::builtins
