"""Objects that keep a connection on `self` and either close it (a `close()`,
`__exit__`, `__del__`, an `atexit` registration), hand it out for the caller to
close, or live once for the process (built at import, by a cached accessor, in
a global, at start-up): nothing accumulates."""
import atexit
import functools
import sqlite3

from flask import Flask

app = Flask(__name__)


class Closes:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def close(self):
        self.conn.close()


class ExitCloses:
    def __init__(self, path):
        self._db = sqlite3.connect(path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        db = self._db
        db.close()


class Registers:
    def __init__(self, path):
        self.handle = sqlite3.connect(path)
        atexit.register(self.handle.close)


class HandsOut:
    def __init__(self, path):
        self.connection_ = sqlite3.connect(path)

    def connection(self):
        return self.connection_


class ModuleSingleton:
    def __init__(self, path):
        self.single = sqlite3.connect(path, check_same_thread=False)

    def count(self):
        return self.single.execute("SELECT count(*) FROM t").fetchone()[0]


class CachedSingleton:
    def __init__(self, path):
        self.cached = sqlite3.connect(path, check_same_thread=False)


class GlobalSingleton:
    def __init__(self, path):
        self.global_conn = sqlite3.connect(path, check_same_thread=False)


store = ModuleSingleton("app.db")
_instance = None


@functools.lru_cache(maxsize=None)
def get_cached():
    cached = CachedSingleton("app.db")
    return cached


def get_global():
    global _instance
    if _instance is None:
        _instance = GlobalSingleton("app.db")
    return _instance


@app.get("/a")
def a():
    with ExitCloses("app.db") as e:
        e._db.execute("SELECT 1")
    c = Closes("app.db")
    try:
        return {"n": c.conn.execute("SELECT 1").fetchone()[0]}
    finally:
        c.close()


@app.get("/b")
def b():
    h = HandsOut("app.db")
    conn = h.connection()
    try:
        return {"n": conn.execute("SELECT 1").fetchone()[0]}
    finally:
        conn.close()


@app.get("/c")
def c():
    r = Registers("app.db")
    return {"n": r.handle.execute("SELECT 1").fetchone()[0], "s": store.count()}
