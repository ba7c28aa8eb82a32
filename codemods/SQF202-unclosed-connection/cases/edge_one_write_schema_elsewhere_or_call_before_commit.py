"""Edge: one write on an unconstrained-looking statement, but the module does
not declare the table (it may carry constraints this module cannot see), and a
helper whose one DELETE is followed by a call that can raise before the commit
(the lock is then held when it raises). Both reported. The DELETE alone,
committed at once, is not."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "jobs.db"
pool = ThreadPoolExecutor(max_workers=4)


def rename_job(job_id, name):
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE jobs SET name = ? WHERE id = ?", (name, job_id))
    conn.commit()
    conn.close()


def drop_job_and_notify(job_id, notify):
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
    notify(job_id)
    conn.commit()
    conn.close()


def drop_job(job_id):
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
    conn.commit()
    conn.close()


def serve(job_id):
    pool.submit(rename_job, job_id, "x")
    pool.submit(drop_job_and_notify, job_id, print)
    pool.submit(drop_job, job_id)
