"""The project's opener lives in a module that knows nothing of the web
framework: it opens a connection with the default check_same_thread and
returns it. deps.py's sync yield dependency hands it to the routes."""
import sqlite3


def open_connection(path="jobs.db"):
    conn = sqlite3.connect(path, timeout=5, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn
