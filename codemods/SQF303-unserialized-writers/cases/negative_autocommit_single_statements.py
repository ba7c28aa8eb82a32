"""Worker threads each run single autocommit statements on their own
connections: a statement holds the write lock only while it runs, and there is
nothing between two statements of one change for another thread to see."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "jobs.db"


def finish(job_id):
    conn = sqlite3.connect(DB, isolation_level=None, timeout=10)
    conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
    conn.close()


def drop(job_id):
    conn = sqlite3.connect(DB, isolation_level=None, timeout=10)
    conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
    conn.close()


def handle(job_id):
    finish(job_id)
    drop(job_id - 100)


with ThreadPoolExecutor(max_workers=8) as pool:
    pool.map(handle, range(1000))
