/// @file host.hpp
/// The host interface between the interpreter and the world state, in the shape of the EVMC host interface
/// (which evmone, geth and others speak), so an embedder can plug in its own state. The interpreter computes all
/// gas (including SSTORE's from the StorageStatus the host reports, and the cold/warm surcharges of EIP-2929 from
/// the AccessStatus); the host keeps state, journaling, accessed sets and performs nested calls.
///
/// Virtual calls here happen only on state-touching instructions, never on the per-instruction path.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trellis/evm/types.hpp"
#include "trellis/evm/uint256.hpp"

namespace trellis::evm {

/// Kind of message (Yellow Paper section 8 and EIP-7/1014). STATICCALL is a CALL with Message::is_static set.
enum class CallKind : uint8_t { Call, DelegateCall, CallCode, Create, Create2 };

/// A message call or contract creation request (EVMC evmc_message).
struct Message {
    CallKind kind = CallKind::Call;
    bool is_static = false;      ///< STATICCALL context (EIP-214): no state changes allowed
    int32_t depth = 0;           ///< call depth, 0 for the transaction's top frame; calls at depth 1024 fail
    int64_t gas = 0;             ///< gas available to the callee
    Address recipient;           ///< the account whose storage/balance the code acts on (CREATE: the new address)
    Address sender;              ///< CALLER
    const uint8_t* input = nullptr;  ///< call data, or init code for CREATE/CREATE2
    size_t input_size = 0;
    uint256 value;               ///< CALLVALUE (for DELEGATECALL: the parent's value, not transferred)
    Bytes32 create2_salt;        ///< CREATE2 only
    Address code_address;        ///< whose code runs (differs from recipient for DELEGATECALL/CALLCODE)
};

/// Result of a message call (EVMC evmc_result).
struct Result {
    StatusCode status = StatusCode::Success;
    int64_t gas_left = 0;        ///< gas returned to the caller (0 on exceptional halt)
    int64_t gas_refund = 0;      ///< refund counter accumulated by the frame (EIP-2200/3529), valid on success
    std::vector<uint8_t> output; ///< RETURN/REVERT data
    Address create_address;      ///< CREATE/CREATE2 on success
};

/// Classification of an SSTORE, from which the interpreter derives gas cost and refund per revision
/// (EIP-2200 / EIP-1283 / EIP-3529 semantics). Names follow EVMC: X -> Y means original -> current -> new.
enum class StorageStatus : uint8_t {
    Assigned,          ///< no-op or dirty slot write without special refund (X -> Y -> Z, current != original)
    Added,             ///< 0 -> 0 -> Z
    Deleted,           ///< X -> X -> 0
    Modified,          ///< X -> X -> Z
    DeletedAdded,      ///< X -> 0 -> Z
    ModifiedDeleted,   ///< X -> Y -> 0
    DeletedRestored,   ///< X -> 0 -> X
    AddedDeleted,      ///< 0 -> Y -> 0
    ModifiedRestored,  ///< X -> Y -> X
};

/// EIP-2929 access status before the access.
enum class AccessStatus : uint8_t { Cold, Warm };

/// Block and transaction context (EVMC evmc_tx_context).
struct TxContext {
    uint256 gas_price;           ///< effective gas price (GASPRICE)
    Address origin;              ///< ORIGIN
    Address coinbase;            ///< COINBASE
    int64_t block_number = 0;
    int64_t block_timestamp = 0;
    int64_t block_gas_limit = 0;
    uint256 prev_randao;         ///< DIFFICULTY before Paris, PREVRANDAO (EIP-4399) after
    uint256 chain_id;
    uint256 base_fee;            ///< EIP-3198 BASEFEE
    uint256 blob_base_fee;       ///< EIP-7516 BLOBBASEFEE
    const Bytes32* blob_hashes = nullptr;  ///< EIP-4844 BLOBHASH
    size_t blob_hashes_count = 0;
};

/// The world as the interpreter sees it. All addresses/keys are by value; the host owns all state.
class Host {
public:
    virtual ~Host() = default;
    /// True if the account exists (EIP-161: non-empty, for the revisions where that matters the host decides).
    virtual bool account_exists(const Address& addr) = 0;
    virtual uint256 get_storage(const Address& addr, const uint256& key) = 0;
    /// Writes storage and classifies the write against the original (transaction-start) and current value.
    virtual StorageStatus set_storage(const Address& addr, const uint256& key, const uint256& value) = 0;
    virtual uint256 get_balance(const Address& addr) = 0;
    virtual size_t get_code_size(const Address& addr) = 0;
    /// keccak256 of the code; zero for a non-existent account (EIP-1052).
    virtual Bytes32 get_code_hash(const Address& addr) = 0;
    /// Copies code[offset, offset+size) into out (clipped to the code); returns the bytes copied.
    virtual size_t copy_code(const Address& addr, size_t offset, uint8_t* out, size_t size) = 0;
    /// SELFDESTRUCT of `addr` in favour of `beneficiary` (EIP-6780 semantics from Cancun on).
    /// Returns true if this is the first selfdestruct of addr in the transaction (pre-London refund).
    virtual bool selfdestruct(const Address& addr, const Address& beneficiary) = 0;
    /// Performs a nested message call or creation (value transfer, snapshot/revert, precompiles, code execution).
    virtual Result call(const Message& msg) = 0;
    virtual TxContext get_tx_context() = 0;
    /// BLOCKHASH of block `number` (the caller has checked the 256-block window).
    virtual Bytes32 get_block_hash(int64_t number) = 0;
    virtual void emit_log(const Address& addr, const uint8_t* data, size_t data_size, const Bytes32 topics[],
                          size_t num_topics) = 0;
    /// Marks an account warm (EIP-2929) and returns its status before.
    virtual AccessStatus access_account(const Address& addr) = 0;
    /// Marks a storage slot warm (EIP-2929) and returns its status before.
    virtual AccessStatus access_storage(const Address& addr, const uint256& key) = 0;
    /// EIP-1153 transient storage.
    virtual uint256 get_transient_storage(const Address& addr, const uint256& key) = 0;
    virtual void set_transient_storage(const Address& addr, const uint256& key, const uint256& value) = 0;
};

}  // namespace trellis::evm
