/// @file compiler_expr.cpp
/// Expressions in scalar, list and void context (perlop, perldata "Context"): variables and elements with
/// autovivification, assignment (scalar, array, hash, list, slices; compound operators), operators, `?:`,
/// short-circuit operators, references and anonymous constructors, interpolated strings, `do`/`eval` blocks.
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <climits>

#include "compiler/compiler.hpp"
#include "trellis/core/error.hpp"

namespace trellis::perl {

bool Compiler::is_array_expr(const Node* n) const {
    if (n->kind == NK::Var) return n->text[0] == '@';
    if (n->kind == NK::Deref) return n->text == "@";
    if (n->kind == NK::My) return !(n->flags & 1) && n->kids.size() == 1 && n->kids[0]->text[0] == '@';
    return false;
}

bool Compiler::is_hash_expr(const Node* n) const {
    if (n->kind == NK::Var) return n->text[0] == '%';
    if (n->kind == NK::Deref) return n->text == "%";
    if (n->kind == NK::My) return !(n->flags & 1) && n->kids.size() == 1 && n->kids[0]->text[0] == '%';
    return false;
}

namespace {
bool lvalue_like(const Node* n) {
    return (n->kind == NK::Var && n->text[0] == '$') || n->kind == NK::Elem ||
           (n->kind == NK::Deref && n->text == "$") || n->kind == NK::My;
}
}  // namespace

int Compiler::aggregate_of(Node* n, bool viv, bool hash) {
    if (n->kind == NK::Var) return container(n->text, n);
    if (n->kind == NK::My) {
        if (n->text == "local") return localize(n->kids[0]);
        if (n->text == "state") return declare_state(n->kids[0]);
        if (n->text == "our") {
            declare_our(n->kids[0]->text);
            return container(n->kids[0]->text, n);
        }
        return declare(n->kids[0]->text);
    }
    if (n->kind == NK::Deref) {
        Node* inner = n->kids[0];
        int t = tmp();
        if (viv && lvalue_like(inner)) {
            int c = lvalue(inner);
            emit(hash ? Op::VIVHV : Op::VIVAV, t, c);
        } else {
            int v = scalar(inner);
            emit(hash ? Op::RV2HV : Op::RV2AV, t, v);
        }
        return t;
    }
    unsupported(hash ? "this expression as a hash" : "this expression as an array", n);
}

int Compiler::array_of(Node* n, bool viv) { return aggregate_of(n, viv, false); }

int Compiler::hash_of(Node* n, bool viv) { return aggregate_of(n, viv, true); }

int Compiler::lvalue(Node* n) {
    m_line = n->line;
    switch (n->kind) {
        case NK::Var:
            if (n->text[0] != '$') break;
            if (n->text.size() > 1 && std::isdigit(static_cast<unsigned char>(n->text[1])))
                error("Modification of a read-only value attempted", n);
            return container(n->text, n);
        case NK::My: {
            if (n->text == "local" && n->kids.size() == 1 && n->kids[0]->kind == NK::Elem) return localize(n->kids[0]);
            if (n->kids.size() != 1 || n->kids[0]->text[0] != '$') break;
            if (n->text == "local") return localize(n->kids[0]);
            if (n->text == "state") return declare_state(n->kids[0]);
            if (n->text == "our") {
                declare_our(n->kids[0]->text);
                return container(n->kids[0]->text, n);
            }
            return declare(n->kids[0]->text);
        }
        case NK::Elem: {
            bool brack = n->text == "[";
            int agg = brack ? array_of(n->kids[0], true) : hash_of(n->kids[0], true);
            int key = brack ? operand(n->kids[1]) : key_operand(n->kids[1]);
            int t = tmp();
            size_t at = emit(brack ? Op::AELEM : Op::HELEM, t, agg, key);
            note_element(n, at, key);
            return t;
        }
        case NK::Deref:
            if (n->text == "$") {
                Node* inner = n->kids[0];
                int t = tmp();
                if (lvalue_like(inner)) {
                    int c = lvalue(inner);
                    emit(Op::VIVSV, t, c);
                } else {
                    int v = scalar(inner);
                    emit(Op::RV2SV, t, v);
                }
                return t;
            }
            break;
        case NK::Assign: {
            // ($x = $y) =~ s/// and chomp(my $l = ...): the assigned-to variable
            Node* lhs = n->kids[0];
            if (is_array_expr(lhs) || is_hash_expr(lhs) || lhs->kind == NK::List ||
                (lhs->kind == NK::My && (lhs->flags & 1)))
                break;
            assign(n, ctx_void);
            // the lhs is now declared: resolve it again without redeclaring
            if (lhs->kind == NK::My) return container(lhs->kids[0]->text, n);
            return lvalue(lhs);
        }
        case NK::List:
            if (n->kids.size() == 1) return lvalue(n->kids[0]);
            break;
        case NK::Ternary: {
            int c = scalar(n->kids[0]);
            int t = tmp();
            size_t j = emit(Op::JMPF, c);
            int a = lvalue(n->kids[1]);
            emit(Op::MOVE, t, a);
            size_t e = emit(Op::JMP);
            patch(j, here());
            int b = lvalue(n->kids[2]);
            emit(Op::MOVE, t, b);
            patch(e, here());
            return t;
        }
        case NK::Call:
            if (n->text == "pos" && !(n->flags & 2) && n->kids.size() <= 1) {  // pos($s) = N: pos's own Cell
                int L = tmp();
                emit(Op::NEWLIST, L);
                emit(Op::LPUSHC, L, n->kids.empty() ? topic_cell() : lvalue(n->kids[0]));
                int t = tmp();
                emit(Op::BUILTIN, t, L, 0, builtin_id("__pos_cell"), ctx_scalar);
                return t;
            }
            if (n == m_substr_lv_node) return substr_lvalue(n);
            [[fallthrough]];
        case NK::Method:
        case NK::CallRef:
        case NK::Slice:
            unsupported("assigning to (or modifying) the result of " +
                            (n->kind == NK::Call ? n->text + "()" : std::string("a call or slice")),
                        n);
        default: break;
    }
    // a temporary container (assigning to it is harmless; perl would often refuse)
    int v = scalar(n);
    int t = tmp();
    emit(Op::NEWSVV, t, v);
    return t;
}

bool Compiler::is_substr_lvalue(const Node* n) {
    return n->kind == NK::Call && n->text == "substr" && !(n->flags & 2) && (n->kids.size() == 2 || n->kids.size() == 3);
}

int Compiler::emit_substr(Node* n, int str, int off, int len) {
    int L = tmp();  // the argument List, made only on SUBSTR's slow path
    int t = tmp();
    size_t at = emit(Op::SUBSTR, t, L, str, off | ((len < 0 ? 0xFFFF : len) << 16));
    if (m_warn) name_arguments(at, n->kids, 0);
    return t;
}

int Compiler::substr_lvalue(Node* n) {
    int cell = lvalue(n->kids[0]);
    int off = scalar(n->kids[1]);
    int len = n->kids.size() == 3 ? scalar(n->kids[2]) : -1;
    int str = tmp();
    emit(Op::SVGET, str, cell);
    int sub = emit_substr(n, str, off, len);
    if (len < 0) {  // to the end: the substring's own length (in characters, as substr counts)
        int LL = tmp();
        emit(Op::NEWLIST, LL);
        emit(Op::LPUSHV, LL, sub);
        len = tmp();
        emit(Op::BUILTIN, len, LL, 0, builtin_id("length"), ctx_scalar);
    }
    int t = tmp();
    emit(Op::NEWSVV, t, sub);
    m_substr_lv.push_back({cell, off, len, t});
    return t;
}

void Compiler::substr_write_back(size_t mark) {
    while (m_substr_lv.size() > mark) {
        SubstrLvalue w = m_substr_lv.back();
        m_substr_lv.pop_back();
        int v = tmp();
        emit(Op::SVGET, v, w.tmp);
        int L = tmp();
        emit(Op::NEWLIST, L);
        emit(Op::LPUSHC, L, w.cell);
        emit(Op::LPUSHV, L, w.off);
        emit(Op::LPUSHV, L, w.len);
        emit(Op::LPUSHV, L, v);
        int r = tmp();
        emit(Op::BUILTIN, r, L, 0, builtin_id("substr"), ctx_void);
    }
}

int Compiler::list(Node* n) {
    int L = tmp();
    emit(Op::NEWLIST, L);
    list_into(n, L);
    return L;
}

int Compiler::args_list(Node* n, size_t from) {
    int L = tmp();
    emit(Op::NEWLIST, L);
    for (size_t i = from; i < n->kids.size(); ++i) list_into(n->kids[i], L);
    return L;
}

void Compiler::void_expr(Node* n) {
    m_line = n->line;
    switch (n->kind) {
        case NK::Assign: assign(n, ctx_void); return;
        case NK::Call: call(n, ctx_void); return;
        case NK::Method: method(n, ctx_void); return;
        case NK::CallRef: call_ref(n, ctx_void); return;
        case NK::List:
            for (Node* k : n->kids) void_expr(k);
            return;
        case NK::My:
            for (Node* v : n->kids) {
                if (n->text == "local" && v->kind == NK::Elem) localize(v);
                if (v->kind != NK::Var) continue;
                if (n->text == "local") localize(v);
                else if (n->text == "state") declare_state(v);
                else if (n->text == "our") declare_our(v->text);
                else declare(v->text);
            }
            return;
        case NK::PostInc:
        case NK::PreInc: {
            int c = lvalue(n->kids[0]);
            emit(n->text == "++" ? Op::INC : Op::DEC, c);
            return;
        }
        case NK::Logop: logop(n, ctx_void, -1); return;
        case NK::Ternary: ternary(n, ctx_void, -1); return;
        case NK::DoBlock: do_block(n->kids[0], ctx_void, -1); return;
        case NK::EvalBlock: eval_block(n, ctx_void, -1); return;
        default: scalar(n); return;
    }
}

int Compiler::topic() {
    int c = container("$_", nullptr);
    int t = tmp();
    emit_svget(t, c);
    return t;
}

int Compiler::topic_cell() { return container("$_", nullptr); }

int Compiler::interp(Node* n) {
    int acc = -1;
    for (Node* part : n->kids) {
        int v = scalar(part);
        size_t at;
        if (acc < 0) {
            acc = tmp();
            // x 1: part of a concatenation (the warning says "in concatenation (.) or string")
            at = emit(Op::STRINGIFY, acc, v, 0, 0, n->kids.size() > 1 ? 1 : 0);
            if (m_warn) name_operands(at, {warn_name(part)});
        } else {
            at = emit(Op::CONCAT, acc, acc, v);
            if (m_warn) name_operands(at, {WarnName(), warn_name(part)});
        }
    }
    if (acc < 0) return load_str("");
    return acc;
}

int Compiler::scalar(Node* n) {
    m_line = n->line;
    switch (n->kind) {
        case NK::Num:
            if (n->flags & 2) return load_const(make_uv(m_vm.heap, static_cast<uint64_t>(n->ival)));
            if (n->flags & 1) return load_const(make_iv(m_vm.heap, n->ival));
            return load_const(Value::from_double(n->num));
        case NK::Str: return load_str(n->text, n->ival);
        case NK::Interp: return interp(n);
        case NK::Var: {
            char sigil = n->text[0];
            const std::string name = n->text.substr(1);
            if (sigil == '$' && !name.empty() &&
                (std::isdigit(static_cast<unsigned char>(name[0])) || name == "&")) {
                // $N past any group count is undef, as in perl: a number beyond int32 (std::stoi threw on
                // `$44073709551614`, found by fuzz_perl_compiler) becomes INT32_MAX, a group no pattern has
                int32_t group = 0;
                if (name != "&" &&
                    std::from_chars(name.data(), name.data() + name.size(), group).ec == std::errc::result_out_of_range)
                    group = INT32_MAX;
                int t = tmp();
                emit(Op::CAPTURE, t, 0, 0, group);
                return t;
            }
            if (sigil == '&') break;
            if (sigil == '$')
                if (int d = direct_reg(n->text); d >= 0) {  // a counting loop's variable: its register
                    int t = tmp();
                    emit(Op::MOVE, t, d);
                    return t;
                }
            if (n->text == "$$") {  // read at run time: a forked child has its own
                int t = tmp();
                emit(Op::BUILTIN, t, 0, 0, builtin_id("__pid"), ctx_scalar);
                return t;
            }
            int c = container(n->text, n);
            int t = tmp();
            if (sigil == '$') emit_svget(t, c);
            else if (sigil == '@') emit(Op::ALEN, t, c);
            else emit(Op::BUILTIN, t, c, 0, builtin_id("__hash_scalar"), ctx_scalar);
            return t;
        }
        case NK::ArrayLen: {
            int a = array_of(n->kids[0], true);
            int t = tmp();
            emit(Op::ALAST, t, a);
            return t;
        }
        case NK::My: {
            if (n->kids.size() == 1 && !(n->flags & 1)) {
                char sigil = n->kids[0]->text[0];
                if (sigil == '$') {
                    int c = lvalue(n);
                    int t = tmp();
                    emit(Op::SVGET, t, c);
                    return t;
                }
            }
            void_expr(n);
            return load_const(Value::nil());
        }
        case NK::Elem: return elem(n);
        case NK::Slice: {
            int L = slice(n);
            int t = tmp();
            emit(Op::LLAST, t, L);
            return t;
        }
        case NK::Deref: {
            if (n->text == "$") {
                int v = scalar(n->kids[0]);
                int c = tmp();
                emit(Op::RV2SV, c, v);
                int t = tmp();
                emit(Op::SVGET, t, c);
                return t;
            }
            if (n->text == "@") {
                int a = array_of(n, false);
                int t = tmp();
                emit(Op::ALEN, t, a);
                return t;
            }
            if (n->text == "%") {
                int h = hash_of(n, false);
                int t = tmp();
                emit(Op::BUILTIN, t, h, 0, builtin_id("__hash_scalar"), ctx_scalar);
                return t;
            }
            break;
        }
        case NK::Call: return call(n, ctx_scalar);
        case NK::CallRef: return call_ref(n, ctx_scalar);
        case NK::Method: return method(n, ctx_scalar);
        case NK::Unop: {
            if (n->text == "\\") return refgen(n->kids[0]);
            int v = scalar(n->kids[0]);
            if (n->flags & 16) v = numified(v);  // feature 'bitwise': numeric ~
            int t = tmp();
            size_t at = n->text == "!" ? emit(Op::NOT, t, v) : emit_numeric(n->text == "-" ? Op::NEG : Op::BNOT, t, v, 0);
            if (m_warn) name_operands(at, {warn_name(n->kids[0])});
            return t;
        }
        case NK::PreInc: {
            int c = lvalue(n->kids[0]);
            emit(n->text == "++" ? Op::INC : Op::DEC, c);
            int t = tmp();
            emit(Op::SVGET, t, c);
            return t;
        }
        case NK::PostInc: {
            int c = lvalue(n->kids[0]);
            int t = tmp();
            emit(n->text == "++" ? Op::INC : Op::DEC, c, t, 0, 0, 1);
            return t;
        }
        case NK::Binop: return binop(n);
        case NK::Logop: return logop(n, ctx_scalar, -1);
        case NK::Assign: return assign(n, ctx_scalar);
        case NK::Ternary: return ternary(n, ctx_scalar, -1);
        case NK::Range: return flip_flop(n);
        case NK::List: {
            if (n->kids.empty()) return load_const(Value::nil());
            for (size_t i = 0; i + 1 < n->kids.size(); ++i) void_expr(n->kids[i]);
            return scalar(n->kids.back());
        }
        case NK::AnonArray: {
            int L = tmp();
            emit(Op::NEWLIST, L);
            for (Node* k : n->kids) list_into(k, L);
            int t = tmp();
            emit(Op::ANONAV, t, L);
            return t;
        }
        case NK::AnonHash: {
            int L = tmp();
            emit(Op::NEWLIST, L);
            for (Node* k : n->kids) list_into(k, L);
            int t = tmp();
            emit(Op::ANONHV, t, L);
            return t;
        }
        case NK::AnonSub: {
            m_closure_bodies.insert(n->kids[0]);
            uint32_t index = compile_sub(n->kids[0], m_package + "::__ANON__", false);
            for (const auto& f : m_funcs) {  // its state variables: new containers for each closure
                if (f->index != index) continue;
                for (size_t at : f->fresh) {
                    Capture& c = f->proto->captures[at];
                    int fresh = tmp();
                    emit(c.container == 0 ? Op::NEWSV : c.container == 1 ? Op::NEWAV : Op::NEWHV, fresh);
                    c.index = static_cast<uint16_t>(fresh);
                }
            }
            int t = tmp();
            emit(Op::CLOSURE, t, 0, 0, static_cast<int32_t>(index));
            return t;
        }
        case NK::Match: return match(n, ctx_scalar);
        case NK::Subst: return subst(n);
        case NK::Trans: return trans(n);
        case NK::Wantarray: {
            int t = tmp();
            emit(Op::WANT, t);
            return t;
        }
        case NK::Readline: {
            int L = tmp();
            emit(Op::NEWLIST, L);
            int h = n->kids.empty() ? load_str(n->text.empty() ? "ARGV" : n->text) : scalar(n->kids[0]);
            emit(Op::LPUSHV, L, h);
            int t = tmp();
            emit(Op::BUILTIN, t, L, 0, builtin_id("readline"), ctx_scalar);
            return t;
        }
        case NK::DoBlock: return do_block(n->kids[0], ctx_scalar, -1);
        case NK::EvalBlock: return eval_block(n, ctx_scalar, -1);
        case NK::FileHandle: return load_str(n->text);
        default: break;
    }
    unsupported("this expression", n);
}

int Compiler::elem(Node* n) {
    bool brack = n->text == "[";
    int agg = brack ? array_of(n->kids[0], true) : hash_of(n->kids[0], true);
    int key = brack ? operand(n->kids[1]) : key_operand(n->kids[1]);
    int t = tmp();
    size_t at = emit(brack ? Op::AGET : Op::HGET, t, agg, key);
    note_element(n, at, key);
    return t;
}

int Compiler::slice(Node* n, bool lvalue) {
    Node* sub = n->kids[1];
    while (sub->kind == NK::List && sub->kids.size() == 1) sub = sub->kids[0];
    if (n->text == "[" && !(n->flags & 1) && sub->kind == NK::Range) {
        // @a[LO .. HI]: ASLICE x 4 takes the bounds, no List of indices is made for integer bounds
        int lo = scalar(sub->kids[0]);
        int hi = scalar(sub->kids[1]);
        int t = tmp();
        int a = array_of(n->kids[0], true);
        emit(Op::ASLICE, t, a, lo, hi, lvalue ? 6 : 4);
        return t;
    }
    int idx = list(n->kids[1]);
    int t = tmp();
    if (n->text == "(") {
        int L = list(n->kids[0]);
        emit(Op::LSLICE, t, L, idx);
    } else if (n->text == "[") {
        if (n->flags & 1) unsupported("%array[...] (index/value slices)", n);
        int a = array_of(n->kids[0], true);
        emit(Op::ASLICE, t, a, idx, 0, lvalue ? 2 : 0);  // x 2: assigned to, elements past the end are created
    } else {
        int h = hash_of(n->kids[0], true);
        emit(Op::HSLICE, t, h, idx, 0, (n->flags & 1) ? 1 : 0);
    }
    return t;
}

int Compiler::refgen(Node* n) {
    switch (n->kind) {
        case NK::Var:
            if (n->text[0] == '&') {
                int t = tmp();
                std::string name = n->text.substr(1);
                if (name.find("::") == std::string::npos) name = m_package + "::" + name;
                emit(Op::BUILTIN, t, load_str(name), 0, builtin_id("__code_of"), ctx_scalar);
                return t;
            }
            if (n->text[0] == '$') return lvalue(n);
            if (n->text[0] == '@') return array_of(n, true);
            return hash_of(n, true);
        case NK::Call:
            if (n->flags & 2) {  // \&name
                int t = tmp();
                std::string name = n->text;
                if (name.find("::") == std::string::npos) name = m_package + "::" + name;
                emit(Op::BUILTIN, t, load_str(name), 0, builtin_id("__code_of"), ctx_scalar);
                return t;
            }
            break;
        case NK::My:
            if (n->kids.size() == 1) {
                char s = n->kids[0]->text[0];
                if (s == '$') return lvalue(n);
                if (s == '@') return array_of(n, true);
                return hash_of(n, true);
            }
            break;
        case NK::Deref:
            if (n->text == "@") return array_of(n, true);
            if (n->text == "%") return hash_of(n, true);
            if (n->text == "$") return lvalue(n);
            break;
        case NK::Elem: return lvalue(n);
        case NK::AnonSub: return scalar(n);
        case NK::List: unsupported("\\(LIST)", n);
        default: break;
    }
    int v = scalar(n);
    int t = tmp();
    emit(Op::NEWSVV, t, v);
    return t;
}

int Compiler::numified(int reg) {
    int t = tmp();
    emit(Op::NUMIFY, t, reg);
    return t;
}

int Compiler::declare_closure_state(Node* var, bool flag) {
    if (!m_closure_bodies.count(m_f->body)) unsupported("a state variable in this code block", var);
    const std::string& name = var->text;
    Capture c;
    c.kind = Capture::local;
    c.container = flag || name[0] == '$' ? 0 : name[0] == '@' ? 1 : 2;
    c.index = 0;  // the creating code's new container (set when the sub expression is compiled)
    m_f->fresh.push_back(m_f->proto->captures.size());
    m_f->proto->captures.push_back(c);
    m_f->upnames.push_back("(state " + name + ")");  // (never matched by a name)
    int up = static_cast<int>(m_f->upnames.size() - 1);
    if (!flag) {
        VarInfo v{name, up, false};
        v.upval = true;
        m_f->scopes.back().push_back(v);
    }
    int t = tmp();
    emit(Op::UPVAL, t, 0, 0, up);
    return t;
}

int Compiler::state_flag_cell(Node* var) {
    if (m_f != m_main && !m_f->named && !m_f->file_body) return declare_closure_state(var, true);
    int f = tmp();
    emit(Op::OUTER, f, 0, 0, state_register(), 0);
    return f;
}

int Compiler::flip_flop(Node* n) {
    // perlop "Range Operators", scalar context: false ("") until the left operand is true, then 1, 2, ... until
    // the right operand is true (tested at once for `..`, from the next evaluation on for `...`), whose number
    // gets "E0" appended. A numeric literal operand is true when it equals `$.`. The state (the sequence
    // number, 0 when off) lives in a hidden package scalar per operator, so it works in any sub and eval STRING.
    const bool three = n->text == "...";
    auto operand = [&](Node* x) {
        if (x->kind != NK::Num) return scalar(x);
        Node* dot = m_prog.make(NK::Var, x->line);
        dot->text = "$.";
        Node* eq = m_prog.make(NK::Binop, x->line);
        eq->text = "==";
        eq->kids = {dot, x};
        return scalar(eq);
    };
    int state = tmp();
    emit(Op::GSV, state, 0, 0,
         static_cast<int32_t>(m_vm.glob_index("main::(flip-flop " + std::to_string(m_vm.protos.size()) + " " +
                                              std::to_string(here()) + ")")));
    int count = tmp(), result = tmp();
    emit(Op::SVGET, count, state);
    size_t to_on = emit(Op::JMPT, count);
    int l = operand(n->kids[0]);  // off: the left operand turns it on
    size_t to_false = emit(Op::JMPF, l);
    emit(Op::LOADK, count, 0, 0, konst(Value::small_int(0)));
    std::vector<size_t> to_done;
    if (three) {  // `...`: the right operand is tested from the next evaluation on
        emit(Op::LOADK, count, 0, 0, konst(Value::small_int(1)));
        emit(Op::SVSET, state, count);
        emit(Op::MOVE, result, count);
        to_done.push_back(emit(Op::JMP));
    }
    patch(to_on, here());
    emit(Op::ADD, count, count, load_const(Value::small_int(1)));
    int r = operand(n->kids[1]);
    size_t to_last = emit(Op::JMPT, r);
    emit(Op::SVSET, state, count);
    emit(Op::MOVE, result, count);
    to_done.push_back(emit(Op::JMP));
    patch(to_last, here());  // the last of the range: "NE0", and off again
    int e = tmp();
    emit(Op::CONCAT, e, count, load_str("E0"));
    emit(Op::SVSET, state, load_const(Value::small_int(0)));
    emit(Op::MOVE, result, e);
    to_done.push_back(emit(Op::JMP));
    patch(to_false, here());
    emit(Op::LOADK, result, 0, 0, kstr(""));
    for (size_t j : to_done) patch(j, here());
    return result;
}

size_t Compiler::emit_numeric(Op code, int t, int a, int b, uint8_t x) {
    // perlop "Integer Arithmetic": under `use integer` these operators work on (wrapping) signed integers
    static const std::pair<Op, const char*> integer_forms[] = {
        {Op::ADD, "__i_add"}, {Op::SUB, "__i_subtract"}, {Op::MUL, "__i_multiply"}, {Op::DIV, "__i_divide"},
        {Op::MOD, "__i_modulo"}, {Op::NEG, "__i_negate"}, {Op::BNOT, "__i_complement"}, {Op::BAND, "__i_bit_and"},
        {Op::BOR, "__i_bit_or"}, {Op::BXOR, "__i_bit_xor"}, {Op::SHL, "__i_left_shift"},
        {Op::SHR, "__i_right_shift"}, {Op::NEQ, "__i_eq"}, {Op::NNE, "__i_ne"}, {Op::NLT, "__i_lt"},
        {Op::NLE, "__i_le"}, {Op::NGT, "__i_gt"}, {Op::NGE, "__i_ge"}, {Op::NCMP, "__i_ncmp"}};
    if (m_integer)
        for (const auto& [op, name] : integer_forms)
            if (op == code) return emit(Op::BUILTIN, t, a, b, builtin_id(name), ctx_scalar);
    return emit(code, t, a, b, 0, x);
}

int Compiler::binop(Node* n) {
    const std::string& op = n->text;
    if (op == "x" && n->kids[0]->kind == NK::List && n->kids[0]->flags) {
        // list repetition in scalar context: the last element repeated
        int L = list(n->kids[0]);
        int cnt = scalar(n->kids[1]);
        int v = tmp();
        emit(Op::LLAST, v, L);
        int t = tmp();
        emit(Op::REPEAT, t, v, cnt);
        return t;
    }
    if (op == "xor") {
        int a = scalar(n->kids[0]);
        int b = scalar(n->kids[1]);
        int na = tmp(), nb = tmp(), t = tmp();
        emit(Op::NOT, na, a);
        emit(Op::NOT, nb, b);
        emit(Op::SNE, t, na, nb);
        return t;
    }
    static const std::pair<const char*, Op> table[] = {
        {"+", Op::ADD},   {"-", Op::SUB},   {"*", Op::MUL},   {"/", Op::DIV},    {"%", Op::MOD},   {"**", Op::POW},
        {".", Op::CONCAT}, {"x", Op::REPEAT}, {"&", Op::BAND}, {"|", Op::BOR},   {"^", Op::BXOR},  {"<<", Op::SHL},
        {">>", Op::SHR},  {"==", Op::NEQ},  {"!=", Op::NNE},  {"<", Op::NLT},    {"<=", Op::NLE},  {">", Op::NGT},
        {">=", Op::NGE},  {"<=>", Op::NCMP}, {"eq", Op::SEQ}, {"ne", Op::SNE},   {"lt", Op::SLT},  {"le", Op::SLE},
        {"gt", Op::SGT},  {"ge", Op::SGE},  {"cmp", Op::SCMP}};
    auto op_of = [&](const Node* x, Op& out) {
        if (x->kind != NK::Binop) return false;
        for (auto& [name, code] : table)
            if (x->text == name) {
                out = code;
                return true;
            }
        return false;
    };
    Op code;
    if (!op_of(n, code)) unsupported("the operator " + op, n);
    // A left-nested chain (`1 + 2 + 3 ...`, `$a . $b . $c ...`) is compiled as a loop into one result register:
    // no native recursion per operator and no register per intermediate result.
    std::vector<Node*> chain{n};
    Op ignored;
    while (chain.back()->kids[0]->kind == NK::Binop && op_of(chain.back()->kids[0], ignored) &&
           !(chain.back()->kids[0]->text == "x" && chain.back()->kids[0]->kids[0]->kind == NK::List))
        chain.push_back(chain.back()->kids[0]);
    int t = tmp();
    // a long chain of `.` only appends in place into one temporary container (APPEND x=1: not a `.=`), so
    // building the string is linear, as perl's concatenation into its target is
    bool appending = chain.size() > 16;
    for (Node* x : chain) appending &= x->text == ".";
    int cell = appending ? tmp() : -1;
    int acc = -1;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        Node* x = *it;
        m_line = x->line;
        int save = m_f->next_reg;
        int a = acc < 0 ? operand(x->kids[0]) : acc;
        int b = operand(x->kids[1]);
        if (x->flags & 16) {  // feature 'bitwise': numeric | & ^ even on strings
            a = numified(a);
            b = numified(b);
        }
        op_of(x, code);
        if (appending && acc >= 0) {
            size_t at = emit(Op::APPEND, 0, cell, b, 0, 1);
            if (m_warn) name_operands(at, {WarnName(), warn_name(x->kids[1])});
        } else {
            size_t at = emit_numeric(code, t, a, b);
            if (m_warn) name_operands(at, {acc < 0 ? warn_name(x->kids[0]) : WarnName(), warn_name(x->kids[1])});
            if (appending) emit(Op::NEWSVV, cell, t);
        }
        m_f->next_reg = std::max(save, m_f->var_top);
        acc = t;
    }
    if (appending) emit(Op::SVGET, t, cell);
    return t;
}

namespace {
// Instructions whose `a` only receives the result (nothing reads r[a] first), so that result can go straight to
// another register.
bool writes_a_only(Op op) {
    switch (op) {
        case Op::LOADK: case Op::LOADUNDEF: case Op::MOVE: case Op::SVGET: case Op::GSVGET:
        case Op::ADD: case Op::SUB: case Op::MUL: case Op::DIV: case Op::MOD: case Op::POW: case Op::CONCAT:
        case Op::REPEAT: case Op::BAND: case Op::BOR: case Op::BXOR: case Op::SHL: case Op::SHR:
        case Op::NEQ: case Op::NNE: case Op::NLT: case Op::NLE: case Op::NGT: case Op::NGE: case Op::NCMP:
        case Op::SEQ: case Op::SNE: case Op::SLT: case Op::SLE: case Op::SGT: case Op::SGE: case Op::SCMP:
        case Op::NEG: case Op::NOT: case Op::BNOT: case Op::AGET: case Op::HGET: case Op::LGET: case Op::LLAST:
        case Op::LCOUNT: case Op::ALEN: case Op::ALAST: case Op::STRINGIFY: case Op::CAPTURE: case Op::NUMIFY:
        case Op::DEFINED: case Op::ASHIFT: case Op::APOP: case Op::CALL: case Op::CALLG: case Op::BUILTIN:
        case Op::SUBSTR:
            return true;
        default: return false;
    }
}

bool is_branch(Op op) {
    switch (op) {
        case Op::JMP: case Op::JMPF: case Op::JMPT: case Op::JMPDEF: case Op::WANTJ: case Op::FORNEXT:
        case Op::FORNEXTG: case Op::EVALENTER: case Op::SORT: case Op::SUBST:
            return true;
        default: return false;
    }
}
}  // namespace

void Compiler::scalar_into(Node* n, int t) {
    const int first = m_f->next_reg;
    const size_t start = here();
    const int v = scalar(n);
    auto& code = m_f->proto->code;
    // the value's last instruction writes a temporary of this expression, and no jump inside it lands after
    // that instruction (where the value would have to be in v): it writes t instead, and no MOVE runs
    bool direct = v >= first && here() > start && code.back().a == v && writes_a_only(code.back().op);
    for (size_t i = start; direct && i < here(); ++i) direct = !is_branch(code[i].op);
    if (direct) {
        code.back().a = static_cast<uint16_t>(t);
        return;
    }
    emit(Op::MOVE, t, v);
}

int Compiler::logop(Node* n, Ctx ctx, int L) {
    // && || //: the left side in scalar (boolean) context, the right side in the caller's context
    Op jump = n->text == "&&" ? Op::JMPF : n->text == "||" ? Op::JMPT : Op::JMPDEF;
    if (ctx == ctx_list) {
        int v = scalar(n->kids[0]);
        size_t j = emit(jump, v);
        list_into(n->kids[1], L);
        size_t e = emit(Op::JMP);
        patch(j, here());
        emit(Op::LPUSHV, L, v);
        patch(e, here());
        return L;
    }
    int t = tmp();
    scalar_into(n->kids[0], t);
    size_t j = emit(jump, t);
    if (ctx == ctx_void) {
        void_expr(n->kids[1]);
    } else {
        scalar_into(n->kids[1], t);
    }
    patch(j, here());
    return t;
}

int Compiler::ternary(Node* n, Ctx ctx, int L) {
    int c = scalar(n->kids[0]);
    size_t j = emit(Op::JMPF, c);
    int t = ctx == ctx_list ? L : tmp();
    auto branch = [&](Node* b) {
        if (ctx == ctx_list) list_into(b, L);
        else if (ctx == ctx_void) void_expr(b);
        else scalar_into(b, t);
    };
    branch(n->kids[1]);
    size_t e = emit(Op::JMP);
    patch(j, here());
    branch(n->kids[2]);
    patch(e, here());
    return t;
}

int Compiler::assign(Node* n, Ctx ctx, int Lout) {
    Node* lhs = n->kids[0];
    Node* rhs = n->kids[1];
    const std::string& op = n->text;
    if (is_substr_lvalue(lhs) && m_substr_lv_node != lhs) {
        // `substr($s, OFF, LEN) = EXPR` and `substr(...) op= EXPR`: the assignment on a temporary, then written back
        const Node* saved = m_substr_lv_node;
        size_t mark = m_substr_lv.size();
        m_substr_lv_node = lhs;
        int r = assign(n, ctx, Lout);
        m_substr_lv_node = saved;
        substr_write_back(mark);
        return r;
    }
    bool list_lhs = lhs->kind == NK::List || (lhs->kind == NK::My && (lhs->flags & 1)) || lhs->kind == NK::Slice;
    if (is_array_expr(lhs) || is_hash_expr(lhs)) {
        bool arr = is_array_expr(lhs);
        if (op != "=") {
            if (op == "x=" || op == ".=") unsupported("the operator " + op + " on an aggregate", n);
            unsupported("the operator " + op + " on an aggregate", n);
        }
        if (arr && ctx == ctx_void && rhs->kind == NK::Call && rhs->text == "split" && !(rhs->flags & 2)) {
            // `@a = split ...` as a statement: split's result List (new Cells nobody else holds) becomes the
            // array's contents, with no copy (AASSIGN c = 1; perl's split also fills its target array directly)
            int R = call(rhs, ctx_list);
            int agg = array_of(lhs, true);
            emit(Op::AASSIGN, agg, R, 1, 0);
            return agg;
        }
        int L = list(rhs);
        int agg = arr ? array_of(lhs, true) : hash_of(lhs, true);
        emit(arr ? Op::AASSIGN : Op::HASSIGN, agg, L, 0, 0);
        if (ctx == ctx_scalar) {
            int t = tmp();
            emit(Op::LCOUNT, t, L);
            return t;
        }
        if (ctx == ctx_list) {
            emit(arr ? Op::LPUSHA : Op::LPUSHH, Lout, agg);
            return Lout;
        }
        return agg;
    }
    if (list_lhs) {
        if (op != "=") unsupported("the operator " + op + " on a list", n);
        int L = list(rhs);
        int C = tmp();
        emit(Op::LCOPY, C, L);
        if (lhs->kind == NK::Slice) {
            int S = slice(lhs, true);
            emit(Op::LASSIGN, S, C);
        } else {
            std::vector<Node*> targets;
            if (lhs->kind == NK::My) {
                for (Node* v : lhs->kids) {
                    Node* m = m_prog.make(NK::My, v->line);
                    m->text = lhs->text;
                    m->kids.push_back(v);
                    targets.push_back(v->kind == NK::Var ? m : v);
                }
            } else {
                targets = lhs->kids;
            }
            int index = 0;
            for (Node* t : targets) {
                if (t->kind == NK::Call && t->text == "undef" && t->kids.empty()) {
                    ++index;
                    continue;
                }
                if (is_array_expr(t) || is_hash_expr(t)) {
                    int agg = is_array_expr(t) ? array_of(t, true) : hash_of(t, true);
                    emit(is_array_expr(t) ? Op::AASSIGN : Op::HASSIGN, agg, C, 0, index);
                    index = 1 << 30;  // later scalars get undef
                    continue;
                }
                int c = lvalue(t);
                int v = tmp();
                emit(Op::LGET, v, C, 0, index);
                emit(Op::SVSET, c, v);
                if (index < (1 << 30)) ++index;
            }
        }
        if (ctx == ctx_scalar) {
            int t = tmp();
            emit(Op::LCOUNT, t, L);
            return t;
        }
        if (ctx == ctx_list) {
            emit(Op::LPUSHA, Lout, C);
            return Lout;
        }
        return C;
    }
    if (lhs->kind == NK::My && lhs->text == "state") {
        // state $x = EXPR: the initializer runs once (perlsub "Persistent Private Variables")
        if (op != "=" || lhs->kids.size() != 1 || lhs->kids[0]->text[0] != '$' || (lhs->flags & 1))
            unsupported("this state declaration (only `state $x = EXPR` and `state $x`)", n);
        int c = declare_state(lhs->kids[0]);
        int f = state_flag_cell(lhs->kids[0]);
        int fv = tmp();
        emit(Op::SVGET, fv, f);
        size_t skip = emit(Op::JMPT, fv);
        int v = scalar(rhs);
        emit(Op::SVSET, c, v);
        emit(Op::SVSET, f, load_const(Value::small_int(1)));
        patch(skip, here());
        int t = tmp();
        emit(Op::SVGET, t, c);
        if (ctx == ctx_list) {
            emit(Op::LPUSHC, Lout, c);
            return Lout;
        }
        return t;
    }
    if (lhs->kind == NK::ArrayLen) {
        if (op != "=") unsupported("the operator " + op + " on $#array", n);
        int v = scalar(rhs);
        int a = array_of(lhs->kids[0], true);
        emit(Op::ASETLAST, a, v);
        return v;
    }
    // scalar assignment
    if (op == "=") {
        int v = scalar(rhs);
        int c = lvalue(lhs);
        std::vector<Ins>& code = m_f->proto->code;
        if (!code.empty() && code.back().op == Op::NEWSV && code.back().a == c && !m_f->file_body) {
            // (not in a file body, where the NEWSV may become a MOVE: compiler_files.cpp)
            code.back().op = Op::NEWSVV;  // `my $x = EXPR`: the new Cell is made holding the value
            code.back().b = static_cast<uint16_t>(v);
        } else {
            emit(Op::SVSET, c, v);
        }
        if (ctx == ctx_list) {
            emit(Op::LPUSHC, Lout, c);
            return Lout;
        }
        return v;
    }
    int c = lvalue(lhs);
    int old = tmp();
    if (op == ".=") {
        // Appends in place into the variable's buffer (runtime/strbuf.hpp); the old value is not read first,
        // which would make the buffer shared. The expression's value is read afterwards when it is used.
        int v = operand(rhs);
        size_t at = emit(Op::APPEND, 0, c, v);
        if (m_warn) name_operands(at, {WarnName(), warn_name(rhs)});
        if (ctx == ctx_list) {
            emit(Op::LPUSHC, Lout, c);
            return Lout;
        }
        if (ctx != ctx_void) emit(Op::SVGET, old, c);
        return old;
    }
    emit(Op::SVGET, old, c);
    if (op == "||=" || op == "&&=" || op == "//=") {
        size_t j = emit(op == "||=" ? Op::JMPT : op == "&&=" ? Op::JMPF : Op::JMPDEF, old);
        int v = scalar(rhs);
        emit(Op::SVSET, c, v);
        emit(Op::MOVE, old, v);
        patch(j, here());
        if (ctx == ctx_list) {
            emit(Op::LPUSHC, Lout, c);
            return Lout;
        }
        return old;
    }
    static const std::pair<const char*, Op> table[] = {
        {"+=", Op::ADD},  {"-=", Op::SUB}, {"*=", Op::MUL},  {"/=", Op::DIV},  {"%=", Op::MOD},  {"**=", Op::POW},
        {".=", Op::CONCAT}, {"x=", Op::REPEAT}, {"&=", Op::BAND}, {"|=", Op::BOR}, {"^=", Op::BXOR}, {"<<=", Op::SHL},
        {">>=", Op::SHR}};
    for (auto& [name, code] : table) {
        if (op == name) {
            int v = operand(rhs);
            if (n->flags & 16) {  // feature 'bitwise': numeric |= &= ^=
                old = numified(old);
                v = numified(v);
            }
            int t = tmp();
            size_t at = emit_numeric(code, t, old, v, 1);  // x = 1: the `op=` form (an overloaded `+=` is tried before `+`)
            if (m_warn) {
                // perlop "Assignment Operators": an undefined left side of += -= |= ^= is not warned about
                WarnName left = warn_name(lhs);
                if (op == "+=" || op == "-=" || op == "|=" || op == "^=") left.kind = WarnName::exempt;
                name_operands(at, {left, warn_name(rhs)});
            }
            emit(Op::SVSET, c, t);
            if (ctx == ctx_list) {
                emit(Op::LPUSHC, Lout, c);
                return Lout;
            }
            return t;
        }
    }
    unsupported("the operator " + op, n);
}

void Compiler::list_into(Node* n, int L) {
    m_line = n->line;
    switch (n->kind) {
        case NK::Var: {
            char sigil = n->text[0];
            if (sigil == '$' && n->text.size() > 1 &&
                (std::isdigit(static_cast<unsigned char>(n->text[1])) || n->text == "$&"))
                break;
            if (sigil == '&') break;
            int c = container(n->text, n);
            emit(sigil == '$' ? Op::LPUSHC : sigil == '@' ? Op::LPUSHA : Op::LPUSHH, L, c);
            return;
        }
        case NK::List:
            for (Node* k : n->kids) list_into(k, L);
            return;
        case NK::My: {
            for (Node* v : n->kids) {
                if (n->text == "local" && v->kind == NK::Elem) {
                    emit(Op::LPUSHC, L, localize(v));
                    continue;
                }
                if (v->kind != NK::Var) continue;
                int c;
                if (n->text == "state") {
                    c = declare_state(v);
                } else if (n->text == "local") {
                    c = localize(v);
                } else if (n->text == "our") {
                    declare_our(v->text);
                    c = container(v->text, v);
                } else {
                    c = declare(v->text);
                }
                char sigil = v->text[0];
                emit(sigil == '$' ? Op::LPUSHC : sigil == '@' ? Op::LPUSHA : Op::LPUSHH, L, c);
            }
            return;
        }
        case NK::Deref:
            if (n->text == "@") {
                emit(Op::LPUSHA, L, array_of(n, false));
                return;
            }
            if (n->text == "%") {
                emit(Op::LPUSHH, L, hash_of(n, false));
                return;
            }
            break;
        case NK::Slice: emit(Op::LPUSHA, L, slice(n)); return;
        case NK::Call: {
            if (!(n->flags & 2) &&
                (n->text == "scalar" || n->text == "defined" || n->text == "undef"))
                break;  // always one scalar
            if (is_substr_lvalue(n)) {
                emit(Op::LPUSHV, L, call(n, ctx_scalar));  // one value in list context too (SUBSTR)
                return;
            }
            int r = call(n, ctx_list);
            emit(Op::LPUSHA, L, r);
            return;
        }
        case NK::CallRef: emit(Op::LPUSHA, L, call_ref(n, ctx_list)); return;
        case NK::Method: emit(Op::LPUSHA, L, method(n, ctx_list)); return;
        case NK::Range: {
            int a = scalar(n->kids[0]);
            int b = scalar(n->kids[1]);
            emit(Op::LRANGE, L, a, b);
            return;
        }
        case NK::Ternary: ternary(n, ctx_list, L); return;
        case NK::Logop: logop(n, ctx_list, L); return;
        case NK::Assign: assign(n, ctx_list, L); return;
        case NK::DoBlock: do_block(n->kids[0], ctx_list, L); return;
        case NK::EvalBlock: eval_block(n, ctx_list, L); return;
        case NK::Match:
            if (n->flags & 1) emit(Op::LPUSHV, L, match(n, ctx_scalar));  // qr// is one value
            else emit(Op::LPUSHA, L, match(n, ctx_list));
            return;
        case NK::Readline: {
            int A = tmp();
            emit(Op::NEWLIST, A);
            int h = n->kids.empty() ? load_str(n->text.empty() ? "ARGV" : n->text) : scalar(n->kids[0]);
            emit(Op::LPUSHV, A, h);
            int t = tmp();
            emit(Op::BUILTIN, t, A, 0, builtin_id("readline"), ctx_list);
            emit(Op::LPUSHA, L, t);
            return;
        }
        case NK::Binop:
            if (n->text == "x" && n->kids[0]->kind == NK::List && n->kids[0]->flags) {
                int A = tmp();
                emit(Op::NEWLIST, A);
                int src = list(n->kids[0]);
                emit(Op::LPUSHV, A, scalar(n->kids[1]));
                emit(Op::LPUSHA, A, src);
                int t = tmp();
                emit(Op::BUILTIN, t, A, 0, builtin_id("__list_repeat"), ctx_list);
                emit(Op::LPUSHA, L, t);
                return;
            }
            break;
        default: break;
    }
    int v = scalar(n);
    emit(Op::LPUSHV, L, v);
}

int Compiler::do_block(Node* body, Ctx ctx, int L) {
    push_scope();
    size_t n = body->kids.size();
    for (size_t i = 0; i + 1 < n; ++i) stmt(body->kids[i]);
    int result = -1;
    if (n) {
        Node* last = body->kids[n - 1];
        m_line = last->line;
        bool expr = last->kind != NK::If && last->kind != NK::While && last->kind != NK::ForC &&
                    last->kind != NK::Foreach && last->kind != NK::SubDef && last->kind != NK::Package &&
                    last->kind != NK::Return && last->kind != NK::LoopCtl && last->kind != NK::Nop &&
                    last->kind != NK::Block;
        if (expr) {
            if (ctx == ctx_list) list_into(last, L), result = L;
            else if (ctx == ctx_scalar) result = scalar(last);
            else void_expr(last);
        } else if (last->kind == NK::If && ctx != ctx_void && last->label != "modifier") {
            // the value of the branch taken
            int t = ctx == ctx_list ? L : tmp();
            if (ctx == ctx_scalar) emit(Op::LOADUNDEF, t);
            std::vector<size_t> ends;
            size_t i = 0;
            for (; i + 1 < last->kids.size(); i += 2) {
                int c = scalar(last->kids[i]);
                size_t j = emit((i == 0 && (last->flags & 1)) ? Op::JMPT : Op::JMPF, c);
                int r = do_block(last->kids[i + 1], ctx, L);
                if (ctx == ctx_scalar) emit(Op::MOVE, t, r);
                ends.push_back(emit(Op::JMP));
                patch(j, here());
            }
            if (last->kids.size() % 2 == 1) {
                int r = do_block(last->kids.back(), ctx, L);
                if (ctx == ctx_scalar) emit(Op::MOVE, t, r);
            }
            for (size_t e : ends) patch(e, here());
            result = t;
        } else {
            stmt(last);
        }
    }
    pop_scope();
    if (result < 0) {
        if (ctx == ctx_list) return L;
        result = load_const(Value::nil());
    }
    return result;
}

int Compiler::eval_block(Node* n, Ctx ctx, int L) {
    size_t enter = emit(Op::EVALENTER);
    ++m_f->handlers;
    int t = ctx == ctx_list ? L : tmp();
    int r = do_block(n->kids[0], ctx, L);
    if (ctx == ctx_scalar) emit(Op::MOVE, t, r);
    --m_f->handlers;
    emit(Op::EVALLEAVE);
    size_t e = emit(Op::JMP);
    patch(enter, here());
    if (ctx == ctx_scalar) emit(Op::LOADUNDEF, t);
    patch(e, here());
    return t;
}

}  // namespace trellis::perl
