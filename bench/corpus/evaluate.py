#!/usr/bin/env python3
"""Run every codemod on the corpus and score the findings against the judgements.

    bench/corpus/evaluate.py                  # the per-codemod table
    bench/corpus/evaluate.py --dump DIR       # also each finding with its code, per codemod
    bench/corpus/evaluate.py --per-file       # also time every file alone (slow files)
    bench/corpus/evaluate.py --only diskcache # some packages (names from corpus.toml)

Each package of bench/.corpus/ (bench/corpus/fetch.py) is checked on its own, as the
project it is (`sqlfix --output-format json --no-cache --isolated --exit-zero DIR`), so
one package's code never feeds another's cross-file analysis. The table has one row
per codemod: findings, how many are judged true and false in
bench/corpus/judgements.toml, how many are not judged yet, and precision over the
judged ones. A judgement names a finding by codemod, package, file and line (the
releases are pinned, so lines do not move) and says true or false with a reason.
Findings that are judged but no longer found are counted too: a judged-true finding
that disappeared is a lost true positive (recall), a judged-false one a fixed false
positive. Files sqlfix warns about (syntax errors and the like) and crashes are listed.

Exit status 0 unless sqlfix crashes or a package is missing.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "bench", ".corpus")
SLOW_S = 1.0  # a single file slower than this is a bug (the threshold)


def load(name):
    with open(os.path.join(HERE, name), "rb") as f:
        return tomllib.load(f)


def run(sqlfix, path):
    start = time.perf_counter()
    proc = subprocess.run(
        [sqlfix, "--output-format", "json", "--no-cache", "--isolated", "--exit-zero", path],
        capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return None, elapsed, proc.stderr
    return json.loads(proc.stdout or "[]"), elapsed, proc.stderr


def key(finding, package_dir):
    rel = os.path.relpath(os.path.join(ROOT, finding["file"]), package_dir)
    return finding["id"], rel, finding["line"]


def excerpt(path, line, before=6, after=8):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    lo, hi = max(0, line - 1 - before), min(len(lines), line + after)
    return "\n".join(f"{'>' if i + 1 == line else ' '}{i + 1:5} {lines[i]}" for i in range(lo, hi))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlfix", default=os.path.join(ROOT, "target", "release", "sqlfix"))
    parser.add_argument("--only", nargs="*", help="package names from corpus.toml")
    parser.add_argument("--dump", metavar="DIR", help="write <ID>.txt per codemod: each finding with its code")
    parser.add_argument("--per-file", action="store_true", help="time each Python file alone")
    parser.add_argument("--json", metavar="FILE", help="write every finding with its judgement")
    args = parser.parse_args()
    if not os.path.exists(args.sqlfix):
        sys.exit(f"evaluate: {args.sqlfix} is missing (cargo build --release)")

    pins = load("corpus.toml")["package"]
    if args.only:
        pins = [p for p in pins if p["name"] in args.only]
    judged = {}
    for j in load("judgements.toml").get("judgement", []):
        judged[(j["package"], j["id"], j["file"], j["line"])] = j

    found = []  # (package, id, file, line, finding, judgement or None)
    crashes, warnings, times = [], [], {}
    total_start = time.perf_counter()
    for pkg in pins:
        name = pkg["name"]
        pdir = os.path.join(CORPUS, f"{name}-{pkg['version']}")
        if not os.path.isdir(pdir):
            sys.exit(f"evaluate: {pdir} is missing: run bench/corpus/fetch.py")
        findings, elapsed, stderr = run(args.sqlfix, pdir)
        times[name] = elapsed
        warnings += [f"{name}: {l}" for l in stderr.splitlines() if l.strip()]
        if findings is None:
            crashes.append(f"{name}: {stderr.strip()[-500:]}")
            continue
        for f in findings:
            fid, rel, line = key(f, pdir)
            found.append((name, fid, rel, line, f, judged.get((name, fid, rel, line))))
    total = time.perf_counter() - total_start

    seen = {(p, i, fl, l) for p, i, fl, l, _, _ in found}
    rows = collections.defaultdict(lambda: collections.Counter())
    for name, fid, _, _, _, j in found:
        rows[fid]["findings"] += 1
        rows[fid]["unjudged" if j is None else ("true" if j["verdict"] else "false")] += 1
    for (name, fid, rel, line), j in judged.items():
        if (name, fid, rel, line) not in seen and any(p["name"] == name for p in pins):
            rows[fid]["gone_true" if j["verdict"] else "gone_false"] += 1

    print(f"{'codemod':8} {'findings':>8} {'true':>5} {'false':>5} {'unjudged':>8} {'precision':>9}"
          f" {'lost TP':>7} {'fixed FP':>8}")
    sums = collections.Counter()
    for fid in sorted(rows):
        r = rows[fid]
        sums.update(r)
        judged_n = r["true"] + r["false"]
        prec = f"{r['true'] / judged_n:.0%}" if judged_n else "-"
        print(f"{fid:8} {r['findings']:8} {r['true']:5} {r['false']:5} {r['unjudged']:8} {prec:>9}"
              f" {r['gone_true']:7} {r['gone_false']:8}")
    judged_n = sums["true"] + sums["false"]
    prec = f"{sums['true'] / judged_n:.0%}" if judged_n else "-"
    print(f"{'all':8} {sums['findings']:8} {sums['true']:5} {sums['false']:5} {sums['unjudged']:8} {prec:>9}"
          f" {sums['gone_true']:7} {sums['gone_false']:8}")

    print(f"\ntime: {total:.2f} s for {len(pins)} packages, one sqlfix run each; slowest: "
          + ", ".join(f"{n} {t:.2f} s" for n, t in sorted(times.items(), key=lambda x: -x[1])[:3]))
    for w in warnings:
        print(f"warning: {w}")
    for c in crashes:
        print(f"CRASH: {c}")

    if args.per_file:
        per_file(args.sqlfix, pins)
    if args.dump:
        dump(args.dump, found)
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"package": p, "id": i, "file": fl, "line": l, "message": x["message"],
                        "verdict": None if j is None else j["verdict"]}
                       for p, i, fl, l, x, j in found], f, indent=1)
    sys.exit(1 if crashes else 0)


def per_file(sqlfix, pins):
    """Each file alone: a file that takes more than SLOW_S, or crashes, is listed."""
    slow, n, worst = [], 0, (0.0, "")
    for pkg in pins:
        pdir = os.path.join(CORPUS, f"{pkg['name']}-{pkg['version']}")
        for dirpath, _, files in os.walk(pdir):
            for fn in files:
                if not fn.endswith(".py"):
                    continue
                path = os.path.join(dirpath, fn)
                findings, elapsed, stderr = run(sqlfix, path)
                n += 1
                worst = max(worst, (elapsed, path))
                if findings is None or elapsed > SLOW_S:
                    slow.append(f"{elapsed:.2f} s {'CRASH ' if findings is None else ''}{path}")
    print(f"\nper file: {n} files, slowest {worst[0] * 1000:.0f} ms ({os.path.relpath(worst[1], ROOT)})")
    for s in slow:
        print(f"  slow or crashed: {s}")


def dump(folder, found):
    os.makedirs(folder, exist_ok=True)
    by_id = collections.defaultdict(list)
    for item in found:
        by_id[item[1]].append(item)
    for fid, items in by_id.items():
        with open(os.path.join(folder, f"{fid}.txt"), "w") as out:
            for name, _, rel, line, f, j in items:
                verdict = "UNJUDGED" if j is None else ("TRUE" if j["verdict"] else "FALSE")
                out.write(f"=== {fid} {name} {rel}:{line} [{verdict}]\n{f['message']}\n")
                if j is not None:
                    out.write(f"judged: {j['reason']}\n")
                out.write(excerpt(os.path.join(ROOT, f["file"]), line) + "\n\n")


if __name__ == "__main__":
    main()
