#!/usr/bin/env python3
"""Download and unpack the pinned corpus of real SQLite-using Python packages.

    bench/corpus/fetch.py [--only NAME ...] [--force]

Reads bench/corpus/corpus.toml, downloads each release with
`pip download --no-deps` (the pure-Python wheel, or the sdist when the entry names
a .tar.gz), checks the file's sha256 against the pin and unpacks its Python files
into bench/.corpus/<name>-<version>/. The archives are kept in bench/.corpus/_dist/,
so a second run downloads nothing. bench/.corpus/ is gitignored: the corpus is
never committed, only this script and its pins.

Needs python3 >= 3.11 (tomllib) with pip; `.venv/bin/python bench/corpus/fetch.py`
works after scripts/venv. Only PyPI is reached, through pip.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(ROOT, "bench", ".corpus")
DIST = os.path.join(CORPUS, "_dist")
STAMP = ".fetched"  # written last: an interrupted unpack is redone


def load_pins(path=os.path.join(HERE, "corpus.toml")):
    with open(path, "rb") as f:
        return tomllib.load(f)["package"]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download(pkg):
    """The archive named by the pin, from the cache or from PyPI; exits on a bad hash."""
    target = os.path.join(DIST, pkg["file"])
    if os.path.exists(target) and sha256(target) == pkg["sha256"]:
        return target
    spec = f"{pkg['name']}=={pkg['version']}"
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
           "-q", "-d", DIST, spec]
    if pkg["file"].endswith(".whl"):
        # The py3-none-any wheel whatever this machine is (coverage also ships
        # compiled wheels, whose Python files are the same but whose names differ).
        cmd += ["--only-binary=:all:", "--platform", "any", "--implementation", "py",
                "--python-version", "3.11"]
    else:
        cmd += ["--no-binary=:all:"]
    subprocess.run(cmd, check=True)
    if not os.path.exists(target):
        sys.exit(f"fetch: pip did not produce {pkg['file']} for {spec}")
    digest = sha256(target)
    if digest != pkg["sha256"]:
        os.remove(target)
        sys.exit(f"fetch: {pkg['file']}: sha256 {digest}, pinned {pkg['sha256']}")
    return target


def members(names, strip_top, include):
    """(archive name, relative path) of the Python files to unpack."""
    for name in names:
        if not name.endswith(".py"):
            continue
        rel = name.split("/", 1)[1] if strip_top and "/" in name else name
        if include and not any(rel == p or rel.startswith(p.rstrip("/") + "/") for p in include):
            continue
        # Never write outside the package's folder.
        if rel.startswith("/") or ".." in rel.split("/"):
            continue
        yield name, rel


def unpack(archive, dest, include):
    if archive.endswith(".whl"):
        with zipfile.ZipFile(archive) as z:
            for name, rel in members(z.namelist(), False, include):
                write(os.path.join(dest, rel), z.read(name))
    else:
        # An sdist's files sit under "<name>-<version>/": strip it.
        with tarfile.open(archive) as t:
            by_name = {m.name: m for m in t.getmembers() if m.isfile()}
            for name, rel in members(by_name, True, include):
                write(os.path.join(dest, rel), t.extractfile(by_name[name]).read())


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names from corpus.toml")
    parser.add_argument("--force", action="store_true", help="unpack again")
    args = parser.parse_args()
    os.makedirs(DIST, exist_ok=True)
    pins = load_pins()
    if args.only:
        unknown = set(args.only) - {p["name"] for p in pins}
        if unknown:
            sys.exit(f"fetch: not in corpus.toml: {', '.join(sorted(unknown))}")
        pins = [p for p in pins if p["name"] in args.only]
    total = 0
    for pkg in pins:
        dest = os.path.join(CORPUS, f"{pkg['name']}-{pkg['version']}")
        archive = download(pkg)
        total += os.path.getsize(archive)
        if os.path.exists(os.path.join(dest, STAMP)) and not args.force:
            continue
        shutil.rmtree(dest, ignore_errors=True)
        unpack(archive, dest, pkg.get("include"))
        write(os.path.join(dest, STAMP), (pkg["sha256"] + "\n").encode())
        count = sum(len([f for f in fs if f.endswith(".py")]) for _, _, fs in os.walk(dest))
        print(f"{pkg['name']}=={pkg['version']}: {count} Python files")
    print(f"corpus: {len(pins)} packages, {total / 1e6:.1f} MB downloaded, in {CORPUS}")


if __name__ == "__main__":
    main()
