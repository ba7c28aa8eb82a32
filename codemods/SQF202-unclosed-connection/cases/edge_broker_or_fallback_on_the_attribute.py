"""`self.conn = self.conn or sqlite3.connect(...)` inside a broker's `get()`
context manager: the connection is parked on the object the first time.
`RequestBroker` is built per request and has nothing that closes `conn`:
reported. `AppBroker` is the same code built once at module level for the
process: one connection, closed at exit, not reported."""
import sqlite3
from contextlib import contextmanager

from flask import Flask, request

app = Flask(__name__)


class RequestBroker:
    def __init__(self, path):
        self.path = path
        self.conn = None

    @contextmanager
    def get(self):
        self.conn = self.conn or sqlite3.connect(self.path)
        try:
            yield self.conn
        finally:
            self.conn.rollback()


class AppBroker:
    def __init__(self, path):
        self.path = path
        self.conn = None

    @contextmanager
    def get(self):
        self.conn = self.conn or sqlite3.connect(self.path, check_same_thread=False)
        try:
            yield self.conn
        finally:
            self.conn.rollback()


SHARED = AppBroker("app.db")


@app.get("/items")
def items():
    with RequestBroker(request.args["db"]).get() as conn:
        return {"n": conn.execute("SELECT count(*) FROM items").fetchone()[0]}


@app.get("/count")
def count():
    with SHARED.get() as conn:
        return {"n": conn.execute("SELECT count(*) FROM items").fetchone()[0]}
