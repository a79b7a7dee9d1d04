/// @file parser_files.cpp
/// Perl code loaded from files (perlfunc "require", "use", "do", perlvar "@INC" "%INC", lib.pm): `use lib`
/// and `-I` directories, `use MODULE LIST` and `require MODULE` / `require "file.pl"` for a file found in those
/// directories, and `do "file.pl"`. The bundled modules (parser_modules.cpp) are found first. A file is read and
/// parsed when the `use`/`require`/`do` is parsed, into the same Program, as the body of a hidden named sub
/// (file_sub) that runs where perl runs the file (runtime/builtins_require.cpp): a `require` runs it once, at
/// the `require`, with `$INC{NAME}` and perl's "did not return a true value" check; a `use` runs it before the
/// program's first statement (perl: at compile time), then calls `MODULE->import(LIST)` when the module can
/// `import` (the bundled Exporter.pm gives Exporter's); `do FILE` runs it each time, catching its errors in `$@`.
/// A name known only at run time (`require $name`) is a compile-time "not supported" error; a module that only
/// perl's own library directories hold is "use M not supported", since trellis-perl does not run those files.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "syntax/parser.hpp"
#include "trellis/core/error.hpp"

namespace trellis::perl {

namespace {

bool is_file(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string module_path(const std::string& mod) {
    std::string path = mod;
    for (size_t p; (p = path.find("::")) != std::string::npos;) path.replace(p, 2, "/");
    return path + ".pm";
}

}  // namespace

const std::vector<std::string>& Parser::default_inc() {
    // Debian perl 5.36's @INC (perl -V), searched by perl after -I / use lib directories; trellis-perl only
    // looks there to tell "not supported" from "Can't locate"
    static const std::vector<std::string> dirs = {
        "/etc/perl", "/usr/local/lib/x86_64-linux-gnu/perl/5.36.0", "/usr/local/share/perl/5.36.0",
        "/usr/lib/x86_64-linux-gnu/perl5/5.36", "/usr/share/perl5", "/usr/lib/x86_64-linux-gnu/perl-base",
        "/usr/lib/x86_64-linux-gnu/perl/5.36", "/usr/share/perl/5.36", "/usr/local/lib/site_perl"};
    return dirs;
}

std::string Parser::find_on_inc(const std::string& rel, bool& in_perl_lib) const {
    in_perl_lib = false;
    if (!rel.empty() && (rel[0] == '/' || rel.compare(0, 2, "./") == 0 || rel.compare(0, 3, "../") == 0))
        return is_file(rel) ? rel : std::string();
    for (const std::string& d : m_prog.lib_dirs) {
        // perl names a file found in "." by its relative name ("Foo.pm", not "./Foo.pm")
        std::string path = d == "." || d == "./" ? rel : d.back() == '/' ? d + rel : d + "/" + rel;
        if (is_file(path)) return path;
    }
    for (const std::string& d : default_inc()) in_perl_lib = in_perl_lib || is_file(d + "/" + rel);
    return std::string();
}

std::string Parser::cant_locate(const std::string& rel, const std::string& mod, int line) const {
    std::string msg = "Can't locate " + rel + " in @INC";
    if (!mod.empty()) msg += " (you may need to install the " + mod + " module)";
    msg += " (@INC contains:";
    for (const std::string& d : m_prog.lib_dirs) msg += " " + d;
    for (const std::string& d : default_inc()) msg += " " + d;
    return msg + ") at " + m_lex.file() + " line " + std::to_string(line) + ".\n";
}

Node* Parser::string_node(const std::string& text, int line) {
    Node* s = make(NK::Str, line);
    s->text = text;
    return s;
}

Node* Parser::die_node(const std::string& message, int line) {
    Node* die = make(NK::Call, line);
    die->text = "die";
    die->flags = 1;
    die->kids.push_back(string_node(message, line));
    return die;
}

Node* Parser::parse_file_body(const std::string& path, int line) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) unsupported("reading " + path, line);
    m_prog.module_sources.push_back(ss.str());
    std::string_view text = m_prog.module_sources.back();
    Parser p(m_prog, text, path);
    p.declared_subs = declared_subs;  // the file's subs may be called without parentheses after it
    scan_sub_names(text, *p.declared_subs);
    Node* body = p.parse_statements(false);
    if (p.peek().type != TK::End) p.fail_syntax();
    return body;
}

Node* Parser::inc_elem(const std::string& rel, int line) {
    Node* elem = make(NK::Elem, line);
    elem->text = "{";
    Node* inc = make(NK::Var, line);
    inc->text = "%main::INC";
    elem->kids = {inc, string_node(rel, line)};
    return elem;
}

Node* Parser::file_sub(const std::string& path, const std::string& glob, int line) {
    // sub GLOB { package main; BODY } with the file's name for its messages, compiled where the module bodies
    // are (before the program): the file's named subs see its lexicals (compiler/compiler_files.cpp)
    size_t before = m_prog.module_bodies.size();
    Node* body = parse_file_body(path, line);
    // the file's own `use`s of module files and `use lib` run when its body starts (perl: when the file is
    // compiled, right before its body runs), not before the program
    std::vector<Node*> own;
    auto& bodies = m_prog.module_bodies;
    for (size_t i = before; i < bodies.size();) {
        if (m_prog.run_with_file.count(bodies[i])) {
            own.push_back(bodies[i]);
            bodies.erase(bodies.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
    body->kids.insert(body->kids.begin(), own.begin(), own.end());
    Node* pkg = make(NK::Package, line);  // the file's code starts in main
    pkg->text = "main";
    body->kids.insert(body->kids.begin(), pkg);
    Node* def = make(NK::SubDef, line);
    def->text = glob;
    def->flags = 8;
    def->kids = {body, string_node(path, line)};
    m_prog.module_bodies.push_back(def);
    return def;
}

Node* Parser::load_file(const std::string& rel, const std::string& path, int line) {
    const std::string glob = "main::(require " + rel + ")";
    file_sub(path, glob, line);
    m_prog.loaded_modules.insert(rel);
    m_prog.file_subs[rel] = {path, glob};
    return nullptr;
}

Node* Parser::require_call(const std::string& rel, int line, bool for_use) {
    // __require(REL, PATH, SUB, USE): runs the body where the require stands (runtime/builtins_require.cpp)
    const auto& [path, glob] = m_prog.file_subs.at(rel);
    Node* call = make(NK::Call, line);
    call->text = "__require";
    call->flags = 1;
    call->kids = {string_node(rel, line), string_node(path, line), string_node(glob, line),
                  string_node(for_use ? "1" : "", line)};
    return call;
}

Node* Parser::use_lib(int line, bool is_no) {
    // use lib LIST (lib.pm): the directories go first in @INC, now for the parser and at run time for @INC
    std::vector<std::string> dirs;
    while (!is_op(";") && peek().type != TK::End) {
        Token x = take();
        if (x.type == TK::Quote && x.text == "qw") {
            for (const std::string& w : split_words(x.body)) dirs.push_back(w);
        } else if (x.type == TK::Quote && (x.text == "q" || (x.text == "qq" && x.body.find_first_of("$@\\") ==
                                                                                std::string::npos))) {
            dirs.push_back(x.body);
        } else if (!(x.type == TK::Op && (x.text == "," || x.text == "(" || x.text == ")"))) {
            unsupported("use lib with a computed directory", line);
        }
        m_prev_term = false;
    }
    accept_op(";");
    m_prev_term = false;
    if (is_no) unsupported("no lib", line);
    m_prog.lib_dirs.insert(m_prog.lib_dirs.begin(), dirs.begin(), dirs.end());
    Node* call = make(NK::Call, line);  // unshift @INC, LIST (where the module bodies run: before the program)
    call->text = "unshift";
    call->flags = 1;
    Node* inc = make(NK::Var, line);
    inc->text = "@main::INC";
    call->kids.push_back(inc);
    for (const std::string& d : dirs) call->kids.push_back(string_node(d, line));
    m_prog.module_bodies.push_back(call);
    m_prog.run_with_file.insert(call);
    return make(NK::Nop, line);
}

Node* Parser::use_from_disk(const std::string& mod, int line) {
    const std::string rel = module_path(mod);
    bool in_perl_lib = false;
    std::string path = m_prog.loaded_modules.count(rel) ? std::string("loaded") : find_on_inc(rel, in_perl_lib);
    if (path.empty()) {
        if (in_perl_lib) unsupported("use " + mod, line);
        throw core::Error(cant_locate(rel, mod, line) + "BEGIN failed--compilation aborted at " + m_lex.file() +
                              " line " + std::to_string(line) + ".",
                          core::SourcePos{static_cast<uint32_t>(line), 0});
    }
    // the import list, parsed now (a leading version number is skipped)
    if (peek().type == TK::Num) take();
    Node* list = nullptr;
    if (!is_op(";") && peek().type != TK::End) list = parse_expr();
    accept_op(";");
    m_prev_term = false;
    if (!m_prog.loaded_modules.count(rel)) load_file(rel, path, line);
    if (m_prog.file_subs.count(rel)) {
        m_prog.module_bodies.push_back(require_call(rel, line, true));
        m_prog.run_with_file.insert(m_prog.module_bodies.back());
    }
    // the names a plain `use` or the list imports are subs callable without parentheses (perlsub)
    std::string_view src = m_prog.module_sources.empty() ? std::string_view() : m_prog.module_sources.back();
    auto import_var = [&](const std::string& w) {  // `$x` `@x` `%x`: declared for `use strict`
        if (w.size() > 1 && (w[0] == '$' || w[0] == '@' || w[0] == '%'))
            m_prog.imported_vars.insert(w.substr(0, 1) + package + "::" + w.substr(1));
    };
    std::vector<Node*> todo{list};
    while (!todo.empty()) {
        Node* x = todo.back();
        todo.pop_back();
        if (!x) continue;
        if (x->kind == NK::Str) import_var(x->text);
        if (x->kind == NK::List) todo.insert(todo.end(), x->kids.begin(), x->kids.end());
    }
    for (const char* var : {"@EXPORT", "@EXPORT_OK"}) {
        size_t at = src.find(var);
        if (at == std::string_view::npos) continue;
        size_t q = src.find("qw", at);
        if (q == std::string_view::npos || q > at + 40) continue;
        char open = q + 2 < src.size() ? src[q + 2] : '(';
        if (open == ' ') open = '(';
        char close = open == '(' ? ')' : open == '[' ? ']' : open == '{' ? '}' : open;
        size_t e = src.find(close, q + 3);
        if (e == std::string_view::npos) continue;
        for (const std::string& w : split_words(std::string(src.substr(q + 3, e - q - 3))))
            if (!w.empty() && (std::isalpha(static_cast<unsigned char>(w[0])) || w[0] == '_'))
                declared_subs->insert(w);
            else if (!list && std::string(var) == "@EXPORT")
                import_var(w);
    }
    if (list && list->kind == NK::List && (list->flags & 1) && list->kids.empty()) return make(NK::Nop, line);
    // MODULE->import(LIST) if MODULE->can('import'), in the importing package, after the module's body
    Node* can = make(NK::Method, line);
    can->text = "can";
    can->flags = 1;
    can->kids = {string_node(mod, line), string_node("import", line)};
    Node* import = make(NK::Method, line);
    import->text = "import";
    import->flags = 1;
    import->kids.push_back(string_node(mod, line));
    import->kids[0]->flags = 2;
    can->kids[0]->flags = 2;
    if (list && list->kind == NK::List) import->kids.insert(import->kids.end(), list->kids.begin(), list->kids.end());
    else if (list) import->kids.push_back(list);
    Node* both = make(NK::Logop, line);
    both->text = "&&";
    both->kids = {can, import};
    Node* block = make(NK::Block, line);
    block->kids.push_back(both);
    Node* pkg = make(NK::Package, line);
    pkg->text = package;
    pkg->kids.push_back(block);
    m_prog.module_bodies.push_back(pkg);
    m_prog.run_with_file.insert(pkg);
    return make(NK::Nop, line);
}

void Parser::load_bundled(const std::string& mod, int line) {
    if (!bundled_module_source(mod) || m_prog.loaded_modules.count(mod)) return;
    std::string code = "use " + mod + " ();";  // loaded like `use MODULE ()`
    m_prog.module_sources.push_back(code);
    Parser p = sub_parser(m_prog.module_sources.back(), line);
    m_prog.module_bodies.push_back(p.parse_statements(false));
}

void Parser::load_parent(const std::string& mod, int line) {
    // `use parent 'MOD'` requires MOD (parent.pm): a bundled module, or a module file when one is found (a
    // class defined in the program itself is left alone, as `-norequire` would)
    if (bundled_module_source(mod)) return load_bundled(mod, line);
    const std::string rel = module_path(mod);
    bool in_perl_lib = false;
    if (!m_prog.loaded_modules.count(rel)) {
        std::string path = find_on_inc(rel, in_perl_lib);
        if (path.empty()) return;
        load_file(rel, path, line);
    }
    if (!m_prog.file_subs.count(rel)) return;
    m_prog.module_bodies.push_back(require_call(rel, line, true));
    m_prog.run_with_file.insert(m_prog.module_bodies.back());
}

Node* Parser::parse_require(int line) {
    // require VERSION / require MODULE / require "file"
    m_prev_term = true;
    const Token& t = peek();
    if (t.type == TK::Num) {
        take();
        return string_node("1", line);
    }
    std::string rel, mod;
    if (t.type == TK::Word && !is_op("(")) {
        mod = take().text;
        rel = module_path(mod);
        if (bundled_module_source(mod) || mod == "strict" || mod == "warnings" || mod == "List::Util" ||
            mod == "Scalar::Util" || mod == "POSIX" || mod == "Exporter") {
            load_bundled(mod, line);
            return string_node("1", line);
        }
    } else if (t.type == TK::Quote && (t.text == "q" || (t.text == "qq" && t.body.find_first_of("$@\\") ==
                                                                            std::string::npos))) {
        rel = take().body;
    } else {
        unsupported("require with a name computed at run time", line);
    }
    m_prev_term = true;
    if (!m_prog.loaded_modules.count(rel)) {
        bool in_perl_lib = false;
        std::string path = find_on_inc(rel, in_perl_lib);
        if (path.empty()) {
            if (in_perl_lib) unsupported("require " + (mod.empty() ? rel : mod), line);
            return die_node(cant_locate(rel, mod, line), line);  // at run time: `eval { require X }` catches it
        }
        load_file(rel, path, line);
    }
    if (!m_prog.file_subs.count(rel)) return string_node("1", line);
    return require_call(rel, line, false);
}

Node* Parser::parse_do_file(int line) {
    // do "file": the file's code as a sub called here, each time (its last statement's value), undef when the
    // file is not found (perlfunc "do")
    const Token& t = peek();
    if (!(t.type == TK::Quote && (t.text == "q" || (t.text == "qq" && t.body.find_first_of("$@\\") ==
                                                                          std::string::npos))))
        unsupported("do FILE with a name computed at run time", line);
    std::string rel = take().body;
    m_prev_term = true;
    bool in_perl_lib = false;
    std::string path = find_on_inc(rel, in_perl_lib);
    if (path.empty()) {
        Node* u = make(NK::Call, line);
        u->text = "undef";
        u->flags = 1;
        return u;
    }
    const std::string glob = "main::(do " + rel + " " + std::to_string(m_prog.module_sources.size()) + ")";
    file_sub(path, glob, line);
    Node* call = make(NK::Call, line);  // __do_file(REL, PATH, SUB): runtime/builtins_require.cpp
    call->text = "__do_file";
    call->flags = 1;
    call->kids = {string_node(rel, line), string_node(path, line), string_node(glob, line)};
    return call;
}

}  // namespace trellis::perl
