// Values, handles and error kinds of the embedding API (trellis/embed.hpp): construction, checked access,
// readable forms and equality.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "trellis/embed.hpp"

namespace trellis::embed {

const char* type_name(Type type) noexcept {
    static const char* const names[] = {"nil",    "boolean", "integer", "big_integer", "real",
                                        "string", "list",    "map",     "host_object", "handle"};
    const auto i = static_cast<size_t>(type);
    return i < std::size(names) ? names[i] : "unknown";
}

const char* kind_name(ErrorKind kind) noexcept {
    static const char* const names[] = {"syntax",     "runtime",     "revert",     "host", "step_limit",
                                        "heap_limit", "stack_limit", "out_of_gas", "usage"};
    const auto i = static_cast<size_t>(kind);
    return i < std::size(names) ? names[i] : "unknown";
}

Handle::Handle(std::weak_ptr<HandleTable> table, uint64_t owner, uint32_t slot, std::string type_name)
    : m_ref(std::make_shared<Ref>()) {
    // Filled in place: a temporary Ref would release the slot when destroyed.
    m_ref->table = std::move(table);
    m_ref->owner = owner;
    m_ref->slot = slot;
    m_ref->type_name = std::move(type_name);
}

Handle::Ref::~Ref() {
    if (auto t = table.lock()) t->release(slot);
}

const std::string& Handle::type_name() const noexcept {
    static const std::string empty;
    return m_ref ? m_ref->type_name : empty;
}

Value Value::big(std::string_view text) {
    size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    if (i == text.size()) throw std::invalid_argument("big integer: no digits in '" + std::string(text) + "'");
    for (size_t j = i; j < text.size(); ++j)
        if (text[j] < '0' || text[j] > '9')
            throw std::invalid_argument("big integer: not a decimal digit in '" + std::string(text) + "'");
    while (i + 1 < text.size() && text[i] == '0') ++i;  // normalize leading zeros
    std::string digits(text.substr(i));
    if (digits == "0") negative = false;
    // Fits int64_t? Compare against the limits' digit strings.
    const std::string limit = negative ? "9223372036854775808" : "9223372036854775807";
    if (digits.size() < limit.size() || (digits.size() == limit.size() && digits <= limit)) {
        uint64_t magnitude = 0;
        for (char c : digits) magnitude = magnitude * 10 + static_cast<uint64_t>(c - '0');
        return integer(negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude));
    }
    return Value(Storage(BigInteger{(negative ? "-" : "") + digits}));
}

template <typename T>
const T& Value::get_as(Type t) const {
    if (type() != t)
        throw std::invalid_argument(std::string("value is ") + embed::type_name(type()) + ", not " + embed::type_name(t));
    return std::get<T>(m_v);
}

bool Value::as_bool() const { return get_as<bool>(Type::boolean); }
int64_t Value::as_int() const { return get_as<int64_t>(Type::integer); }
std::string Value::integer_text() const {
    if (type() == Type::big_integer) return std::get<BigInteger>(m_v).decimal;
    return std::to_string(as_int());
}
const std::string& Value::big_decimal() const { return get_as<BigInteger>(Type::big_integer).decimal; }
double Value::as_double() const {
    if (type() == Type::integer) return static_cast<double>(std::get<int64_t>(m_v));
    return get_as<double>(Type::real);
}
const std::string& Value::as_string() const { return get_as<std::string>(Type::string); }
const Value::List& Value::as_list() const { return get_as<List>(Type::list); }
Value::List& Value::as_list() { return const_cast<List&>(std::as_const(*this).as_list()); }
const Value::Map& Value::as_map() const { return get_as<Map>(Type::map); }
Value::Map& Value::as_map() { return const_cast<Map&>(std::as_const(*this).as_map()); }
const std::shared_ptr<HostObject>& Value::host_object() const {
    return get_as<std::shared_ptr<HostObject>>(Type::host_object);
}
void* Value::host_pointer() const { return host_object()->pointer; }
const Handle& Value::as_handle() const { return get_as<Handle>(Type::handle); }

Value Value::get(const Value& key) const {
    for (const auto& [k, v] : as_map())
        if (k == key) return v;
    return {};
}

namespace {
void append_quoted(std::string& out, const std::string& s) {
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}
}  // namespace

std::string Value::repr() const {
    std::string out;
    switch (type()) {
        case Type::nil: return "nil";
        case Type::boolean: return as_bool() ? "true" : "false";
        case Type::integer:
        case Type::big_integer: return integer_text();
        case Type::real: {
            // The shortest text that reads back as the same double (2.5, 0.1, 28.27431).
            const double d = std::get<double>(m_v);
            char buf[32];
            for (int precision = 1; precision <= 17; ++precision) {
                std::snprintf(buf, sizeof buf, "%.*g", precision, d);
                if (std::strtod(buf, nullptr) == d) break;
            }
            std::string text = buf;
            if (text.find_first_of(".eEn") == std::string::npos) text += ".0";  // 3.0 stays visibly a real
            return text;
        }
        case Type::string: append_quoted(out, as_string()); return out;
        case Type::list: {
            out = "[";
            for (const Value& v : as_list()) out += (out.size() > 1 ? ", " : "") + v.repr();
            return out + "]";
        }
        case Type::map: {
            out = "{";
            for (const auto& [k, v] : as_map()) out += (out.size() > 1 ? ", " : "") + k.repr() + ": " + v.repr();
            return out + "}";
        }
        case Type::host_object: {
            char buf[40];
            std::snprintf(buf, sizeof buf, "<host %p>", host_pointer());
            return buf;
        }
        case Type::handle: return "<handle " + as_handle().type_name() + ">";
    }
    return "?";
}

bool Value::operator==(const Value& o) const {
    if (type() != o.type()) return false;
    if (type() == Type::host_object) return host_object() == o.host_object();
    return m_v == o.m_v;
}

}  // namespace trellis::embed
