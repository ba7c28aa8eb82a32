"""Shared connections behind their own lock, and connections per thread."""

import sqlite3
import threading

from fastapi import FastAPI

app = FastAPI()
_conn = sqlite3.connect("cache.db", check_same_thread=False)
_lock = threading.Lock()
_local = threading.local()


class Cache:
    def __init__(self, path):
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db_lock = threading.RLock()

    def put(self, key, value):
        with self._db_lock:
            self._db.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, value))
            self._db.commit()


@app.post("/cache/{key}")
def put(key: str, value: str):
    with _lock:
        _conn.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, value))
        _conn.commit()


def thread_connection():
    if not hasattr(_local, "conn"):
        _local.conn = sqlite3.connect("cache.db")
    return _local.conn


@app.get("/cache/{key}")
def get(key: str):
    return thread_connection().execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()


@app.get("/stats")
async def stats():
    return _conn.execute("SELECT count(*) FROM cache").fetchone()
