"""A queue library: the caller names the file and shares the queue between
threads. WAL and synchronous are the caller's choice (a read-only file, Python
3.12 autocommit=False, the durability they want), so the findings on the
caller's path are display-only; the library's own private file is fixed."""
import sqlite3
import threading


class Queue:
    def __init__(self, path, **options):
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def reopen(self):
        return sqlite3.connect(self.path)

    def put(self, item):
        with self.lock:
            self.conn.execute("INSERT INTO q VALUES (?)", (item,))
            self.conn.commit()


def connect_like(**kwargs):
    return sqlite3.connect(**kwargs)


def stats_connection():
    return sqlite3.connect("sqlqueue-stats.db")
