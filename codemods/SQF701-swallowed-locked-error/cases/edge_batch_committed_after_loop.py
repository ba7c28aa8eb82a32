"""A worker thread imports a batch of rows in one transaction, committed after
the loop, beside a handler thread's one-row insert whose lock error is logged
and dropped. Not reported: a loop of statements alone runs thousands of rows a
second, so the batch holds the lock for milliseconds unless it is huge, which
the code does not show. A loop that also waits on the network on each turn
inside one transaction is reported (positive_write_held_across_request.py
holds one request's wait)."""

import logging
import sqlite3
import threading

DB_PATH = "feed.db"
log = logging.getLogger(__name__)


def import_feed(rows):
    conn = sqlite3.connect(DB_PATH)
    for row in rows:
        conn.execute("INSERT INTO entries (title, body) VALUES (?, ?)", row)
    conn.commit()
    conn.close()


def mark_read(entry_id):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("UPDATE entries SET read = 1 WHERE id = ?", (entry_id,))
        conn.commit()
    except sqlite3.OperationalError as e:
        log.warning("could not mark %s read: %s", entry_id, e)
    finally:
        conn.close()


def start(batches, ids):
    threading.Thread(target=lambda: [import_feed(b) for b in batches]).start()
    threading.Thread(target=lambda: [mark_read(i) for i in ids]).start()
