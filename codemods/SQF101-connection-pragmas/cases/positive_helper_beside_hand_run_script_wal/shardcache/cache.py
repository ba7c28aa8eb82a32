"""The package's cache: a connect helper with no WAL and no timeout, copied
for a reader thread and a writer thread (fetch.py). A developer's benchmark
script beside the package switches its own `cache.db` (in the folder it is run
from), or a file from its command line, to WAL; the deployed package never runs
it, so that says nothing about the user's cache file: the helper is reported."""
import os
import sqlite3


def default_uri():
    folder = os.path.expanduser("~/.cache/shardcache")
    return "file:" + os.path.join(folder, "cache.db")


def connect(uri):
    conn = sqlite3.connect(uri, uri=True)
    conn.row_factory = sqlite3.Row
    with conn as c:
        c.execute("PRAGMA foreign_keys = ON")
    return conn


class RepoCache:
    def __init__(self, uri):
        self.uri = uri
        self.conn = connect(uri)

    def copy(self):
        return RepoCache(self.uri)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.conn.close()

    def batch(self, names):
        marks = ",".join("?" * len(names))
        return self.conn.execute(
            f"SELECT name, body FROM pkgs WHERE name IN ({marks})", names
        ).fetchall()

    def insert(self, name, body):
        self.conn.execute("INSERT INTO pkgs (name, body) VALUES (?, ?)", (name, body))
        self.conn.commit()
