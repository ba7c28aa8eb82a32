#!/usr/bin/env python3
"""sqlfix's wall time as a ratio of ruff's, on the same files in the same run.

    bench/vs_ruff.py [--runs N] [CORPUS]

CORPUS defaults to the CPython standard library that python3 ships (about 1,800
files once ruff's and sqlfix's default excludes drop site-packages). Both tools run
alternately, N times each after one warm-up run each (the file cache is then warm
for both); the ratio is median(sqlfix) / median(ruff). Ruff runs as
`ruff check --no-cache --select ASYNC`, sqlfix as `sqlfix --no-cache`; both write their
findings to a pipe that is drained and discarded. Exit status 0 with the ratio;
non-zero with the failing command when any run of either tool fails (sqlfix exit
not 0/1, ruff exit not 0, or a signal) or sqlfix prints no summary line. Needs the .venv from scripts/venv (for ruff) and a release build of sqlfix.
"""
import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, ok_codes):
    """Wall time of one run; a run that fails aborts the benchmark, since a tool that
    crashes early would otherwise show a flattering time."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok_codes:
        err = proc.stderr.decode(errors="replace").strip().splitlines()[-5:]
        sys.exit(
            f"bench: {' '.join(cmd)} exited {proc.returncode} (expected one of {sorted(ok_codes)}):\n"
            + "\n".join(err)
        )
    return elapsed


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
    # sqlfix exits 0 (no findings) or 1 (findings); 2 is an error, a signal is a crash.
    # ruff runs with --exit-zero, so anything but 0 is an error.
    sqlfix_ok, ruff_ok = {0, 1}, {0}
    timed(sqlfix, sqlfix_ok)
    timed(ruff, ruff_ok)
    # Exit 1 is also what a tool that does nothing might return: the warm-up's report
    # must end with sqlfix's summary naming how many files it checked.
    check = subprocess.run(sqlfix, capture_output=True, text=True, check=False)
    summary = check.stdout.strip().splitlines()[-1:] or [""]
    if " checked of " not in summary[0]:
        sys.exit(f"bench: {' '.join(sqlfix)} printed no summary line; stdout ended {summary[0]!r}")
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(timed(sqlfix, sqlfix_ok))
        theirs.append(timed(ruff, ruff_ok))
    ratio = statistics.median(ours) / statistics.median(theirs)
    version = subprocess.run([args.ruff, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"corpus: {args.corpus}")
    print(f"runs: {args.runs} each, alternating, after one warm-up each; {version}")
    print(f"sqlfix median {statistics.median(ours) * 1000:.0f} ms, ruff median {statistics.median(theirs) * 1000:.0f} ms")
    print(f"sqlfix / ruff wall-time ratio: {ratio:.2f} (target <= 0.50)")


if __name__ == "__main__":
    main()
