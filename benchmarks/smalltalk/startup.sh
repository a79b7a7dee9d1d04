#!/bin/bash
# Startup to first output, side by side: `trellis-st -e '1 printNl'` against `lua5.4 -e 'print(1)'` (the goal of
# issue 10: no slower than 1.5x). Each round runs `perf stat -r REPS -e task-clock,page-faults` on one, then the
# other, so both see the same machine load; prints the task clock (ms) and page faults of each, their ratio per
# round, and the median ratio. Usage: benchmarks/smalltalk/startup.sh TRELLIS_ST [ROUNDS=8] [REPS=30]
set -euo pipefail
st=${1:?usage: startup.sh path/to/trellis-st [rounds] [reps]}
rounds=${2:-8}
reps=${3:-30}
command -v lua5.4 >/dev/null || { echo "startup.sh: lua5.4 not found" >&2; exit 2; }
measure() {  # prints "task_clock_ms page_faults"
  perf stat -x, -r "$reps" -e task-clock,page-faults "$@" 2>&1 >/dev/null | awk -F, '{printf "%s ", $1}'
}
ratios=()
printf "%5s %12s %8s %12s %8s %7s\n" round "st ms" "st pf" "lua ms" "lua pf" ratio
for r in $(seq "$rounds"); do
  read -r st_ms st_pf < <(measure "$st" -e '1 printNl'; echo)
  read -r lua_ms lua_pf < <(measure lua5.4 -e 'print(1)'; echo)
  ratio=$(awk -v a="$st_ms" -v b="$lua_ms" 'BEGIN { printf "%.2f", a / b }')
  ratios+=("$ratio")
  printf "%5s %12s %8s %12s %8s %7s\n" "$r" "$st_ms" "$st_pf" "$lua_ms" "$lua_pf" "$ratio"
done
printf "%s\n" "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
  printf "median ratio (task clock, trellis-st / lua5.4): %.2f over %d rounds\n", m, NR }'
