#!/usr/bin/env python3
"""Precision of sqlfix on real applications that use SQLite.

    bench/apps/evaluate.py                   # per-app and per-rule tables
    bench/apps/evaluate.py --mirrors DIR     # mirrors somewhere else (DIR/<owner>+<name>/repo)
    bench/apps/evaluate.py --dump DIR        # also <app>.txt: every finding with its code and judgement
    bench/apps/evaluate.py --keep DIR        # keep the checked-out trees in DIR
    bench/apps/evaluate.py --only csvapi     # apps whose repo contains a word
    bench/apps/evaluate.py --apps bench/apps/heldout.toml --judgements bench/apps/heldout_judgements.toml
                                             # another set of apps and its judgements (the held-out set)

Works like bench/corpus/evaluate.py, on applications instead of libraries: each
app of bench/apps/apps.toml is checked out at its pinned commit from a local git
mirror (bench/realfix/mirrors.py) and sqlfix runs on the whole project from its
root (`sqlfix --no-cache --output-format json --exit-zero .`). Every finding is
looked up in bench/apps/judgements.toml by (rule, repo, file, line); a judgement
says true (a real hazard as the app is deployed) or false, and why. Findings not
judged are listed; judged findings that are no longer reported are counted as
lost true positives or fixed false positives.

Precision is printed twice: per finding (every site counted once), then per root
cause (findings that share the `root` of the JSON output counted once: a root is
true when every one of its sites is judged true, false when every one is judged
false, mixed otherwise; mixed roots count against precision and are listed).

Exit status: 0, or 1 when sqlfix crashes, a mirror is missing or a finding is unjudged.
"""
import argparse
import collections
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "realfix"))
from mirrors import DEFAULT_MIRRORS, Checkout, MirrorError, require_mirrors, run_sqlfix

# A rule split out of another is judged by the judgements of the one it came from
# at the same line: SQF505 (sqlite-call-on-loop) took SQF501's calls that nothing
# can make wait (2026-12-05).
SPLIT_FROM = {"SQF505": "SQF501"}


def load(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def excerpt(path, line, before=5, after=6):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    lo, hi = max(0, line - 1 - before), min(len(lines), line + after)
    return "\n".join(f"{'>' if i + 1 == line else ' '}{i + 1:5} {lines[i]}" for i in range(lo, hi))


def precision(row):
    judged = row["true"] + row["false"]
    return f"{row['true'] / judged:.0%}" if judged else "-"


def table(title, rows, order=None):
    print(f"{title:28} {'findings':>8} {'true':>5} {'false':>5} {'unjudged':>8} {'precision':>9}"
          f" {'lost TP':>7} {'fixed FP':>8}")
    total = collections.Counter()
    for key in order or sorted(rows):
        r = rows[key]
        total.update(r)
        print(f"{key:28} {r['findings']:8} {r['true']:5} {r['false']:5} {r['unjudged']:8} {precision(r):>9}"
              f" {r['gone_true']:7} {r['gone_false']:8}")
    print(f"{'all':28} {total['findings']:8} {total['true']:5} {total['false']:5} {total['unjudged']:8}"
          f" {precision(total):>9} {total['gone_true']:7} {total['gone_false']:8}")


def root_verdict(verdicts):
    if "unjudged" in verdicts:
        return "unjudged"
    if all(v == "true" for v in verdicts):
        return "true"
    if all(v == "false" for v in verdicts):
        return "false"
    return "mixed"


def root_tables(roots, apps):
    """Precision counted by root causes: each root once, whatever its sites."""
    for title, index, order in (("app (roots)", 0, apps), ("rule (roots)", 1, None)):
        rows = collections.defaultdict(collections.Counter)
        for key in order or []:
            rows[key]
        for (repo, root), entry in roots.items():
            verdict = root_verdict(entry[2])
            row = rows[entry[index]]
            row["roots"] += 1
            row["sites"] += len(entry[2])
            row[verdict] += 1
        print(f"{title:28} {'roots':>6} {'sites':>6} {'true':>5} {'false':>5} {'mixed':>5} {'unjudged':>8} {'precision':>9}")
        total = collections.Counter()
        for key in order or sorted(rows):
            r = rows[key]
            total.update(r)
            judged = r["true"] + r["false"] + r["mixed"]
            p = f"{r['true'] / judged:.0%}" if judged else "-"
            print(f"{key:28} {r['roots']:6} {r['sites']:6} {r['true']:5} {r['false']:5} {r['mixed']:5} {r['unjudged']:8} {p:>9}")
        judged = total["true"] + total["false"] + total["mixed"]
        p = f"{total['true'] / judged:.0%}" if judged else "-"
        print(f"{'all':28} {total['roots']:6} {total['sites']:6} {total['true']:5} {total['false']:5} {total['mixed']:5} {total['unjudged']:8} {p:>9}")
        print()
    for (repo, root), (_, rule, verdicts) in sorted(roots.items()):
        if root_verdict(verdicts) == "mixed":
            print(f"mixed root: {repo} {root} ({verdicts.count('true')} true, {verdicts.count('false')} false)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlfix", default=os.path.join(ROOT, "target", "release", "sqlfix"))
    parser.add_argument("--mirrors", default=os.environ.get("SQLFIX_MIRRORS", DEFAULT_MIRRORS),
                        help=f"folder of bare git mirrors, <owner>+<name>/repo (default {DEFAULT_MIRRORS})")
    parser.add_argument("--only", nargs="*", help="words: keep apps whose repo contains one")
    parser.add_argument("--keep", metavar="DIR", help="check the trees out into DIR and keep them")
    parser.add_argument("--dump", metavar="DIR", help="write <owner>+<name>.txt per app: findings with code")
    parser.add_argument("--apps", metavar="FILE", default=os.path.join(HERE, "apps.toml"),
                        help="the pinned applications (default bench/apps/apps.toml)")
    parser.add_argument("--judgements", metavar="FILE", default=os.path.join(HERE, "judgements.toml"),
                        help="the judgements of their findings (default bench/apps/judgements.toml)")
    args = parser.parse_args()
    if not os.path.exists(args.sqlfix):
        sys.exit(f"evaluate: {args.sqlfix} is missing (cargo build --release)")

    apps = load(args.apps)["app"]
    if args.only:
        apps = [a for a in apps if any(w in a["repo"] for w in args.only)]
    require_mirrors(args.mirrors, [a["repo"] for a in apps])
    judged = {}
    for j in load(args.judgements).get("judgement", []):
        k = (j["repo"], j["rule"], j["file"], j["line"])
        if k in judged:
            sys.exit(f"evaluate: judged twice: {k}")
        judged[k] = j

    per_app = collections.defaultdict(collections.Counter)
    per_rule = collections.defaultdict(collections.Counter)
    # root id -> (app, rule, [verdicts of its sites])
    roots = {}
    problems, unjudged, seen = [], [], set()
    for app in apps:
        repo = app["repo"]
        per_app[repo]  # an app with no findings still gets its row
        try:
            with Checkout(args.mirrors, repo, app["commit"], args.keep) as tree:
                findings, stderr = run_sqlfix(args.sqlfix, tree)
                if findings is None:
                    problems.append(f"{repo}: sqlfix failed: {stderr.strip()[-400:]}")
                    continue
                dump = []
                for f in findings:
                    k = (repo, f["id"], os.path.normpath(f["file"]), f["line"])
                    seen.add(k)
                    j = judged.get(k)
                    if j is None and f["id"] in SPLIT_FROM:
                        old = (repo, SPLIT_FROM[f["id"]]) + k[2:]
                        j = judged.get(old)
                        if j is not None:
                            seen.add(old)
                    verdict = "unjudged" if j is None else ("true" if j["verdict"] else "false")
                    root = (f.get("root") or {}).get("id") or f"{f['id']}@{k[2]}:{f['line']}:{f['column']}"
                    roots.setdefault((repo, root), (repo, f["id"], []))[2].append(verdict)
                    for rows, key in ((per_app, repo), (per_rule, f["id"])):
                        rows[key]["findings"] += 1
                        rows[key][verdict] += 1
                    if j is None:
                        unjudged.append(f"{f['id']} {repo} {k[2]}:{f['line']}")
                    if args.dump:
                        dump.append(f"=== {f['id']} {k[2]}:{f['line']} [{verdict.upper()}]\n{f['message']}\n"
                                    + (f"judged: {j['reason']}\n" if j else "")
                                    + excerpt(os.path.join(tree, f["file"]), f["line"]) + "\n")
                if args.dump:
                    os.makedirs(args.dump, exist_ok=True)
                    with open(os.path.join(args.dump, repo.replace("/", "+") + ".txt"), "w") as out:
                        out.write("\n".join(dump))
        except MirrorError as e:
            problems.append(str(e))
    names = {a["repo"] for a in apps}
    for k, j in judged.items():
        if k[0] in names and k not in seen:
            gone = "gone_true" if j["verdict"] else "gone_false"
            per_app[k[0]][gone] += 1
            per_rule[k[1]][gone] += 1

    table("app", per_app, order=[a["repo"] for a in apps])
    print()
    table("rule", per_rule)
    print()
    root_tables(roots, [a["repo"] for a in apps])
    for u in unjudged:
        print(f"unjudged: {u}")
    for p in problems:
        print(f"ERROR: {p}")
    sys.exit(1 if problems or unjudged else 0)


if __name__ == "__main__":
    main()
