/// @file vm.hpp
/// The Perl interpreter's run-time state: the heap, the frame stack, the symbol table (globs), compiled units,
/// packages (gc::ClassTable ids, so `bless` is one header store), eval handlers, STDOUT buffering, and the
/// dispatch-loop state. One Vm per program run; nothing global.
#pragma once
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/bytecode.hpp"
#include "runtime/scalar.hpp"
#include "trellis/core/frame_stack.hpp"
#include "trellis/dispatch/strategy.hpp"
#include "trellis/gc/class_table.hpp"
#include "trellis/gc/heap.hpp"

namespace trellis::perl {

class Vm;

/// A symbol-table entry (perlmod "Symbol Tables"): the scalar Cell, array, hash and code of one name.
/// Slots are nil until first use.
struct Glob {
    std::string name;  ///< fully qualified ("main::x")
    Value sv;
    Value av;
    Value hv;
    Value cv;
};

/// Why the loop stopped.
enum class Status : uint8_t { ok, ret, die, exit };

/// The dispatch loop's state for one running frame.
struct State {
    Vm* vm;
    Value* r;              ///< registers (frame slots)
    const Value* k;        ///< constants
    const Proto* proto;
    Status status = Status::ok;
    uint8_t ctx = ctx_void;  ///< the context the running sub was called in
    Value ret;             ///< the returned value (scalar) or List (list context)
    State* caller = nullptr;  ///< the calling frame's state (perlfunc "caller"); null for the main program
    const Ins* call_ip = nullptr;  ///< the call instruction this frame is running (set before calls)
};

/// An `eval` block's handler: the frame it belongs to and where execution resumes.
struct Handler {
    Value* frame;
    const Ins* resume;
    size_t depth;  ///< call depth of its frame
    size_t locals; ///< depth of the local save stack when the eval started
};

/// A global saved by `local` (perlsub "Temporary Values via local()"): restored when its scope ends.
struct LocalSave {
    uint32_t glob;
    uint8_t kind;  ///< 0 scalar, 1 array, 2 hash (of glob `glob`); 3 hash element, 4 array element
    Value old;     ///< the saved container (an element's Cell; undefined when the hash key did not exist)
    Value container = Value::nil();  ///< the hash or array of an element
    Value key = Value::nil();        ///< the element's key (a string) or index
};

/// An `eval STRING` site (perlfunc "eval"): the lexical variables visible there and how the running frame
/// reaches them, so the string compiled at run time sees them; the package and strictness in force; compiled
/// strings cached by their text (a one-line eval in a loop compiles once).
struct EvalSite {
    struct Var {
        std::string name;  ///< with sigil
        uint8_t kind;      ///< 0 a register of the frame, 1 an upvalue, 2 a main-frame register, 3 a glob (our)
        int index;
    };
    std::vector<Var> vars;
    std::string package;
    bool strict = false;
    uint8_t warnings = 0;  ///< the warning categories in force at the site (runtime/warnings.hpp)
    bool integer = false;  ///< `use integer` in force at the site
    struct Compiled {
        uint32_t main;         ///< the proto of the string's body
        uint32_t first, end;   ///< every proto compiled for it (its subs), renamed "(eval N)" per run
    };
    std::unordered_map<std::string, Compiled> cache;
};

/// The interpreter instance.
class Vm {
public:
    /// `file` names the program in messages; `strategy` picks the dispatch loop; `heap_config` sizes the heap
    /// (an embedded instance sets its limit and small start).
    Vm(std::string file, dispatch::Strategy strategy, const gc::HeapConfig& heap_config = default_heap_config());
    /// A standalone program's heap: gc::HeapConfig::from_env() with a 6 MiB eden (survivors 1.5 MiB) unless
    /// TRELLIS_GC_NURSERY_KB sets one. Every Perl scalar in an array or hash is a Cell of its own, so programs keep
    /// far more young objects alive than the 1.5 MiB default was sized for (docs/perl.md "Session 8").
    static gc::HeapConfig default_heap_config();
    ~Vm();

    gc::Heap heap;
    core::FrameStack stack;
    gc::ClassTable classes;
    std::string file;
    dispatch::Strategy strategy;

    // ---- symbol table ----
    /// Index of the glob named `name` (qualified, "main::x"), created when absent.
    uint32_t glob_index(const std::string& name);
    /// Index of the glob named `name`, or -1 when it does not exist (never creates one).
    int64_t find_glob(const std::string& name) const {
        auto it = m_glob_index.find(name);
        return it == m_glob_index.end() ? -1 : static_cast<int64_t>(it->second);
    }
    std::vector<Glob> globs;
    /// The scalar Cell of glob `g` (created on first use).
    Value glob_sv(uint32_t g) {
        Value v = globs[g].sv;
        return TRELLIS_LIKELY(!v.is_nil()) ? v : make_glob_sv(g);
    }
    /// glob_sv's first use: creates the Cell.
    [[gnu::noinline]] Value make_glob_sv(uint32_t g);
    Value glob_av(uint32_t g);
    /// Sets the scalar of glob `g` to `v` (creating its Cell).
    void set_global(uint32_t g, Value v);
    Value glob_hv(uint32_t g);
    /// Well-known globs.
    uint32_t g_autoflush;  ///< $|
    bool stdout_tty = false;
    uint32_t g_underscore, g_at, g_comma, g_backslash, g_quote, g_zero, g_argv, g_env, g_bang, g_semicolon;

    // ---- code ----
    std::vector<std::unique_ptr<Proto>> protos;
    std::vector<EvalSite> eval_sites;
    uint64_t eval_seq = 0;                   ///< numbers "(eval N)"
    std::set<std::string> declared_subs;     ///< sub names seen so far (the parser's call-without-parens rule)
    std::vector<uint32_t> end_blocks;        ///< END blocks' protos, in definition order (run in reverse)
    std::vector<uint32_t> check_blocks;      ///< CHECK blocks' protos, in definition order (run in reverse)
    std::vector<uint32_t> init_blocks;       ///< INIT blocks' protos, in definition order
    /// Runs the BEGIN block compiled as proto `index` (defined at `line`) now, at parse time (runtime/phases.cpp);
    /// -1 when it returned, else the status the program exits with (perl's messages printed).
    int run_begin(uint32_t index, int line);
    /// Runs the CHECK blocks (last defined first) or the INIT blocks (first defined first), once each; -1 when
    /// all returned, else the exit status (a die printed with "CHECK failed--call queue aborted.").
    int run_phase_blocks(bool check);
    /// Runs the END blocks (last defined first), once; called at exit, after die and after exit().
    void run_end_blocks(State& s);
    /// Prints an uncaught error of a finished run (perl's format) and returns the exit status it implies.
    int report_exit(State& s);
    std::vector<TransTable> trans_tables;
    /// Runs the main program `main` (protos index) to the end; returns the exit status.
    int run_main(uint32_t main);
    /// What follows the main program (`s` its state, `code` the status so far): DESTROY of what it left
    /// unreachable, END blocks (which may change the status through $?), DESTROY of the file's lexicals and
    /// global destruction, output flushed. Returns the exit status.
    int finish_program(State& s, int code);
    /// Calls code Value `code` (a Closure) with @_ = `args` (a List of Cells) in context `ctx`. The result (a
    /// value, or a List in list context) goes to `out`. False when the call died or exited (status in `s`).
    bool call(State& caller, Value code, Value args, uint8_t ctx, Value& out);
    /// The halves of call(), for a sub run many times in one frame (perlcall "Lightweight Callbacks", what
    /// perl's MULTICALL does for sort blocks): enter_sub checks `code` and the depth limits and pushes its
    /// frame into `s` (false, with the error in `caller`, when it cannot); run_sub runs it once and pops the
    /// frame unless `keep_frame`; rerun_sub nil-fills the kept frame, sets @_ to `args` and runs it again.
    /// The caller pops a kept frame with `stack.pop_to(s.r)`.
    bool enter_sub(State& caller, Value code, Value args, uint8_t ctx, State& s);
    bool run_sub(State& caller, State& s, Value& out, bool keep_frame);
    bool rerun_sub(State& caller, State& s, Value args, Value& out);
    /// Runs frame `r` of `proto` from `ip` until it returns or dies (eval handlers of this frame catch).
    void execute(State& s, const Ins* ip);

    // ---- packages ----
    /// The class id of package `name` (registered on first use).
    uint16_t package_id(const std::string& name);
    /// The package name of class id `id`.
    const std::string& package_name(uint16_t id) const { return m_package_names[id]; }
    /// Finds method `name` for package `pkg` through @ISA (depth-first, perlobj); nil when absent.
    Value find_method(const std::string& pkg, const std::string& name, int depth = 0);
    /// The AUTOLOAD sub reachable from package `pkg` (through @ISA), with $AUTOLOAD of its package set to
    /// `full_name`; nil when there is none (perlsub "Autoloading").
    Value find_autoload(const std::string& pkg, const std::string& full_name);
    /// For a call of the undefined sub of glob `g`: its package's AUTOLOAD (no @ISA search), or nil.
    Value autoload_sub(uint32_t g);

    // ---- errors ----
    /// Dies with message `msg`: " at FILE line N.\n" is appended unless it ends in a newline. Always false.
    [[gnu::noinline, gnu::cold]] bool die(State& s, const Ins* ip, std::string msg);
    /// Dies with a value (a string already formatted, or a reference). Always false.
    [[gnu::noinline, gnu::cold]] bool die_value(State& s, Value v);
    /// Prints warning `msg` (complete, with its newline) through $SIG{__WARN__} when set, else to STDERR.
    /// False when the handler died or exited (status in `s`).
    [[gnu::noinline, gnu::cold]] bool warn(State& s, std::string msg);
    /// The code in $SIG{name} (perlvar "%SIG": __DIE__, __WARN__), or nil.
    Value sig_handler(const char* name);
    uint32_t g_sig;
    bool in_die_hook = false;
    /// " at FILE line N.\n" for the instruction at ip.
    std::string where(const State& s, const Ins* ip) const;
    Value pending_error;  ///< the value being thrown (rooted)
    bool error_needs_position = false;  ///< pending_error came from call() and lacks " at FILE line N."
    /// Set by perl_sprintf (byte mode) at a `%c` above 0xFF: its caller clears it and formats again by
    /// characters (the result is a character string).
    bool sprintf_wide = false;
    int exit_code = 0;

    // ---- output ----
    /// Appends to STDOUT's buffer (flushed when large and at exit).
    void out(std::string_view text) {
        m_out += text;
        if (m_out.size() > 1 << 16) flush();
    }
    void err(std::string_view text);
    void flush();

    // ---- files (perlfunc "open") ----
    /// An open file: index 0-2 are STDIN, STDOUT (buffered in the Vm) and STDERR.
    struct OpenFile {
        std::FILE* fp = nullptr;
        bool write = false;
        bool eof_seen = false;
        int64_t lines = 0;           ///< records read ($. while it is the last-read handle; reset by close)
        int pid = 0;                 ///< the child of a pipe open ("-|", "|-", "cmd |"), waited for by close
        Value memory = Value::nil(); ///< open(FH, '>', \$buf): the Cell written to (rooted), fp unused
        bool scalar = false;         ///< open(FH, '<', \$s): fp is a private copy (no fd for sysread/syswrite)
        bool utf8 = false;           ///< a :utf8 / :encoding(UTF-8) layer (builtins_utf8.cpp)
    };
    std::vector<OpenFile> files;
    /// -i[EXT] (perlrun; runtime/inplace.cpp): each file <> opens is replaced by a new file of the same name,
    /// named_files["ARGVOUT"] while it is open (print without a handle writes there), the old one kept as a
    /// backup when `inplace_ext` is not empty.
    bool inplace = false;
    std::string inplace_ext;
    int inplace_out = -1;  ///< files index of ARGVOUT, -1 when none is open
    /// Opens ARGVOUT for `name`, which <> has just opened for reading (renames or unlinks the original).
    void inplace_open(const std::string& name);
    /// Closes ARGVOUT (when <> closes its file).
    void inplace_close();
    int64_t argv_lines = 0;  ///< $. carried from one of <>'s files to the next (reset by `close ARGV`)
    int argv_prev = -2;      ///< files index of <>'s previous file
    int last_read = -1;  ///< files index of the last handle read ($. and `eof` without arguments, perlvar)
    uint32_t g_dot = 0;  ///< $. (its Cell holds the last-read handle's count; builtins_io.cpp)
    uint32_t g_rs = 0;   ///< $/ (the input record separator, perlvar; readline reads it per call)
    /// Directory handles (perlfunc "opendir"): DIR* per index; a dirhandle object's slot 1 or a bareword names one.
    std::vector<void*> dirs;
    std::unordered_map<std::string, int> named_dirs;
    /// glob/<*.c> in scalar context: the names left to return per call site (perlop "File Globbing").
    std::unordered_map<const void*, std::vector<std::string>> glob_sites;
    int64_t start_time = 0;  ///< $^T: when the program started (seconds; -M -A -C measure from it)
    std::unordered_map<std::string, int> named_files;
    int argv_file = -1;         ///< the file <> reads now (files index), -1 before the first / between files
    bool argv_started = false;  ///< <> has read (STDIN is used only when @ARGV was empty at the first read)  ///< bareword handles (FH) -> files index
    /// Set by the first `use overload` (runtime/overload.hpp): until then no operator looks for overloading.
    bool overloading = false;
    uint16_t regexp_class = 0;  ///< class id of package Regexp, carried by the String of a qr// object
    uint16_t glob_class = 0;                          ///< class id marking filehandle instances
    /// The files index of a handle value (a name such as "STDIN" or "FH", or a filehandle object); -1 if none.
    int file_of(Value handle);
    /// Writes to files[f] (STDOUT through the buffer). False on a handle not open for writing.
    bool write_file(int f, std::string_view text);

    std::vector<Handler> handlers;
    std::vector<LocalSave> local_stack;  ///< rooted
    /// Saves glob `g`'s slot `kind` and installs a new empty container, which it returns.
    Value localize(uint32_t g, uint8_t kind);
    /// `local $h{k}` / `local $a[i]` (perlsub "Localization of elements of composite types"): saves the element
    /// of hash (kind 3) or array (kind 4) `agg` at `key`, installs a new Cell there and returns it.
    Value localize_elem(Value& agg, Value& key, uint8_t kind);
    /// Restores the globals saved by `local` down to `depth` entries.
    void unlocal(size_t depth);
    Value* main_frame = nullptr;
    uint32_t main_nregs = 0;  ///< registers of main_frame
    std::vector<uint32_t> main_lexicals;  ///< main_frame registers of the file's lexicals, in declaration order
    size_t depth = 0;
    size_t max_depth = 50000;  ///< nested sub calls allowed (the embedding API's stack_depth limit sets it)

    // ---- limits and hooks of an embedded instance (src/embed/embed_perl.cpp; a standalone run leaves them off) ----
    /// Steps left in the budget: one is used by every sub call and every backward jump (loop iteration); when
    /// it goes below 0, out_of_steps() asks `on_steps` for more.
    int64_t steps_left = INT64_MAX;
    /// Returns more steps when the budget is used up, or 0 to stop the run (null: stop). `hook_context` is its
    /// first argument and that of the hooks below.
    uint64_t (*on_steps)(void* context) = nullptr;
    void* hook_context = nullptr;
    /// Lowest native stack address a sub call may start at (0: unchecked); a deeper call stops the run.
    uintptr_t native_floor = 0;
    /// When true, the call-depth limit and native stack floor stop the run (abort) instead of dying.
    bool limits_abort = false;
    /// Why a run was stopped by a limit. A stopped run unwinds like exit: no eval catches it.
    enum class Abort : uint8_t { none, steps, stack } abort = Abort::none;
    /// The builtin __trellis_host (a host function's sub body): the host runs with the sub's @_ (`args`) and
    /// puts its result in `out`; false after a die (status in `s`).
    bool (*host_call)(void* context, State& s, const Ins* ip, Value& args, Value& out) = nullptr;
    /// Called by every die before $SIG{__DIE__} with the dying frame (the embedding API's stack trace).
    void (*on_die)(void* context, State& s) = nullptr;
    /// Where STDOUT and STDERR text goes instead of file descriptors 1 and 2 (null: the descriptors).
    void (*output)(void* context, std::string_view text, bool is_error) = nullptr;
    /// The budget ran out: asks on_steps; true to go on, false when the run stops (status exit, abort steps).
    [[gnu::noinline, gnu::cold]] bool out_of_steps(State& s);
    /// Stops the run for limit `why` (status exit, so no eval catches it). Always false.
    [[gnu::noinline, gnu::cold]] bool abort_run(State& s, Abort why);
    // ---- DESTROY (perlobj "Destructors"; runtime/destroy.cpp) ----
    /// Registers `obj` (just blessed into class `id`) with the heap's finalization when that class can
    /// DESTROY (a DESTROY or AUTOLOAD method through @ISA; answered from a per-class cache checked against the
    /// symbol table's size).
    void note_blessed(Value obj, uint16_t id) {
        if (id < destroy_classes.size() && destroy_classes[id].globs == globs.size()) {
            if (destroy_classes[id].can) heap.register_finalizable(obj.as_object());
            return;
        }
        note_blessed_slow(obj, id);
    }
    [[gnu::noinline, gnu::cold]] void note_blessed_slow(Value obj, uint16_t id);
    struct DestroyClass {
        size_t globs = SIZE_MAX;  ///< symbol-table size when `can` was computed
        bool can = false;
        int64_t glob = -1;        ///< the glob whose sub is the class's DESTROY (-1: none, or AUTOLOAD stands in)
    };
    std::vector<DestroyClass> destroy_classes;
    /// Calls DESTROY for every object the heap queued (dead, kept alive for it), oldest queue entry first;
    /// a die in DESTROY becomes the warning "\t(in cleanup) MSG" under warnings, $@ and the last match are
    /// kept. False when a DESTROY called exit (status exit in `s`).
    [[gnu::noinline, gnu::cold]] bool run_destroy_queue(State& s);
    /// At the end of the program (before END blocks): a full collection when objects are registered, and
    /// DESTROY for the unreachable ones.
    void destroy_unreachable(State& s);
    /// The main program's lexicals (last declared first) get DESTROY, as perl frees them when the main program's
    /// scope is left (perlobj "Destructors"). `unreached_only`: only those no sub, closure, END block or eval
    /// STRING refers to (the rest stay alive in perl past the END blocks: a sub's pad holds them).
    void destroy_lexicals(State& s, bool unreached_only = false);
    /// Global destruction (after END blocks): DESTROY once for every object still registered, package
    /// variables first, then the rest.
    void destroy_all(State& s);
    /// Set by the heap's finalization hook: `steps_left` was parked at 0 (its value in `steps_banked`) so that
    /// the next sub call or backward jump reaches out_of_steps(), which runs the queue (a safe point).
    bool destroy_armed = false;
    int64_t steps_banked = 0;
    bool in_destroy = false;
    /// After the END blocks: messages say "at FILE line N during global destruction." (perldiag).
    bool global_destruction = false;
    /// Gives the parked budget back (the queue was run some other way).
    void disarm_destroy() {
        if (!destroy_armed) return;
        destroy_armed = false;
        steps_left += steps_banked;
    }
    /// Parks the step budget so the next call or loop iteration runs the DESTROY queue.
    void arm_destroy() {
        if (destroy_armed) return;
        destroy_armed = true;
        steps_banked = steps_left;
        steps_left = 0;
    }
    /// rand/srand/shuffle's generator (per instance; seeded from std::random_device at first use).
    std::mt19937_64& random();
    /// Values that must survive allocations inside one handler (rooted; used as a stack).
    std::vector<Value> scratch;
    Value v_empty;  ///< "" (perl's false), interned
    Value v_one;    ///< 1 (perl's true)
    // ---- the last successful match (perlvar "$1", "$&") ----
    Value match_subject;            ///< the string matched (rooted)
    std::vector<long> match_offsets; ///< start/end byte offsets per group (-1 unset)
    /// pos() of strings matched with m//g in scalar context: (Cell, the string object it held, offset).
    struct PosEntry {
        Value cell;
        Value str;
        size_t pos;
    };
    std::vector<PosEntry> positions;
    /// each() iterators: (hash, unused, next entry index).
    std::vector<PosEntry> each_positions;
    /// The compiled-regex cache (regex.cpp); opaque here.
    struct RegexCache;
    struct RegexCacheDeleter {
        void operator()(RegexCache* c) const;  // regex.cpp
    };
    std::unique_ptr<RegexCache, RegexCacheDeleter> regex_cache;
    /// Inline caches of method call sites (runtime/method_cache.cpp); created on first use.
    struct MethodCache;
    struct MethodCacheDeleter {
        void operator()(MethodCache* c) const;  // method_cache.cpp
    };
    std::unique_ptr<MethodCache, MethodCacheDeleter> method_cache;

private:
    static void visit_roots(gc::RootVisitor& v, void* self);
    std::unordered_map<std::string, uint32_t> m_glob_index;
    std::unordered_map<std::string, uint16_t> m_package_ids;
    std::vector<std::string> m_package_names;
    std::string m_out;
    std::unique_ptr<std::mt19937_64> m_random;
    // call()'s two halves, inlined into call(), enter_sub() and run_sub() (vm.cpp)
    bool enter_inline(State& caller, Value code, Value args, uint8_t ctx, State& s);
    bool run_inline(State& caller, State& s, Value& out, bool keep_frame);
};

/// Runs `fn` on a thread with a 1 GiB native stack (reserved, touched only as deep as Perl subs recurse; run.cpp)
/// and returns its result; on the calling thread when no thread can be made.
int run_with_large_stack(const std::function<int()>& fn);
/// CLOSURE: r[ip->a] = a new closure of proto ip->d capturing its variables from frame `s` (interp.cpp).
bool make_closure(State& s, const Ins* ip);
/// EVALSTR: compiles the string in r[ip->b] for eval site ip->d (cached by text) and runs it in context ip->x
/// with the caller's @_; $@ gets the error (syntax, compile or run time) or "". False only on exit (eval.cpp).
bool eval_string(State& s, const Ins* ip);

/// Runs builtin `id` (builtins.cpp) with the argument List `args` in context `ctx`; result into `out`.
bool run_builtin(State& s, const Ins* ip, uint32_t id, Value args, uint8_t ctx, Value& out);
/// SUBSTR when its inline case (a byte string, small integers, OFFSET inside it) does not apply: the builtin
/// with warnings, overloading and character strings, its argument List built in r[ip->b] (builtins.cpp).
bool substr_slow(State& s, const Ins* ip);
/// The id of builtin `name`, or -1.
int builtin_id(const std::string& name);
/// sprintf with perl's formats (perlfunc "sprintf") over the values of List `args` from element `first`.
/// What sprintf would warn about (perldiag), in order, for runtime/warnings.hpp: an undef argument (`arg` its
/// index in `args`), a string argument that is not a number given to a numeric format, a missing argument, more
/// arguments than the format uses.
struct SprintfNote {
    enum Kind : uint8_t { uninit, not_numeric, missing, redundant, invalid } kind;
    size_t arg;
    std::string text;  ///< invalid: the conversion as written ("%z"), empty at the end of the format
};
/// `notes` (optional) receives the warnings perl would give. `chars`: the format and the string arguments are
/// UTF-8 text (character strings): widths and precisions count characters and `%c` appends UTF-8. Without it,
/// a `%c` above 0xFF (perl's result is then a character string) sets Vm::sprintf_wide: the caller formats
/// again by characters (sprintf_chars).
std::string perl_sprintf(Vm& vm, std::string_view fmt, Value args, size_t first,
                         std::vector<SprintfNote>* notes = nullptr, bool chars = false);

}  // namespace trellis::perl
