# A job claim that closes its connection on the "nothing to do" path: `with
# conn:` would commit a closed connection there, so the fix is `BEGIN IMMEDIATE`
# alone before the read; the close ends the empty transaction, the commit the
# other one. A close after a write is left alone (it would roll the write back).
import sqlite3
import threading
import time

DB_PATH = "jobs.db"


def claim_job(worker_name):
    conn = sqlite3.connect(DB_PATH)
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
    conn.commit()
    conn.close()
    return row[0]


def claim_and_forget(worker_name):
    conn = sqlite3.connect(DB_PATH)
    row = conn.execute("SELECT id FROM jobs WHERE claimed_by IS NULL LIMIT 1").fetchone()
    conn.execute("UPDATE jobs SET claimed_by = ? WHERE id = ?", (worker_name, row[0]))
    if worker_name == "dry-run":
        conn.close()
        return None
    conn.commit()
    conn.close()
    return row[0]


threads = [threading.Thread(target=claim_job, args=(f"w{i}",)) for i in range(4)]
