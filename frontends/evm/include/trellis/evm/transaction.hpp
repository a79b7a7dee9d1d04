/// @file transaction.hpp
/// Transactions as the state tests define them (legacy, EIP-2930 type 1, EIP-1559 type 2, EIP-4844 type 3), their
/// validity checks, intrinsic gas (Yellow Paper section 6.2, EIP-2028, EIP-2930, EIP-3860, EIP-7623) and their
/// execution against a State as the only transaction of a block (Yellow Paper section 6, EIP-1559 fees,
/// EIP-3529 refund cap, EIP-4844 blob gas).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "trellis/core/hex.hpp"
#include "trellis/evm/interpreter.hpp"
#include "trellis/evm/state.hpp"

namespace trellis::evm {

/// An EIP-2930 access list entry.
struct AccessListEntry {
    Address address;
    std::vector<uint256> keys;
};

/// An EIP-7702 authorization tuple, with its signer already known (the fixtures list it as `signer`).
struct Authorization {
    uint256 chain_id;
    Address address;                  ///< the code to delegate to (zero address: clear the delegation)
    uint256 nonce;                    ///< must equal the authority's nonce (and be < 2^64 - 1)
    std::optional<Address> authority; ///< the recovered signer; nullopt: invalid signature (tuple skipped)
    uint256 y_parity, r, s;           ///< the tuple's signature (kept to re-encode the transaction)
};

/// A transaction, already decoded (signature checked, sender known).
struct Transaction {
    uint8_t type = 0;                  ///< 0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844, 4 EIP-7702
    Address sender;
    std::optional<Address> to;         ///< empty: contract creation
    uint64_t nonce = 0;
    int64_t gas_limit = 0;             ///< gas
    uint256 value;                     ///< wei
    core::Bytes data;
    uint256 gas_price;                 ///< types 0/1: wei per gas
    uint256 max_fee_per_gas;           ///< types 2/3
    uint256 max_priority_fee_per_gas;  ///< types 2/3
    uint256 max_fee_per_blob_gas;      ///< type 3
    std::vector<Bytes32> blob_hashes;  ///< type 3 (EIP-4844 versioned hashes)
    std::vector<AccessListEntry> access_list;
    std::vector<Authorization> authorizations;  ///< type 4 (EIP-7702)
};

/// The block a transaction runs in (the state tests' `env`).
struct BlockInfo {
    Address coinbase;
    int64_t number = 0;
    int64_t timestamp = 0;
    int64_t gas_limit = 0;
    uint256 difficulty;       ///< DIFFICULTY before Paris
    uint256 prev_randao;      ///< PREVRANDAO from Paris (EIP-4399)
    uint256 base_fee;         ///< EIP-1559 (London+)
    uint64_t excess_blob_gas = 0;  ///< EIP-4844 (Cancun+)
    uint256 chain_id = 1;
    /// EIP-4844/7691 blob schedule: maximum blobs per block and base-fee update fraction; 0 = the revision default.
    uint64_t max_blobs = 0;
    uint64_t blob_base_fee_update_fraction = 0;
    /// BLOCKHASH answers (block number -> hash; a number missing from the map gives zero). nullptr: the state
    /// tests' convention, keccak256 of the decimal number (test_block_hash). The map must outlive the call.
    const std::map<int64_t, Bytes32>* block_hashes = nullptr;
};

/// Why a transaction is invalid. Names mirror EEST's TransactionException.
enum class TxError : uint8_t {
    None,
    TypeNotSupported,
    GasAllowanceExceeded,         ///< gas limit above the block's
    GasLimitExceedsMaximum,       ///< EIP-7825 cap (Osaka)
    PriorityGreaterThanMaxFee,
    InsufficientMaxFeePerGas,     ///< fee cap (or legacy gas price) below the base fee
    NonceMismatch,
    NonceIsMax,                   ///< EIP-2681
    SenderNotEoa,                 ///< EIP-3607
    IntrinsicGasTooLow,
    InitcodeSizeExceeded,         ///< EIP-3860
    InsufficientAccountFunds,
    Type3ContractCreation,
    Type3ZeroBlobs,
    InvalidBlobVersionedHash,
    TooManyBlobs,
    InsufficientMaxFeePerBlobGas,
    GasPriceProductOverflow,      ///< gas limit * fee cap does not fit 256 bits
    RlpInvalidValue,              ///< a field does not fit its type (e.g. a value of 2^256)
    Type4ContractCreation,        ///< EIP-7702 transactions need a recipient
    Type4EmptyAuthorizationList,
};

/// EEST-style name ("INTRINSIC_GAS_TOO_LOW", ...).
const char* tx_error_name(TxError e) noexcept;

/// True if `expected` (a fixture's expectException, alternatives joined by '|', EEST or legacy "TR_" names)
/// accepts the error `e`.
bool tx_error_matches(TxError e, const std::string& expected);

/// Intrinsic gas of `tx` under `rev` (gas): 21000, +32000 for creations (Homestead+), 4 per zero data byte and
/// 68 (16 from Istanbul, EIP-2028) per non-zero byte, EIP-2930 2400 per address and 1900 per key, EIP-3860 2 per
/// init code word (Shanghai+), EIP-7702 25000 per authorization.
int64_t intrinsic_gas(const Transaction& tx, Revision rev) noexcept;

/// EIP-7623 (Prague+) floor data cost: 21000 + 10 * (zero bytes + 4 * non-zero bytes).
int64_t floor_data_gas(const Transaction& tx) noexcept;

/// EIP-4844 blob base fee: fake_exponential(1, excess_blob_gas, update_fraction) (wei per blob gas).
uint256 blob_base_fee(uint64_t excess_blob_gas, uint64_t update_fraction);

/// Outcome of apply_transaction.
struct TxResult {
    TxError error = TxError::None;        ///< not None: rejected, the state is unchanged
    StatusCode status = StatusCode::Success;
    int64_t gas_used = 0;                 ///< after refunds
    const char* unsupported_precompile = nullptr;  ///< a called precompile Trellis lacks (bn254, KZG)
};

/// Validates and executes `tx` as the only transaction of `block` under `rev`, then finalises the state
/// (EIP-161 deletions, self-destructs). Logs stay in state.logs(). A rejected transaction leaves the state as it
/// was. The priority fee goes to the coinbase; the base fee is burned.
TxResult apply_transaction(State& state, const BlockInfo& block, const Transaction& tx, Revision rev,
                           const ExecOptions& options = {});

/// The context every transaction of `block` shares under `rev` (COINBASE, NUMBER, TIMESTAMP, GASLIMIT,
/// PREVRANDAO or DIFFICULTY, CHAINID, BASEFEE from London, BLOBBASEFEE from Cancun); gas price, origin and blob
/// hashes are left for the transaction.
TxContext block_tx_context(const BlockInfo& block, Revision rev);

/// The block's EIP-4844/7691 base-fee update fraction (block.blob_base_fee_update_fraction, or the revision's
/// default: 3338477 Cancun, 5007716 Prague/Osaka).
uint64_t blob_update_fraction(const BlockInfo& block, Revision rev) noexcept;
/// The block's maximum blob count (block.max_blobs, or the revision's default: 6 Cancun, 9 Prague/Osaka).
uint64_t max_blobs_per_block(const BlockInfo& block, Revision rev) noexcept;

/// A recoverable secp256k1 signature.
struct Signature {
    uint8_t y_parity = 0;  ///< 0/1: parity of R's y coordinate
    uint256 r, s;
};

/// The address that signed `digest` with (y_parity, r, s): ecrecover (Yellow Paper appendix F). nullopt for an
/// invalid signature: y_parity > 1, r or s zero or >= the curve order, s above half the order when `low_s`
/// (EIP-2), or no recoverable key.
std::optional<Address> recover_signer(const Bytes32& digest, const uint256& y_parity, const uint256& r,
                                      const uint256& s, bool low_s);

/// Signs `digest` with the secp256k1 secret key `secret` (RFC 6979 deterministic nonce, low s as EIP-2 wants).
/// Throws core::Error for an invalid key.
Signature sign_digest(const Bytes32& digest, const Bytes32& secret);

/// The signer of an EIP-7702 authorization tuple: ecrecover of keccak256(0x05 || RLP([chain_id, address, nonce]))
/// with signature (y_parity, r, s). nullopt for an invalid signature (y_parity > 1, r or s zero or >= the curve
/// order, s above half the order per EIP-2, or no recoverable key).
std::optional<Address> recover_authority(const uint256& chain_id, const Address& address, const uint256& nonce,
                                         const uint256& y_parity, const uint256& r, const uint256& s);

/// The address of the secp256k1 secret key `secret` (32 bytes): keccak256(uncompressed public key)[12:]
/// (Yellow Paper appendix F). Throws core::Error for an invalid key.
Address address_from_secret_key(const Bytes32& secret);

}  // namespace trellis::evm
