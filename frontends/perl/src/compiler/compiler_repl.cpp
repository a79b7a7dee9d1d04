/// @file compiler_repl.cpp
/// One REPL input compiled into the session (runtime/repl.cpp): the session is a main program that never
/// ends. Its Func and outermost scope live as long as this Compiler; every input becomes a new proto of that
/// Func (same registers: they all run on one frame), so `my $x` of one input is a register the next inputs
/// resolve. The last statement, when it is an expression, is compiled in list context into a register the
/// REPL prints, as the debugger's `p` would (perldebug).
#include "compiler/compiler.hpp"
#include "trellis/core/error.hpp"

namespace trellis::perl {

namespace {

bool is_statement(const Node* n) {
    switch (n->kind) {
        case NK::Block: case NK::If: case NK::While: case NK::ForC: case NK::Foreach: case NK::SubDef:
        case NK::Package: case NK::Use: case NK::Return: case NK::LoopCtl: case NK::Nop:
            return true;
        default:
            return false;
    }
}

}  // namespace

uint32_t Compiler::compile_repl(int& result) {
    if (!m_main) {
        auto f = std::make_unique<Func>();
        m_f = m_main = f.get();
        m_funcs.push_back(std::move(f));
        push_scope();  // the session's scope, never left
    }
    m_vm.protos.push_back(std::make_unique<Proto>());
    m_main->proto = m_vm.protos.back().get();
    m_main->proto->name = "main";
    m_main->index = static_cast<uint32_t>(m_vm.protos.size() - 1);
    m_main->proto->nregs = static_cast<uint32_t>(m_main->var_top);
    m_main->next_reg = m_main->var_top;
    m_f = m_main;
    const size_t vars = m_main->scopes.front().size();
    result = -1;
    try {
        m_line = m_prog.body->line;
        note_package();
        for (Node* s : m_prog.prelude) stmt(s);
        m_prog.prelude.clear();
        std::vector<Node*>& kids = m_prog.body->kids;
        for (size_t i = 0; i < kids.size(); ++i) {
            if (i + 1 == kids.size() && !is_statement(kids[i])) {
                m_line = kids[i]->line;
                result = list(kids[i]);
                m_main->var_top = std::max(m_main->var_top, m_main->next_reg);  // keep it out of later temps
            } else {
                stmt(kids[i]);
            }
        }
        emit(Op::EXIT);
        for (size_t i = vars; i < m_main->scopes.front().size(); ++i)  // the session's lexicals (destroy.cpp)
            if (!m_main->scopes.front()[i].global) m_vm.main_lexicals.push_back(static_cast<uint32_t>(m_main->scopes.front()[i].reg));
    } catch (...) {
        // back to the session's scope as it was before this input
        m_f = m_main;
        m_main->scopes.resize(1);
        m_main->marks.resize(1);
        m_main->scopes.front().resize(vars);
        m_main->loops.clear();
        m_main->handlers = 0;
        m_warn_saved.resize(1);
        throw;
    }
    return m_main->index;
}

}  // namespace trellis::perl
