/// @file message_call.cpp
/// run_message_call (message_call.hpp): one depth-0 CALL on a StateHost, with EIP-2929 warming from Berlin on.
#include "trellis/evm/message_call.hpp"

#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/evm/state_host.hpp"

namespace trellis::evm {

Result run_message_call(State& state, Revision rev, const MessageCall& call, const ExecOptions& options) {
    const Account* account = state.find(call.recipient);
    if (!account) throw core::Error("run_message_call: no account " + core::to_hex_0x(call.recipient.bytes));
    const core::Bytes code = account->code;  // a copy: the call may replace or delete the account
    TxContext ctx;
    ctx.origin = call.sender;
    ctx.chain_id = 1;
    ctx.block_gas_limit = call.gas;
    ctx.block_number = call.block_number;
    StateHost host(state, rev, ctx, options);
    if (rev >= Revision::Berlin) {
        state.access_account(call.sender);
        state.access_account(call.recipient);
    }
    Message msg;
    msg.gas = call.gas;
    msg.sender = call.sender;
    msg.recipient = call.recipient;
    msg.code_address = call.recipient;
    msg.input = call.input.data();
    msg.input_size = call.input.size();
    return execute(host, rev, msg, code.data(), code.size(), options);
}

}  // namespace trellis::evm
