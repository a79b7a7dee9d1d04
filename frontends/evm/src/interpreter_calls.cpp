// CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2 and SELFDESTRUCT (see instructions_host.hpp).
// Sources: Yellow Paper sections 8 and 9 and appendix G; EIP-7 (DELEGATECALL), EIP-150 (63/64 rule),
// EIP-161 (new-account charge only for value to an empty account), EIP-211 (return data), EIP-214 (STATICCALL),
// EIP-1014 (CREATE2), EIP-2929 (cold accounts), EIP-3529 (no SELFDESTRUCT refund), EIP-3860 (initcode limit),
// EIP-7702 (access cost of a delegated account's code target, Prague+).
#include <algorithm>
#include <cstring>
#include <limits>

#include "instructions_host.hpp"

namespace trellis::evm::ops {
namespace {

/// EIP-7702: if `addr`'s code is a delegation designator (0xef0100 followed by an address, 23 bytes), stores
/// the delegate in `target` and returns true.
bool delegation_target(Host& host, const Address& addr, Address& target) noexcept {
    constexpr size_t designator_size = 23;
    if (host.get_code_size(addr) != designator_size) return false;
    uint8_t code[designator_size];
    if (host.copy_code(addr, 0, code, designator_size) != designator_size) return false;
    if (code[0] != 0xef || code[1] != 0x01 || code[2] != 0x00) return false;
    std::memcpy(target.bytes.data(), code + 3, 20);
    return true;
}

}  // namespace

bool call(ExecState& s, uint8_t op) noexcept {
    const bool has_value_arg = op == OP_CALL || op == OP_CALLCODE;
    const int num_args = has_value_arg ? 7 : 6;
    uint256* args = s.sp - 1;  // args[0] = top
    const uint256 requested = args[0];
    const Address dst = to_address(args[-1]);
    const uint256 value = has_value_arg ? args[-2] : uint256(0);
    const int a = has_value_arg ? 3 : 2;
    const uint256 in_offset = args[-a];
    const uint256 in_size = args[-a - 1];
    const uint256 out_offset = args[-a - 2];
    const uint256 out_size = args[-a - 3];
    s.sp -= num_args - 1;
    uint256& result = s.sp[-1];
    result = uint256(0);

    if (s.rev >= Revision::Berlin && s.host->access_account(dst) == AccessStatus::Cold) {
        if (!charge(s, gas::cold_account_access - gas::warm_access)) return false;
    }
    if (Address delegate; s.rev >= Revision::Prague && delegation_target(*s.host, dst, delegate)) {
        // EIP-7702: reading the delegate's code is an account access (warm 100 or cold 2600).
        const bool cold = s.host->access_account(delegate) == AccessStatus::Cold;
        if (!charge(s, cold ? gas::cold_account_access : gas::warm_access)) return false;
    }
    if (!touch_memory(s, in_offset, in_size)) return false;
    if (!touch_memory(s, out_offset, out_size)) return false;

    const bool has_value = static_cast<bool>(value);
    if (op == OP_CALL && has_value && s.msg->is_static) return halt(s, StatusCode::StaticModeViolation);
    int64_t cost = has_value ? gas::call_value : 0;
    if (op == OP_CALL && (has_value || s.rev < Revision::SpuriousDragon) && !s.host->account_exists(dst))
        cost += gas::new_account;  // EIP-161: from Spurious Dragon only when value goes to an empty account
    if (!charge(s, cost)) return false;

    int64_t callee_gas = requested.fits_u64() && requested.w[0] <= uint64_t(std::numeric_limits<int64_t>::max())
                             ? static_cast<int64_t>(requested.w[0])
                             : std::numeric_limits<int64_t>::max();
    if (s.rev >= Revision::TangerineWhistle)
        callee_gas = std::min(callee_gas, s.gas - s.gas / 64);  // EIP-150: all but one 64th
    else if (callee_gas > s.gas)
        return halt(s, StatusCode::OutOfGas);
    s.gas -= callee_gas;
    if (has_value) callee_gas += gas::call_stipend;

    s.return_data.clear();
    // Light failures: the call is not made, 0 is pushed and the callee's gas (with any stipend) comes back.
    if (s.msg->depth >= call_depth_limit ||
        (has_value && s.host->get_balance(s.msg->recipient) < value)) {
        s.gas += callee_gas;
        return true;
    }

    Message m;
    m.kind = op == OP_DELEGATECALL ? CallKind::DelegateCall : op == OP_CALLCODE ? CallKind::CallCode : CallKind::Call;
    m.is_static = s.msg->is_static || op == OP_STATICCALL;
    m.depth = s.msg->depth + 1;
    m.gas = callee_gas;
    m.code_address = dst;
    if (op == OP_DELEGATECALL) {
        m.recipient = s.msg->recipient;
        m.sender = s.msg->sender;
        m.value = s.msg->value;
    } else {
        m.recipient = op == OP_CALLCODE ? s.msg->recipient : dst;
        m.sender = s.msg->recipient;
        m.value = value;
    }
    if (in_size) {
        m.input = s.memory.data + in_offset.w[0];
        m.input_size = static_cast<size_t>(in_size.w[0]);
    }

    Result r = s.host->call(m);
    s.return_data = std::move(r.output);
    result = uint256(r.status == StatusCode::Success);
    if (out_size) {
        const size_t n = std::min(static_cast<size_t>(out_size.w[0]), s.return_data.size());
        if (n) std::memcpy(s.memory.data + out_offset.w[0], s.return_data.data(), n);
    }
    s.gas += r.gas_left;
    if (r.status == StatusCode::Success) s.refund += r.gas_refund;
    return true;
}

bool create(ExecState& s, uint8_t op) noexcept {
    if (s.msg->is_static) return halt(s, StatusCode::StaticModeViolation);
    const int num_args = op == OP_CREATE2 ? 4 : 3;
    uint256* args = s.sp - 1;
    const uint256 value = args[0];
    const uint256 offset = args[-1];
    const uint256 size = args[-2];
    const uint256 salt = op == OP_CREATE2 ? args[-3] : uint256(0);
    s.sp -= num_args - 1;
    uint256& result = s.sp[-1];
    result = uint256(0);

    if (s.rev >= Revision::Shanghai && size > uint256(gas::max_initcode_size))
        return halt(s, StatusCode::OutOfGas);  // EIP-3860
    if (!touch_memory(s, offset, size)) return false;
    const int64_t words = size ? num_words(size.w[0]) : 0;
    if (s.rev >= Revision::Shanghai && !charge(s, gas::initcode_word * words)) return false;  // EIP-3860
    if (op == OP_CREATE2 && !charge(s, gas::keccak_word * words)) return false;  // EIP-1014 address hashing

    s.return_data.clear();
    if (s.msg->depth >= call_depth_limit || (value && s.host->get_balance(s.msg->recipient) < value))
        return true;

    int64_t callee_gas = s.gas;
    if (s.rev >= Revision::TangerineWhistle) callee_gas -= callee_gas / 64;  // EIP-150
    s.gas -= callee_gas;

    Message m;
    m.kind = op == OP_CREATE2 ? CallKind::Create2 : CallKind::Create;
    m.depth = s.msg->depth + 1;
    m.gas = callee_gas;
    m.sender = s.msg->recipient;
    m.value = value;
    m.create2_salt = to_bytes32(salt);
    if (size) {
        m.input = s.memory.data + offset.w[0];
        m.input_size = static_cast<size_t>(size.w[0]);
    }
    Result r = s.host->call(m);
    s.gas += r.gas_left;
    if (r.status == StatusCode::Success) {
        s.refund += r.gas_refund;
        result = to_uint256(r.create_address);
    } else {
        s.return_data = std::move(r.output);  // REVERT data of the init code (EIP-211)
    }
    return true;
}

bool selfdestruct(ExecState& s) noexcept {
    if (s.msg->is_static) return halt(s, StatusCode::StaticModeViolation);
    const Address beneficiary = to_address(s.sp[-1]);
    s.sp -= 1;
    if (s.rev >= Revision::Berlin && s.host->access_account(beneficiary) == AccessStatus::Cold) {
        if (!charge(s, gas::cold_account_access)) return false;  // EIP-2929: no warm part for SELFDESTRUCT
    }
    if (s.rev >= Revision::TangerineWhistle) {  // EIP-150 new-account charge; EIP-161 narrows it
        const bool charge_new = s.rev >= Revision::SpuriousDragon
                                    ? static_cast<bool>(s.host->get_balance(s.msg->recipient)) &&
                                          !s.host->account_exists(beneficiary)
                                    : !s.host->account_exists(beneficiary);
        if (charge_new && !charge(s, gas::new_account)) return false;
    }
    if (s.host->selfdestruct(s.msg->recipient, beneficiary) && s.rev < Revision::London)
        s.refund += gas::selfdestruct_refund;  // removed by EIP-3529
    s.status = StatusCode::Success;
    return false;
}

}  // namespace trellis::evm::ops
