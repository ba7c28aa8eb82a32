"""A deferred unit of work whose callers only write (or only read): the first
write takes the lock and waits in the busy handler like any writer, so the
plain BEGIN loses nothing here. Not reported."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class UnitOfWork:
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=5)
        self.conn.execute("BEGIN")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
        self.conn.close()


def record(path, key):
    with UnitOfWork(path) as uow:
        uow.conn.execute("INSERT INTO events (k) VALUES (?)", (key,))


def total(path):
    with UnitOfWork(path) as uow:
        return uow.conn.execute("SELECT count(*) FROM events").fetchone()[0]


def main():
    with ThreadPoolExecutor(4) as pool:
        for k in ["a", "b", "c"]:
            pool.submit(record, "e.db", k)
    print(total("e.db"))


if __name__ == "__main__":
    main()
