import atexit
import sqlite3
from contextlib import closing

_registry = []


def factory(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class Repo:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)


def closed_in_finally(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT 1").fetchone()
    finally:
        conn.close()


def already_closing(path):
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM t")


def registered(path):
    conn = sqlite3.connect(path)
    atexit.register(conn.close)
    conn.execute("SELECT 1")


def kept(path):
    conn = sqlite3.connect(path)
    _registry.append(conn)


def handed_to_thread(path, start_worker):
    conn = sqlite3.connect(path)
    start_worker(conn)


def cursor_returned(path):
    conn = sqlite3.connect(path)
    return conn.execute("SELECT * FROM t")


async def aio(path):
    import aiosqlite

    async with aiosqlite.connect(path) as db:
        await db.execute("SELECT 1")
