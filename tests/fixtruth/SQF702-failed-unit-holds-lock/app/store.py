import logging
import os
import sqlite3

log = logging.getLogger(__name__)

DB_PATH = os.environ.get("STORE_DB", "store.db")
_conn = sqlite3.connect(DB_PATH, check_same_thread=False, timeout=0.2)
_conn.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, status TEXT)")
_conn.execute("CREATE TABLE IF NOT EXISTS status_log (doc_id TEXT, status TEXT)")
_conn.commit()


def add_document(doc_id):
    _conn.execute("INSERT INTO status_log (doc_id, status) VALUES (?, 'created')", (doc_id,))
    _conn.execute("INSERT INTO documents (id, status) VALUES (?, 'queued')", (doc_id,))
    _conn.commit()


def add_documents(doc_ids):
    try:
        for doc_id in doc_ids:
            _conn.execute("INSERT INTO documents (id, status) VALUES (?, 'queued')", (doc_id,))
        _conn.commit()
    except sqlite3.IntegrityError:
        log.warning("duplicate document in %s", doc_ids)


def documents():
    return [row[0] for row in _conn.execute("SELECT id FROM documents ORDER BY id")]
