"""A `@contextmanager` transaction helper that sends a plain (deferred) BEGIN
on a connection of its own. The read-then-write in `claim_job` runs inside it;
`log_event` only writes, and `peek` only reads. The fix makes the helper's BEGIN
take the write lock, which every caller then waits for, readers included."""
import sqlite3
import threading
from contextlib import contextmanager


@contextmanager
def transaction():
    conn = sqlite3.connect("jobs.db", isolation_level=None, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
    finally:
        conn.close()


def claim_job(worker):
    with transaction() as db:
        row = db.execute("SELECT id FROM jobs WHERE owner IS NULL LIMIT 1").fetchone()
        if row is not None:
            db.execute("UPDATE jobs SET owner = ? WHERE id = ?", (worker, row[0]))
        return row


def log_event(text):
    with transaction() as db:
        db.execute("INSERT INTO events (text) VALUES (?)", (text,))


def peek():
    with transaction() as db:
        return db.execute("SELECT count(*) FROM jobs WHERE owner IS NULL").fetchone()[0]


def start(workers):
    for name in workers:
        threading.Thread(target=claim_job, args=(name,)).start()
