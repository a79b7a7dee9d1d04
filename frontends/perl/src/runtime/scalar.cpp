/// @file scalar.cpp
/// Perl scalar conversions (perldata, perlnumber, perlop "Auto-increment"): truth, string <-> number, number
/// formatting with "%.15g" and perl's Inf/NaN spellings.
#include "runtime/scalar.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "runtime/fast_alloc.hpp"
#include "trellis/gc/objects.hpp"

namespace trellis::perl {

int64_t int_of(Value v) {
    if (v.is_small_int()) return v.as_small_int();
    auto* b = static_cast<core::BigInt*>(v.as_object());
    if (b->signed_size == 0) return 0;
    uint64_t mag = b->limbs[0];
    return b->signed_size < 0 ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
}

Value make_iv(gc::Heap& heap, int64_t i) {
    if (Value::fits_small_int(i)) return Value::small_int(i);
    return gc::make_integer(heap, i);
}

Value make_uv(gc::Heap& heap, uint64_t u) {
    if (u <= static_cast<uint64_t>(INT64_MAX)) return make_iv(heap, static_cast<int64_t>(u));
    mpz_t z;
    mpz_init_set_ui(z, 0);
    mpz_import(z, 1, -1, sizeof u, 0, 0, &u);
    Value v = gc::make_integer(heap, z);
    mpz_clear(z);
    return v;
}

Value make_num(gc::Heap& heap, Num n) { return n.is_int ? make_iv(heap, n.i) : Value::from_double(n.d); }

Value make_str(gc::Heap& heap, std::string_view s) {
    core::String* str = fast::alloc_string(heap, s.size());  // `s` is never in the heap (make_str's contract)
    fast::fill_string(str, s);
    return Value::object(str);
}

bool truthy(Value v) {
    if (v.is_small_int()) return v.as_small_int() != 0;
    if (v.is_nil()) return false;
    if (v.is_double()) return v.as_double() != 0.0;
    if (v.is_object()) {
        core::Object* o = v.as_object();
        if (o->kind == core::Kind::string || o->kind == core::Kind::symbol) {
            auto* s = static_cast<core::String*>(o);
            return !(s->length == 0 || (s->length == 1 && s->data[0] == '0'));
        }
        if (o->kind == core::Kind::big_int) return true;
        return true;
    }
    if (v.is_bool()) return v.is_true();
    return false;
}

Num parse_number(std::string_view s, bool* complete) {
    size_t i = 0, n = s.size();
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) ++i;
    size_t start = i;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i] == '-', ++i;
    // Inf / NaN (case-insensitive, "Infinity" too)
    auto ieq = [&](size_t at, const char* w) {
        size_t l = std::strlen(w);
        if (at + l > n) return false;
        for (size_t k = 0; k < l; ++k)
            if (std::tolower(static_cast<unsigned char>(s[at + k])) != w[k]) return false;
        return true;
    };
    if (ieq(i, "inf")) {
        size_t e = i + 3;
        if (ieq(i, "infinity")) e = i + 8;
        if (complete) {
            size_t k = e;
            while (k < n && std::isspace(static_cast<unsigned char>(s[k]))) ++k;
            *complete = k == n;
        }
        return {false, 0, neg ? -INFINITY : INFINITY};
    }
    if (ieq(i, "nan")) {
        if (complete) *complete = i + 3 == n;
        return {false, 0, NAN};
    }
    size_t digits_start = i;
    uint64_t iv = 0;
    bool overflow = false;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        uint64_t d = static_cast<uint64_t>(s[i] - '0');
        if (iv > (UINT64_MAX - d) / 10) overflow = true;
        else iv = iv * 10 + d;
        ++i;
    }
    bool had_int_digits = i > digits_start;
    bool is_float = false;
    if (i < n && s[i] == '.') {
        size_t k = i + 1;
        while (k < n && s[k] >= '0' && s[k] <= '9') ++k;
        if (had_int_digits || k > i + 1) {
            is_float = k > i + 1 || true;
            i = k;
        }
    }
    if (!had_int_digits && !is_float) {
        if (complete) *complete = false;
        return {true, 0, 0};
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t k = i + 1;
        if (k < n && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < n && s[k] >= '0' && s[k] <= '9') {
            while (k < n && s[k] >= '0' && s[k] <= '9') ++k;
            is_float = true;
            i = k;
        }
    }
    if (complete) {
        size_t k = i;
        while (k < n && std::isspace(static_cast<unsigned char>(s[k]))) ++k;
        *complete = k == n;
    }
    if (!is_float && !overflow) {
        if (!neg && iv <= static_cast<uint64_t>(INT64_MAX)) return {true, static_cast<int64_t>(iv), 0};
        if (neg && iv <= static_cast<uint64_t>(INT64_MAX) + 1) return {true, static_cast<int64_t>(0 - iv), 0};
    }
    std::string tmp(s.substr(start, i - start));
    return {false, 0, std::strtod(tmp.c_str(), nullptr)};
}

Num to_num(Value v) {
    if (v.is_small_int()) return {true, v.as_small_int(), 0};
    if (v.is_double()) return {false, 0, v.as_double()};
    if (v.is_nil()) return {true, 0, 0};
    if (v.is_object()) {
        core::Object* o = v.as_object();
        switch (o->kind) {
            case core::Kind::string:
            case core::Kind::symbol: return parse_number(static_cast<core::String*>(o)->view());
            case core::Kind::big_int:
                if (is_uv(v)) return {false, 0, static_cast<double>(uv_of(v))};  // a UV: compared as an NV
                return {true, int_of(v), 0};
            default: return {true, static_cast<int64_t>(reinterpret_cast<uintptr_t>(o)), 0};
        }
    }
    if (v.is_bool()) return {true, v.is_true() ? 1 : 0, 0};
    return {true, 0, 0};
}

double to_nv(Value v) {
    if (v.is_double()) return v.as_double();
    return to_num(v).as_double();
}

int64_t to_iv(Value v) {
    if (v.is_small_int()) return v.as_small_int();
    Num n = to_num(v);
    if (n.is_int) return n.i;
    if (std::isnan(n.d)) return 0;
    if (n.d >= 9.2233720368547758e18) return INT64_MAX;
    if (n.d <= -9.2233720368547758e18) return INT64_MIN;
    return static_cast<int64_t>(n.d);
}

void format_nv(std::string& out, double d) {
    if (std::isnan(d)) {
        out += "NaN";
        return;
    }
    if (std::isinf(d)) {
        out += d < 0 ? "-Inf" : "Inf";
        return;
    }
    if (d == 0) {
        out += '0';  // perl prints a negative zero NV as 0 (sv_2pv special-cases zero)
        return;
    }
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%.15g", d);
    out.append(buf, static_cast<size_t>(n));
}

const char* reftype_name(Value v) {
    switch (v.as_object()->kind) {
        case core::Kind::cell: {
            Value inner = static_cast<core::Cell*>(v.as_object())->value;
            // a qr// object is a String with a class id (Regexp's; strbuf_owned marks no qr) and is a reference too
            bool qr = is_str(inner) && inner.as_object()->class_id != 0 && inner.as_object()->class_id < str_utf8;
            return is_ref(inner) || qr ? "REF" : "SCALAR";
        }
        case core::Kind::list: return "ARRAY";
        case core::Kind::map: return "HASH";
        case core::Kind::closure: return "CODE";
        case core::Kind::instance: return "GLOB";
        default: return "SCALAR";
    }
}

void append_str(std::string& out, Value v, const std::string* blessed_name) {
    if (v.is_small_int()) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v.as_small_int());
        out.append(buf, static_cast<size_t>(r.ptr - buf));
        return;
    }
    if (v.is_double()) {
        format_nv(out, v.as_double());
        return;
    }
    if (v.is_nil()) return;
    if (v.is_object()) {
        core::Object* o = v.as_object();
        if (o->kind == core::Kind::string || o->kind == core::Kind::symbol) {
            out += static_cast<core::String*>(o)->view();
            return;
        }
        if (o->kind == core::Kind::big_int) {
            char buf[24];
            int n = is_uv(v) ? std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>(uv_of(v)))
                             : std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(int_of(v)));
            out.append(buf, static_cast<size_t>(n));
            return;
        }
        if (blessed_name) {
            out += *blessed_name;
            out += '=';
        }
        out += reftype_name(v);
        char buf[32];
        int n = std::snprintf(buf, sizeof buf, "(0x%llx)", static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(o)));
        out.append(buf, static_cast<size_t>(n));
        return;
    }
    if (v.is_true()) out += '1';
}

std::string to_str(Value v) {
    std::string s;
    append_str(s, v);
    return s;
}

bool looks_like_number(Value v) {
    if (v.is_number() || core::is_kind(v, core::Kind::big_int)) return true;
    std::string_view s;
    if (!str_view(v, s)) return false;
    if (s.empty()) return false;
    bool complete = false;
    size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i == s.size()) return false;
    parse_number(s, &complete);
    // parse_number accepts "" prefix-less input as 0 with complete=false
    return complete;
}

}  // namespace trellis::perl
