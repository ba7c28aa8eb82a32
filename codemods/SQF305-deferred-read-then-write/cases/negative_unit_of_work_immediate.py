"""The same unit of work beginning IMMEDIATE: the second unit waits in the busy
handler for the first to commit, then reads fresh data."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class UnitOfWork:
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA busy_timeout=5000")
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        self.conn.close()


def bump(path, key):
    with UnitOfWork(path) as uow:
        row = uow.conn.execute("SELECT n FROM counters WHERE k = ?", (key,)).fetchone()
        n = (row[0] if row else 0) + 1
        uow.conn.execute("INSERT OR REPLACE INTO counters (k, n) VALUES (?, ?)", (key, n))


def main():
    with ThreadPoolExecutor(4) as pool:
        for k in ["a", "b", "a", "c"]:
            pool.submit(bump, "c.db", k)


if __name__ == "__main__":
    main()
