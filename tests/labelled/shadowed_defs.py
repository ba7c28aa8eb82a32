"""Shadowed definitions: a module that defines one helper twice keeps the
second, and a class that redefines a method keeps the last body. Code in the
first never runs, so it has no finding; a fallback under `try`/`except` and
a redefinition under `if` may not run, so the first stays checked (edges).
"""
import os
import sqlite3

try:
    from fastjournal import open_journal
except ImportError:

    def open_journal(path):
        return sqlite3.connect(path)  # expect: SQF101


def open_store(path):
    return sqlite3.connect(path)


def open_store(path):
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def open_cache(path):
    return sqlite3.connect(path)  # expect: SQF101


if os.environ.get("CACHE_IN_MEMORY"):

    def open_cache(path):
        return sqlite3.connect(":memory:")


class Journal:
    def __init__(self, path):
        self.path = path

    def reopen(self):
        self.conn = sqlite3.connect(self.path)

    def reopen(self):
        self.conn = open_store(self.path)
