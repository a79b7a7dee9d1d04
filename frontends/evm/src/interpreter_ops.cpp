// Out-of-line instructions that touch the host, hash or copy (see instructions_host.hpp). Gas per Yellow Paper
// appendix G and the EIPs cited per function; EIP-2929 cold surcharges from Berlin on.
#include <algorithm>

#include "instructions_host.hpp"
#include "trellis/evm/keccak.hpp"

namespace trellis::evm::ops {
namespace {

/// EIP-2929: the extra gas of a cold account access (the warm 100 is the static part).
bool charge_account_access(ExecState& s, const Address& addr) noexcept {
    if (s.rev < Revision::Berlin) return true;
    if (s.host->access_account(addr) == AccessStatus::Cold)
        return charge(s, gas::cold_account_access - gas::warm_access);
    return true;
}

/// Gas and memory for a copy of `size` bytes to memory at `offset`: 3 per word plus expansion.
bool charge_copy(ExecState& s, const uint256& offset, const uint256& size) noexcept {
    if (!touch_memory(s, offset, size)) return false;
    return charge(s, gas::copy_word * num_words(size.w[0]));
}

}  // namespace

bool keccak256(ExecState& s) noexcept {
    const uint256& offset = s.sp[-1];
    const uint256& size = s.sp[-2];
    if (!touch_memory(s, offset, size)) return false;
    if (!charge(s, gas::keccak_word * num_words(size.w[0]))) return false;
    const size_t n = size ? static_cast<size_t>(size.w[0]) : 0;
    const uint8_t* data = n ? s.memory.data + offset.w[0] : nullptr;
    s.sp[-2] = to_uint256(trellis::evm::keccak256(data, n));
    s.sp -= 1;
    return true;
}

bool balance(ExecState& s) noexcept {
    const Address addr = to_address(s.sp[-1]);
    if (!charge_account_access(s, addr)) return false;
    s.sp[-1] = s.host->get_balance(addr);
    return true;
}

bool selfbalance(ExecState& s) noexcept {
    s.sp[0] = s.host->get_balance(s.msg->recipient);
    s.sp += 1;
    return true;
}

bool extcodesize(ExecState& s) noexcept {
    const Address addr = to_address(s.sp[-1]);
    if (!charge_account_access(s, addr)) return false;
    s.sp[-1] = uint256(s.host->get_code_size(addr));
    return true;
}

bool extcodehash(ExecState& s) noexcept {
    const Address addr = to_address(s.sp[-1]);
    if (!charge_account_access(s, addr)) return false;
    s.sp[-1] = to_uint256(s.host->get_code_hash(addr));
    return true;
}

bool extcodecopy(ExecState& s) noexcept {
    const Address addr = to_address(s.sp[-1]);
    const uint256& mem_offset = s.sp[-2];
    const uint256& code_offset = s.sp[-3];
    const uint256& size = s.sp[-4];
    if (!charge_copy(s, mem_offset, size)) return false;
    if (!charge_account_access(s, addr)) return false;
    if (size) {
        const size_t n = static_cast<size_t>(size.w[0]);
        uint8_t* dest = s.memory.data + mem_offset.w[0];
        size_t copied = 0;
        if (code_offset.fits_u64()) copied = s.host->copy_code(addr, static_cast<size_t>(code_offset.w[0]), dest, n);
        std::memset(dest + copied, 0, n - copied);
    }
    s.sp -= 4;
    return true;
}

bool calldatacopy(ExecState& s) noexcept {
    const uint256& mem_offset = s.sp[-1];
    const uint256& size = s.sp[-3];
    if (!charge_copy(s, mem_offset, size)) return false;
    if (size)
        copy_padded(s.memory.data + mem_offset.w[0], static_cast<size_t>(size.w[0]), s.msg->input,
                    s.msg->input_size, s.sp[-2]);
    s.sp -= 3;
    return true;
}

bool codecopy(ExecState& s) noexcept {
    const uint256& mem_offset = s.sp[-1];
    const uint256& size = s.sp[-3];
    if (!charge_copy(s, mem_offset, size)) return false;
    if (size)
        copy_padded(s.memory.data + mem_offset.w[0], static_cast<size_t>(size.w[0]), s.code.code, s.code.code_size,
                    s.sp[-2]);
    s.sp -= 3;
    return true;
}

bool returndatacopy(ExecState& s) noexcept {
    const uint256& mem_offset = s.sp[-1];
    const uint256& data_offset = s.sp[-2];
    const uint256& size = s.sp[-3];
    // EIP-211: reading past the end of the return data buffer is an exceptional halt.
    const uint64_t available = s.return_data.size();
    if (!data_offset.fits_u64() || !size.fits_u64() || data_offset.w[0] > available ||
        size.w[0] > available - data_offset.w[0])
        return halt(s, StatusCode::InvalidMemoryAccess);
    if (!charge_copy(s, mem_offset, size)) return false;
    if (size)
        std::memcpy(s.memory.data + mem_offset.w[0], s.return_data.data() + data_offset.w[0],
                    static_cast<size_t>(size.w[0]));
    s.sp -= 3;
    return true;
}

bool mcopy(ExecState& s) noexcept {
    const uint256& dest = s.sp[-1];
    const uint256& src = s.sp[-2];
    const uint256& size = s.sp[-3];
    // EIP-5656: memory expansion covers both ranges (the larger end), 3 gas per word copied.
    if (size) {
        const uint256& far = src > dest ? src : dest;
        if (!touch_memory(s, far, size)) return false;
        if (!touch_memory(s, dest, size)) return false;
    }
    if (!charge(s, gas::copy_word * (size ? num_words(size.w[0]) : 0))) return false;
    if (size)
        std::memmove(s.memory.data + dest.w[0], s.memory.data + src.w[0], static_cast<size_t>(size.w[0]));
    s.sp -= 3;
    return true;
}

bool blockhash(ExecState& s) noexcept {
    const uint256& number = s.sp[-1];
    const int64_t current = tx_context(s).block_number;
    const int64_t lowest = current > gas::blockhash_window ? current - gas::blockhash_window : 0;
    if (number.fits_u64() && number.w[0] < static_cast<uint64_t>(current) &&
        number.w[0] >= static_cast<uint64_t>(lowest))
        s.sp[-1] = to_uint256(s.host->get_block_hash(static_cast<int64_t>(number.w[0])));
    else
        s.sp[-1] = uint256(0);
    return true;
}

bool sload(ExecState& s) noexcept {
    const uint256& key = s.sp[-1];
    if (s.rev >= Revision::Berlin && s.host->access_storage(s.msg->recipient, key) == AccessStatus::Cold) {
        if (!charge(s, gas::cold_sload - gas::warm_access)) return false;  // EIP-2929
    }
    s.sp[-1] = s.host->get_storage(s.msg->recipient, key);
    return true;
}

bool sstore(ExecState& s) noexcept {
    if (s.msg->is_static) return halt(s, StatusCode::StaticModeViolation);
    // EIP-2200 (kept by EIP-2929/3529): SSTORE with no more than the call stipend left fails.
    if (s.rev >= Revision::Istanbul && s.gas <= gas::sstore_stipend_floor) return halt(s, StatusCode::OutOfGas);
    const uint256& key = s.sp[-1];
    const uint256& value = s.sp[-2];
    int64_t cost = 0;
    if (s.rev >= Revision::Berlin && s.host->access_storage(s.msg->recipient, key) == AccessStatus::Cold)
        cost += gas::cold_sload;  // EIP-2929
    const StorageStatus status = s.host->set_storage(s.msg->recipient, key, value);
    const SstoreCost c = sstore_cost(s.rev, status);
    if (!charge(s, cost + c.gas)) return false;
    s.refund += c.refund;
    s.sp -= 2;
    return true;
}

bool tload(ExecState& s) noexcept {
    s.sp[-1] = s.host->get_transient_storage(s.msg->recipient, s.sp[-1]);
    return true;
}

bool tstore(ExecState& s) noexcept {
    if (s.msg->is_static) return halt(s, StatusCode::StaticModeViolation);
    s.host->set_transient_storage(s.msg->recipient, s.sp[-1], s.sp[-2]);
    s.sp -= 2;
    return true;
}

bool log(ExecState& s, unsigned num_topics) noexcept {
    if (s.msg->is_static) return halt(s, StatusCode::StaticModeViolation);
    const uint256& offset = s.sp[-1];
    const uint256& size = s.sp[-2];
    if (!touch_memory(s, offset, size)) return false;
    if (!charge(s, gas::log_data_byte * static_cast<int64_t>(size.w[0] * (size ? 1 : 0)))) return false;
    Bytes32 topics[4];
    for (unsigned i = 0; i < num_topics; ++i) topics[i] = to_bytes32(s.sp[-3 - static_cast<int>(i)]);
    const size_t n = size ? static_cast<size_t>(size.w[0]) : 0;
    s.host->emit_log(s.msg->recipient, n ? s.memory.data + offset.w[0] : nullptr, n, topics, num_topics);
    s.sp -= 2 + num_topics;
    return true;
}

}  // namespace trellis::evm::ops
