/// @file rlp.cpp
/// RLP encoder and canonical decoder (Yellow Paper appendix B; EIP-2718 typed-transaction envelopes).
#include "trellis/evm/rlp.hpp"

#include <string>

#include "trellis/core/error.hpp"

namespace trellis::evm::rlp {

namespace {

/// Appends the big-endian bytes of `n` without leading zeros.
void append_be_length(core::Bytes& out, uint64_t n) {
    uint8_t buf[8];
    int len = 0;
    while (n != 0) {
        buf[len++] = static_cast<uint8_t>(n & 0xff);
        n >>= 8;
    }
    while (len > 0) out.push_back(buf[--len]);
}

/// Header for a payload of `len` bytes; `short_base` is 0x80 for strings, 0xc0 for lists.
void append_header(core::Bytes& out, size_t len, uint8_t short_base) {
    if (len <= 55) {
        out.push_back(static_cast<uint8_t>(short_base + len));
        return;
    }
    uint8_t lenlen = 0;
    for (uint64_t n = len; n != 0; n >>= 8) ++lenlen;
    out.push_back(static_cast<uint8_t>(short_base + 55 + lenlen));
    append_be_length(out, len);
}

[[noreturn]] TRELLIS_COLD void fail(const std::string& what) { throw core::Error("RLP: " + what); }

constexpr int max_depth = 64;

/// Decodes the item at the start of `in`; returns it and sets `consumed` to its encoded length.
Item decode_one(core::BytesView in, size_t& consumed, int depth) {
    if (in.empty()) fail("unexpected end of input");
    if (depth > max_depth) fail("nesting deeper than " + std::to_string(max_depth) + " levels");
    const uint8_t b0 = in[0];
    Item item;
    size_t header = 1, len = 0;
    if (b0 < 0x80) {  // a single byte is its own encoding
        header = 0;
        len = 1;
    } else if (b0 <= 0xb7) {
        len = b0 - 0x80u;
        if (len == 1) {
            if (in.size() < 2) fail("truncated string");
            if (in[1] < 0x80) fail("single byte below 0x80 must not carry a string prefix");
        }
    } else if (b0 < 0xc0 || (b0 > 0xf7)) {  // long string or long list
        item.is_list = b0 > 0xf7;
        const size_t lenlen = item.is_list ? b0 - 0xf7u : b0 - 0xb7u;
        if (in.size() < 1 + lenlen) fail("truncated length");
        if (in[1] == 0) fail("length with leading zero bytes");
        if (lenlen > 8) fail("length too large");
        uint64_t n = 0;
        for (size_t i = 0; i < lenlen; ++i) n = (n << 8) | in[1 + i];
        if (n < 56) fail("long-form length below 56");
        header = 1 + lenlen;
        if (n > in.size() - header) fail("truncated payload");
        len = static_cast<size_t>(n);
    } else {  // short list
        item.is_list = true;
        len = b0 - 0xc0u;
    }
    if (len > in.size() - header) fail("truncated payload");
    item.payload = in.subspan(header, len);
    item.raw = in.subspan(0, header + len);
    consumed = header + len;
    if (item.is_list) {
        core::BytesView rest = item.payload;
        while (!rest.empty()) {
            size_t used = 0;
            item.children.push_back(decode_one(rest, used, depth + 1));
            rest = rest.subspan(used);
        }
    }
    return item;
}

}  // namespace

core::Bytes encode_bytes(core::BytesView bytes) {
    core::Bytes out;
    if (bytes.size() == 1 && bytes[0] < 0x80) {
        out.push_back(bytes[0]);
        return out;
    }
    out.reserve(bytes.size() + 9);
    append_header(out, bytes.size(), 0x80);
    out.insert(out.end(), bytes.begin(), bytes.end());
    return out;
}

core::Bytes encode_uint(const uint256& value) {
    uint8_t buf[32];
    store_be(buf, value);
    const unsigned n = count_significant_bytes(value);
    return encode_bytes(core::BytesView(buf + 32 - n, n));
}

core::Bytes encode_uint(uint64_t value) { return encode_uint(uint256(value)); }

core::Bytes encode_list(const std::vector<core::Bytes>& encoded_items) {
    size_t len = 0;
    for (const core::Bytes& item : encoded_items) len += item.size();
    core::Bytes out;
    out.reserve(len + 9);
    append_header(out, len, 0xc0);
    for (const core::Bytes& item : encoded_items) out.insert(out.end(), item.begin(), item.end());
    return out;
}

Item decode(core::BytesView input) {
    size_t consumed = 0;
    Item item = decode_one(input, consumed, 0);
    if (consumed != input.size())
        fail(std::to_string(input.size() - consumed) + " trailing bytes after the item");
    return item;
}

uint256 to_uint(const Item& item) {
    if (item.is_list) fail("expected a scalar, found a list");
    if (item.payload.size() > 32) fail("scalar longer than 32 bytes");
    if (!item.payload.empty() && item.payload[0] == 0) fail("scalar with leading zero bytes");
    return load_be_partial(item.payload.data(), item.payload.size());
}

uint64_t to_u64(const Item& item) {
    const uint256 v = to_uint(item);
    if (!v.fits_u64()) fail("scalar longer than 8 bytes");
    return v.w[0];
}

TxEnvelope decode_tx_envelope(core::BytesView tx_bytes) {
    if (tx_bytes.empty()) fail("empty transaction");
    TxEnvelope env;
    if (tx_bytes[0] >= 0xc0) {
        env.type = 0;
        env.body = decode(tx_bytes);
    } else {
        if (tx_bytes[0] >= 0x80 || tx_bytes[0] == 0)
            fail("transaction type byte out of range (EIP-2718: 0x01-0x7f)");
        env.type = tx_bytes[0];
        env.body = decode(tx_bytes.subspan(1));
    }
    if (!env.body.is_list) fail("transaction body is not a list");
    return env;
}

}  // namespace trellis::evm::rlp
