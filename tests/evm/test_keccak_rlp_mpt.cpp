// Tests for Keccak-256 (keccak.hpp), RLP (rlp.hpp, Yellow Paper appendix B) and the Merkle Patricia Trie root
// (mpt.hpp, Yellow Paper appendix D): published vectors, and state roots recomputed from real EEST fixtures
// following shared/testdata/evm/README.md.
#include <catch2/catch.hpp>
#include <cryptopp/keccak.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "trellis/core/error.hpp"
#include "trellis/core/hex.hpp"
#include "trellis/evm/keccak.hpp"
#include "trellis/evm/mpt.hpp"
#include "trellis/evm/rlp.hpp"

namespace evm = trellis::evm;
namespace rlp = trellis::evm::rlp;
namespace core = trellis::core;
using core::Bytes;

namespace {

Bytes str(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::string hex(const evm::Bytes32& h) { return core::to_hex(h.bytes); }
std::string hex(const Bytes& b) { return core::to_hex(b); }

std::filesystem::path testdata_dir() {
    if (const char* env = std::getenv("TRELLIS_TESTDATA")) return std::filesystem::path(env) / "evm";
    // tests/evm/<this file> -> repository root -> its sibling shared/testdata (GUIDE.md section 5).
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path() / "shared" /
           "testdata" / "evm";
}

}  // namespace

TEST_CASE("keccak256 published vectors", "[keccak]") {
    CHECK(hex(evm::keccak256(nullptr, 0)) == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    CHECK(hex(evm::keccak256(str("abc"))) == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    CHECK(hex(evm::keccak256(str("The quick brown fox jumps over the lazy dog"))) ==
          "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
    // keccak256(RLP("")) and keccak256(RLP([])): the empty trie root and the empty logs hash.
    CHECK(hex(evm::keccak256(Bytes{0x80})) == "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    CHECK(hex(evm::keccak256(Bytes{0xc0})) == "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
}

TEST_CASE("keccak256 is consistent across block boundaries", "[keccak]") {
    // Inputs straddling the 136-byte rate: hashing the same bytes through both overloads and from different
    // buffers must agree, and distinct lengths must give distinct digests.
    Bytes data(600);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7 + 3);
    evm::Bytes32 previous{};
    for (size_t n : {135u, 136u, 137u, 271u, 272u, 273u, 599u}) {
        const Bytes copy(data.begin(), data.begin() + static_cast<long>(n));
        const evm::Bytes32 h = evm::keccak256(data.data(), n);
        CHECK(h == evm::keccak256(copy));
        CHECK(h != previous);
        previous = h;
    }
}

TEST_CASE("keccak256 equals Crypto++'s Keccak_256 on every length up to four blocks", "[keccak]") {
    // The permutation and sponge are our own (keccak.cpp); Crypto++'s Keccak_256 (the implementation before
    // session 8) is the oracle: every length 0..600 (rate boundaries 136, 272, 408, 544 and the padding byte
    // landing on the rate's last byte at lengths 135, 271, ...) over pseudo-random bytes.
    Bytes data(600);
    uint64_t x = 0x9e3779b97f4a7c15;
    for (auto& byte : data) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        byte = static_cast<uint8_t>(x);
    }
    int mismatches = 0;
    for (size_t n = 0; n <= data.size(); ++n) {
        CryptoPP::Keccak_256 oracle;
        oracle.Update(data.data(), n);
        evm::Bytes32 expected;
        oracle.Final(expected.bytes.data());
        if (evm::keccak256(data.data(), n) != expected) {
            INFO("length " << n);
            CHECK(hex(evm::keccak256(data.data(), n)) == hex(expected));
            ++mismatches;
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("RLP encodes the Yellow Paper / wiki vectors", "[rlp]") {
    CHECK(hex(rlp::encode_bytes(str("dog"))) == "83646f67");
    CHECK(hex(rlp::encode_list({rlp::encode_bytes(str("cat")), rlp::encode_bytes(str("dog"))})) ==
          "c88363617483646f67");
    CHECK(hex(rlp::encode_bytes(Bytes{})) == "80");
    CHECK(hex(rlp::encode_list({})) == "c0");
    CHECK(hex(rlp::encode_uint(uint64_t{0})) == "80");
    CHECK(hex(rlp::encode_uint(evm::uint256(0))) == "80");
    CHECK(hex(rlp::encode_bytes(Bytes{0x00})) == "00");
    CHECK(hex(rlp::encode_uint(uint64_t{15})) == "0f");
    CHECK(hex(rlp::encode_uint(uint64_t{1024})) == "820400");
    CHECK(hex(rlp::encode_uint(uint64_t{0x80})) == "8180");
    CHECK(hex(rlp::encode_uint(evm::uint256::max())) == "a0" + std::string(64, 'f'));
    // The set-theoretical representation of three: [ [], [[]], [ [], [[]] ] ].
    const Bytes empty = rlp::encode_list({});
    const Bytes one = rlp::encode_list({empty});
    CHECK(hex(rlp::encode_list({empty, one, rlp::encode_list({empty, one})})) == "c7c0c1c0c3c0c1c0");
    // A 56-byte string needs the long form.
    const Bytes lorem = str("Lorem ipsum dolor sit amet, consectetur adipisicing elit");
    REQUIRE(lorem.size() == 56);
    CHECK(hex(rlp::encode_bytes(lorem)) == "b838" + hex(lorem));
    // A list with a 56+ byte payload uses 0xf8 + length.
    CHECK(hex(rlp::encode_list({rlp::encode_bytes(lorem)})) == "f83a" + ("b838" + hex(lorem)));
}

TEST_CASE("RLP decoder round-trips and rejects non-canonical input", "[rlp]") {
    const Bytes lorem = str("Lorem ipsum dolor sit amet, consectetur adipisicing elit");
    const Bytes nested = rlp::encode_list(
        {rlp::encode_bytes(str("cat")), rlp::encode_list({rlp::encode_uint(uint64_t{1024}), rlp::encode_list({})}),
         rlp::encode_bytes(lorem), rlp::encode_uint(uint64_t{0})});
    const rlp::Item item = rlp::decode(nested);
    REQUIRE(item.is_list);
    REQUIRE(item.children.size() == 4);
    CHECK(Bytes(item.children[0].payload.begin(), item.children[0].payload.end()) == str("cat"));
    REQUIRE(item.children[1].is_list);
    CHECK(rlp::to_u64(item.children[1].children[0]) == 1024);
    CHECK(item.children[1].children[1].is_list);
    CHECK(item.children[1].children[1].children.empty());
    CHECK(Bytes(item.children[2].payload.begin(), item.children[2].payload.end()) == lorem);
    CHECK(rlp::to_uint(item.children[3]) == 0);
    CHECK(item.raw.size() == nested.size());

    CHECK_THROWS_AS(rlp::decode(Bytes{}), core::Error);
    CHECK_THROWS_AS(rlp::decode(Bytes{0x83, 'd', 'o'}), core::Error);           // truncated
    CHECK_THROWS_AS(rlp::decode(Bytes{0x83, 'd', 'o', 'g', 0}), core::Error);   // trailing byte
    CHECK_THROWS_AS(rlp::decode(Bytes{0x81, 0x05}), core::Error);               // single byte with prefix
    CHECK_THROWS_AS(rlp::decode(Bytes{0xb8, 0x02, 'a', 'b'}), core::Error);     // long form below 56
    CHECK_THROWS_AS(rlp::decode(Bytes{0xb9, 0x00, 0x38}), core::Error);         // length with leading zero
    CHECK_THROWS_AS(rlp::decode(Bytes{0xc3, 0x83, 'a', 'b'}), core::Error);     // child overruns list
    CHECK_THROWS_AS(rlp::decode(Bytes{0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), core::Error);
    CHECK_THROWS_AS(rlp::to_uint(rlp::decode(Bytes{0x82, 0x00, 0x01})), core::Error);  // leading zero scalar
    CHECK_THROWS_AS(rlp::to_u64(rlp::decode(rlp::encode_uint(evm::uint256(0, 1, 0, 0)))), core::Error);
    Bytes deep = rlp::encode_list({});  // 100 nested lists: deeper than the decoder's 64 levels
    for (int i = 0; i < 100; ++i) deep = rlp::encode_list({deep});
    CHECK_THROWS_AS(rlp::decode(deep), core::Error);
    Bytes shallow = rlp::encode_list({});
    for (int i = 0; i < 30; ++i) shallow = rlp::encode_list({shallow});
    CHECK_NOTHROW(rlp::decode(shallow));
}

TEST_CASE("RLP splits typed and legacy transaction envelopes", "[rlp]") {
    const Bytes fields = rlp::encode_list({rlp::encode_uint(uint64_t{1}), rlp::encode_bytes(str("xyz"))});
    const rlp::TxEnvelope legacy = rlp::decode_tx_envelope(fields);
    CHECK(legacy.type == 0);
    CHECK(legacy.body.children.size() == 2);
    Bytes typed{0x02};
    typed.insert(typed.end(), fields.begin(), fields.end());
    const rlp::TxEnvelope t2 = rlp::decode_tx_envelope(typed);
    CHECK(t2.type == 2);
    CHECK(rlp::to_u64(t2.body.children[0]) == 1);
    CHECK_THROWS_AS(rlp::decode_tx_envelope(Bytes{}), core::Error);
    CHECK_THROWS_AS(rlp::decode_tx_envelope(rlp::encode_bytes(str("not a list"))), core::Error);
    Bytes bad_type{0x00};
    bad_type.insert(bad_type.end(), fields.begin(), fields.end());
    CHECK_THROWS_AS(rlp::decode_tx_envelope(bad_type), core::Error);
}

TEST_CASE("trie roots: published vectors", "[mpt]") {
    using Entries = std::vector<std::pair<Bytes, Bytes>>;
    CHECK(hex(evm::trie_root({})) == "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    CHECK(evm::empty_trie_root() == evm::trie_root({}));
    CHECK(hex(evm::trie_root(Entries{{str("A"), Bytes(50, 'a')}})) ==
          "d23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab");
    const Entries dogs{{str("doe"), str("reindeer")}, {str("dog"), str("puppy")}, {str("dogglesworth"), str("cat")}};
    CHECK(hex(evm::trie_root(dogs)) == "8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3");
    // Order does not matter; a repeated key keeps its last value; an empty value means absent.
    const Entries shuffled{{str("dogglesworth"), str("cat")}, {str("dog"), str("wolf")}, {str("doe"), str("reindeer")},
                           {str("dog"), str("puppy")}, {str("cow"), Bytes{}}};
    CHECK(evm::trie_root(shuffled) == evm::trie_root(dogs));
    // ethereum/tests trieanyorder "puppy": a key that ends at a branch ("do", "dog") and an extension.
    const Entries puppy{{str("do"), str("verb")}, {str("horse"), str("stallion")}, {str("doge"), str("coin")},
                        {str("dog"), str("puppy")}};
    CHECK(hex(evm::trie_root(puppy)) == "5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
}

TEST_CASE("trie roots: state roots of EEST fixtures rebuilt from their post `state`", "[mpt][fixtures]") {
    const auto dir = testdata_dir() / "state_tests" / "eest";
    if (!std::filesystem::exists(dir)) {
        WARN("test data not found at " << dir.string() << " (set TRELLIS_TESTDATA); skipped");
        return;
    }
    int checked = 0;
    for (const auto& file : std::filesystem::recursive_directory_iterator(dir)) {
        if (file.path().extension() != ".json") continue;
        std::ifstream in(file.path());
        const nlohmann::json doc = nlohmann::json::parse(in);
        for (const auto& [name, test] : doc.items()) {
            for (const auto& [fork, results] : test.at("post").items()) {
                for (const auto& result : results) {
                    if (!result.contains("state")) continue;
                    // The README recipe: storage tries, then the account trie over keccak'd addresses.
                    std::vector<std::pair<Bytes, Bytes>> accounts;
                    for (const auto& [addr, acc] : result.at("state").items()) {
                        std::vector<std::pair<Bytes, Bytes>> slots;
                        for (const auto& [slot, value] : acc.at("storage").items()) {
                            const evm::uint256 v = evm::parse_uint256(value.get<std::string>());
                            if (!v) continue;
                            const auto key = evm::to_be_bytes(evm::parse_uint256(slot));
                            const evm::Bytes32 hk = evm::keccak256(key.data(), key.size());
                            slots.emplace_back(Bytes(hk.bytes.begin(), hk.bytes.end()), rlp::encode_uint(v));
                        }
                        const evm::Bytes32 storage_root = evm::trie_root(std::move(slots));
                        const Bytes code = core::from_hex(acc.at("code").get<std::string>());
                        const evm::Bytes32 code_hash = evm::keccak256(code);
                        const Bytes account = rlp::encode_list(
                            {rlp::encode_uint(evm::parse_uint256(acc.at("nonce").get<std::string>())),
                             rlp::encode_uint(evm::parse_uint256(acc.at("balance").get<std::string>())),
                             rlp::encode_bytes(storage_root.bytes), rlp::encode_bytes(code_hash.bytes)});
                        const evm::Bytes32 ha = evm::keccak256(core::from_hex(addr));
                        accounts.emplace_back(Bytes(ha.bytes.begin(), ha.bytes.end()), account);
                    }
                    INFO(file.path().filename().string() << " " << name << " " << fork);
                    CHECK("0x" + hex(evm::trie_root(std::move(accounts))) == result.at("hash").get<std::string>());
                    ++checked;
                }
            }
        }
    }
    CHECK(checked > 0);
    WARN("state roots recomputed: " << checked);
}
