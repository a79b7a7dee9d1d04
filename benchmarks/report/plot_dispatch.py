#!/usr/bin/env python3
"""Draws trellis-bench's JSON (trellis_bench.py --json) as an SVG bar chart: one group of bars per frontend, one bar
per dispatch strategy, height = geometric mean over the frontend's workloads of time / switch's time (the switch bar
is 1.00 by construction; lower is faster). Plain SVG written by hand, no plotting library.

usage: plot_dispatch.py REPORT.json OUT.svg
"""
import json
import sys
from xml.sax.saxutils import escape

COLORS = {"switch": "#8c8c8c", "goto": "#3b7dd8", "tail": "#e07b39"}


def svg(report):
    strategies = report["strategies"]
    means = report["geomean"]
    frontends = list(means)
    width, height = 120 + 150 * max(1, len(frontends)), 360
    left, right, top, bottom = 60, 20, 40, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([1.2] + [means[f][s] * 1.1 for f in frontends for s in strategies])
    y = lambda v: top + plot_h * (1 - v / top_value)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">'
           f'Dispatch strategies: time / switch (geometric mean per frontend, {escape(report["mode"])} run, '
           f'{escape(report["date"][:10])})</text>']
    tick = 0.0
    while tick <= top_value + 1e-9:  # horizontal grid and labels every 0.2
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                   f'stroke="{"#444" if abs(tick - 1) < 1e-9 else "#ddd"}"/>')
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.1f}</text>')
        tick += 0.2
    group = plot_w / max(1, len(frontends))
    bar = group * 0.7 / len(strategies)
    for i, fe in enumerate(frontends):
        x0 = left + i * group + group * 0.15
        for j, s in enumerate(strategies):
            v = means[fe][s]
            x = x0 + j * bar
            out.append(f'<rect x="{x:.1f}" y="{y(v):.1f}" width="{bar - 2:.1f}" height="{y(0) - y(v):.1f}" '
                       f'fill="{COLORS.get(s, "#888")}"><title>{escape(fe)} {s}: {v:.3f}</title></rect>')
            out.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{y(v) - 4:.1f}" text-anchor="middle" '
                       f'font-size="10">{v:.2f}</text>')
        out.append(f'<text x="{left + i * group + group / 2:.1f}" y="{y(0) + 18:.1f}" text-anchor="middle">'
                   f'{escape(fe)} ({means[fe]["rows"]})</text>')
    for j, s in enumerate(strategies):  # legend
        lx = left + j * 110
        out.append(f'<rect x="{lx}" y="{height - 28}" width="14" height="14" fill="{COLORS.get(s, "#888")}"/>')
        out.append(f'<text x="{lx + 20}" y="{height - 16}">{s}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        report = json.load(f)
    if not report.get("geomean"):
        sys.exit("plot_dispatch.py: the report has no geometric means (no frontend ran)")
    with open(sys.argv[2], "w") as f:
        f.write(svg(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
