"""A package cache opens one connection that any thread may use and hands it to
one object per table; download threads then query and update through them, so
their statements and transactions interleave on the one connection."""
import sqlite3


class PackagesTable:
    def __init__(self, conn):
        self._conn = conn

    def get(self, ref):
        row = self._conn.execute("SELECT path FROM packages WHERE ref = ?", (ref,)).fetchone()
        return row[0] if row else None

    def touch(self, ref, ts):
        self._conn.execute("UPDATE packages SET ts = ? WHERE ref = ?", (ts, ref))


class RecipesTable:
    def __init__(self, db):
        self.db = db

    def create(self, ref, path):
        self.db.execute("INSERT INTO recipes VALUES (?, ?)", (ref, path))


class CacheDB:
    def __init__(self, filename):
        self._conn = sqlite3.connect(
            filename, isolation_level=None, timeout=1, check_same_thread=False
        )
        self._packages = PackagesTable(self._conn)
        self._recipes = RecipesTable(db=self._conn)

    def package_path(self, ref):
        return self._packages.get(ref)

    def touch_package(self, ref, ts):
        self._packages.touch(ref, ts)

    def add_recipe(self, ref, path):
        self._recipes.create(ref, path)
