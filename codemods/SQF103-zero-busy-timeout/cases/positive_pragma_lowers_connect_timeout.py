"""A PRAGMA busy_timeout that lowers the wait the connect asked for: the last one set
wins, so each of the service's writer threads gives up after 5 s, not 10."""
import sqlite3
import threading


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, timeout=10, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA busy_timeout=5000")

    def put(self, key, value):
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, value))


def open_worker_db(path):
    conn = sqlite3.connect(path, 30.0)
    conn.execute("pragma busy_timeout = 2000;")
    return conn


def serve(path):
    for name in ("sync", "index", "thumbs", "gc"):
        threading.Thread(target=run, args=(path, name), daemon=True).start()


def run(path, name):
    conn = open_worker_db(path)
    conn.execute("INSERT INTO log VALUES (?)", (name,))
    conn.commit()
