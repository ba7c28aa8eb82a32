# composes: SQF701, SQF202
# A thread writer that swallows "database is locked": the retry loop and
# closing() both rewrite the same try block.
import logging
import sqlite3
import threading

log = logging.getLogger(__name__)
DB_PATH = "progress.db"


def _connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def set_progress(doc_id, percent):
    conn = _connect()
    try:
        conn.execute("UPDATE documents SET progress = ? WHERE id = ?", (percent, doc_id))
        conn.commit()
    except sqlite3.OperationalError:
        log.warning("progress update skipped for %s", doc_id)
    conn.close()


def track(doc_ids):
    for doc_id in doc_ids:
        threading.Thread(target=set_progress, args=(doc_id, 50)).start()
