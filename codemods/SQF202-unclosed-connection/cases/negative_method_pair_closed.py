"""A method hands out a connection and its cursor; every caller closes the
connection (or returns it to its own caller)."""

import sqlite3


class Catalog:
    def __init__(self, path):
        self.path = path

    def _pair(self):
        conn = sqlite3.connect(self.path)
        return conn, conn.cursor()

    def sizes(self, names):
        out = {}
        for name in names:
            conn, cur = self._pair()
            try:
                cur.execute("SELECT size FROM files WHERE name = ?", (name,))
                out[name] = cur.fetchone()
            finally:
                conn.close()
        return out

    def handle(self):
        conn, cur = self._pair()
        return conn, cur
