#!/usr/bin/env python3
"""sqlfix against ruff's default rules on a SQLite-dense corpus, same run.

    .venv/bin/python bench/speed/dense.py [--runs N] [CORPUS]

The corpus (bench/.dense, rebuilt each run) is every .py file of the pinned real
packages (bench/.corpus, from `python3 bench/corpus/fetch.py`) that mentions
sqlite3, aiosqlite or sqlalchemy, with its folders kept. Or give any CORPUS
folder (a SQLite-heavy app of your own). The commands run alternately, N rounds
after a warm-up each: `ruff check --no-cache` (default rules), `sqlfix --no-cache`
and `sqlfix --no-cache --dry-run`; the table gives medians, the ratio to ruff and
the peak RSS of each. Any exit status other than 0 or 1 aborts the benchmark.
"""
import argparse
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (
    ROOT,
    SQLFIX,
    alternate,
    count_files_and_lines,
    need_tools,
    ruff_default,
)

MENTIONS = re.compile(rb"\b(sqlite3|aiosqlite|sqlalchemy)\b")


def build_dense(source, target):
    if os.path.exists(target):
        shutil.rmtree(target)
    for root, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d != "_dist" and not d.startswith("."))
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                if not MENTIONS.search(f.read()):
                    continue
            dest = os.path.join(target, os.path.relpath(path, source))
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(path, dest)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    need_tools()
    corpus = args.corpus
    if corpus is None:
        source = os.path.join(ROOT, "bench", ".corpus")
        if not os.path.isdir(source):
            sys.exit("bench: bench/.corpus is missing (python3 bench/corpus/fetch.py)")
        corpus = os.path.join(ROOT, "bench", ".dense")
        build_dense(source, corpus)
    files, lines = count_files_and_lines(corpus)
    commands = {
        "ruff check --no-cache (default rules)": ruff_default(corpus),
        "sqlfix --no-cache": [SQLFIX, "--no-cache", corpus],
        "sqlfix --no-cache --dry-run": [SQLFIX, "--no-cache", "--dry-run", corpus],
    }
    result = alternate(commands, args.runs)
    ruff_wall, _, _, ruff_rss = result["ruff check --no-cache (default rules)"]
    print(f"corpus: {corpus}: {files} files, {lines} lines; {args.runs} alternating runs each, medians")
    print("| command | wall (min-max) | vs ruff | peak RSS | vs ruff |")
    print("|---|---|---|---|---|")
    for name, (wall, low, high, rss) in result.items():
        print(
            f"| `{name}` | {wall * 1000:.0f} ms ({low * 1000:.0f}-{high * 1000:.0f}) "
            f"| {wall / ruff_wall:.2f}x | {rss:.0f} MiB | {rss / ruff_rss:.2f}x |"
        )


if __name__ == "__main__":
    main()
