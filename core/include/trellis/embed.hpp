/// @file embed.hpp
/// The C++ embedding API of Trellis: one interface for every language (EVM, Zexus, and the frontends that join
/// later), the way Lua's lapi.c and Wren's wren.h give a host one interface to their VM. A host creates isolated
/// instances by language name, evaluates source text or runs files, calls functions by name, registers host
/// functions, and exchanges values that are *copied* across the boundary (nil, booleans, integers of any size,
/// doubles, strings, lists, maps) or *referenced* through handles (language objects such as functions and
/// records, rooted in the instance's GC until the last copy of the handle is gone) and host objects (an opaque
/// pointer with a finalizer that the script can hold and pass back).
///
/// Errors come back as values (Result holding an Error: kind, the language's message, a stack trace as text);
/// no script error ever escapes as an exception, and the instance stays usable after one. Limits (steps, heap,
/// stack depth, EVM gas) are set per instance; exhausting one is an Error of its own kind.
///
/// Threads: instances share nothing mutable. Each instance must be used by one thread at a time (any thread);
/// N instances run on N threads concurrently without locks. Values holding handles or host objects belong to
/// their instance's thread while they live.
///
/// The C API (trellis.h) wraps this header one to one. docs/embedding.md walks through examples/ with it.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace trellis::embed {

/// The type of a Value.
enum class Type : uint8_t {
    nil,          ///< no value (Zexus null, EVM empty output)
    boolean,      ///< true / false
    integer,      ///< a signed 64-bit integer
    big_integer,  ///< an integer outside int64_t, as decimal text ("-" optional, no leading zeros)
    real,         ///< an IEEE 754 double
    string,       ///< bytes (UTF-8 text for the dynamic languages; raw bytes for EVM output)
    list,         ///< an ordered sequence of Values (Zexus List, Perl array, Smalltalk Array)
    map,          ///< insertion-ordered key/value pairs (Zexus Map, Perl hash, Smalltalk Dictionary)
    host_object,  ///< an opaque host pointer with a finalizer, passed through scripts unchanged
    handle,       ///< a reference to an object living inside one instance (a function, a record, ...)
};

/// Lower-case name of a type ("nil", "boolean", "integer", "big_integer", "real", "string", "list", "map",
/// "host_object", "handle").
const char* type_name(Type type) noexcept;

/// A host object: `pointer` is the host's, `finalizer` (may be null) runs once when the last reference to the
/// object is gone, both from host Values and from every instance that held it (after the instance's GC found it
/// dead, or when the instance is destroyed).
struct HostObject {
    void* pointer = nullptr;
    void (*finalizer)(void* pointer) = nullptr;
    HostObject(void* p, void (*f)(void*)) noexcept : pointer(p), finalizer(f) {}
    HostObject(const HostObject&) = delete;
    HostObject& operator=(const HostObject&) = delete;
    ~HostObject() {
        if (finalizer) finalizer(pointer);
    }
};

/// What an instance implements to keep handle slots: release() un-roots one slot (called when the last copy of a
/// Handle is destroyed, on the thread that destroys it, which must be the instance's).
class HandleTable {
public:
    virtual ~HandleTable() = default;
    /// Un-roots `slot`; the object may then be collected.
    virtual void release(uint32_t slot) noexcept = 0;
};

/// A reference to a value inside one instance, rooted while any copy exists. Copying shares the root. A handle
/// that outlives its instance refers to nothing: passing it back is an Error (usage), destroying it is safe.
class Handle {
public:
    Handle() = default;
    /// Made by instances: slot `slot` of `table`; `owner` identifies the instance (Instance::id()).
    Handle(std::weak_ptr<HandleTable> table, uint64_t owner, uint32_t slot, std::string type_name);
    /// The instance that made it (Instance::id()), 0 for an empty handle.
    uint64_t owner() const noexcept { return m_ref ? m_ref->owner : 0; }
    /// The slot in the owner's handle table.
    uint32_t slot() const noexcept { return m_ref ? m_ref->slot : 0; }
    /// The language's name of the object's type ("action", "Point", "record"...), for messages.
    const std::string& type_name() const noexcept;
    bool operator==(const Handle& o) const noexcept { return m_ref == o.m_ref; }

private:
    struct Ref {
        std::weak_ptr<HandleTable> table;
        uint64_t owner = 0;
        uint32_t slot = 0;
        std::string type_name;
        ~Ref();
    };
    std::shared_ptr<Ref> m_ref;
};

/// A big integer carried as normalized decimal text.
struct BigInteger {
    std::string decimal;
    bool operator==(const BigInteger&) const = default;
};

/// A value crossing the boundary. Data values (nil ... map) are copies owned by whoever holds the Value; host
/// objects and handles are shared references. Accessors of the wrong type throw std::invalid_argument (a host
/// programming error, never a script error).
class Value {
public:
    using List = std::vector<Value>;
    using Map = std::vector<std::pair<Value, Value>>;

    Value() = default;  ///< nil
    static Value nil() { return {}; }
    static Value boolean(bool b) { return Value(Storage(b)); }
    static Value integer(int64_t i) { return Value(Storage(i)); }
    /// Any integer as decimal text ("-"? digits); values that fit int64_t become Type::integer. Throws
    /// std::invalid_argument on malformed text.
    static Value big(std::string_view decimal);
    static Value real(double d) { return Value(Storage(d)); }
    static Value string(std::string s) { return Value(Storage(std::move(s))); }
    static Value list(List items = {}) { return Value(Storage(std::move(items))); }
    static Value map(Map entries = {}) { return Value(Storage(std::move(entries))); }
    /// A host object owning `pointer`; `finalizer` (may be null) runs when the last reference is gone.
    static Value host(void* pointer, void (*finalizer)(void*) = nullptr) {
        return Value(Storage(std::make_shared<HostObject>(pointer, finalizer)));
    }
    static Value host(std::shared_ptr<HostObject> object) { return Value(Storage(std::move(object))); }
    static Value handle(Handle h) { return Value(Storage(std::move(h))); }

    Type type() const noexcept { return static_cast<Type>(m_v.index()); }
    bool is_nil() const noexcept { return type() == Type::nil; }

    bool as_bool() const;
    int64_t as_int() const;
    /// Decimal text of an integer or big integer.
    std::string integer_text() const;
    /// The decimal text of a big_integer (a reference into the value).
    const std::string& big_decimal() const;
    /// A real, or an integer converted to double.
    double as_double() const;
    const std::string& as_string() const;
    const List& as_list() const;
    List& as_list();
    const Map& as_map() const;
    Map& as_map();
    /// The value under `key` in a map (nil when absent).
    Value get(const Value& key) const;
    void* host_pointer() const;
    const std::shared_ptr<HostObject>& host_object() const;
    const Handle& as_handle() const;

    /// A readable form for messages and examples: 1, 2.5, "text", [1, 2], {"a": 1}, <host 0x...>, <handle action>.
    std::string repr() const;
    /// Structural equality (host objects and handles by identity).
    bool operator==(const Value& o) const;

private:
    using Storage = std::variant<std::monostate, bool, int64_t, BigInteger, double, std::string, List, Map,
                                 std::shared_ptr<HostObject>, Handle>;
    explicit Value(Storage s) : m_v(std::move(s)) {}
    template <typename T>
    const T& get_as(Type t) const;
    Storage m_v;
};

/// What went wrong. The order is part of the C API (trellis_error_kind).
enum class ErrorKind : uint8_t {
    syntax,       ///< the source did not parse/assemble
    runtime,      ///< the language raised an error (Zexus error, EVM exceptional halt)
    revert,       ///< EVM REVERT: the message holds the revert data's hex, Result still carries it
    host,         ///< a host function reported an error (the script could catch it; it did not)
    step_limit,   ///< the step budget ran out and the interrupt callback did not extend it
    heap_limit,   ///< the heap limit was reached
    stack_limit,  ///< the call-depth limit was reached
    out_of_gas,   ///< EVM gas ran out
    usage,        ///< the host misused the API (unknown language or function, bad argument type, ...)
};

/// Lower-case name ("syntax", "runtime", "revert", "host", "step_limit", "heap_limit", "stack_limit",
/// "out_of_gas", "usage").
const char* kind_name(ErrorKind kind) noexcept;

/// An error as a value.
struct Error {
    ErrorKind kind = ErrorKind::runtime;
    std::string message;  ///< the language's own message ("Division by zero", "Maximum recursion depth exceeded")
    std::string trace;    ///< stack trace as text, innermost first, one "  at FILE:LINE:COLUMN" line per frame
};

/// The outcome of every operation: a Value, or an Error.
class Result {
public:
    Result() = default;  ///< ok, nil
    Result(Value v) : m_value(std::move(v)) {}  // NOLINT: implicit from a value
    static Result failure(ErrorKind kind, std::string message, std::string trace = {}) {
        Result r;
        r.m_error = std::make_shared<Error>(Error{kind, std::move(message), std::move(trace)});
        return r;
    }
    bool ok() const noexcept { return !m_error; }
    explicit operator bool() const noexcept { return ok(); }
    /// The value (nil after an error; for an EVM revert, the revert data as a string).
    const Value& value() const noexcept { return m_value; }
    Value& value() noexcept { return m_value; }
    /// The error; only when !ok().
    const Error& error() const noexcept { return *m_error; }
    /// Sets the value carried with an error (EVM revert data).
    Result& with_value(Value v) {
        m_value = std::move(v);
        return *this;
    }

private:
    Value m_value;
    std::shared_ptr<Error> m_error;
};

class Instance;

/// The interrupt callback: called when the step budget is used up, with the steps run so far in this call.
/// Returns how many more steps to allow; 0 stops the run with ErrorKind::step_limit.
using Interrupt = std::function<uint64_t(Instance& instance, uint64_t steps_used)>;

/// Per-instance limits. 0 means "the language's default" (documented per language in docs/embedding.md).
struct Limits {
    /// Step budget per top-level call (eval, run_file, call): what a step is depends on the language (Zexus:
    /// a loop iteration or a function call; EVM: a unit of gas, every instruction costing at least one).
    uint64_t steps = 0;
    /// Asked when the budget is exhausted (may be empty: the run stops).
    Interrupt interrupt;
    /// Heap limit in bytes (Zexus: old + large-object space of the instance's gc::Heap).
    size_t heap_bytes = 0;
    /// Maximum call depth (Zexus: nested calls, default 10000; EVM: fixed at 1024 by the protocol).
    uint32_t stack_depth = 0;
    /// EVM only: gas given to each top-level message (default 30,000,000).
    int64_t gas = 0;
};

/// Where a script's output goes (print); `is_error` for error reports. Default: stdout / stderr.
using OutputFn = std::function<void(std::string_view text, bool is_error)>;

/// How to create an instance.
struct Config {
    Limits limits;
    OutputFn output;
};

/// A host function: receives the arguments as copies (or handles), returns a Value or an Error (which becomes
/// the language's own error at the call site: Zexus code can catch it).
using HostFunction = std::function<Result(Instance& instance, std::span<const Value> args)>;

/// One VM instance of one language. Every method returns a Result and never throws for script errors.
class Instance {
public:
    /// Creates an instance of `language` ("evm", "zexus", ... see languages()). Returns nullptr and sets `*error`
    /// (kind usage) for an unknown language or limits the language cannot honour.
    static std::unique_ptr<Instance> create(std::string_view language, Config config = {}, Error* error = nullptr);
    /// The names of the languages built into this library, sorted.
    static std::vector<std::string> languages();

    virtual ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    /// The language name ("zexus", "evm").
    virtual std::string_view language() const noexcept = 0;
    /// A process-unique id (never reused), used to match handles to their instance.
    uint64_t id() const noexcept { return m_id; }
    /// The limits this instance was created with.
    const Limits& limits() const noexcept { return m_config.limits; }

    /// Evaluates `source` (display name `name` in traces). Returns the value of the last expression where the
    /// language has one (Zexus), or the run's output (EVM: the RETURN data as a string).
    virtual Result eval(std::string_view source, std::string_view name = "<eval>") = 0;
    /// Reads `path` and evaluates it; ErrorKind::usage when it cannot be read.
    Result run_file(const std::string& path);
    /// Calls the function / sub / method named `function` with `args` (Zexus: a global action; EVM: a Solidity
    /// signature such as "transfer(address,uint256)" on the current contract, arguments ABI-encoded).
    virtual Result call(std::string_view function, std::span<const Value> args = {}) = 0;
    /// Calls a function value this instance handed out (a Handle).
    virtual Result call_value(const Value& function, std::span<const Value> args = {}) = 0;
    /// Registers `fn` as a global function `name` that scripts call like their own.
    virtual Result define(std::string_view name, HostFunction fn) = 0;
    /// Sets global `name` to a copy of `value`.
    virtual Result set_global(std::string_view name, const Value& value) = 0;
    /// The value of global `name` (ErrorKind::usage when undefined).
    virtual Result get_global(std::string_view name) = 0;
    /// A language-specific extension by name ("evm" -> evm::EvmApi* from embed/evm.hpp), or nullptr.
    virtual void* extension(std::string_view name) noexcept { return nullptr; }

protected:
    explicit Instance(Config config);
    Config m_config;

private:
    uint64_t m_id;
};

/// Convenience: `call(name, {Value::integer(1), ...})`.
inline Result call(Instance& instance, std::string_view function, std::initializer_list<Value> args) {
    return instance.call(function, std::span<const Value>(args.begin(), args.size()));
}

}  // namespace trellis::embed
