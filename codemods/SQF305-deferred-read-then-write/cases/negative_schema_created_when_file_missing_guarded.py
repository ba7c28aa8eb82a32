"""The same look at the file before the setup, made safe: `IF NOT EXISTS` on
every create, an `except OperationalError` that lets "already exists" pass, a
file lock held from the look to the create, or a setup whose tables are
temporary (private to the connection)."""
import fcntl
import os
import sqlite3
from pathlib import Path


class ResponseCache:
    def __init__(self, root):
        self._db_path = Path(root) / "responses.db"
        if not self._db_path.exists():
            self._setup()

    def _setup(self):
        conn = sqlite3.connect(self._db_path)
        with conn:
            conn.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, body BLOB)")
            conn.execute("CREATE INDEX IF NOT EXISTS responses_body ON responses (body)")
        conn.close()


def init_db(path):
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
    except sqlite3.OperationalError as e:
        if "already exists" not in str(e):
            raise
    finally:
        conn.close()


def open_jobs(path):
    if not os.path.exists(path):
        init_db(path)
    return sqlite3.connect(path, timeout=5)


def create_marks(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE marks (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def open_marks(path):
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(path):
            create_marks(path)
    return sqlite3.connect(path, timeout=5)


def open_scratch(path):
    if not os.path.exists(path):
        try:
            create_marks(path)
        except sqlite3.OperationalError:
            pass
    conn = sqlite3.connect(path)
    conn.execute("CREATE TEMP TABLE seen (id INTEGER)")
    return conn
