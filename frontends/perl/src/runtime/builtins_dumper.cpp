/// @file builtins_dumper.cpp
/// The engine of the bundled Data::Dumper (lib/Data/Dumper.pm): `__dd_dump(CONFIG, NAMES, VALUES...)` returns
/// (1, TEXT) or (0, WHAT) when a setting or value is one trellis-perl cannot dump the way perl does. The output
/// follows the XS Dumper of Data::Dumper 2.18x in perl 5.36 (documented behaviour in Data::Dumper's POD, the
/// byte details checked against Debian's perl): `$VAR1 = ...;` per value, Indent 0/1/2 (2 aligns children under
/// the opening bracket), Terse, Pad, Varname, Pair, Trailingcomma, Useqq, Sortkeys (true: string order),
/// Deepcopy; integers up to 10 characters bare, other scalars quoted; blessed referents as `bless( ..., 'P' )`;
/// a referent met again printed as the path it was first dumped at (`$VAR1->{'a'}[0]`).
/// The dump only reads heap objects (no allocation until the result strings), so addresses are stable while
/// it runs and identify referents.
#include <algorithm>
#include <unordered_map>

#include "runtime/builtins_call.hpp"
#include "utf8.hpp"

namespace trellis::perl::builtins {

namespace {

struct DumpStyle {
    int64_t indent = 2;
    bool terse = false, useqq = false, sortkeys = false, deepcopy = false, trailingcomma = false;
    std::string pad, varname = "VAR", pair = " => ";
};

bool safe_decimal(std::string_view s) {  // /^(?:0|-?[1-9]\d{0,8})$/
    if (s == "0") return true;
    size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    if (i >= s.size() || s[i] < '1' || s[i] > '9') return false;
    size_t digits = s.size() - i;
    if (digits > 9) return false;
    for (; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

void quote_single(std::string& out, std::string_view s) {
    out += '\'';
    for (char ch : s) {
        if (ch == '\'' || ch == '\\') out += '\\';
        out += ch;
    }
    out += '\'';
}

/// Quotes `s` as the XS Dumper's esc_q_utf8 does: double quotes with `"` `\\` `$` `@` escaped; with `useqq`, control
/// characters and bytes above 0x7E as \n-style or octal escapes (three digits before a digit); in a character
/// string (`chars`: `s` is UTF-8) every character above 0x7F as `\x{...}` and, without `useqq`, controls raw.
void quote_double(std::string& out, std::string_view s, bool chars = false, bool useqq = true) {
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(s[i]);
        if (chars && ch >= 0x80) {
            char hex[16];
            std::snprintf(hex, sizeof hex, "\\x{%x}", static_cast<unsigned>(utf8_next(s, i)));
            out += hex;
            --i;
            continue;
        }
        switch (ch) {
            case '"': case '\\': case '$': case '@':
                out += '\\';
                out += static_cast<char>(ch);
                continue;
            default: break;
        }
        if (!useqq || (ch >= 0x20 && ch < 0x7f)) {
            out += static_cast<char>(ch);
            continue;
        }
        switch (ch) {
            case '\n': out += "\\n"; continue;
            case '\r': out += "\\r"; continue;
            case '\t': out += "\\t"; continue;
            case '\f': out += "\\f"; continue;
            case '\b': out += "\\b"; continue;
            case '\a': out += "\\a"; continue;
            case 27: out += "\\e"; continue;
            default: break;
        }
        bool digit_next = i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9';
        char buf[8];
        std::snprintf(buf, sizeof buf, digit_next ? "\\%03o" : "\\%o", ch);
        out += buf;
    }
    out += '"';
}

/// Quotes string `s` (UTF-8 when `chars`) as the XS Dumper does: single quotes unless `useqq` or a character
/// above 0x7F of a character string needs `\x{...}`.
void quote_str(std::string& out, std::string_view s, bool chars, bool useqq) {
    if (useqq || (chars && !is_ascii(s))) quote_double(out, s, chars, useqq);
    else quote_single(out, s);
}

class Dumper {
public:
    Dumper(Vm& vm, const DumpStyle& st) : m_vm(vm), m_st(st) {}
    std::string error;

    /// Dumps one top-level value named `name` ("$VAR1"); false with `error` set when it cannot.
    bool top(std::string& out, Value v, const std::string& name) {
        std::string apad = m_st.indent >= 2 && !m_st.terse ? std::string(name.size() + 3, ' ') : "";
        std::string val;
        if (!dump(val, v, name, 0, apad)) return false;
        out += m_st.pad;
        if (!m_st.terse) out += name + " = ";
        out += val;
        if (!m_st.terse) out += ';';
        out += m_st.indent > 0 ? "\n" : "";
        return true;
    }

private:
    Vm& m_vm;
    const DumpStyle& m_st;
    std::unordered_map<const void*, std::string> m_seen;

    std::string totpad(const std::string& apad) const {
        return m_st.indent > 0 ? "\n" + m_st.pad + apad : "";
    }
    std::string xpad(int64_t level) const { return m_st.indent > 0 ? std::string(2 * level, ' ') : ""; }

    static std::string child_base(const std::string& name) {
        bool subscript_end = !name.empty() && (name.back() == ']' || name.back() == '}');
        bool deref_form = name.size() > 1 && name[1] == '{';
        return subscript_end && !deref_form ? name : name + "->";
    }

    bool scalar(std::string& out, Value v) {
        if (v.is_nil() || v.is_undefined()) {
            out += "undef";
            return true;
        }
        if (is_int_value(v)) {
            std::string digits = std::to_string(int_of(v));
            if (digits.size() > 10) quote_single(out, digits);
            else out += digits;
            return true;
        }
        if (v.is_object() && v.as_object()->class_id && !is_utf8(v)) {
            error = "dumping a qr// object";
            return false;
        }
        std::string text;
        append_str(text, v);
        if (m_st.useqq && safe_decimal(text)) out += text;
        else quote_str(out, text, is_utf8(v), m_st.useqq);
        return true;
    }

    bool dump(std::string& out, Value v, const std::string& name, int64_t level, const std::string& apad) {
        if (!is_ref(v)) return scalar(out, v);
        core::Object* o = v.as_object();
        if (o->kind == core::Kind::instance) {
            error = "dumping a filehandle (GLOB)";
            return false;
        }
        auto it = m_seen.find(o);
        if (it != m_seen.end()) {
            out += it->second;
            return true;
        }
        m_seen.emplace(o, name);
        std::string pack = o->class_id ? m_vm.package_name(o->class_id) : "";
        std::string inner_apad = apad;
        if (!pack.empty()) {
            out += "bless( ";
            if (m_st.indent >= 2) inner_apad += std::string(7, ' ');
        }
        bool ok = true;
        switch (o->kind) {
            case core::Kind::cell: {
                Value inner = sv_value(static_cast<core::Cell*>(o));
                if (!pack.empty()) out += "do{\\(my $o = ";
                else out += '\\';
                ok = dump(out, inner, "${" + name + "}", level + 1, inner_apad);
                if (!pack.empty()) out += ")}";
                break;
            }
            case core::Kind::list: {
                out += '[';
                uint64_t n = av::len(v);
                std::string base = child_base(name);
                for (uint64_t i = 0; i < n && ok; ++i) {
                    out += totpad(inner_apad) + xpad(level + 1);
                    ok = dump(out, av::fetch(v, static_cast<int64_t>(i)), base + "[" + std::to_string(i) + "]",
                              level + 1, inner_apad);
                    if (i + 1 < n || (m_st.trailingcomma && m_st.indent >= 1)) out += ',';
                }
                if (n > 0) out += totpad(inner_apad) + xpad(level);
                out += ']';
                break;
            }
            case core::Kind::map: {
                out += '{';
                struct Pair {
                    std::string first;  ///< the key: UTF-8 when `utf8`
                    Value second;
                    bool utf8;  ///< a character-string key (one stored downgraded is upgraded back)
                };
                std::vector<Pair> pairs;
                gc::map_for_each(hv::map(v), [&](Value k, Value c) {
                    std::string_view key;
                    str_view(k, key);
                    Pair p{std::string(), av::cell_value(c), is_utf8(k)};
                    if (k.as_object()->class_id == str_key_was_utf8) p.utf8 = true, append_latin1_as_utf8(p.first, key);
                    else p.first = key;
                    pairs.push_back(std::move(p));
                });
                if (m_st.sortkeys)  // perl's sv_cmp: by characters, a byte-string key upgraded
                    std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
                        if (a.utf8 == b.utf8) return a.first < b.first;
                        return (a.utf8 ? -cmp_latin1_utf8(b.first, a.first) : cmp_latin1_utf8(a.first, b.first)) < 0;
                    });
                std::string base = child_base(name);
                for (size_t i = 0; i < pairs.size() && ok; ++i) {
                    if (i) out += ',';
                    out += totpad(inner_apad) + xpad(level + 1);
                    std::string key;
                    quote_str(key, pairs[i].first, pairs[i].utf8, m_st.useqq);
                    out += key + m_st.pair;
                    std::string child_apad = inner_apad;
                    if (m_st.indent >= 2) child_apad += std::string(key.size() + 4, ' ');
                    ok = dump(out, pairs[i].second, base + "{" + key + "}", level + 1, child_apad);
                }
                if (!pairs.empty()) {
                    if (m_st.trailingcomma && m_st.indent >= 1) out += ',';
                    out += totpad(inner_apad) + xpad(level);
                }
                out += '}';
                break;
            }
            case core::Kind::closure: out += "sub { \"DUMMY\" }"; break;
            default: error = "dumping this kind of reference"; ok = false;
        }
        if (!ok) return false;
        if (!pack.empty()) {
            out += ", ";
            quote_single(out, pack);
            out += " )";
        }
        if (m_st.deepcopy) m_seen.erase(o);
        return true;
    }
};

}  // namespace

bool b_dd_dump(Call& c) {
    // argument 0: the settings hash; 1: the names array (may be empty); 2...: the values
    DumpStyle st;
    std::string problem;
    Value cfg = c.arg(0);
    if (!core::is_kind(cfg, core::Kind::map)) return c.die("__dd_dump: settings hash expected");
    gc::map_for_each(hv::map(cfg), [&](Value k, Value cell) {
        std::string_view key;
        str_view(k, key);
        Value v = av::cell_value(cell);
        bool on = truthy(v);
        if (key == "Indent") st.indent = to_iv(v);
        else if (key == "Terse") st.terse = on;
        else if (key == "Useqq") st.useqq = on;
        else if (key == "Deepcopy") st.deepcopy = on;
        else if (key == "Trailingcomma") st.trailingcomma = on;
        else if (key == "Pad") st.pad = to_str(v);
        else if (key == "Varname") st.varname = to_str(v);
        else if (key == "Pair") st.pair = to_str(v);
        else if (key == "Sortkeys") {
            if (is_ref(v)) problem = "Data::Dumper's Sortkeys as a code reference";
            st.sortkeys = on;
        } else if ((key == "Purity" || key == "Maxdepth" || key == "Deparse") && on) {
            problem = "Data::Dumper's " + std::string(key) + " setting";
        } else if (key == "Quotekeys" && !on) {
            problem = "Data::Dumper's Quotekeys = 0";
        } else if ((key == "Freezer" || key == "Toaster") && !to_str(v).empty()) {
            problem = "Data::Dumper's " + std::string(key) + " setting";
        }
    });
    if (st.indent < 0 || st.indent > 2) problem = "Data::Dumper's Indent = " + std::to_string(st.indent);
    std::string out;
    if (problem.empty()) {
        Dumper d(c.vm(), st);
        Value names = c.arg(1);
        for (size_t i = 2; i < c.n(); ++i) {
            std::string name = "$" + st.varname + std::to_string(i - 1);
            if (core::is_kind(names, core::Kind::list) && static_cast<int64_t>(i - 2) < static_cast<int64_t>(av::len(names))) {
                Value nv = av::fetch(names, static_cast<int64_t>(i - 2));
                if (!nv.is_nil()) {
                    std::string given = to_str(nv);
                    if (!given.empty() && given[0] == '$') given = given.substr(1);
                    if (given.empty() || given[0] == '*' || given[0] == '@' || given[0] == '%') {
                        problem = "Data::Dumper names starting with * @ %";
                        break;
                    }
                    name = "$" + given;
                }
            }
            if (!d.top(out, c.arg(i), name)) {
                problem = d.error;
                break;
            }
        }
    }
    size_t res = c.begin_list();
    c.push(res, problem.empty() ? c.vm().v_one : c.vm().v_empty);
    c.push(res, make_str(c.heap(), problem.empty() ? std::string_view(out) : std::string_view(problem)));
    return c.end_list(res);
}

}  // namespace trellis::perl::builtins
