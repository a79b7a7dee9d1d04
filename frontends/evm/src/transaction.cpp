/// @file transaction.cpp
/// Transaction validation and execution (transaction.hpp): Yellow Paper section 6, EIP-155/1559/2028/2681/2930/
/// 3529/3607/3651/3860/4844/7623/7825, against the StateHost.
#include "trellis/evm/transaction.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>
#include <string_view>

#include "trellis/core/error.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/rlp.hpp"
#include "trellis/evm/precompiles.hpp"
#include "trellis/evm/state_host.hpp"

namespace trellis::evm {

namespace {

constexpr int64_t gas_per_blob = 131072;         // EIP-4844 GAS_PER_BLOB
constexpr size_t osaka_max_blobs_per_tx = 6;      // EIP-7594 MAX_BLOBS_PER_TX (below the block's maximum)
constexpr size_t max_initcode_size = 49152;      // EIP-3860
constexpr int64_t osaka_tx_gas_cap = 1 << 24;    // EIP-7825

/// The address of a public key: the last 20 bytes of keccak256 of its uncompressed encoding without the 0x04 prefix
/// (Yellow Paper appendix F).
Address address_of(const secp256k1_context* ctx, const secp256k1_pubkey& pub) {
    uint8_t out[65];
    size_t len = sizeof(out);
    secp256k1_ec_pubkey_serialize(ctx, out, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
    const Bytes32 h = keccak256(out + 1, 64);
    Address a;
    std::copy(h.bytes.begin() + 12, h.bytes.end(), a.bytes.begin());
    return a;
}

/// a * b, or nullopt if the product does not fit 256 bits.
std::optional<uint256> checked_mul(const uint256& a, const uint256& b) {
    uint256 lo, hi;
    mul_full(a, b, lo, hi);
    if (hi) return std::nullopt;
    return lo;
}

std::optional<uint256> checked_add(const uint256& a, const uint256& b) {
    const uint256 s = a + b;
    if (s < a) return std::nullopt;
    return s;
}

uint64_t default_max_blobs(Revision rev) { return rev >= Revision::Prague ? 9 : 6; }
uint64_t default_update_fraction(Revision rev) { return rev >= Revision::Prague ? 5007716 : 3338477; }

}  // namespace

const char* tx_error_name(TxError e) noexcept {
    switch (e) {
    case TxError::None: return "none";
    case TxError::TypeNotSupported: return "TYPE_NOT_SUPPORTED";
    case TxError::GasAllowanceExceeded: return "GAS_ALLOWANCE_EXCEEDED";
    case TxError::GasLimitExceedsMaximum: return "GAS_LIMIT_EXCEEDS_MAXIMUM";
    case TxError::PriorityGreaterThanMaxFee: return "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS";
    case TxError::InsufficientMaxFeePerGas: return "INSUFFICIENT_MAX_FEE_PER_GAS";
    case TxError::NonceMismatch: return "NONCE_MISMATCH";
    case TxError::NonceIsMax: return "NONCE_IS_MAX";
    case TxError::SenderNotEoa: return "SENDER_NOT_EOA";
    case TxError::IntrinsicGasTooLow: return "INTRINSIC_GAS_TOO_LOW";
    case TxError::InitcodeSizeExceeded: return "INITCODE_SIZE_EXCEEDED";
    case TxError::InsufficientAccountFunds: return "INSUFFICIENT_ACCOUNT_FUNDS";
    case TxError::Type3ContractCreation: return "TYPE_3_TX_CONTRACT_CREATION";
    case TxError::Type3ZeroBlobs: return "TYPE_3_TX_ZERO_BLOBS";
    case TxError::InvalidBlobVersionedHash: return "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH";
    case TxError::TooManyBlobs: return "TYPE_3_TX_BLOB_COUNT_EXCEEDED";
    case TxError::InsufficientMaxFeePerBlobGas: return "INSUFFICIENT_MAX_FEE_PER_BLOB_GAS";
    case TxError::GasPriceProductOverflow: return "GASLIMIT_PRICE_PRODUCT_OVERFLOW";
    case TxError::RlpInvalidValue: return "RLP_INVALID_VALUE";
    case TxError::Type4ContractCreation: return "TYPE_4_TX_CONTRACT_CREATION";
    case TxError::Type4EmptyAuthorizationList: return "TYPE_4_EMPTY_AUTHORIZATION_LIST";
    }
    return "?";
}

bool tx_error_matches(TxError e, const std::string& expected) {
    if (e == TxError::None) return false;
    // Legacy ethereum/tests spellings of the same rejections.
    std::vector<std::string_view> names{tx_error_name(e)};
    switch (e) {
    case TxError::TypeNotSupported: names.insert(names.end(), {"TYPE_3_TX_PRE_FORK", "TR_TypeNotSupported"}); break;
    case TxError::NonceIsMax: names.push_back("TR_NonceHasMaxValue"); break;
    case TxError::IntrinsicGasTooLow: names.push_back("TR_IntrinsicGas"); break;
    case TxError::InitcodeSizeExceeded: names.push_back("TR_InitCodeLimitExceeded"); break;
    case TxError::InsufficientAccountFunds: names.insert(names.end(), {"TR_NoFunds", "GASLIMIT_PRICE_PRODUCT_OVERFLOW"}); break;
    case TxError::GasPriceProductOverflow: names.push_back("INSUFFICIENT_ACCOUNT_FUNDS"); break;
    case TxError::Type3ContractCreation: names.push_back("TR_BLOBCREATE"); break;
    case TxError::Type3ZeroBlobs: names.push_back("TR_EMPTYBLOB"); break;
    case TxError::InvalidBlobVersionedHash: names.push_back("TR_BLOBVERSION_INVALID"); break;
    case TxError::TooManyBlobs:
        names.insert(names.end(), {"TR_BLOBLIST_OVERSIZE", "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED"});
        break;
    case TxError::InsufficientMaxFeePerGas: names.push_back("TR_FeeCapLessThanBlocks"); break;
    case TxError::PriorityGreaterThanMaxFee: names.push_back("TR_TipGtFeeCap"); break;
    case TxError::GasAllowanceExceeded: names.push_back("TR_GasLimitReached"); break;
    default: break;
    }
    size_t start = 0;
    while (start <= expected.size()) {
        size_t end = expected.find('|', start);
        if (end == std::string::npos) end = expected.size();
        std::string_view alt(expected.data() + start, end - start);
        if (auto dot = alt.rfind('.'); dot != std::string_view::npos) alt.remove_prefix(dot + 1);
        for (std::string_view n : names)
            if (alt == n || (alt.starts_with(n) && n.starts_with("TR_"))) return true;
        start = end + 1;
    }
    return false;
}

int64_t intrinsic_gas(const Transaction& tx, Revision rev) noexcept {
    int64_t gas = 21000;
    if (!tx.to && rev >= Revision::Homestead) gas += 32000;
    const int64_t nonzero_cost = rev >= Revision::Istanbul ? 16 : 68;
    for (uint8_t b : tx.data) gas += b ? nonzero_cost : 4;
    for (const AccessListEntry& e : tx.access_list) gas += 2400 + 1900 * static_cast<int64_t>(e.keys.size());
    if (!tx.to && rev >= Revision::Shanghai) gas += 2 * static_cast<int64_t>((tx.data.size() + 31) / 32);
    gas += 25000 * static_cast<int64_t>(tx.authorizations.size());  // EIP-7702 PER_EMPTY_ACCOUNT_COST
    return gas;
}

int64_t floor_data_gas(const Transaction& tx) noexcept {
    int64_t tokens = 0;
    for (uint8_t b : tx.data) tokens += b ? 4 : 1;
    return 21000 + 10 * tokens;
}

uint256 blob_base_fee(uint64_t excess_blob_gas, uint64_t update_fraction) {
    // fake_exponential(1, excess, fraction) from EIP-4844.
    const uint256 denominator = update_fraction;
    const uint256 numerator = excess_blob_gas;
    uint256 output = 0;
    uint256 accum = denominator;  // factor (1) * denominator
    for (uint64_t i = 1; accum; ++i) {
        output = output + accum;
        accum = (accum * numerator) / (denominator * uint256(i));
    }
    return output / denominator;
}

Address address_from_secret_key(const Bytes32& secret) {
    static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN);
    secp256k1_pubkey pub;
    if (!secp256k1_ec_pubkey_create(ctx, &pub, secret.bytes.data())) throw core::Error("invalid secret key");
    return address_of(ctx, pub);
}

std::optional<Address> recover_signer(const Bytes32& digest, const uint256& y_parity, const uint256& r,
                                      const uint256& s, bool low_s) {
    // secp256k1 group order n and n/2 (EIP-2 low-s rule).
    static const uint256 n = parse_uint256("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    static const uint256 half_n = n >> 1;
    if (y_parity > uint256(1) || !r || !s || r >= n || s >= n || (low_s && s > half_n)) return std::nullopt;
    static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_VERIFY);
    uint8_t compact[64];
    store_be(compact, r);
    store_be(compact + 32, s);
    secp256k1_ecdsa_recoverable_signature sig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, compact, static_cast<int>(y_parity.w[0])))
        return std::nullopt;
    secp256k1_pubkey pub;
    if (!secp256k1_ecdsa_recover(ctx, &pub, &sig, digest.bytes.data())) return std::nullopt;
    return address_of(ctx, pub);
}

Signature sign_digest(const Bytes32& digest, const Bytes32& secret) {
    static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN);
    secp256k1_ecdsa_recoverable_signature sig;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest.bytes.data(), secret.bytes.data(), nullptr, nullptr))
        throw core::Error("invalid secret key");
    uint8_t compact[64];
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &sig);
    Signature out;
    out.y_parity = static_cast<uint8_t>(recid);
    out.r = load_be(compact);
    out.s = load_be(compact + 32);
    return out;
}

std::optional<Address> recover_authority(const uint256& chain_id, const Address& address, const uint256& nonce,
                                         const uint256& y_parity, const uint256& r, const uint256& s) {
    std::vector<core::Bytes> fields;
    fields.push_back(rlp::encode_uint(chain_id));
    fields.push_back(rlp::encode_bytes(address.bytes.data(), address.bytes.size()));
    fields.push_back(rlp::encode_uint(nonce));
    core::Bytes msg{0x05};  // EIP-7702 MAGIC
    const core::Bytes list = rlp::encode_list(fields);
    msg.insert(msg.end(), list.begin(), list.end());
    return recover_signer(keccak256(msg.data(), msg.size()), y_parity, r, s, true);
}

TxContext block_tx_context(const BlockInfo& block, Revision rev) {
    TxContext ctx;
    ctx.coinbase = block.coinbase;
    ctx.block_number = block.number;
    ctx.block_timestamp = block.timestamp;
    ctx.block_gas_limit = block.gas_limit;
    ctx.prev_randao = rev >= Revision::Paris ? block.prev_randao : block.difficulty;
    ctx.chain_id = block.chain_id;
    ctx.base_fee = rev >= Revision::London ? block.base_fee : uint256{};
    ctx.blob_base_fee = rev >= Revision::Cancun ? blob_base_fee(block.excess_blob_gas, blob_update_fraction(block, rev))
                                                : uint256{};
    return ctx;
}

uint64_t blob_update_fraction(const BlockInfo& block, Revision rev) noexcept {
    return block.blob_base_fee_update_fraction ? block.blob_base_fee_update_fraction : default_update_fraction(rev);
}

uint64_t max_blobs_per_block(const BlockInfo& block, Revision rev) noexcept {
    return block.max_blobs ? block.max_blobs : default_max_blobs(rev);
}

namespace {

/// The validity checks of a transaction against the state before it (evaluation order as in the
/// reference clients, so the first failing rule names the rejection).
TxError validate(const State& state, const BlockInfo& block, const Transaction& tx, Revision rev,
                 const uint256& blob_fee, uint64_t max_blobs) {
    switch (tx.type) {
    case 4:
        if (rev < Revision::Prague) return TxError::TypeNotSupported;
        if (!tx.to) return TxError::Type4ContractCreation;
        if (tx.authorizations.empty()) return TxError::Type4EmptyAuthorizationList;
        if (tx.max_priority_fee_per_gas > tx.max_fee_per_gas) return TxError::PriorityGreaterThanMaxFee;
        break;
    case 3:
        if (rev < Revision::Cancun) return TxError::TypeNotSupported;
        if (!tx.to) return TxError::Type3ContractCreation;
        if (tx.blob_hashes.empty()) return TxError::Type3ZeroBlobs;
        if (tx.max_fee_per_blob_gas < blob_fee) return TxError::InsufficientMaxFeePerBlobGas;
        for (const Bytes32& h : tx.blob_hashes)
            if (h.bytes[0] != 0x01) return TxError::InvalidBlobVersionedHash;
        if (tx.blob_hashes.size() > max_blobs) return TxError::TooManyBlobs;
        if (rev >= Revision::Osaka && tx.blob_hashes.size() > osaka_max_blobs_per_tx) return TxError::TooManyBlobs;
        [[fallthrough]];
    case 2:
        if (rev < Revision::London) return TxError::TypeNotSupported;
        if (tx.max_priority_fee_per_gas > tx.max_fee_per_gas) return TxError::PriorityGreaterThanMaxFee;
        [[fallthrough]];
    case 1:
        if (rev < Revision::Berlin) return TxError::TypeNotSupported;
        break;
    default: break;
    }
    const uint256 max_price = tx.type >= 2 ? tx.max_fee_per_gas : tx.gas_price;
    if (rev >= Revision::Osaka && tx.gas_limit > osaka_tx_gas_cap) return TxError::GasLimitExceedsMaximum;
    if (tx.gas_limit > block.gas_limit) return TxError::GasAllowanceExceeded;
    if (rev >= Revision::London && max_price < block.base_fee) return TxError::InsufficientMaxFeePerGas;

    const Account* sender = state.find(tx.sender);
    const uint64_t nonce = sender ? sender->nonce : 0;
    if (sender && !sender->code.empty() && !is_delegation(sender->code)) return TxError::SenderNotEoa;  // EIP-3607
    if (nonce == UINT64_MAX) return TxError::NonceIsMax;               // EIP-2681
    if (nonce != tx.nonce) return TxError::NonceMismatch;
    if (rev >= Revision::Shanghai && !tx.to && tx.data.size() > max_initcode_size)
        return TxError::InitcodeSizeExceeded;

    auto gas_cost = checked_mul(uint256(static_cast<uint64_t>(tx.gas_limit)), max_price);
    if (!gas_cost) return TxError::GasPriceProductOverflow;
    auto blob_cost =
        checked_mul(uint256(static_cast<uint64_t>(gas_per_blob) * tx.blob_hashes.size()), tx.max_fee_per_blob_gas);
    std::optional<uint256> total = blob_cost ? checked_add(*gas_cost, *blob_cost) : std::nullopt;
    if (total) total = checked_add(*total, tx.value);
    const uint256 balance = sender ? sender->balance : uint256{};
    if (!total || *total > balance) return TxError::InsufficientAccountFunds;

    int64_t required = intrinsic_gas(tx, rev);
    if (rev >= Revision::Prague) required = std::max(required, floor_data_gas(tx));
    if (tx.gas_limit < required) return TxError::IntrinsicGasTooLow;
    return TxError::None;
}

}  // namespace

TxResult apply_transaction(State& state, const BlockInfo& block, const Transaction& tx, Revision rev,
                           const ExecOptions& options) {
    TxResult res;
    const uint64_t max_blobs = max_blobs_per_block(block, rev);
    const uint256 blob_fee =
        rev >= Revision::Cancun ? blob_base_fee(block.excess_blob_gas, blob_update_fraction(block, rev)) : uint256{};

    res.error = validate(state, block, tx, rev, blob_fee, max_blobs);
    if (res.error != TxError::None) return res;

    const uint256 base_fee = rev >= Revision::London ? block.base_fee : uint256{};
    const uint256 effective_price =
        tx.type >= 2 ? std::min(tx.max_fee_per_gas, base_fee + tx.max_priority_fee_per_gas,
                                [](const uint256& a, const uint256& b) { return a < b; })
                     : tx.gas_price;
    const uint256 gas_limit = static_cast<uint64_t>(tx.gas_limit);
    const uint256 blob_gas = static_cast<uint64_t>(gas_per_blob) * tx.blob_hashes.size();

    // Buy gas, bump the nonce.
    state.set_nonce(tx.sender, tx.nonce + 1);
    state.sub_balance(tx.sender, gas_limit * effective_price + blob_gas * blob_fee);
    state.touch(tx.sender);

    TxContext ctx = block_tx_context(block, rev);
    ctx.gas_price = effective_price;
    ctx.origin = tx.sender;
    ctx.blob_hashes = tx.blob_hashes.data();
    ctx.blob_hashes_count = tx.blob_hashes.size();
    StateHost host(state, rev, ctx, options);
    host.set_block_hashes(block.block_hashes);

    // EIP-2929/2930/3651 warm sets.
    if (rev >= Revision::Berlin) {
        state.access_account(tx.sender);
        if (tx.to) state.access_account(*tx.to);
        for (uint8_t i = 1; i <= 0x11; ++i)
            if (is_precompile(precompile_address(i), rev)) state.access_account(precompile_address(i));
        Address p256 = precompile_address(0);  // EIP-7951 P256VERIFY at 0x0100 (Osaka)
        p256.bytes[18] = 1;
        if (is_precompile(p256, rev)) state.access_account(p256);
        if (rev >= Revision::Shanghai) state.access_account(block.coinbase);
        for (const AccessListEntry& e : tx.access_list) {
            state.access_account(e.address);
            for (const uint256& k : e.keys) state.access_storage(e.address, k);
        }
    }

    // EIP-7702: apply the authorizations (invalid tuples are skipped, not fatal).
    int64_t auth_refund = 0;
    for (const Authorization& auth : tx.authorizations) {
        if (auth.chain_id && auth.chain_id != block.chain_id) continue;
        if (!auth.nonce.fits_u64() || auth.nonce.w[0] == UINT64_MAX || !auth.authority) continue;
        const Address& authority = *auth.authority;
        state.access_account(authority);
        const Account* a = state.find(authority);
        if (a && !a->code.empty() && !is_delegation(a->code)) continue;
        if ((a ? a->nonce : 0) != auth.nonce.w[0]) continue;
        if (a && !a->is_empty()) auth_refund += 25000 - 12500;  // PER_EMPTY_ACCOUNT_COST - PER_AUTH_BASE_COST
        core::Bytes code;
        if (auth.address != Address{}) {
            code = {0xef, 0x01, 0x00};
            code.insert(code.end(), auth.address.bytes.begin(), auth.address.bytes.end());
        }
        state.set_code(authority, std::move(code));
        state.set_nonce(authority, auth.nonce.w[0] + 1);
        state.touch(authority);
    }
    if (tx.to) {
        // The delegation target of the recipient is warm for the top-level call.
        if (const Account* a = state.find(*tx.to); a && is_delegation(a->code))
            state.access_account(delegation_target(a->code));
    }

    Message msg;
    msg.kind = tx.to ? CallKind::Call : CallKind::Create;
    msg.depth = 0;
    msg.gas = tx.gas_limit - intrinsic_gas(tx, rev);
    msg.sender = tx.sender;
    msg.recipient = tx.to ? *tx.to : Address{};
    msg.code_address = msg.recipient;
    msg.input = tx.data.data();
    msg.input_size = tx.data.size();
    msg.value = tx.value;
    const Result r = tx.to ? host.call(msg) : host.create_from_transaction(msg);
    res.status = r.status;
    res.unsupported_precompile = host.unsupported_precompile();

    int64_t gas_used = tx.gas_limit - r.gas_left;
    if (r.status == StatusCode::Success) {
        const int64_t cap = gas_used / (rev >= Revision::London ? 5 : 2);  // EIP-3529
        gas_used -= std::min(r.gas_refund + auth_refund, cap);
    } else {
        gas_used -= std::min(auth_refund, gas_used / (rev >= Revision::London ? 5 : 2));
    }
    if (rev >= Revision::Prague) gas_used = std::max(gas_used, floor_data_gas(tx));  // EIP-7623
    res.gas_used = gas_used;

    state.add_balance(tx.sender, uint256(static_cast<uint64_t>(tx.gas_limit - gas_used)) * effective_price);
    state.add_balance(block.coinbase, uint256(static_cast<uint64_t>(gas_used)) * (effective_price - base_fee));
    state.touch(block.coinbase);
    state.finalize_transaction(rev >= Revision::SpuriousDragon);
    return res;
}

}  // namespace trellis::evm
