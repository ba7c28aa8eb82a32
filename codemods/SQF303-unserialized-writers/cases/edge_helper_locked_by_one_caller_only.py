"""The same rebuild helper is called under the write lock by one path and
without it by a pool of workers: the unlocked path still lets several threads
write at once, so the helper stays reported."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

DB = "notes.db"
_write_lock = threading.Lock()


def rebuild_scores(conn):
    conn.execute("DELETE FROM scores")
    conn.execute("INSERT INTO scores (note_id, score) SELECT id, length(body) FROM notes")
    conn.commit()


def consolidate():
    conn = sqlite3.connect(DB)
    with _write_lock:
        rebuild_scores(conn)
    conn.close()


def refresh(_batch):
    conn = sqlite3.connect(DB)
    rebuild_scores(conn)
    conn.close()


def run(batches):
    threading.Thread(target=consolidate).start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(refresh, batches))
