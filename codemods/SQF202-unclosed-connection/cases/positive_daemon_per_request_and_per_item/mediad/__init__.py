import queue
import sqlite3
import threading

DB_FILE = "mediad.db"
QUEUE = queue.Queue()


class Snatch:
    """Built once per item fetched: its constructor leaks a connection each time."""

    def __init__(self, item):
        self.item = item
        self._record()

    def _record(self):
        conn = sqlite3.connect(DB_FILE)
        conn.execute("UPDATE items SET status = 'snatched' WHERE id = ?", (self.item,))
        conn.commit()


def initialize():
    for item in wanted_items():
        QUEUE.put(item)


def wanted_items():
    conn = sqlite3.connect(DB_FILE)
    return [row[0] for row in conn.execute("SELECT id FROM items WHERE status = 'wanted'")]


def start():
    threading.Thread(target=worker, daemon=True).start()


def worker():
    while True:
        item = QUEUE.get()
        mark_done(item)
        Snatch(item)


def mark_done(item):
    conn = sqlite3.connect(DB_FILE)
    conn.execute("UPDATE items SET status = 'done' WHERE id = ?", (item,))
    conn.commit()
