#!/usr/bin/env python3
"""Run real packages' own test suites before and after `sqlfix --fix`.

    bench/testsuites/run.py [--only NAME ...] [--sqlfix PATH] [--keep-going]

For each suite pinned in bench/testsuites/suites.toml:
  1. download the sdist from PyPI (pip) and check its sha256;
  2. make a venv under bench/.testsuites/venv/NAME (reused when its pins did not
     change) with the package's dependencies and the test deps;
  3. unpack three copies: pristine, after `sqlfix --fix`, after
     `sqlfix --fix --unsafe-fixes`; sqlfix is given the suite's `source` paths
     only, so the tests themselves are never rewritten;
  4. run the suite on each copy (pytest, --junitxml) with the copy first on
     PYTHONPATH and compare the outcome of every test.

Prints a Markdown table: passed/failed per stage and the tests that newly fail.
A test that newly fails after the SAFE fix is a bug in that fix. Exits 1 when
any suite has a new failure or could not be run, 0 otherwise. Slow (minutes per
suite): it is a separate benchmark, not part of scripts/test.

Needs python3 >= 3.11 (tomllib, venv, pip) and a release build of sqlfix
(`cargo build --release`). Only PyPI is reached, through pip.
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
STATE = os.path.join(ROOT, "bench", ".testsuites")
DIST = os.path.join(STATE, "_dist")
CORPUS_DIST = os.path.join(ROOT, "bench", ".corpus", "_dist")
STAGES = ("pristine", "safe", "unsafe")


def load_suites(path=os.path.join(HERE, "suites.toml")):
    with open(path, "rb") as f:
        return tomllib.load(f)["suite"]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pip(python, *args, quiet=True):
    cmd = [python, "-m", "pip", *args, "--disable-pip-version-check"]
    if quiet:
        cmd.append("-q")
    subprocess.run(cmd, check=True)


def sdist(suite):
    """The pinned archive: from bench/.testsuites/_dist, the corpus cache, or PyPI."""
    for folder in (DIST, CORPUS_DIST):
        path = os.path.join(folder, suite["sdist"])
        if os.path.exists(path) and sha256(path) == suite["sha256"]:
            return path
    os.makedirs(DIST, exist_ok=True)
    pip(sys.executable, "download", "--no-deps", "--no-binary=:all:", "-d", DIST,
        f"{suite['name']}=={suite['version']}")
    path = os.path.join(DIST, suite["sdist"])
    if not os.path.exists(path):
        raise RuntimeError(f"pip did not produce {suite['sdist']}")
    digest = sha256(path)
    if digest != suite["sha256"]:
        os.remove(path)
        raise RuntimeError(f"{suite['sdist']}: sha256 {digest}, pinned {suite['sha256']}")
    return path


def venv(suite):
    """A venv with the package's dependencies and the test deps, but not the
    package itself: the tests must import the copy under test."""
    folder = os.path.join(STATE, "venv", suite["name"])
    python = os.path.join(folder, "bin", "python")
    wanted = json.dumps([suite["version"], suite["deps"]])
    stamp = os.path.join(folder, ".pins")
    if os.path.exists(stamp) and open(stamp).read() == wanted:
        return python
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", folder], check=True)
    pip(python, "install", f"{suite['name']}=={suite['version']}", *suite["deps"])
    pip(python, "uninstall", "-y", suite["name"])
    with open(stamp, "w") as f:
        f.write(wanted)
    return python


def unpack(archive, dest):
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/", 1)
            if len(parts) < 2 or not parts[1] or member.issym() or member.islnk():
                continue
            if parts[1].startswith("/") or ".." in parts[1].split("/"):
                continue
            member.name = parts[1]
            tar.extract(member, dest, filter="data")


def apply_sqlfix(sqlfix, suite, copy, unsafe):
    """Runs sqlfix on the suite's source paths; returns its summary line."""
    cmd = [sqlfix, "--fix", "--no-cache", "--isolated", "--exit-zero"]
    if unsafe:
        cmd.append("--unsafe-fixes")
    for path in suite.get("exclude", []):
        cmd += ["--extend-exclude", path]
    cmd += suite["source"]
    done = subprocess.run(cmd, cwd=copy, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"sqlfix exited {done.returncode}:\n{done.stdout}{done.stderr}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("Fixed ")]
    fixed = [line.split(": ", 1)[1].split(" ", 1)[0] for line in lines if ": SQF" in line]
    return sorted(set(fixed)), (lines[-1] if lines else "nothing fixed")


def run_tests(python, suite, copy, report):
    for folder in suite.get("mkdirs", []):
        os.makedirs(os.path.join(copy, folder), exist_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = copy
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONSTARTUP", None)
    home = os.path.join(os.path.dirname(report), "home")
    os.makedirs(home, exist_ok=True)
    env["HOME"] = home  # a suite must not read or write the user's configuration
    cmd = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
           *suite["tests"]]
    done = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True)
    if not os.path.exists(report):
        raise RuntimeError(f"pytest wrote no report (exit {done.returncode}):\n"
                           f"{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return outcomes(report)


def outcomes(report):
    """{test id: "passed" | "failed" | "skipped"} from a JUnit XML report."""
    result = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        test = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            result[test] = "failed"
        elif case.find("skipped") is not None:
            result[test] = "skipped"
        else:
            result[test] = "passed"
    return result


def run_suite(sqlfix, suite):
    archive = sdist(suite)
    python = venv(suite)
    work = os.path.join(STATE, "work", suite["name"])
    result = {"name": suite["name"], "version": suite["version"]}
    for stage in STAGES:
        copy = os.path.join(work, stage)
        unpack(archive, copy)
        if stage != "pristine":
            result[f"{stage}_rules"], result[f"{stage}_summary"] = apply_sqlfix(
                sqlfix, suite, copy, unsafe=stage == "unsafe")
        result[stage] = run_tests(python, suite, copy, os.path.join(work, f"{stage}.xml"))
        counts = {k: sum(1 for v in result[stage].values() if v == k)
                  for k in ("passed", "failed", "skipped")}
        print(f"  {suite['name']} {stage}: {counts}", file=sys.stderr, flush=True)
    for stage in ("safe", "unsafe"):
        result[f"{stage}_new_failures"] = sorted(
            t for t, v in result[stage].items()
            if v == "failed" and result["pristine"].get(t) == "passed")
    return result


def cell(outcome):
    passed = sum(1 for v in outcome.values() if v == "passed")
    failed = sum(1 for v in outcome.values() if v == "failed")
    return f"{passed} / {failed}"


def table(results):
    lines = [
        "| package | rules fixed (safe; unsafe) | passed / failed: pristine | after --fix "
        "| after --fix --unsafe-fixes | newly failing |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['name']} {r['version']} | could not run: {r['error']} | | | | |")
            continue
        new = [f"safe: {t}" for t in r["safe_new_failures"]]
        new += [f"unsafe: {t}" for t in r["unsafe_new_failures"]
                if t not in r["safe_new_failures"]]
        rules = f"{', '.join(r['safe_rules']) or '-'}; {', '.join(r['unsafe_rules']) or '-'}"
        lines.append(
            f"| {r['name']} {r['version']} | {rules} | {cell(r['pristine'])} "
            f"| {cell(r['safe'])} | {cell(r['unsafe'])} | {'<br>'.join(new) or 'none'} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only these suites")
    parser.add_argument("--sqlfix", default=os.path.join(ROOT, "target", "release", "sqlfix"))
    args = parser.parse_args()
    if not os.access(args.sqlfix, os.X_OK):
        sys.exit(f"run.py: {args.sqlfix} is missing: run `cargo build --release` first")
    suites = [s for s in load_suites() if not args.only or s["name"] in args.only]
    if args.only and len(suites) != len(args.only):
        sys.exit(f"run.py: unknown suite in {args.only}")
    results = []
    for suite in suites:
        print(f"{suite['name']} {suite['version']} ...", file=sys.stderr, flush=True)
        try:
            results.append(run_suite(args.sqlfix, suite))
        except (RuntimeError, subprocess.CalledProcessError) as e:
            results.append({"name": suite["name"], "version": suite["version"],
                            "error": str(e).splitlines()[0]})
            print(f"  {suite['name']}: {e}", file=sys.stderr)
    name = "results.json" if not args.only else f"results-{'-'.join(args.only)}.json"
    with open(os.path.join(STATE, name), "w") as f:
        json.dump(results, f, indent=1)
    print(f"Measured {datetime.date.today().isoformat()} with `bench/testsuites/run.py`.\n")
    print(table(results))
    bad = [r for r in results if "error" in r or r["safe_new_failures"] or r["unsafe_new_failures"]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
