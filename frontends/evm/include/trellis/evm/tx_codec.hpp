/// @file tx_codec.hpp
/// Signed transactions on the wire: the EIP-2718 envelope of every transaction type Trellis executes (legacy with
/// or without EIP-155 replay protection, EIP-2930 type 1, EIP-1559 type 2, EIP-4844 type 3, EIP-7702 type 4),
/// its signing hash, signing with a secp256k1 secret key (RFC 6979 nonces, low s) and sender recovery
/// (Yellow Paper appendix F, EIP-2). Used by `trellis-evm t8n` for its transaction inputs, txRoot and body.
#pragma once
#include <optional>

#include "trellis/core/hex.hpp"
#include "trellis/evm/transaction.hpp"

namespace trellis::evm {

/// A transaction with its chain id and signature, as it is encoded and hashed.
struct SignedTransaction {
    Transaction tx;                   ///< tx.sender is set by sign_transaction / recover_sender
    /// Chain id: always present for typed transactions; for legacy ones present iff EIP-155 protected.
    std::optional<uint256> chain_id;
    uint256 v;                        ///< legacy: 27/28 or chain_id * 2 + 35/36 (EIP-155); typed: y parity 0/1
    uint256 r, s;                     ///< the ECDSA signature
};

/// The EIP-2718 envelope: a legacy transaction as the RLP list [nonce, gasPrice, gas, to, value, data, v, r, s];
/// a typed one as its type byte followed by the RLP list of the type's fields (EIP-2930, EIP-1559, EIP-4844,
/// EIP-7702 field orders).
core::Bytes encode_transaction(const SignedTransaction& stx);

/// keccak256 of encode_transaction: the transaction hash.
Bytes32 transaction_hash(const SignedTransaction& stx);

/// The hash a sender signs: keccak256 of the unsigned fields (legacy: RLP of the first six fields, plus
/// [chain_id, 0, 0] when EIP-155 protected; typed: type byte || RLP of the fields without the signature).
Bytes32 signing_hash(const SignedTransaction& stx);

/// Decodes one envelope (legacy RLP list or typed bytes) into `SignedTransaction` without recovering the sender.
/// Throws core::Error on malformed RLP, wrong field counts, unsupported types, or a nonce/gas above 64 bits.
SignedTransaction decode_transaction(core::BytesView envelope);

/// Recovers and returns the sender (stx.tx.sender is not changed); nullopt when the signature is invalid: r or s
/// zero or >= the curve order, s above half the order (EIP-2, from Homestead: `homestead`), a y parity / v that
/// is not 0/1, 27/28 or 35+, or no recoverable key.
std::optional<Address> recover_sender(const SignedTransaction& stx, bool homestead = true);

/// Signs `stx` with `secret` (32 bytes): sets v, r, s (legacy v per EIP-155 if stx.chain_id is set) and
/// stx.tx.sender. Throws core::Error for an invalid secret key.
void sign_transaction(SignedTransaction& stx, const Bytes32& secret);

}  // namespace trellis::evm
