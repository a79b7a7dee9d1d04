/// @file compiler_files.cpp
/// Named subs that use the lexicals of the file around them when that file is not the program: a file
/// `require`d, `use`d or run by `do FILE`, or an eval STRING (perlsub "Private Variables via my()": a named sub
/// captures the file-level `my` variables it names, the instance made by the file's run that defined it).
/// Such a body is compiled as a sub (Func::file_body). The named sub captures the variable like a closure; the
/// variable is created once at the body's entry in a register above every register the body uses, its `my`
/// copies it from there, and a prologue at the entry (reached through the NOP the body starts with) creates
/// those variables and binds each capturing named sub to its glob before the body's first statement, so the
/// file can call its subs before their definitions, as in perl. Each run of the body (every `do FILE`, every
/// eval STRING) makes new variables and rebinds the subs, as perl's redefinition does. A variable declared in a
/// loop of the file is "not supported": perl shares only its first instance ("Variable will not stay shared").
#include "compiler/compiler.hpp"
#include "runtime/vm.hpp"

namespace trellis::perl {

void Compiler::capture_file_lexical(Func* f, const std::string& name, int reg) {
    Func* body = f->parent;
    const VarInfo* var = nullptr;
    for (auto s = body->scopes.rbegin(); s != body->scopes.rend() && !var; ++s)
        for (auto v = s->rbegin(); v != s->rend(); ++v)
            if (v->name == name && v->reg == reg && !v->global && !v->state) {
                var = &*v;
                break;
            }
    if (!var || var->decl_at < 0)
        unsupported("a named sub using this lexical variable of the file around it (" + name + ")", nullptr);
    if (var->in_loop)
        unsupported("a named sub using a lexical variable declared in a loop (" + name + ")", nullptr);
    FileLexical* fl = nullptr;
    for (FileLexical& x : body->file_lexicals)
        if (x.decl_at == var->decl_at) fl = &x;
    if (!fl) {
        body->file_lexicals.push_back({reg, var->decl_at, {}});
        fl = &body->file_lexicals.back();
    }
    fl->captures.emplace_back(f->proto, f->proto->captures.size());
}

bool Compiler::bind_at_entry(uint32_t index, uint32_t g) {
    if (m_vm.protos[index]->captures.empty()) return false;
    m_f->binds.emplace_back(index, g);
    return true;
}

void Compiler::finish_file_body() {
    Proto& p = *m_f->proto;
    if (m_f->file_lexicals.empty() && m_f->binds.empty()) return;  // the entry NOP stays
    p.code[static_cast<size_t>(m_f->entry_jump)].op = Op::JMP;
    p.code[static_cast<size_t>(m_f->entry_jump)].d = static_cast<int32_t>(here());
    m_f->next_reg = static_cast<int>(p.nregs);  // above every register the body uses
    for (const FileLexical& fl : m_f->file_lexicals) {
        Ins& decl = p.code[static_cast<size_t>(fl.decl_at)];
        if (decl.op != Op::NEWSV && decl.op != Op::NEWAV && decl.op != Op::NEWHV)
            unsupported("a named sub using this lexical variable of the file around it", nullptr);
        int slot = tmp();
        emit(decl.op, slot);
        Ins& d = p.code[static_cast<size_t>(fl.decl_at)];  // (emit may have moved the code)
        d.op = Op::MOVE;
        d.b = static_cast<uint16_t>(slot);
        for (const auto& [proto, at] : fl.captures) proto->captures[at].index = static_cast<uint16_t>(slot);
    }
    const int bind_id = builtin_id("__bind_sub");
    for (const auto& [index, g] : m_f->binds) {
        int L = tmp(), code = tmp(), glob = load_const(Value::small_int(static_cast<int64_t>(g)));
        emit(Op::CLOSURE, code, 0, 0, static_cast<int32_t>(index));
        emit(Op::NEWLIST, L);
        emit(Op::LPUSHV, L, code);
        emit(Op::LPUSHV, L, glob);
        emit(Op::BUILTIN, tmp(), L, 0, bind_id, ctx_void);
    }
    emit(Op::JMP, 0, 0, 0, m_f->entry_jump + 1);
}

}  // namespace trellis::perl
