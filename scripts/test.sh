#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test with CTest
# (unit tests, and the conformance runs over ../shared/testdata under every dispatch strategy).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "${JOBS:-$(nproc)}" "$@"
