#!/usr/bin/env python3
"""Recall of sqlfix on hazards that maintainers of public projects fixed.

    bench/realfix/score.py                     # per-kind and total recall, then the misses
    bench/realfix/score.py --mirrors DIR       # mirrors somewhere else (DIR/<owner>+<name>/repo)
    bench/realfix/score.py --only codeframe    # sites whose id or repo contains a word
    bench/realfix/score.py --keep DIR          # keep the checked-out trees in DIR (reruns are faster)
    bench/realfix/score.py --json FILE         # every site with its verdict and matching findings
    bench/realfix/score.py --sites bench/realfix/heldout_sites.toml   # another set of sites (the held-out set)

Each site of bench/realfix/sites.toml names a repository, the fix commit, its
parent, a file and a line range at the parent. For every (repository, parent)
the parent's tree is written to a temporary folder from the local git mirror
(`git --git-dir=M archive PARENT | tar -x`), and sqlfix runs on the whole
project from its root, as a user would (`sqlfix --no-cache --output-format json
--exit-zero .`). Nothing is fetched here; a missing mirror is an error saying
how to get it.

A site is found when a finding lands in its file and its lines overlap the
site's range widened by SLACK lines on each side, and the finding's rule is
  - one of the site's expected `rules` ("rule" match), or
  - in the hazard family of the site's `kind` (FAMILY below; "family" match:
    sqlfix saw the hazard under a neighbouring rule, e.g. SQF502 for an
    aiosqlite lifecycle where SQF501 was expected).
Recall counts both; the table shows how many were rule matches.

Exit status: 0, or 1 when sqlfix crashes or a mirror is missing.
"""
import argparse
import collections
import json
import os
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from mirrors import DEFAULT_MIRRORS, Checkout, MirrorError, require_mirrors, run_sqlfix

# A fix diff pins the hazard to the lines it changed; a finding that points at
# the connect() two lines above, or the call one line below, is the same site.
SLACK = 3

# A rule split out of another keeps the sites pinned to the one it came from:
# SQF505 (sqlite-call-on-loop) took SQF501's calls that nothing can make wait
# (2026-12-05), so a site pinned to SQF501 is a rule match for it.
SPLIT_FROM = {"SQF505": "SQF501"}

# Rules that report the same hazard family as each kind.
FAMILY = {
    "async-blocking": ("SQF501", "SQF502", "SQF503", "SQF505"),
    "pragmas": ("SQF101", "SQF103", "SQF111", "SQF112", "SQF113", "SQF114"),
    "immediate": ("SQF305", "SQF306", "SQF303"),
    "threads": ("SQF203", "SQF303"),
    "leak": ("SQF202", "SQF502"),
    "atomic-json": ("SQF401", "SQF404", "SQF405"),
    "swallowed": ("SQF701", "SQF704", "SQF702"),
}


SITES = os.path.join(HERE, "sites.toml")


def load_sites(path=SITES):
    with open(path, "rb") as f:
        sites = tomllib.load(f)["site"]
    for s in sites:
        if s["kind"] not in FAMILY:
            sys.exit(f"score: site {s['id']}: unknown kind {s['kind']!r} (one of {', '.join(FAMILY)})")
        lo, hi = s["lines"]
        if lo > hi:
            sys.exit(f"score: site {s['id']}: lines {s['lines']} are reversed")
    return sites


def match(site, findings):
    """('rule' | 'family' | None, the findings that matched)."""
    lo, hi = site["lines"]
    lo, hi = lo - SLACK, hi + SLACK
    here = [f for f in findings
            if os.path.normpath(f["file"]) == os.path.normpath(site["file"])
            and f["line"] <= hi and f.get("end_line", f["line"]) >= lo]
    by_rule = [f for f in here
               if f["id"] in site["rules"] or SPLIT_FROM.get(f["id"]) in site["rules"]]
    if by_rule:
        return "rule", by_rule
    by_family = [f for f in here if f["id"] in FAMILY[site["kind"]]]
    if by_family:
        return "family", by_family
    return None, []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlfix", default=os.path.join(ROOT, "target", "release", "sqlfix"))
    parser.add_argument("--mirrors", default=os.environ.get("SQLFIX_MIRRORS", DEFAULT_MIRRORS),
                        help=f"folder of bare git mirrors, <owner>+<name>/repo (default {DEFAULT_MIRRORS})")
    parser.add_argument("--only", nargs="*", help="words: keep sites whose id or repo contains one")
    parser.add_argument("--keep", metavar="DIR", help="check the trees out into DIR and keep them")
    parser.add_argument("--json", metavar="FILE", help="write every site with its verdict")
    parser.add_argument("--sites", metavar="FILE", default=SITES,
                        help="the pinned sites (default bench/realfix/sites.toml)")
    args = parser.parse_args()
    if not os.path.exists(args.sqlfix):
        sys.exit(f"score: {args.sqlfix} is missing (cargo build --release)")

    sites = load_sites(args.sites)
    if args.only:
        sites = [s for s in sites if any(w in s["id"] or w in s["repo"] for w in args.only)]
    require_mirrors(args.mirrors, [s["repo"] for s in sites])
    groups = collections.defaultdict(list)
    for s in sites:
        groups[(s["repo"], s["parent"])].append(s)

    results, problems = [], []
    for (repo, parent), group in groups.items():
        try:
            with Checkout(args.mirrors, repo, parent, args.keep) as tree:
                missing = [s["file"] for s in group if not os.path.isfile(os.path.join(tree, s["file"]))]
                if missing:
                    problems.append(f"{repo}@{parent[:12]}: pinned file(s) not in the tree: {', '.join(missing)}")
                findings, stderr = run_sqlfix(args.sqlfix, tree)
        except MirrorError as e:
            problems.append(str(e))
            continue
        if findings is None:
            problems.append(f"{repo}@{parent[:12]}: sqlfix failed: {stderr.strip()[-400:]}")
            continue
        for s in group:
            how, hits = match(s, findings)
            results.append((s, how, hits))

    table = collections.defaultdict(collections.Counter)
    for s, how, _ in results:
        table[s["kind"]]["sites"] += 1
        if how:
            table[s["kind"]]["found"] += 1
            table[s["kind"]][how] += 1
    print(f"{'kind':15} {'sites':>5} {'found':>5} {'(rule)':>6} {'recall':>6}")
    total = collections.Counter()
    for kind in FAMILY:
        row = table.get(kind)
        if not row:
            continue
        total.update(row)
        print(f"{kind:15} {row['sites']:5} {row['found']:5} {row['rule']:6} {row['found'] / row['sites']:6.0%}")
    if total["sites"]:
        print(f"{'all':15} {total['sites']:5} {total['found']:5} {total['rule']:6} {total['found'] / total['sites']:6.0%}")
    commits = len({s["fix"] for s, _, _ in results})
    repos = len({s["repo"] for s, _, _ in results})
    print(f"\n{len(results)} sites from {commits} fix commits in {repos} repositories; slack +/-{SLACK} lines")

    misses = [(s, how) for s, how, _ in results if not how]
    if misses:
        print("\nmissed:")
        for s, _ in misses:
            lo, hi = s["lines"]
            print(f"  {s['kind']:14} {s['id']}: {s['repo']} {s['file']}:{lo}-{hi}  [{s.get('shape', '')}]")
    family = [(s, hits) for s, how, hits in results if how == "family"]
    if family:
        print("\nfound under a neighbouring rule:")
        for s, hits in family:
            print(f"  {s['id']}: expected {'/'.join(s['rules'])}, got {', '.join(sorted({h['id'] for h in hits}))}")
    for p in problems:
        print(f"ERROR: {p}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"id": s["id"], "kind": s["kind"], "found": how,
                        "findings": [{"id": h["id"], "line": h["line"], "message": h["message"]} for h in hits]}
                       for s, how, hits in results], f, indent=1)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
