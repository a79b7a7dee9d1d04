/// @file compiler.cpp
/// The compiler's frame: emission, registers, constants, lexical scopes and variable resolution (my / our /
/// captured / file-level / package globals under `use strict`), and the statements of perlsyn (blocks, if,
/// loops with labels, last/next/redo, foreach aliasing, subs and return).
#include "compiler/compiler.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "trellis/core/error.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

Compiler::Compiler(Vm& vm, Program& prog) : m_vm(vm), m_prog(prog) {}

size_t Compiler::emit(Op op, int a, int b, int c, int32_t d, uint8_t x) {
    Ins i;
    i.op = op;
    i.a = static_cast<uint16_t>(a);
    i.b = static_cast<uint16_t>(b);
    i.c = static_cast<uint16_t>(c);
    i.d = d;
    i.x = x;
    m_f->proto->code.push_back(i);
    m_f->proto->lines.push_back(m_line);
    if (m_warn || !m_f->proto->warn.empty()) {  // the categories in force per instruction (runtime/warnings.hpp)
        m_f->proto->warn.resize(m_f->proto->code.size());
        m_f->proto->warn.back() = m_warn;
        m_f->proto->warns |= m_warn != 0;
    }
    return m_f->proto->code.size() - 1;
}

int Compiler::tmp() {
    int r = m_f->next_reg++;
    if (r >= 65000) error("too many registers in one sub", nullptr);
    if (static_cast<uint32_t>(m_f->next_reg) > m_f->proto->nregs) m_f->proto->nregs = static_cast<uint32_t>(m_f->next_reg);
    return r;
}

int Compiler::konst(Value v) {
    m_f->proto->k.push_back(v);
    return static_cast<int>(m_f->proto->k.size() - 1);
}

bool Compiler::str_is_chars(const std::string& s, int64_t kind) const {
    // a character string literal (perlunicode; the parser's Program::utf8_texts / utf8_source) gets the UTF8 flag
    return kind != 2 && (!m_prog.utf8_texts.empty() || m_prog.utf8_source || kind == 1) && !is_ascii(s) &&
           (kind == 1 || m_prog.utf8_texts.count(s) ||
            (m_prog.utf8_source && !m_prog.byte_texts.count(s) && utf8_valid_prefix(s) == s.size()));
}

int Compiler::kstr(const std::string& s, int64_t kind) {
    if (str_is_chars(s, kind)) return konst(make_str(m_vm.heap, s, true));
    return konst(Value::object(m_vm.heap.intern(s)));
}

int Compiler::key_operand(Node* k) {
    std::string bytes;
    if (k->kind == NK::Str && str_is_chars(k->text, k->ival) && append_utf8_as_latin1(bytes, k->text))
        return load_str(bytes, 2);  // perl 5.36 stores it so too: keys gives it back as a byte string
    return operand(k);
}

int Compiler::load_const(Value v) {
    int r = tmp();
    emit(Op::LOADK, r, 0, 0, konst(v));
    return r;
}

int Compiler::load_str(const std::string& s, int64_t kind) {
    int r = tmp();
    emit(Op::LOADK, r, 0, 0, kstr(s, kind));
    return r;
}

// Constant registers (Proto::kregs): every constant that stands where operand() compiles (the operands of binary
// operators, subscripts, the right side of `op=`) gets a register of its own when the Func starts, below every
// temporary, which each frame of the proto starts with the constant in (Vm::enter_inline). They are allocated
// before any code, so no temporary of an earlier statement can share one.
void Compiler::reserve_constants(Node* n) {
    if (!n) return;
    auto reserve = [&](Node* k) {
        if (!k || m_f->proto->kregs.size() >= 512) return;  // a frame's entry stores at most 512 constants
        if (k->kind == NK::Str) {
            if (m_f->const_str_regs.count(k->text) || (k->ival && !is_ascii(k->text))) return;  // by text: kind 0
            int r = tmp();
            m_f->const_str_regs.emplace(k->text, r);
            m_f->proto->kregs.emplace_back(static_cast<uint16_t>(r), static_cast<uint32_t>(kstr(k->text)));
            return;
        }
        if (k->kind != NK::Num || (k->flags & 2)) return;
        if ((k->flags & 1) && !Value::fits_small_int(k->ival)) return;
        Value v = (k->flags & 1) ? Value::small_int(k->ival) : Value::from_double(k->num);
        if (m_f->const_regs.count(v.bits())) return;
        int r = tmp();
        m_f->const_regs.emplace(v.bits(), r);
        m_f->proto->kregs.emplace_back(static_cast<uint16_t>(r), static_cast<uint32_t>(konst(v)));
    };
    switch (n->kind) {
        case NK::AnonSub:
        case NK::SubDef: return;  // compiled as Funcs of their own
        case NK::Binop: reserve(n->kid(0)), reserve(n->kid(1)); break;
        case NK::Elem: reserve(n->kid(1)); break;
        case NK::Assign:
            if (n->text != "=") reserve(n->kid(1));
            break;
        default: break;
    }
    for (Node* k : n->kids)
        if (k && k->kind != NK::Str && k->kind != NK::Num) reserve_constants(k);
}

int Compiler::const_reg(Value v) {
    auto it = m_f->const_regs.find(v.bits());
    return it != m_f->const_regs.end() ? it->second : load_const(v);
}

int Compiler::const_str_reg(const std::string& text, int64_t kind) {
    if (kind && !is_ascii(text)) return load_str(text, kind);
    auto it = m_f->const_str_regs.find(text);
    return it != m_f->const_str_regs.end() ? it->second : load_str(text);
}

void Compiler::emit_svget(int t, int c) {
    auto& code = m_f->proto->code;
    if (!code.empty() && code.back().op == Op::GSV && code.back().a == c) {
        code.back().op = Op::GSVGET;
        code.back().a = static_cast<uint16_t>(t);
        return;
    }
    emit(Op::SVGET, t, c);
}

int Compiler::operand(Node* n) {
    if (n->kind == NK::Var && n->text.size() > 1 && n->text[0] == '$')
        if (int d = direct_reg(n->text); d >= 0) return d;
    if (n->kind == NK::Str) {
        m_line = n->line;
        return const_str_reg(n->text, n->ival);
    }
    if (n->kind == NK::Num && !(n->flags & 2)) {
        m_line = n->line;
        if (!(n->flags & 1)) return const_reg(Value::from_double(n->num));
        if (Value::fits_small_int(n->ival)) return const_reg(Value::small_int(n->ival));
    }
    return scalar(n);
}

void Compiler::unsupported(const std::string& what, const Node* n) {
    int line = n ? n->line : m_line;
    throw core::Error(what + " not supported by trellis-perl at " + m_prog.file + " line " + std::to_string(line) + ".",
                      core::SourcePos{static_cast<uint32_t>(line), 0});
}

void Compiler::error(const std::string& msg, const Node* n) {
    int line = n ? n->line : m_line;
    throw core::Error(msg + " at " + m_prog.file + " line " + std::to_string(line) + ".",
                      core::SourcePos{static_cast<uint32_t>(line), 0});
}

void Compiler::note_package() {
    if (!m_f->proto) return;  // the scope rebuilt around an eval STRING
    auto& p = m_f->proto->packages;
    if (p.empty() || p.back().second != m_package) p.emplace_back(static_cast<uint32_t>(here()), m_package);
}

// ---------------------------------------------------------------------------------------------------------------
// variables

int Compiler::declare(const std::string& name) {
    int r = tmp();
    if (m_f->next_reg > m_f->var_top) m_f->var_top = m_f->next_reg;
    bool in_loop = std::any_of(m_f->loops.begin(), m_f->loops.end(), [](const LoopInfo& l) { return !l.once; });
    m_f->scopes.back().push_back({name, r, false, false, static_cast<int32_t>(here()), in_loop});
    char sigil = name[0];
    emit(sigil == '$' ? Op::NEWSV : sigil == '@' ? Op::NEWAV : Op::NEWHV, r);
    return r;
}

int Compiler::state_register() {
    // a register of the main frame that lives as long as the program (perlsub: state variables), above every
    // register the main code compiled so far uses (its earlier temporaries must not overwrite it)
    int r = std::max(m_main->next_reg, static_cast<int>(m_main->proto->nregs));
    m_main->next_reg = r + 1;
    m_main->var_top = std::max(m_main->var_top, m_main->next_reg);
    if (static_cast<uint32_t>(m_main->next_reg) > m_main->proto->nregs)
        m_main->proto->nregs = static_cast<uint32_t>(m_main->next_reg);
    return r;
}

int Compiler::declare_state(Node* var) {
    if (m_f != m_main && !m_f->named && !m_f->file_body) return declare_closure_state(var);  // compiler_expr.cpp
    if (m_in_eval) unsupported("a state variable in eval STRING", var);
    const std::string& name = var->text;
    int r = state_register();
    m_f->scopes.back().push_back({name, r, false, true});
    int t = tmp();
    char sigil = name[0];
    emit(Op::OUTER, t, 0, 0, r, sigil == '$' ? 0 : sigil == '@' ? 1 : 2);
    return t;
}

int Compiler::localize(Node* var) {
    if (m_f->marks.back() < 0) {
        int mark = tmp();
        m_f->var_top = std::max(m_f->var_top, m_f->next_reg);
        emit(Op::LOCALMARK, mark);
        m_f->marks.back() = mark;
    }
    if (var->kind == NK::Elem) {  // local $h{k} / local $a[i]
        bool hash = var->text == "{";
        int agg = aggregate_of(var->kids[0], true, hash);
        int key = scalar(var->kids[1]);
        int t = tmp();
        emit(Op::LOCALELEM, t, agg, key, 0, hash ? 3 : 4);
        return t;
    }
    if (var->kind != NK::Var) unsupported("local on this expression", var);
    const std::string& name = var->text;
    Res r = resolve(m_f, name);
    if (r.k == Res::local || r.k == Res::up || r.k == Res::outer)
        error("Can't localize lexical variable " + name, var);
    uint32_t g = r.k == Res::global ? static_cast<uint32_t>(r.idx) : glob_of(qualify(name));
    int t = tmp();
    char sigil = name[0];
    emit(Op::LOCAL, t, 0, 0, static_cast<int32_t>(g), sigil == '$' ? 0 : sigil == '@' ? 1 : 2);
    return t;
}

void Compiler::declare_our(const std::string& name) {
    m_f->scopes.back().push_back({name, static_cast<int>(glob_of(name[0] + m_package + "::" + name.substr(1))), true});
}

Compiler::Res Compiler::resolve(Func* f, const std::string& name) {
    for (auto s = f->scopes.rbegin(); s != f->scopes.rend(); ++s)
        for (auto v = s->rbegin(); v != s->rend(); ++v)
            if (v->name == name)
                return {v->global ? Res::global : v->state ? Res::outer : v->upval ? Res::up : Res::local, v->reg};
    for (size_t i = 0; i < f->upnames.size(); ++i)
        if (f->upnames[i] == name) return {Res::up, static_cast<int>(i)};
    if (!f->parent) return {};
    Res r = resolve(f->parent, name);
    if (r.k == Res::none || r.k == Res::global || r.k == Res::outer) return r;
    uint8_t kind = name[0] == '$' ? 0 : name[0] == '@' ? 1 : 2;
    if (f->named) {
        if (r.k == Res::local && f->parent == m_main) return {Res::outer, r.idx};
        if (!f->parent->file_body)
            unsupported("a named sub using a lexical variable of the sub around it (" + name + ")", nullptr);
    }
    if (f->named && r.k == Res::local) capture_file_lexical(f, name, r.idx);
    Capture c;
    c.kind = r.k == Res::local ? Capture::local : Capture::upvalue;
    c.container = kind;
    c.index = static_cast<uint16_t>(r.idx);
    f->proto->captures.push_back(c);
    f->upnames.push_back(name);
    return {Res::up, static_cast<int>(f->upnames.size() - 1)};
}

namespace {
bool is_special_name(const std::string& n) {
    if (n.empty()) return true;
    if (!std::isalpha(static_cast<unsigned char>(n[0])) && n[0] != '_') return true;  // punctuation, digits
    if (n == "_" ) return true;
    static const char* const specials[] = {"ENV", "ARGV", "INC", "STDIN", "STDOUT", "STDERR", "ARGVOUT", "0", "SIG"};
    for (const char* s : specials)
        if (n == s) return true;
    return n[0] == '^';
}
}  // namespace

std::string Compiler::qualify(const std::string& v) {
    std::string name = v.substr(1);
    if (name.find("::") != std::string::npos) {
        if (name.compare(0, 2, "::") == 0) name = "main" + name;
        return v.substr(0, 1) + name;
    }
    if (is_special_name(name)) return v.substr(0, 1) + "main::" + name;
    return v.substr(0, 1) + m_package + "::" + name;
}

uint32_t Compiler::glob_of(const std::string& v) { return m_vm.glob_index(v.substr(1)); }

int Compiler::container(const std::string& name, const Node* n) {
    static const std::set<std::string> magic = {"%+", "%-", "@-", "@+", "$+", "$^N", "$`", "$'", "$^W",
                                                "$^O", "$^T", "$^V", "$]", "$^X", "$<", "$>", "$("};
    if (name == "@-" || name == "@+" || name == "%+" || name == "%-" || name == "$`" || name == "$'" || name == "$+") {
        // the last match's offsets, named groups and pieces: a fresh container built from it (runtime/regex.cpp)
        int t = tmp();
        emit(Op::BUILTIN, t, load_str(name), 0, builtin_id("__match_var"), ctx_scalar);
        return t;
    }
    if (magic.count(name)) unsupported("the special variable " + name, n);
    if (name == "@_" && m_f != m_main) return 0;  // r[0] of a sub's frame
    if (direct_reg(name) >= 0) error("internal error: the loop variable " + name + " used as a container", n);
    Res r = resolve(m_f, name);
    char sigil = name[0];
    switch (r.k) {
        case Res::local: return r.idx;
        case Res::up: {
            int t = tmp();
            emit(Op::UPVAL, t, 0, 0, r.idx);
            return t;
        }
        case Res::outer: {
            int t = tmp();
            emit(Op::OUTER, t, 0, 0, r.idx, sigil == '$' ? 0 : sigil == '@' ? 1 : 2);
            return t;
        }
        case Res::global: {
            int t = tmp();
            emit(sigil == '$' ? Op::GSV : sigil == '@' ? Op::GAV : Op::GHV, t, 0, 0, r.idx);
            return t;
        }
        case Res::none: break;
    }
    std::string bare = name.substr(1);
    bool special = is_special_name(bare) || bare.find("::") != std::string::npos ||
                   (sigil == '$' && (bare == "a" || bare == "b")) || bare == "ISA" || bare == "EXPORT" ||
                   bare == "EXPORT_OK" || bare == "VERSION" || m_prog.imported_vars.count(qualify(name));
    if (m_prog.strict_vars && !special)
        error("Global symbol \"" + name + "\" requires explicit package name (did you forget to declare \"my " +
                  name + "\"?)",
              n);
    std::string q = qualify(name);
    int t = tmp();
    emit(sigil == '$' ? Op::GSV : sigil == '@' ? Op::GAV : Op::GHV, t, 0, 0, static_cast<int32_t>(glob_of(q)));
    return t;
}

// ---------------------------------------------------------------------------------------------------------------
// program and subs

uint32_t Compiler::compile_program() {
    auto f = std::make_unique<Func>();
    m_vm.protos.push_back(std::make_unique<Proto>());
    f->proto = m_vm.protos.back().get();
    f->proto->name = "main";
    f->index = static_cast<uint32_t>(m_vm.protos.size() - 1);
    m_f = m_main = f.get();
    m_funcs.push_back(std::move(f));
    push_scope();
    m_line = 1;
    note_package();
    for (Node* s : m_prog.prelude) reserve_constants(s);
    reserve_constants(m_prog.body);
    m_f->var_top = m_f->next_reg;
    for (Node* s : m_prog.prelude) stmt(s);
    for (Node* s : m_prog.body->kids) stmt(s);
    emit(Op::EXIT);
    for (const VarInfo& v : m_main->scopes.front())  // the file's lexicals (runtime/destroy.cpp)
        if (!v.global) m_vm.main_lexicals.push_back(static_cast<uint32_t>(v.reg));
    pop_scope();
    return m_main->index;
}

uint32_t Compiler::compile_sub(Node* body, const std::string& name, bool named, bool constant, bool file_body) {
    auto f = std::make_unique<Func>();
    m_vm.protos.push_back(std::make_unique<Proto>());
    f->proto = m_vm.protos.back().get();
    f->proto->name = name;
    f->index = static_cast<uint32_t>(m_vm.protos.size() - 1);
    f->parent = m_f;
    f->named = named;
    f->body = body;
    Func* saved = m_f;
    int saved_line = m_line;
    m_f = f.get();
    m_funcs.push_back(std::move(f));
    push_scope();
    note_package();
    (void)constant;
    if (file_body) {
        m_f->file_body = true;
        m_f->entry_jump = static_cast<int32_t>(emit(Op::NOP));
    }
    reserve_constants(body);
    m_f->var_top = m_f->next_reg;
    body_with_return(body);
    int t = tmp();
    emit(Op::NEWLIST, t);
    emit(Op::RETL, t);
    if (file_body) finish_file_body();
    pop_scope();
    uint32_t index = m_f->index;
    m_f = saved;
    m_line = saved_line;
    note_package();  // a sub inside `package NAME {}` may have changed it
    return index;
}

namespace {
// An expression whose list value is its scalar value as a one-element list (perlop: these operators give one
// scalar in any context), so `return EXPR` needs no second, list-context compilation.
bool scalar_shaped(const Node* e) {
    if (!e) return false;
    switch (e->kind) {
        case NK::Num: case NK::Str: case NK::Interp: case NK::Elem: case NK::PreInc: case NK::PostInc: return true;
        case NK::Var: return e->text.size() > 1 && e->text[0] == '$';
        case NK::Binop:
            return !(e->text == "x" && e->kids[0]->kind == NK::List && e->kids[0]->flags);  // (LIST) x N is a list
        case NK::Unop: return e->text != "\\";  // \(@a) is a list of references
        case NK::Ternary: return scalar_shaped(e->kid(1)) && scalar_shaped(e->kid(2));
        case NK::Logop: return scalar_shaped(e->kid(1));
        default: return false;
    }
}
}  // namespace

void Compiler::compile_return(Node* e) {
    if (!e) {
        int t = tmp();
        emit(Op::NEWLIST, t);
        emit(Op::RETL, t);
        return;
    }
    if (scalar_shaped(e)) {  // one value in every context: RET makes the one-element list a list caller wants
        emit(Op::RET, scalar(e));
        return;
    }
    size_t j = emit(Op::WANTJ);
    const int save = m_f->next_reg;
    int v = scalar(e);
    emit(Op::RET, v);
    patch(j, here());
    m_f->next_reg = std::max(save, m_f->var_top);  // the list form reuses the scalar form's temporaries
    int L = list(e);
    emit(Op::RETL, L);
}

namespace {
bool is_expression(const Node* n) {
    switch (n->kind) {
        case NK::If:
        case NK::While:
        case NK::ForC:
        case NK::Foreach:
        case NK::SubDef:
        case NK::Package:
        case NK::Use:
        case NK::Return:
        case NK::LoopCtl:
        case NK::Nop:
        case NK::Block: return false;
        default: return true;
    }
}
}  // namespace

void Compiler::body_with_return(Node* b) {
    size_t n = b->kids.size();
    for (size_t i = 0; i + 1 < n; ++i) stmt(b->kids[i]);
    if (n == 0) return;
    Node* last = b->kids[n - 1];
    m_line = last->line;
    if (is_expression(last)) {
        int save = m_f->next_reg;
        compile_return(last);
        m_f->next_reg = std::max(save, m_f->var_top);
    } else if (last->kind == NK::If && last->label != "modifier") {
        if_stmt(last, true);
    } else {
        stmt(last);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// statements

void Compiler::block(Node* b, bool new_scope) {
    if (new_scope) push_scope();
    for (Node* s : b->kids) stmt(s);
    if (new_scope) pop_scope();
}

Compiler::LoopInfo& Compiler::push_loop(const std::string& label) {
    m_f->loops.emplace_back();
    m_f->loops.back().label = label;
    m_f->loops.back().handlers = m_f->handlers;
    m_f->loops.back().scope_depth = m_f->scopes.size();
    return m_f->loops.back();
}

void Compiler::pop_loop(size_t next_target, size_t end_target) {
    LoopInfo& l = m_f->loops.back();
    for (size_t at : l.nexts) patch(at, next_target);
    for (size_t at : l.lasts) patch(at, end_target);
    m_f->loops.pop_back();
}

void Compiler::stmt(Node* n) {
    m_line = n->line;
    int save = m_f->next_reg;
    switch (n->kind) {
        case NK::Nop: break;
        case NK::Use:  // imports of a bundled module (parser_modules.cpp): alias the module's subs
            if (n->text == "warnings") {
                warnings_pragma(n);
                break;
            }
            if (n->text == "integer") {  // use integer / no integer: to the end of the block
                m_integer = n->flags & 1;
                break;
            }
            for (Node* k : n->kids) {
                Value cv = m_vm.globs[m_vm.glob_index(k->label)].cv;
                m_vm.globs[m_vm.glob_index(k->text)].cv = cv;
            }
            break;
        case NK::Block: block(n); break;
        case NK::If: if_stmt(n, false); break;
        case NK::While: while_stmt(n); break;
        case NK::ForC: forc_stmt(n); break;
        case NK::Foreach: foreach_stmt(n); break;
        case NK::LoopCtl: loop_ctl(n); break;
        case NK::Return:
            if (m_f == m_main) unsupported("return outside a subroutine", n);
            compile_return(n->kid(0));
            break;
        case NK::SubDef: {
            if (n->label == "END") {  // END { }: run at exit, last defined first (perlmod "BEGIN, ... END")
                m_vm.end_blocks.push_back(compile_sub(n->kids[0], "main::END", true));
                break;
            }
            if (n->label == "INIT" || n->label == "CHECK") {  // runtime/phases.cpp
                (n->label == "INIT" ? m_vm.init_blocks : m_vm.check_blocks)
                    .push_back(compile_sub(n->kids[0], n->text, true));
                break;
            }
            std::string saved_pkg = m_package;
            size_t c = n->text.rfind("::");
            size_t first_proto = m_vm.protos.size();
            uint32_t index = compile_sub(n->kids[0], n->text, true, n->flags & 1, n->flags & 8);
            m_package = saved_pkg;
            (void)c;
            if (n->flags & 8)  // a file's body (parser_files.cpp): its messages name the file
                for (size_t i = first_proto; i < m_vm.protos.size(); ++i) m_vm.protos[i]->file = n->kids[1]->text;
            uint32_t g = m_vm.glob_index(n->text);
            if (m_f->file_body && bind_at_entry(index, g)) break;
            auto* cl = gc::new_closure(m_vm.heap, Value::small_int(index), 0);
            m_vm.globs[g].cv = Value::object(cl);
            break;
        }
        case NK::Package:
            if (!n->kids.empty()) {
                std::string saved = m_package;
                m_package = n->text;
                note_package();
                block(n->kids[0]);
                m_package = saved;
                note_package();
            } else {
                m_package = n->text;
                note_package();
            }
            m_vm.package_id(n->text);
            break;
        default: void_expr(n); break;
    }
    m_f->next_reg = std::max(save, m_f->var_top);
}

void Compiler::if_stmt(Node* n, bool returns) {
    std::vector<size_t> ends;
    size_t i = 0;
    bool has_else = n->kids.size() % 2 == 1;
    push_scope();  // `if ((my $x = ...))`: visible in all branches
    for (; i + 1 < n->kids.size(); i += 2) {
        m_line = n->kids[i]->line;
        int c = scalar(n->kids[i]);
        size_t j = emit((i == 0 && (n->flags & 1)) ? Op::JMPT : Op::JMPF, c);
        if (returns) {
            push_scope();
            body_with_return(n->kids[i + 1]);
            pop_scope();
        } else {
            block(n->kids[i + 1]);
        }
        ends.push_back(emit(Op::JMP));
        patch(j, here());
    }
    if (has_else) {
        if (returns) {
            push_scope();
            body_with_return(n->kids.back());
            pop_scope();
        } else {
            block(n->kids.back());
        }
    }
    pop_scope();
    for (size_t e : ends) patch(e, here());
}

void Compiler::while_stmt(Node* n) {
    Node* cond = n->kids[0];
    Node* body = n->kids[1];
    Node* cont = n->kid(2);
    bool until = n->flags & 1;
    if (n->flags & 4) {  // bare block: a loop that runs once
        LoopInfo& l = push_loop(n->text);
        l.redo_target = here();
        l.once = true;
        block(body);
        size_t end = here();
        pop_loop(end, end);
        return;
    }
    if (n->flags & 2) {  // do {} while: body first
        size_t top = here();
        block(body);
        m_line = n->line;
        int c = scalar(cond);
        size_t leave = emit(until ? Op::JMPT : Op::JMPF, c);  // the back edge is a JMP: a counted step
        emit(Op::JMP, 0, 0, 0, static_cast<int32_t>(top));
        patch(leave, here());
        return;
    }
    // while (<FH>) and while (my $l = <FH>) test definedness (perlop "I/O Operators")
    if (cond && cond->kind == NK::Readline) {
        Node* a = m_prog.make(NK::Assign, cond->line);
        a->text = "=";
        Node* v = m_prog.make(NK::Var, cond->line);
        v->text = "$_";
        a->kids = {v, cond};
        cond = a;
    }
    bool test_defined = cond && cond->kind == NK::Assign && cond->text == "=" && cond->kids[1]->kind == NK::Readline;
    push_scope();
    size_t top = here();
    LoopInfo& l = push_loop(n->text);
    (void)l;
    size_t exit_jump = SIZE_MAX;
    if (cond) {
        m_line = cond->line;
        int save = m_f->next_reg;
        int c = scalar(cond);
        if (test_defined) {
            int d = tmp();
            emit(Op::DEFINED, d, c);
            c = d;
        }
        exit_jump = emit(until ? Op::JMPT : Op::JMPF, c);
        m_f->next_reg = std::max(save, m_f->var_top);
    }
    m_f->loops.back().redo_target = here();
    block(body);
    size_t next = here();
    if (cont) block(cont);
    emit(Op::JMP, 0, 0, 0, static_cast<int32_t>(top));
    size_t end = here();
    if (exit_jump != SIZE_MAX) patch(exit_jump, end);
    pop_loop(next, end);
    pop_scope();
}

void Compiler::forc_stmt(Node* n) {
    push_scope();
    if (n->kids[0]) {
        int save = m_f->next_reg;
        void_expr(n->kids[0]);
        m_f->next_reg = std::max(save, m_f->var_top);
    }
    size_t top = here();
    size_t exit_jump = SIZE_MAX;
    push_loop(n->text);
    if (n->kids[1]) {
        int save = m_f->next_reg;
        int c = scalar(n->kids[1]);
        exit_jump = emit(Op::JMPF, c);
        m_f->next_reg = std::max(save, m_f->var_top);
    }
    m_f->loops.back().redo_target = here();
    block(n->kids[3]);
    size_t next = here();
    if (n->kids[2]) {
        int save = m_f->next_reg;
        void_expr(n->kids[2]);
        m_f->next_reg = std::max(save, m_f->var_top);
    }
    emit(Op::JMP, 0, 0, 0, static_cast<int32_t>(top));
    size_t end = here();
    if (exit_jump != SIZE_MAX) patch(exit_jump, end);
    pop_loop(next, end);
    pop_scope();
}

namespace {
// True when every use of scalar `name` inside `n` only reads its value where the compiler takes it through
// operand() or scalar(): an operand of a binary operator, a subscript, a part of an interpolated string, the
// right side of an arithmetic/string `op=`, the operand of ! - ~ +. No sub, closure, block-taking call (sort,
// first...) or eval may appear in `n` (they could capture or alias it), and nothing may assign, alias,
// reference, match or pass it (foreach aliasing, @_, \, =~, ++, my).
bool used_as_value_only(const Node* n, const std::string& name) {
    for (size_t k = 0; k < n->kids.size(); ++k) {
        const Node* c = n->kids[k];
        if (!c) continue;
        if (c->kind == NK::Var && c->text == name) {
            bool ok = false;
            switch (n->kind) {
                case NK::Binop:
                case NK::Interp: ok = true; break;
                case NK::Elem: ok = k == 1; break;
                case NK::Unop: ok = n->text == "!" || n->text == "-" || n->text == "~" || n->text == "+"; break;
                case NK::Assign: {
                    static const char* const ops[] = {"+=", "-=", "*=", "/=", "%=", "**=", ".=", "x=",
                                                      "&=", "|=", "^=", "<<=", ">>="};
                    for (const char* o : ops) ok |= k == 1 && n->text == o;
                    break;
                }
                default: break;
            }
            if (!ok) return false;
            continue;
        }
        if (c->kind == NK::AnonSub || c->kind == NK::SubDef) return false;
        if (c->kind == NK::Call && ((c->flags & 4) || c->text == "eval")) return false;
        if (!used_as_value_only(c, name)) return false;
    }
    return true;
}
}  // namespace

int Compiler::direct_reg(const std::string& name) const {
    for (auto s = m_f->scopes.rbegin(); s != m_f->scopes.rend(); ++s)
        for (auto v = s->rbegin(); v != s->rend(); ++v)
            if (v->name == name) return v->direct ? v->reg : -1;
    return -1;
}

void Compiler::foreach_stmt(Node* n) {
    Node* var = n->kids[0];
    Node* lst = n->kids[1];
    Node* body = n->kids[2];
    push_scope();
    // where the loop variable lives: a register (my, or a lexical aliased for the loop) or a glob ($_, globals)
    int reg = -1;
    int glob = -1;
    int saved = -1;
    if (var && var->kind == NK::My) {
        if (var->text == "our") {
            glob = static_cast<int>(glob_of(qualify(var->kids[0]->text)));
        } else {
            reg = tmp();
            if (m_f->next_reg > m_f->var_top) m_f->var_top = m_f->next_reg;
            m_f->scopes.back().push_back({var->kids[0]->text, reg, false});
        }
    } else {
        std::string name = var ? var->text : "$_";
        Res r = resolve(m_f, name);
        if (r.k == Res::local) {
            reg = r.idx;
            saved = tmp();
            emit(Op::MOVE, saved, reg);
        } else if (r.k == Res::global || r.k == Res::none) {
            glob = r.k == Res::global ? r.idx : static_cast<int>(glob_of(qualify(name)));
        } else {
            unsupported("a foreach variable captured from an outer sub", n);
        }
    }
    if (glob >= 0) {
        saved = tmp();
        emit(Op::GSV, saved, 0, 0, glob);
    }
    bool counting = lst->kind == NK::Range ||
                    (lst->kind == NK::List && lst->kids.size() == 1 && lst->kids[0]->kind == NK::Range);
    Node* range = counting ? (lst->kind == NK::Range ? lst : lst->kids[0]) : nullptr;
    if (range && (range->kids[0]->kind == NK::Str || range->kids[0]->kind == NK::Interp)) counting = false;
    size_t top, exit_jump;
    int i = -1, hi = -1, L = -1;
    if (counting) {
        int lo = scalar(range->kids[0]);
        i = tmp();
        int zero = load_const(Value::small_int(0));
        emit(Op::ADD, i, lo, zero);
        int h = scalar(range->kids[1]);
        hi = tmp();
        emit(Op::ADD, hi, h, zero);
        int t = tmp();
        emit(Op::NGT, t, i, hi);
        exit_jump = emit(Op::JMPT, t);
        top = here();  // FORI at the end jumps back here while the counter is in range
        bool direct = reg >= 0 && saved < 0;  // `for my $i (A .. B)`
        for (size_t k = 2; direct && k < n->kids.size(); ++k)
            direct = !n->kids[k] || used_as_value_only(n->kids[k], var->kids[0]->text);
        if (direct) {  // $i is the counter register itself: no Cell per iteration
            m_f->scopes.back().back().reg = i;
            m_f->scopes.back().back().direct = true;
        } else if (reg >= 0) {
            emit(Op::NEWSVV, reg, i);
        } else {
            int c = tmp();
            emit(Op::NEWSVV, c, i);
            emit(Op::GSETSV, c, 0, 0, glob);
        }
    } else {
        L = list(lst);
        i = load_const(Value::small_int(0));
        top = here();
        if (reg >= 0) exit_jump = emit(Op::FORNEXT, reg, L, i);
        else exit_jump = emit(Op::FORNEXTG, glob, L, i);
    }
    m_f->var_top = std::max(m_f->var_top, m_f->next_reg);
    push_loop(n->text).redo_target = here();
    block(body);
    size_t next = here();
    if (counting) emit(Op::FORI, i, hi, 0, static_cast<int32_t>(top));
    else emit(Op::JMP, 0, 0, 0, static_cast<int32_t>(top));
    size_t end = here();
    patch(exit_jump, end);
    pop_loop(next, end);
    if (saved >= 0) {
        if (glob >= 0) emit(Op::GSETSV, saved, 0, 0, glob);
        else emit(Op::MOVE, reg, saved);
    }
    pop_scope();
}

void Compiler::loop_ctl(Node* n) {
    if (m_f->loops.empty()) unsupported("\"" + n->text + "\" outside a loop block", n);
    int idx = static_cast<int>(m_f->loops.size()) - 1;
    if (!n->label.empty()) {
        while (idx >= 0 && m_f->loops[idx].label != n->label) --idx;
        if (idx < 0) error("Label not found for \"" + n->text + " " + n->label + "\"", n);
    }
    LoopInfo& l = m_f->loops[idx];
    if (m_f->handlers > l.handlers) emit(Op::POPH, 0, m_f->handlers - l.handlers);
    for (size_t i = l.scope_depth; i < m_f->marks.size(); ++i)
        if (m_f->marks[i] >= 0) {  // restore what `local` saved in the scopes being left
            emit(Op::UNLOCAL, m_f->marks[i]);
            break;
        }
    if (n->text == "last") l.lasts.push_back(emit(Op::JMP));
    else if (n->text == "next") l.nexts.push_back(emit(Op::JMP));
    else emit(Op::JMP, 0, 0, 0, static_cast<int32_t>(l.redo_target));
}

}  // namespace trellis::perl
