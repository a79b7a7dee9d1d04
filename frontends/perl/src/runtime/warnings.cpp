/// @file warnings.cpp
/// The cold half of run-time warnings (warnings.hpp): which operand is undef or not a number, the name perl
/// gives it, the operator's description as perl's op table spells it (opcode.h PL_op_desc: "addition (+)",
/// "concatenation (.) or string", "numeric eq (==)"...), and the message through Vm::warn. Operand order
/// follows perl's pp functions: arithmetic and numeric comparisons look at the right operand first, string
/// operators and the bitwise and/or/xor at the left one.
#include "runtime/warnings.hpp"

#include <string>
#include <vector>

#include "runtime/containers.hpp"

namespace trellis::perl {

int warn_category_bits(std::string_view name) {
    if (name == "all") return w_all;
    if (name == "uninitialized") return w_uninitialized;
    if (name == "numeric") return w_numeric;
    if (name == "misc") return w_misc;
    if (name == "recursion") return w_recursion;
    static const char* const others[] = {
        "closure", "deprecated", "exiting", "glob", "io", "closed", "exec", "layer", "newline", "pipe", "unopened",
        "syscalls", "once", "overflow", "pack", "portable", "redefine", "regexp", "severe", "debugging", "inplace",
        "internal", "malloc", "signal", "substr", "syntax", "ambiguous", "bareword", "digit", "parenthesis",
        "precedence", "printf", "prototype", "qw", "reserved", "semicolon", "illegalproto", "taint", "threads",
        "unpack", "untie", "utf8", "non_unicode", "nonchar", "surrogate", "void", "imprecision", "experimental",
        "shadow", "redundant", "missing", "locale", "scalar"};
    for (const char* o : others)
        if (name == o) return w_other;
    if (name.substr(0, 14) == "experimental::") return w_other;
    return -1;
}

namespace {

const char* op_desc(const Ins* ip) {
    switch (ip->op) {
        case Op::ADD: return "addition (+)";
        case Op::SUB: return "subtraction (-)";
        case Op::MUL: return "multiplication (*)";
        case Op::DIV: return "division (/)";
        case Op::MOD: return "modulus (%)";
        case Op::POW: return "exponentiation (**)";
        case Op::CONCAT:
        case Op::APPEND: return "concatenation (.) or string";
        case Op::REPEAT: return "repeat (x)";
        case Op::BAND: return "bitwise and (&)";
        case Op::BOR: return "bitwise or (|)";
        case Op::BXOR: return "bitwise xor (^)";
        case Op::SHL: return "left bitshift (<<)";
        case Op::SHR: return "right bitshift (>>)";
        case Op::NEQ: return "numeric eq (==)";
        case Op::NNE: return "numeric ne (!=)";
        case Op::NLT: return "numeric lt (<)";
        case Op::NLE: return "numeric le (<=)";
        case Op::NGT: return "numeric gt (>)";
        case Op::NGE: return "numeric ge (>=)";
        case Op::NCMP: return "numeric comparison (<=>)";
        case Op::SEQ: return "string eq";
        case Op::SNE: return "string ne";
        case Op::SLT: return "string lt";
        case Op::SLE: return "string le";
        case Op::SGT: return "string gt";
        case Op::SGE: return "string ge";
        case Op::SCMP: return "string comparison (cmp)";
        case Op::NEG: return "negation (-)";
        case Op::BNOT: return "1's complement (~)";
        case Op::STRINGIFY: return ip->x ? "concatenation (.) or string" : "string";
        case Op::MATCH: return "pattern match (m//)";
        case Op::SUBST: return "substitution (s///)";
        case Op::HGET:
        case Op::HELEM: return "hash element";
        case Op::AGET:
        case Op::AELEM: return "array element";
        default: return "operator";
    }
}

// " NAME" for operand `which` of instruction ip (operand b is 0, c is 1; a builtin's argument i is i), or "".
std::string name_of(const State& s, const Ins* ip, size_t which) {
    if (s.proto->warn_names.empty()) return {};
    auto it = s.proto->warn_names.find(static_cast<uint32_t>(ip - s.proto->code.data()));
    if (it == s.proto->warn_names.end()) return {};
    if (ip->op == Op::BUILTIN && (which >= it->second.size() || it->second[which].kind == WarnName::array)) {
        // an element of a named array argument: the array holding the argument's Cell
        Value cell = av::slot(s.r[ip->b], which);
        for (const WarnName& w : it->second) {
            if (w.kind != WarnName::array) continue;
            Value arr = w.where == 0   ? s.r[w.index]
                        : w.where == 1 ? static_cast<core::Closure*>(s.r[1].as_object())->upvalues[w.index]
                        : w.where == 2 ? s.vm->main_frame[w.index]
                                       : s.vm->globs[static_cast<size_t>(w.index)].av;
            if (!core::is_kind(arr, core::Kind::list)) continue;
            for (uint64_t j = 0; j < av::len(arr); ++j)
                if (av::slot(arr, j) == cell) return " " + w.var + "[" + std::to_string(j) + "]";
        }
        return {};
    }
    if (which >= it->second.size()) return {};
    const WarnName& w = it->second[which];
    switch (w.kind) {
        case WarnName::none:
        case WarnName::array:
        case WarnName::exempt: return {};
        case WarnName::scalar: return " " + w.var;
        case WarnName::within: return " within " + w.var;
        case WarnName::helem: return " " + w.var + "{\"" + to_str(s.r[w.key_reg]) + "\"}";
        case WarnName::aelem: return " " + w.var + "[" + std::to_string(to_iv(s.r[w.key_reg])) + "]";
    }
    return {};
}

// Operand `which` is the left side of `+=` and the like (no warning when undef).
bool is_exempt(const State& s, const Ins* ip, size_t which) {
    auto it = s.proto->warn_names.find(static_cast<uint32_t>(ip - s.proto->code.data()));
    return it != s.proto->warn_names.end() && which < it->second.size() && it->second[which].kind == WarnName::exempt;
}

bool uninit(State& s, const Ins* ip, std::string_view name, std::string_view desc) {
    std::string msg = "Use of uninitialized value";
    msg += name;
    msg += " in ";
    msg += desc;
    return warn_at(s, ip, w_uninitialized, msg);
}

// "Argument "abc" isn't numeric in DESC" when v is a string that is not a whole number.
bool not_numeric(State& s, const Ins* ip, Value v, std::string_view desc) {
    std::string_view text;
    if (!str_view(v, text)) return true;
    bool complete = false;
    parse_number(text, &complete);
    if (complete) return true;
    std::string msg = "Argument \"" + display_string(text) + "\" isn't numeric in ";
    msg += desc;
    return warn_at(s, ip, w_numeric, msg);
}

// One numeric operand (operand `which`: 0 is register b, 1 register c), read from its register now (an
// earlier warning's handler may have moved it).
bool numeric_operand(State& s, const Ins* ip, size_t which) {
    Value v = s.r[which == 0 ? ip->b : ip->c];
    if (v.is_nil()) return is_exempt(s, ip, which) || uninit(s, ip, name_of(s, ip, which), op_desc(ip));
    return not_numeric(s, ip, v, op_desc(ip));
}

}  // namespace

std::string display_string(std::string_view text) {
    std::string out;
    size_t i = 0;
    for (; i < text.size() && out.size() < 56; ++i) {
        unsigned ch = static_cast<unsigned char>(text[i]);
        if (ch >= 0x80 && ch < 0xa0) {  // not printable in perl's C.UTF-8 locale
            out += "M-";
            ch &= 0x7f;
        }
        if (ch == '\n') out += "\\n";
        else if (ch == '\r') out += "\\r";
        else if (ch == '\f') out += "\\f";
        else if (ch == '\\') out += "\\\\";
        else if (ch == 0) out += "\\0";
        else if (ch >= 0x20 && ch != 0x7f) out += static_cast<char>(ch);
        else {
            out += '^';
            out += static_cast<char>(ch ^ 64);
        }
    }
    if (i < text.size()) out += "...";
    return out;
}

bool warn_at(State& s, const Ins* ip, uint8_t bits, std::string_view msg) {
    uint8_t mask = warn_mask(s, ip);
    if (!(mask & bits)) return true;
    if (mask & w_fatal) return s.vm->die(s, ip, std::string(msg));
    return s.vm->warn(s, std::string(msg) + s.vm->where(s, ip));
}

bool warn_numeric_operands(State& s, const Ins* ip) {
    if (!(warn_mask(s, ip) & (w_uninitialized | w_numeric))) return true;
    bool left_first = ip->op == Op::BAND || ip->op == Op::BOR || ip->op == Op::BXOR;
    if (left_first && is_str(s.r[ip->b]) && is_str(s.r[ip->c])) return true;  // a string bitwise operation
    for (size_t k = 0; k < 2; ++k)
        if (!numeric_operand(s, ip, left_first ? k : 1 - k)) return false;
    return true;
}

bool warn_integer_operands(State& s, const Ins* ip, const char* desc, bool left_first, bool unary) {
    if (!(warn_mask(s, ip) & (w_uninitialized | w_numeric))) return true;
    for (size_t k = 0; k < (unary ? 1u : 2u); ++k) {
        size_t which = unary || left_first ? k : 1 - k;
        Value v = s.r[which == 0 ? ip->b : ip->c];
        if (v.is_nil() ? !(is_exempt(s, ip, which) || uninit(s, ip, name_of(s, ip, which), desc))
                       : !not_numeric(s, ip, v, desc))
            return false;
    }
    return true;
}

bool warn_string_operands(State& s, const Ins* ip) {
    if (!(warn_mask(s, ip) & (w_uninitialized | w_numeric))) return true;
    if (ip->op == Op::REPEAT) {  // the count first (a number), then the string, named only when the count was fine
        bool count_undef = s.r[ip->c].is_nil();
        if (!numeric_operand(s, ip, 1)) return false;
        if (!s.r[ip->b].is_nil()) return true;
        return uninit(s, ip, count_undef ? std::string() : name_of(s, ip, 0), op_desc(ip));
    }
    if (ip->op == Op::APPEND) {  // `$x .= undef`: only the right side (an undef $x is not warned about)
        return !s.r[ip->c].is_nil() || uninit(s, ip, name_of(s, ip, 1), op_desc(ip));
    }
    if (s.r[ip->b].is_nil() && !uninit(s, ip, name_of(s, ip, 0), op_desc(ip))) return false;
    if (s.r[ip->c].is_nil() && !uninit(s, ip, name_of(s, ip, 1), op_desc(ip))) return false;
    return true;
}

bool warn_unary_operand(State& s, const Ins* ip, Value v, bool numeric) {
    if (v.is_nil()) return uninit(s, ip, name_of(s, ip, 0), op_desc(ip));
    return !numeric || not_numeric(s, ip, v, op_desc(ip));
}

bool warn_match_target(State& s, const Ins* ip) {
    Value v = s.r[ip->b];
    if (ip->op == Op::SUBST || (ip->d & 64)) v = static_cast<core::Cell*>(v.as_object())->value;
    return !v.is_nil() || uninit(s, ip, name_of(s, ip, 0), op_desc(ip));
}

bool warn_subscript(State& s, const Ins* ip) {
    if (!s.r[ip->c].is_nil()) return true;
    return uninit(s, ip, name_of(s, ip, 1), op_desc(ip));
}

namespace {

// How a builtin's arguments are checked: `desc` as perl's op table names it, the arguments from `first` to
// `last` (inclusive; -1 every one), as strings or numbers.
struct BuiltinWarn {
    const char* desc = nullptr;
    uint8_t first = 0;
    int8_t last = -1;
    bool numeric = false;
};

const BuiltinWarn& builtin_warn(uint32_t id) {
    static const std::vector<BuiltinWarn> table = [] {
        std::vector<BuiltinWarn> t;
        auto set = [&](const char* name, const char* desc, uint8_t first, int8_t last, bool numeric) {
            int id = builtin_id(name);
            if (id < 0) return;
            if (t.size() <= static_cast<size_t>(id)) t.resize(static_cast<size_t>(id) + 1);
            t[static_cast<size_t>(id)] = BuiltinWarn{desc, first, last, numeric};
        };
        set("print", "print", 1, -1, false);
        set("say", "say", 1, -1, false);
        set("printf", "printf", 1, 1, false);  // the format; the arguments are checked as sprintf uses them
        set("sprintf", "sprintf", 0, 0, false);
        set("join", "join or string", 0, -1, false);
        for (const char* n : {"lc", "uc", "lcfirst", "ucfirst", "quotemeta", "ord", "hex", "oct", "fc"})
            set(n, n, 0, 0, false);
        set("substr", "substr", 0, 0, false);
        set("index", "index", 0, 1, false);
        set("rindex", "rindex", 0, 1, false);
        for (const char* n : {"int", "abs", "sqrt", "sin", "cos", "exp", "log", "chr"}) set(n, n, 0, 0, true);
        return t;
    }();
    static const BuiltinWarn none;
    return id < table.size() ? table[id] : none;
}

}  // namespace

bool warn_builtin_args(State& s, const Ins* ip, uint32_t id) {
    const BuiltinWarn& w = builtin_warn(id);
    if (!w.desc || !(warn_mask(s, ip) & (w_uninitialized | w_numeric))) return true;
    uint64_t n = av::len(s.r[ip->b]);
    uint64_t last = w.last < 0 ? n : std::min<uint64_t>(n, static_cast<uint64_t>(w.last) + 1);
    for (uint64_t i = w.first; i < last; ++i) {
        Value v = av::fetch(s.r[ip->b], static_cast<int64_t>(i));
        if (v.is_nil()) {
            if (!uninit(s, ip, name_of(s, ip, i), w.desc)) return false;
        } else if (w.numeric && !not_numeric(s, ip, v, w.desc)) {
            return false;
        }
    }
    return true;
}

bool warn_sprintf(State& s, const Ins* ip, const std::vector<SprintfNote>& notes, const char* desc) {
    for (const SprintfNote& n : notes) {
        bool ok = true;
        std::string in = std::string(" in ") + desc;
        switch (n.kind) {
            case SprintfNote::uninit: ok = uninit(s, ip, name_of(s, ip, n.arg), desc); break;
            case SprintfNote::not_numeric:
                ok = not_numeric(s, ip, av::fetch(s.r[ip->b], static_cast<int64_t>(n.arg)), desc);
                break;
            case SprintfNote::missing: ok = warn_at(s, ip, w_other, "Missing argument" + in); break;
            case SprintfNote::redundant: ok = warn_at(s, ip, w_other, "Redundant argument" + in); break;
            case SprintfNote::invalid:
                ok = warn_at(s, ip, w_other,
                             "Invalid conversion" + in + ": " + (n.text.empty() ? "end of string" : "\"" + n.text + "\""));
                break;
        }
        if (!ok) return false;
    }
    return true;
}

bool warn_odd_hash(State& s, const Ins* ip, bool anonymous) {
    Value list = s.r[ip->b];
    uint64_t first = anonymous ? 0 : static_cast<uint64_t>(ip->d);
    uint64_t n = av::len(list);
    uint64_t count = n > first ? n - first : 0;
    if (count % 2) {
        bool ref = count == 1 && is_ref(av::fetch(list, static_cast<int64_t>(first)));
        const char* msg = ref ? "Reference found where even-sized list expected"
                          : anonymous ? "Odd number of elements in anonymous hash"
                                      : "Odd number of elements in hash assignment";
        if (!warn_at(s, ip, w_misc, msg)) return false;
    }
    for (uint64_t i = first; i < n; i += 2) {
        if (!av::fetch(s.r[ip->b], static_cast<int64_t>(i)).is_nil()) continue;
        if (!uninit(s, ip, "", anonymous ? "anonymous hash ({})" : "list assignment")) return false;
    }
    return true;
}

}  // namespace trellis::perl
