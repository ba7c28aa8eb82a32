#!/usr/bin/env python3
"""How sqlfix's time grows on generated SQLite-heavy code (bench/speed/gen.py).

    .venv/bin/python bench/speed/growth.py [--runs N] [--files 1000,2500,5000,10000]
                                           [--lines 8000,16000,32000,64000,200000] [--no-fix]

Trees of FILES modules: `sqlfix --no-cache` (median of N), peak RSS, then
`sqlfix --fix --unsafe-fixes` once on a fresh copy; on the largest tree also
`ruff check --no-cache` (default rules) alternating with sqlfix. Single modules
of LINES lines: `sqlfix --no-cache`. Time per file (per 1,000 lines) is printed
with its ratio to the smallest size: linear growth keeps it near 1.00. Work
files go to bench/.work/speed. Any exit status other than 0 or 1 aborts.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import ROOT, SQLFIX, alternate, measure, need_tools, ruff_default

WORK = os.path.join(ROOT, "bench", ".work", "speed")


def generate(kind, size):
    out = os.path.join(WORK, f"{kind}{size}")
    if os.path.exists(out):
        shutil.rmtree(out)
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), kind, out, str(size)], check=True)
    return out


def median_run(cmd, runs):
    got = [measure(cmd) for _ in range(runs)]
    return statistics.median(w for w, _ in got), max(r for _, r in got)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", default="1000,2500,5000,10000")
    parser.add_argument("--lines", default="8000,16000,32000,64000,200000")
    parser.add_argument("--no-fix", action="store_true")
    args = parser.parse_args()
    need_tools()
    sizes = [int(s) for s in args.files.split(",") if s]
    if sizes:
        print("| files | `sqlfix --no-cache` | per file | vs smallest | peak RSS | `--fix --unsafe-fixes` | per file | vs smallest |")
        print("|---|---|---|---|---|---|---|---|")
    base = base_fix = None
    for n in sizes:
        tree = generate("tree", n)
        wall, rss = median_run([SQLFIX, "--no-cache", tree], args.runs)
        per = wall / n
        base = base or per
        fix_cells = "| | |"
        if not args.no_fix:
            fix_wall, _ = measure([SQLFIX, "--no-cache", "--fix", "--unsafe-fixes", tree])
            fix_per = fix_wall / n
            base_fix = base_fix or fix_per
            fix_cells = f"{fix_wall:.2f} s | {fix_per * 1000:.2f} ms | {fix_per / base_fix:.2f}"
        print(f"| {n:,} | {wall:.2f} s | {per * 1000:.2f} ms | {per / base:.2f} | {rss:.0f} MiB | {fix_cells} |", flush=True)
        if n == max(sizes):
            # A fresh tree: the fix run above rewrote this one.
            tree = generate("tree", n)
            result = alternate({"ruff": ruff_default(tree), "sqlfix": [SQLFIX, "--no-cache", tree]}, args.runs)
            ruff, ours = result["ruff"], result["sqlfix"]
            print(
                f"\n{n:,}-file tree, same run, {args.runs} alternating: `sqlfix --no-cache` {ours[0]:.2f} s, "
                f"`ruff check --no-cache` (default rules) {ruff[0]:.2f} s: {ours[0] / ruff[0]:.2f}x; "
                f"peak RSS {ours[3]:.0f} vs {ruff[3]:.0f} MiB\n",
                flush=True,
            )
    lines = [int(s) for s in args.lines.split(",") if s]
    if lines:
        print("| one module | `sqlfix --no-cache` | per 1,000 lines | vs smallest | peak RSS |")
        print("|---|---|---|---|---|")
    base = None
    for n in lines:
        module = generate("module", n)
        wall, rss = median_run([SQLFIX, "--no-cache", module], args.runs)
        per = wall / (n / 1000)
        base = base or per
        print(f"| {n:,} lines | {wall:.2f} s | {per * 1000:.1f} ms | {per / base:.2f} | {rss:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
