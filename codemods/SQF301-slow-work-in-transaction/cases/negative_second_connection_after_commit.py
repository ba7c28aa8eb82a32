"""The helper's own connection writes after the caller's transaction ended, or
to another database file: no lock of the caller's is in the way."""
import sqlite3


def log_sync(count):
    conn = sqlite3.connect("audit.db")
    with conn:
        conn.execute("INSERT INTO sync_log (n) VALUES (?)", (count,))
    conn.close()


def touch_batch(batch_id):
    conn = sqlite3.connect("sync.db")
    with conn:
        conn.execute("UPDATE batches SET seen = 1 WHERE id = ?", (batch_id,))
    conn.close()


def import_batch(batch_id, rows):
    conn = sqlite3.connect("sync.db")
    conn.executemany("INSERT INTO staged (name, size) VALUES (?, ?)", rows)
    log_sync(len(rows))
    conn.commit()
    touch_batch(batch_id)
    conn.close()
