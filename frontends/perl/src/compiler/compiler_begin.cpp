/// @file compiler_begin.cpp
/// A BEGIN block compiled on its own while the program is still being parsed (perlmod "BEGIN, UNITCHECK,
/// CHECK, INIT and END"; run.cpp runs it at once). Its only scope is the file's package variables: perl would
/// let it see the lexicals declared before it (with their values not assigned yet), which this compiler has
/// not compiled at that point, so naming one is a "not supported" error rather than a different variable.
#include <functional>

#include "compiler/compiler.hpp"
#include "trellis/core/error.hpp"

namespace trellis::perl {

uint32_t Compiler::compile_begin(Node* def, const std::string& package, const std::set<std::string>& lexicals,
                                 const std::map<std::string, std::string>& ours) {
    // variables the block declares itself
    std::set<std::string> own;
    std::function<void(Node*)> declared = [&](Node* n) {
        if (!n) return;
        if (n->kind == NK::My && n->text != "our" && n->text != "local")
            for (Node* k : n->kids)
                if (k && k->kind == NK::Var) own.insert(k->text);
        for (Node* k : n->kids) declared(k);
    };
    declared(def->kids[0]);
    std::function<void(Node*)> check = [&](Node* n) {
        if (!n) return;
        if (n->kind == NK::Var && !(n->flags & 1) && lexicals.count(n->text) && !own.count(n->text) &&
            !ours.count(n->text))
            unsupported("using the outer lexical " + n->text + " inside a BEGIN block", n);
        for (Node* k : n->kids) check(k);
    };
    check(def->kids[0]);
    auto outer = std::make_unique<Func>();
    outer->scopes.emplace_back();
    outer->marks.push_back(-1);
    m_f = m_main = outer.get();
    m_funcs.push_back(std::move(outer));
    for (const auto& [name, pkg] : ours)  // `our` is lexical: the declarations before the block hold in it
        m_f->scopes.back().push_back({name, static_cast<int>(glob_of(name[0] + pkg + "::" + name.substr(1))), true});
    m_package = package;
    return compile_sub(def->kids[0], def->text, true);
}

}  // namespace trellis::perl
