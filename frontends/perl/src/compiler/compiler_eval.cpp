/// @file compiler_eval.cpp
/// `eval STRING` (perlfunc "eval"): at the eval site the compiler records every lexical variable visible there
/// and how the running frame reaches it (a register, an upvalue of the running closure, a main-frame
/// register, a glob for `our`), forcing the enclosing anonymous subs to capture them; at run time
/// (runtime/eval.cpp) the string is parsed and compiled as an anonymous sub whose parent is a scope rebuilt
/// from that record, so it reads and writes the same containers as the code around it.
#include "compiler/compiler.hpp"
#include "trellis/core/error.hpp"

namespace trellis::perl {

int Compiler::eval_string(Node* n, Ctx ctx) {
    int src = n->kids.empty() ? topic() : scalar(n->kids[0]);
    EvalSite site;
    site.package = m_package;
    site.strict = m_prog.strict_vars;
    site.warnings = m_warn;
    site.integer = m_integer;
    // every name visible here, innermost declaration first
    std::set<std::string> seen;
    for (Func* f = m_f; f; f = f->parent) {
        for (auto s = f->scopes.rbegin(); s != f->scopes.rend(); ++s)
            for (auto v = s->rbegin(); v != s->rend(); ++v) seen.insert(v->name);
        for (const std::string& u : f->upnames) seen.insert(u);
    }
    for (const std::string& name : seen) {
        Res r;
        try {
            r = resolve(m_f, name);
        } catch (const core::Error&) {
            continue;  // a lexical of a sub around a named sub: not reachable (perl: "not available")
        }
        EvalSite::Var v{name, 0, r.idx};
        switch (r.k) {
            case Res::local: v.kind = m_f == m_main ? 2 : 0; break;  // main-frame registers outlive the site
            case Res::up: v.kind = 1; break;
            case Res::outer: v.kind = 2; break;
            case Res::global: v.kind = 3; break;
            case Res::none: continue;
        }
        site.vars.push_back(std::move(v));
    }
    m_vm.eval_sites.push_back(std::move(site));
    int t = tmp();
    emit(Op::EVALSTR, t, src, 0, static_cast<int32_t>(m_vm.eval_sites.size() - 1), ctx);
    return t;
}

uint32_t Compiler::compile_eval(const EvalSite& site) {
    // the scope around the string, rebuilt from the site's record
    auto outer = std::make_unique<Func>();
    outer->scopes.emplace_back();
    outer->marks.push_back(-1);
    for (const EvalSite::Var& v : site.vars) {
        switch (v.kind) {
            case 0: outer->scopes.back().push_back({v.name, v.index, false}); break;
            case 1:
                if (outer->upnames.size() <= static_cast<size_t>(v.index)) outer->upnames.resize(v.index + 1);
                outer->upnames[v.index] = v.name;
                break;
            case 2: outer->scopes.back().push_back({v.name, v.index, false, true}); break;
            default: outer->scopes.back().push_back({v.name, v.index, true}); break;
        }
    }
    m_in_eval = true;
    m_f = m_main = outer.get();
    m_funcs.push_back(std::move(outer));
    m_package = site.package;
    m_integer = site.integer;
    // `use overload` registrations run first, as in a program (perl runs them at BEGIN time)
    m_prog.body->kids.insert(m_prog.body->kids.begin(), m_prog.prelude.begin(), m_prog.prelude.end());
    m_prog.prelude.clear();
    return compile_sub(m_prog.body, "(eval)", false, false, true);  // its named subs may use its `my`s
}

}  // namespace trellis::perl
