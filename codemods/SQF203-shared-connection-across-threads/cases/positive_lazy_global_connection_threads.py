"""A program's own worker threads share a connection (or a cursor) that a helper
opens on first use, with the default check_same_thread."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

_db = None
_stats_cur = None


def record(job):
    global _db
    if _db is None:
        _db = sqlite3.connect("jobs.db")
    _db.execute("INSERT INTO done (job) VALUES (?)", (job,))
    _db.commit()


def _open_stats():
    global _stats_cur
    conn = sqlite3.connect("stats.db")
    _stats_cur = conn.cursor()


def bump(name):
    if _stats_cur is None:
        _open_stats()
    _stats_cur.execute("UPDATE stats SET n = n + 1 WHERE name = ?", (name,))
    _stats_cur.connection.commit()


def run(jobs):
    threading.Thread(target=bump, args=("started",)).start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(record, jobs))


if __name__ == "__main__":
    run(range(10))
