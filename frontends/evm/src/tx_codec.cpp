/// @file tx_codec.cpp
/// Transaction envelopes, signing hashes, signing and sender recovery (tx_codec.hpp): Yellow Paper section 4.2 and
/// appendix F, EIP-155, EIP-2718, EIP-2930, EIP-1559, EIP-4844, EIP-7702.
#include "trellis/evm/tx_codec.hpp"

#include <limits>
#include <string>

#include "trellis/core/error.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/rlp.hpp"

namespace trellis::evm {

namespace {

using Fields = std::vector<core::Bytes>;

core::Bytes enc_address(const Address& a) { return rlp::encode_bytes(a.bytes.data(), a.bytes.size()); }
core::Bytes enc_hash(const Bytes32& h) { return rlp::encode_bytes(h.bytes.data(), h.bytes.size()); }

core::Bytes enc_access_list(const std::vector<AccessListEntry>& list) {
    Fields entries;
    for (const AccessListEntry& e : list) {
        Fields keys;
        for (const uint256& k : e.keys) {
            uint8_t b[32];
            store_be(b, k);
            keys.push_back(rlp::encode_bytes(b, 32));
        }
        entries.push_back(rlp::encode_list({enc_address(e.address), rlp::encode_list(keys)}));
    }
    return rlp::encode_list(entries);
}

/// The fields a transaction of `stx.tx.type` signs, in the type's order (signature excluded).
Fields unsigned_fields(const SignedTransaction& stx) {
    const Transaction& t = stx.tx;
    const core::Bytes to = t.to ? enc_address(*t.to) : rlp::encode_bytes(core::BytesView());
    const core::Bytes chain = rlp::encode_uint(stx.chain_id.value_or(uint256{}));
    const core::Bytes gas = rlp::encode_uint(static_cast<uint64_t>(t.gas_limit));
    const core::Bytes data = rlp::encode_bytes(t.data);
    if (t.type == 0) return {rlp::encode_uint(t.nonce), rlp::encode_uint(t.gas_price), gas, to,
                             rlp::encode_uint(t.value), data};
    if (t.type == 1) return {chain, rlp::encode_uint(t.nonce), rlp::encode_uint(t.gas_price), gas, to,
                             rlp::encode_uint(t.value), data, enc_access_list(t.access_list)};
    Fields f{chain, rlp::encode_uint(t.nonce), rlp::encode_uint(t.max_priority_fee_per_gas),
             rlp::encode_uint(t.max_fee_per_gas), gas, to, rlp::encode_uint(t.value), data,
             enc_access_list(t.access_list)};
    if (t.type == 3) {
        f.push_back(rlp::encode_uint(t.max_fee_per_blob_gas));
        Fields hashes;
        for (const Bytes32& h : t.blob_hashes) hashes.push_back(enc_hash(h));
        f.push_back(rlp::encode_list(hashes));
    } else if (t.type == 4) {
        Fields auths;
        for (const Authorization& a : t.authorizations)
            auths.push_back(rlp::encode_list({rlp::encode_uint(a.chain_id), enc_address(a.address),
                                              rlp::encode_uint(a.nonce), rlp::encode_uint(a.y_parity),
                                              rlp::encode_uint(a.r), rlp::encode_uint(a.s)}));
        f.push_back(rlp::encode_list(auths));
    } else if (t.type != 2) {
        throw core::Error("transaction type " + std::to_string(t.type) + " not supported");
    }
    return f;
}

core::Bytes with_type(uint8_t type, const core::Bytes& list) {
    core::Bytes out{type};
    out.insert(out.end(), list.begin(), list.end());
    return out;
}

Address item_address(const rlp::Item& item) {
    if (item.is_list || item.payload.size() != 20) throw core::Error("expected a 20-byte address");
    Address a;
    std::copy(item.payload.begin(), item.payload.end(), a.bytes.begin());
    return a;
}

Bytes32 item_hash(const rlp::Item& item) {
    if (item.is_list || item.payload.size() != 32) throw core::Error("expected a 32-byte hash");
    Bytes32 h;
    std::copy(item.payload.begin(), item.payload.end(), h.bytes.begin());
    return h;
}

const std::vector<rlp::Item>& list_of(const rlp::Item& item) {
    if (!item.is_list) throw core::Error("expected an RLP list");
    return item.children;
}

std::vector<AccessListEntry> decode_access_list(const rlp::Item& item) {
    std::vector<AccessListEntry> out;
    for (const rlp::Item& e : list_of(item)) {
        const auto& pair = list_of(e);
        if (pair.size() != 2) throw core::Error("access list entry must be [address, keys]");
        AccessListEntry entry;
        entry.address = item_address(pair[0]);
        for (const rlp::Item& k : list_of(pair[1])) entry.keys.push_back(load_be(item_hash(k).bytes.data()));
        out.push_back(std::move(entry));
    }
    return out;
}

int64_t decode_gas(const rlp::Item& item) {
    const uint64_t g = rlp::to_u64(item);
    if (g > uint64_t(std::numeric_limits<int64_t>::max())) throw core::Error("gas limit above 2^63 - 1");
    return static_cast<int64_t>(g);
}

}  // namespace

core::Bytes encode_transaction(const SignedTransaction& stx) {
    Fields f = unsigned_fields(stx);
    f.push_back(rlp::encode_uint(stx.v));
    f.push_back(rlp::encode_uint(stx.r));
    f.push_back(rlp::encode_uint(stx.s));
    const core::Bytes list = rlp::encode_list(f);
    return stx.tx.type == 0 ? list : with_type(stx.tx.type, list);
}

Bytes32 transaction_hash(const SignedTransaction& stx) {
    const core::Bytes enc = encode_transaction(stx);
    return keccak256(enc.data(), enc.size());
}

Bytes32 signing_hash(const SignedTransaction& stx) {
    Fields f = unsigned_fields(stx);
    if (stx.tx.type == 0 && stx.chain_id) {  // EIP-155
        f.push_back(rlp::encode_uint(*stx.chain_id));
        f.push_back(rlp::encode_uint(uint64_t{0}));
        f.push_back(rlp::encode_uint(uint64_t{0}));
    }
    const core::Bytes list = rlp::encode_list(f);
    const core::Bytes msg = stx.tx.type == 0 ? list : with_type(stx.tx.type, list);
    return keccak256(msg.data(), msg.size());
}

SignedTransaction decode_transaction(core::BytesView envelope) {
    const rlp::TxEnvelope env = rlp::decode_tx_envelope(envelope);
    const auto& f = env.body.children;
    SignedTransaction stx;
    Transaction& t = stx.tx;
    t.type = env.type;
    static constexpr size_t field_count[] = {9, 11, 12, 14, 13};
    if (env.type > 4) throw core::Error("transaction type " + std::to_string(env.type) + " not supported");
    if (f.size() != field_count[env.type])
        throw core::Error("transaction type " + std::to_string(env.type) + " needs " +
                          std::to_string(field_count[env.type]) + " fields, got " + std::to_string(f.size()));
    size_t i = 0;
    if (t.type != 0) stx.chain_id = rlp::to_uint(f[i++]);
    t.nonce = rlp::to_u64(f[i++]);
    if (t.type <= 1) {
        t.gas_price = rlp::to_uint(f[i++]);
    } else {
        t.max_priority_fee_per_gas = rlp::to_uint(f[i++]);
        t.max_fee_per_gas = rlp::to_uint(f[i++]);
    }
    t.gas_limit = decode_gas(f[i++]);
    if (f[i].is_list) throw core::Error("expected an address or an empty string for 'to'");
    if (!f[i].payload.empty()) t.to = item_address(f[i]);
    ++i;
    t.value = rlp::to_uint(f[i++]);
    if (f[i].is_list) throw core::Error("expected a byte string for the data");
    t.data.assign(f[i].payload.begin(), f[i].payload.end());
    ++i;
    if (t.type != 0) t.access_list = decode_access_list(f[i++]);
    if (t.type == 3) {
        t.max_fee_per_blob_gas = rlp::to_uint(f[i++]);
        for (const rlp::Item& h : list_of(f[i++])) t.blob_hashes.push_back(item_hash(h));
    } else if (t.type == 4) {
        for (const rlp::Item& a : list_of(f[i++])) {
            const auto& af = list_of(a);
            if (af.size() != 6) throw core::Error("authorization must have 6 fields");
            Authorization auth;
            auth.chain_id = rlp::to_uint(af[0]);
            auth.address = item_address(af[1]);
            auth.nonce = rlp::to_uint(af[2]);
            auth.y_parity = rlp::to_uint(af[3]);
            auth.r = rlp::to_uint(af[4]);
            auth.s = rlp::to_uint(af[5]);
            auth.authority = recover_authority(auth.chain_id, auth.address, auth.nonce, auth.y_parity, auth.r, auth.s);
            t.authorizations.push_back(auth);
        }
    }
    stx.v = rlp::to_uint(f[i++]);
    stx.r = rlp::to_uint(f[i++]);
    stx.s = rlp::to_uint(f[i++]);
    if (t.type == 0 && stx.v >= uint256(35)) stx.chain_id = (stx.v - uint256(35)) >> 1;  // EIP-155
    return stx;
}

std::optional<Address> recover_sender(const SignedTransaction& stx, bool homestead) {
    uint256 parity = stx.v;
    if (stx.tx.type == 0) {
        if (stx.v == uint256(27) || stx.v == uint256(28))
            parity = stx.v - uint256(27);
        else if (stx.v >= uint256(35))
            parity = (stx.v - uint256(35)) & uint256(1);
        else
            return std::nullopt;
    }
    return recover_signer(signing_hash(stx), parity, stx.r, stx.s, homestead);
}

void sign_transaction(SignedTransaction& stx, const Bytes32& secret) {
    const Signature sig = sign_digest(signing_hash(stx), secret);
    stx.r = sig.r;
    stx.s = sig.s;
    if (stx.tx.type != 0)
        stx.v = sig.y_parity;
    else if (stx.chain_id)
        stx.v = *stx.chain_id * uint256(2) + uint256(35 + sig.y_parity);
    else
        stx.v = uint256(27 + sig.y_parity);
    stx.tx.sender = address_from_secret_key(secret);
}

}  // namespace trellis::evm
