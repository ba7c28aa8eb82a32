"""Per-call helpers on autocommit connections, run from a thread pool. Each
statement is a transaction of its own: when one raises, SQLite has already
ended it, so the connection the exception drops holds no lock while it waits
for the garbage collector. Only the success path closes them, and that is not
the stalled-writer hazard."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "events.db"
workers = ThreadPoolExecutor(max_workers=8)


def record_event(kind, payload):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("INSERT INTO events (kind, payload) VALUES (?, ?)", (kind, payload))
    conn.close()


def forget_events(kind):
    db = sqlite3.connect(DB, timeout=10, isolation_level=None)
    db.execute("DELETE FROM events WHERE kind = ?", (kind,))
    count = db.execute("SELECT count(*) FROM events").fetchone()[0]
    db.close()
    return count


def mark_seen(event_id):
    # Python 3.12: autocommit=True, commit() is a no-op.
    conn = sqlite3.connect(DB, autocommit=True)
    conn.execute("UPDATE events SET seen = 1 WHERE id = ?", (event_id,))
    conn.commit()
    conn.close()


def set_autocommit_after_opening(event_id):
    conn = sqlite3.connect(DB)
    conn.isolation_level = None
    conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
    conn.close()


def submit_all(items):
    for kind, payload in items:
        workers.submit(record_event, kind, payload)
    workers.submit(forget_events, "debug")
    workers.submit(mark_seen, 1)
    workers.submit(set_autocommit_after_opening, 2)
