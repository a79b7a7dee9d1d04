/// @file types.hpp
/// Basic EVM types shared by the interpreter, the host interface and the state: addresses, 32-byte words as byte
/// strings, revisions (forks) and execution status codes. Modelled on the EVMC ABI's vocabulary.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string_view>

namespace trellis::evm {

/// A 20-byte account address (Yellow Paper section 4.1).
struct Address {
    std::array<uint8_t, 20> bytes{};
    friend bool operator==(const Address&, const Address&) = default;
    friend auto operator<=>(const Address&, const Address&) = default;
};

/// A 32-byte value as bytes: hashes, storage keys/values in byte form, salts, blob versioned hashes.
struct Bytes32 {
    std::array<uint8_t, 32> bytes{};
    friend bool operator==(const Bytes32&, const Bytes32&) = default;
    friend auto operator<=>(const Bytes32&, const Bytes32&) = default;
};

struct AddressHash {
    size_t operator()(const Address& a) const noexcept {
        uint64_t h;
        std::memcpy(&h, a.bytes.data() + 12, 8);
        return static_cast<size_t>(h);
    }
};
struct Bytes32Hash {
    size_t operator()(const Bytes32& b) const noexcept {
        uint64_t h;
        std::memcpy(&h, b.bytes.data() + 24, 8);
        return static_cast<size_t>(h ^ (h >> 29));
    }
};

/// Ethereum protocol revisions ("forks"), in activation order. The state tests' fork keys map onto these:
/// EIP150 = TangerineWhistle, EIP158 = SpuriousDragon, ConstantinopleFix = Petersburg, Merge = Paris.
enum class Revision : uint8_t {
    Frontier,
    Homestead,
    TangerineWhistle,  ///< EIP-150
    SpuriousDragon,    ///< EIP-155/158/160/161/170
    Byzantium,
    Constantinople,
    Petersburg,
    Istanbul,
    Berlin,   ///< EIP-2929/2930
    London,   ///< EIP-1559/3198/3529/3541
    Paris,    ///< the Merge: PREVRANDAO (EIP-4399)
    Shanghai, ///< EIP-3651/3855/3860
    Cancun,   ///< EIP-1153/4844/5656/6780/7516
    Prague,
    Osaka,    ///< EIP-7939 CLZ
};
inline constexpr int num_revisions = static_cast<int>(Revision::Osaka) + 1;

/// Parses a fork name as the fixtures spell it ("Frontier", "EIP150", "ConstantinopleFix", "Cancun", ...).
std::optional<Revision> parse_revision(std::string_view name) noexcept;
/// The canonical fixture spelling of a revision.
std::string_view revision_name(Revision rev) noexcept;

/// Outcome of a message call or of an interpreter run (the EVMC status codes that matter to the state tests).
enum class StatusCode : uint8_t {
    Success,
    Revert,                 ///< REVERT: state rolled back, gas left returned
    Failure,                ///< generic exceptional halt (all gas consumed)
    OutOfGas,
    InvalidInstruction,     ///< the designated INVALID (0xfe)
    UndefinedInstruction,   ///< an opcode not defined in this revision
    StackOverflow,          ///< more than 1024 items
    StackUnderflow,
    BadJumpDestination,
    InvalidMemoryAccess,    ///< RETURNDATACOPY out of bounds
    CallDepthExceeded,
    StaticModeViolation,    ///< state change inside STATICCALL
    PrecompileFailure,
    ContractValidationFailure,  ///< EIP-3541 code starting with 0xEF
    ArgumentOutOfRange,
    InsufficientBalance,
    InternalError,
};

/// Human-readable name ("success", "out of gas", ...).
std::string_view status_name(StatusCode s) noexcept;

}  // namespace trellis::evm
