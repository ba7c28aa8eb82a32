import sqlite3
import time

DB_PATH = "docs.db"

# The hot status path reuses one connection (the pipeline threads share it too).
_status_conn = sqlite3.connect(DB_PATH, check_same_thread=False)


def set_status(doc_id, status, stage=None):
    _status_conn.execute(
        "UPDATE documents SET status = ?, stage = COALESCE(?, stage), updated_at = ? WHERE id = ?",
        (status, stage, time.time(), doc_id),
    )
    _status_conn.execute("INSERT INTO status_log (doc_id, status) VALUES (?, ?)", (doc_id, status))
    _status_conn.commit()


def get_status(doc_id):
    row = _status_conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None
