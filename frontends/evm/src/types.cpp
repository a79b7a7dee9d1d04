// Revision and status names (see types.hpp). Fork spellings follow the Ethereum state-test fixtures.
#include "trellis/evm/types.hpp"

namespace trellis::evm {
namespace {
struct ForkName {
    std::string_view name;
    Revision rev;
};
constexpr ForkName fork_names[] = {
    {"Frontier", Revision::Frontier},
    {"Homestead", Revision::Homestead},
    {"EIP150", Revision::TangerineWhistle},
    {"TangerineWhistle", Revision::TangerineWhistle},
    {"EIP158", Revision::SpuriousDragon},
    {"SpuriousDragon", Revision::SpuriousDragon},
    {"Byzantium", Revision::Byzantium},
    {"Constantinople", Revision::Constantinople},
    {"ConstantinopleFix", Revision::Petersburg},
    {"Petersburg", Revision::Petersburg},
    {"Istanbul", Revision::Istanbul},
    {"Berlin", Revision::Berlin},
    {"London", Revision::London},
    {"Paris", Revision::Paris},
    {"Merge", Revision::Paris},
    {"Shanghai", Revision::Shanghai},
    {"Cancun", Revision::Cancun},
    {"Prague", Revision::Prague},
    {"Osaka", Revision::Osaka},
};
}  // namespace

std::optional<Revision> parse_revision(std::string_view name) noexcept {
    for (const auto& f : fork_names)
        if (f.name == name) return f.rev;
    return std::nullopt;
}

std::string_view revision_name(Revision rev) noexcept {
    switch (rev) {
        case Revision::Frontier: return "Frontier";
        case Revision::Homestead: return "Homestead";
        case Revision::TangerineWhistle: return "EIP150";
        case Revision::SpuriousDragon: return "EIP158";
        case Revision::Byzantium: return "Byzantium";
        case Revision::Constantinople: return "Constantinople";
        case Revision::Petersburg: return "ConstantinopleFix";
        case Revision::Istanbul: return "Istanbul";
        case Revision::Berlin: return "Berlin";
        case Revision::London: return "London";
        case Revision::Paris: return "Paris";
        case Revision::Shanghai: return "Shanghai";
        case Revision::Cancun: return "Cancun";
        case Revision::Prague: return "Prague";
        case Revision::Osaka: return "Osaka";
    }
    return "unknown";
}

std::string_view status_name(StatusCode s) noexcept {
    switch (s) {
        case StatusCode::Success: return "success";
        case StatusCode::Revert: return "revert";
        case StatusCode::Failure: return "failure";
        case StatusCode::OutOfGas: return "out of gas";
        case StatusCode::InvalidInstruction: return "invalid instruction";
        case StatusCode::UndefinedInstruction: return "undefined instruction";
        case StatusCode::StackOverflow: return "stack overflow";
        case StatusCode::StackUnderflow: return "stack underflow";
        case StatusCode::BadJumpDestination: return "bad jump destination";
        case StatusCode::InvalidMemoryAccess: return "invalid memory access";
        case StatusCode::CallDepthExceeded: return "call depth exceeded";
        case StatusCode::StaticModeViolation: return "static mode violation";
        case StatusCode::PrecompileFailure: return "precompile failure";
        case StatusCode::ContractValidationFailure: return "contract validation failure";
        case StatusCode::ArgumentOutOfRange: return "argument out of range";
        case StatusCode::InsufficientBalance: return "insufficient balance";
        case StatusCode::InternalError: return "internal error";
    }
    return "unknown";
}

}  // namespace trellis::evm
