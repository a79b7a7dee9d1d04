/// @file embed_evm.cpp
/// The EVM adapter of the embedding API (trellis/embed.hpp, embed/evm.hpp). An instance owns an in-memory State
/// (state.hpp) holding one "current contract" at 0x…c0de called by 0x…ca11: eval() installs code (the trellis
/// assembler's text, or hex with 0x) there and runs it once with empty call data; call("f(uint256)", args) runs
/// it with the Solidity ABI call data of that signature (selector = first 4 bytes of keccak256 of the signature,
/// static argument types and `bytes`/`string`; Solidity ABI specification). The EvmApi extension runs messages
/// against a host's state through the EVMC-shaped C callbacks of trellis.h, or against the built-in state.
///
/// Limits: gas per top-level message (Limits::gas, default 30,000,000). The step budget counts gas (every
/// instruction costs at least 1 gas): a message runs with min(gas, steps left); when it runs out of gas because
/// of the budget, the interrupt callback is asked, and an extension re-runs the message from its start (state
/// reverted first) with the larger budget. Heap and call depth are the protocol's (memory is paid for with gas,
/// depth is 1024): setting them is refused at creation with ErrorKind::usage.
#include <cstdlib>
#include <cstring>

#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/embed/evm.hpp"
#include "trellis/embed/language.hpp"
#include "trellis/evm/assembler.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/message_call.hpp"
#include "trellis/evm/state.hpp"
#include "trellis/evm/state_host.hpp"

namespace trellis::evm {

namespace embed = trellis::embed;

namespace {

constexpr Revision k_revision = Revision::Cancun;
constexpr int64_t k_default_gas = 30'000'000;

Address make_address(uint32_t tail) {
    Address a;
    for (int i = 0; i < 4; ++i) a.bytes[19 - i] = static_cast<uint8_t>(tail >> (8 * i));
    return a;
}
const Address k_contract = make_address(0xc0de);
const Address k_caller = make_address(0xca11);

Address to_address(const trellis_evm_address& a) {
    Address out;
    std::memcpy(out.bytes.data(), a.bytes, 20);
    return out;
}
trellis_evm_address from_address(const Address& a) {
    trellis_evm_address out;
    std::memcpy(out.bytes, a.bytes.data(), 20);
    return out;
}
uint256 to_word(const trellis_evm_word& w) { return load_be(w.bytes); }
trellis_evm_word from_word(const uint256& v) {
    trellis_evm_word out;
    store_be(out.bytes, v);
    return out;
}
trellis_evm_word from_bytes32(const Bytes32& b) {
    trellis_evm_word out;
    std::memcpy(out.bytes, b.bytes.data(), 32);
    return out;
}
Bytes32 to_bytes32(const trellis_evm_word& w) {
    Bytes32 out;
    std::memcpy(out.bytes.data(), w.bytes, 32);
    return out;
}

// put(out, in): one field of a message converted between the C and the C++ shapes (overloads by both types).
void put(Address& out, const trellis_evm_address& in) { out = to_address(in); }
void put(trellis_evm_address& out, const Address& in) { out = from_address(in); }
void put(uint256& out, const trellis_evm_word& in) { out = to_word(in); }
void put(trellis_evm_word& out, const uint256& in) { out = from_word(in); }
void put(Bytes32& out, const trellis_evm_word& in) { out = to_bytes32(in); }
void put(trellis_evm_word& out, const Bytes32& in) { out = from_bytes32(in); }
template <typename T, typename U>
void put(T& out, const U& in) { out = static_cast<T>(in); }  // kind, flags, depth, gas, input pointer and size

/// A message converted field by field: trellis_evm_message <-> Message (both spell EVMC's evmc_message).
template <typename To, typename From>
To convert_message(const From& m) {
    To out{};
    put(out.kind, m.kind);
    put(out.is_static, m.is_static);
    put(out.depth, m.depth);
    put(out.gas, m.gas);
    put(out.recipient, m.recipient);
    put(out.sender, m.sender);
    put(out.code_address, m.code_address);
    put(out.input, m.input);
    put(out.input_size, m.input_size);
    put(out.value, m.value);
    put(out.create2_salt, m.create2_salt);
    return out;
}

/// Fills the C result (output copied with malloc).
void fill(const Result& r, trellis_evm_result& out) {
    out.status = static_cast<int>(r.status);
    out.gas_left = r.gas_left;
    out.gas_refund = r.gas_refund;
    out.output = nullptr;
    out.output_size = r.output.size();
    if (!r.output.empty()) {
        out.output = static_cast<uint8_t*>(std::malloc(r.output.size()));
        if (!out.output) throw std::bad_alloc();
        std::memcpy(out.output, r.output.data(), r.output.size());
    }
    out.create_address = from_address(r.create_address);
}

/// A Result as an embedding Result: the output as a string, or the error of its status.
embed::Result outcome(const Result& r) {
    std::string output(r.output.begin(), r.output.end());
    switch (r.status) {
        case StatusCode::Success: return embed::Value::string(std::move(output));
        case StatusCode::Revert:
            return embed::Result::failure(embed::ErrorKind::revert, "revert: " + core::to_hex_0x(r.output))
                .with_value(embed::Value::string(std::move(output)));
        case StatusCode::OutOfGas: return embed::Result::failure(embed::ErrorKind::out_of_gas, "out of gas");
        default: return embed::Result::failure(embed::ErrorKind::runtime, std::string(status_name(r.status)));
    }
}

/// The Host over the C callbacks of trellis_evm_host (a null callback gives the empty answer).
class CallbackHost final : public Host {
public:
    CallbackHost(const trellis_evm_host& h, void* context, const ExecOptions& options) : m_h(h), m_c(context), m_options(options) {}
    bool account_exists(const Address& a) override {
        auto x = from_address(a);
        return m_h.account_exists && m_h.account_exists(m_c, &x);
    }
    uint256 get_storage(const Address& a, const uint256& key) override {
        if (!m_h.get_storage) return {};
        auto x = from_address(a);
        auto k = from_word(key);
        trellis_evm_word out{};
        m_h.get_storage(m_c, &x, &k, &out);
        return to_word(out);
    }
    StorageStatus set_storage(const Address& a, const uint256& key, const uint256& value) override {
        if (!m_h.set_storage) return StorageStatus::Assigned;
        auto x = from_address(a);
        auto k = from_word(key);
        auto v = from_word(value);
        int s = m_h.set_storage(m_c, &x, &k, &v);
        return s >= 0 && s <= 8 ? static_cast<StorageStatus>(s) : StorageStatus::Assigned;
    }
    uint256 get_balance(const Address& a) override {
        if (!m_h.get_balance) return {};
        auto x = from_address(a);
        trellis_evm_word out{};
        m_h.get_balance(m_c, &x, &out);
        return to_word(out);
    }
    size_t get_code_size(const Address& a) override {
        auto x = from_address(a);
        return m_h.get_code_size ? m_h.get_code_size(m_c, &x) : 0;
    }
    Bytes32 get_code_hash(const Address& a) override {
        if (!m_h.get_code_hash) return {};
        auto x = from_address(a);
        trellis_evm_word out{};
        m_h.get_code_hash(m_c, &x, &out);
        return to_bytes32(out);
    }
    size_t copy_code(const Address& a, size_t offset, uint8_t* out, size_t size) override {
        auto x = from_address(a);
        return m_h.copy_code ? m_h.copy_code(m_c, &x, offset, out, size) : 0;
    }
    bool selfdestruct(const Address& a, const Address& beneficiary) override {
        auto x = from_address(a);
        auto b = from_address(beneficiary);
        return m_h.selfdestruct && m_h.selfdestruct(m_c, &x, &b);
    }
    Result call(const Message& msg) override {
        Result r;
        if (!m_h.call) {
            r.status = StatusCode::Failure;
            return r;
        }
        trellis_evm_message m = convert_message<trellis_evm_message>(msg);
        trellis_evm_result out{};
        m_h.call(m_c, &m, &out);
        r.status = out.status >= 0 && out.status <= static_cast<int>(StatusCode::InternalError)
                       ? static_cast<StatusCode>(out.status) : StatusCode::Failure;
        r.gas_left = out.gas_left;
        r.gas_refund = out.gas_refund;
        if (out.output) r.output.assign(out.output, out.output + out.output_size);
        std::free(out.output);
        r.create_address = to_address(out.create_address);
        return r;
    }
    TxContext get_tx_context() override {
        TxContext t;
        if (!m_h.get_tx_context) return t;
        trellis_evm_tx_context c{};
        m_h.get_tx_context(m_c, &c);
        t.gas_price = to_word(c.gas_price);
        t.origin = to_address(c.origin);
        t.coinbase = to_address(c.coinbase);
        t.block_number = c.block_number;
        t.block_timestamp = c.block_timestamp;
        t.block_gas_limit = c.block_gas_limit;
        t.prev_randao = to_word(c.prev_randao);
        t.chain_id = to_word(c.chain_id);
        t.base_fee = to_word(c.base_fee);
        t.blob_base_fee = to_word(c.blob_base_fee);
        return t;
    }
    Bytes32 get_block_hash(int64_t number) override {
        if (!m_h.get_block_hash) return {};
        trellis_evm_word out{};
        m_h.get_block_hash(m_c, number, &out);
        return to_bytes32(out);
    }
    void emit_log(const Address& a, const uint8_t* data, size_t size, const Bytes32 topics[], size_t n) override {
        if (!m_h.emit_log) return;
        auto x = from_address(a);
        trellis_evm_word t[4];
        for (size_t i = 0; i < n && i < 4; ++i) t[i] = from_bytes32(topics[i]);
        m_h.emit_log(m_c, &x, data, size, t, n);
    }
    AccessStatus access_account(const Address& a) override {
        auto x = from_address(a);
        return !m_h.access_account || m_h.access_account(m_c, &x) ? AccessStatus::Warm : AccessStatus::Cold;
    }
    AccessStatus access_storage(const Address& a, const uint256& key) override {
        auto x = from_address(a);
        auto k = from_word(key);
        return !m_h.access_storage || m_h.access_storage(m_c, &x, &k) ? AccessStatus::Warm : AccessStatus::Cold;
    }
    uint256 get_transient_storage(const Address& a, const uint256& key) override {
        if (!m_h.get_transient_storage) return {};
        auto x = from_address(a);
        auto k = from_word(key);
        trellis_evm_word out{};
        m_h.get_transient_storage(m_c, &x, &k, &out);
        return to_word(out);
    }
    void set_transient_storage(const Address& a, const uint256& key, const uint256& value) override {
        if (!m_h.set_transient_storage) return;
        auto x = from_address(a);
        auto k = from_word(key);
        auto v = from_word(value);
        m_h.set_transient_storage(m_c, &x, &k, &v);
    }

private:
    const trellis_evm_host& m_h;
    void* m_c;
    ExecOptions m_options;
};

/// Solidity ABI encoding of `args` for `signature` ("name(type,...)"): static types (uintN, intN, address,
/// bool, bytesN) as one word, `bytes`/`string` as offset + length + padded data. Throws core::Error.
core::Bytes abi_encode(std::string_view signature, std::span<const embed::Value> args) {
    const size_t open = signature.find('('), close = signature.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open || open == 0)
        throw core::Error("EVM call: '" + std::string(signature) + "' is not a signature such as f(uint256)");
    std::vector<std::string> types;
    std::string_view list = signature.substr(open + 1, close - open - 1);
    while (!list.empty()) {
        size_t comma = list.find(',');
        types.emplace_back(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    if (types.size() != args.size())
        throw core::Error("EVM call: " + std::string(signature) + " takes " + std::to_string(types.size()) +
                          " argument(s), got " + std::to_string(args.size()));
    const Bytes32 hash = keccak256(reinterpret_cast<const uint8_t*>(signature.data()), signature.size());
    core::Bytes head(hash.bytes.begin(), hash.bytes.begin() + 4), tail;
    const size_t head_size = 32 * types.size();
    auto word = [](core::Bytes& out, const uint256& v) {
        uint8_t b[32];
        store_be(b, v);
        out.insert(out.end(), b, b + 32);
    };
    for (size_t i = 0; i < types.size(); ++i) {
        const std::string& t = types[i];
        const embed::Value& a = args[i];
        if (t == "bytes" || t == "string") {
            if (a.type() != embed::Type::string) throw core::Error("EVM call: argument " + std::to_string(i + 1) + " (" + t + ") needs a string");
            word(head, uint256(head_size + tail.size()));
            const std::string& s = a.as_string();
            word(tail, uint256(s.size()));
            tail.insert(tail.end(), s.begin(), s.end());
            tail.resize(tail.size() + (32 - s.size() % 32) % 32, 0);
        } else if (t == "bool") {
            if (a.type() != embed::Type::boolean) throw core::Error("EVM call: argument " + std::to_string(i + 1) + " (bool) needs a boolean");
            word(head, uint256(a.as_bool() ? 1 : 0));
        } else if (t.rfind("uint", 0) == 0 || t.rfind("int", 0) == 0 || t == "address") {
            if (a.type() == embed::Type::string && t == "address") {
                core::Bytes b = core::from_hex(a.as_string());
                if (b.size() != 20) throw core::Error("EVM call: an address needs 20 bytes of hex");
                word(head, load_be_partial(b.data(), 20));
                continue;
            }
            if (a.type() != embed::Type::integer && a.type() != embed::Type::big_integer)
                throw core::Error("EVM call: argument " + std::to_string(i + 1) + " (" + t + ") needs an integer");
            std::string text = a.integer_text();
            const bool negative = text[0] == '-';
            if (negative && t[0] != 'i') throw core::Error("EVM call: argument " + std::to_string(i + 1) + " (" + t + ") is negative");
            uint256 v = parse_uint256(negative ? text.substr(1) : text);
            word(head, negative ? uint256(0) - v : v);  // two's complement (intN)
        } else if (t.rfind("bytes", 0) == 0) {
            if (a.type() != embed::Type::string || a.as_string().size() > 32)
                throw core::Error("EVM call: argument " + std::to_string(i + 1) + " (" + t + ") needs a string of at most 32 bytes");
            uint8_t b[32] = {};
            std::memcpy(b, a.as_string().data(), a.as_string().size());
            head.insert(head.end(), b, b + 32);
        } else {
            throw core::Error("EVM call: ABI type '" + t + "' is not supported (uintN, intN, address, bool, bytesN, bytes, string)");
        }
    }
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

class EvmInstance final : public embed::Instance, public embed::EvmApi {
public:
    explicit EvmInstance(embed::Config config) : Instance(std::move(config)) {
        m_state.put_account(k_contract, 1, 0, {}, {});
        m_state.put_account(k_caller, 0, uint256(1) << 100, {}, {});
    }

    std::string_view language() const noexcept override { return "evm"; }
    void* extension(std::string_view name) noexcept override { return name == "evm" ? static_cast<EvmApi*>(this) : nullptr; }

    embed::Result eval(std::string_view source, std::string_view) override {
        core::Bytes code;
        try {
            size_t i = source.find_first_not_of(" \t\r\n");
            std::string_view text = i == std::string_view::npos ? std::string_view() : source.substr(i);
            while (!text.empty() && std::strchr(" \t\r\n", text.back())) text.remove_suffix(1);
            code = text.rfind("0x", 0) == 0 ? core::from_hex(text) : assemble(text);
        } catch (const std::exception& e) {
            return embed::Result::failure(embed::ErrorKind::syntax, e.what());
        }
        m_state.get_or_create(k_contract);
        m_state.set_code(k_contract, std::move(code));
        m_state.finalize_transaction(true);
        return run_contract({});
    }

    embed::Result call(std::string_view function, std::span<const embed::Value> args) override {
        core::Bytes input;
        try {
            input = abi_encode(function, args);
        } catch (const std::exception& e) {
            return embed::Result::failure(embed::ErrorKind::usage, e.what());
        }
        return run_contract(input);
    }

    embed::Result call_value(const embed::Value&, std::span<const embed::Value>) override {
        return embed::Result::failure(embed::ErrorKind::usage, "the EVM has no function values: call a signature");
    }
    embed::Result define(std::string_view, embed::HostFunction) override {
        return embed::Result::failure(embed::ErrorKind::usage,
                                      "EVM code cannot call host functions: give it host state through trellis_evm_execute");
    }
    embed::Result set_global(std::string_view, const embed::Value&) override {
        return embed::Result::failure(embed::ErrorKind::usage, "the EVM has no globals: use trellis_evm_set_account");
    }
    embed::Result get_global(std::string_view) override {
        return embed::Result::failure(embed::ErrorKind::usage, "the EVM has no globals: use trellis_evm_get_storage");
    }

    // ---- EvmApi ----
    embed::Result execute(const trellis_evm_host& host, void* context, const trellis_evm_message& message,
                          const uint8_t* code, size_t code_size, trellis_evm_result& out) override {
        CallbackHost h(host, context, m_options);
        Message msg = convert_message<Message>(message);
        return budgeted(msg.gas, out, false, [&](int64_t gas) {
            msg.gas = gas;
            return evm::execute(h, k_revision, msg, code, code_size, m_options);
        });
    }

    embed::Result message_call(const trellis_evm_message& message, trellis_evm_result& out) override {
        if (!m_state.find(to_address(message.recipient)))
            return embed::Result::failure(embed::ErrorKind::usage, "no account at the message's recipient");
        MessageCall c;
        c.sender = to_address(message.sender);
        c.recipient = to_address(message.recipient);
        c.input = std::span<const uint8_t>(message.input, message.input_size);
        return state_call(c, message.gas, out);
    }

    embed::Result set_account(const trellis_evm_address& address, uint64_t nonce, const trellis_evm_word& balance,
                              std::string_view code) override {
        m_state.put_account(to_address(address), nonce, to_word(balance), core::Bytes(code.begin(), code.end()), {});
        return {};
    }

    trellis_evm_word storage(const trellis_evm_address& address, const trellis_evm_word& key) override {
        return from_word(m_state.get_storage(to_address(address), to_word(key)));
    }

private:
    embed::Result run_contract(const core::Bytes& input) {
        MessageCall c;
        c.sender = k_caller;
        c.recipient = k_contract;
        c.input = input;
        trellis_evm_result out{};
        embed::Result r = state_call(c, 0, out);
        std::free(out.output);
        return r;
    }

    /// A message on the built-in state: kept on success, reverted otherwise (and before a re-run).
    embed::Result state_call(MessageCall c, int64_t gas, trellis_evm_result& out) {
        const State::Snapshot snap = m_state.snapshot();
        embed::Result r = budgeted(gas, out, true, [&](int64_t g) {
            m_state.revert(snap);
            c.gas = g;
            return run_message_call(m_state, k_revision, c, m_options);
        });
        if (!r.ok()) m_state.revert(snap);
        m_state.finalize_transaction(true);
        return r;
    }

    /// Runs `run(gas)` with the gas capped by Limits::gas and by the step budget; on running out of gas because
    /// of the budget, asks the interrupt callback and re-runs with the extension when `can_rerun`.
    template <typename Run>
    embed::Result budgeted(int64_t gas, trellis_evm_result& out, bool can_rerun, Run&& run) {
        const embed::Limits& l = m_config.limits;
        const int64_t cap = l.gas > 0 ? l.gas : k_default_gas;
        if (gas <= 0 || gas > cap) gas = cap;
        uint64_t budget = l.steps;
        for (;;) {
            const bool limited = budget && budget < static_cast<uint64_t>(gas);
            Result r = run(limited ? static_cast<int64_t>(budget) : gas);
            if (limited && r.status == StatusCode::OutOfGas) {
                const uint64_t more = l.interrupt ? l.interrupt(*this, budget) : 0;
                if (more && can_rerun) {
                    budget += more;
                    continue;
                }
                return embed::Result::failure(embed::ErrorKind::step_limit,
                                              "step budget exhausted (" + std::to_string(budget) + " gas)");
            }
            fill(r, out);
            return outcome(r);
        }
    }

    State m_state;
    ExecOptions m_options;
};

std::unique_ptr<embed::Instance> create(embed::Config config, embed::Error& error) {
    if (config.limits.heap_bytes || config.limits.stack_depth) {
        error = {embed::ErrorKind::usage,
                 "the EVM's memory and call depth are bounded by the protocol (gas, 1024 calls): "
                 "heap_bytes and stack_depth are not supported; set gas or steps", {}};
        return nullptr;
    }
    return std::make_unique<EvmInstance>(std::move(config));
}

}  // namespace

/// The EVM entry of the umbrella library's language table (embed/language.hpp).
const embed::Language& embed_language() {
    static const embed::Language language{"evm", create};
    return language;
}

}  // namespace trellis::evm
