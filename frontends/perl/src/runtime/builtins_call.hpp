/// @file builtins_call.hpp
/// Private to the builtins (builtins*.cpp): one builtin call's view of its arguments and result, the helpers
/// the builtins share, and the builtins defined outside builtins.cpp (I/O and time in builtins_io.cpp,
/// List::Util / Scalar::Util / POSIX in builtins_util.cpp).
#pragma once
#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/containers.hpp"
#include "runtime/ops.hpp"
#include "runtime/vm.hpp"
#include "runtime/warnings.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl::builtins {

/// One builtin call: the state, its instruction, context, and accessors for the argument List (re-read from
/// its register after every allocation).
struct Call {
    State& s;
    const Ins* ip;
    uint8_t ctx;
    Value& out;
    bool list_result = false;  ///< out is a result List (set by end_list)
    Vm& vm() { return *s.vm; }
    gc::Heap& heap() { return s.vm->heap; }
    Value& args() { return s.r[ip->b]; }
    size_t n() { return static_cast<size_t>(av::len(args())); }
    Value arg(size_t i) { return av::fetch(args(), static_cast<int64_t>(i)); }
    Value arg_cell(size_t i) { return av::slot(args(), i); }
    bool die(const std::string& m) { return s.vm->die(s, ip, m); }
    bool ret(Value v) {
        out = v;
        return true;
    }
    bool ret_str(std::string_view v) { return ret(make_str(heap(), v)); }
    bool ret_int(int64_t v) { return ret(make_iv(heap(), v)); }
    bool ret_bool(bool b) { return ret(b ? s.vm->v_one : s.vm->v_empty); }
    /// A new empty result List in `out` (rooted through the caller's register write only after return, so
    /// keep it in scratch while allocating).
    size_t begin_list() {
        s.vm->scratch.push_back(Value::object(gc::new_list(heap(), 4)));
        return s.vm->scratch.size() - 1;
    }
    void push(size_t slot, Value v) { av::push_value(heap(), s.vm->scratch[slot], v); }
    bool end_list(size_t slot) {
        list_result = true;
        out = s.vm->scratch[slot];
        s.vm->scratch.resize(slot);
        return true;
    }
};

using Fn = bool (*)(Call&);

inline std::string str_of(Vm& vm, Value v) {
    std::string s;
    if (is_ref(v) && v.as_object()->class_id) append_str(s, v, &vm.package_name(v.as_object()->class_id));
    else append_str(s, v);
    return s;
}

/// substr's OFFSET and LENGTH (arguments 1 and 2, perlfunc "substr") resolved against a string of `len`
/// characters into `off` and `cnt`; false when OFFSET is outside the string.
TRELLIS_ALWAYS_INLINE bool substr_span(Call& c, int64_t len, int64_t& off, int64_t& cnt) {
    const bool has_len = c.n() > 2 && !c.arg(2).is_nil();
    return substr_range(len, to_iv(c.arg(1)), has_len, has_len ? to_iv(c.arg(2)) : 0, off, cnt);
}

/// substr (arguments in `c`) when its span lies wholly outside the string (substr_range false): the 4-argument
/// form dies, the others warn "substr outside of string" (perldiag, category substr) and return undef.
inline bool substr_outside(Call& c) {
    if (c.n() == 4) return c.die("substr outside of string");
    if (TRELLIS_UNLIKELY(c.s.proto->warns) && !warn_at(c.s, c.ip, w_other, "substr outside of string")) return false;
    return c.ret(Value::nil());
}

inline std::string join_args(Call& c, size_t from, const std::string& sep) {
    std::string s;
    for (size_t i = from; i < c.n(); ++i) {
        if (i > from) s += sep;
        s += str_of(c.vm(), c.arg(i));
    }
    return s;
}

/// The random generator of rand/srand/shuffle (one per Vm, seeded at first use; srand reseeds it).
inline std::mt19937_64& rng(Call& c) { return c.vm().random(); }
/// Sets $! to the message of errno value `e` ("" for 0).
void set_errno_var(Call& c, int e);
/// A file test (-e -f -d -l -s -z -r -w -x) on the path in argument 0.
bool file_test(Call& c, char t);

/// The count of the last-read handle ($. as it stands; 0 when undef) and the step of `readline`: one more
/// record read from files[f] (makes f the last-read handle, perlvar "$.").
int64_t current_line(Vm& vm);
void count_line(Vm& vm, int f);
/// Closes files[f] (a pipe: waits for its child and sets $?); false when it was not open or the close failed.
bool close_file(Vm& vm, int f);
/// Starts a child process running `cmd` (builtins_process.cpp, perlfunc "system"/"exec": one string with
/// shell metacharacters runs under /bin/sh -c, otherwise the words are run directly). `dir` 'r' connects the
/// child's stdout to a pipe, 'w' its stdin, 0 neither; `fd` gets the parent's end. Flushes STDOUT first.
/// Returns the pid, or -1 with errno set when the program could not be run.
int start_child(Vm& vm, const std::vector<std::string>& cmd, char dir, int& fd);
/// Waits for child `pid`; its wait status goes to $? and is returned.
int wait_child(Vm& vm, int pid);
bool b_open(Call& c);
/// Directory handles, stat/lstat, mkdir/rmdir/rename/chdir, -M/-A/-C and glob (builtins_files.cpp).
bool b_opendir(Call& c);
bool b_readdir(Call& c);
bool b_rewinddir(Call& c);
bool b_closedir(Call& c);
bool b_stat(Call& c);
bool b_lstat(Call& c);
bool b_mkdir(Call& c);
bool b_rmdir(Call& c);
bool b_rename(Call& c);
bool b_chdir(Call& c);
bool file_age(Call& c, char t);
bool b_glob(Call& c);
/// system LIST and readpipe/`...`/qx// (builtins_process.cpp).
bool b_system(Call& c);
/// __export(PKG, CALLER, LIST): Exporter's import (builtins_modules.cpp).
bool b_export(Call& c);
bool b_readpipe(Call& c);
bool b_close(Call& c);
bool b_eof(Call& c);
/// seek tell read sysread syswrite truncate (builtins_seek.cpp).
bool b_seek(Call& c);
bool b_tell(Call& c);
bool b_read(Call& c);
bool b_sysread(Call& c);
bool b_syswrite(Call& c);
bool b_truncate(Call& c);
bool b_unlink(Call& c);
bool b_binmode(Call& c);
bool b_print(Call& c);
bool b_say(Call& c);
bool b_printf(Call& c);
bool b_time(Call& c);
bool b_localtime(Call& c);
bool b_gmtime(Call& c);
bool b_sleep(Call& c);
bool b_readline(Call& c);
/// split (builtins_split.cpp).
bool b_split(Call& c);
bool b_caller(Call& c);  // caller.cpp
/// __caller_args(N): the argument values of the sub N frames up (caller.cpp; Carp's traces).
bool b_caller_args(Call& c);

/// Character semantics of the string builtins for character strings (builtins_utf8.cpp; perlunicode): the
/// byte-string builtins test the UTF8 flag of their arguments and call these instead.
bool u_lc(Call& c);
bool u_uc(Call& c);
bool u_fc(Call& c);
bool u_lcfirst(Call& c);
bool u_ucfirst(Call& c);
bool u_length(Call& c);
bool u_ord(Call& c);
bool u_substr(Call& c);
/// sprintf with a character string among its arguments (the result is one).
bool u_sprintf(Call& c);
/// index (or rindex when `reverse`) in characters.
bool u_index(Call& c, bool reverse);
bool u_join(Call& c);
/// reverse in scalar context: the characters of the concatenated arguments in reverse order.
bool u_reverse_scalar(Call& c);
/// chr(v) for v above 0xFF (or negative: U+FFFD): a one-character character string.
bool u_chr(Call& c, int64_t v);
/// quotemeta of a character string (perlfunc "quotemeta": ASCII non-word characters, and the characters with
/// Pattern_Syntax, Pattern_White_Space, White_Space, Default_Ignorable_Code_Point or General_Category=Control).
bool u_quotemeta(Call& c);
/// sprintf of the format argument `first` and the arguments after it when one of them is a character string:
/// the result's UTF-8 (perlunicode: the result is a character string).
std::string sprintf_chars(Call& c, size_t first, std::vector<SprintfNote>* notes);
/// True when an argument from `from` on is a character string (one test of the class index per argument; the
/// Cells' values are only looked at, see strbuf.hpp).
inline bool has_utf8_arg(Call& c, size_t from) {
    if (TRELLIS_LIKELY(!utf8_seen())) return false;
    core::List* l = av::list(c.args());
    for (uint64_t i = from; i < l->length; ++i) {
        const Value cell = gc::list_get(l, i);
        if (cell.is_nil()) continue;
        const Value v = static_cast<core::Cell*>(cell.as_object())->value;
        if (TRELLIS_UNLIKELY(v.is_object() && (v.as_object()->class_id & str_utf8)) && is_utf8(v)) return true;
    }
    return false;
}
/// utf8::is_utf8 upgrade downgrade encode decode valid (utf8.pm).
bool b_utf8_is_utf8(Call& c);
bool b_utf8_upgrade(Call& c);
bool b_utf8_downgrade(Call& c);
bool b_utf8_encode(Call& c);
bool b_utf8_decode(Call& c);
bool b_utf8_valid(Call& c);
/// __encode(ENCODING|undef, S) and __decode(ENCODING|undef, BYTES, CHECK): lib/Encode.pm's UTF-8.
bool b_encode_utf8(Call& c);
bool b_decode_utf8(Call& c);
/// Characters of UTF-8 bytes, each malformed sequence replaced by U+FFFD (Encode's and the :encoding(UTF-8)
/// layer's default).
std::string decode_utf8_lax(std::string_view bytes);
/// The text print/say/printf (`op`) write for arguments [from, n) joined by `sep` and followed by `tail`: to a
/// handle with a :utf8 layer (`layer`) every string as characters (UTF-8); without one, character strings
/// downgraded to bytes where they can be, else their UTF-8 with perl's "Wide character in OP" warning
/// (perlunicode, perldiag). False when the warning died.
bool output_text(Call& c, size_t from, std::string_view sep, std::string_view tail, bool layer, const char* op,
                 std::string& text);
/// Applies the layers of `layers` (":utf8", ":encoding(UTF-8)", ":raw", ":bytes", others ignored) to files
/// entry `f` (perlio); false for an encoding other than UTF-8, named in `bad`.
bool apply_layers(Vm& vm, int f, std::string_view layers, std::string& bad);
/// A line read from files entry `f`: decoded from UTF-8 when the handle has a :utf8 layer (a byte that is not
/// UTF-8 becomes the text \xHH with perl's "does not map to Unicode" warning), else the bytes.
Value read_value(Call& c, int f, std::string_view line);
/// output_text for one text `s` (UTF-8 when `utf8`) appended to `text`.
bool output_piece(Call& c, std::string_view s, bool utf8, bool layer, const char* op, std::string& text);

bool b_sum(Call& c);
bool b_sum0(Call& c);
bool b_max(Call& c);
bool b_min(Call& c);
bool b_maxstr(Call& c);
bool b_minstr(Call& c);
bool b_uniq(Call& c);
bool b_shuffle(Call& c);
bool b_first(Call& c);
bool b_any(Call& c);
bool b_all(Call& c);
bool b_none(Call& c);
bool b_reduce(Call& c);
bool b_floor(Call& c);
/// pos($var) (argument 0: the variable's Cell); __pos_cell: the Cell holding it, for `pos($s) = N` (regex.cpp).
bool b_pos(Call& c);
bool b_pos_cell(Call& c);
/// __match_var: a fresh container for $` $' $+ (Cell), @- @+ (List) or %+ (Map) of the last match (regex.cpp).
bool b_match_var(Call& c);
/// pack TEMPLATE, LIST and unpack TEMPLATE, EXPR (builtins_pack.cpp).
bool b_pack(Call& c);
bool b_unpack(Call& c);
/// use overload's registration and overload::StrVal / Overloaded / Method (builtins_overload.cpp).
bool b_overload_import(Call& c);
bool b_overload_strval(Call& c);
bool b_overload_overloaded(Call& c);
bool b_overload_method(Call& c);
bool b_ceil(Call& c);
/// __dd_dump(SETTINGS, NAMES, VALUES...): the Data::Dumper engine (builtins_dumper.cpp).
bool b_dd_dump(Call& c);
/// __hires_time, __hires_sleep(SECONDS), __getcwd: Time::HiRes and Cwd (builtins_system.cpp).
bool b_hires_time(Call& c);
bool b_hires_sleep(Call& c);
bool b_getcwd(Call& c);
bool b_fmod(Call& c);
bool b_pow(Call& c);

}  // namespace trellis::perl::builtins
