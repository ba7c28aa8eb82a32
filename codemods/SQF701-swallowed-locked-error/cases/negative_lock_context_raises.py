"""Lock context managers that let the caller's errors through: one uses
`try/finally`, one rolls back and re-raises, and a plain `suppress`-style
helper that takes no lock is a deliberate choice, not a lock that hides a
failed write."""
import sqlite3
from contextlib import contextmanager

from flask import Flask, request


class Queue:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=0.1)

    @contextmanager
    def lock(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        finally:
            self.conn.execute("COMMIT")

    @contextmanager
    def exclusive(self):
        self.conn.execute("BEGIN EXCLUSIVE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except Exception:
            self.conn.execute("ROLLBACK")
            raise

    def push(self, item):
        with self.lock() as conn:
            conn.execute("INSERT INTO queue (item) VALUES (?)", (item,))


@contextmanager
def quietly():
    try:
        yield
    except Exception:
        pass


app = Flask(__name__)
QUEUE = Queue("queue.db")


@app.post("/push")
def push():
    return {"ok": QUEUE.push(request.json["item"])}
