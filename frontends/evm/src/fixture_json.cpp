/// @file fixture_json.cpp
/// JSON helpers for the conformance fixtures (fixture_json.hpp).
#include "fixture_json.hpp"

#include <algorithm>
#include <fstream>
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
