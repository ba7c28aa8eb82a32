"""Two lock context managers whose handler logs: `log.warning(...)` of the
message alone still drops the error (reported); `log.exception(...)` followed
by `raise` hands it on (not reported)."""
import logging
import sqlite3
from contextlib import contextmanager

from flask import Flask, request

log = logging.getLogger(__name__)


class Queue:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=0.1)

    @contextmanager
    def lock(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except Exception as e:
            log.warning("queue operation failed: %s", e)
        self.conn.execute("ROLLBACK")

    @contextmanager
    def checked(self):
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except Exception:
            log.exception("queue operation failed")
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def push(self, item):
        with self.checked() as conn:
            conn.execute("INSERT INTO queue (item) VALUES (?)", (item,))


app = Flask(__name__)
QUEUE = Queue("queue.db")


@app.post("/push")
def push():
    return {"ok": QUEUE.push(request.json["item"])}
