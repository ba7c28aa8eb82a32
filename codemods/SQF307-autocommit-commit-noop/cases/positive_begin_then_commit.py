"""A job store written for Python 3.12 with autocommit=True, following the advice
to take the write lock with BEGIN IMMEDIATE."""
import sqlite3

DB = "jobs.db"


def connect():
    return sqlite3.connect(DB, autocommit=True, timeout=5.0)


def claim(worker):
    conn = connect()
    conn.execute("BEGIN IMMEDIATE")
    row = conn.execute("SELECT id FROM jobs WHERE worker IS NULL LIMIT 1").fetchone()
    if row:
        conn.execute("UPDATE jobs SET worker = ? WHERE id = ?", (worker, row[0]))
    conn.commit()
    conn.close()
    return row


def requeue(job_id):
    conn = sqlite3.connect(DB, autocommit=True)
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE jobs SET worker = NULL WHERE id = ?", (job_id,))


def move(job_id, queue):
    conn = sqlite3.connect(DB, autocommit=True)
    with conn:
        conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        conn.execute("INSERT INTO jobs_archive (id, queue) VALUES (?, ?)", (job_id, queue))
    conn.close()


class Store:
    def __init__(self):
        self.conn = sqlite3.connect(DB, autocommit=True, check_same_thread=False)

    def bump(self, name):
        self.conn.execute("BEGIN")
        self.conn.execute("UPDATE counters SET n = n + 1 WHERE name = ?", (name,))
