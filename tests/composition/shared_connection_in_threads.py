# composes: SQF203, SQF303, SQF101
# One module-level connection used by worker threads: the lock around each use,
# the serialized transaction and the PRAGMAs all concern the same connection.
import sqlite3
import threading

conn = sqlite3.connect("jobs.db", check_same_thread=False)


def record(job_id, status):
    conn.execute("UPDATE jobs SET status = ? WHERE id = ?", (status, job_id))
    conn.execute("INSERT INTO job_events (job_id, status) VALUES (?, ?)", (job_id, status))
    conn.commit()


def start(job_ids):
    for job_id in job_ids:
        threading.Thread(target=record, args=(job_id, "running")).start()
