#!/usr/bin/env python3
"""Instruction counts of trellis-st on the Are We Fast Yet benchmarks, under valgrind's callgrind: a load-independent
before/after measure for interpreter changes (wall time on a shared machine swings by 2x). Each benchmark runs one
iteration at a small inner count (below); the count of `-e 'nil'` (startup: boot and kernel loading) is printed
first and subtracted from each benchmark's.

usage: callgrind_awfy.py --st PATH [--st PATH2] [--strategy goto] [--only Bench,...] [--awfy DIR]
(--awfy: the suite's folder, by default ../shared/testdata/smalltalk/awfy beside the checkout)
With two --st binaries it prints both counts and their ratio (second / first) per benchmark and the geometric mean."""
import argparse
import math
import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
AWFY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "testdata", "smalltalk", "awfy"))
CLASS_PATH = ".:Core:CD:DeltaBlue:Havlak:Json:NBody:Richards"
# benchmark, inner count for the instruction count (about 1/25 of the reference table's work)
SMALL = [
    ("DeltaBlue", 500), ("Richards", 1), ("Json", 2), ("CD", 4), ("Bounce", 25), ("List", 20),
    ("Mandelbrot", 40), ("NBody", 10000), ("Permute", 16), ("Queens", 12), ("Sieve", 24), ("Storage", 16),
    ("Towers", 12),
]


def count(argv, cwd):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "cg.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out] + argv, cwd=cwd,
                       capture_output=True, text=True)
        with open(out) as f:
            for line in f:
                m = re.match(r"(summary|totals): (\d+)", line)
                if m:
                    return int(m.group(2))
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--st", action="append", required=True)
    ap.add_argument("--strategy", default="goto")
    ap.add_argument("--only", default="")
    ap.add_argument("--awfy", default=AWFY)
    a = ap.parse_args()
    only = set(a.only.split(",")) if a.only else None
    sts = [os.path.abspath(s) for s in a.st]
    awfy = os.path.abspath(a.awfy)
    base = [count([s, "--dispatch=" + a.strategy, "-e", "nil"], awfy) for s in sts]
    print("startup (-e nil): " + "  ".join("%.1fM" % (b / 1e6) for b in base))
    logs = []
    for bench, inner in SMALL:
        if only and bench not in only:
            continue
        counts = []
        for s, b in zip(sts, base):
            c = count([s, "--dispatch=" + a.strategy, "-cp", CLASS_PATH, "Harness.som", bench, "1", str(inner)], awfy)
            counts.append(c - b)
        row = "%-10s %5d " % (bench, inner) + "  ".join("%9.1fM" % (c / 1e6) for c in counts)
        if len(counts) == 2:
            r = counts[1] / counts[0]
            logs.append(math.log(r))
            row += "  ratio %.3f" % r
        print(row, flush=True)
    if logs:
        print("geometric mean ratio %.3f" % math.exp(sum(logs) / len(logs)))


if __name__ == "__main__":
    main()
