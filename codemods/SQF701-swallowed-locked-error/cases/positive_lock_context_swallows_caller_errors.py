"""A queue's `lock()` context manager takes the write lock with
`BEGIN IMMEDIATE`, then wraps its `yield` in `except (Exception, Timeout):
pass` before committing. Whatever the caller's `with` block raises (a lock
error on its statements while another worker process of the server writes the same file, a
bad row) is thrown into the generator at the `yield`, caught and dropped:
the `with` statement ends normally, the commit keeps the half of the block
that ran, and the caller reports success."""
import sqlite3
from contextlib import contextmanager

from flask import Flask, request


class Timeout(Exception):
    pass


class Queue:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=0.1)

    @contextmanager
    def lock(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except (Exception, Timeout):
            pass
        self.conn.execute("COMMIT")

    def push(self, item):
        with self.lock() as conn:
            conn.execute("INSERT INTO queue (item) VALUES (?)", (item,))
            conn.execute("UPDATE stats SET pushed = pushed + 1")
        return True


app = Flask(__name__)
QUEUE = Queue("queue.db")


@app.post("/push")
def push():
    return {"ok": QUEUE.push(request.json["item"])}
