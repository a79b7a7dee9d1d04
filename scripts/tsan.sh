#!/usr/bin/env bash
# ThreadSanitizer lane: builds the embedding tests with -fsanitize=thread into ${BUILD_DIR:-build-tsan} and runs
# the test of N instances on N threads (tests/embed/test_embed_threads.cpp): instances must share nothing mutable.
# CI calls it after scripts/sanitize.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-tsan}"
"$root/scripts/setup.sh"
flags="-fsanitize=thread -fno-omit-frame-pointer"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS="$flags" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target test_embed
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$build/tests/embed/test_embed" "[threads]"
