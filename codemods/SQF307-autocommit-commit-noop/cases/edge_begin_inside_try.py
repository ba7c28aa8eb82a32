"""Job claiming for the OCR workers, written for Python 3.12 with
`from sqlite3 import connect` and the BEGIN inside a try/except/finally.

Probes the no-op methods in every clause of one unit: with autocommit=True,
`commit()` in the body and `rollback()` in the handler both do nothing. Expected:
two CRITICAL findings in `claim` with display-only changes to `COMMIT` and
`ROLLBACK` (the rollback's note warns that a ROLLBACK after a failed BEGIN raises);
none in `claim_manual`, the same code on an isolation_level=None connection, where
both methods work.
"""
from sqlite3 import connect

DB_PATH = "jobs.db"


def claim(worker):
    conn = connect(DB_PATH, autocommit=True, timeout=5.0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT id FROM jobs WHERE worker IS NULL ORDER BY id LIMIT 1").fetchone()
        if row:
            conn.execute("UPDATE jobs SET worker = ? WHERE id = ?", (worker, row[0]))
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()
    return row[0] if row else None


def claim_manual(worker):
    conn = connect(DB_PATH, isolation_level=None, timeout=5.0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT id FROM jobs WHERE worker IS NULL ORDER BY id LIMIT 1").fetchone()
        if row:
            conn.execute("UPDATE jobs SET worker = ? WHERE id = ?", (worker, row[0]))
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()
    return row[0] if row else None
