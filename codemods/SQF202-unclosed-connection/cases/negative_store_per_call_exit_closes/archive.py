"""The archive's `__exit__` really closes: the connection, opened on first
use through a local and kept, is closed through the property when a `with`
block that holds the archive ends."""
import sqlite3


class Archive:
    _handle = None

    def __init__(self, folder):
        self.folder = folder

    @property
    def handle(self):
        if self._handle is not None:
            return self._handle
        fresh = sqlite3.connect(self.folder + "/archive.db", timeout=30)
        fresh.execute("PRAGMA journal_mode=WAL")
        fresh.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT, body TEXT)")
        self._handle = fresh
        return fresh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._handle is not None:
            self.handle.close()
            self._handle = None

    def add(self, key, body):
        with self.handle as db:
            db.execute("INSERT INTO entries VALUES (?, ?)", (key, body))
