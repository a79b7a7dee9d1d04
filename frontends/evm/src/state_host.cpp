/// @file state_host.cpp
/// StateHost (state_host.hpp): message calls (Yellow Paper section 8), contract creation (section 7, EIP-170,
/// EIP-1014, EIP-2681, EIP-3541, EIP-7610), SELFDESTRUCT (EIP-6780) and the EIP-161 touch rules.
#include "trellis/evm/state_host.hpp"

#include <algorithm>
#include <string>

#include "trellis/evm/keccak.hpp"
#include "trellis/evm/precompiles.hpp"
#include "trellis/evm/rlp.hpp"

namespace trellis::evm {

namespace {

constexpr size_t max_code_size = 24576;         // EIP-170
constexpr int64_t code_deposit_gas_per_byte = 200;  // Yellow Paper G_codedeposit

Address last20(const Bytes32& h) {
    Address a;
    std::copy(h.bytes.begin() + 12, h.bytes.end(), a.bytes.begin());
    return a;
}

bool has_storage(const Account& a) {
    return std::any_of(a.storage.begin(), a.storage.end(), [](const auto& kv) { return bool(kv.second.current); });
}

}  // namespace

Bytes32 test_block_hash(int64_t number) {
    const std::string text = std::to_string(number);
    return keccak256(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

Address create_address(const Address& sender, uint64_t nonce) {
    std::vector<core::Bytes> fields;
    fields.push_back(rlp::encode_bytes(sender.bytes.data(), sender.bytes.size()));
    fields.push_back(rlp::encode_uint(nonce));
    const core::Bytes enc = rlp::encode_list(fields);
    return last20(keccak256(enc.data(), enc.size()));
}

Address create2_address(const Address& sender, const Bytes32& salt, const uint8_t* init_code, size_t size) {
    uint8_t buf[1 + 20 + 32 + 32];
    buf[0] = 0xff;
    std::copy(sender.bytes.begin(), sender.bytes.end(), buf + 1);
    std::copy(salt.bytes.begin(), salt.bytes.end(), buf + 21);
    const Bytes32 code_hash = keccak256(init_code, size);
    std::copy(code_hash.bytes.begin(), code_hash.bytes.end(), buf + 53);
    return last20(keccak256(buf, sizeof(buf)));
}

bool StateHost::account_exists(const Address& addr) {
    const Account* a = m_state.find(addr);
    if (!a) return false;
    return m_rev < Revision::SpuriousDragon || !a->is_empty();  // EIP-161: empty accounts count as dead
}

uint256 StateHost::get_storage(const Address& addr, const uint256& key) { return m_state.get_storage(addr, key); }

StorageStatus StateHost::set_storage(const Address& addr, const uint256& key, const uint256& value) {
    return m_state.set_storage(addr, key, value);
}

uint256 StateHost::get_balance(const Address& addr) {
    const Account* a = m_state.find(addr);
    return a ? a->balance : uint256{};
}

size_t StateHost::get_code_size(const Address& addr) {
    const Account* a = m_state.find(addr);
    return a ? a->code.size() : 0;
}

Bytes32 StateHost::get_code_hash(const Address& addr) {
    if (!account_exists(addr)) return {};
    return m_state.find(addr)->code_hash;
}

size_t StateHost::copy_code(const Address& addr, size_t offset, uint8_t* out, size_t size) {
    const Account* a = m_state.find(addr);
    if (!a || offset >= a->code.size()) return 0;
    const size_t n = std::min(size, a->code.size() - offset);
    std::copy_n(a->code.data() + offset, n, out);
    return n;
}

bool StateHost::selfdestruct(const Address& addr, const Address& beneficiary) {
    const uint256 balance = get_balance(addr);
    const Account* a = m_state.find(addr);
    const bool eip6780_keep = m_rev >= Revision::Cancun && !(a && a->created_in_tx);
    m_state.touch(beneficiary);
    if (eip6780_keep) {
        // EIP-6780: only the balance moves; sending to itself changes nothing.
        if (beneficiary != addr) {
            m_state.sub_balance(addr, balance);
            m_state.add_balance(beneficiary, balance);
        }
        return false;
    }
    if (beneficiary != addr) m_state.add_balance(beneficiary, balance);
    m_state.sub_balance(addr, balance);  // to itself: the balance is burned with the account
    return m_state.mark_destructed(addr);
}

Result StateHost::call(const Message& msg) {
    if (msg.kind == CallKind::Create || msg.kind == CallKind::Create2) return create(msg, true);

    const State::Snapshot snap = m_state.snapshot();
    if (msg.kind == CallKind::Call || msg.kind == CallKind::CallCode) {
        if (msg.value && get_balance(msg.sender) < msg.value) {
            Result r;
            r.status = StatusCode::InsufficientBalance;
            r.gas_left = msg.gas;
            return r;
        }
    }
    if (msg.kind == CallKind::Call) {
        if (msg.value) {
            m_state.sub_balance(msg.sender, msg.value);
            m_state.add_balance(msg.recipient, msg.value);
        }
        if (m_rev < Revision::SpuriousDragon) m_state.get_or_create(msg.recipient);
        m_state.touch(msg.recipient);
    }

    Result r;
    if (is_precompile(msg.code_address, m_rev)) {
        PrecompileResult pr = run_precompile(msg.code_address, msg.input, msg.input_size, msg.gas, m_rev);
        if (pr.unsupported && !m_unsupported) m_unsupported = pr.unsupported;
        r.status = pr.status;
        r.gas_left = pr.status == StatusCode::Success ? pr.gas_left : 0;
        r.output = std::move(pr.output);
    } else {
        const Account* code_acc = m_state.find(msg.code_address);
        if (code_acc && m_rev >= Revision::Prague && is_delegation(code_acc->code))
            code_acc = m_state.find(delegation_target(code_acc->code));  // EIP-7702: run the delegate's code
        if (!code_acc || code_acc->code.empty()) {
            r.status = StatusCode::Success;
            r.gas_left = msg.gas;
        } else {
            r = execute(*this, m_rev, msg, code_acc->code.data(), code_acc->code.size(), m_options);
        }
    }
    if (r.status != StatusCode::Success) {
        // Historical consensus quirk (mainnet block 2675119, kept by every client): a touch of the RIPEMD-160
        // precompile (0x03) is never reverted, whichever failing frame reverts it.
        const Address ripemd = precompile_address(3);
        const bool ripemd_touched = m_state.is_touched(ripemd) && m_state.exists(ripemd);
        m_state.revert(snap);
        r.gas_refund = 0;
        if (ripemd_touched && m_rev >= Revision::SpuriousDragon) m_state.touch(ripemd);
    }
    return r;
}

Result StateHost::create_from_transaction(const Message& msg) { return create(msg, false); }

Result StateHost::create(const Message& msg, bool bump_nonce) {
    Result fail;
    fail.status = StatusCode::Failure;
    uint64_t nonce = 0;
    if (bump_nonce) {
        if (msg.value && get_balance(msg.sender) < msg.value) {
            fail.status = StatusCode::InsufficientBalance;
            fail.gas_left = msg.gas;
            return fail;
        }
        const Account* s = m_state.find(msg.sender);
        nonce = s ? s->nonce : 0;
        if (nonce == UINT64_MAX) {  // EIP-2681: the creation fails, gas is returned
            fail.gas_left = msg.gas;
            return fail;
        }
        m_state.set_nonce(msg.sender, nonce + 1);
    } else {
        nonce = m_state.find(msg.sender)->nonce - 1;
    }
    const Address addr = msg.kind == CallKind::Create2
                             ? create2_address(msg.sender, msg.create2_salt, msg.input, msg.input_size)
                             : create_address(msg.sender, nonce);
    if (m_rev >= Revision::Berlin) m_state.access_account(addr);

    // Address collision (Yellow Paper section 7, EIP-7610): the creation fails consuming all gas.
    if (const Account* t = m_state.find(addr); t && (t->nonce != 0 || !t->code.empty() || has_storage(*t))) {
        fail.gas_left = 0;
        return fail;
    }

    const State::Snapshot snap = m_state.snapshot();
    m_state.create_contract(addr);
    if (m_rev >= Revision::SpuriousDragon) m_state.set_nonce(addr, 1);  // EIP-161
    m_state.touch(addr);
    if (msg.value) {
        m_state.sub_balance(msg.sender, msg.value);
        m_state.add_balance(addr, msg.value);
    }

    Message init = msg;
    init.recipient = addr;
    init.code_address = addr;
    init.input = nullptr;
    init.input_size = 0;
    Result r = execute(*this, m_rev, init, msg.input, msg.input_size, m_options);
    if (r.status != StatusCode::Success) {
        m_state.revert(snap);
        r.gas_refund = 0;
        return r;
    }

    core::Bytes code = std::move(r.output);
    r.output.clear();
    auto halt = [&](StatusCode s) {
        m_state.revert(snap);
        Result f;
        f.status = s;
        return f;
    };
    if (m_rev >= Revision::SpuriousDragon && code.size() > max_code_size) return halt(StatusCode::OutOfGas);
    if (m_rev >= Revision::London && !code.empty() && code[0] == 0xEF)  // EIP-3541
        return halt(StatusCode::ContractValidationFailure);
    const int64_t deposit = static_cast<int64_t>(code.size()) * code_deposit_gas_per_byte;
    if (r.gas_left < deposit) {
        if (m_rev >= Revision::Homestead) return halt(StatusCode::OutOfGas);  // EIP-2
        code.clear();  // Frontier: the contract stays, without code
    } else {
        r.gas_left -= deposit;
    }
    if (!code.empty()) m_state.set_code(addr, std::move(code));
    r.create_address = addr;
    return r;
}

Bytes32 StateHost::get_block_hash(int64_t number) {
    if (!m_block_hashes) return test_block_hash(number);
    const auto it = m_block_hashes->find(number);
    return it == m_block_hashes->end() ? Bytes32{} : it->second;
}

void StateHost::emit_log(const Address& addr, const uint8_t* data, size_t data_size, const Bytes32 topics[],
                         size_t num_topics) {
    Log log;
    log.address = addr;
    log.topics.assign(topics, topics + num_topics);
    log.data.assign(data, data + data_size);
    m_state.add_log(std::move(log));
}

AccessStatus StateHost::access_account(const Address& addr) { return m_state.access_account(addr); }

AccessStatus StateHost::access_storage(const Address& addr, const uint256& key) {
    return m_state.access_storage(addr, key);
}

uint256 StateHost::get_transient_storage(const Address& addr, const uint256& key) {
    return m_state.get_transient(addr, key);
}

void StateHost::set_transient_storage(const Address& addr, const uint256& key, const uint256& value) {
    m_state.set_transient(addr, key, value);
}

}  // namespace trellis::evm
