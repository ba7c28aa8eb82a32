import os
import sqlite3

DB_PATH = os.environ.get("STATUS_DB", "status.db")

_conn = sqlite3.connect(DB_PATH, check_same_thread=False, timeout=0.2)
_conn.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, status TEXT)")
_conn.commit()


def add_document(doc_id):
    _conn.execute("INSERT INTO documents (id, status) VALUES (?, 'queued')", (doc_id,))
    _conn.commit()


def set_status(doc_id, status):
    _conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))


def get_status(doc_id):
    row = _conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else None
