// evm_host_state.cpp: a C++ host that keeps its own EVM state (one contract's storage and the logs it emits, in
// std::map / std::vector) and runs contract calls on it through the EVMC-shaped callbacks of trellis.h, with the
// C++ API (trellis/embed.hpp, trellis/embed/evm.hpp). The interpreter computes gas; the host only answers state
// queries. docs/embedding.md walks through this file.
//
// The contract: storage[0] += the call's first argument word; LOG1 with topic 0x..01 and the new total as data;
// returns the new total.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <map>
#include <vector>

#include "trellis/embed.hpp"
#include "trellis/embed/evm.hpp"

using namespace trellis::embed;

namespace {

using Word = std::array<uint8_t, 32>;

/// The host's world: the contract's storage and its logs.
struct World {
    std::vector<uint8_t> code;
    std::map<Word, Word> storage;
    std::vector<Word> logged_totals;
};

Word word_of(const trellis_evm_word& w) {
    Word out;
    std::memcpy(out.data(), w.bytes, 32);
    return out;
}

uint64_t low64(const uint8_t* bytes) {  // the low 8 bytes of a big-endian word
    uint64_t v = 0;
    for (int i = 24; i < 32; ++i) v = (v << 8) | bytes[i];
    return v;
}

/// The callbacks. Those left null give the empty answer (no other accounts, zero balances, warm accesses).
trellis_evm_host make_host() {
    trellis_evm_host h{};
    h.account_exists = [](void*, const trellis_evm_address*) { return 1; };
    h.get_storage = [](void* c, const trellis_evm_address*, const trellis_evm_word* key, trellis_evm_word* out) {
        auto& s = static_cast<World*>(c)->storage;
        auto it = s.find(word_of(*key));
        std::memset(out->bytes, 0, 32);
        if (it != s.end()) std::memcpy(out->bytes, it->second.data(), 32);
    };
    h.set_storage = [](void* c, const trellis_evm_address*, const trellis_evm_word* key, const trellis_evm_word* value) {
        auto& s = static_cast<World*>(c)->storage;
        const bool existed = s.count(word_of(*key)) != 0;
        s[word_of(*key)] = word_of(*value);
        return existed ? 3 : 1;  // EVMC: modified, added (this host does not track originals)
    };
    h.get_code_size = [](void* c, const trellis_evm_address*) { return static_cast<World*>(c)->code.size(); };
    h.copy_code = [](void* c, const trellis_evm_address*, size_t offset, uint8_t* out, size_t size) -> size_t {
        const auto& code = static_cast<World*>(c)->code;
        if (offset >= code.size()) return 0;
        const size_t n = std::min(size, code.size() - offset);
        std::memcpy(out, code.data() + offset, n);
        return n;
    };
    h.emit_log = [](void* c, const trellis_evm_address*, const uint8_t* data, size_t size, const trellis_evm_word*,
                    size_t) {
        Word total{};
        if (size == 32) std::memcpy(total.data(), data, 32);
        static_cast<World*>(c)->logged_totals.push_back(total);
    };
    return h;
}

}  // namespace

// The contract's bytecode (hex; `trellis-evm disassemble` or the assembler in the comment reproduce it):
//   PUSH1 0 SLOAD PUSH1 0 CALLDATALOAD ADD      total = storage[0] + argument
//   DUP1 PUSH1 0 SSTORE                         storage[0] = total
//   DUP1 PUSH1 0 MSTORE PUSH1 1 PUSH1 32 PUSH1 0 LOG1    log(topic 1, data = total)
//   PUSH1 32 PUSH1 0 RETURN                     return total
const char* const k_counter = "600054600035018060005580600052600160206000a160206000f3";

std::vector<uint8_t> from_hex(const char* hex) {
    std::vector<uint8_t> out;
    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2) {
        unsigned byte = 0;
        std::sscanf(hex + i, "%2x", &byte);
        out.push_back(static_cast<uint8_t>(byte));
    }
    return out;
}

int main() {
    Config config;
    config.limits.gas = 100'000;  // gas per message, at most
    Error error;
    auto evm = Instance::create("evm", config, &error);
    if (!evm) {
        std::fprintf(stderr, "cannot create an EVM instance: %s\n", error.message.c_str());
        return 1;
    }
    auto* api = static_cast<EvmApi*>(evm->extension("evm"));

    World world;
    world.code = from_hex(k_counter);
    const trellis_evm_host host = make_host();

    trellis_evm_message msg{};
    msg.kind = TRELLIS_EVM_CALL;
    msg.recipient.bytes[19] = 0x42;
    msg.code_address = msg.recipient;
    msg.sender.bytes[19] = 0x01;
    msg.gas = 50'000;
    uint8_t argument[32] = {};
    msg.input = argument;
    msg.input_size = sizeof argument;

    for (uint8_t add : {5, 10, 27}) {
        argument[31] = add;
        trellis_evm_result out{};
        Result r = api->execute(host, &world, msg, world.code.data(), world.code.size(), out);
        if (!r) {
            std::printf("call failed: %s (%s)\n", r.error().message.c_str(), kind_name(r.error().kind));
            return 1;
        }
        std::printf("add %2u: returned %llu, gas used %lld\n", add,
                    static_cast<unsigned long long>(low64(out.output)), static_cast<long long>(msg.gas - out.gas_left));
        trellis_evm_result_release(&out);
    }
    Word zero{};
    std::printf("storage[0] = %llu, %zu logs, last logged total %llu\n",
                static_cast<unsigned long long>(low64(world.storage[zero].data())), world.logged_totals.size(),
                static_cast<unsigned long long>(low64(world.logged_totals.back().data())));

    // Too little gas: an error value; the host's state is the host's to roll back (this host never changed it,
    // since the SSTORE is never reached).
    msg.gas = 30;
    trellis_evm_result out{};
    Result r = api->execute(host, &world, msg, world.code.data(), world.code.size(), out);
    std::printf("with 30 gas: %s (%s)\n", r ? "ok" : r.error().message.c_str(), r ? "" : kind_name(r.error().kind));
    trellis_evm_result_release(&out);
    std::printf("storage[0] still %llu\n", static_cast<unsigned long long>(low64(world.storage[zero].data())));
    return 0;
}
