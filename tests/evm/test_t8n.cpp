// Unit tests of the t8n building blocks: EIP-55 checksums, transaction envelopes (sign, encode, decode, recover),
// blooms and the EIP-1559 / EIP-7685 header values.
#include <catch2/catch.hpp>

#include "trellis/core/error.hpp"
#include "trellis/evm/block.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/t8n.hpp"
#include "trellis/evm/tx_codec.hpp"

using namespace trellis;
using namespace trellis::evm;

namespace {
Address addr(const char* hex) {
    const core::Bytes b = core::from_hex(hex);
    Address a;
    std::copy(b.begin(), b.end(), a.bytes.begin());
    return a;
}
Bytes32 key() { return to_bytes32(parse_uint256("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8")); }
}  // namespace

TEST_CASE("EIP-55 checksum addresses (the EIP's own examples)", "[evm][t8n]") {
    for (const char* s : {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                          "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"})
        CHECK(checksum_address(addr(s)) == s);
}

TEST_CASE("transactions survive sign, encode, decode and recover for every type", "[evm][t8n]") {
    const Address sender = address_from_secret_key(key());
    CHECK(core::to_hex(sender.bytes) == "a94f5374fce5edbc8e2a8697c15331677e6ebf0b");
    for (uint8_t type : {0, 1, 2, 3, 4}) {
        SignedTransaction stx;
        stx.tx.type = type;
        stx.tx.nonce = 7;
        stx.tx.gas_limit = 100000;
        stx.tx.to = addr("0x1000000000000000000000000000000000000000");
        stx.tx.value = 5;
        stx.tx.data = {1, 2, 3};
        stx.tx.gas_price = 10;
        stx.tx.max_fee_per_gas = 20;
        stx.tx.max_priority_fee_per_gas = 2;
        if (type >= 1) stx.tx.access_list.push_back({addr("0x2000000000000000000000000000000000000000"), {uint256(1)}});
        if (type == 3) stx.tx.blob_hashes.push_back(to_bytes32(uint256(1) << 248));
        if (type == 4) stx.tx.authorizations.push_back({uint256(1), sender, uint256(0), std::nullopt, 1, 2, 3});
        stx.chain_id = uint256(1);
        sign_transaction(stx, key());
        CHECK(stx.tx.sender == sender);
        const core::Bytes enc = encode_transaction(stx);
        CHECK((type == 0 ? enc[0] >= 0xc0 : enc[0] == type));
        const SignedTransaction back = decode_transaction(enc);
        CHECK(encode_transaction(back) == enc);
        REQUIRE(recover_sender(back));
        CHECK(*recover_sender(back) == sender);
        SignedTransaction tampered = back;
        tampered.tx.nonce = 8;
        CHECK(recover_sender(tampered) != std::optional<Address>(sender));
    }
    CHECK_THROWS_AS(decode_transaction(core::from_hex("05c0")), core::Error);
    CHECK_THROWS_AS(decode_transaction(core::from_hex("c3010203")), core::Error);
}

TEST_CASE("blooms, base fee and requests hash", "[evm][t8n]") {
    Log log;
    log.address = addr("0x1000000000000000000000000000000000000000");
    const Bloom b = logs_bloom({log});
    int bits = 0;
    for (uint8_t byte : b) bits += __builtin_popcount(byte);
    CHECK(bits >= 1);
    CHECK(bits <= 3);
    CHECK(logs_bloom({}) == Bloom{});
    // EIP-1559: at target the fee stays, a full block raises it by 1/8, an empty one lowers it by 1/8.
    CHECK(next_base_fee(1000, 50, 100) == uint256(1000));
    CHECK(next_base_fee(1000, 100, 100) == uint256(1125));
    CHECK(next_base_fee(1000, 0, 100) == uint256(875));
    // EIP-7685: no requests hash to sha256 of the empty string.
    CHECK(core::to_hex(requests_hash({}).bytes) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(requests_hash({core::Bytes{0}}) == requests_hash({}));  // a type with empty data is left out
    CHECK(requests_hash({core::Bytes{0, 1}}) != requests_hash({}));
}
