"""Two wrappers on one `with` item: SQF101 wraps the connect call, SQF303 adds the
lock as the first item. Both insert at the same offset; applied together they
nested the lock inside the PRAGMA helper's call. One goes in per round."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB_PATH = "events.db"


def record(event):
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("INSERT INTO events (kind) VALUES (?)", (event,))
        conn.execute("UPDATE counters SET n = n + 1 WHERE kind = ?", (event,))


def record_all(events):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(record, events))
