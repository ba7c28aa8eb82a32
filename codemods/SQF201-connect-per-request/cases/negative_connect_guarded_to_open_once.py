"""A connect guarded by a test of the name it assigns opens one connection, on
the first item or the first request, however many follow."""
import sqlite3

from flask import Flask

app = Flask(__name__)
_conn = None


def sync_all(paths, items):
    conn = None
    for item in items:
        if conn is None:
            conn = sqlite3.connect(paths[0], timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("INSERT INTO seen VALUES (?)", (item,))
    conn.commit()


class Indexer:
    def __init__(self, path):
        self.path = path
        self._db = None

    def run(self, files):
        for name in files:
            if not self._db:
                self._db = sqlite3.connect(self.path, timeout=30)
            self._db.execute("INSERT INTO files VALUES (?)", (name,))
        self._db.commit()


@app.post("/hits")
def hit():
    global _conn
    if _conn is None:
        _conn = sqlite3.connect("hits.db", check_same_thread=False)
        _conn.execute("PRAGMA journal_mode=WAL")
    _conn.execute("UPDATE hits SET n = n + 1")
    _conn.commit()
    return "ok"
