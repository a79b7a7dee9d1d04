/// @file compiler_calls.cpp
/// Calls: user subs (CALLG through the glob, so subs defined later or redefined are found), code references,
/// method calls, and the builtins of perlfunc with the argument shapes each takes (an array or hash operand for
/// push/shift/keys/delete..., `$_` defaults, lvalue operands for chomp/chop), `sort`/`map`/`grep` with blocks
/// (map and grep run inline with `$_` aliased to each element), regex match/substitution and `tr///` tables.
#include <cctype>

#include "compiler/compiler.hpp"
#include "trellis/core/error.hpp"

namespace trellis::perl {

namespace {
bool is_var(const Node* n, const char* name) { return n && n->kind == NK::Var && n->text == name; }

const std::set<std::string>& topic_default() {
    static const std::set<std::string> s = {"lc", "uc", "lcfirst", "ucfirst", "length", "chr", "ord", "hex", "oct",
                                            "abs", "int", "sqrt", "log", "exp", "sin", "cos", "quotemeta", "fc",
                                            "ref", "-e", "-f", "-d", "-s", "-z", "-r", "-w", "-x", "-l",
                                            "-M", "-A", "-C", "stat", "lstat", "rmdir", "readpipe", "glob"};
    return s;
}
}  // namespace

int Compiler::call(Node* n, Ctx ctx) {
    const std::string& name = n->text;
    if (name == "eval" && (n->flags & 8)) return eval_string(n, ctx);
    // perl's own builtins cannot be replaced by a sub of the same name; the List::Util, Scalar::Util and POSIX
    // functions trellis-perl provides can (a script's own `max` wins)
    static const std::set<std::string> library = {
        "sum", "sum0", "max", "min", "maxstr", "minstr", "first", "any", "all", "none", "reduce", "uniq",
        "uniqnum", "shuffle", "blessed", "reftype", "looks_like_number", "floor", "ceil", "fmod", "pow",
        "time", "sleep"};  // (overridden by `use Time::HiRes qw(time sleep)`)
    if (!(n->flags & 2) && !(library.count(name) && m_prog_declares(name))) {
        if (name == "sort") return sort(n, ctx);
        if (name == "map" || name == "grep") return map_grep(n, ctx);
        if (name == "scalar") {
            if (n->kids.size() != 1) error("Not enough arguments for scalar", n);
            return scalar(n->kids[0]);
        }
        if (name == "defined" || name == "undef") return call_builtin(n, ctx, -1);
        int id = builtin_id(name);
        if (id >= 0) return call_builtin(n, ctx, id);
        // perlfunc's functions trellis-perl does not provide yet: a compile-time error, never a call to an
        // undefined sub at run time
        static const std::set<std::string> known_unsupported = {
            "accept", "alarm", "bind", "binmode_", "chmod", "chown", "chroot", "connect", "crypt", "dbmclose",
            "dbmopen", "dump", "endgrent", "endhostent", "endnetent", "endprotoent",
            "endpwent", "endservent", "evalbytes", "exec", "fcntl", "fileno", "flock", "fork", "format", "formline",
            "getc", "getlogin", "getpeername", "getpgrp", "getppid", "getpriority", "getpwnam", "getgrnam",
            "gethostbyname", "getpwuid", "getgrgid", "getsockname", "getsockopt", "goto", "ioctl", "kill",
            "link", "listen", "lock", "msgctl", "msgget", "msgrcv", "msgsnd", "pack",
            "pipe", "prototype", "readlink", "recv", "require",
            "reset", "seekdir", "select", "semctl", "semget", "semop", "send",
            "setpgrp", "setpriority", "setsockopt", "shmctl", "shmget", "shmread", "shmwrite", "shutdown", "socket",
            "socketpair", "sprintf_", "study", "symlink", "syscall", "sysopen", "sysseek",
            "telldir", "tie", "tied", "times", "umask", "unpack", "untie",
            "utime", "vec", "wait", "waitpid", "write", "state", "given", "when", "dualvar", "weaken", "strftime", "pairs", "min_by", "sum_by"};
        if (known_unsupported.count(name)) unsupported(name, n);
    }
    return call_user(n, ctx);
}


int Compiler::call_user(Node* n, Ctx ctx) {
    std::string name = n->text;
    if (name.find("::") == std::string::npos) name = m_package + "::" + name;
    uint32_t g = m_vm.glob_index(name);
    int L;
    if ((n->flags & 2) && !(n->flags & 1)) {
        L = container("@_", n);  // &foo; shares the caller's @_
    } else {
        L = args_list(n, 0);
    }
    int t = tmp();
    emit(Op::CALLG, t, 0, L, static_cast<int32_t>(g), ctx);
    return t;
}

int Compiler::call_ref(Node* n, Ctx ctx) {
    int code = scalar(n->kids[0]);
    int L;
    if (n->flags & 1) {
        L = container("@_", n);
    } else {
        L = tmp();
        emit(Op::NEWLIST, L);
        for (size_t i = 1; i < n->kids.size(); ++i) list_into(n->kids[i], L);
    }
    int t = tmp();
    emit(Op::CALL, t, code, L, 0, ctx);
    return t;
}

int Compiler::method(Node* n, Ctx ctx) {
    Node* inv = n->kids[0];
    int L = tmp();
    emit(Op::NEWLIST, L);
    int iv = (inv->kind == NK::Str && (inv->flags & 2)) ? load_str(inv->text) : scalar(inv);
    emit(Op::LPUSHV, L, iv);
    size_t first_arg = 1;
    int dyn = 0;
    int32_t k = -1;
    if (n->text.empty()) {
        dyn = scalar(n->kids[1]);
        first_arg = 2;
    } else {
        k = kstr(n->text);
        kstr(m_package);  // K[k+1]: the package SUPER:: starts from
    }
    for (size_t i = first_arg; i < n->kids.size(); ++i) list_into(n->kids[i], L);
    int t = tmp();
    emit(Op::CALLM, t, dyn, L, k, ctx);
    return t;
}

int Compiler::call_builtin(Node* n, Ctx ctx, int id) {
    const std::string& name = n->text;
    if (ctx != ctx_list && is_substr_lvalue(n)) {  // (the 2/3-argument form)
        int str = scalar(n->kids[0]);
        int off = scalar(n->kids[1]);
        return emit_substr(n, str, off, n->kids.size() == 3 ? scalar(n->kids[2]) : -1);
    }
    int L = tmp();
    const size_t new_list_at = emit(Op::NEWLIST, L);
    auto push_value = [&](int reg) { emit(Op::LPUSHV, L, reg); };
    size_t i = 0;
    if (name == "print" || name == "say" || name == "printf") {
        Node* fh = n->kids[0];
        if (fh->kind == NK::FileHandle && fh->kids.empty()) push_value(load_str(fh->text));
        else if (fh->kind == NK::FileHandle) push_value(scalar(fh->kids[0]));
        else push_value(load_str(m_prog.inplace ? "ARGVOUT" : "STDOUT"));  // -i selects ARGVOUT (perlrun)
        if (n->kids.size() == 1 && name != "printf") {
            emit(Op::LPUSHC, L, topic_cell());
        }
        i = 1;
    } else if (name == "push" || name == "unshift" || name == "splice" || name == "pop" || name == "shift") {
        int a;
        if (n->kids.empty()) a = container(m_f == m_main ? "@ARGV" : "@_", n);
        else if (is_array_expr(n->kids[0])) a = array_of(n->kids[0], true);
        else unsupported(name + " on something that is not an array", n);
        if ((name == "shift" || name == "pop") && ctx != ctx_list) {  // the common case: its own instruction
            auto& code = m_f->proto->code;
            if (new_list_at + 1 == code.size()) {  // `shift` of @_: nothing came after, so no NOP is left to run
                code.pop_back();
                m_f->proto->lines.pop_back();
                if (m_f->proto->warn.size() > code.size()) m_f->proto->warn.resize(code.size());
            } else {
                code[new_list_at].op = Op::NOP;  // no argument list: no allocation per call
            }
            int t = tmp();
            emit(name == "shift" ? Op::ASHIFT : Op::APOP, t, a);
            return t;
        }
        push_value(a);
        i = 1;
    } else if (name == "keys" || name == "values" || name == "each") {
        if (n->kids.empty()) error("Not enough arguments for " + name, n);
        Node* a = n->kids[0];
        if (is_hash_expr(a)) push_value(hash_of(a, true));
        else if (is_array_expr(a)) push_value(array_of(a, true));
        else unsupported(name + " on an expression", n);
        i = 1;
    } else if (name == "delete" || name == "exists") {
        if (n->kids.size() != 1) error("Not enough arguments for " + name, n);
        Node* a = n->kids[0];
        if (a->kind == NK::Elem) {
            bool brack = a->text == "[";
            push_value(brack ? array_of(a->kids[0], true) : hash_of(a->kids[0], true));
            push_value(scalar(a->kids[1]));
        } else if (a->kind == NK::Call && (a->flags & 2) && name == "exists") {
            std::string sub = a->text.find("::") == std::string::npos ? m_package + "::" + a->text : a->text;
            push_value(load_str(sub));
        } else {
            unsupported(name + " of something that is not an element", n);
        }
        i = 1;
    } else if (name == "defined") {
        int v;
        if (n->kids.empty()) {
            v = topic();
        } else {
            Node* a = n->kids[0];
            if (a->kind == NK::Call && (a->flags & 2)) {
                std::string sub = a->text.find("::") == std::string::npos ? m_package + "::" + a->text : a->text;
                int s = load_str(sub);
                int t = tmp();
                emit(Op::BUILTIN, t, s, 0, builtin_id("__code_defined"), ctx_scalar);
                return t;
            }
            if (is_array_expr(a)) {
                int arr = array_of(a, false);
                int c = tmp(), t = tmp();
                emit(Op::ALEN, c, arr);
                emit(Op::NOT, t, c);
                emit(Op::NOT, t, t);
                return t;
            }
            v = scalar(a);
        }
        int t = tmp();
        emit(Op::DEFINED, t, v);
        return t;
    } else if (name == "undef") {
        if (n->kids.empty()) return load_const(Value::nil());
        Node* a = n->kids[0];
        if (is_array_expr(a) || is_hash_expr(a)) {
            int e = tmp();
            emit(Op::NEWLIST, e);
            bool arr = is_array_expr(a);
            emit(arr ? Op::AASSIGN : Op::HASSIGN, arr ? array_of(a, true) : hash_of(a, true), e, 0, 0);
        } else {
            int c = lvalue(a);
            emit(Op::SVSET, c, load_const(Value::nil()));
        }
        return load_const(Value::nil());
    } else if (name == "pos") {  // the variable's Cell (pos is kept per variable)
        emit(Op::LPUSHC, L, n->kids.empty() ? topic_cell() : lvalue(n->kids[0]));
        i = n->kids.size();
    } else if (name == "chomp" || name == "chop") {
        if (n->kids.empty()) emit(Op::LPUSHC, L, topic_cell());
        for (Node* a : n->kids) {
            bool aggregate_assign = a->kind == NK::Assign &&
                                    (is_array_expr(a->kids[0]) || is_hash_expr(a->kids[0]) ||
                                     a->kids[0]->kind == NK::List || (a->kids[0]->kind == NK::My && (a->kids[0]->flags & 1)));
            if (aggregate_assign) list_into(a, L);  // chomp(my @l = <FH>): the assigned elements
            else if (a->kind == NK::Elem || a->kind == NK::Assign || (a->kind == NK::My && !(a->flags & 1) &&
                                                                      a->kids.size() == 1 && a->kids[0]->text[0] == '$'))
                emit(Op::LPUSHC, L, lvalue(a));
            else list_into(a, L);
        }
        i = n->kids.size();
    } else if (name == "split") {
        // split PATTERN, STRING, LIMIT: element 0 is the mode (1: awk-style ' '), 1 the pattern
        Node* p = n->kid(0);
        if (!p) {
            push_value(load_const(Value::small_int(1)));
            push_value(load_str(" "));
        } else if (p->kind == NK::Str && p->text == " ") {
            push_value(load_const(Value::small_int(1)));
            push_value(load_str(" "));
        } else if (p->kind == NK::Match) {
            push_value(load_const(Value::small_int(0)));
            int pat = scalar(p->kids[0]);
            std::string flags;
            for (char c : p->text)
                if (c == 'i' || c == 'm' || c == 's' || c == 'x') flags += c;
            if (!flags.empty()) {
                int pre = load_str("(?" + flags + ")");
                emit(Op::CONCAT, pre, pre, pat);
                pat = pre;
            }
            push_value(pat);
        } else {
            push_value(load_const(Value::small_int(0)));
            push_value(scalar(p));
        }
        push_value(n->kids.size() > 1 ? scalar(n->kids[1]) : topic());
        if (n->kids.size() > 2) push_value(scalar(n->kids[2]));
        i = n->kids.size();
    } else if (topic_default().count(name)) {
        if (n->kids.empty()) push_value(topic());
        else
            for (Node* a : n->kids) push_value(scalar(a));
        i = n->kids.size();
    } else if (name == "open" || name == "close" || name == "eof" || name == "binmode" || name == "opendir" ||
               name == "readdir" || name == "closedir" || name == "rewinddir" || name == "seek" || name == "tell" ||
               name == "read" || name == "sysread" || name == "syswrite" || name == "truncate") {
        // the handle: a variable to store a new handle into (open, opendir), or a bareword name
        for (size_t k = 0; k < n->kids.size(); ++k) {
            Node* a = n->kids[k];
            bool bare = (a->kind == NK::Str && (a->flags & 2)) || (a->kind == NK::FileHandle && a->kids.empty());
            if (k == 0 && bare) push_value(load_str(a->text));
            else if (k == 0 && (name == "open" || name == "opendir")) emit(Op::LPUSHC, L, lvalue(a));
            else if (k == 1 && (name == "read" || name == "sysread")) emit(Op::LPUSHC, L, lvalue(a));  // the buffer
            else push_value(scalar(a));
        }
        i = n->kids.size();
    } else if (name == "first" || name == "any" || name == "all" || name == "none" || name == "reduce") {
        if (n->kids.empty() || !(n->flags & 4)) unsupported(name + " without a block", n);
        push_value(scalar(n->kids[0]));
        i = 1;
    } else if (name == "exit" || name == "rand" || name == "srand" || name == "sleep" || name == "localtime" ||
               name == "gmtime") {
        for (Node* a : n->kids) push_value(scalar(a));
        i = n->kids.size();
    } else if (name == "substr") {
        if (n->kids.size() == 4) {
            emit(Op::LPUSHC, L, lvalue(n->kids[0]));
            for (size_t k = 1; k < 4; ++k) push_value(scalar(n->kids[k]));
        } else {
            for (Node* a : n->kids) push_value(scalar(a));
        }
        i = n->kids.size();
    } else if (name == "index" || name == "rindex" || name == "atan2" || name == "bless" || name == "blessed" ||
               name == "reftype" || name == "looks_like_number" || name == "floor" || name == "ceil" ||
               name == "fmod" || name == "pow" || name == "join" || name == "lc" || name == "uc") {
        if (name == "join") {
            if (!n->kids.empty()) push_value(scalar(n->kids[0]));
            for (size_t k = 1; k < n->kids.size(); ++k) list_into(n->kids[k], L);
            i = n->kids.size();
        } else {
            for (Node* a : n->kids) push_value(scalar(a));
            i = n->kids.size();
        }
    }
    for (; i < n->kids.size(); ++i) list_into(n->kids[i], L);
    int t = tmp();
    size_t at = emit(Op::BUILTIN, t, L, 0, id, ctx);
    if (m_warn) {  // element i of the argument List is kids[i] (print's kids[0] is the filehandle)
        bool handle = name == "print" || name == "say" || name == "printf";
        if (handle && n->kids.size() == 1) {
            WarnName topic;
            topic.kind = WarnName::scalar;
            topic.var = "$_";
            name_operands(at, {WarnName(), topic});
        } else {
            name_arguments(at, n->kids, handle ? 1 : 0);
        }
    }
    return t;
}

int Compiler::map_grep(Node* n, Ctx ctx) {
    bool is_map = n->text == "map";
    if (n->kids.empty()) error("Not enough arguments for " + n->text, n);
    Node* fn = n->kids[0];
    bool block = (n->flags & 4) != 0;
    int L = args_list(n, 1);
    int out = tmp();
    emit(Op::NEWLIST, out);
    int idx = load_const(Value::small_int(0));
    uint32_t g = glob_of("$main::_");
    int saved = tmp();
    emit(Op::GSV, saved, 0, 0, static_cast<int32_t>(g));
    m_f->var_top = std::max(m_f->var_top, m_f->next_reg);
    size_t top = here();
    size_t exit_jump = emit(Op::FORNEXTG, static_cast<int>(g), L, idx);
    int save_reg = m_f->next_reg;
    Node* expr = fn;
    push_scope();
    if (block) {
        Node* body = fn->kids[0];
        size_t k = body->kids.size();
        for (size_t i = 0; i + 1 < k; ++i) stmt(body->kids[i]);
        expr = k ? body->kids[k - 1] : nullptr;
    }
    if (is_map) {
        if (expr) list_into(expr, out);
    } else {
        int v = expr ? scalar(expr) : load_const(Value::nil());
        size_t j = emit(Op::JMPF, v);
        int c = tmp();
        emit(Op::GSV, c, 0, 0, static_cast<int32_t>(g));
        emit(Op::LPUSHC, out, c);
        patch(j, here());
    }
    pop_scope();
    m_f->next_reg = std::max(save_reg, m_f->var_top);
    emit(Op::JMP, 0, 0, 0, static_cast<int32_t>(top));
    patch(exit_jump, here());
    emit(Op::GSETSV, saved, 0, 0, static_cast<int32_t>(g));
    if (ctx == ctx_list) return out;
    int t = tmp();
    emit(Op::LCOUNT, t, out);
    return t;
}

int Compiler::sort(Node* n, Ctx ctx) {
    int code = 0;
    uint8_t mode = 1;  // default: string comparison
    size_t first = 0;
    std::string pa = "$" + m_package + "::a", pb = "$" + m_package + "::b";
    if (n->flags & 4) {
        Node* body = n->kids[0]->kids[0];
        first = 1;
        mode = 0;
        if (body->kids.size() == 1 && body->kids[0]->kind == NK::Binop &&
            ((body->kids[0]->text == "<=>" && !m_integer) || body->kids[0]->text == "cmp")) {  // (integer <=>: the block)
            Node* b = body->kids[0];
            bool num = b->text == "<=>";
            if (is_var(b->kids[0], "$a") && is_var(b->kids[1], "$b")) mode = num ? 3 : 1;
            else if (is_var(b->kids[0], "$b") && is_var(b->kids[1], "$a")) mode = num ? 4 : 2;
        }
        if (mode == 0) code = scalar(n->kids[0]);
    } else if (n->flags & 8) {
        first = 1;
        mode = 0;
        Node* c = n->kids[0];
        if (c->text[0] == '&') {
            std::string name = c->text.substr(1);
            if (name.find("::") == std::string::npos) name = m_package + "::" + name;
            code = tmp();
            emit(Op::BUILTIN, code, load_str(name), 0, builtin_id("__code_of"), ctx_scalar);
        } else {
            code = scalar(c);
        }
    }
    int L = args_list(n, first);
    int t = tmp();
    emit(Op::SORT, t, L, code, 0, mode);
    emit(Op::NOP, static_cast<int>(m_vm.glob_index(pa.substr(1))), static_cast<int>(m_vm.glob_index(pb.substr(1))));
    if (ctx == ctx_list) return t;
    int c = tmp();
    emit(Op::LCOUNT, c, t);
    return c;
}

namespace {
int regex_flags(const std::string& mods) {
    int f = 0;
    for (char c : mods) {
        switch (c) {
            case 'g': f |= 1; break;
            case 'i': f |= 2; break;
            case 'm': f |= 4; break;
            case 's': f |= 8; break;
            case 'x': f |= 16; break;
            case 'r': f |= 128; break;
            case 'c': f |= 256; break;
            default: break;
        }
    }
    return f;
}
}  // namespace

int Compiler::match(Node* n, Ctx ctx) {
    int flags = regex_flags(n->text);
    if (n->flags & 2) flags |= 32;
    if (n->flags & 1) {  // qr//: the pattern as a string "(?^flags:...)"
        std::string f;
        for (char c : n->text)
            if (c == 'i' || c == 'm' || c == 's' || c == 'x') f += c;
        int pre = load_str("(?^" + f + ":");
        int pat = scalar(n->kids[0]);
        int t = tmp();
        emit(Op::CONCAT, t, pre, pat);
        emit(Op::CONCAT, t, t, load_str(")"));
        int L = tmp();  // a Regexp object: ref(qr//) is "Regexp" (perlop "qr/STRING/")
        emit(Op::NEWLIST, L);
        emit(Op::LPUSHV, L, t);
        int q = tmp();
        emit(Op::BUILTIN, q, L, 0, builtin_id("__qr"), ctx_scalar);
        return q;
    }
    int pat = scalar(n->kids[0]);
    Node* target = n->kid(1);
    int tgt;
    if ((flags & 1) && ctx != ctx_list) {
        tgt = target ? lvalue(target) : topic_cell();
        flags |= 64;
    } else {
        tgt = target ? scalar(target) : topic();
    }
    int t = tmp();
    size_t at = emit(Op::MATCH, t, tgt, pat, flags, ctx == ctx_list ? ctx_list : ctx_scalar);
    if (m_warn) name_operands(at, {topic_name(target)});
    return t;
}

int Compiler::subst(Node* n) {
    int flags = regex_flags(n->text);
    if (n->flags & 2) unsupported("!~ with s///", n);
    int pat = scalar(n->kids[0]);
    Node* repl = n->kids[1];
    int r;
    uint8_t is_code = 0;
    if (repl->kind == NK::Str) {
        r = load_str(repl->text);
    } else {
        Node* body = m_prog.make(NK::Block, repl->line);
        body->kids.push_back(repl);
        uint32_t index = compile_sub(body, m_package + "::__ANON__", false);
        r = tmp();
        emit(Op::CLOSURE, r, 0, 0, static_cast<int32_t>(index));
        is_code = 1;
    }
    Node* target = n->kid(2);
    const size_t mark = m_substr_lv.size();
    int cell = !target ? topic_cell() : is_substr_lvalue(target) ? substr_lvalue(target) : lvalue(target);
    int t = tmp();
    size_t at = emit(Op::SUBST, t, cell, pat, flags, is_code);
    if (m_warn) name_operands(at, {topic_name(target)});
    emit(Op::NOP, r);
    if (!(flags & 128)) substr_write_back(mark);  // substr(...) =~ s///: edited, then put back
    else m_substr_lv.resize(mark);               // (s///r leaves its target alone)
    return t;
}

namespace {
std::vector<int> expand_tr(const std::string& s) {
    std::vector<int> chars;
    std::vector<bool> literal_dash;
    for (size_t i = 0; i < s.size(); ++i) {
        int c = static_cast<unsigned char>(s[i]);
        bool lit = false;
        if (c == '\\' && i + 1 < s.size()) {
            char e = s[++i];
            lit = true;
            switch (e) {
                case 'n': c = '\n'; break;
                case 't': c = '\t'; break;
                case 'r': c = '\r'; break;
                case '0': c = 0; break;
                case 'f': c = '\f'; break;
                default: c = static_cast<unsigned char>(e); break;
            }
        }
        chars.push_back(c);
        literal_dash.push_back(lit);
    }
    std::vector<int> out;
    for (size_t i = 0; i < chars.size(); ++i) {
        if (i + 2 < chars.size() && chars[i + 1] == '-' && !literal_dash[i + 1]) {
            for (int c = chars[i]; c <= chars[i + 2]; ++c) out.push_back(c);
            i += 2;
        } else {
            out.push_back(chars[i]);
        }
    }
    return out;
}
}  // namespace

int Compiler::trans(Node* n) {
    std::vector<int> from = expand_tr(n->kids[0]->text);
    std::vector<int> to = expand_tr(n->kids[1]->text);
    bool c = n->text.find('c') != std::string::npos;
    bool d = n->text.find('d') != std::string::npos;
    TransTable t{};
    for (auto& m : t.map) m = -1;
    t.squeeze = n->text.find('s') != std::string::npos;
    t.return_new = n->text.find('r') != std::string::npos;
    if (c) {
        std::vector<bool> in(256, false);
        for (int ch : from) in[ch & 255] = true;
        from.clear();
        for (int ch = 0; ch < 256; ++ch)
            if (!in[ch]) from.push_back(ch);
    }
    t.count_only = to.empty() && !d;
    if (to.empty() && !d) to = from;
    for (size_t i = 0; i < from.size(); ++i) {
        int ch = from[i] & 255;
        if (t.map[ch] != -1) continue;
        if (i < to.size()) t.map[ch] = static_cast<int16_t>(to[i]);
        else if (d) t.map[ch] = -2;
        else t.map[ch] = static_cast<int16_t>(to.back());
    }
    m_vm.trans_tables.push_back(t);
    Node* target = n->kid(2);
    const size_t mark = m_substr_lv.size();
    int cell;
    if (!target) {
        cell = topic_cell();
    } else if ((t.count_only && !t.squeeze) || t.return_new) {
        // counting or /r leaves the target alone: any expression will do
        bool var = target->kind == NK::Var || target->kind == NK::Elem || target->kind == NK::My;
        if (var) {
            cell = lvalue(target);
        } else {
            cell = tmp();
            emit(Op::NEWSVV, cell, scalar(target));
        }
    } else {  // substr(...) =~ tr///: the substring translated, then put back
        cell = is_substr_lvalue(target) ? substr_lvalue(target) : lvalue(target);
    }
    int r = tmp();
    emit(Op::TRANS, r, cell, 0, static_cast<int32_t>(m_vm.trans_tables.size() - 1));
    substr_write_back(mark);
    return r;
}

}  // namespace trellis::perl
