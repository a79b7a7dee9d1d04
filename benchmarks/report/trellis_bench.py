#!/usr/bin/env python3
"""trellis-bench: the dispatch-strategy report. Runs each frontend's own workloads under every dispatch strategy
compiled in (switch, computed goto, tail calls) and prints one table (workload x strategy: time and ratio to
switch) plus JSON for plot_dispatch.py.

Frontends and the workloads they bring (each through its own harness, so the numbers are the ones its own docs
quote):
  evm-baseline, evm-schedule  trellis-evm bench over ../shared/testdata/evm/benchmarks/evm-benchmarks (main/ suite):
                              CPU time of the benchmark thread, median of timed batches, execution only; the pairs
                              are interleaved by bench itself
  zexus                       benchmarks/zexus/run_bench.py --configs vm-switch,vm-goto,vm-tail --metric cpu
                              (bytecode VM tier forced, so every loop runs under the strategy): best-of-N process CPU
                              time; outputs checked against lua5.4 by run_bench.py
  smalltalk                   the AWFY benchmarks through benchmarks/smalltalk/run_awfy.py's run_one (median of the
                              steady iterations 2..N of one invocation); the strategies take turns per repetition
  perl                        every benchmarks/perl/NAME.pl, when that folder holds any (skipped with a printed line
                              otherwise): best-of-N process CPU time under trellis-perl --dispatch=S; every strategy
                              must print the same output
A frontend whose binary or data is missing is skipped with a printed line, never counted. The strategies are probed
from the binaries: a build whose compiler has no musttail gets the table without the tail column.

--quick runs one or two small workloads per frontend (a few seconds in all: the CTest smoke run); the default (full)
mode runs the sets docs/performance.md quotes (~8 min on the loaded 2-core VM). Timings are measurements, never assertions.

usage: trellis_bench.py [--quick] [--evm PATH] [--zx PATH] [--st PATH] [--perl PATH] [--lua PATH]
                        [--testdata DIR] [--strategies switch,goto,tail] [--frontends evm,zexus,...]
                        [--repeat N] [--json FILE]
Exit status: 0, or 1 if a workload failed or printed a wrong result under some strategy (its cell reads 'failed').
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
ALL_STRATEGIES = ["switch", "goto", "tail"]
FRONTENDS = ["evm-baseline", "evm-schedule", "zexus", "smalltalk", "perl"]

# Workloads per mode. EVM: bench --filter texts (one run of bench per mode covers them all).
EVM_QUICK = ["main/sha1_shifts/empty"]
EVM_FULL = ["main/"]
ZEXUS_QUICK = ["fib25"]
ZEXUS_FULL = ["fib30", "loop", "strings", "lists", "maps"]
# Smalltalk: (benchmark, scale of its SOM++ inner count). Quick: three small kernels at a few percent.
ST_QUICK = [("Bounce", 0.02), ("Sieve", 0.02), ("Queens", 0.02)]
ST_FULL_SCALE = 0.25  # every AWFY benchmark at a quarter of its inner count, but these (they verify only some counts)
ST_UNSCALED = ("CD", "Havlak", "Mandelbrot", "NBody")


def note(msg):
    print(msg, flush=True)


def default_binary(*parts):
    """A binary of the default build tree (build/ at the repository root), or None."""
    p = os.path.join(REPO, "build", *parts)
    return p if os.path.isfile(p) else None


def executable(path):
    return path is not None and os.path.isfile(path) and os.access(path, os.X_OK)


# ---------------------------------------------------------------------------------------------------------------
# Strategy probes


def probe(cmd, ok_stderr=None):
    """True if the command accepts the strategy: exit 0, or (for trellis-evm bench) an error that is about
    something else (ok_stderr appears in stderr)."""
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0 or (ok_stderr is not None and ok_stderr in r.stderr)


def strategies_of(frontend, binary, evm_dir):
    """The strategies this frontend's binary accepts."""
    found = []
    for s in ALL_STRATEGIES:
        if frontend.startswith("evm"):
            cmd = [binary, "bench", evm_dir, "--interpreter", "baseline", "--dispatch", s, "--filter", "__none__"]
            ok = probe(cmd, ok_stderr="no benchmark matches")
        elif frontend == "zexus":
            ok = probe([binary, "--tier=vm", "--dispatch=" + s, "-e", "1"])
        else:
            ok = probe([binary, "--dispatch=" + s, "-e", "1"])
        if ok:
            found.append(s)
    return found


# ---------------------------------------------------------------------------------------------------------------
# EVM: trellis-evm bench


def parse_evm_bench(text):
    """Rows of the 'ratios, execution only' table: {case: {interpreter/strategy: microseconds}}, and the number of
    failed checks from the summary line (None if the line is missing)."""
    rows, pairs, inside = {}, None, False
    for line in text.splitlines():
        if line.startswith("## ratios, execution only"):
            inside = True
            continue
        if inside and line.startswith("## "):
            break
        if not inside or not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "case":
            pairs = [c for c in cells[1:] if "/" in c and not c.startswith("evm1")]
            continue
        if pairs is None or cells[0].startswith("geomean"):
            continue
        times = {}
        for pair, cell in zip(pairs, cells[1:]):
            m = re.match(r"([0-9.]+) (us|ms|s) ", cell + " ")
            if m:
                times[pair] = float(m.group(1)) * {"us": 1.0, "ms": 1e3, "s": 1e6}[m.group(2)]
        rows[cells[0]] = times
    m = re.search(r"case\(s\) checked against expected outputs: (\d+) failed", text)
    return rows, (int(m.group(1)) if m else None)


def run_evm(binary, evm_dir, strategies, quick, repeat):
    results = []
    cmd = [binary, "bench", evm_dir, "--interpreter", "baseline", "--interpreter", "schedule"]
    for s in strategies:
        cmd += ["--dispatch", s]
    filters = EVM_QUICK if quick else EVM_FULL
    for f in filters:
        run = cmd + ["--filter", f] + (["--repeat", str(repeat)] if repeat else [])
        r = subprocess.run(run, capture_output=True, text=True)
        rows, failed = parse_evm_bench(r.stdout)
        ok = r.returncode == 0 and failed == 0
        if not rows:
            note(f"evm: bench printed no table for --filter {f} (exit {r.returncode}): {r.stderr.strip()[:200]}")
        for case, times in rows.items():
            for interp in ("baseline", "schedule"):
                t = {s: times.get(f"{interp}/{s}") for s in strategies}
                results.append(row(f"evm-{interp}", case, "us", t, ok))
    return results


# ---------------------------------------------------------------------------------------------------------------
# Zexus: benchmarks/zexus/run_bench.py


def run_zexus(binary, lua, strategies, quick, repeat):
    runner = os.path.join(REPO, "benchmarks", "zexus", "run_bench.py")
    workloads = ZEXUS_QUICK if quick else ZEXUS_FULL
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "zexus.json")
        cmd = [sys.executable, runner, "--zx", binary, "--lua", lua, "--metric", "cpu", "--repeat", str(repeat),
               "--only", ",".join(workloads), "--configs", ",".join("vm-" + s for s in strategies), "--json", out]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if not os.path.isfile(out):
            note(f"zexus: run_bench.py wrote no JSON (exit {r.returncode}): {r.stderr.strip()[-300:]}")
            return [row("zexus", w, "ms", {s: None for s in strategies}, False) for w in workloads]
        with open(out) as f:
            data = json.load(f)
    results = []
    for w in workloads:
        cells = data.get(w, {})
        t = {s: (cells.get("vm-" + s) or {}).get("cpu_ms") for s in strategies}
        ok = all((cells.get("vm-" + s) or {}).get("output_ok") for s in strategies)
        results.append(row("zexus", w, "ms", t, ok))
    return results


# ---------------------------------------------------------------------------------------------------------------
# Smalltalk: benchmarks/smalltalk/run_awfy.py


def run_smalltalk(binary, strategies, quick, repeat):
    sys.path.insert(0, os.path.join(REPO, "benchmarks", "smalltalk"))
    import run_awfy  # the AWFY runner: its class path, inner counts and the run of one invocation

    if not os.path.isdir(run_awfy.AWFY):
        note(f"smalltalk: skipped: {run_awfy.AWFY} (the AWFY sources) is missing")
        return []
    counts = {name: inner for name, inner, _ in run_awfy.REFERENCE}
    if quick:
        chosen = ST_QUICK
    else:
        chosen = [(name, 1.0 if name in ST_UNSCALED else ST_FULL_SCALE)
                  for name, _, _ in run_awfy.REFERENCE]
    iterations = 2 if quick else 3
    results = []
    for bench, scale in chosen:
        inner = max(1, int(counts[bench] * scale))
        best = {s: None for s in strategies}
        ok = True
        for rep in range(repeat):
            order = strategies[rep % len(strategies):] + strategies[:rep % len(strategies)]  # rotate who goes first
            for s in order:
                ms, _cpu, err = run_awfy.run_one(binary, s, bench, iterations, inner)
                if ms is None:
                    note(f"smalltalk: {bench} under {s} failed: {err[0] if err else ''}")
                    ok = False
                    continue
                best[s] = ms if best[s] is None else min(best[s], ms)
        results.append(row("smalltalk", f"{bench} x{inner}", "ms", best, ok))
    return results


# ---------------------------------------------------------------------------------------------------------------
# Perl: benchmarks/perl/*.pl


def cpu_run(cmd, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # stdin closed (k_nucleotide.pl and regex_redux.pl read it: run_bench.py feeds them fasta.pl's output);
    # mandelbrot.pl prints binary PBM bytes
    r = subprocess.run(cmd, capture_output=True, text=True, errors="surrogateescape", stdin=subprocess.DEVNULL,
                       cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3, r


def run_perl(binary, strategies, quick, repeat):
    folder = os.path.join(REPO, "benchmarks", "perl")
    scripts = sorted(f for f in os.listdir(folder) if f.endswith(".pl")) if os.path.isdir(folder) else []
    if not scripts:
        note("perl: skipped: benchmarks/perl holds no NAME.pl workload yet")
        return []
    if quick:
        scripts = scripts[:1]
    results = []
    for script in scripts:
        best = {s: None for s in strategies}
        outputs = set()
        ok = True
        for rep in range(repeat):
            order = strategies[rep % len(strategies):] + strategies[:rep % len(strategies)]
            for s in order:
                ms, r = cpu_run([binary, "--dispatch=" + s, script], folder)
                if r.returncode != 0:
                    note(f"perl: {script} under {s} exited {r.returncode}: {r.stderr.strip()[:200]}")
                    ok = False
                    continue
                outputs.add(r.stdout)
                best[s] = ms if best[s] is None else min(best[s], ms)
        if len(outputs) > 1:
            note(f"perl: {script}: the strategies printed different outputs")
            ok = False
        results.append(row("perl", script[:-3], "ms", best, ok))
    return results


# ---------------------------------------------------------------------------------------------------------------
# Report


def row(frontend, workload, unit, times, ok):
    base = times.get("switch")
    ratios = {s: (t / base if t is not None and base else None) for s, t in times.items()}
    ok = ok and all(t is not None and t > 0 for t in times.values())
    return {"frontend": frontend, "workload": workload, "unit": unit, "times": times, "ratios": ratios, "ok": ok}


def geomeans(results, strategies):
    """Per frontend and strategy: geometric mean of the ratios to switch over the rows that have all strategies."""
    out = {}
    for fe in FRONTENDS:
        rows = [r for r in results if r["frontend"] == fe and r["ok"]]
        if not rows:
            continue
        out[fe] = {s: math.exp(sum(math.log(r["ratios"][s]) for r in rows) / len(rows)) for s in strategies}
        out[fe]["rows"] = len(rows)
    return out


def fmt_time(t, unit):
    if t is None:
        return "failed"
    if unit == "us" and t >= 1000:
        t, unit = t / 1000, "ms"
    return (f"{t:.0f}" if t >= 100 else f"{t:.2f}" if t < 10 else f"{t:.1f}") + " " + unit


def table(results, strategies, means):
    lines = ["| frontend | workload | " + " | ".join(strategies) + " |",
             "|---|---|" + "---:|" * len(strategies)]
    for r in results:
        cells = []
        for s in strategies:
            t, q = r["times"][s], r["ratios"][s]
            cells.append(fmt_time(t, r["unit"]) + (f" {q:.2f}x" if q is not None else ""))
        lines.append(f"| {r['frontend']} | {r['workload']}{'' if r['ok'] else ' (!)'} | " + " | ".join(cells) + " |")
    for fe, m in means.items():
        lines.append(f"| {fe} | geomean ({m['rows']}) | " + " | ".join(f"{m[s]:.2f}x" for s in strategies) + " |")
    return "\n".join(lines)


def compiler_of(binary):
    """The compiler recorded in the binary's .comment section (clang/gcc version), if readable."""
    try:
        r = subprocess.run(["readelf", "-p", ".comment", binary], capture_output=True, text=True, timeout=20)
        m = re.findall(r"\]\s+(.*(?:clang|GCC).*)", r.stdout)
        return m[-1].strip() if m else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a few small workloads (seconds): the CI smoke run")
    ap.add_argument("--evm", default=default_binary("frontends", "evm", "trellis-evm"))
    ap.add_argument("--zx", default=default_binary("frontends", "zexus", "trellis-zx"))
    ap.add_argument("--st", default=default_binary("frontends", "smalltalk", "trellis-st"))
    ap.add_argument("--perl", default=default_binary("frontends", "perl", "trellis-perl"))
    ap.add_argument("--lua", default=shutil.which("lua5.4"), help="lua5.4, which run_bench.py checks outputs with")
    ap.add_argument("--testdata", default=os.path.normpath(os.path.join(REPO, "..", "shared", "testdata")))
    ap.add_argument("--strategies", default="", help="comma-separated subset (default: what the binaries accept)")
    ap.add_argument("--frontends", default="", help="comma-separated subset of " + ",".join(FRONTENDS))
    ap.add_argument("--repeat", type=int, default=0, help="repetitions per cell (default: quick 1, full 3)")
    ap.add_argument("--json", default="", help="write the results here")
    a = ap.parse_args()
    repeat = a.repeat or (1 if a.quick else 3)
    for attr in ("evm", "zx", "st", "perl"):  # the harnesses run binaries from other working directories
        if getattr(a, attr):
            setattr(a, attr, os.path.abspath(getattr(a, attr)))
    wanted = set(a.frontends.split(",")) if a.frontends else set(FRONTENDS)
    unknown = wanted - set(FRONTENDS)
    if unknown:
        sys.exit("trellis-bench: unknown frontend(s): " + ", ".join(sorted(unknown)))
    evm_dir = os.path.join(a.testdata, "evm", "benchmarks", "evm-benchmarks")

    # Which frontends can run here, and with which binary.
    plan = []
    evm_wanted = wanted & {"evm-baseline", "evm-schedule"}
    if evm_wanted:
        if not executable(a.evm):
            note("evm: skipped: no trellis-evm (--evm)")
        elif not os.path.isdir(evm_dir):
            note(f"evm: skipped: {evm_dir} is missing")
        else:
            plan.append(("evm", a.evm))
    if "zexus" in wanted:
        if not executable(a.zx):
            note("zexus: skipped: no trellis-zx (--zx)")
        elif not a.lua or not shutil.which(a.lua):
            note("zexus: skipped: run_bench.py needs lua5.4 (--lua) to check outputs")
        else:
            plan.append(("zexus", a.zx))
    if "smalltalk" in wanted:
        if executable(a.st):
            plan.append(("smalltalk", a.st))
        else:
            note("smalltalk: skipped: no trellis-st (--st)")
    if "perl" in wanted:
        if executable(a.perl):
            plan.append(("perl", a.perl))
        else:
            note("perl: skipped: no trellis-perl (--perl)")
    if not plan:
        note("trellis-bench: no frontend to run")
        return 1

    # The strategies every planned binary accepts (they come from one compiler).
    strategies = list(ALL_STRATEGIES)
    for fe, binary in plan:
        accepted = strategies_of(fe, binary, evm_dir)
        strategies = [s for s in strategies if s in accepted]
    if a.strategies:
        asked = a.strategies.split(",")
        missing = [s for s in asked if s not in strategies]
        if missing:
            sys.exit("trellis-bench: strategy not available in these binaries: " + ", ".join(missing))
        strategies = asked
    if "switch" not in strategies:
        sys.exit("trellis-bench: the switch strategy (the ratios' base) is not available")
    if "tail" not in strategies:
        note("tail calls: not compiled in (the compiler has no musttail): no tail column")
    mode = "quick" if a.quick else "full"
    note(f"trellis-bench ({mode}): strategies {', '.join(strategies)}; {repeat} repetition(s) per cell")

    results = []
    for fe, binary in plan:
        if fe == "evm":
            results += [r for r in run_evm(binary, evm_dir, strategies, a.quick, 0 if not a.quick else 3)
                        if r["frontend"] in evm_wanted]
        elif fe == "zexus":
            results += run_zexus(binary, a.lua, strategies, a.quick, repeat if a.quick else max(repeat, 5))
        elif fe == "smalltalk":
            results += run_smalltalk(binary, strategies, a.quick, repeat)
        elif fe == "perl":
            results += run_perl(binary, strategies, a.quick, repeat)
        note(f"  measured {fe}")

    means = geomeans(results, strategies)
    print()
    print(table(results, strategies, means))
    print()
    print("Times: evm = CPU time of the benchmark thread per execution (median of timed batches, execution only); "
          "zexus, perl = best process CPU time; smalltalk = median wall time of the steady iterations. "
          "Ratio = time / switch's (below 1.00x: faster than switch). (!) = failed or wrong output.")
    report = {
        "tool": "trellis-bench", "mode": mode,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "load_average": list(os.getloadavg()), "platform": platform.platform()},
        "compiler": compiler_of(plan[0][1]), "strategies": strategies, "repeat": repeat,
        "results": results, "geomean": means,
    }
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
