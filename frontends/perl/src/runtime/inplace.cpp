/// @file inplace.cpp
/// -i[EXT] in-place editing (perlrun "-i[extension]"): when <> opens the next file of @ARGV for reading, the
/// original is renamed to its backup name (EXT appended, or each '*' in EXT replaced by the file name) or, without
/// EXT, unlinked (the open handle still reads it), and a new file of the same name and permissions is opened as
/// ARGVOUT, where print/say/printf without a handle write (the compiler's default handle under -i). It is
/// closed when <> closes its file; between files and when reading STDIN the default handle is STDOUT.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "runtime/vm.hpp"

namespace trellis::perl {

void Vm::inplace_open(const std::string& name) {
    if (inplace_out >= 0) inplace_close();
    struct stat st {};
    const bool have_mode = ::stat(name.c_str(), &st) == 0;
    if (have_mode && !S_ISREG(st.st_mode)) {
        err("Can't do inplace edit: " + name + " is not a regular file.\n");
        return;
    }
    if (!inplace_ext.empty()) {
        std::string backup;
        if (inplace_ext.find('*') == std::string::npos) {
            backup = name + inplace_ext;
        } else {
            for (char ch : inplace_ext) backup += ch == '*' ? name : std::string(1, ch);
        }
        if (std::rename(name.c_str(), backup.c_str()) != 0) {
            err("Can't rename " + name + " to " + backup + ": " + std::strerror(errno) + ", skipping file.\n");
            return;
        }
    } else if (::unlink(name.c_str()) != 0) {
        err("Can't remove " + name + ": " + std::strerror(errno) + ", skipping file.\n");
        return;
    }
    std::FILE* fp = std::fopen(name.c_str(), "wb");
    if (!fp) {
        err("Can't do inplace edit on " + name + ": " + std::strerror(errno) + ".\n");
        return;
    }
    if (have_mode) ::fchmod(::fileno(fp), st.st_mode & 07777);
    files.push_back({fp, true, false});
    inplace_out = static_cast<int>(files.size() - 1);
    named_files["ARGVOUT"] = inplace_out;
}

void Vm::inplace_close() {
    if (inplace_out < 0) return;
    OpenFile& f = files[static_cast<size_t>(inplace_out)];
    if (f.fp) std::fclose(f.fp);
    f.fp = nullptr;
    named_files.erase("ARGVOUT");
    inplace_out = -1;
}

}  // namespace trellis::perl
