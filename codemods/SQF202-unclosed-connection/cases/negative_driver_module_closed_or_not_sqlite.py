"""The same store closes in a `finally`, and a second store's module variable is
bound to another driver on one path (`psycopg2` when configured): what its
`connect()` opens is not known to be SQLite, so neither is reported."""
import sqlite3
import threading

try:
    import psycopg2
except ImportError:
    psycopg2 = None

if psycopg2 is not None:
    backend = psycopg2
else:
    backend = sqlite3


class ResultStore:
    def __init__(self, path, db_module=sqlite3):
        self._db_module = db_module
        self._path = path

    def record(self, job, result):
        conn = self._db_module.connect(database=self._path, timeout=10)
        try:
            conn.execute("INSERT INTO results (job, result) VALUES (?, ?)", (job, result))
            conn.commit()
        finally:
            conn.close()


def record_elsewhere(dsn, job):
    conn = backend.connect(dsn)
    conn.execute("INSERT INTO results (job) VALUES (%s)", (job,))
    conn.commit()
    conn.close()


def run_all(jobs):
    store = ResultStore("results.db")
    for job in jobs:
        threading.Thread(target=store.record, args=(job, 1)).start()
        threading.Thread(target=record_elsewhere, args=("dbname=x", job)).start()
