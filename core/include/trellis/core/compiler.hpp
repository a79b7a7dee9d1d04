/// @file compiler.hpp
/// Compiler portability macros for hot paths: forced inlining, cold slow paths, branch hints and the
/// tail-call attributes the dispatch loops need. Every Trellis module may include it; it has no dependencies.
#pragma once

/// Force inlining of a small hot-path function (instruction handlers, barrier, bump allocation).
#define TRELLIS_ALWAYS_INLINE inline __attribute__((always_inline))
/// Mark a slow path: never inlined, placed in the cold text section.
#define TRELLIS_COLD __attribute__((noinline, cold))
/// Branch hints for VM branches; they also keep clang from turning VM jumps into cmov chains.
#define TRELLIS_LIKELY(x) __builtin_expect(!!(x), 1)
#define TRELLIS_UNLIKELY(x) __builtin_expect(!!(x), 0)

#if defined(TRELLIS_HAVE_MUSTTAIL)
/// Guaranteed tail call (clang): `TRELLIS_MUSTTAIL return f(args);`
#define TRELLIS_MUSTTAIL [[clang::musttail]]
#else
#define TRELLIS_MUSTTAIL
#endif

#if defined(TRELLIS_HAVE_PRESERVE_NONE)
/// Calling convention for tail-call handlers: no callee-saved registers, so VM state stays in registers.
#define TRELLIS_PRESERVE_NONE __attribute__((preserve_none))
#else
#define TRELLIS_PRESERVE_NONE
#endif
