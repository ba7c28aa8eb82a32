"""A connection class turns WAL on only for the files a test on the path
accepts: the shared catalogue files get it, the application's own queue
database (the other branch), written by every worker thread, stays in the
rollback journal. WAL is a property of each file."""
import sqlite3
import threading

SHARED_FILES = {"catalogue.db", "library.db"}


class Store:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def __enter__(self):
        self.conn = sqlite3.connect(self.path, timeout=120)
        if self.path in SHARED_FILES:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        return self

    def __exit__(self, *exc):
        self.conn.commit()
        self.conn.close()

    def enqueue(self, item):
        self.conn.execute("INSERT INTO jobs(item) VALUES (?)", (item,))


def worker(n):
    with Store("queue.db") as store:
        store.enqueue(n)


def start():
    for n in range(8):
        threading.Thread(target=worker, args=(n,)).start()
