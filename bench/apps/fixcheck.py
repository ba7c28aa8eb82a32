#!/usr/bin/env python3
"""Real programs after `sqlfix --fix --unsafe-fixes`: better, not broken.

    bench/apps/fixcheck.py                      # tuned apps, held-out set 1 apps, the corpus
    bench/apps/fixcheck.py --sets apps corpus   # some of: apps, heldout, corpus
    bench/apps/fixcheck.py --only csvapi        # projects whose name contains a word
    bench/apps/fixcheck.py --keep DIR           # keep each project's pristine and fixed trees
    bench/apps/fixcheck.py --sqlfix BIN --mirrors DIR

Each application of bench/apps/apps.toml and bench/apps/heldout.toml is checked out
at its pinned commit from a local git mirror (bench/realfix/mirrors.py); each package
of bench/corpus/corpus.toml is copied from bench/.corpus (bench/corpus/fetch.py).
Nothing is fetched from the network and nothing of theirs is committed. In a temp
copy of each project:

 1. `sqlfix --fix --unsafe-fixes .` runs from the project root (exit status 0 or 1,
    see the README's "Exit codes"; 2 or an internal error fails), then again: the
    second run must change no file, and a check after it must report no finding
    whose fix `--fix --unsafe-fixes` would apply;
 2. every changed file compiles (`py_compile`) under Python 3.12 and, when the
    project declares a minimum (`requires-python`, `python_requires`, a wheel's
    `Requires-Python`), under that Python too (pyenv's interpreters); sqlfix is run
    with the matching `--target-version` (3.8 at least, its oldest);
 3. `ruff check --isolated --select F,E9,PLE` on the changed files (with the
    project's minimum as `--target-version`) reports nothing the pristine files did
    not (compared by file, code and message, so moved lines do not count);
 4. every changed module is imported alone with Python 3.12, the project root (and
    `src/`) on `sys.path`, third-party modules that are not installed replaced by
    stubs; a module that imports before the fix must import after it (one whose
    pristine copy does not import is skipped, with the reason). Then all of them are
    imported in one process, and the write lock the fixes generate (`_WRITE_LOCK`)
    must be one object in that process, and be defined in one module per package
    (two locks do not serialize each other). The other generated helpers
    (`_configure_sqlite`, `_atomic_open`, ...) are pure functions: a copy that
    sqlfix keeps (no import names the defining module, or it would be circular) is
    listed as a note;
 5. prints a table per project: files changed, fixes applied (safe / unsafe / applied
    after other fixes), findings before and after, and every failure as file:line.

Exit status: 0 when every project passes, 1 when any fails, 2 on a setup error
(missing mirror, corpus or binary). Needs python3 >= 3.11, ruff (.venv) and
Python 3.12 (`python3.12` or pyenv).
"""
import argparse
import collections
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench", "realfix"))
from mirrors import DEFAULT_MIRRORS, MirrorError, materialize, require_mirrors

CORPUS = os.path.join(ROOT, "bench", ".corpus")
SETS = {
    "apps": os.path.join(HERE, "apps.toml"),
    "heldout": os.path.join(HERE, "heldout.toml"),
}
# The module-level helpers the fixes generate and share (src/codemods/mod.rs SHARED_HELPERS).
HELPERS = ["_configure_sqlite", "_configure_aiosqlite", "_WRITE_LOCK", "_atomic_open",
           "_atomic_write_text", "_atomic_aio_open"]
OLDEST_TARGET = (3, 8)  # sqlfix's oldest --target-version
NEWEST_TARGET = (3, 13)  # and its newest
IMPORT_TIMEOUT = 30

# Imports one module (argv[2]) of the tree argv[1] with stubs for missing third-party
# packages; prints a JSON line. With argv[2] == "--all", imports every module named on
# stdin and reports the identity of each generated helper it finds.
IMPORTER = r'''
import importlib, importlib.abc, importlib.machinery, json, sys, types, traceback
root, target = sys.argv[1], sys.argv[2]
helpers = sys.argv[3].split(",")
stubbed = set()

class _StubMeta(type):
    def __getattr__(cls, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _stub(name)
    def __call__(cls, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]) and not isinstance(args[0], _StubMeta):
            return args[0]  # a decorator
        return _stub(cls.__name__)
    def __getitem__(cls, item):
        return cls
    def __or__(cls, other):
        return cls
    __ror__ = __or__
    def __iter__(cls):
        return iter(())
    def __len__(cls):
        return 0
    def __mro_entries__(cls, bases):
        return (cls,)

def _stub(name):
    return _StubMeta(str(name), (), {"__init__": lambda self, *a, **k: None})

class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _stub(name)

class _StubLoader(importlib.abc.Loader):
    def create_module(self, spec):
        m = _StubModule(spec.name)
        m.__path__ = []
        m.__all__ = []
        return m
    def exec_module(self, module):
        pass

class _StubFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        top = name.split(".")[0]
        if top in sys.stdlib_module_names:
            return None
        if top not in stubbed:
            if importlib.machinery.PathFinder.find_spec(top, sys.path) is not None:
                return None
            stubbed.add(top)
        return importlib.machinery.ModuleSpec(name, _StubLoader(), is_package=True)

sys.meta_path.append(_StubFinder())

def load(name, extra):
    for p in extra:
        if p not in sys.path:
            sys.path.insert(0, p)
    importlib.import_module(name)

if target == "--all":
    todo = json.loads(sys.stdin.read())
    seen = {}
    for name, extra in todo:
        try:
            load(name, extra)
        except BaseException:
            continue
        mod = sys.modules.get(name)
        for h in helpers:
            obj = getattr(mod, h, None) if mod is not None else None
            if obj is not None and h in vars(mod):
                seen.setdefault(h, {}).setdefault(str(id(obj)), []).append(name)
    print(json.dumps({"helpers": seen}))
else:
    extra = json.loads(sys.argv[4])
    try:
        load(target, extra)
        print(json.dumps({"ok": True, "stubbed": sorted(stubbed)}))
    except BaseException as e:
        tb = traceback.extract_tb(e.__traceback__)
        where = next((f"{f.filename}:{f.lineno}" for f in reversed(tb) if f.filename.startswith(root)), "")
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"[:300], "where": where,
                          "stubbed": sorted(stubbed)}))
'''


def load_toml(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def python_for(version):
    """An interpreter for `version` (a (major, minor) tuple), or None."""
    name = f"python{version[0]}.{version[1]}"
    found = shutil.which(name)
    if found:
        probe = subprocess.run([found, "--version"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return found
    pyenv = os.path.expanduser("~/.pyenv/versions")
    for d in sorted(glob.glob(os.path.join(pyenv, f"{version[0]}.{version[1]}.*")), reverse=True):
        exe = os.path.join(d, "bin", name)
        if os.path.exists(exe):
            return exe
    return None


def parse_minimum(spec):
    """The lowest Python a version specifier allows (`>=3.9`, `~=3.8`, `>=3.7,<4`), or None."""
    for part in spec.split(","):
        m = re.match(r"\s*(>=|~=|==|>)\s*(\d+)\.(\d+)", part)
        if m:
            v = (int(m.group(2)), int(m.group(3)))
            return (v[0], v[1] + 1) if m.group(1) == ">" else v
    return None


def declared_minimum(tree):
    """The project's own minimum Python and where it says so, or (None, None)."""
    pyproject = os.path.join(tree, "pyproject.toml")
    if os.path.exists(pyproject):
        try:
            doc = load_toml(pyproject)
            spec = doc.get("project", {}).get("requires-python") or \
                doc.get("tool", {}).get("poetry", {}).get("dependencies", {}).get("python")
            if isinstance(spec, str) and parse_minimum(spec.replace("^", ">=")):
                return parse_minimum(spec.replace("^", ">=")), "pyproject.toml"
        except (tomllib.TOMLDecodeError, AttributeError):
            pass
    for name, pattern in (("setup.cfg", r"python_requires\s*=\s*([^\n]+)"),
                          ("setup.py", r"python_requires\s*=\s*['\"]([^'\"]+)")):
        path = os.path.join(tree, name)
        if os.path.exists(path):
            m = re.search(pattern, read(path))
            if m and parse_minimum(m.group(1)):
                return parse_minimum(m.group(1)), name
    for meta in glob.glob(os.path.join(tree, "*.dist-info", "METADATA")) + \
            glob.glob(os.path.join(tree, "*", "PKG-INFO")):
        m = re.search(r"^Requires-Python:\s*(.+)$", read(meta), re.MULTILINE)
        if m and parse_minimum(m.group(1)):
            return parse_minimum(m.group(1)), os.path.relpath(meta, tree)
    return None, None


def digests(tree):
    out = {}
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d != ".sqlfix_cache"]
        for f in filenames:
            if f.endswith(".py"):
                p = os.path.join(dirpath, f)
                with open(p, "rb") as fh:
                    out[os.path.relpath(p, tree)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def sqlfix(bin_, tree, *args):
    return subprocess.run([bin_, "--no-cache", *args, "."], cwd=tree, capture_output=True, text=True,
                          check=False)


def findings(bin_, tree, target):
    proc = sqlfix(bin_, tree, "--output-format", "json", "--exit-zero", "--unsafe-fixes", *target)
    if proc.returncode != 0:
        return None, proc.stderr
    return json.loads(proc.stdout or "[]"), proc.stderr


def fixable(f):
    return f.get("fix") is not None and f["fix"]["applicability"] in ("safe", "unsafe")


def compile_errors(python, tree, files):
    """{file: message} of the files that do not compile under `python`."""
    code = ("import py_compile, sys, json\nout = {}\nfor f in sys.argv[1:]:\n"
            "    try:\n        py_compile.compile(f, cfile='/dev/null', doraise=True)\n"
            "    except py_compile.PyCompileError as e:\n        out[f] = str(e.exc_value)[:200]\n"
            "print(json.dumps(out))")
    proc = subprocess.run([python, "-c", code, *files], cwd=tree, capture_output=True, text=True, check=False)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {f: proc.stderr.strip()[-200:] for f in files}


def ruff_findings(ruff, tree, files, target):
    args = [ruff, "check", "--isolated", "--no-cache", "--select", "F,E9,PLE", "--output-format", "json",
            "--exit-zero"]
    if target:
        args += ["--target-version", f"py{max(target, (3, 7))[0]}{max(target, (3, 7))[1]}"]
    proc = subprocess.run(args + files, cwd=tree, capture_output=True, text=True, check=False)
    try:
        items = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        return [("?", 0, "ruff", proc.stderr.strip()[-200:])]
    # Messages name other lines ("redefinition of unused `x` from line 4"): a fix
    # that inserts lines above moves them, so they are compared without the number.
    return [(os.path.relpath(os.path.join(tree, i["filename"]), tree), i["location"]["row"],
             i.get("code") or "syntax", re.sub(r"\bline \d+", "line N", i["message"])) for i in items]


def module_of(tree, rel):
    """(module name, extra sys.path entries) under which `rel` would be imported."""
    parts = rel[:-3].split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    d = os.path.dirname(os.path.join(tree, rel))
    top = d
    while os.path.exists(os.path.join(top, "__init__.py")) and os.path.dirname(top) != top:
        top = os.path.dirname(top)
    extra = [tree] + ([os.path.join(tree, "src")] if os.path.isdir(os.path.join(tree, "src")) else [])
    if top != d or os.path.exists(os.path.join(d, "__init__.py")):
        base = top
    elif parts[0] == "src" and len(parts) > 1:
        base = os.path.join(tree, "src")
    else:
        base = d if d != tree and not os.path.exists(os.path.join(tree, parts[0], "__init__.py")) else tree
        # A folder of scripts without __init__.py: its modules import each other by bare name.
        extra.append(d)
    name = os.path.relpath(os.path.join(tree, rel[:-3]), base).replace(os.sep, ".")
    return name.removesuffix(".__init__"), [base] + extra


def import_one(python, tree, rel, home):
    name, extra = module_of(tree, rel)
    env = dict(os.environ, HOME=home, PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run([python, "-c", IMPORTER, tree, name, ",".join(HELPERS), json.dumps(extra)],
                              cwd=tree, capture_output=True, text=True, timeout=IMPORT_TIMEOUT,
                              stdin=subprocess.DEVNULL, env=env, check=False)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"import did not finish in {IMPORT_TIMEOUT} s", "where": ""}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"ok": False, "error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300], "where": ""}


def import_all(python, tree, rels, home):
    todo = [module_of(tree, r) for r in rels]
    env = dict(os.environ, HOME=home, PYTHONDONTWRITEBYTECODE="1")
    try:
        proc = subprocess.run([python, "-c", IMPORTER, tree, "--all", ",".join(HELPERS)], cwd=tree,
                              input=json.dumps(todo), capture_output=True, text=True,
                              timeout=IMPORT_TIMEOUT * 2, env=env, check=False)
    except subprocess.TimeoutExpired:
        return {}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)["helpers"]
    return {}


def helper_definitions(tree, rels):
    """{helper: [file:line]} of the module-level definitions of generated helpers."""
    out = collections.defaultdict(list)
    pattern = re.compile(r"^(?:async def |def )?(" + "|".join(HELPERS) + r")\b\s*(?:\(|=|:)", re.MULTILINE)
    for rel in rels:
        text = read(os.path.join(tree, rel))
        for m in pattern.finditer(text):
            out[m.group(1)].append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}")
    return out


def check_project(args, name, pristine, work):
    """Runs every check on one project; returns its table row."""
    row = {"project": name, "changed": 0, "safe": 0, "unsafe": 0, "later": 0, "before": 0, "after": 0,
           "failures": [], "skips": [], "notes": []}
    fail = row["failures"].append
    minimum, where = declared_minimum(pristine)
    target = []
    if minimum:
        t = min(max(minimum, OLDEST_TARGET), NEWEST_TARGET)
        target = ["--target-version", f"py{t[0]}{t[1]}"]
        row["notes"].append(f"requires Python {minimum[0]}.{minimum[1]} ({where})")
    shutil.copytree(pristine, work, symlinks=True)
    before, err = findings(args.sqlfix, work, target)
    if before is None:
        fail(f"sqlfix check failed: {err.strip()[-300:]}")
        return row
    row["before"] = len(before)
    kinds = {}
    for f in before:
        if fixable(f):
            kinds[(os.path.normpath(f["file"]), f["id"], f["fix"]["title"])] = f["fix"]["applicability"]
    first = sqlfix(args.sqlfix, work, "--fix", "--unsafe-fixes", *target)
    if first.returncode not in (0, 1) or "internal error" in first.stderr:
        fail(f"--fix --unsafe-fixes exited {first.returncode}: {first.stderr.strip()[-300:]}")
    for line in first.stdout.splitlines():
        m = re.match(r"Fixed (.+?): (SQF\d+) (.*)$", line)
        if m:
            kind = kinds.get((os.path.normpath(m.group(1)), m.group(2), m.group(3)), "later")
            row[kind] += 1
    for line in first.stderr.splitlines():
        if line.strip() and "warning" not in line:
            row["notes"].append(f"stderr: {line.strip()[:200]}")
    old, new = digests(pristine), digests(work)
    changed = sorted(p for p in new if old.get(p) != new[p])
    row["changed"] = len(changed)
    second = sqlfix(args.sqlfix, work, "--fix", "--unsafe-fixes", *target)
    again = digests(work)
    for p in sorted(p for p in again if new.get(p) != again[p]):
        fail(f"{p}: the second --fix --unsafe-fixes changed it again (not idempotent)")
    for line in second.stdout.splitlines():
        if re.match(r"Fixed .+?: SQF\d+ ", line):
            fail(f"second run: {line.strip()}")
    # Check the state the first run left, not the second's.
    shutil.rmtree(work)
    shutil.copytree(pristine, work, symlinks=True)
    sqlfix(args.sqlfix, work, "--fix", "--unsafe-fixes", *target)
    after, err = findings(args.sqlfix, work, target)
    if after is None:
        fail(f"sqlfix check after the fix failed: {err.strip()[-300:]}")
        after = []
    row["after"] = len(after)
    for f in after:
        if fixable(f):
            fail(f"{f['file']}:{f['line']}: {f['id']} still offers a fix after --fix --unsafe-fixes "
                 f"({f['fix']['title']})")
    if not changed:
        return row

    # 2. compile, under 3.12 and the project's own minimum
    versions = [(3, 12)] + ([minimum] if minimum and minimum != (3, 12) else [])
    for v in versions:
        py = python_for(v)
        if not py:
            row["skips"].append(f"no Python {v[0]}.{v[1]} to compile with")
            continue
        was = compile_errors(py, pristine, changed)
        now = compile_errors(py, work, changed)
        for f, msg in now.items():
            if f not in was:
                below = " (below sqlfix's oldest target, 3.8)" if v < OLDEST_TARGET else ""
                fail(f"{f}: does not compile under Python {v[0]}.{v[1]}{below}: {msg}")
    # 3. ruff: nothing new
    was = collections.Counter((f, c, m) for f, _, c, m in ruff_findings(args.ruff, pristine, changed, minimum))
    for f, line, code, msg in ruff_findings(args.ruff, work, changed, minimum):
        if was[(f, code, msg)] > 0:
            was[(f, code, msg)] -= 1
        else:
            fail(f"{f}:{line}: ruff {code} new after the fix: {msg}")
    # 4. imports, alone and together
    py = python_for((3, 12))
    if py and not args.no_import:
        home = tempfile.mkdtemp(prefix="fixcheck-home-")
        importable = []
        for rel in changed:
            pristine_run = import_one(py, pristine, rel, home)
            if not pristine_run["ok"]:
                row["skips"].append(f"{rel}: not imported (its pristine copy fails too: {pristine_run['error']})")
                continue
            fixed_run = import_one(py, work, rel, home)
            if fixed_run["ok"]:
                importable.append(rel)
            else:
                at = rel
                if fixed_run["where"]:
                    path, line = fixed_run["where"].rsplit(":", 1)
                    at = f"{os.path.relpath(path, work)}:{line}"
                fail(f"{at}: no longer imports: {fixed_run['error']}")
        row["imported"] = f"{len(importable)}/{len(changed)}"
        if importable:
            for helper, objects in import_all(py, work, importable, home).items():
                if len(objects) > 1:
                    say = fail if helper == "_WRITE_LOCK" else row["notes"].append
                    say(f"{helper} is {len(objects)} objects in one process: "
                        + "; ".join(",".join(m) for m in objects.values()))
        shutil.rmtree(home, ignore_errors=True)
    # Two write locks in one package do not serialize each other's writers (the
    # import check above misses modules that do not import alone).
    ours = helper_definitions(pristine, sorted(old))
    for helper, places in helper_definitions(work, sorted(new)).items():
        added = [p for p in places if p.rsplit(":", 1)[0] not in {q.rsplit(":", 1)[0] for q in ours[helper]}]
        if len(places) < 2 or not added:
            continue
        packages = collections.Counter(p.split(os.sep)[0] for p in places)
        if helper == "_WRITE_LOCK" and max(packages.values()) > 1:
            fail(f"{helper} defined in {len(places)} modules of one package: {', '.join(places)}")
        else:
            row["notes"].append(f"{helper} defined in {len(places)} places: {', '.join(places)}")
    return row


def projects(args):
    out = []
    for s in args.sets:
        if s == "corpus":
            for pkg in load_toml(os.path.join(ROOT, "bench", "corpus", "corpus.toml"))["package"]:
                label = f"{pkg['name']}-{pkg['version']}"
                out.append(("corpus", label, ("corpus", os.path.join(CORPUS, label))))
        else:
            for app in load_toml(SETS[s])["app"]:
                out.append((s, app["repo"], ("mirror", app["repo"], app["commit"])))
    if args.only:
        out = [p for p in out if any(w.lower() in p[1].lower() for w in args.only)]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlfix", default=os.path.join(ROOT, "target", "release", "sqlfix"))
    parser.add_argument("--ruff", default=os.path.join(ROOT, ".venv", "bin", "ruff"))
    parser.add_argument("--mirrors", default=DEFAULT_MIRRORS)
    parser.add_argument("--sets", nargs="*", default=["apps", "heldout", "corpus"],
                        choices=["apps", "heldout", "corpus"])
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--keep", help="keep pristine and fixed trees in this folder")
    parser.add_argument("--no-import", action="store_true", help="skip the import checks (step 4)")
    args = parser.parse_args()
    args.sqlfix = os.path.abspath(args.sqlfix)
    if not os.path.exists(args.sqlfix):
        sys.exit(f"fixcheck: {args.sqlfix} is missing (cargo build --release)")
    if not os.path.exists(args.ruff):
        args.ruff = shutil.which("ruff") or sys.exit("fixcheck: ruff is missing (scripts/venv)")
    todo = projects(args)
    try:
        require_mirrors(args.mirrors, [p[2][1] for p in todo if p[2][0] == "mirror"])
    except SystemExit as e:
        print(e, file=sys.stderr)
        sys.exit(2)
    for _, label, src in todo:
        if src[0] == "corpus" and not os.path.isdir(src[1]):
            print(f"fixcheck: {src[1]} is missing: run bench/corpus/fetch.py", file=sys.stderr)
            sys.exit(2)

    rows = []
    for set_name, label, src in todo:
        base = args.keep or tempfile.mkdtemp(prefix="fixcheck-")
        slug = label.replace("/", "+")
        pristine, work = os.path.join(base, slug, "pristine"), os.path.join(base, slug, "fixed")
        shutil.rmtree(os.path.join(base, slug), ignore_errors=True)
        try:
            if src[0] == "mirror":
                materialize(args.mirrors, src[1], src[2], pristine)
            else:
                shutil.copytree(src[1], pristine, symlinks=True)
            row = check_project(args, label, pristine, work)
        except MirrorError as e:
            row = {"project": label, "failures": [str(e)], "skips": [], "notes": []}
        finally:
            if not args.keep:
                shutil.rmtree(base, ignore_errors=True)
        row["set"] = set_name
        rows.append(row)
        print(f"{set_name:8} {label}: {len(row['failures'])} failures", file=sys.stderr, flush=True)

    print("| set | project | files changed | fixes safe / unsafe / after others | findings before → after "
          "| changed modules imported | failures |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['set']} | {r['project']} | {r.get('changed', '-')} | {r.get('safe', 0)} / {r.get('unsafe', 0)}"
              f" / {r.get('later', 0)} | {r.get('before', '-')} → {r.get('after', '-')} | {r.get('imported', '-')}"
              f" | {len(r['failures'])} |")
    print()
    for r in rows:
        if r["failures"] or r["skips"] or r["notes"]:
            print(f"{r['project']}:")
            for f in r["failures"]:
                print(f"  FAIL {f}")
            for s in r["skips"]:
                print(f"  skip {s}")
            for n in r["notes"]:
                print(f"  note {n}")
    failed = sum(1 for r in rows if r["failures"])
    print(f"\n{len(rows)} projects, {failed} with failures")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
