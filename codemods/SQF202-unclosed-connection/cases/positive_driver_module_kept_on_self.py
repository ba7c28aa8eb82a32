"""A results store takes its DB-API module as a parameter (`sqlite3` by
default) and keeps it on `self`; every `record()` opens a connection through
that attribute (`self._db_module.connect(database=..., timeout=...)`), writes,
commits and closes, with no `finally`. The workers of a thread pool call it at
once: when the INSERT fails ("database is locked" from another worker's
write), the exception skips the close and the dropped connection keeps what it
holds until the cyclic garbage collector runs. The connect is SQLite's, though
the module never spells `sqlite3.connect`."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class ResultStore:
    def __init__(self, path, db_module=sqlite3, timeout=10):
        self._db_module = db_module
        self._path = path
        self._timeout = timeout

    def record(self, job, result):
        conn = self._db_module.connect(database=self._path, timeout=self._timeout)
        conn.execute("INSERT INTO results (job, result) VALUES (?, ?)", (job, result))
        conn.commit()
        conn.close()


def run_all(jobs):
    store = ResultStore("results.db")
    with ThreadPoolExecutor(max_workers=8) as pool:
        for job in jobs:
            pool.submit(lambda j=job: store.record(j, j * 2))
