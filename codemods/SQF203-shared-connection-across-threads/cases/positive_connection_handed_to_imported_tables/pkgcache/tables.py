"""One object per table, each given the cache's connection."""


class RecipesDBTable:
    def __init__(self, conn):
        self._conn = conn

    def get(self, ref):
        return self._conn.execute("SELECT path FROM recipes WHERE ref = ?", (ref,)).fetchone()

    def update_lru(self, ref, ts):
        self._conn.execute("UPDATE recipes SET lru = ? WHERE ref = ?", (ts, ref))
