/// @file builtins_files.cpp
/// perlfunc's file-system builtins: directory handles (`opendir readdir rewinddir closedir`), `stat`/`lstat`
/// (the 13-element list), `mkdir rmdir rename chdir`, the age tests `-M -A -C` (days before `$^T`, as a
/// double) and `glob` / `<*.c>` with File::Glob's default csh rules (whitespace separates patterns; braces,
/// `~`; names sorted case-insensitively as bsd_glob's GLOB_ALPHASORT; a pattern without wildcards that matches
/// nothing is returned as it is; in scalar context one name per call, per call site).
#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "runtime/builtins_call.hpp"

namespace trellis::perl::builtins {

namespace {
// The dirs index of a directory handle: a dirhandle object (slot 1) or a bareword name; -1 if none.
int dir_of(Vm& vm, Value h) {
    if (core::is_kind(h, core::Kind::cell)) h = static_cast<core::Cell*>(h.as_object())->value;
    if (core::is_kind(h, core::Kind::instance) && h.as_object()->class_id == vm.glob_class) {
        auto* obj = static_cast<core::Instance*>(h.as_object());
        if (obj->slot_count() < 2) return -1;
        Value slot = obj->slots[1];
        return slot.is_small_int() ? static_cast<int>(slot.as_small_int()) : -1;
    }
    if (is_ref(h) || h.is_nil()) return -1;
    std::string name = to_str(h);
    if (name.compare(0, 6, "main::") == 0) name = name.substr(6);
    auto it = vm.named_dirs.find(name);
    return it == vm.named_dirs.end() ? -1 : it->second;
}

DIR* dir_ptr(Vm& vm, int d) {
    return d < 0 || static_cast<size_t>(d) >= vm.dirs.size() ? nullptr : static_cast<DIR*>(vm.dirs[static_cast<size_t>(d)]);
}

bool stat_list(Call& c, bool link) {
    struct stat st;
    int rc;
    Value a = c.n() ? c.arg(0) : Value::nil();
    int f = is_ref(a) ? c.vm().file_of(a) : -1;
    if (f >= 0) {  // stat FILEHANDLE
        std::FILE* fp = c.vm().files[static_cast<size_t>(f)].fp;
        rc = fp ? ::fstat(::fileno(fp), &st) : -1;
        if (!fp) errno = EBADF;
    } else {
        std::string path = to_str(a);
        rc = link ? ::lstat(path.c_str(), &st) : ::stat(path.c_str(), &st);
    }
    if (rc != 0) {
        set_errno_var(c, errno);
        return c.ctx == ctx_list ? c.end_list(c.begin_list()) : c.ret_bool(false);
    }
    if (c.ctx != ctx_list) return c.ret_bool(true);
    size_t res = c.begin_list();
    const int64_t fields[] = {static_cast<int64_t>(st.st_dev),   static_cast<int64_t>(st.st_ino),
                              static_cast<int64_t>(st.st_mode),  static_cast<int64_t>(st.st_nlink),
                              static_cast<int64_t>(st.st_uid),   static_cast<int64_t>(st.st_gid),
                              static_cast<int64_t>(st.st_rdev),  static_cast<int64_t>(st.st_size),
                              static_cast<int64_t>(st.st_atime), static_cast<int64_t>(st.st_mtime),
                              static_cast<int64_t>(st.st_ctime), static_cast<int64_t>(st.st_blksize),
                              static_cast<int64_t>(st.st_blocks)};
    for (int64_t v : fields) c.push(res, make_iv(c.heap(), v));
    return c.end_list(res);
}

// bsd_glob's GLOB_ALPHASORT order (File::Glob): case-insensitive, ties broken by the bytes
bool alpha_less(const std::string& a, const std::string& b) {
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        int x = std::tolower(static_cast<unsigned char>(a[i])), y = std::tolower(static_cast<unsigned char>(b[i]));
        if (x != y) return x < y;
    }
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

std::vector<std::string> expand_glob(const std::string& spec) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < spec.size()) {
        while (i < spec.size() && std::isspace(static_cast<unsigned char>(spec[i]))) ++i;
        size_t j = i;
        while (j < spec.size() && !std::isspace(static_cast<unsigned char>(spec[j]))) ++j;
        if (j == i) break;
        std::string pat = spec.substr(i, j - i);
        i = j;
        glob_t g{};
        int rc = ::glob(pat.c_str(), GLOB_NOSORT | GLOB_BRACE | GLOB_TILDE | GLOB_NOMAGIC, nullptr, &g);
        std::vector<std::string> names;
        if (rc == 0)
            for (size_t k = 0; k < g.gl_pathc; ++k) names.emplace_back(g.gl_pathv[k]);
        ::globfree(&g);
        std::sort(names.begin(), names.end(), alpha_less);
        out.insert(out.end(), names.begin(), names.end());
    }
    return out;
}
}  // namespace

bool b_opendir(Call& c) {
    std::string path = to_str(c.arg(1));
    DIR* d = ::opendir(path.c_str());
    if (!d) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    Vm& vm = c.vm();
    int old = dir_of(vm, c.arg_cell(0).is_nil() ? c.arg(0) : c.arg_cell(0));
    if (DIR* o = dir_ptr(vm, old)) ::closedir(o), vm.dirs[static_cast<size_t>(old)] = nullptr;
    vm.dirs.push_back(d);
    int index = static_cast<int>(vm.dirs.size() - 1);
    Value name_value = c.arg(0);
    if (!is_str(name_value) || to_str(name_value).empty()) {  // opendir(my $dh, ...): a new handle
        auto* obj = gc::new_instance(c.heap(), vm.glob_class, 2);
        obj->slots[0] = Value::small_int(-1);
        obj->slots[1] = Value::small_int(index);
        Value dh = Value::object(obj);
        auto* cell = static_cast<core::Cell*>(c.arg_cell(0).as_object());
        c.heap().store(cell, cell->value, dh);
    } else {
        std::string name = to_str(name_value);
        if (name.compare(0, 6, "main::") == 0) name = name.substr(6);
        vm.named_dirs[name] = index;
    }
    return c.ret(vm.v_one);
}

// readdir DIRHANDLE: the next entry (undef at the end), or every remaining entry in list context
bool b_readdir(Call& c) {
    DIR* d = dir_ptr(c.vm(), dir_of(c.vm(), c.arg(0)));
    if (c.ctx == ctx_list) {
        size_t res = c.begin_list();
        if (d)
            while (dirent* e = ::readdir(d)) c.push(res, make_str(c.heap(), e->d_name));
        return c.end_list(res);
    }
    dirent* e = d ? ::readdir(d) : nullptr;
    return e ? c.ret_str(e->d_name) : c.ret(Value::nil());
}

bool b_rewinddir(Call& c) {
    DIR* d = dir_ptr(c.vm(), dir_of(c.vm(), c.arg(0)));
    if (d) ::rewinddir(d);
    return c.ret_bool(d != nullptr);
}

bool b_closedir(Call& c) {
    int i = dir_of(c.vm(), c.arg(0));
    DIR* d = dir_ptr(c.vm(), i);
    if (!d) return c.ret_bool(false);
    c.vm().dirs[static_cast<size_t>(i)] = nullptr;
    return c.ret_bool(::closedir(d) == 0);
}

bool b_stat(Call& c) { return stat_list(c, false); }
bool b_lstat(Call& c) { return stat_list(c, true); }

bool b_mkdir(Call& c) {
    std::string path = to_str(c.arg(0));
    mode_t mode = c.n() > 1 ? static_cast<mode_t>(to_iv(c.arg(1))) : 0777;
    if (::mkdir(path.c_str(), mode) != 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    return c.ret(c.vm().v_one);
}

bool b_rmdir(Call& c) {
    if (::rmdir(to_str(c.arg(0)).c_str()) != 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    return c.ret(c.vm().v_one);
}

bool b_rename(Call& c) {
    if (::rename(to_str(c.arg(0)).c_str(), to_str(c.arg(1)).c_str()) != 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    return c.ret(c.vm().v_one);
}

bool b_chdir(Call& c) {
    std::string path;
    if (c.n() && !c.arg(0).is_nil()) path = to_str(c.arg(0));
    else if (const char* home = std::getenv("HOME")) path = home;
    if (::chdir(path.c_str()) != 0) {
        set_errno_var(c, errno);
        return c.ret_bool(false);
    }
    return c.ret(c.vm().v_one);
}

// -M -A -C FILE: the age in days at $^T of the modification, access and inode change times
// -e -f -d -l -s -z -r -w -x -M -A -C PATH (perlfunc "-X"): undef with $! set when the file cannot be
// examined (pp_sys.c my_stat_flags); -M/-A/-C in days before the program started ($^T)
bool file_test(Call& c, char t) {
    std::string path = to_str(c.arg(0));
    struct stat st;
    int rc = t == 'l' ? ::lstat(path.c_str(), &st) : ::stat(path.c_str(), &st);
    if (rc != 0) {
        set_errno_var(c, errno);
        return c.ret(Value::nil());
    }
    auto access_ok = [&](int how) {
        if (::access(path.c_str(), how) == 0) return true;
        set_errno_var(c, errno);
        return false;
    };
    auto age = [&](time_t when) {
        return Value::from_double(static_cast<double>(c.vm().start_time - static_cast<int64_t>(when)) / 86400.0);
    };
    switch (t) {
        case 'e': return c.ret_bool(true);
        case 'f': return c.ret_bool(S_ISREG(st.st_mode));
        case 'd': return c.ret_bool(S_ISDIR(st.st_mode));
        case 'l': return c.ret_bool(S_ISLNK(st.st_mode));
        case 's': return st.st_size > 0 ? c.ret_int(st.st_size) : c.ret_bool(false);
        case 'z': return c.ret_bool(st.st_size == 0);
        case 'r': return c.ret_bool(access_ok(R_OK));
        case 'w': return c.ret_bool(access_ok(W_OK));
        case 'x': return c.ret_bool(access_ok(X_OK));
        case 'M': return c.ret(age(st.st_mtime));
        case 'A': return c.ret(age(st.st_atime));
        case 'C': return c.ret(age(st.st_ctime));
        default: return c.ret(Value::nil());
    }
}

// glob EXPR / <*.c>: every name in list context; in scalar context the next name of this call site's list
bool b_glob(Call& c) {
    std::string spec = c.n() ? to_str(c.arg(0)) : std::string();
    if (c.ctx == ctx_list) {
        size_t res = c.begin_list();
        for (const std::string& name : expand_glob(spec)) c.push(res, make_str(c.heap(), name));
        return c.end_list(res);
    }
    auto it = c.vm().glob_sites.find(c.ip);
    if (it == c.vm().glob_sites.end()) {
        std::vector<std::string> names = expand_glob(spec);
        std::reverse(names.begin(), names.end());  // popped from the back
        it = c.vm().glob_sites.emplace(c.ip, std::move(names)).first;
    }
    if (it->second.empty()) {  // the end: undef once, then the next call starts over
        c.vm().glob_sites.erase(it);
        return c.ret(Value::nil());
    }
    std::string name = std::move(it->second.back());
    it->second.pop_back();
    return c.ret_str(name);
}

}  // namespace trellis::perl::builtins
