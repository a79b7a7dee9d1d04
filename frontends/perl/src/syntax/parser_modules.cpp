/// @file parser_modules.cpp
/// `use MODULE LIST` for the modules trellis-perl bundles as Perl source (frontends/perl/lib/*.pm, embedded by
/// lib/embed_lib.cmake). perlfunc "use": the module is loaded once, before the program's statements run, then
/// its `import` gives the caller the requested subs. Here the module text is parsed into the same Program (its
/// body prepended to the program's), and import is a compile-time alias of the module's sub in the importing
/// package (the compiler copies the glob's code slot: NK::Use kids). A module lists what it exports in header
/// comments: `# EXPORT: a b` (imported by a plain `use`) and `# EXPORT_OK: c d` (on request); names that are
/// neither are perl's Exporter error. `use MODULE ()` imports nothing. `# IMPORT_CALL: sub` makes a non-empty
/// import list the arguments of a call of MODULE::sub instead (Test::More's `tests => N`); `# LAST_SKIP: f`
/// makes a call of the imported f leave the enclosing `SKIP:` block afterwards (Test::More's skip). `# TAG t: a b`
/// defines the import tag `:t`; a sub defined as `sub NAME () { ... }` is imported as a constant (a term).
#include <algorithm>

#include "syntax/parser.hpp"
#include "trellis/core/error.hpp"

namespace trellis::perl {

namespace {

// The words of the header comment line "# KEY: w1 w2" of a module source.
std::vector<std::string> header_words(std::string_view src, const std::string& key) {
    std::string tag = "# " + key + ":";
    size_t at = src.find(tag);
    if (at == std::string_view::npos || (at > 0 && src[at - 1] != '\n')) return {};
    size_t end = src.find('\n', at);
    return split_words(std::string(src.substr(at + tag.size(), end - at - tag.size())));
}

}  // namespace

Node* Parser::use_bundled(const std::string& mod, const char* src, int line) {
    // the import list: words, quoted strings, qw(); `()` alone imports nothing; a version number is skipped
    std::vector<std::string> wanted;
    bool explicit_list = false;
    std::string_view text(src);
    Node* import_call = nullptr;
    std::vector<std::string> hook_imports;
    std::vector<std::string> hook = header_words(text, "IMPORT_CALL");
    if (!hook.empty() && !is_op(";") && peek().type != TK::End) {
        // `use Test::More tests => 3`: the list is the arguments of MODULE::HOOK (run where the use stands, after
        // the module's body), and the default exports are imported
        import_call = make(NK::Call, line);
        import_call->text = mod + "::" + hook[0];
        import_call->flags = 1;
        Node* list = parse_expr();
        if (list->kind == NK::List) import_call->kids = list->kids;
        else import_call->kids.push_back(list);
        // names of exported subs in the list are imported too (`use Getopt::Long qw(GetOptionsFromArray)`)
        std::vector<std::string> ok = header_words(text, "EXPORT_OK");
        std::vector<Node*> todo{list};
        while (!todo.empty()) {
            Node* x = todo.back();
            todo.pop_back();
            if (x->kind == NK::List) todo.insert(todo.end(), x->kids.begin(), x->kids.end());
            else if (x->kind == NK::Str && std::find(ok.begin(), ok.end(), x->text) != ok.end())
                hook_imports.push_back(x->text);
        }
    }
    if (peek().type == TK::Num) take();
    while (!is_op(";") && peek().type != TK::End) {
        Token x = take();
        if (x.type == TK::Quote && x.text == "qw") {
            for (const std::string& w : split_words(x.body)) wanted.push_back(w);
            explicit_list = true;
        } else if (x.type == TK::Quote) {
            wanted.push_back(x.body);
            explicit_list = true;
        } else if (x.type == TK::Word) {
            wanted.push_back(x.text);
            explicit_list = true;
        } else if (x.type == TK::Op && (x.text == "(" || x.text == ")")) {
            explicit_list = true;
        } else if (!(x.type == TK::Op && (x.text == "," || x.text == "=>"))) {
            unsupported("this import list of use " + mod, line);
        }
        m_prev_term = false;
    }
    accept_op(";");
    m_prev_term = false;

    if (!m_prog.loaded_modules.count(mod)) {
        m_prog.loaded_modules.insert(mod);
        std::string path = mod;
        for (size_t p; (p = path.find("::")) != std::string::npos;) path.replace(p, 2, "/");
        Parser p(m_prog, text, "(trellis-perl lib)/" + path + ".pm");
        scan_sub_names(text, *p.declared_subs);
        Node* body = p.parse_statements(false);
        if (p.peek().type != TK::End) p.fail_syntax();
        // a bundled module runs without warnings, also under -w (it is not the program's code)
        body->kids.insert(body->kids.begin(), warnings_node(line, false, {}));
        Node* pkg = make(NK::Package, line);  // the module's `package` statements end with its file
        pkg->text = "main";
        pkg->kids.push_back(body);
        m_prog.module_bodies.push_back(pkg);
    }
    std::vector<std::string> leaves_skip = header_words(text, "LAST_SKIP");
    std::vector<std::string> exports = header_words(text, "EXPORT");
    std::vector<std::string> ok = header_words(text, "EXPORT_OK");
    if (!explicit_list) wanted = exports;
    wanted.insert(wanted.end(), hook_imports.begin(), hook_imports.end());
    std::vector<std::string> expanded;  // `:tag` names the words of the header "# TAG tag: ..." (Exporter's tags)
    for (const std::string& name : wanted) {
        std::vector<std::string> tag = name.size() > 1 && name[0] == ':' ? header_words(text, "TAG " + name.substr(1))
                                                                           : std::vector<std::string>{name};
        if (tag.empty()) unsupported("the import tag " + name + " of " + mod, line);
        expanded.insert(expanded.end(), tag.begin(), tag.end());
    }
    wanted = expanded;
    Node* use = make(NK::Use, line);
    use->text = mod;
    std::string errors;
    for (std::string name : wanted) {
        if (!name.empty() && name[0] == '&') name = name.substr(1);
        bool known = false;
        for (const auto& e : exports) known = known || e == name;
        for (const auto& e : ok) known = known || e == name;
        if (!known) {
            errors += "\"" + name + "\" is not exported by the " + mod + " module\n";
            continue;
        }
        Node* alias = make(NK::Str, line);
        alias->text = package + "::" + name;
        alias->label = mod + "::" + name;
        use->kids.push_back(alias);
        declared_subs->insert(name);
        if (text.find("\nsub " + name + " () {") != std::string_view::npos)  // a constant: a term, no arguments
            declared_subs->insert(constant_marker + name);
        if (std::find(leaves_skip.begin(), leaves_skip.end(), name) != leaves_skip.end())
            declared_subs->insert(skip_marker + name);
    }
    if (!errors.empty())
        throw core::Error(errors + "Can't continue after import errors at " + m_lex.file() + " line " +
                              std::to_string(line) + ".",
                          core::SourcePos{static_cast<uint32_t>(line), 0});
    if (!import_call) return use;
    Node* both = make(NK::Block, line);  // run once, as a bare block
    both->kids = {use, import_call};
    return both;
}

}  // namespace trellis::perl
