"""A metadata cache reaches the driver through an attribute (`self._db_module`,
the `sqlite3` module by default) and opens its connection and cursor on first
use; properties hand out the cached pair. The program reads from the cache,
then starts a `multiprocessing` pool (fork on Linux) whose workers use the same
cache object: each inherits the parent's open connection."""
import multiprocessing
import sqlite3


class MetadataCache:
    def __init__(self, path, db_module=sqlite3, timeout=15):
        self._db_module = db_module
        self._path = path
        self._timeout = timeout
        self._db = None

    @property
    def _connection(self):
        if self._db is None:
            connection = self._db_module.connect(database=self._path, timeout=self._timeout)
            self._db = (connection, connection.cursor())
        return self._db[0]

    @property
    def _cursor(self):
        self._connection
        return self._db[1]

    def get(self, key):
        self._cursor.execute("SELECT value FROM meta WHERE key = ?", (key,))
        row = self._cursor.fetchone()
        return row and row[0]


CACHE = None


def check(pkg):
    return CACHE.get(pkg)


def main(path, packages):
    global CACHE
    cache = MetadataCache(path)
    print("schema", cache.get("schema"))
    CACHE = cache
    with multiprocessing.Pool(4) as pool:
        return pool.map(check, packages)
