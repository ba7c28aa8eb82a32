"""An old migration script, still run on every deploy."""
import sqlite3

from .db import DB_PATH


def migrate():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, name TEXT);
        CREATE INDEX IF NOT EXISTS documents_name ON documents (name);
        """
    )
    conn.close()
