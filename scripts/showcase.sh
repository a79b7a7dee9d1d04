#!/usr/bin/env bash
# The showcase: runs one folder of the real Ethereum state tests under every dispatch strategy, then one
# benchmark contract, then the garbage collector on binary-trees against mimalloc and the Boehm GC, then Zexus
# against Lua 5.4 in each tier, and prints short tables. Needs a built tree
# (scripts/build.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
data="$root/../shared/testdata/evm"
evm="$build/frontends/evm/trellis-evm"
if [ ! -x "$evm" ]; then echo "showcase: $evm not built yet"; exit 1; fi
folder="$data/state_tests/GeneralStateTests/stExample"
echo "== Ethereum state tests ($folder) under each dispatch strategy"
printf '%-10s %s\n' strategy result
for d in switch goto tail; do
  line=$("$evm" statetest "$folder" --dispatch "$d" 2>&1 | tail -n 1) || true
  printf '%-10s %s\n' "$d" "$line"
done
echo
echo "== One benchmark contract (snailtracer, revision Istanbul), every dispatch strategy, vs evmone's baseline"
"$evm" bench "$data/benchmarks/evm-benchmarks" --filter snailtracer --repeat 3
echo
gcbench="$build/benchmarks/gc/trellis-gc-bench"
if [ -x "$gcbench" ]; then
  echo "== The generational GC: binary-trees 16 built with Trellis, mimalloc malloc/free and the Boehm GC"
  echo "   (median of 3; the full run with depth 18, GCBench and the write barrier: $gcbench --repeat 5)"
  "$gcbench" --quick --repeat 3 | grep -v '^$' || true
  echo
fi
zx="$build/frontends/zexus/trellis-zx"
if [ -x "$zx" ] && command -v lua5.4 >/dev/null && command -v python3 >/dev/null; then
  echo "== Zexus: fib(25), fib(30) and a 1e7-iteration loop in the tree walker, with tier-up (auto) and"
  echo "   compiled up front (vm), beside the same programs in Lua 5.4 (best of 3, ms)"
  python3 "$root/benchmarks/zexus/run_bench.py" --zx "$zx" --repeat 3 --only fib25,fib30,loop \
    --configs tree,auto-tail,vm-tail || true
fi
