#!/usr/bin/env python3
"""benchmarks/perl/run_bench.py: every benchmarks/perl/NAME.pl run by Debian's perl and by trellis-perl under each
dispatch strategy, side by side in one run (repetitions interleaved, the order rotated per repetition), outputs
compared with perl's, best-of-N process CPU time (user + system of the child) per cell, ratios perl/trellis
(> 1: trellis-perl is faster) and their geometric mean per strategy. The issue's goal is a geometric mean of 2.

usage: run_bench.py [--trellis PATH] [--perl PATH] [--repeat N] [--only NAME[,NAME]] [--json]
--json prints one JSON object instead of the table (benchmarks/report/ reads it):
  {"unit": "ms", "strategies": [...], "rows": [{"name", "perl", "trellis": {S: ms}, "ratio": {S: x}, "ok"}],
   "geomean": {S: x}}
A timing is a measurement, never an assertion: the exit status is 1 only when an output differs from perl's."""
import argparse, json, math, os, resource, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def cpu_run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3, r


def strategies_of(binary):
    found = []
    for s in ("switch", "goto", "tail"):
        r = subprocess.run([binary, "--dispatch=" + s, "-e", "1"], capture_output=True, text=True)
        if r.returncode == 0:
            found.append(s)
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = os.path.join(REPO, "build", "frontends", "perl", "trellis-perl")
    ap.add_argument("--trellis", default=default)
    ap.add_argument("--perl", default="perl")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    a.trellis = os.path.abspath(a.trellis)
    scripts = sorted(f for f in os.listdir(HERE) if f.endswith(".pl"))
    if a.only:
        wanted = set(a.only.split(","))
        scripts = [s for s in scripts if s[:-3] in wanted]
    strategies = strategies_of(a.trellis)
    if not strategies:
        sys.exit(f"run_bench.py: {a.trellis} does not run (build trellis-perl or pass --trellis)")
    rows, failed = [], False
    for script in scripts:
        runners = [("perl", [a.perl, script])] + [(s, [a.trellis, "--dispatch=" + s, script]) for s in strategies]
        best, outputs = {}, {}
        for rep in range(a.repeat):
            k = rep % len(runners)
            for name, cmd in runners[k:] + runners[:k]:
                ms, r = cpu_run(cmd)
                outputs.setdefault(name, (r.returncode, r.stdout))
                best[name] = min(best.get(name, ms), ms)
        ok = all(outputs[s] == outputs["perl"] for s in strategies)
        failed |= not ok
        rows.append({"name": script[:-3], "perl": round(best["perl"], 2),
                     "trellis": {s: round(best[s], 2) for s in strategies},
                     "ratio": {s: round(best["perl"] / max(best[s], 1e-3), 3) for s in strategies}, "ok": ok})
    geo = {s: round(math.exp(sum(math.log(max(r["ratio"][s], 1e-6)) for r in rows) / len(rows)), 3) if rows else None
           for s in strategies}
    if a.json:
        print(json.dumps({"unit": "ms", "strategies": strategies, "rows": rows, "geomean": geo}, indent=1))
    else:
        head = f"{'workload':<16}{'perl ms':>9}" + "".join(f"{s + ' ms':>11}{'x':>7}" for s in strategies) + "  output"
        print(head)
        for r in rows:
            cells = "".join(f"{r['trellis'][s]:>11.1f}{r['ratio'][s]:>7.2f}" for s in strategies)
            print(f"{r['name']:<16}{r['perl']:>9.1f}{cells}  {'same' if r['ok'] else 'DIFFERS'}")
        print(f"{'geomean':<16}{'':>9}" + "".join(f"{'':>11}{geo[s]:>7.2f}" for s in strategies))
        print("x = perl time / trellis-perl time (best of %d, process CPU time); > 1 means trellis-perl is faster"
              % a.repeat)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
