/// @file builtins_modules.cpp
/// `__export(PKG, CALLER, LIST)`, the work of the bundled Exporter's import (lib/Exporter.pm; perldoc Exporter
/// "How to Import"): with an empty LIST the names of @PKG::EXPORT, otherwise each item of LIST: `:tag` (the
/// names of $PKG::EXPORT_TAGS{tag}; `:DEFAULT` is @EXPORT) or a name, which @EXPORT or @EXPORT_OK must hold
/// (`&f` and `f` are the same sub). Each name is aliased into CALLER's symbol table: a sub, `$x`, `@x` or `%x`
/// (the glob slot is shared, as perl's glob assignment does). Unknown names are reported one per line on STDERR
/// and end with perl's "Can't continue after import errors at FILE line N." where the `use` stands.
#include <algorithm>
#include <set>

#include "runtime/builtins_call.hpp"

namespace trellis::perl::builtins {

namespace {
std::vector<std::string> array_words(Vm& vm, const std::string& name) {
    std::vector<std::string> out;
    int64_t g = vm.find_glob(name);
    if (g < 0 || vm.globs[static_cast<size_t>(g)].av.is_nil()) return out;
    Value av = vm.globs[static_cast<size_t>(g)].av;
    for (uint64_t i = 0; i < av::len(av); ++i) out.push_back(to_str(av::fetch(av, static_cast<int64_t>(i))));
    return out;
}

std::string bare(const std::string& n) { return !n.empty() && n[0] == '&' ? n.substr(1) : n; }
}  // namespace

bool b_export(Call& c) {
    Vm& vm = c.vm();
    const std::string pkg = to_str(c.arg(0)), caller = to_str(c.arg(1));
    std::vector<std::string> exports = array_words(vm, pkg + "::EXPORT");
    std::vector<std::string> ok = array_words(vm, pkg + "::EXPORT_OK");
    std::set<std::string> allowed;
    for (const auto& n : exports) allowed.insert(bare(n));
    for (const auto& n : ok) allowed.insert(bare(n));
    std::vector<std::string> wanted;
    if (c.n() <= 2) wanted = exports;
    std::string errors;
    for (size_t i = 2; i < c.n(); ++i) {
        std::string item = to_str(c.arg(i));
        if (!item.empty() && item[0] == ':') {
            std::string tag = item.substr(1);
            if (tag == "DEFAULT") {
                wanted.insert(wanted.end(), exports.begin(), exports.end());
                continue;
            }
            int64_t g = vm.find_glob(pkg + "::EXPORT_TAGS");
            Value list = Value::nil();
            if (g >= 0 && !vm.globs[static_cast<size_t>(g)].hv.is_nil()) {
                Value key = make_str(c.heap(), tag);
                list = hv::fetch(vm.globs[static_cast<size_t>(g)].hv, key);
            }
            if (!core::is_kind(list, core::Kind::list)) {
                errors += "\"" + tag + "\" is not defined in %" + pkg + "::EXPORT_TAGS\n";
                continue;
            }
            for (uint64_t k = 0; k < av::len(list); ++k) {
                std::string n = to_str(av::fetch(list, static_cast<int64_t>(k)));
                wanted.push_back(n);
                allowed.insert(bare(n));  // a tag's names may be imported through it
            }
            continue;
        }
        if (!item.empty() && (item[0] == '!' || item[0] == '/'))
            return c.die("Exporter's " + std::string(item[0] == '!' ? "!name" : "/pattern/") +
                         " import specifications are not supported by trellis-perl");
        wanted.push_back(item);
    }
    for (const std::string& w : wanted)
        if (!allowed.count(bare(w))) errors += "\"" + bare(w) + "\" is not exported by the " + pkg + " module\n";
    if (!errors.empty()) {
        vm.err(errors);
        std::string where = c.s.caller && c.s.caller->call_ip ? vm.where(*c.s.caller, c.s.caller->call_ip) : ".\n";
        return c.die("Can't continue after import errors" + where);
    }
    for (const std::string& w : wanted) {
        char sigil = w[0] == '$' || w[0] == '@' || w[0] == '%' ? w[0] : '&';
        std::string name = sigil == '&' ? bare(w) : w.substr(1);
        uint32_t from = vm.glob_index(pkg + "::" + name);
        uint32_t to = vm.glob_index(caller + "::" + name);
        switch (sigil) {
            case '$': vm.globs[to].sv = vm.glob_sv(from); break;
            case '@': vm.globs[to].av = vm.glob_av(from); break;
            case '%': vm.globs[to].hv = vm.glob_hv(from); break;
            default: vm.globs[to].cv = vm.globs[from].cv; break;
        }
    }
    return c.ret(vm.v_one);
}

}  // namespace trellis::perl::builtins
