#!/usr/bin/env python3
"""Whether two sqlfix binaries report the same findings (JSON and text output,
byte for byte) on the same folders: the check that a speed change changed no behaviour.

    .venv/bin/python bench/speed/same_findings.py BASELINE_SQLFIX [FOLDER...]

FOLDER defaults to every package of bench/.corpus and, once built by dense.py,
bench/.dense. Runs `--no-cache --output-format json`, `--no-cache` (the text
report, which drops the fixes' edits it never shows) and `--no-cache --dry-run`
with each binary; exits 1 on the first difference (both outputs are kept in
bench/.work/same), 0 when all agree.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, SQLFIX

WORK = os.path.join(ROOT, "bench", ".work", "same")


def output(binary, args, folder):
    proc = subprocess.run([binary, "--no-cache", *args, folder], capture_output=True, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"same_findings: {binary} {' '.join(args)} {folder} exited {proc.returncode}:\n{proc.stderr.decode()[-2000:]}")
    return proc.stdout


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    baseline = sys.argv[1]
    folders = sys.argv[2:]
    if not folders:
        corpus = os.path.join(ROOT, "bench", ".corpus")
        if not os.path.isdir(corpus):
            sys.exit("same_findings: bench/.corpus is missing (python3 bench/corpus/fetch.py)")
        folders = [os.path.join(corpus, d) for d in sorted(os.listdir(corpus)) if d != "_dist"]
        dense = os.path.join(ROOT, "bench", ".dense")
        if os.path.isdir(dense):
            folders.append(dense)
    os.makedirs(WORK, exist_ok=True)
    for folder in folders:
        for args in (["--output-format", "json"], [], ["--dry-run"]):
            old = output(baseline, args, folder)
            new = output(SQLFIX, args, folder)
            if old != new:
                name = os.path.basename(folder.rstrip("/")) + {0: "-text", 2: "-json", 1: "-dry-run"}[len(args)]
                for tag, text in (("old", old), ("new", new)):
                    with open(os.path.join(WORK, f"{name}.{tag}"), "wb") as f:
                        f.write(text)
                sys.exit(f"same_findings: {folder} {' '.join(args)}: outputs differ (see {WORK}/{name}.old/.new)")
        print(f"same: {os.path.relpath(folder, ROOT)}", flush=True)
    print(f"all {len(folders)} folders: identical findings and dry-run output")


if __name__ == "__main__":
    main()
