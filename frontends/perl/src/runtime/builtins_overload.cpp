/// @file builtins_overload.cpp
/// The builtins behind `use overload` (perldoc overload): __overload_import registers a package's operator
/// table in globs named as perl names them ("PKG::(+", "PKG::()" for fallback, "PKG::((" marking the class), and
/// overload::StrVal, overload::Overloaded and overload::Method. The operators themselves are runtime/overload.cpp.
#include <set>

#include "runtime/builtins_call.hpp"

namespace trellis::perl::builtins {

namespace {

// The package a value names: a blessed reference's class, else the string itself.
std::string package_of(Call& c, Value v) {
    if (is_ref(v)) return v.as_object()->class_id ? c.vm().package_name(v.as_object()->class_id) : std::string();
    return to_str(v);
}

}  // namespace

bool b_overload_import(Call& c) {
    Vm& vm = c.vm();
    vm.overloading = true;
    std::string pkg = to_str(c.arg(0));
    vm.globs[vm.glob_index(pkg + "::((")].cv = Value::small_int(1);
    for (size_t i = 1; i < c.n(); i += 2) {
        std::string key = to_str(c.arg(i));
        Value v = i + 1 < c.n() ? c.arg(i + 1) : Value::nil();
        if (key == "fallback") {
            uint32_t g = vm.glob_index(pkg + "::()");
            Value cell = Value::object(gc::new_cell(c.heap(), Value::nil()));
            auto* cp = static_cast<core::Cell*>(cell.as_object());
            c.heap().store(cp, cp->value, c.arg(i + 1));
            vm.globs[g].cv = cell;
            continue;
        }
        // keys runtime/overload.cpp calls (and their assignment forms); any other (`@{}`, `<>`, `-X`, `qr`, `int`,
        // `sqrt`...) would be silently ignored, so it stops the program instead
        static const std::set<std::string> known = {
            "+", "-", "*", "/", "%", "**", ".", "x", "&", "|", "^", "<<", ">>", "<", "<=", ">", ">=", "==", "!=",
            "<=>", "lt", "le", "gt", "ge", "eq", "ne", "cmp", "neg", "!", "~", "abs", "++", "--", "bool", "0+",
            "\"\"", "=", "nomethod", "+=", "-=", "*=", "/=", "%=", "**=", ".=", "x=", "&=", "|=", "^=", "<<=", ">>="};
        if (!known.count(key)) return c.die("overloading '" + key + "' not supported by trellis-perl");
        if (!core::is_kind(v, core::Kind::closure) && !is_str(v))
            return c.die("overload arg '" + to_str(v) + "' is invalid");
        uint32_t g = vm.glob_index(pkg + "::(" + key);
        vm.globs[g].cv = c.arg(i + 1);
    }
    return c.ret(Value::nil());
}

bool b_overload_strval(Call& c) { return c.ret_str(str_of(c.vm(), c.arg(0))); }

bool b_overload_overloaded(Call& c) {
    std::string pkg = package_of(c, c.arg(0));
    return c.ret_bool(!pkg.empty() && !c.vm().find_method(pkg, "((").is_nil());
}

bool b_overload_method(Call& c) {
    std::string pkg = package_of(c, c.arg(0));
    if (pkg.empty()) return c.ret(Value::nil());
    Value m = c.vm().find_method(pkg, "(" + to_str(c.arg(1)));
    if (!m.is_nil() && is_str(m)) m = c.vm().find_method(pkg, to_str(m));
    return c.ret(core::is_kind(m, core::Kind::closure) ? m : Value::nil());
}

}  // namespace trellis::perl::builtins
