"""Writers on worker threads whose transactions sit next to slow work: a retry
that sleeps in its handler, a block that reads a file before it writes, a
shared connection whose handler waits before retrying. The process-wide lock
must never be held through the slow part. (Each transaction writes two rows:
a one-statement transaction needs no turn and is not reported.)"""
import shutil
import sqlite3
import threading
import time

DB = "jobs.db"
shared = sqlite3.connect(DB, check_same_thread=False, timeout=5.0)


def record(job_id, status):
    # Own connection: the lock covers the transaction, the retry's sleep stays outside.
    conn = sqlite3.connect(DB, timeout=5.0)
    for attempt in range(3):
        try:
            conn.execute("UPDATE jobs SET status = ? WHERE id = ?", (status, job_id))
            conn.execute("INSERT INTO job_log (job_id, status) VALUES (?, ?)", (job_id, status))
            conn.commit()
            break
        except sqlite3.OperationalError:
            conn.rollback()
            time.sleep(0.5 * (attempt + 1))
    conn.close()


def attach(job_id, source, target):
    # The copy runs inside the `with conn:` block: locking the block would hold
    # the lock through it.
    conn = sqlite3.connect(DB, timeout=5.0)
    with conn:
        shutil.copyfile(source, target)
        conn.execute("UPDATE jobs SET artifact = ? WHERE id = ?", (target, job_id))
        conn.execute("INSERT INTO job_log (job_id, status) VALUES (?, 'attached')", (job_id,))
    conn.close()


def bump(job_id):
    # Shared connection: its rollback must stay under the lock, and so would the sleep.
    try:
        shared.execute("UPDATE jobs SET tries = tries + 1 WHERE id = ?", (job_id,))
        shared.execute("INSERT INTO job_log (job_id, status) VALUES (?, 'retried')", (job_id,))
        shared.commit()
    except sqlite3.OperationalError:
        shared.rollback()
        time.sleep(1)


def start(jobs):
    for job_id, source, target in jobs:
        threading.Thread(target=record, args=(job_id, "running")).start()
        threading.Thread(target=attach, args=(job_id, source, target)).start()
        threading.Thread(target=bump, args=(job_id,)).start()
