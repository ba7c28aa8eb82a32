"""A method opens a read-only connection and hands it out with its cursor;
the loop that calls it keeps the cursor and drops the connection, one per item."""

import sqlite3


class Catalog:
    def __init__(self, path):
        self.path = path

    def _pair(self):
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        return conn, conn.cursor()

    def sizes(self, names):
        out = {}
        for name in names:
            _conn, cur = self._pair()
            cur.execute("SELECT size FROM files WHERE name = ?", (name,))
            out[name] = cur.fetchone()
        return out

    def first(self):
        cur = self._pair()[1]
        cur.execute("SELECT name FROM files LIMIT 1")
        return cur.fetchone()
