"""A batch tool that inspects many database files, one after another. Each helper
opens its file read-only (`immutable=1`, `mode=ro`) and never closes it. Read-only
connections take no lock, but these are opened once per input file: `tables_of()`
straight from `audit()`'s loop, `user_version()` through `describe()`, which that
loop calls. Over thousands of files the process runs out of file descriptors."""
import sqlite3
import sys


def tables_of(path):
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return [name for (name,) in rows]


def user_version(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return conn.execute("PRAGMA user_version").fetchone()[0]


def describe(path):
    return f"{path}: version {user_version(path)}"


def audit(paths):
    for path in paths:
        print(describe(path), ", ".join(tables_of(path)))


if __name__ == "__main__":
    audit(sys.argv[1:])
