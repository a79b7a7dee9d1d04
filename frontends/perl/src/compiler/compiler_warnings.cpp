/// @file compiler_warnings.cpp
/// What the compiler records for run-time warnings (runtime/warnings.hpp): the lexical `warnings` pragma
/// (perllexwarn: in force from the statement after it to the end of the enclosing block) and the names perl's
/// find_uninit_var (sv.c) gives operands in "Use of uninitialized value NAME in OP": a scalar variable (`$x`;
/// package variables qualified unless in main), an element of a named array or hash with a constant or simple
/// variable subscript (`$h{"k"}`, `$a[3]`: the subscript's value when the warning is printed), "within %h"
/// for other subscripts, and nothing for anything else (`$r->{k}`, function results).
#include "compiler/compiler.hpp"
#include "runtime/warnings.hpp"

namespace trellis::perl {

void Compiler::warnings_pragma(Node* n) {
    bool on = n->flags & 1;
    uint8_t bits = 0;
    bool fatal = false, nonfatal = false;
    for (Node* k : n->kids) {
        if (k->text == "FATAL") {
            fatal = true;
            continue;
        }
        if (k->text == "NONFATAL") {
            nonfatal = true;
            continue;
        }
        int b = warn_category_bits(k->text);
        if (b < 0) error("Unknown warnings category '" + k->text + "'", n);
        bits |= static_cast<uint8_t>(b);
    }
    if (n->kids.empty() || (bits == 0 && (fatal || nonfatal))) bits = w_all;
    if (!on) {
        m_warn &= static_cast<uint8_t>(~bits);
        if (!(m_warn & w_all)) m_warn = 0;
        return;
    }
    m_warn |= bits;
    if (fatal) m_warn |= w_fatal;
    if (nonfatal) m_warn &= static_cast<uint8_t>(~w_fatal);
}

bool Compiler::is_lexical(const std::string& name) const {
    for (const Func* f = m_f; f; f = f->parent) {
        for (auto s = f->scopes.rbegin(); s != f->scopes.rend(); ++s)
            for (auto v = s->rbegin(); v != s->rend(); ++v)
                if (v->name == name) return !v->global;
        for (const std::string& u : f->upnames)
            if (u == name) return true;
    }
    return false;
}

WarnName Compiler::warn_name(const Node* n) {
    WarnName w;
    // a variable as perl names it: lexicals as written, package variables qualified, main's without "main::"
    auto var_name = [&](const std::string& name) {
        if (is_lexical(name)) return name;
        std::string q = qualify(name);
        if (q.compare(1, 6, "main::") == 0) q.erase(1, 6);
        return q;
    };
    if (n->kind == NK::Var && n->text.size() > 1 && n->text[0] == '$' &&
        !std::isdigit(static_cast<unsigned char>(n->text[1])) && n->text != "$&") {
        w.kind = WarnName::scalar;
        w.var = var_name(n->text);
        return w;
    }
    if (n->kind == NK::Elem && n->kids[0]->kind == NK::Var && n->kids.size() > 1) {
        bool brack = n->text == "[";
        std::string agg = var_name(n->kids[0]->text);
        const Node* key = n->kids[1];
        bool simple = key->kind == NK::Str || key->kind == NK::Num ||
                      (key->kind == NK::Unop && key->text == "-" && key->kids[0]->kind == NK::Num) ||
                      (key->kind == NK::Var && key->text[0] == '$');
        if (!simple) {
            w.kind = WarnName::within;
            w.var = agg;
            return w;
        }
        auto it = m_elem_key.find(n);
        if (it == m_elem_key.end()) return w;
        w.kind = brack ? WarnName::aelem : WarnName::helem;
        w.var = "$" + agg.substr(1);
        w.key_reg = it->second;
        return w;
    }
    return w;
}

WarnName Compiler::topic_name(const Node* target) {
    if (target) return warn_name(target);
    WarnName w;
    w.kind = WarnName::scalar;
    w.var = "$_";
    return w;
}

void Compiler::note_element(const Node* n, size_t at, int key) {
    m_elem_key[n] = key;
    if (m_warn) name_operands(at, {WarnName(), warn_name(n->kids[1])});
}

void Compiler::name_operands(size_t at, std::vector<WarnName> names) {
    if (!(m_warn & w_uninitialized)) return;
    bool any = false;
    for (const WarnName& w : names) any |= w.kind != WarnName::none;
    if (any) m_f->proto->warn_names[static_cast<uint32_t>(at)] = std::move(names);
}

void Compiler::name_arguments(size_t at, const std::vector<Node*>& args, size_t first) {
    if (!(m_warn & w_uninitialized)) return;
    std::vector<WarnName> names(first);
    for (size_t i = first; i < args.size(); ++i) {
        const Node* a = args[i];
        bool single = (a->kind == NK::Var && a->text[0] == '$') || a->kind == NK::Elem || a->kind == NK::Str ||
                      a->kind == NK::Num || a->kind == NK::Interp || a->kind == NK::Binop;
        if (!single) break;
        names.push_back(warn_name(a));
    }
    // named arrays among the rest: an undef element is found in them by its Cell (perl's find_array_subscript)
    for (size_t i = names.size(); i < args.size(); ++i) {
        const Node* a = args[i];
        if (a->kind != NK::Var || a->text[0] != '@' || a->text.size() < 2) continue;
        WarnName w;
        w.kind = WarnName::array;
        std::string name = is_lexical(a->text) ? a->text : qualify(a->text);
        if (name.compare(1, 6, "main::") == 0) name.erase(1, 6);
        w.var = "$" + name.substr(1);
        Res r = resolve(m_f, a->text);
        if (r.k == Res::local) w.where = 0;
        else if (r.k == Res::up) w.where = 1;
        else if (r.k == Res::outer) w.where = 2;
        else w.where = 3;
        w.index = w.where == 3 ? static_cast<int32_t>(glob_of(qualify(a->text))) : r.idx;
        names.push_back(w);
    }
    name_operands(at, std::move(names));
}

}  // namespace trellis::perl
