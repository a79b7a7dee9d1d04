#!/usr/bin/env python3
"""Plots `trellis-evm bench` output (execution only): time per benchmark for each (interpreter, dispatch) pair,
relative to evmone's baseline reference time, as an SVG bar chart drawn by gnuplot (Debian package `gnuplot`).

Usage: plot_bench.py BENCH_OUTPUT.txt OUT.svg
"""
import re
import subprocess
import sys
import tempfile


def main():
    text = open(sys.argv[1]).read()
    out = sys.argv[2]
    times = {}   # pair -> {case: us}
    order = []
    pair = None
    for line in text.splitlines():
        m = re.match(r"## (\S+)\s+(execution only|analysis \+ execution)$", line)
        if m:
            pair = m.group(1) if m.group(2) == "execution only" else None
            if pair and pair not in times:
                times[pair] = {}
            continue
        if line.startswith("## "):
            pair = None
            continue
        m = re.match(r"(\S+/\S+/\S+)\s+([\d.]+) us", line)
        if pair and m:
            times[pair][m.group(1)] = float(m.group(2))
            if m.group(1) not in order:
                order.append(m.group(1))
    # evmone reference column of the execution-only ratio table
    ref = {}
    in_table = False
    for line in text.splitlines():
        if line.startswith("## ratios, execution only"):
            in_table = True
            continue
        if in_table and line.startswith("## "):
            break
        if in_table and line.startswith("| main/") or in_table and line.startswith("| micro/"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            npairs = len(times)
            try:
                ref[cells[0]] = float(cells[1 + npairs])
            except ValueError:
                pass
    cases = [c for c in order if c in ref]
    pairs = list(times)
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as f:
        f.write("case " + " ".join(pairs) + "\n")
        for c in cases:
            f.write(c.replace("_", "\\\\_") + " " + " ".join(
                f"{times[p].get(c, float('nan')) / ref[c]:.4f}" for p in pairs) + "\n")
        dat = f.name
    cols = ", ".join(
        f"'{dat}' using {i + 2}:xtic(1) title '{p}'" for i, p in enumerate(pairs))
    script = f"""
set terminal svg size 1200,600 dynamic font 'sans,10'
set output '{out}'
set title 'trellis-evm bench, execution only: time / evmone baseline (lower is better; 1 = evmone)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -40
set ylabel 'time relative to evmone baseline'
set yrange [0:*]
set grid ytics
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2
plot {cols}
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)


if __name__ == "__main__":
    main()
