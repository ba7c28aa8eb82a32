"""Worker threads bump a counter, but only through `record`, which holds the
process-wide lock around the whole read-then-write: two threads never run the
SELECT and the UPDATE interleaved, so no increment is lost."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

DB = "stats.db"
_lock = threading.Lock()


def bump(conn, key):
    row = conn.execute("SELECT hits FROM counters WHERE key = ?", (key,)).fetchone()
    hits = row[0] if row else 0
    conn.execute("UPDATE counters SET hits = ? WHERE key = ?", (hits + 1, key))
    conn.commit()


def record(key):
    conn = sqlite3.connect(DB)
    try:
        with _lock:
            bump(conn, key)
    finally:
        conn.close()


def run(keys):
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(record, keys))
