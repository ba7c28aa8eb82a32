"""The job manager's storage: every function opens its own connection, runs
one keyed statement, commits and closes before it returns."""
import sqlite3
from contextlib import closing

DB_PATH = "jobs.db"


def create_job(name):
    with closing(sqlite3.connect(DB_PATH)) as conn:
        cur = conn.execute("INSERT INTO jobs (name, state) VALUES (?, 'queued')", (name,))
        conn.commit()
        return cur.lastrowid


def job_state(job_id):
    with closing(sqlite3.connect(DB_PATH)) as conn:
        row = conn.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return row[0] if row else None


def set_state(job_id, state):
    with closing(sqlite3.connect(DB_PATH)) as conn:
        conn.execute("UPDATE jobs SET state = ? WHERE id = ?", (state, job_id))
        conn.commit()
