"""A broker hands out its connection through a `@contextmanager` method:
it opens one lazily (or takes the one parked on `self.conn`), yields it,
rolls back and parks it on `self.conn` again, overwriting whatever was
there without closing it. The class has nothing that closes `self.conn`,
and the web handler builds a new broker for every request and drops it:
each request leaves a connection, with its file handle, open until the
cyclic garbage collector runs; the server's request threads pile them up."""
import sqlite3
from contextlib import contextmanager

from flask import Flask, request

app = Flask(__name__)


class Broker:
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


@app.get("/items")
def items():
    broker = Broker(request.args["db"])
    with broker.get() as conn:
        return {"n": conn.execute("SELECT count(*) FROM items").fetchone()[0]}
