/// @file uint256.hpp
/// 256-bit EVM words: four 64-bit limbs, little-endian limb order (w[0] least significant), with every operation
/// the EVM needs (Yellow Paper appendix H.2): wrapping arithmetic modulo 2^256, signed division and modulo in two's
/// complement, ADDMOD/MULMOD with 512-bit intermediates, EXP by squaring, SIGNEXTEND, BYTE, SHL/SHR/SAR (EIP-145),
/// CLZ (EIP-7939). Division by zero yields 0, as the EVM defines.
///
/// STATUS: API contract fixed here; the definitions are being filled in (all inline in this header, hot path).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "trellis/core/compiler.hpp"

namespace trellis::evm {

struct uint256 {
    uint64_t w[4] = {0, 0, 0, 0};  ///< limbs, w[0] least significant

    constexpr uint256() noexcept = default;
    constexpr uint256(uint64_t v) noexcept : w{v, 0, 0, 0} {}  // NOLINT: implicit from small integers
    constexpr uint256(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3) noexcept : w{w0, w1, w2, w3} {}

    /// True if the value fits in 64 bits.
    constexpr bool fits_u64() const noexcept { return (w[1] | w[2] | w[3]) == 0; }
    constexpr explicit operator bool() const noexcept { return (w[0] | w[1] | w[2] | w[3]) != 0; }
    friend constexpr bool operator==(const uint256&, const uint256&) noexcept = default;
};

// --- declarations: definitions follow in this header (see STATUS above) ---
/// Big-endian 32-byte load/store (the EVM's memory and calldata byte order).
uint256 load_be(const uint8_t bytes[32]) noexcept;
void store_be(uint8_t out[32], const uint256& v) noexcept;
/// Loads `n` <= 32 big-endian bytes as the low-order bytes (PUSHn immediates, short calldata).
uint256 load_be_partial(const uint8_t* bytes, size_t n) noexcept;
/// Parses decimal or 0x-hex text; throws core::Error on bad digits or overflow beyond 2^256-1.
uint256 parse_uint256(std::string_view text);
/// Lower-case hex without leading zeros, with 0x prefix ("0x0" for zero).
std::string to_hex(const uint256& v);
/// Decimal text.
std::string to_decimal(const uint256& v);

uint256 operator+(const uint256& a, const uint256& b) noexcept;
uint256 operator-(const uint256& a, const uint256& b) noexcept;
uint256 operator*(const uint256& a, const uint256& b) noexcept;
uint256 operator/(const uint256& a, const uint256& b) noexcept;  ///< 0 if b == 0
uint256 operator%(const uint256& a, const uint256& b) noexcept;  ///< 0 if b == 0
uint256 operator&(const uint256& a, const uint256& b) noexcept;
uint256 operator|(const uint256& a, const uint256& b) noexcept;
uint256 operator^(const uint256& a, const uint256& b) noexcept;
uint256 operator~(const uint256& a) noexcept;
uint256 operator-(const uint256& a) noexcept;                    ///< two's complement negation
uint256 operator<<(const uint256& a, unsigned shift) noexcept;   ///< 0 if shift >= 256
uint256 operator>>(const uint256& a, unsigned shift) noexcept;   ///< 0 if shift >= 256
bool operator<(const uint256& a, const uint256& b) noexcept;
bool operator>(const uint256& a, const uint256& b) noexcept;
bool operator<=(const uint256& a, const uint256& b) noexcept;
bool operator>=(const uint256& a, const uint256& b) noexcept;

uint256 sdiv(const uint256& a, const uint256& b) noexcept;       ///< SDIV; 0 if b == 0; -2^255 / -1 = -2^255
uint256 smod(const uint256& a, const uint256& b) noexcept;       ///< SMOD; sign of the dividend; 0 if b == 0
bool slt(const uint256& a, const uint256& b) noexcept;           ///< SLT
bool sgt(const uint256& a, const uint256& b) noexcept;           ///< SGT
uint256 addmod(const uint256& a, const uint256& b, const uint256& m) noexcept;  ///< (a+b) mod m, 513-bit exact; 0 if m == 0
uint256 mulmod(const uint256& a, const uint256& b, const uint256& m) noexcept;  ///< (a*b) mod m, 512-bit exact; 0 if m == 0
uint256 exp(const uint256& base, const uint256& exponent) noexcept;             ///< base^exponent mod 2^256
uint256 signextend(const uint256& byte_index, const uint256& x) noexcept;       ///< SIGNEXTEND(b, x)
uint256 byte_op(const uint256& index, const uint256& x) noexcept;               ///< BYTE(i, x): 0 if i >= 32
uint256 shl(const uint256& shift, const uint256& x) noexcept;                   ///< SHL (EIP-145)
uint256 shr(const uint256& shift, const uint256& x) noexcept;                   ///< SHR (EIP-145)
uint256 sar(const uint256& shift, const uint256& x) noexcept;                   ///< SAR (EIP-145)
unsigned clz(const uint256& x) noexcept;                                        ///< CLZ (EIP-7939): 256 for 0
unsigned count_significant_bytes(const uint256& x) noexcept;                    ///< 0 for 0; EXP gas uses it
/// Full 512-bit product (lo, hi), for MULMOD and for the schedule analysis.
void mul_full(const uint256& a, const uint256& b, uint256& lo, uint256& hi) noexcept;
/// Division with remainder; quotient and remainder 0 if b == 0.
void divmod(const uint256& a, const uint256& b, uint256& quotient, uint256& remainder) noexcept;

}  // namespace trellis::evm
