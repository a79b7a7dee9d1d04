/// @file precompiles_or_stub.hpp
/// Includes the precompiled contracts (precompiles.hpp) when that header exists; until it lands, a stub with no
/// precompiles keeps the state code compiling (every precompile call then runs as a call to an empty account).
#pragma once
#if __has_include("trellis/evm/precompiles.hpp")
#include "trellis/evm/precompiles.hpp"
#else
#include <vector>

#include "trellis/evm/types.hpp"

namespace trellis::evm {
struct PrecompileResult {
    StatusCode status = StatusCode::Success;
    int64_t gas_left = 0;
    std::vector<uint8_t> output;
    const char* unsupported = nullptr;
};
inline bool is_precompile(const Address&, Revision) noexcept { return false; }
inline PrecompileResult run_precompile(const Address&, const uint8_t*, size_t, int64_t gas, Revision) {
    return {StatusCode::Success, gas, {}, nullptr};
}
}  // namespace trellis::evm
#endif
