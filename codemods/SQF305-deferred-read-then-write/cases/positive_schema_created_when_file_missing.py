"""A response cache shared by every run of a command-line tool: the constructor
makes the folder, and sets up the table only when the database file is not there
yet, through a per-call connection helper. Two runs started together on a fresh
cache both see no file, both run `_setup()`, and the second dies with "table
responses already exists" (F-create-when-missing)."""
import contextlib
import sqlite3
from pathlib import Path


class ResponseCache:
    def __init__(self, root):
        self._db_path = Path(root) / "cache" / "responses.db"
        self._db_path.parent.mkdir(parents=True, exist_ok=True)
        if not self._db_path.exists():
            self._setup()

    @contextlib.contextmanager
    def _connect(self):
        conn = sqlite3.connect(self._db_path, timeout=5)
        try:
            yield conn
            conn.commit()
        finally:
            conn.close()

    def _setup(self):
        with self._connect() as conn:
            conn.execute(
                "CREATE TABLE responses (key TEXT PRIMARY KEY, body BLOB, fetched REAL)"
            )

    def get(self, key):
        with self._connect() as conn:
            row = conn.execute("SELECT body FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key, body, fetched):
        with self._connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO responses (key, body, fetched) VALUES (?, ?, ?)",
                (key, body, fetched),
            )


SCHEMA = """
CREATE TABLE jobs (id INTEGER PRIMARY KEY, name TEXT);
CREATE INDEX jobs_name ON jobs (name);
"""


def init_db(path):
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.close()


def open_jobs(path):
    import os

    if not os.path.exists(path):
        init_db(path)
    return sqlite3.connect(path, timeout=5)
