"""Shared by the fact scripts: a scratch folder, a checklist, an exit code.

Each script states one fact of docs/sqlite-facts.md, shows it on this machine's
Python and SQLite, prints what it saw, and exits 1 if the fact does not hold
(2 if a package it needs is missing), so tests/facts.rs can run them all.
"""
import atexit
import importlib
import shutil
import sqlite3
import sys
import tempfile


class Fact:
    def __init__(self, fact_id, claim):
        self.fact_id = fact_id
        self.failures = 0
        print(f"{fact_id}: {claim}")
        print(f"  (Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version})")

    def check(self, ok, what):
        print(f"  {'holds' if ok else 'FAILS'}: {what}")
        if not ok:
            self.failures += 1

    def note(self, what):
        print(f"  seen:  {what}")

    def done(self):
        if self.failures:
            print(f"{self.fact_id}: {self.failures} check(s) failed")
            sys.exit(1)
        print(f"{self.fact_id}: holds")
        sys.exit(0)


def scratch():
    """A temporary folder removed at exit: the scripts never write anywhere else."""
    path = tempfile.mkdtemp(prefix="sqlfix-fact-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def need(module, pip_name=None):
    """Import a package the fact is about, or exit 2 saying how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        print(
            f"missing Python package '{pip_name or module}': run scripts/venv "
            f"(or pip install {pip_name or module}) and use .venv/bin/python"
        )
        sys.exit(2)
