"""`with connect(p) as db: return db` returns a connection the `with` never
closes (it only commits); the caller keeps using it and never closes it either."""
import sqlite3

DB_PATH = "jobs.db"


def get_db():
    with sqlite3.connect(DB_PATH) as db:
        db.execute("PRAGMA foreign_keys=ON")
        return db


def pending_jobs():
    conn = get_db()
    rows = conn.execute("SELECT id FROM jobs WHERE state = 'pending'").fetchall()
    return [r[0] for r in rows]


def mark_done(job_id):
    with get_db() as conn:
        conn.execute("UPDATE jobs SET state = 'done' WHERE id = ?", (job_id,))
