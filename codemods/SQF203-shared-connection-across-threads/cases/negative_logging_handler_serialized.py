"""A logging handler keeps a check_same_thread=False connection and writes in
`emit`, called from a thread pool's threads. `logging.Handler.handle` holds the
handler's own lock around `emit`, so the calls never overlap: one connection,
one statement at a time, no error."""
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class SqliteLogHandler(logging.Handler):
    def __init__(self, path):
        super().__init__()
        self.conn = sqlite3.connect(path, timeout=5, check_same_thread=False)

    def emit(self, record):
        self.conn.execute("INSERT INTO logs (msg) VALUES (?)", (record.getMessage(),))
        self.conn.commit()


def work(i):
    logging.getLogger(__name__).info("item %s", i)


def main():
    logging.getLogger().addHandler(SqliteLogHandler("logs.db"))
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(10)))


if __name__ == "__main__":
    main()
