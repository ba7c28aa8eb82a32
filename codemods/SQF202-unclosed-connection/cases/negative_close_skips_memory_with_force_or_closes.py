"""Wrappers whose `close()` can really close an in-memory database: one takes
`force=True` (`if force or self.filename != ":memory:"`), one closes every
connection; and a read-only override that closes its connection, called from
its base class's loop."""
import sqlite3


class ForcedSqlite:
    def __init__(self, filename):
        self.filename = filename
        self.con = sqlite3.connect(filename)

    def close(self, force=False):
        if self.con is not None and (force or self.filename != ":memory:"):
            self.con.close()
            self.con = None


class PlainSqlite:
    def __init__(self, filename):
        self.filename = filename
        self.con = sqlite3.connect(filename)

    def close(self):
        if self.con is not None:
            self.con.close()
            self.con = None


class Browser:
    def __init__(self, paths):
        self.paths = paths

    def bookmarks_of(self, path):
        raise NotImplementedError

    def fetch_bookmarks(self):
        found = []
        for path in self.paths:
            found.extend(self.bookmarks_of(path))
        return found


class Firefox(Browser):
    def bookmarks_of(self, path):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT url, title FROM bookmarks").fetchall()
        finally:
            conn.close()


def combine(names):
    total = ForcedSqlite(":memory:")
    for name in names:
        part = PlainSqlite(":memory:")
        part.con.execute("SELECT 1")
        part.close()
    total.close(force=True)
