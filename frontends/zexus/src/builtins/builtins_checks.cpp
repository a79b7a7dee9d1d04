/// @file builtins_checks.cpp
/// The dependency-injection and validation builtins of LANGUAGE.md §15: `register_dependency(name, value)`,
/// `mock_dependency(name, value)` (a mock wins over a registered dependency: the reference's test mode),
/// `inject(name)` (what the `inject NAME` statement binds: the mock, else the dependency, else null),
/// `validate(value, schema)` (a message string for a named standard validator, never an exception) and
/// `sanitize(value[, encoding])` (the value's print form escaped for html, sql or url). Decisions where §15 leaves
/// details open are recorded in docs/zexus.md ("Dependency injection and validation").
#include <cctype>
#include <cstdio>
#include <regex>
#include <string>

#include "builtins/builtins_system.hpp"
#include "eval/eval_impl.hpp"

namespace trellis::zexus {

namespace {

/// The registry map in `slot` (created on first use); returns it.
Value registry(Evaluator& ev, Value& slot) {
    if (slot.is_nil() || slot.is_undefined()) slot = Value::object(gc::new_map(ev.heap(), 4));
    return slot;
}

std::string need_name(Evaluator& ev, Value* a, size_t argc, size_t n, const char* fn) {
    if (argc < n) ev.fail(std::string(fn) + "() takes " + std::to_string(n) + " argument(s), got " + std::to_string(argc));
    if (!ev.is_string(a[0])) ev.fail(std::string(fn) + "() expects a String name, got " + ev.upper_type(a[0]));
    return std::string(ev.str(a[0]));
}

/// The standard validators: name -> ECMAScript regular expression a string value must match in full.
const char* validator_pattern(const std::string& name) {
    if (name == "email") return R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})";
    if (name == "url") return R"(https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s]*)?)";
    if (name == "phone") return R"(\+?[0-9][0-9 ()-]{6,}[0-9])";
    if (name == "ipv4") return R"(((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9]))";
    if (name == "uuid") return R"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})";
    if (name == "integer") return R"([+-]?[0-9]+)";
    if (name == "number" || name == "numeric") return R"([+-]?[0-9]+(\.[0-9]+)?)";
    if (name == "alpha") return R"([A-Za-z]+)";
    if (name == "alphanumeric") return R"([A-Za-z0-9]+)";
    if (name == "required" || name == "not_empty") return R"([\s\S]*\S[\s\S]*)";
    return nullptr;
}

}  // namespace

Value builtin_register_dependency(Evaluator& ev, Value* a, size_t argc, bool mock) {
    need_name(ev, a, argc, 2, mock ? "mock_dependency" : "register_dependency");
    Value map = registry(ev, mock ? ev.m_mocks : ev.m_dependencies);
    gc::map_set(ev.heap(), map, a[0], a[1]);
    return Value::boolean(true);
}

Value builtin_inject(Evaluator& ev, Value* a, size_t argc) {
    need_name(ev, a, argc, 1, "inject");
    for (Value map : {ev.m_mocks, ev.m_dependencies}) {
        if (map.is_nil() || map.is_undefined()) continue;
        Value v = gc::map_get(static_cast<core::Map*>(map.as_object()), a[0]);
        if (!v.is_undefined()) return v;
    }
    return Value::nil();
}

Value builtin_validate(Evaluator& ev, Value* a, size_t argc) {
    if (argc != 2) ev.fail("validate() takes 2 argument(s), got " + std::to_string(argc));
    if (!ev.is_string(a[1])) ev.fail("validate() expects a validator name (String), got " + ev.upper_type(a[1]));
    std::string schema(ev.str(a[1]));
    std::string text = ev.display(a[0]);
    const char* pattern = validator_pattern(schema);
    if (!pattern) return ev.make_string("Validation failed: unknown validator '" + schema + "'");
    const bool ok = (ev.is_string(a[0]) || a[0].is_number()) && std::regex_match(text, std::regex(pattern));
    if (ok) return ev.make_string("Validation passed: '" + text + "' is a valid " + schema);
    return ev.make_string("Validation failed: '" + text + "' is not a valid " + schema);
}

Value builtin_sanitize(Evaluator& ev, Value* a, size_t argc) {
    if (argc < 1 || argc > 2) ev.fail("sanitize() takes 1 or 2 argument(s), got " + std::to_string(argc));
    std::string encoding = "html";
    if (argc == 2) {
        if (!ev.is_string(a[1])) ev.fail("sanitize() expects an encoding name (String), got " + ev.upper_type(a[1]));
        encoding = std::string(ev.str(a[1]));
        for (char& c : encoding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const std::string text = ev.display(a[0]);
    std::string out;
    if (encoding == "html") {
        for (char c : text) {
            switch (c) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '"': out += "&quot;"; break;
                case '\'': out += "&#x27;"; break;
                default: out += c;
            }
        }
    } else if (encoding == "sql") {
        for (char c : text) {
            if (c == '\'') out += "''";
            else if (c == '\\') out += "\\\\";
            else out += c;
        }
    } else if (encoding == "url") {
        for (unsigned char c : text) {
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                out += static_cast<char>(c);
            } else {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%%%02X", c);
                out += hex;
            }
        }
    } else {
        ev.fail("sanitize(): unknown encoding '" + encoding + "' (html, sql or url)");
    }
    return ev.make_string(out);
}

}  // namespace trellis::zexus
