#!/usr/bin/env bash
# Runs the libFuzzer targets briefly, as CI does after scripts/sanitize.sh: builds them (clang only; with another
# compiler they are absent and this script says so and succeeds) in the ASan build ${BUILD_DIR:-build-asan},
# then fuzzes each for ${FUZZ_SECONDS:-45} seconds from its seed folders. A crash, hang (-timeout) or sanitizer
# report fails the script; the reproducer is kept in ${FUZZ_ARTIFACTS:-build-asan/fuzz-artifacts}/.
# Targets: fuzz_smalltalk_compiler (the Smalltalk parser and compiler: frontends/smalltalk/fuzz/) and
# fuzz_perl_compiler (the Perl lexer, parser and compiler: frontends/perl/fuzz/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-asan}"
seconds="${FUZZ_SECONDS:-45}"
# a fixed seed keeps CI reproducible (a red run can be replayed); FUZZ_SEED=0 lets libFuzzer pick one
seed="${FUZZ_SEED:-20261205}"
artifacts="${FUZZ_ARTIFACTS:-$build/fuzz-artifacts}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRELLIS_SANITIZE=ON >/dev/null
if ! cmake --build "$build" --target help | grep -q '^fuzz_smalltalk_compiler:'; then
  echo "fuzz: the compiler has no libFuzzer (-fsanitize=fuzzer); fuzz targets skipped"
  exit 0
fi
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target fuzz_smalltalk_compiler
mkdir -p "$artifacts"
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
seeds=("$root/tests/smalltalk/scripts" "$root/frontends/smalltalk/lib")
[ -d "$root/../shared/testdata/smalltalk/awfy" ] && seeds+=("$root/../shared/testdata/smalltalk/awfy")
export ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
set +e
"$build/frontends/smalltalk/fuzz/fuzz_smalltalk_compiler" "$corpus" "${seeds[@]}" \
  -max_total_time="$seconds" -seed="$seed" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/smalltalk-" 2>&1 | grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz_smalltalk_compiler failed (status $status); reproducer in $artifacts/" >&2
  exit 1
fi
echo "fuzz_smalltalk_compiler: ${seconds} s, no crash"

# fuzz_perl_compiler (the Perl lexer, parser and compiler: frontends/perl/fuzz/), seeded by tests/perl/scripts
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target fuzz_perl_compiler
perl_corpus="$(mktemp -d)"
trap 'rm -rf "$corpus" "$perl_corpus"' EXIT
set +e
"$build/frontends/perl/fuzz/fuzz_perl_compiler" "$perl_corpus" "$root/tests/perl/scripts" \
  -max_total_time="$seconds" -seed="$seed" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/perl-" 2>&1 | grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz_perl_compiler failed (status $status); reproducer in $artifacts/" >&2
  exit 1
fi
echo "fuzz_perl_compiler: ${seconds} s, no crash"
