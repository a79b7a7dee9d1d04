/// @file caller.cpp
/// perlfunc "caller": the frames of running subs, walked through State::caller. `caller` gives (package,
/// file, line) of the current sub's call site; `caller(N)` adds the sub's name ("main::f", "main::__ANON__",
/// "(eval)" for eval STRING), hasargs and wantarray for the frame N levels up; the empty list past the main
/// program. eval BLOCKs are not frames here (perl counts them as "(eval)" frames).
#include "runtime/builtins_call.hpp"

namespace trellis::perl::builtins {

namespace {

// The package in force at instruction `pc` of `p`.
const std::string& package_at(const Proto& p, size_t pc) {
    static const std::string main = "main";
    const std::string* pkg = &main;
    for (const auto& [at, name] : p.packages) {
        if (at > pc) break;
        pkg = &name;
    }
    return *pkg;
}

}  // namespace

bool b_caller(Call& c) {
    Vm& vm = c.vm();
    bool with_level = c.n() > 0;
    int64_t level = with_level ? to_iv(c.arg(0)) : 0;
    State* frame = &c.s;
    for (int64_t i = 0; i < level && frame; ++i) frame = frame->caller;
    if (!frame || !frame->caller || level < 0) {
        if (c.ctx == ctx_list) return c.end_list(c.begin_list());
        return c.ret(Value::nil());
    }
    const State& site = *frame->caller;
    const Proto& p = *site.proto;
    size_t pc = site.call_ip ? static_cast<size_t>(site.call_ip - p.code.data()) : 0;
    const std::string& pkg = package_at(p, pc);
    if (c.ctx != ctx_list) return c.ret_str(pkg);
    size_t out = c.begin_list();
    c.push(out, make_str(c.heap(), pkg));
    c.push(out, make_str(c.heap(), p.file.empty() ? vm.file : p.file));
    c.push(out, Value::small_int(pc < p.lines.size() ? p.lines[pc] : 0));
    if (with_level) {
        const std::string& name = frame->proto->name;
        bool is_eval = name == "(eval)";
        c.push(out, make_str(c.heap(), name));
        c.push(out, is_eval ? Value::small_int(0) : vm.v_one);
        c.push(out, frame->ctx == ctx_list ? vm.v_one : frame->ctx == ctx_scalar ? vm.v_empty : Value::nil());
    }
    return c.end_list(out);
}

bool b_caller_args(Call& c) {
    // __caller_args(N): the values in @_ of the sub N levels up, as caller(N) counts (Carp's traces; perl's
    // @DB::args). Empty past the main program or for eval STRING frames.
    int64_t level = c.n() > 0 ? to_iv(c.arg(0)) : 0;
    State* frame = &c.s;
    for (int64_t i = 0; i < level && frame; ++i) frame = frame->caller;
    size_t out = c.begin_list();
    if (frame && frame->caller && level >= 0 && frame->proto->name != "(eval)" &&
        core::is_kind(frame->r[0], core::Kind::list)) {
        for (uint64_t i = 0; i < av::len(frame->r[0]); ++i)
            c.push(out, av::fetch(frame->r[0], static_cast<int64_t>(i)));  // re-read: push may move objects
    }
    return c.end_list(out);
}

}  // namespace trellis::perl::builtins
