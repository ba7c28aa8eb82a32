"""The same handler with the default check_same_thread: built on the main
thread, its `emit` runs on the pool's threads, and the handler's lock does not
help (every use from another thread raises ProgrammingError). Reported. The
second handler lives in a program with no threads: `emit` runs on the thread
that built it, and is left alone."""
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor


class SqliteLogHandler(logging.Handler):
    def __init__(self, path):
        super().__init__()
        self.conn = sqlite3.connect(path, timeout=5)

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
