/// @file state_host.hpp
/// The Host (host.hpp) over the in-memory State (state.hpp): performs nested calls and creations the way the
/// Yellow Paper (sections 8 and 7) and the EIPs listed on each member define them, with value transfer,
/// snapshot/revert, precompiles, EIP-161 touches, EIP-2929 warm sets and EIP-6780 SELFDESTRUCT.
#pragma once
#include <map>
#include <string>

#include "trellis/evm/host.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/state.hpp"

namespace trellis::evm {

/// Address of the precompile at index `n` (0x00..00nn).
constexpr Address precompile_address(uint8_t n) noexcept {
    Address a;
    a.bytes[19] = n;
    return a;
}

/// True if `code` is an EIP-7702 delegation designator: 0xef0100 followed by a 20-byte address.
inline bool is_delegation(const core::Bytes& code) noexcept {
    return code.size() == 23 && code[0] == 0xef && code[1] == 0x01 && code[2] == 0x00;
}

/// The address an EIP-7702 delegation designator points to (the caller has checked is_delegation).
inline Address delegation_target(const core::Bytes& code) noexcept {
    Address a;
    for (size_t i = 0; i < 20; ++i) a.bytes[i] = code[3 + i];
    return a;
}

/// Host over a State for one transaction (or one VMTest execution).
class StateHost final : public Host {
public:
    /// `state` must outlive the host; `tx` is what GASPRICE/ORIGIN/COINBASE/... report.
    StateHost(State& state, Revision rev, const TxContext& tx, const ExecOptions& options) noexcept
        : m_state(state), m_rev(rev), m_tx(tx), m_options(options) {}

    /// Name of the first precompile Trellis lacks that this transaction called (nullptr if none).
    const char* unsupported_precompile() const noexcept { return m_unsupported; }
    /// Where BLOCKHASH looks (BlockInfo::block_hashes): a number -> hash map that outlives the host, or nullptr
    /// for the state tests' keccak256(decimal number) convention.
    void set_block_hashes(const std::map<int64_t, Bytes32>* hashes) noexcept { m_block_hashes = hashes; }

    /// The top-level creation of a contract-creation transaction: like a CREATE, but the sender's nonce was
    /// already bumped by the transaction, so the address derives from nonce-1 and the nonce is left alone.
    Result create_from_transaction(const Message& msg);

    bool account_exists(const Address& addr) override;
    uint256 get_storage(const Address& addr, const uint256& key) override;
    StorageStatus set_storage(const Address& addr, const uint256& key, const uint256& value) override;
    uint256 get_balance(const Address& addr) override;
    size_t get_code_size(const Address& addr) override;
    Bytes32 get_code_hash(const Address& addr) override;
    size_t copy_code(const Address& addr, size_t offset, uint8_t* out, size_t size) override;
    bool selfdestruct(const Address& addr, const Address& beneficiary) override;
    Result call(const Message& msg) override;
    TxContext get_tx_context() override { return m_tx; }
    Bytes32 get_block_hash(int64_t number) override;
    void emit_log(const Address& addr, const uint8_t* data, size_t data_size, const Bytes32 topics[],
                  size_t num_topics) override;
    AccessStatus access_account(const Address& addr) override;
    AccessStatus access_storage(const Address& addr, const uint256& key) override;
    uint256 get_transient_storage(const Address& addr, const uint256& key) override;
    void set_transient_storage(const Address& addr, const uint256& key, const uint256& value) override;

private:
    Result create(const Message& msg, bool bump_nonce);

    State& m_state;
    Revision m_rev;
    TxContext m_tx;
    ExecOptions m_options;
    const char* m_unsupported = nullptr;
    const std::map<int64_t, Bytes32>* m_block_hashes = nullptr;
};

/// BLOCKHASH as the reference test runners define it: keccak256 of the decimal ASCII text of `number`.
Bytes32 test_block_hash(int64_t number);

/// The address of a contract created by `sender` with nonce `nonce`: keccak256(RLP([sender, nonce]))[12:]
/// (Yellow Paper section 7, eq. 86).
Address create_address(const Address& sender, uint64_t nonce);

/// The CREATE2 address: keccak256(0xff ++ sender ++ salt ++ keccak256(init_code))[12:] (EIP-1014).
Address create2_address(const Address& sender, const Bytes32& salt, const uint8_t* init_code, size_t size);

}  // namespace trellis::evm
