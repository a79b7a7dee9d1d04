/// @file instructions.hpp
/// The EVM instruction handlers, written once as `instruction<Op>(state, ip)` and turned into the switch, goto and
/// tail-call loops by dispatch/loops.hpp (see instructions_loop.hpp). Semantics: Yellow Paper appendix H.2 and
/// the EIPs cited per instruction. Every handler runs after the loop checked that the opcode is defined in the
/// revision, that the stack holds its inputs and has room for its outputs, and charged its static gas; it charges
/// any dynamic gas, advances ip, and returns false (after halt()) to leave the loop.
#pragma once
#include "instructions_host.hpp"
#include "instructions_state.hpp"
#include "trellis/evm/opcodes.hpp"

namespace trellis::evm {

namespace detail {
TRELLIS_ALWAYS_INLINE bool stop_with_output(ExecState& s, StatusCode status) noexcept {
    const uint256& offset = s.sp[-1];
    const uint256& size = s.sp[-2];
    if (!touch_memory(s, offset, size)) return false;
    s.output_size = static_cast<size_t>(size.w[0]);
    s.output_offset = s.output_size ? static_cast<size_t>(offset.w[0]) : 0;
    s.status = status;
    return false;
}

/// Copies a stack word limb by limb: 8-byte moves, which store-forward from the 8-byte stores the arithmetic
/// writes (a 16-byte vector load spanning two of them cannot be forwarded and stalls). The empty asm keeps the
/// compiler from merging the four moves back into vector moves.
TRELLIS_ALWAYS_INLINE void copy_limbs(uint256& dst, const uint256& src) noexcept {
    for (int i = 0; i < 4; ++i) {
        uint64_t v = src.w[i];
        __asm__("" : "+r"(v));
        dst.w[i] = v;
    }
}

/// Ends the baseline loop at a jump to `pc` so that execute() continues the frame in the schedule (auto mode's
/// tier-up, see ExecState::tier_up_below).
TRELLIS_COLD inline bool request_tier_up(ExecState& s, uint64_t pc) noexcept {
    s.tier_up = true;
    s.tier_up_pc = pc;
    return false;
}

TRELLIS_ALWAYS_INLINE bool jump_to(ExecState& s, const uint8_t*& ip, const uint256& dest) noexcept {
    if (TRELLIS_UNLIKELY(!dest.fits_u64() || !s.code.is_jumpdest(dest.w[0])))
        return halt(s, StatusCode::BadJumpDestination);
    ip = s.code.code + dest.w[0];
    if (TRELLIS_UNLIKELY(s.gas < s.tier_up_below)) return request_tier_up(s, dest.w[0]);
    return true;
}
}  // namespace detail

namespace detail {
/// True if `x` is a signed 64-bit value as a 256-bit two's-complement word (its upper three limbs copies of the
/// sign bit of the low limb).
TRELLIS_ALWAYS_INLINE bool fits_i64(const uint256& x) noexcept {
    const auto sign = static_cast<uint64_t>(static_cast<int64_t>(x.w[0]) >> 63);
    return ((x.w[1] ^ sign) | (x.w[2] ^ sign) | (x.w[3] ^ sign)) == 0;
}
/// True if `x` is a signed 128-bit value (its upper two limbs copies of bit 127).
TRELLIS_ALWAYS_INLINE bool fits_i128(const uint256& x) noexcept {
    const auto sign = static_cast<uint64_t>(static_cast<int64_t>(x.w[1]) >> 63);
    return ((x.w[2] ^ sign) | (x.w[3] ^ sign)) == 0;
}
/// The magnitude of a signed 64-bit value (2^63 for INT64_MIN).
TRELLIS_ALWAYS_INLINE uint64_t magnitude_i64(uint64_t v) noexcept {
    return static_cast<int64_t>(v) < 0 ? uint64_t{0} - v : v;
}
/// |a| / |b| and |a| % |b| for a signed 128-bit `a` (fits_i128) and a signed 64-bit `b` != 0 (fits_i64, given as
/// its magnitude `mb`): at most two hardware divisions (one when |a| < 2^64). The quotient is at most 2^127.
TRELLIS_ALWAYS_INLINE uint256 divide_i128_by_u64(const uint256& a, uint64_t mb, uint64_t& remainder) noexcept {
    uint64_t lo = a.w[0], hi = a.w[1];
    if (static_cast<int64_t>(hi) < 0) {  // |a|: the two's-complement negation of the low 128 bits
        hi = ~hi + (lo == 0 ? 1 : 0);
        lo = uint64_t{0} - lo;
    }
    uint64_t q_hi = 0, r = 0;
    if (hi != 0) {
        q_hi = hi / mb;
        r = hi % mb;
    }
    const uint64_t q_lo = udiv128(r, lo, mb, remainder);  // r < mb: the quotient fits in 64 bits
    return uint256(q_lo, q_hi, 0, 0);
}
/// SDIV (Yellow Paper H.2): hardware divisions when the dividend is a signed 128-bit value and the divisor a
/// signed 64-bit one (fixed-point arithmetic, e.g. snailtracer's), else sdiv() on 256 bits. Same results,
/// 0 for b == 0.
TRELLIS_ALWAYS_INLINE uint256 sdiv_op(const uint256& a, const uint256& b) noexcept {
    if (TRELLIS_LIKELY(fits_i128(a) && fits_i64(b))) {
        const uint64_t mb = magnitude_i64(b.w[0]);
        if (TRELLIS_UNLIKELY(mb == 0)) return {};
        uint64_t remainder;
        const uint256 q = divide_i128_by_u64(a, mb, remainder);
        return static_cast<int64_t>(a.w[3] ^ b.w[3]) < 0 ? -q : q;
    }
    return sdiv(a, b);
}
/// SMOD (Yellow Paper H.2): the result takes the dividend's sign; the fast path of sdiv_op().
TRELLIS_ALWAYS_INLINE uint256 smod_op(const uint256& a, const uint256& b) noexcept {
    if (TRELLIS_LIKELY(fits_i128(a) && fits_i64(b))) {
        const uint64_t mb = magnitude_i64(b.w[0]);
        if (TRELLIS_UNLIKELY(mb == 0)) return {};
        uint64_t remainder;
        divide_i128_by_u64(a, mb, remainder);
        const uint256 r(remainder);
        return static_cast<int64_t>(a.w[3]) < 0 ? -r : r;
    }
    return smod(a, b);
}
/// ADDMOD (Yellow Paper H.2): for a power-of-two modulus 2^k (k <= 255; Blake2b's 64-bit word arithmetic takes
/// 2^64) the low k bits of the sum, inline (the exact 257-bit sum's bit 256 lies above them); else addmod().
TRELLIS_ALWAYS_INLINE uint256 addmod_op(const uint256& a, const uint256& b, const uint256& m) noexcept {
    const uint256 mask = m - uint256(1);
    if (TRELLIS_LIKELY(static_cast<bool>(m) && !static_cast<bool>(m & mask))) return (a + b) & mask;
    return addmod(a, b, m);
}
}  // namespace detail

/// True for the two-input, one-output instructions computed by binary_result().
constexpr bool is_binary_op(unsigned op) noexcept {
    switch (op) {
        case OP_ADD:
        case OP_MUL:
        case OP_SUB:
        case OP_DIV:
        case OP_SDIV:
        case OP_MOD:
        case OP_SMOD:
        case OP_SIGNEXTEND:
        case OP_LT:
        case OP_GT:
        case OP_SLT:
        case OP_SGT:
        case OP_EQ:
        case OP_AND:
        case OP_OR:
        case OP_XOR:
        case OP_BYTE:
        case OP_SHL:
        case OP_SHR:
        case OP_SAR:
            return true;
        default:
            return false;
    }
}

/// The result of binary instruction `Op` (is_binary_op) for a = the top item, b = the second (Yellow Paper H.2,
/// EIP-145 for the shifts).
template <unsigned Op>
TRELLIS_ALWAYS_INLINE uint256 binary_result(const uint256& a, const uint256& b) noexcept {
    if constexpr (Op == OP_ADD) {
        return a + b;
    } else if constexpr (Op == OP_MUL) {
        return a * b;
    } else if constexpr (Op == OP_SUB) {
        return a - b;
    } else if constexpr (Op == OP_DIV) {
        return a / b;
    } else if constexpr (Op == OP_SDIV) {
        return detail::sdiv_op(a, b);
    } else if constexpr (Op == OP_MOD) {
        return a % b;
    } else if constexpr (Op == OP_SMOD) {
        return detail::smod_op(a, b);
    } else if constexpr (Op == OP_SIGNEXTEND) {
        return signextend(a, b);
    } else if constexpr (Op == OP_LT) {
        return uint256(a < b);
    } else if constexpr (Op == OP_GT) {
        return uint256(a > b);
    } else if constexpr (Op == OP_SLT) {
        return uint256(slt(a, b));
    } else if constexpr (Op == OP_SGT) {
        return uint256(sgt(a, b));
    } else if constexpr (Op == OP_EQ) {
        return uint256(a == b);
    } else if constexpr (Op == OP_AND) {
        return a & b;
    } else if constexpr (Op == OP_OR) {
        return a | b;
    } else if constexpr (Op == OP_XOR) {
        return a ^ b;
    } else if constexpr (Op == OP_BYTE) {
        return byte_op(a, b);
    } else if constexpr (Op == OP_SHL) {
        return shl(a, b);
    } else if constexpr (Op == OP_SHR) {
        return shr(a, b);
    } else if constexpr (Op == OP_SAR) {
        return sar(a, b);
    } else {
        static_assert(is_binary_op(Op), "not a binary instruction");
        return {};
    }
}

/// Executes the instruction `Op` at `ip` (see the file comment for the contract). `S` is ExecState, or for the
/// instructions that only touch the stack (arithmetic, comparisons, bitwise, shifts, POP, DUPn, SWAPn, PUSH0) any
/// type with a `uint256* sp` member: the schedule loop passes a register-held stack pointer that way. Using a
/// member of ExecState from such an instruction is a compile error, which keeps that list honest.
template <unsigned Op, class S>
TRELLIS_ALWAYS_INLINE bool instruction(S& s, const uint8_t*& ip) noexcept {
    uint256* const sp = s.sp;
    if constexpr (is_binary_op(Op)) {  // a = top, b = second; the result replaces b
        sp[-2] = binary_result<Op>(sp[-1], sp[-2]);
        s.sp = sp - 1;
        ++ip;
        return true;
    } else if constexpr (Op == OP_STOP) {
        s.status = StatusCode::Success;
        return false;
    } else if constexpr (Op == OP_ADDMOD || Op == OP_MULMOD) {
        sp[-3] = Op == OP_ADDMOD ? detail::addmod_op(sp[-1], sp[-2], sp[-3]) : mulmod(sp[-1], sp[-2], sp[-3]);
        s.sp = sp - 2;
        ++ip;
        return true;
    } else if constexpr (Op == OP_EXP) {  // EIP-160: per-byte cost of the exponent
        const uint256& exponent = sp[-2];
        if (!charge(s, exp_byte_cost(s.rev) * count_significant_bytes(exponent))) return false;
        sp[-2] = exp(sp[-1], exponent);
        s.sp = sp - 1;
        ++ip;
        return true;
    } else if constexpr (Op == OP_ISZERO) {
        sp[-1] = uint256(!sp[-1]);
        ++ip;
        return true;
    } else if constexpr (Op == OP_NOT) {
        sp[-1] = ~sp[-1];
        ++ip;
        return true;
    } else if constexpr (Op == OP_CLZ) {  // EIP-7939
        sp[-1] = uint256(clz(sp[-1]));
        ++ip;
        return true;
    } else if constexpr (Op == OP_KECCAK256 || Op == OP_BALANCE || Op == OP_SELFBALANCE || Op == OP_EXTCODESIZE ||
                         Op == OP_EXTCODEHASH || Op == OP_EXTCODECOPY || Op == OP_CALLDATACOPY ||
                         Op == OP_CODECOPY || Op == OP_RETURNDATACOPY || Op == OP_MCOPY || Op == OP_BLOCKHASH ||
                         Op == OP_SLOAD || Op == OP_SSTORE || Op == OP_TLOAD || Op == OP_TSTORE) {
        bool ok;
        if constexpr (Op == OP_KECCAK256) ok = ops::keccak256(s);
        else if constexpr (Op == OP_BALANCE) ok = ops::balance(s);
        else if constexpr (Op == OP_SELFBALANCE) ok = ops::selfbalance(s);
        else if constexpr (Op == OP_EXTCODESIZE) ok = ops::extcodesize(s);
        else if constexpr (Op == OP_EXTCODEHASH) ok = ops::extcodehash(s);
        else if constexpr (Op == OP_EXTCODECOPY) ok = ops::extcodecopy(s);
        else if constexpr (Op == OP_CALLDATACOPY) ok = ops::calldatacopy(s);
        else if constexpr (Op == OP_CODECOPY) ok = ops::codecopy(s);
        else if constexpr (Op == OP_RETURNDATACOPY) ok = ops::returndatacopy(s);
        else if constexpr (Op == OP_MCOPY) ok = ops::mcopy(s);
        else if constexpr (Op == OP_BLOCKHASH) ok = ops::blockhash(s);
        else if constexpr (Op == OP_SLOAD) ok = ops::sload(s);
        else if constexpr (Op == OP_SSTORE) ok = ops::sstore(s);
        else if constexpr (Op == OP_TLOAD) ok = ops::tload(s);
        else ok = ops::tstore(s);
        ++ip;
        return ok;
    } else if constexpr (Op == OP_ADDRESS || Op == OP_ORIGIN || Op == OP_CALLER || Op == OP_CALLVALUE ||
                         Op == OP_CALLDATASIZE || Op == OP_CODESIZE || Op == OP_GASPRICE ||
                         Op == OP_RETURNDATASIZE || Op == OP_COINBASE || Op == OP_TIMESTAMP || Op == OP_NUMBER ||
                         Op == OP_PREVRANDAO || Op == OP_GASLIMIT || Op == OP_CHAINID || Op == OP_BASEFEE ||
                         Op == OP_BLOBBASEFEE || Op == OP_PC || Op == OP_MSIZE || Op == OP_GAS || Op == OP_PUSH0) {
        uint256& out = sp[0];
        if constexpr (Op == OP_ADDRESS) out = to_uint256(s.msg->recipient);
        else if constexpr (Op == OP_CALLER) out = to_uint256(s.msg->sender);
        else if constexpr (Op == OP_CALLVALUE) out = s.msg->value;
        else if constexpr (Op == OP_CALLDATASIZE) out = uint256(s.msg->input_size);
        else if constexpr (Op == OP_CODESIZE) out = uint256(s.code.code_size);
        else if constexpr (Op == OP_RETURNDATASIZE) out = uint256(s.return_data.size());
        else if constexpr (Op == OP_PC) out = uint256(s.pc(ip));
        else if constexpr (Op == OP_MSIZE) out = uint256(s.memory.size);
        else if constexpr (Op == OP_GAS) out = uint256(static_cast<uint64_t>(s.gas));
        else if constexpr (Op == OP_PUSH0) out = uint256(0);
        else {
            const TxContext& tx = tx_context(s);
            if constexpr (Op == OP_ORIGIN) out = to_uint256(tx.origin);
            else if constexpr (Op == OP_GASPRICE) out = tx.gas_price;
            else if constexpr (Op == OP_COINBASE) out = to_uint256(tx.coinbase);
            else if constexpr (Op == OP_TIMESTAMP) out = uint256(static_cast<uint64_t>(tx.block_timestamp));
            else if constexpr (Op == OP_NUMBER) out = uint256(static_cast<uint64_t>(tx.block_number));
            else if constexpr (Op == OP_PREVRANDAO) out = tx.prev_randao;  // DIFFICULTY before Paris (EIP-4399)
            else if constexpr (Op == OP_GASLIMIT) out = uint256(static_cast<uint64_t>(tx.block_gas_limit));
            else if constexpr (Op == OP_CHAINID) out = tx.chain_id;
            else if constexpr (Op == OP_BASEFEE) out = tx.base_fee;
            else out = tx.blob_base_fee;
        }
        s.sp = sp + 1;
        ++ip;
        return true;
    } else if constexpr (Op == OP_CALLDATALOAD) {
        const uint256& index = sp[-1];
        const size_t size = s.msg->input_size;
        if (!index.fits_u64() || index.w[0] >= size) {
            sp[-1] = uint256(0);
        } else {
            uint8_t word[32] = {};
            const size_t off = static_cast<size_t>(index.w[0]);
            std::memcpy(word, s.msg->input + off, size - off < 32 ? size - off : 32);
            sp[-1] = load_be(word);
        }
        ++ip;
        return true;
    } else if constexpr (Op == OP_BLOBHASH) {  // EIP-4844
        const uint256& index = sp[-1];
        const TxContext& tx = tx_context(s);
        sp[-1] = index.fits_u64() && index.w[0] < tx.blob_hashes_count ? to_uint256(tx.blob_hashes[index.w[0]])
                                                                         : uint256(0);
        ++ip;
        return true;
    } else if constexpr (Op == OP_POP) {
        s.sp = sp - 1;
        ++ip;
        return true;
    } else if constexpr (Op == OP_MLOAD) {
        if (!touch_memory(s, sp[-1], uint256(32))) return false;
        sp[-1] = load_be(s.memory.data + sp[-1].w[0]);
        ++ip;
        return true;
    } else if constexpr (Op == OP_MSTORE || Op == OP_MSTORE8) {
        const uint256& offset = sp[-1];
        if (!touch_memory(s, offset, uint256(Op == OP_MSTORE ? 32 : 1))) return false;
        if constexpr (Op == OP_MSTORE) store_be(s.memory.data + offset.w[0], sp[-2]);
        else s.memory.data[offset.w[0]] = static_cast<uint8_t>(sp[-2].w[0]);
        s.sp = sp - 2;
        ++ip;
        return true;
    } else if constexpr (Op == OP_JUMP) {
        s.sp = sp - 1;
        return detail::jump_to(s, ip, sp[-1]);
    } else if constexpr (Op == OP_JUMPI) {
        s.sp = sp - 2;
        if (sp[-2]) return detail::jump_to(s, ip, sp[-1]);
        ++ip;
        return true;
    } else if constexpr (Op == OP_JUMPDEST) {
        ++ip;
        return true;
    } else if constexpr (Op >= OP_PUSH1 && Op <= OP_PUSH32) {
        constexpr size_t n = Op - OP_PUSH1 + 1;
        if constexpr (n == 1) sp[0] = uint256(ip[1]);
        else sp[0] = load_be_partial(ip + 1, n);  // padded code: a truncated push reads zeros
        s.sp = sp + 1;
        ip += n + 1;
        return true;
    } else if constexpr (Op >= OP_DUP1 && Op <= OP_DUP16) {
        constexpr int n = Op - OP_DUP1 + 1;
        detail::copy_limbs(sp[0], sp[-n]);
        s.sp = sp + 1;
        ++ip;
        return true;
    } else if constexpr (Op >= OP_SWAP1 && Op <= OP_SWAP16) {
        constexpr int n = Op - OP_SWAP1 + 1;
        for (int i = 0; i < 4; ++i) {  // limb by limb, as copy_limbs()
            uint64_t top = sp[-1].w[i], other = sp[-1 - n].w[i];
            __asm__("" : "+r"(top), "+r"(other));
            sp[-1].w[i] = other;
            sp[-1 - n].w[i] = top;
        }
        ++ip;
        return true;
    } else if constexpr (Op >= OP_LOG0 && Op <= OP_LOG4) {
        ++ip;
        return ops::log(s, Op - OP_LOG0);
    } else if constexpr (Op == OP_CREATE || Op == OP_CREATE2) {
        ++ip;
        return ops::create(s, static_cast<uint8_t>(Op));
    } else if constexpr (Op == OP_CALL || Op == OP_CALLCODE || Op == OP_DELEGATECALL || Op == OP_STATICCALL) {
        ++ip;
        return ops::call(s, static_cast<uint8_t>(Op));
    } else if constexpr (Op == OP_RETURN) {
        return detail::stop_with_output(s, StatusCode::Success);
    } else if constexpr (Op == OP_REVERT) {  // EIP-140
        return detail::stop_with_output(s, StatusCode::Revert);
    } else if constexpr (Op == OP_SELFDESTRUCT) {
        return ops::selfdestruct(s);
    } else if constexpr (Op == OP_INVALID) {  // EIP-141
        return halt(s, StatusCode::InvalidInstruction);
    } else {
        return halt(s, StatusCode::UndefinedInstruction);
    }
}

}  // namespace trellis::evm
