#!/usr/bin/env bash
# Builds the unit tests with AddressSanitizer + UndefinedBehaviorSanitizer (-DTRELLIS_SANITIZE=ON) into
# ${BUILD_DIR:-build-asan} and runs them (not the long conformance runs). CI calls it after scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-asan}"
"$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRELLIS_SANITIZE=ON >/dev/null
targets=$(cmake --build "$build" --target help | sed -n 's/^\(test_[a-z_]*\): .*/\1/p' | sort -u)
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target $targets
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j "${JOBS:-$(nproc)}" -R '^test_'
