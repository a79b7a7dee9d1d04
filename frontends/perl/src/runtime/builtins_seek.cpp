/// @file builtins_seek.cpp
/// perlfunc's positioned I/O: seek, tell, read, sysread, syswrite, truncate. Return values and $! follow
/// perlfunc and pp_sys.c: seek gives 1 or "" , tell the offset or -1, read/sysread the bytes read (0 at end of
/// file, undef on error), syswrite the bytes written (undef on error), truncate 1 or undef; a bad handle sets
/// $! to "Bad file descriptor". read goes through the handle's stdio buffer (as perl's PerlIO buffer, so it
/// mixes with <FH>); sysread/syswrite call read(2)/write(2) on the descriptor, bypassing it, as perl does.
#include <sys/file.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>

#include "runtime/builtins_call.hpp"
#include "runtime/ops.hpp"

namespace trellis::perl::builtins {

namespace {

/// The files index named by argument 0 (ARGV is <>'s current file); without arguments the last handle read.
int handle_arg(Call& c) {
    Vm& vm = c.vm();
    if (!c.n()) return vm.last_read;
    if (!is_ref(c.arg(0)) && to_str(c.arg(0)) == "ARGV") return vm.argv_file;
    return vm.file_of(c.arg(0));
}

/// True when files[f] is open (a stream, an in-memory output scalar, or STDOUT/STDERR).
bool is_open(Vm& vm, int f) {
    if (f < 0 || static_cast<size_t>(f) >= vm.files.size()) return false;
    if (f == 1 || f == 2) return true;
    return vm.files[static_cast<size_t>(f)].fp || !vm.files[static_cast<size_t>(f)].memory.is_nil();
}

/// A failed call on a bad handle: $! is EBADF and the result `failed` (perl's undef, "" or -1).
[[gnu::noinline, gnu::cold]] bool bad_handle(Call& c, Value failed) {
    set_errno_var(c, EBADF);
    return c.ret(failed);
}

/// A failed system call: $! from errno, the result undef.
[[gnu::noinline, gnu::cold]] bool fail_errno(Call& c) {
    set_errno_var(c, errno);
    return c.ret(Value::nil());
}

/// read(2)/write(2) through `io`, repeated while a signal interrupts it.
template <class Io>
ssize_t without_eintr(Io io) {
    ssize_t n;
    do n = io();
    while (n < 0 && errno == EINTR);
    return n;
}

/// The descriptor behind files[f] for sysread/syswrite, or -1 (in-memory handles have none: EBADF, as perl).
int descriptor(Vm& vm, int f) {
    if (f == 1 || f == 2) return f;
    auto& file = vm.files[static_cast<size_t>(f)];
    if (file.scalar || !file.fp) return -1;
    return ::fileno(file.fp);
}

/// An offset argument (perlfunc "read"/"syswrite"): negative counts back from the end of a `size`-byte string;
/// -1 when it points before the start (perl's "Offset outside string").
int64_t resolve_offset(int64_t offset, size_t size) {
    if (offset >= 0) return offset;
    if (static_cast<uint64_t>(-offset) > size) return -1;
    return offset + static_cast<int64_t>(size);
}

/// read/sysread (perlfunc "read"): reads up to LENGTH bytes into SCALAR at OFFSET (padding with "\0" when the
/// string is shorter, truncating it after the bytes read).
bool read_into(Call& c, bool sys) {
    const char* name = sys ? "sysread" : "read";
    if (c.n() < 3) return c.die(std::string("Not enough arguments for ") + name);
    Vm& vm = c.vm();
    int f = vm.file_of(c.arg(0));
    if (!is_open(vm, f) || f == 1 || f == 2) return bad_handle(c, Value::nil());
    int64_t length = to_iv(c.arg(2));
    Value old = c.arg(1);
    std::string buf = old.is_nil() ? std::string() : to_str(old);
    if (length < 0) return c.die("Negative length");
    int64_t offset = resolve_offset(c.n() > 3 ? to_iv(c.arg(3)) : 0, buf.size());
    if (offset < 0) return c.die("Offset outside string");
    std::FILE* fp = vm.files[static_cast<size_t>(f)].fp;
    int fd = sys ? descriptor(vm, f) : (fp ? 0 : -1);
    if (fd < 0) return bad_handle(c, Value::nil());
    buf.resize(static_cast<size_t>(offset), '\0');
    size_t got = 0;
    if (sys) {  // one read(2) (it may return fewer bytes than asked, as perl's sysread)
        size_t want = static_cast<size_t>(std::min<int64_t>(length, int64_t(1) << 26));
        buf.resize(buf.size() + want);
        ssize_t n = without_eintr([&] { return ::read(fd, buf.data() + offset, want); });
        if (n < 0) return fail_errno(c);
        got = static_cast<size_t>(n);
    } else {  // through the buffer until LENGTH bytes or the end of the file (in chunks: LENGTH may be huge)
        while (got < static_cast<size_t>(length)) {
            size_t chunk = std::min<size_t>(static_cast<size_t>(length) - got, 1 << 16);
            buf.resize(static_cast<size_t>(offset) + got + chunk);
            size_t n = std::fread(buf.data() + offset + got, 1, chunk, fp);
            got += n;
            if (n < chunk) {
                if (std::ferror(fp)) {
                    int e = errno;
                    std::clearerr(fp);
                    if (got == 0) {
                        set_errno_var(c, e ? e : EBADF);
                        return c.ret(Value::nil());
                    }
                }
                break;
            }
        }
    }
    buf.resize(static_cast<size_t>(offset) + got);
    Value nv = make_str(c.heap(), buf);
    auto* cell = static_cast<core::Cell*>(c.arg_cell(1).as_object());
    c.heap().store(cell, cell->value, nv);
    return c.ret_int(static_cast<int64_t>(got));
}

}  // namespace

bool b_seek(Call& c) {
    if (c.n() < 3) return c.die("Not enough arguments for seek");
    Vm& vm = c.vm();
    int f = handle_arg(c);
    if (!is_open(vm, f)) return bad_handle(c, vm.v_empty);
    int64_t pos = to_iv(c.arg(1));
    int64_t whence = to_iv(c.arg(2));
    if (!vm.files[static_cast<size_t>(f)].memory.is_nil())
        return c.die("seek on an in-memory output handle is not supported by trellis-perl");
    if (whence < 0 || whence > 2) {
        set_errno_var(c, EINVAL);
        return c.ret_bool(false);
    }
    int w = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END;
    if (f == 1 || f == 2) {  // STDOUT/STDERR: the descriptor, after the pending output
        vm.flush();
        if (::lseek(f, static_cast<off_t>(pos), w) < 0) {
            set_errno_var(c, errno);
            return c.ret_bool(false);
        }
        return c.ret_bool(true);
    }
    if (::fseeko(vm.files[static_cast<size_t>(f)].fp, static_cast<off_t>(pos), w) != 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    return c.ret_bool(true);  // the end-of-file flag is cleared; $. is kept (perlfunc "seek")
}

bool b_tell(Call& c) {
    Vm& vm = c.vm();
    int f = handle_arg(c);
    if (!is_open(vm, f)) return bad_handle(c, Value::small_int(-1));
    auto& file = vm.files[static_cast<size_t>(f)];
    off_t at;
    if (f == 1 || f == 2) {
        vm.flush();
        at = ::lseek(f, 0, SEEK_CUR);
    } else if (!file.memory.is_nil()) {  // an in-memory output scalar: writes always append
        Value v = static_cast<core::Cell*>(file.memory.as_object())->value;
        at = v.is_nil() ? 0 : static_cast<off_t>(to_str(v).size());
    } else {
        at = ::ftello(file.fp);
    }
    if (at < 0) {
        set_errno_var(c, errno);
        return c.ret(Value::small_int(-1));
    }
    return c.ret_int(static_cast<int64_t>(at));
}

bool b_read(Call& c) { return read_into(c, false); }
bool b_sysread(Call& c) { return read_into(c, true); }

// syswrite FH, SCALAR [, LENGTH [, OFFSET]] (perlfunc "syswrite"): one write(2), bypassing the buffer
bool b_syswrite(Call& c) {
    if (c.n() < 2) return c.die("Not enough arguments for syswrite");
    Vm& vm = c.vm();
    int f = vm.file_of(c.arg(0));
    if (!is_open(vm, f)) return bad_handle(c, Value::nil());
    std::string data = to_str(c.arg(1));
    int64_t length = c.n() > 2 && !c.arg(2).is_nil() ? to_iv(c.arg(2)) : static_cast<int64_t>(data.size());
    if (length < 0) return c.die("Negative length");
    int64_t offset = resolve_offset(c.n() > 3 ? to_iv(c.arg(3)) : 0, data.size());
    if (offset < 0 || static_cast<size_t>(offset) > data.size()) return c.die("Offset outside string");
    size_t count = std::min<size_t>(static_cast<size_t>(length), data.size() - static_cast<size_t>(offset));
    if ((f == 1 || f == 2) && vm.output) {  // embedded: the host's output (no descriptor to bypass to)
        if (f == 1) vm.out(std::string_view(data).substr(static_cast<size_t>(offset), count)), vm.flush();
        else vm.err(std::string_view(data).substr(static_cast<size_t>(offset), count));
        return c.ret_int(static_cast<int64_t>(count));
    }
    int fd = descriptor(vm, f);
    if (fd < 0) return bad_handle(c, Value::nil());
    ssize_t n = without_eintr([&] { return ::write(fd, data.data() + offset, count); });
    if (n < 0) return fail_errno(c);
    return c.ret_int(static_cast<int64_t>(n));
}

// truncate FH|NAME, LENGTH (perlfunc "truncate"): a handle is flushed first
bool b_truncate(Call& c) {
    if (c.n() < 2) return c.die("Not enough arguments for truncate");
    Vm& vm = c.vm();
    int64_t length = to_iv(c.arg(1));
    int f = vm.file_of(c.arg(0));
    int rc;
    if (f >= 0 || is_ref(c.arg(0))) {
        if (!is_open(vm, f) || f == 1 || f == 2) return bad_handle(c, Value::nil());
        auto& file = vm.files[static_cast<size_t>(f)];
        if (!file.memory.is_nil() || file.scalar)
            return c.die("truncate of an in-memory handle is not supported by trellis-perl");
        std::fflush(file.fp);
        rc = ::ftruncate(::fileno(file.fp), static_cast<off_t>(length));
    } else {
        rc = ::truncate(to_str(c.arg(0)).c_str(), static_cast<off_t>(length));
    }
    if (rc != 0) return fail_errno(c);
    return c.ret(vm.v_one);
}

// sysseek FH, POSITION, WHENCE (perlfunc "sysseek"): lseek(2) on the descriptor, bypassing the buffer; the new
// position ("0 but true" for 0), or undef with $! set
bool b_sysseek(Call& c) {
    if (c.n() < 3) return c.die("Not enough arguments for sysseek");
    Vm& vm = c.vm();
    int f = handle_arg(c);
    if (!is_open(vm, f)) return bad_handle(c, Value::nil());
    int fd = descriptor(vm, f);
    if (fd < 0) return bad_handle(c, Value::nil());
    int64_t whence = to_iv(c.arg(2));
    if (whence < 0 || whence > 2) {
        set_errno_var(c, EINVAL);
        return c.ret(Value::nil());
    }
    off_t at = ::lseek(fd, static_cast<off_t>(to_iv(c.arg(1))), whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
    if (at < 0) return fail_errno(c);
    return at == 0 ? c.ret_str("0 but true") : c.ret_int(static_cast<int64_t>(at));
}

// flock FH, OPERATION (perlfunc "flock"): flock(2) with LOCK_SH LOCK_EX LOCK_UN LOCK_NB (Fcntl :flock); the
// handle's pending output is written first. True, or false with $! set
bool b_flock(Call& c) {
    if (c.n() < 2) return c.die("Not enough arguments for flock");
    Vm& vm = c.vm();
    int f = handle_arg(c);
    if (!is_open(vm, f)) return bad_handle(c, vm.v_empty);
    int fd = descriptor(vm, f);
    if (fd < 0) return bad_handle(c, vm.v_empty);
    if (f == 1) vm.flush();
    else if (f > 2 && vm.files[static_cast<size_t>(f)].fp) std::fflush(vm.files[static_cast<size_t>(f)].fp);
    int rc;
    do rc = ::flock(fd, static_cast<int>(to_iv(c.arg(1))));
    while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    return c.ret(vm.v_one);
}

}  // namespace trellis::perl::builtins
