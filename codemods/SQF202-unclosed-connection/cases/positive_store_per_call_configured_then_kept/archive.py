"""An archive whose connection is opened on first use: the new connection is
bound to a local, given a SQL function and its schema, and only then kept on
the object. `__enter__`/`__exit__` exist for `with` but close nothing."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3


def _matches(pattern, value):
    return value is not None and re.search(pattern, value) is not None


class Archive:
    _handle: sqlite3.Connection | None = None

    def __init__(self, folder):
        self.folder = folder

    @property
    def handle(self):
        if self._handle is not None:
            return self._handle
        import os.path
        import sqlite3

        fresh = sqlite3.connect(os.path.join(self.folder, "archive.db"))
        fresh.create_function("MATCHES", 2, _matches)
        fresh.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT, body TEXT)")
        self._handle = fresh
        return fresh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def add(self, key, body):
        with self.handle as db:
            db.execute("INSERT INTO entries VALUES (?, ?)", (key, body))

    def find(self, pattern):
        return self.handle.execute(
            "SELECT key FROM entries WHERE MATCHES(?, body)", (pattern,)
        ).fetchall()
