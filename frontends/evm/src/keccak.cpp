/// @file keccak.cpp
/// Keccak-256 (original padding, Yellow Paper section 3) through Crypto++'s CryptoPP::Keccak_256.
#include "trellis/evm/keccak.hpp"

#include <cryptopp/keccak.h>

namespace trellis::evm {

Bytes32 keccak256(const uint8_t* data, size_t size) noexcept {
    static const uint8_t empty = 0;
    CryptoPP::Keccak_256 hash;
    hash.Update(size != 0 ? data : &empty, size);
    Bytes32 out;
    hash.Final(out.bytes.data());
    return out;
}

}  // namespace trellis::evm
