#!/usr/bin/env python3
"""sqlfix's wall time as a ratio of ruff's, on the same files in the same run.

    bench/vs_ruff.py [--runs N] [CORPUS]

CORPUS defaults to the CPython standard library that python3 ships (about 1,800
files once ruff's and sqlfix's default excludes drop site-packages). Both tools run
alternately, N times each after one warm-up run each (the file cache is then warm
for both); the ratio is median(sqlfix) / median(ruff). Ruff runs as
`ruff check --no-cache --select ASYNC`, sqlfix as `sqlfix --no-cache`; both write their
findings to a pipe that is drained and discarded. Exit status 0; the ratio is the
result. Needs the .venv from scripts/venv (for ruff) and a release build of sqlfix.
"""
import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sqlfix", default=os.path.join(ROOT, "target", "release", "sqlfix"))
    parser.add_argument("--ruff", default=os.path.join(ROOT, ".venv", "bin", "ruff"))
    args = parser.parse_args()
    for tool in (args.sqlfix, args.ruff):
        if not os.path.exists(tool):
            sys.exit(f"bench: {tool} is missing (cargo build --release; scripts/venv)")
    # Uncached against uncached: sqlfix's result cache would make its runs reads.
    sqlfix = [args.sqlfix, "--no-cache", args.corpus]
    ruff = [args.ruff, "check", "--no-cache", "--select", "ASYNC", "--exit-zero", args.corpus]
    timed(sqlfix)
    timed(ruff)
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed(sqlfix))
        theirs.append(timed(ruff))
    ratio = statistics.median(ours) / statistics.median(theirs)
    version = subprocess.run([args.ruff, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"corpus: {args.corpus}")
    print(f"runs: {args.runs} each, alternating, after one warm-up each; {version}")
    print(f"sqlfix median {statistics.median(ours) * 1000:.0f} ms, ruff median {statistics.median(theirs) * 1000:.0f} ms")
    print(f"sqlfix / ruff wall-time ratio: {ratio:.2f} (target <= 0.50)")


if __name__ == "__main__":
    main()
