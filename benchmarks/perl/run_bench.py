#!/usr/bin/env python3
"""benchmarks/perl/run_bench.py: the Perl workloads (WORKLOADS below: every benchmarks/perl/NAME.pl, with its size
argument and input, and a -n one-liner over a generated file) run by Debian's perl and by trellis-perl under each
dispatch strategy, side by side in one run (repetitions interleaved, the order rotated per repetition), outputs
(stdout bytes and exit status) compared with perl's, best-of-N process CPU time (user + system of the child) per
cell, ratios perl/trellis (> 1: trellis-perl is faster) and their geometric mean per strategy. The issue's goal:
every workload faster than perl 5.36 and a geometric mean of 2.

usage: run_bench.py [--trellis PATH] [--perl PATH] [--repeat N] [--only NAME[,NAME]] [--json] [--check]
                    [--callgrind] [--strategies S[,S]] [--workdir DIR]
--check runs every workload once at its small size (the CTest entry perl_bench_outputs) and only compares outputs.
--callgrind runs every cell once under `valgrind --tool=callgrind` at the workload's callgrind size (CALLGRIND_ARGS:
the default size, or a larger one where perl takes under 0.2 s) and prints instruction counts ("I refs", millions)
and ratios perl/trellis-perl instead of times: the measure on a loaded machine (docs/perl.md "Session 8 speed").
--strategies limits the dispatch strategies run (default: every one the binary has).
--workdir keeps the generated inputs (fasta.pl's output, the one-liner's text file) there instead of a temporary
folder that is removed at the end.
--json prints one JSON object instead of the table (benchmarks/report/ reads it):
  {"unit": "ms", "strategies": [...], "rows": [{"name", "perl", "trellis": {S: ms}, "ratio": {S: x}, "ok"}],
   "geomean": {S: x}}
A timing is a measurement, never an assertion: the exit status is 1 only when an output differs from perl's."""
import argparse, json, math, os, resource, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# The -n one-liner: split each line of a generated file, sum a field of the lines that match, count another.
ONELINER = ('@f = split; $s += $f[2] if /x/; $c{$f[1]}++; '
            'END { print "$s\\n"; print "$_ $c{$_}\\n" for sort keys %c }')

# name -> (arguments after the interpreter at the default size, the same at --check size, stdin input or None).
# "{NAME}" in an argument is the path of the generated input NAME (INPUTS).
WORKLOADS = {
    "binary_trees": (["binary_trees.pl"], ["binary_trees.pl", "6"], None),
    "fannkuch_redux": (["fannkuch_redux.pl"], ["fannkuch_redux.pl", "7"], None),
    "fasta": (["fasta.pl"], ["fasta.pl", "3000"], None),
    "fib": (["fib.pl"], ["fib.pl", "18"], None),
    "hash_loops": (["hash_loops.pl"], ["hash_loops.pl", "20000"], None),
    "k_nucleotide": (["k_nucleotide.pl"], ["k_nucleotide.pl"], "fasta_knuc"),
    "mandelbrot": (["mandelbrot.pl"], ["mandelbrot.pl", "61"], None),
    "method_calls": (["method_calls.pl"], ["method_calls.pl", "2000"], None),
    "nbody": (["nbody.pl"], ["nbody.pl", "1000"], None),
    "oneliner_n": (["-ne", ONELINER, "{lines}"], ["-ne", ONELINER, "{lines}"], None),
    "regex_redux": (["regex_redux.pl"], ["regex_redux.pl"], "fasta_regex"),
    "regex_text": (["regex_text.pl"], ["regex_text.pl", "1000"], None),
    "sort_nums": (["sort_nums.pl"], ["sort_nums.pl", "3000"], None),
    "spectral_norm": (["spectral_norm.pl"], ["spectral_norm.pl", "20"], None),
    "string_build": (["string_build.pl"], ["string_build.pl", "2000"], None),
}

# --callgrind sizes where they differ from the default (perl runs each for 0.2-1 s natively; callgrind takes ~50x).
CALLGRIND_ARGS = {
    "fib": ["fib.pl", "30"], "hash_loops": ["hash_loops.pl", "3000000"], "method_calls": ["method_calls.pl", "600000"],
    "regex_text": ["regex_text.pl", "60000"], "sort_nums": ["sort_nums.pl", "400000"],
    "string_build": ["string_build.pl", "400000"],
}

# Generated inputs: name -> (default size, --check size). fasta_* are fasta.pl's output made by perl (the oracle);
# lines is a text file of "ID WORD NUMBER TAG" lines from a fixed linear congruential generator.
INPUTS = {"fasta_knuc": (50000, 1000), "fasta_regex": (250000, 5000), "lines": (1000000, 3000)}


def make_input(name, size, workdir, perl):
    path = os.path.join(workdir, f"{name}_{size}.txt")
    if os.path.exists(path):
        return path
    if name.startswith("fasta"):
        with open(path + ".tmp", "wb") as out:
            subprocess.run([perl, os.path.join(HERE, "fasta.pl"), str(size)], stdout=out, check=True)
    else:
        words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "xi", "omicron"]
        seed, out = 12345, []
        for i in range(size):
            seed = (seed * 1103515245 + 12345) % 2 ** 31
            tag = "x" if (seed >> 4) % 3 == 0 else "y"
            out.append(f"{i} {words[seed % 10]} {(seed >> 8) % 100000} {tag}{seed % 97}\n")
        with open(path + ".tmp", "w") as f:
            f.write("".join(out))
    os.replace(path + ".tmp", path)
    return path


def cpu_run(cmd, stdin_path):
    with open(stdin_path or os.devnull, "rb") as stdin:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run(cmd, stdin=stdin, capture_output=True, cwd=HERE)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3, r


def callgrind_run(cmd, stdin_path):
    """Instructions executed by `cmd` under callgrind ("I refs") and its CompletedProcess (stdout of the program)."""
    with open(stdin_path or os.devnull, "rb") as stdin:
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd, stdin=stdin,
                           capture_output=True, cwd=HERE)
    refs = [line for line in r.stderr.decode(errors="replace").splitlines() if "I   refs:" in line]
    ir = int(refs[-1].split(":")[1].replace(",", "")) if refs else -1
    # valgrind's own lines start with ==PID==; the program's stderr is what is left
    r.stderr = b"\n".join(l for l in r.stderr.splitlines() if not l.startswith(b"=="))
    return ir, r


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
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--strategies", default="")
    ap.add_argument("--workdir", default="")
    a = ap.parse_args()
    a.trellis = os.path.abspath(a.trellis)
    names = sorted(WORKLOADS)
    unknown = sorted(set(f[:-3] for f in os.listdir(HERE) if f.endswith(".pl")) - set(names))
    if unknown:
        sys.exit(f"run_bench.py: {', '.join(unknown)}: add to WORKLOADS")
    if a.only:
        wanted = set(a.only.split(","))
        if wanted - set(names):
            sys.exit(f"run_bench.py: no workload {', '.join(sorted(wanted - set(names)))}")
        names = [n for n in names if n in wanted]
    strategies = strategies_of(a.trellis)
    if not strategies:
        sys.exit(f"run_bench.py: {a.trellis} does not run (build trellis-perl or pass --trellis)")
    if a.strategies:
        strategies = [s for s in strategies if s in a.strategies.split(",")]
    repeat = 1 if a.check or a.callgrind else a.repeat
    workdir = a.workdir or tempfile.mkdtemp(prefix="perl_bench_")
    os.makedirs(workdir, exist_ok=True)
    rows, failed = [], False
    try:
        for name in names:
            default_args, check_args, stdin_name = WORKLOADS[name]
            args = check_args if a.check else CALLGRIND_ARGS.get(name, default_args) if a.callgrind else default_args
            which = 1 if a.check else 0
            inputs = {k: make_input(k, v[which], workdir, a.perl) for k, v in INPUTS.items()
                      if "{" + k + "}" in " ".join(args) or k == stdin_name}
            args = [x.format(**inputs) if x.startswith("{") else x for x in args]
            stdin_path = inputs.get(stdin_name)
            runners = [("perl", [a.perl] + args)] + [(s, [a.trellis, "--dispatch=" + s] + args) for s in strategies]
            best, outputs, errors = {}, {}, {}
            for rep in range(repeat):
                k = rep % len(runners)
                for who, cmd in runners[k:] + runners[:k]:
                    ms, r = callgrind_run(cmd, stdin_path) if a.callgrind else cpu_run(cmd, stdin_path)
                    outputs.setdefault(who, (r.returncode, r.stdout))
                    errors.setdefault(who, r.stderr.decode(errors="replace").strip()[:300])
                    best[who] = min(best.get(who, ms), ms)
            ok = all(outputs[s] == outputs["perl"] for s in strategies) and outputs["perl"][0] == 0
            failed |= not ok
            for who in ["perl"] + strategies:
                if outputs[who] != outputs["perl"] or outputs[who][0] != 0:
                    print(f"{name}: {who}: exit {outputs[who][0]}, {len(outputs[who][1])} bytes of output "
                          f"(perl: exit {outputs['perl'][0]}, {len(outputs['perl'][1])} bytes): {errors[who]}",
                          file=sys.stderr)
            rows.append({"name": name, "perl": round(best["perl"], 2),
                         "trellis": {s: round(best[s], 2) for s in strategies},
                         "ratio": {s: round(best["perl"] / max(best[s], 1e-3), 3) for s in strategies}, "ok": ok})
    finally:
        if not a.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    geo = {s: round(math.exp(sum(math.log(max(r["ratio"][s], 1e-6)) for r in rows) / len(rows)), 3) if rows else None
           for s in strategies}
    if a.callgrind:  # the "ms" cells hold instruction counts
        print("| workload | perl | " + " | ".join(strategies) + " | " + " | ".join("perl/" + s for s in strategies) + " |")
        print("|---|---:|" + "---:|" * (2 * len(strategies)))
        for r in rows:
            print(f"| {r['name']} | {r['perl'] / 1e6:,.1f}M | " + " | ".join(f"{r['trellis'][s] / 1e6:,.1f}M" for s in strategies)
                  + " | " + " | ".join(f"{r['ratio'][s]:.2f}" for s in strategies) + ("" if r["ok"] else " DIFFERS") + " |")
        print("| geometric mean | |" + " |" * len(strategies) + " " + " | ".join(f"{geo[s]:.2f}" for s in strategies) + " |")
        print("callgrind instructions (I refs), one run per cell; ratio = perl / trellis-perl (> 1: fewer in trellis-perl)")
    elif a.check:
        for r in rows:
            print(f"{r['name']:<16}{'same' if r['ok'] else 'DIFFERS'}")
        print(f"{sum(r['ok'] for r in rows)} same, {sum(not r['ok'] for r in rows)} differ")
    elif a.json:
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
