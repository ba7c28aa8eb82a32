"""Objects shared by threads whose cursors are not: a cursor per call, or one lock
around every use of the connection and its cursor."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor


class Stats:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def bump(self, name):
        with self.lock:
            cur = self.conn.cursor()
            cur.execute("UPDATE stats SET n = n + 1 WHERE name = ?", (name,))
            self.conn.commit()


class Queue:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.cur = self.conn.cursor()
        self._lock = threading.RLock()

    def pop(self):
        with self._lock:
            self.cur.execute("SELECT id FROM jobs ORDER BY id LIMIT 1")
            return self.cur.fetchone()


class Report:
    """Keeps a cursor on self, but only the main thread ever uses it."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.cur = self.conn.cursor()

    def rows(self):
        self.cur.execute("SELECT * FROM stats")
        return self.cur.fetchall()


stats = Stats("stats.db")
queue = Queue("jobs.db")


def work(name):
    stats.bump(name)
    queue.pop()


def main(names):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(work, names))
    print(Report("stats.db").rows())
