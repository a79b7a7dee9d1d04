// The C API (trellis/trellis.h) over the C++ embedding API (trellis/embed.hpp). The opaque C types are the C++
// objects themselves: trellis_value* is an embed::Value*, trellis_result* an embed::Result*, trellis_instance*
// an embed::Instance*. Every entry point catches every exception (none crosses into C).
#include <cstdlib>
#include <cstring>
#include <new>

#include "trellis/embed.hpp"
#include "trellis/embed/evm.hpp"
#include "trellis/embed/language.hpp"
#include "trellis/trellis.h"

using trellis::embed::Error;
using trellis::embed::ErrorKind;
using trellis::embed::Instance;
using trellis::embed::Result;
using trellis::embed::Value;

namespace {

Value* V(trellis_value* v) { return reinterpret_cast<Value*>(v); }
const Value* V(const trellis_value* v) { return reinterpret_cast<const Value*>(v); }
trellis_value* C(Value* v) { return reinterpret_cast<trellis_value*>(v); }
const trellis_value* C(const Value* v) { return reinterpret_cast<const trellis_value*>(v); }
Result* R(trellis_result* r) { return reinterpret_cast<Result*>(r); }
const Result* R(const trellis_result* r) { return reinterpret_cast<const Result*>(r); }
trellis_result* C(Result r) { return reinterpret_cast<trellis_result*>(new (std::nothrow) Result(std::move(r))); }
Instance* I(trellis_instance* i) { return reinterpret_cast<Instance*>(i); }
trellis_instance* C(Instance* i) { return reinterpret_cast<trellis_instance*>(i); }

/// Runs `f` (returning a Result) and turns any exception into an error result.
template <typename F>
trellis_result* guarded(F&& f) noexcept {
    try {
        return C(f());
    } catch (const std::bad_alloc&) {
        return C(Result::failure(ErrorKind::heap_limit, "out of memory"));
    } catch (const std::exception& e) {
        return C(Result::failure(ErrorKind::usage, e.what()));
    } catch (...) {
        return C(Result::failure(ErrorKind::usage, "unknown error"));
    }
}

template <typename T, typename F>
T quiet(T fallback, F&& f) noexcept {
    try {
        return f();
    } catch (...) {
        return fallback;
    }
}

std::vector<Value> args_of(const trellis_value* const* args, size_t argc) {
    std::vector<Value> out;
    out.reserve(argc);
    for (size_t i = 0; i < argc; ++i) out.push_back(args[i] ? *V(args[i]) : Value());
    return out;
}

Result not_null(const void* p, const char* what) {
    if (!p) return Result::failure(ErrorKind::usage, std::string(what) + " is NULL");
    return {};
}

trellis::embed::EvmApi* evm_of(trellis_instance* instance) {
    return instance ? static_cast<trellis::embed::EvmApi*>(I(instance)->extension("evm")) : nullptr;
}

Result not_evm() { return Result::failure(ErrorKind::usage, "not an EVM instance"); }

}  // namespace

extern "C" {

size_t trellis_language_count(void) {
    return quiet<size_t>(0, [] { return Instance::languages().size(); });
}

const char* trellis_language_name(size_t index) {
    for (const trellis::embed::Language* l : trellis::embed::builtin_languages()) {
        size_t rank = 0;  // position in sorted order
        for (const trellis::embed::Language* o : trellis::embed::builtin_languages())
            if (std::strcmp(o->name, l->name) < 0) ++rank;
        if (rank == index) return l->name;
    }
    return nullptr;
}

trellis_instance* trellis_new(const char* language, const trellis_limits* limits, trellis_output_fn output,
                              void* output_userdata, trellis_result** error) {
    try {
        if (error) *error = nullptr;
        if (!language) {
            if (error) *error = C(Result::failure(ErrorKind::usage, "language is NULL"));
            return nullptr;
        }
        trellis::embed::Config config;
        if (limits) {
            config.limits.steps = limits->steps;
            config.limits.heap_bytes = limits->heap_bytes;
            config.limits.stack_depth = limits->stack_depth;
            config.limits.gas = limits->gas;
            if (limits->interrupt) {
                trellis_interrupt_fn fn = limits->interrupt;
                void* user = limits->interrupt_userdata;
                config.limits.interrupt = [fn, user](Instance& inst, uint64_t used) { return fn(user, C(&inst), used); };
            }
        }
        if (output)
            config.output = [output, output_userdata](std::string_view text, bool is_error) {
                output(output_userdata, text.data(), text.size(), is_error ? 1 : 0);
            };
        Error e;
        auto inst = Instance::create(language, std::move(config), &e);
        if (!inst) {
            if (error) *error = C(Result::failure(e.kind, e.message, e.trace));
            return nullptr;
        }
        return C(inst.release());
    } catch (...) {
        if (error) *error = C(Result::failure(ErrorKind::usage, "cannot create the instance"));
        return nullptr;
    }
}

void trellis_free(trellis_instance* instance) { delete I(instance); }

const char* trellis_language(const trellis_instance* instance) {
    if (!instance) return "";
    auto name = reinterpret_cast<const Instance*>(instance)->language();
    for (const trellis::embed::Language* l : trellis::embed::builtin_languages())
        if (name == l->name) return l->name;
    return "";
}

trellis_result* trellis_eval(trellis_instance* instance, const char* source, size_t length, const char* name) {
    return guarded([&] {
        if (!instance || (!source && length)) return not_null(nullptr, "instance or source");
        return I(instance)->eval(std::string_view(source ? source : "", length), name ? name : "<eval>");
    });
}

trellis_result* trellis_run_file(trellis_instance* instance, const char* path) {
    return guarded([&] {
        if (!instance || !path) return not_null(nullptr, "instance or path");
        return I(instance)->run_file(path);
    });
}

trellis_result* trellis_call(trellis_instance* instance, const char* function, const trellis_value* const* args,
                             size_t argc) {
    return guarded([&] {
        if (!instance || !function || (argc && !args)) return not_null(nullptr, "instance, function or args");
        auto a = args_of(args, argc);
        return I(instance)->call(function, a);
    });
}

trellis_result* trellis_call_value(trellis_instance* instance, const trellis_value* function,
                                   const trellis_value* const* args, size_t argc) {
    return guarded([&] {
        if (!instance || !function || (argc && !args)) return not_null(nullptr, "instance, function or args");
        auto a = args_of(args, argc);
        return I(instance)->call_value(*V(function), a);
    });
}

trellis_result* trellis_define(trellis_instance* instance, const char* name, trellis_host_fn fn, void* userdata,
                               void (*free_userdata)(void*)) {
    return guarded([&] {
        if (!instance || !name || !fn) return not_null(nullptr, "instance, name or fn");
        // The userdata lives as long as the function object (copies share it): freed with the last copy.
        std::shared_ptr<void> user(userdata, [free_userdata](void* p) {
            if (free_userdata) free_userdata(p);
        });
        return I(instance)->define(name, [fn, user](Instance& inst, std::span<const Value> args) -> Result {
            std::vector<const trellis_value*> ptrs;
            ptrs.reserve(args.size());
            for (const Value& v : args) ptrs.push_back(C(&v));
            trellis_result* r = fn(C(&inst), user.get(), ptrs.data(), ptrs.size());
            if (!r) return Result::failure(ErrorKind::host, "host function returned nothing");
            Result out = std::move(*R(r));
            delete R(r);
            return out;
        });
    });
}

trellis_result* trellis_set_global(trellis_instance* instance, const char* name, const trellis_value* value) {
    return guarded([&] {
        if (!instance || !name || !value) return not_null(nullptr, "instance, name or value");
        return I(instance)->set_global(name, *V(value));
    });
}

trellis_result* trellis_get_global(trellis_instance* instance, const char* name) {
    return guarded([&] {
        if (!instance || !name) return not_null(nullptr, "instance or name");
        return I(instance)->get_global(name);
    });
}

int trellis_ok(const trellis_result* result) { return result && R(result)->ok() ? 1 : 0; }

const trellis_value* trellis_result_value(const trellis_result* result) {
    static const Value nil;
    return C(result ? &R(result)->value() : &nil);
}

trellis_error_kind trellis_error_kind_of(const trellis_result* result) {
    if (!result) return TRELLIS_ERROR_USAGE;
    if (R(result)->ok()) return TRELLIS_ERROR_RUNTIME;
    return static_cast<trellis_error_kind>(R(result)->error().kind);
}

const char* trellis_error_message(const trellis_result* result) {
    if (!result) return "result is NULL";
    return R(result)->ok() ? "" : R(result)->error().message.c_str();
}

const char* trellis_error_trace(const trellis_result* result) {
    return result && !R(result)->ok() ? R(result)->error().trace.c_str() : "";
}

const char* trellis_error_kind_name(trellis_error_kind kind) {
    return trellis::embed::kind_name(static_cast<ErrorKind>(kind));
}

trellis_result* trellis_result_of(trellis_value* value) {
    trellis_result* r = guarded([&] { return Result(value ? std::move(*V(value)) : Value()); });
    delete V(value);
    return r;
}

trellis_result* trellis_result_error(const char* message) {
    return guarded([&] { return Result::failure(ErrorKind::host, message ? message : "host error"); });
}

void trellis_result_free(trellis_result* result) { delete R(result); }

// ---- values ----

#define TRELLIS_MAKE(expr) quiet<trellis_value*>(nullptr, [&] { return C(new Value(expr)); })

trellis_value* trellis_nil(void) { return TRELLIS_MAKE(Value()); }
trellis_value* trellis_bool(int b) { return TRELLIS_MAKE(Value::boolean(b != 0)); }
trellis_value* trellis_int(int64_t i) { return TRELLIS_MAKE(Value::integer(i)); }
trellis_value* trellis_big(const char* decimal) { return decimal ? TRELLIS_MAKE(Value::big(decimal)) : nullptr; }
trellis_value* trellis_double(double d) { return TRELLIS_MAKE(Value::real(d)); }
trellis_value* trellis_string(const char* bytes, size_t length) {
    if (!bytes && length) return nullptr;
    return TRELLIS_MAKE(Value::string(std::string(bytes ? bytes : "", length)));
}
trellis_value* trellis_list(void) { return TRELLIS_MAKE(Value::list()); }
trellis_value* trellis_map(void) { return TRELLIS_MAKE(Value::map()); }
trellis_value* trellis_host_object(void* pointer, void (*finalizer)(void*)) {
    return TRELLIS_MAKE(Value::host(pointer, finalizer));
}
#undef TRELLIS_MAKE

int trellis_list_push(trellis_value* list, trellis_value* item) {
    int ok = quiet(0, [&] {
        if (!list || !item || V(list)->type() != trellis::embed::Type::list) return 0;
        V(list)->as_list().push_back(std::move(*V(item)));
        return 1;
    });
    delete V(item);
    return ok;
}

int trellis_map_set(trellis_value* map, trellis_value* key, trellis_value* value) {
    int ok = quiet(0, [&] {
        if (!map || !key || !value || V(map)->type() != trellis::embed::Type::map) return 0;
        for (auto& [k, v] : V(map)->as_map())
            if (k == *V(key)) {
                v = std::move(*V(value));
                return 1;
            }
        V(map)->as_map().emplace_back(std::move(*V(key)), std::move(*V(value)));
        return 1;
    });
    delete V(key);
    delete V(value);
    return ok;
}

trellis_value* trellis_value_copy(const trellis_value* value) {
    return value ? quiet<trellis_value*>(nullptr, [&] { return C(new Value(*V(value))); }) : nullptr;
}
void trellis_value_free(trellis_value* value) { delete V(value); }

trellis_type trellis_type_of(const trellis_value* value) {
    return value ? static_cast<trellis_type>(V(value)->type()) : TRELLIS_NIL;
}

using trellis::embed::Type;
int trellis_get_bool(const trellis_value* v) { return v && V(v)->type() == Type::boolean && V(v)->as_bool(); }
int64_t trellis_get_int(const trellis_value* v) { return v && V(v)->type() == Type::integer ? V(v)->as_int() : 0; }
double trellis_get_double(const trellis_value* v) {
    return v && (V(v)->type() == Type::real || V(v)->type() == Type::integer) ? V(v)->as_double() : 0.0;
}
const char* trellis_get_string(const trellis_value* v, size_t* length) {
    if (!v || V(v)->type() != Type::string) {
        if (length) *length = 0;
        return nullptr;
    }
    if (length) *length = V(v)->as_string().size();
    return V(v)->as_string().c_str();
}
const char* trellis_get_big(const trellis_value* v) {
    if (!v || V(v)->type() != Type::big_integer) return nullptr;
    return V(v)->big_decimal().c_str();
}
size_t trellis_list_size(const trellis_value* v) { return v && V(v)->type() == Type::list ? V(v)->as_list().size() : 0; }
const trellis_value* trellis_list_get(const trellis_value* v, size_t i) {
    if (!v || V(v)->type() != Type::list || i >= V(v)->as_list().size()) return nullptr;
    return C(&V(v)->as_list()[i]);
}
size_t trellis_map_size(const trellis_value* v) { return v && V(v)->type() == Type::map ? V(v)->as_map().size() : 0; }
const trellis_value* trellis_map_key(const trellis_value* v, size_t i) {
    if (!v || V(v)->type() != Type::map || i >= V(v)->as_map().size()) return nullptr;
    return C(&V(v)->as_map()[i].first);
}
const trellis_value* trellis_map_value(const trellis_value* v, size_t i) {
    if (!v || V(v)->type() != Type::map || i >= V(v)->as_map().size()) return nullptr;
    return C(&V(v)->as_map()[i].second);
}
const trellis_value* trellis_map_get(const trellis_value* v, const trellis_value* key) {
    if (!v || !key || V(v)->type() != Type::map) return nullptr;
    for (const auto& [k, val] : V(v)->as_map())
        if (k == *V(key)) return C(&val);
    return nullptr;
}
void* trellis_get_host(const trellis_value* v) {
    return v && V(v)->type() == Type::host_object ? V(v)->host_pointer() : nullptr;
}
char* trellis_repr(const trellis_value* v) {
    return quiet<char*>(nullptr, [&] {
        std::string s = v ? V(v)->repr() : "nil";
        char* out = static_cast<char*>(std::malloc(s.size() + 1));
        if (out) std::memcpy(out, s.c_str(), s.size() + 1);
        return out;
    });
}
void trellis_string_free(char* text) { std::free(text); }

// ---- EVM ----

trellis_result* trellis_evm_execute(trellis_instance* instance, const trellis_evm_host* host, void* context,
                                    const trellis_evm_message* message, const uint8_t* code, size_t code_size,
                                    trellis_evm_result* out) {
    return guarded([&] {
        if (!host || !message || !out || (code_size && !code)) return not_null(nullptr, "host, message, code or out");
        *out = trellis_evm_result{};
        auto* evm = evm_of(instance);
        return evm ? evm->execute(*host, context, *message, code, code_size, *out) : not_evm();
    });
}

trellis_result* trellis_evm_message_call(trellis_instance* instance, const trellis_evm_message* message,
                                         trellis_evm_result* out) {
    return guarded([&] {
        if (!message || !out) return not_null(nullptr, "message or out");
        *out = trellis_evm_result{};
        auto* evm = evm_of(instance);
        return evm ? evm->message_call(*message, *out) : not_evm();
    });
}

trellis_result* trellis_evm_set_account(trellis_instance* instance, const trellis_evm_address* address,
                                        uint64_t nonce, const trellis_evm_word* balance, const uint8_t* code,
                                        size_t code_size) {
    return guarded([&] {
        if (!address || !balance || (code_size && !code)) return not_null(nullptr, "address, balance or code");
        auto* evm = evm_of(instance);
        return evm ? evm->set_account(*address, nonce, *balance,
                                      std::string_view(reinterpret_cast<const char*>(code ? code : nullptr), code_size))
                   : not_evm();
    });
}

trellis_result* trellis_evm_get_storage(trellis_instance* instance, const trellis_evm_address* address,
                                        const trellis_evm_word* key, trellis_evm_word* out) {
    return guarded([&] {
        if (!address || !key || !out) return not_null(nullptr, "address, key or out");
        auto* evm = evm_of(instance);
        if (!evm) return not_evm();
        *out = evm->storage(*address, *key);
        return Result();
    });
}

void trellis_evm_result_release(trellis_evm_result* result) {
    if (!result) return;
    std::free(result->output);
    result->output = nullptr;
    result->output_size = 0;
}

const char* trellis_evm_status_name(int status) {
    static const char* const names[] = {
        "success", "revert", "failure", "out of gas", "invalid instruction", "undefined instruction",
        "stack overflow", "stack underflow", "bad jump destination", "invalid memory access",
        "call depth exceeded", "static mode violation", "precompile failure", "contract validation failure",
        "argument out of range", "insufficient balance", "internal error"};
    return status >= 0 && static_cast<size_t>(status) < std::size(names) ? names[status] : "unknown status";
}

}  // extern "C"
