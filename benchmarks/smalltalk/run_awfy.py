#!/usr/bin/env python3
"""Are We Fast Yet on trellis-st: the 14 SOM benchmarks of ../shared/testdata/smalltalk/awfy at the inner counts of
the SOM++ reference table (README there), under each dispatch strategy. Prints per-iteration milliseconds (median
of iterations 2..N of one invocation: the first one includes loading and warm-up), the process CPU time per
iteration (all iterations, startup included: on a loaded machine wall time overstates), the ratio to SOM++
(ours / SOM++: below 1 is faster), and the geometric mean of the ratios; then the micro-benchmarks of TinyBench.som
(bytecodes and sends per second). A benchmark that fails to verify is reported as such and left out of the mean.

usage: run_awfy.py [--st PATH] [--iterations N] [--strategies switch,goto,tail] [--only Bench,...] [--scale F]
  --scale multiplies every inner count but Havlak's, Mandelbrot's and NBody's (they verify only some counts), for
  a quick look; the SOM++ column is then scaled by the same factor."""
import argparse
import math
import os
import re
import resource
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
AWFY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "testdata", "smalltalk", "awfy"))
CLASS_PATH = ".:Core:CD:DeltaBlue:Havlak:Json:NBody:Richards"
# benchmark, inner count, SOM++ ms per iteration (../shared/testdata/smalltalk/README.md)
REFERENCE = [
    ("DeltaBlue", 12000, 540), ("Richards", 10, 458), ("Json", 50, 512), ("CD", 100, 1241),
    ("Havlak", 15, 3866), ("Bounce", 600, 658), ("List", 500, 593), ("Mandelbrot", 500, 1465),
    ("NBody", 250000, 2346), ("Permute", 400, 773), ("Queens", 300, 704), ("Sieve", 600, 914),
    ("Storage", 400, 802), ("Towers", 300, 741),
]


def run_one(st, strategy, bench, iterations, inner):
    cmd = [st, "--dispatch=" + strategy, "-cp", CLASS_PATH, "Harness.som", bench, str(iterations), str(inner)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, cwd=AWFY, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000.0 / iterations
    times = [int(t) for t in re.findall(bench + r": iterations=1 runtime: (\d+)us", p.stdout)]
    if p.returncode != 0 or len(times) != iterations:
        return None, None, (p.stdout + p.stderr).strip().splitlines()[-1:] or ["exit %d" % p.returncode]
    steady = times[1:] if len(times) > 1 else times
    return statistics.median(steady) / 1000.0, cpu_ms, None


def tiny(st, strategy):
    p = subprocess.run([st, "--dispatch=" + strategy, os.path.join(HERE, "TinyBench.som")], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else "TinyBench failed: " + p.stderr.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--st", default=os.path.join(HERE, "..", "..", "build", "frontends", "smalltalk", "trellis-st"))
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--strategies", default="switch,goto,tail")
    ap.add_argument("--only", default="")
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    st = os.path.abspath(a.st)
    only = set(a.only.split(",")) if a.only else None
    strategies = a.strategies.split(",")
    print("trellis-st %s, %d iterations per benchmark (median of 2..N), inner counts x%g" % (st, a.iterations, a.scale))
    header = "| benchmark | inner | SOM++ ms |" + "".join(" %s ms | cpu ms | ratio |" % s for s in strategies)
    print(header)
    print("|" + "---|" * (3 + 3 * len(strategies)))
    ratios = {s: [] for s in strategies}
    for bench, inner, ref in REFERENCE:
        if only and bench not in only:
            continue
        n = max(1, int(inner * a.scale)) if bench not in ("Mandelbrot", "NBody", "Havlak") else inner
        ref = ref * n / inner  # the reference scaled to the work done (benchmarks here are linear in inner)
        row = "| %s | %d | %.0f |" % (bench, n, ref)
        for s in strategies:
            ms, cpu, err = run_one(st, s, bench, a.iterations, n)
            if ms is None:
                row += " failed: %s | - | - |" % err[0][:40]
                continue
            r = ms / ref
            ratios[s].append(r)
            row += " %.1f | %.1f | %.2f |" % (ms, cpu, r)
        print(row, flush=True)
    for s in strategies:
        if ratios[s]:
            g = math.exp(sum(math.log(r) for r in ratios[s]) / len(ratios[s]))
            print("geometric mean of ratios (%s): %.3f over %d benchmarks (SOM++ / trellis = %.2fx)" % (s, g, len(ratios[s]), 1 / g))
    for s in strategies:
        print("micro (%s): %s" % (s, tiny(st, s)))


if __name__ == "__main__":
    sys.exit(main())
