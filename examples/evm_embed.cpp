// Embedding the Trellis EVM: a host program deploys a tiny counter contract into an in-memory State and calls
// it three times, each call a message through the StateHost (the same path the state tests take).
#include <cstdio>

#include "trellis/evm/assembler.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/state.hpp"
#include "trellis/evm/state_host.hpp"

using namespace trellis;
using namespace trellis::evm;

int main() {
    // storage[0] += 1; return storage[0] as a 32-byte word.
    const core::Bytes code = assemble(
        "PUSH1 0 SLOAD PUSH1 1 ADD DUP1 PUSH1 0 SSTORE "
        "PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN");
    Address counter, user;
    counter.bytes[19] = 0x42;
    user.bytes[19] = 0x01;

    State state;
    state.put_account(counter, 1, 0, code, {});
    state.put_account(user, 0, 1'000'000, {}, {});

    TxContext tx;
    tx.origin = user;
    tx.chain_id = 1;
    ExecOptions options;  // switch dispatch, no tracing

    uint256 last;
    for (int i = 0; i < 3; ++i) {
        StateHost host(state, Revision::Cancun, tx, options);
        Message msg;
        msg.gas = 100'000;
        msg.sender = user;
        msg.recipient = counter;
        msg.code_address = counter;
        const Result r = execute(host, Revision::Cancun, msg, code.data(), code.size(), options);
        if (r.status != StatusCode::Success) {
            std::fprintf(stderr, "call failed: %s\n", std::string(status_name(r.status)).c_str());
            return 1;
        }
        last = load_be(r.output.data());
        state.finalize_transaction(true);
        std::printf("call %d: gas used %lld\n", i + 1, static_cast<long long>(100'000 - r.gas_left));
    }
    std::printf("counter after 3 calls: %s\n", to_decimal(last).c_str());
    return 0;
}
