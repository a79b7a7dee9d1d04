/// @file eval_modules.cpp
/// Modules of LANGUAGE.md §11: `use "./path.zx"` (binds all exports), `use "./path.zx" as m` (a Map of the
/// exports, so `m.f()` works), `use { a, b } from "./path.zx"`, the `import` spellings, and `export name`,
/// `export { a, b }`, `export action f() {}`. A module runs once per interpreter, in its own global
/// environment, with `__MODULE__` set to its name (the main program's is "__main__", so `is_main()` tells them
/// apart), `__FILE__` and `__DIR__`. A module without export statements exports every top-level name.
/// Paths are relative to the importing file's directory. The built-in modules ("math", "json", ...) are not
/// provided yet and raise "Module '...' is not supported yet".
#include <filesystem>
#include <fstream>
#include <sstream>

#include "eval/eval_impl.hpp"
#include "trellis/zexus/diagnostics.hpp"
#include "trellis/zexus/parser.hpp"

namespace trellis::zexus {

namespace {
core::Instance* inst(Value v) { return static_cast<core::Instance*>(v.as_object()); }
}  // namespace

void Evaluator::define_module_names(const std::string& file, std::string_view module_name) {
    namespace fs = std::filesystem;
    define("__MODULE__", make_string(module_name), false);
    define("__FILE__", make_string(file), false);
    std::string dir = fs::path(file).parent_path().string();
    define("__DIR__", make_string(dir.empty() ? "." : dir), false);
}

void Evaluator::exec_export(Export* e) {
    if (e->decl) {
        exec(e->decl);
        std::string_view name;
        if (auto* l = e->decl->as<Let>()) name = l->name;
        else if (auto* f = e->decl->as<Function>()) name = f->name;
        else if (auto* t = e->decl->as<TypeDecl>()) name = t->name;
        else if (auto* c = e->decl->as<Contract>()) name = c->name;
        if (!name.empty() && !m_export_stack.empty()) m_export_stack.back().emplace_back(name);
        return;
    }
    if (m_export_stack.empty()) return;  // exports of the main program are not observable
    for (std::string_view n : e->names) m_export_stack.back().emplace_back(n);
}

void Evaluator::exec_use(Use* u) {
    namespace fs = std::filesystem;
    std::string spec(u->path);
    if (spec.find(".zx") == std::string::npos && spec.find('/') == std::string::npos)
        fail(u, "Module '" + spec + "' is not supported yet");
    std::string path = (fs::path(m_file).parent_path() / spec).lexically_normal().string();
    size_t slot = SIZE_MAX;
    for (auto& [p, s] : m_module_index)
        if (p == path) slot = s;
    if (slot == SIZE_MAX) {
        for (const std::string& l : m_loading)
            if (l == path) fail(u, "Circular import of '" + spec + "'");
        std::ifstream in(path, std::ios::binary);
        if (!in) fail(u, "Cannot find module '" + spec + "' (" + path + ")");
        std::ostringstream text;
        text << in.rdbuf();
        std::unique_ptr<Ast> ast;
        try {
            ast = parse_program(text.str(), path);
        } catch (const ZexusSyntaxError& e) {
            fail(u, "Syntax error in module '" + spec + "' at " + std::to_string(e.line()) + ":" +
                        std::to_string(e.column()) + ": " + e.message());
        }
        Ast& ref = *ast;
        m_module_asts.push_back(std::move(ast));
        // Run the module in its own global environment.
        Value* saved = m_sp;
        push(m_env);
        std::string saved_file = m_file;
        m_loading.push_back(path);
        m_export_stack.emplace_back();
        struct Restore {
            Evaluator& ev;
            Value* saved;
            std::string file;
            ~Restore() {
                ev.m_env = saved[0];
                ev.m_file = file;
                ev.m_sp = saved;
                ev.m_loading.pop_back();
            }
        };
        std::vector<std::string> exported;
        {
            Restore restore{*this, saved, saved_file};
            m_env = new_env(Value::nil());
            push(m_env);  // saved[1]: the module's environment
            m_file = path;
            define_module_names(path, fs::path(path).stem().string());
            try {
                for (Node* s : ref.root->stmts)
                    if (exec(s) == Flow::ret) break;
            } catch (...) {
                m_export_stack.pop_back();
                throw;
            }
            exported = std::move(m_export_stack.back());
            m_export_stack.pop_back();
            // Build the exports Map: explicit exports, or every top-level name except the predefined ones.
            push(Value::object(gc::new_map(m_heap, 8)));  // saved[2]
            if (exported.empty()) {
                gc::map_for_each(static_cast<core::Map*>(inst(saved[1])->slots[0].as_object()), [&](Value k, Value) {
                    std::string_view name = str(k);
                    if (!name.starts_with("__")) exported.emplace_back(name);
                });
            }
            for (const std::string& name : exported) {
                Value* names_map = m_sp;
                push(Value::object(m_heap.intern(name)));
                bool found = false;
                Value v = gc::map_get(static_cast<core::Map*>(inst(saved[1])->slots[0].as_object()), names_map[0]);
                found = !v.is_undefined();
                if (!found) fail(u, "Module '" + spec + "' exports '" + name + "', which it does not define");
                push(v);
                push(make_string(name));
                gc::map_set(m_heap, saved[2], m_sp[-1], m_sp[-2]);
                m_sp = names_map;
            }
            gc::list_push(m_heap, m_modules, saved[2]);
        }
        slot = static_cast<core::List*>(m_modules.as_object())->length - 1;
        m_module_index.emplace_back(path, slot);
    }
    // Bind the exports in the importing environment.
    Value* base = m_sp;
    push(gc::list_get(static_cast<core::List*>(m_modules.as_object()), slot));
    if (!u->alias.empty()) {
        define(u->alias, base[0], false);
    } else if (!u->names.empty()) {
        for (std::string_view name : u->names) {
            Value key = make_string(name);
            Value v = gc::map_get(static_cast<core::Map*>(base[0].as_object()), key);
            if (v.is_undefined()) fail(u, "Module '" + spec + "' does not export '" + std::string(name) + "'");
            define(name, v, false);
        }
    } else {
        // Names from the exports Map: pass define() the interned symbol's own text, whose address is stable
        // (the symbol cache is keyed by the text's address).
        std::vector<std::string> names;
        gc::map_for_each(static_cast<core::Map*>(base[0].as_object()), [&](Value k, Value) { names.emplace_back(str(k)); });
        for (const std::string& name : names) {
            Value key = make_string(name);
            Value v = gc::map_get(static_cast<core::Map*>(base[0].as_object()), key);
            push(v);
            std::string_view stable = m_heap.intern(name)->view();
            define(stable, m_sp[-1], false);
            m_sp = base + 1;
        }
    }
    m_sp = base;
}

}  // namespace trellis::zexus
