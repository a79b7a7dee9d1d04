#!/usr/bin/env bash
# Packaging lane: builds the position-independent libraries (static and shared libtrellis) and the binaries into
# ${BUILD_DIR:-build-package}, installs them with `cmake --install` into a scratch prefix, then builds examples/
# against the INSTALLED package (find_package(Trellis) for both hosts, and the C host once more with pkg-config
# and cc alone) and runs them with checked output. CI calls it after scripts/tsan.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-package}"
prefix="$build/prefix"
"$root/scripts/setup.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DTRELLIS_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
# The libraries, every frontend's runner (trellis-zx, trellis-evm, ...: what the install rules cover) and the
# Zexus hash plugin; not the benchmarks.
targets="trellis_static trellis_shared $(cmake --build "$build" --target help |
  sed -n 's/^\(trellis-[a-z]*\|trellis_zexus_hash\): .*/\1/p' | grep -v -e bench -e cost | sort -u | tr '\n' ' ')"
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target $targets
rm -rf "$prefix"
cmake --install "$build" >/dev/null
test -f "$prefix/lib/libtrellis.a" && test -f "$prefix/lib/libtrellis.so" && test -x "$prefix/bin/trellis-zx"
examples="$build/examples"
cmake -S "$root/examples" -B "$examples" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$examples" -j "${JOBS:-$(nproc)}" --target calc_repl evm_host_state
check() {  # check PROGRAM NAME: stdout (stdin from NAME.input if present) must equal examples/NAME.expected
  local input=/dev/null
  [ -f "$root/examples/$2.input" ] && input="$root/examples/$2.input"
  if ! diff -u "$root/examples/$2.expected" <(LD_LIBRARY_PATH="$prefix/lib" "$1" < "$input"); then
    echo "package: $1 output differs from examples/$2.expected" >&2
    exit 1
  fi
  echo "package: $1: output as expected"
}
check "$examples/calc_repl" calc_repl
check "$examples/evm_host_state" evm_host_state
# The shared library really is what they link against.
ldd "$examples/calc_repl" | grep -q "libtrellis.so" || { echo "package: calc_repl is not linked to libtrellis.so" >&2; exit 1; }
# A C host built with nothing but pkg-config and the C compiler.
cc="${CC:-$(command -v clang-19 || command -v cc)}"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" "$cc" -std=c99 -Wall -o "$examples/calc_repl_pc" "$root/examples/calc_repl.c" \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs trellis)
check "$examples/calc_repl_pc" calc_repl
