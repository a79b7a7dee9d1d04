#!/usr/bin/env python3
"""Zexus benchmark runner (benchmarks/zexus): every workload NAME.zx under trellis-zx in each execution tier
(--tier=tree, and auto and vm under each --dispatch strategy) side by side with NAME.lua under lua5.4.

For each (workload, configuration) it keeps the best of N runs (by wall-clock time, or by CPU time user+sys with
--metric cpu, steadier on a loaded machine), checks that every configuration printed exactly what Lua printed (a mismatch is reported and marks the
cell with '!'), and prints a Markdown table of the best times in ms with the ratio to Lua. The first row is
startup to first output: `trellis-zx -e 'print(1)'` against `lua5.4 -e 'print(1)'`.

Usage: run_bench.py --zx PATH/trellis-zx [--lua lua5.4] [--repeat N] [--metric wall|cpu] [--only fib25,loop]
                    [--configs tree,auto-goto] [--json out.json]
Timings are measurements, never assertions: on a loaded machine, compare only columns measured in one run.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = ["fib25", "fib30", "loop", "strings", "lists", "maps"]


def strategies(zx):
    """The dispatch strategies compiled into this trellis-zx (tail only where the binary accepts it)."""
    found = []
    for s in ("switch", "goto", "tail"):
        r = subprocess.run([zx, "--tier=tree", "--dispatch=" + s, "-e", "1"], capture_output=True)
        if r.returncode == 0:
            found.append(s)
    return found


def run_once(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, r.stdout, r.returncode, r.stderr


METRIC = "wall"


def best_of(cmd, repeat):
    best = None
    for _ in range(repeat):
        wall, cpu, out, code, err = run_once(cmd)
        if code != 0:
            return None, None, out, code, err
        key = cpu if METRIC == "cpu" else wall
        if best is None or key < best[3]:
            best = (wall, cpu, out, key)
    return best[0], best[1], best[2], 0, ""


def resolve_program(path, flag):
    """An absolute path for a program named on the command line: a path with a separator is taken relative to the
    caller's working directory, a bare name is looked up on PATH. Exits with a message when it does not exist."""
    if os.sep in path or (os.altsep and os.altsep in path):
        full = os.path.abspath(path)
        if not os.path.isfile(full):
            sys.exit(f"run_bench.py: {flag} {path}: no such file (resolved to {full})")
        return full
    found = shutil.which(path)
    if not found:
        sys.exit(f"run_bench.py: {flag} {path}: not found on PATH")
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zx", required=True, help="path to trellis-zx")
    ap.add_argument("--lua", default="lua5.4")
    ap.add_argument("--repeat", type=int, default=3, help="runs per cell; the best is kept (default 3)")
    ap.add_argument("--only", default="", help="comma-separated workloads (default: all)")
    ap.add_argument("--configs", default="", help="comma-separated configurations, e.g. tree,auto-goto,vm-tail")
    ap.add_argument("--metric", choices=["wall", "cpu"], default="wall", help="time to rank and print")
    ap.add_argument("--json", default="", help="also write the measurements to this JSON file")
    args = ap.parse_args()
    # The workloads run with the benchmark folder as their working directory: a relative --zx/--lua path is the
    # caller's (`--zx build/frontends/zexus/trellis-zx` from the repository root), so resolve it here first.
    args.zx = resolve_program(args.zx, "--zx")
    args.lua = resolve_program(args.lua, "--lua")
    global METRIC
    METRIC = args.metric
    key = "cpu_ms" if METRIC == "cpu" else "wall_ms"

    configs = [("tree", ["--tier=tree"])]
    for s in strategies(args.zx):
        configs.append(("auto-" + s, ["--tier=auto", "--dispatch=" + s]))
    for s in strategies(args.zx):
        configs.append(("vm-" + s, ["--tier=vm", "--dispatch=" + s]))
    if args.configs:
        wanted = args.configs.split(",")
        configs = [c for c in configs if c[0] in wanted]
    workloads = [w for w in args.only.split(",") if w in WORKLOADS] if args.only else WORKLOADS  # "startup" alone: none

    results = {}
    mismatches = []
    rows = [("startup", [args.lua, "-e", "print(1)"], lambda flags: [args.zx] + flags + ["-e", "print(1)"])]
    for w in workloads:
        rows.append((w, [args.lua, w + ".lua"], lambda flags, w=w: [args.zx] + flags + [w + ".zx"]))
    for name, lua_cmd, zx_cmd in rows:
        repeat = max(args.repeat, 10) if name == "startup" else args.repeat
        lw, lc, lout, lcode, lerr = best_of(lua_cmd, repeat)
        results[name] = {"lua": {"wall_ms": lw and lw * 1e3, "cpu_ms": lc and lc * 1e3}}
        if lcode != 0:
            print(f"lua failed on {name}: {lerr.strip()}", file=sys.stderr)
        for label, flags in configs:
            w_, c_, out, code, err = best_of(zx_cmd(flags), repeat)
            ok = code == 0 and (lcode != 0 or out == lout)
            if not ok:
                mismatches.append((name, label, code, out, lout, err))
            results[name][label] = {"wall_ms": w_ and w_ * 1e3, "cpu_ms": c_ and c_ * 1e3, "output_ok": ok}
        print(f"  measured {name}", file=sys.stderr)

    labels = [c[0] for c in configs]
    print("| workload | lua5.4 | " + " | ".join(f"{l} (x Lua)" for l in labels) + " |")
    print("|---|---:|" + "---:|" * len(labels))
    for name in results:
        lua = results[name]["lua"][key]
        cells = []
        for l in labels:
            r = results[name][l]
            if r[key] is None:
                cells.append("failed")
                continue
            ratio = f" ({r[key] / lua:.1f}x)" if lua else ""
            cells.append(f"{r[key]:.1f}{ratio}{'' if r['output_ok'] else ' !'}")
        print(f"| {name} | {lua:.1f} | " + " | ".join(cells) + " |" if lua else f"| {name} | - | " + " | ".join(cells) + " |")
    print(f"\nBest of {args.repeat} runs, {'CPU (user+sys)' if METRIC == 'cpu' else 'wall-clock'} ms "
          f"(startup: best of {max(args.repeat, 10)}); "
          f"'!' = output differs from Lua's or the run failed.")
    for name, label, code, out, lout, err in mismatches:
        print(f"MISMATCH {name} {label}: exit {code}, got {out.strip()!r}, lua {lout.strip()!r} {err.strip()[:200]}",
              file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
