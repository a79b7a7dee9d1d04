/// @file bytecode.hpp
/// Trellis's SOM stack bytecode: one X-macro lists every instruction (name, operand bytes, meaning). An
/// instruction is one opcode byte followed by its operands, little-endian: `u8` operands are frame slots,
/// field indexes, hop counts, copied-value indexes or counts; `u16` operands index the method's literal,
/// send-site, global-site or block tables, or are jump distances: a forward jump continues `a` bytes after its
/// own opcode, JUMP_BACK `a` bytes before it (so the loop needs no pointer to the method's code). The operand stack lives in the activation's frame (core::FrameStack),
/// above the arguments and temporaries. Documented with examples in docs/smalltalk.md ("The bytecode set").
#pragma once
#include <cstdint>

namespace trellis::smalltalk {

/// X(NAME, OPERAND_BYTES, DESCRIPTION) for every opcode, in numbering order.
#define TRELLIS_ST_OPCODES(X)                                                                              \
    X(HALT, 0, "never emitted: stops the loop with an internal error")                                    \
    X(PUSH_LOCAL, 1, "push frame slot a (arguments first, then temporaries)")                             \
    X(PUSH_FIELD, 1, "push field a of self")                                                              \
    X(PUSH_OUTER, 2, "push slot b of the context found a hops up from the frame's context")              \
    X(PUSH_SELF, 0, "push self")                                                                          \
    X(PUSH_NIL, 0, "push nil")                                                                            \
    X(PUSH_TRUE, 0, "push true")                                                                          \
    X(PUSH_FALSE, 0, "push false")                                                                        \
    X(PUSH_LITERAL, 2, "push literal a")                                                                  \
    X(PUSH_GLOBAL, 2, "push the global of global site a (cached; unknown: load a class, else unknownGlobal:)") \
    X(PUSH_BLOCK, 3, "pop b copied values, push a new closure of block a (u16) over self, the frame's context and them") \
    X(STORE_LOCAL, 1, "frame slot a := top (top stays)")                                                  \
    X(STORE_FIELD, 1, "field a of self := top (top stays)")                                               \
    X(STORE_OUTER, 2, "context slot b, a hops up := top (top stays)")                                     \
    X(STORE_GLOBAL, 2, "the global of global site a := top (top stays; REPL and -e statements only)")    \
    X(POP_LOCAL, 1, "frame slot a := pop")                                                                \
    X(POP_FIELD, 1, "field a of self := pop")                                                             \
    X(POP_OUTER, 2, "context slot b, a hops up := pop")                                                   \
    X(POP, 0, "drop the top")                                                                             \
    X(DUP, 0, "push the top again")                                                                       \
    X(SEND, 2, "send site a: receiver and arguments on the stack, replaced by the result")                \
    X(SUPER_SEND, 2, "send site a, looked up from the superclass of the method's class")                  \
    X(ADD, 2, "+ with SmallInteger/Double fast paths, else send site a")                                  \
    X(SUB, 2, "- with fast paths, else send site a")                                                      \
    X(MUL, 2, "* with fast paths, else send site a")                                                      \
    X(LT, 2, "< with fast paths, else send site a")                                                       \
    X(GT, 2, "> with fast paths, else send site a")                                                       \
    X(LE, 2, "<= with fast paths, else send site a")                                                      \
    X(GE, 2, ">= with fast paths, else send site a")                                                      \
    X(EQ, 2, "= with fast paths, else send site a")                                                       \
    X(NE, 2, "~= with fast paths, else send site a")                                                      \
    X(IDENTICAL, 2, "== with a SmallInteger/identity fast path, else send site a")                       \
    X(JUMP, 2, "continue a bytes after this opcode (forward)")                                                        \
    X(JUMP_IF_TRUE, 2, "pop; if true continue a bytes ahead (a non-Boolean is an error: inlined ifTrue:/whileTrue:)") \
    X(JUMP_IF_FALSE, 2, "pop; if false continue a bytes ahead (non-Boolean: error)")                        \
    X(JUMP_IF_NIL, 2, "pop; if nil continue a bytes ahead (inlined ifNil:/ifNotNil:)")                      \
    X(JUMP_IF_NOT_NIL, 2, "pop; if not nil continue a bytes ahead")                                         \
    X(RETURN, 0, "return the top from this activation (a block: to its caller)")                         \
    X(RETURN_CTX, 0, "return the top from a method that owns a context (the context is marked returned)") \
    X(RETURN_SELF, 0, "return self from a method without a context")                                      \
    X(RETURN_NONLOCAL, 1, "return the top from the home method, whose context is a hops up (escapedBlock: if it returned)") \
    X(MAKE_CONTEXT, 1, "allocate this activation's context with a captured-variable slots")              \
    X(JUMP_BACK, 2, "continue a bytes before this opcode (an inlined loop's back edge; a step)") \
    X(PUSH_COPIED, 1, "push value a the running block's closure copied when it was made (a never reassigned variable)") \
    X(PUSH_CONTEXT, 0, "push thisContext: the running activation's reified context, made on first use (contexts.cpp)")

/// Opcode numbers.
enum class Op : uint8_t {
#define TRELLIS_ST_OP_ENUM(name, bytes, doc) name,
    TRELLIS_ST_OPCODES(TRELLIS_ST_OP_ENUM)
#undef TRELLIS_ST_OP_ENUM
    count_
};
static_assert(static_cast<unsigned>(Op::count_) <= 256);

/// Operand bytes of each opcode (instruction length = 1 + operand_bytes[op]).
inline constexpr uint8_t operand_bytes[] = {
#define TRELLIS_ST_OP_BYTES(name, bytes, doc) bytes,
    TRELLIS_ST_OPCODES(TRELLIS_ST_OP_BYTES)
#undef TRELLIS_ST_OP_BYTES
};

/// Opcode names, for disassembly.
inline constexpr const char* op_names[] = {
#define TRELLIS_ST_OP_NAME(name, bytes, doc) #name,
    TRELLIS_ST_OPCODES(TRELLIS_ST_OP_NAME)
#undef TRELLIS_ST_OP_NAME
};

}  // namespace trellis::smalltalk
