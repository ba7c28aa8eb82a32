"""A connection factory runs its schema between `connect()` and `return conn`:
when the DDL raises (another process holds the write lock past the busy
timeout), the connection is dropped unclosed. The worker thread writes the same
file, so that failure is real."""
import sqlite3
import threading

DB = "jobs.db"


def get_conn(path=DB):
    conn = sqlite3.connect(path, timeout=5)
    conn.row_factory = sqlite3.Row
    conn.execute(
        "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, state TEXT)"
    )
    conn.commit()
    return conn


def open_log(path):
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE IF NOT EXISTS log (ts REAL, line TEXT);
        CREATE INDEX IF NOT EXISTS log_ts ON log (ts);
        """
    )
    return db


def worker():
    conn = get_conn()
    try:
        conn.execute("UPDATE jobs SET state = 'done' WHERE state = 'running'")
        conn.commit()
    finally:
        conn.close()


threading.Thread(target=worker, daemon=True).start()
