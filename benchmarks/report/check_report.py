#!/usr/bin/env python3
"""Smoke test of trellis-bench (CTest `trellis_bench_quick`): runs trellis_bench.py with the given arguments plus a
--json file, then checks the shape of what it produced, never a timing: the exit status is 0; the JSON has the
fields plot_dispatch.py and docs/performance.md rely on; 'switch' is among the strategies and every ratio equals
time / switch's time; the printed table has one column per strategy and one line per JSON result and geomean; and
plot_dispatch.py turns the JSON into well-formed SVG with one bar per (frontend, strategy). Prints
'N passed, N failed'; exit 1 if any check failed.

usage: check_report.py TRELLIS_BENCH_ARGS...   (e.g. --quick --evm PATH --zx PATH ...)
"""
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
passed, failed = 0, 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAILED: " + what)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        out_json, out_svg = os.path.join(tmp, "report.json"), os.path.join(tmp, "report.svg")
        r = subprocess.run([sys.executable, os.path.join(HERE, "trellis_bench.py")] + sys.argv[1:] +
                           ["--json", out_json], capture_output=True, text=True)
        print(r.stdout, end="")
        print(r.stderr, end="", file=sys.stderr)
        check(r.returncode == 0, f"trellis_bench.py exit status {r.returncode}")
        check(os.path.isfile(out_json), "the JSON file was written")
        if not os.path.isfile(out_json):
            return finish()
        with open(out_json) as f:
            rep = json.load(f)
        for key in ("tool", "mode", "date", "machine", "strategies", "results", "geomean"):
            check(key in rep, f"JSON field {key}")
        strategies = rep.get("strategies", [])
        check("switch" in strategies and "goto" in strategies, f"strategies {strategies} include switch and goto")
        check(set(strategies) <= {"switch", "goto", "tail"}, f"strategies {strategies} are known ones")
        results = rep.get("results", [])
        check(len(results) > 0, "at least one result")
        for res in results:
            name = f"{res.get('frontend')}/{res.get('workload')}"
            check(set(res.get("times", {})) == set(strategies), f"{name}: a time per strategy")
            check(res.get("ok") is True, f"{name}: ok")
            base = res["times"].get("switch")
            for s in strategies:
                t, q = res["times"].get(s), res.get("ratios", {}).get(s)
                check(isinstance(t, (int, float)) and t > 0, f"{name} {s}: positive time")
                check(isinstance(q, (int, float)) and base and abs(q - t / base) < 1e-9 * max(1, q),
                      f"{name} {s}: ratio = time / switch")
        for fe, m in rep.get("geomean", {}).items():
            check(abs(m.get("switch", 0) - 1.0) < 1e-9, f"geomean {fe}: switch is 1.00")
            check(m.get("rows", 0) == sum(1 for x in results if x["frontend"] == fe and x["ok"]),
                  f"geomean {fe}: row count")
        # The printed table.
        lines = [l for l in r.stdout.splitlines() if l.startswith("| ")]
        check(bool(lines) and lines[0] == "| frontend | workload | " + " | ".join(strategies) + " |",
              "table header names the strategies")
        body = lines[1:]
        check(len(body) == len(results) + len(rep.get("geomean", {})), "one table line per result and geomean")
        check(all(l.count("|") == len(strategies) + 3 for l in body), "every table line has every column")
        # The plot.
        p = subprocess.run([sys.executable, os.path.join(HERE, "plot_dispatch.py"), out_json, out_svg],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"plot_dispatch.py exit status {p.returncode}: {p.stderr.strip()}")
        if p.returncode == 0:
            try:
                root = ET.parse(out_svg).getroot()
                bars = [e for e in root.iter("{http://www.w3.org/2000/svg}rect") if e.find(
                    "{http://www.w3.org/2000/svg}title") is not None]
                check(len(bars) == len(rep["geomean"]) * len(strategies), "one bar per frontend and strategy")
            except ET.ParseError as e:
                check(False, f"the SVG is well-formed XML: {e}")
    return finish()


def finish():
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
