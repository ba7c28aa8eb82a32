"""A getter that opens a new connection on every call (it keeps none) hands
each caller a connection to close; the caller that never does leaks one
connection per call."""
import sqlite3

DB_PATH = "jobs.db"


def get_db():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def claim(job_id):
    conn = get_db()
    conn.execute("UPDATE jobs SET state = 'running' WHERE id = ?", (job_id,))
    conn.commit()
