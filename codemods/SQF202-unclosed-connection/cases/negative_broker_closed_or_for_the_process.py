"""Two brokers that park their connection on `self.conn` and yield it from a
`@contextmanager` method. The first has a `close()` its callers use (and
`__enter__`/`__exit__`, which a `with` runs); the second is built once at
module level and kept for the life of the process, so its one connection is
closed at exit."""
import sqlite3
from contextlib import contextmanager

from flask import Flask, request

app = Flask(__name__)


class ClosingBroker:
    def __init__(self, path):
        self.path = path
        self.conn = None

    @contextmanager
    def get(self):
        conn = self.conn or sqlite3.connect(self.path)
        try:
            yield conn
        finally:
            conn.rollback()
            self.conn = conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class ProcessBroker:
    def __init__(self, path):
        self.path = path
        self.conn = None

    @contextmanager
    def get(self):
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, check_same_thread=False)
        try:
            yield self.conn
        finally:
            self.conn.rollback()


BROKER = ProcessBroker("app.db")


@app.get("/items")
def items():
    with ClosingBroker(request.args["db"]) as broker:
        with broker.get() as conn:
            return {"n": conn.execute("SELECT count(*) FROM items").fetchone()[0]}


@app.get("/count")
def count():
    with BROKER.get() as conn:
        return {"n": conn.execute("SELECT count(*) FROM items").fetchone()[0]}
