"""The cache index: one connection any thread may use, handed to table objects
another module defines, and queried and updated by download threads through
them with no lock, so the threads' statements interleave on the one connection."""
import sqlite3

from pkgcache.tables import RecipesDBTable


class CacheDatabase:
    def __init__(self, filename):
        self._conn = sqlite3.connect(filename, isolation_level=None, timeout=1, check_same_thread=False)
        self._recipes = RecipesDBTable(self._conn)

    def recipe_path(self, ref):
        return self._recipes.get(ref)

    def touch_recipe(self, ref, ts):
        self._recipes.update_lru(ref, ts)
