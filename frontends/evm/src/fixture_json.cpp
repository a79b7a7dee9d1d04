/// @file fixture_json.cpp
/// JSON helpers for the conformance fixtures (fixture_json.hpp).
#include "fixture_json.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "trellis/core/error.hpp"

namespace trellis::evm::fixture {

json read_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw core::Error(path + ": cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        return json::parse(ss.str());
    } catch (const json::exception& e) {
        throw core::Error(path + ": invalid JSON: " + e.what());
    }
}

static std::string text_of(const json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_unsigned()) return std::to_string(j.get<uint64_t>());
    throw core::Error("expected a hex string, got " + j.dump());
}

uint256 quantity(const json& j) {
    std::string t = text_of(j);
    if (t == "0x" || t == "0X" || t.empty()) return {};
    return parse_uint256(t);
}

uint64_t quantity_u64(const json& j) {
    const uint256 v = quantity(j);
    if (!v.fits_u64()) throw core::Error("value does not fit 64 bits: " + j.dump());
    return v.w[0];
}

template <size_t N>
static std::array<uint8_t, N> fixed(const json& j) {
    const core::Bytes b = core::from_hex(text_of(j));
    if (b.size() > N) throw core::Error("too many bytes: " + j.dump());
    std::array<uint8_t, N> out{};
    std::copy(b.begin(), b.end(), out.begin() + (N - b.size()));
    return out;
}

Address address(const json& j) { return Address{fixed<20>(j)}; }

Bytes32 bytes32(const json& j) { return Bytes32{fixed<32>(j)}; }

core::Bytes bytes(const json& j) {
    std::string t = text_of(j);
    if (t.rfind(":raw ", 0) == 0) t = t.substr(5);
    return core::from_hex(t);
}

std::vector<AccessListEntry> access_list(const json& j) {
    std::vector<AccessListEntry> out;
    if (j.is_null()) return out;
    for (const json& e : j) {
        AccessListEntry entry;
        entry.address = address(e.at("address"));
        for (const json& k : e.at("storageKeys")) entry.keys.push_back(quantity(k));
        out.push_back(std::move(entry));
    }
    return out;
}

std::vector<Authorization> authorization_list(const json& j) {
    std::vector<Authorization> out;
    for (const json& a : j) {
        Authorization auth;
        auth.chain_id = quantity(a.at("chainId"));
        auth.address = address(a.at("address"));
        auth.nonce = quantity(a.at("nonce"));
        auth.y_parity = quantity(a.contains("yParity") ? a.at("yParity") : a.at("v"));
        auth.r = quantity(a.at("r"));
        auth.s = quantity(a.at("s"));
        auth.authority = recover_authority(auth.chain_id, auth.address, auth.nonce, auth.y_parity, auth.r, auth.s);
        out.push_back(auth);
    }
    return out;
}

BlockInfo block_info(const json& j) {
    BlockInfo e;
    e.coinbase = address(j.at("currentCoinbase"));
    e.number = static_cast<int64_t>(quantity_u64(j.at("currentNumber")));
    e.timestamp = static_cast<int64_t>(quantity_u64(j.at("currentTimestamp")));
    const uint256 gl = quantity(j.at("currentGasLimit"));
    e.gas_limit = gl.fits_u64() && gl.w[0] <= uint64_t(std::numeric_limits<int64_t>::max())
                      ? static_cast<int64_t>(gl.w[0])
                      : std::numeric_limits<int64_t>::max();
    if (j.contains("currentDifficulty") && !j.at("currentDifficulty").is_null())
        e.difficulty = quantity(j.at("currentDifficulty"));
    if (j.contains("currentRandom") && !j.at("currentRandom").is_null()) e.prev_randao = quantity(j.at("currentRandom"));
    if (j.contains("currentBaseFee") && !j.at("currentBaseFee").is_null()) e.base_fee = quantity(j.at("currentBaseFee"));
    if (j.contains("currentExcessBlobGas") && !j.at("currentExcessBlobGas").is_null())
        e.excess_blob_gas = quantity_u64(j.at("currentExcessBlobGas"));
    return e;
}

void load_accounts(const json& j, State& state) {
    for (const auto& [addr_text, acc] : j.items()) {
        std::vector<std::pair<uint256, uint256>> storage;
        if (acc.contains("storage"))
            for (const auto& [k, v] : acc.at("storage").items()) storage.emplace_back(parse_uint256(k), quantity(v));
        state.put_account(address(json(addr_text)), acc.contains("nonce") ? quantity_u64(acc.at("nonce")) : 0,
                          acc.contains("balance") ? quantity(acc.at("balance")) : uint256{},
                          acc.contains("code") ? bytes(acc.at("code")) : core::Bytes{}, storage);
    }
}

}  // namespace trellis::evm::fixture
