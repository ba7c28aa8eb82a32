"""`self._pair()` of a class whose `_pair` returns no connection: a method of the
same name on another class must not count."""

import sqlite3


class Catalog:
    def _pair(self):
        conn = sqlite3.connect("catalog.db")
        return conn, conn.cursor()

    def count(self):
        conn, cur = self._pair()
        try:
            return cur.execute("SELECT count(*) FROM files").fetchone()
        finally:
            conn.close()


class Pairs:
    def _pair(self):
        return "left", ["right"]

    def right(self):
        _left, right = self._pair()
        return right
