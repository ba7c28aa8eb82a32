# A claim that takes the write lock with BEGIN IMMEDIATE before its read (what
# SQF305 writes) and closes the connection on the "nothing to do" path. The
# process lock must be held from the BEGIN: taken only around the UPDATE, a
# thread holding SQLite's lock would wait for it while the lock's holder waits
# in SQLite's busy handler, and one of them fails with "database is locked".
import sqlite3
import threading
import time

DB_PATH = "jobs.db"


def claim_job(worker_name):
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("BEGIN IMMEDIATE")
    row = conn.execute(
        "SELECT id FROM jobs WHERE claimed_by IS NULL ORDER BY created_at LIMIT 1"
    ).fetchone()
    if row is None:
        conn.close()
        return None
    conn.execute(
        "UPDATE jobs SET claimed_by = ?, claimed_at = ? WHERE id = ?",
        (worker_name, time.time(), row[0]),
    )
    conn.execute("INSERT INTO claim_log (job_id, worker) VALUES (?, ?)", (row[0], worker_name))
    conn.commit()
    conn.close()
    return row[0]


threads = [threading.Thread(target=claim_job, args=(f"w{i}",)) for i in range(4)]
