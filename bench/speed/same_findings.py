#!/usr/bin/env python3
"""Whether two sqlfix binaries report the same findings (JSON and text output,
byte for byte) on the same folders: the check that a speed change changed no behaviour.

    .venv/bin/python bench/speed/same_findings.py BASELINE_SQLFIX [--fix] [FOLDER...]

FOLDER defaults to every package of bench/.corpus and, once built by dense.py,
bench/.dense. Runs `--no-cache --output-format json`, `--output-format sarif`,
`--no-cache` (the text report, which drops the fixes' edits it never shows) and
`--no-cache --dry-run` with each binary; with `--fix`, also `--no-cache --fix` on
a copy of the folder (bench/.work/same/tree, the same path for both binaries),
comparing the report and every file it leaves. Exits 1 on the first difference
(both outputs are kept in bench/.work/same), 0 when all agree.
"""
import hashlib
import os
import shutil
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


def fixed_tree(binary, folder):
    """The report of `--fix` on a fresh copy of `folder`, and the copy's files after it."""
    tree = os.path.join(WORK, "tree")
    if os.path.exists(tree):
        shutil.rmtree(tree)
    shutil.copytree(folder, tree, symlinks=True)
    proc = subprocess.run([binary, "--no-cache", "--fix", tree], capture_output=True, cwd=ROOT, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"same_findings: {binary} --fix {folder} exited {proc.returncode}:\n{proc.stderr.decode()[-2000:]}")
    files = []
    for root, dirs, names in os.walk(tree):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            files.append(f"{digest}  {os.path.relpath(path, tree)}")
    return proc.stdout + proc.stderr + b"\n--- files after --fix ---\n" + "\n".join(files).encode() + b"\n"


def main():
    args = sys.argv[1:]
    fix = "--fix" in args
    args = [a for a in args if a != "--fix"]
    if not args:
        sys.exit(__doc__)
    baseline = args[0]
    folders = args[1:]
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
        modes = [["--output-format", "json"], ["--output-format", "sarif"], [], ["--dry-run"]]
        if fix:
            modes.append(["--fix"])
        for args in modes:
            if args == ["--fix"]:
                old = fixed_tree(baseline, folder)
                new = fixed_tree(SQLFIX, folder)
            else:
                old = output(baseline, args, folder)
                new = output(SQLFIX, args, folder)
            if old != new:
                name = os.path.basename(folder.rstrip("/")) + "-" + ("-".join(a.lstrip("-") for a in args) or "text")
                for tag, text in (("old", old), ("new", new)):
                    with open(os.path.join(WORK, f"{name}.{tag}"), "wb") as f:
                        f.write(text)
                sys.exit(f"same_findings: {folder} {' '.join(args)}: outputs differ (see {WORK}/{name}.old/.new)")
        print(f"same: {os.path.relpath(folder, ROOT)}", flush=True)
    what = "findings, dry-run output and --fix results" if fix else "findings and dry-run output"
    print(f"all {len(folders)} folders: identical {what}")


if __name__ == "__main__":
    main()
