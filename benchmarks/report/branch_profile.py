#!/usr/bin/env python3
"""Branch profile of one workload per frontend under each dispatch strategy, for docs/performance.md: runs it under
`valgrind --tool=cachegrind --branch-sim=yes` (this VM exposes no hardware counters to perf) and prints instructions
retired (Ir), conditional branches and their simulated mispredictions (Bc, Bcm), indirect branches and theirs (Bi,
Bim), each also per dispatch. Dispatches are estimated as the indirect branches of the goto run: each goto handler
ends in exactly one indirect jump, so Bi(goto) = VM instructions executed + the few indirect calls of the rest of
the program (the same in every strategy). Counts, not times: unaffected by the machine's load.

Cachegrind's predictor is a simple model (2-bit counters indexed by address for conditional branches, one
remembered target per branch address for indirect ones); it shows what the code asks of a predictor, not what a
modern core's history-based predictor achieves.

usage: branch_profile.py --evm PATH --zx PATH --st PATH --perl PATH [--testdata DIR] [--strategies ...]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
PERL_FIB = 'sub fib { my $n = shift; return $n < 2 ? $n : fib($n - 1) + fib($n - 2) } print fib(22), "\\n";'


def evm_case(testdata, name):
    """Code and the longest call data of a main/ evm-benchmark (a state-test file)."""
    path = os.path.join(testdata, "evm", "benchmarks", "evm-benchmarks", "main", name + ".json")
    with open(path) as f:
        test = next(iter(json.load(f).values()))
    to = test["transaction"]["to"].lower()
    code = next(acc["code"] for addr, acc in test["pre"].items() if addr.lower() == to)
    data = max(test["transaction"]["data"], key=len)
    return code, data


def cachegrind(cmd, cwd=None):
    r = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--branch-sim=yes",
                        "--cachegrind-out-file=/dev/null"] + cmd, capture_output=True, text=True, cwd=cwd)
    num = lambda s: int(s.replace(",", ""))
    ir = re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    br = re.search(r"Branches:\s+[\d,]+\s+\(\s*([\d,]+) cond \+\s*([\d,]+) ind\)", r.stderr)
    mp = re.search(r"Mispredicts:\s+[\d,]+\s+\(\s*([\d,]+) cond \+\s*([\d,]+) ind\)", r.stderr)
    if r.returncode != 0 or not (ir and br and mp):
        raise RuntimeError(f"{' '.join(cmd)[:120]}: exit {r.returncode}: {r.stderr.strip()[-300:]}")
    return {"Ir": num(ir.group(1)), "Bc": num(br.group(1)), "Bi": num(br.group(2)),
            "Bcm": num(mp.group(1)), "Bim": num(mp.group(2))}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--evm")
    ap.add_argument("--zx")
    ap.add_argument("--st")
    ap.add_argument("--perl")
    ap.add_argument("--testdata", default=os.path.normpath(os.path.join(REPO, "..", "shared", "testdata")))
    ap.add_argument("--strategies", default="switch,goto,tail")
    ap.add_argument("--json", default="")
    a = ap.parse_args()
    strategies = a.strategies.split(",")
    awfy = os.path.join(a.testdata, "smalltalk", "awfy")
    tmp = tempfile.mkdtemp()
    workloads = []
    if a.evm:
        code, data = evm_case(a.testdata, "sha1_shifts")
        code_file = os.path.join(tmp, "sha1_shifts.hex")
        with open(code_file, "w") as f:
            f.write(code)
        for interp in ("baseline", "schedule"):
            workloads.append((f"evm-{interp}", "sha1_shifts/5311", lambda s, i=interp: (
                [a.evm, "run", "--interpreter", i, "--dispatch", s, "--rev", "Istanbul", "--gas", "1000000000",
                 "--input", data, "@" + code_file], None)))
    if a.zx:
        zx = os.path.join(REPO, "benchmarks", "zexus", "fib30.zx")
        workloads.append(("zexus", "fib30", lambda s: ([a.zx, "--tier=vm", "--dispatch=" + s, zx], None)))
    if a.st:
        workloads.append(("smalltalk", "Bounce x60", lambda s: (
            [a.st, "--dispatch=" + s, "-cp", ".:Core:CD:DeltaBlue:Havlak:Json:NBody:Richards", "Harness.som",
             "Bounce", "1", "60"], awfy)))
    if a.perl:
        workloads.append(("perl", "fib(22) (-e)", lambda s: ([a.perl, "--dispatch=" + s, "-e", PERL_FIB], None)))
    rows = []
    print("| frontend | workload | strategy | Ir (M) | Bc (M) | Bcm (M) | Bi (M) | Bim (M) | Ir/dispatch | "
          "Bc/dispatch | Bi/dispatch | Bcm+Bim/dispatch |")
    print("|---|---|---|" + "---:|" * 9)
    for fe, name, make in workloads:
        counts = {}
        for s in strategies:
            cmd, cwd = make(s)
            counts[s] = cachegrind(cmd, cwd)
        dispatches = counts["goto"]["Bi"] if "goto" in counts else counts[strategies[0]]["Bi"]
        for s in strategies:
            c = counts[s]
            rows.append({"frontend": fe, "workload": name, "strategy": s, "dispatches_est": dispatches, **c})
            print(f"| {fe} | {name} | {s} | {c['Ir'] / 1e6:.1f} | {c['Bc'] / 1e6:.2f} | {c['Bcm'] / 1e6:.3f} | "
                  f"{c['Bi'] / 1e6:.2f} | {c['Bim'] / 1e6:.3f} | {c['Ir'] / dispatches:.1f} | "
                  f"{c['Bc'] / dispatches:.2f} | {c['Bi'] / dispatches:.2f} | "
                  f"{(c['Bcm'] + c['Bim']) / dispatches:.3f} |", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
