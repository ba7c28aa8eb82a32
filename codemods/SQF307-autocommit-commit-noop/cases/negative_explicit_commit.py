"""autocommit=True used as intended, and connections where commit() works."""
import sqlite3

DB = "jobs.db"


def claim(worker):
    conn = sqlite3.connect(DB, autocommit=True)
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT id FROM jobs WHERE worker IS NULL LIMIT 1").fetchone()
        if row:
            conn.execute("UPDATE jobs SET worker = ? WHERE id = ?", (worker, row[0]))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return row


def log(text):
    conn = sqlite3.connect(DB, autocommit=True)
    conn.execute("INSERT INTO log (text) VALUES (?)", (text,))
    conn.close()


def legacy(job_id):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE jobs SET worker = NULL WHERE id = ?", (job_id,))
    conn.commit()
    conn.close()
