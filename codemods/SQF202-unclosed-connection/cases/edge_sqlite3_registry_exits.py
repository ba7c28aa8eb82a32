"""The same registry of sqlite3 connections, never closed: sqlite3 starts no
thread, so the process exits when its work is done and the descriptors go
with it. Not the aiosqlite hang; one connection per file for the run."""

import sqlite3
import sys

_OPEN = {}


def database(path):
    if path not in _OPEN:
        _OPEN[path] = sqlite3.connect(path)
    return _OPEN[path]


def main(paths):
    for path in paths:
        db = database(path)
        db.execute("INSERT INTO imports (source) VALUES (?)", (path,))
        db.commit()


if __name__ == "__main__":
    main(sys.argv[1:])
