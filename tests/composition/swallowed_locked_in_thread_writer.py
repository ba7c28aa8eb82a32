# composes: SQF701, SQF202
# A thread writer that swallows "database is locked": the retry loop and
# closing() both rewrite the same try block. A worker process rebuilds the
# totals on the same file: a writer that can hold the lock while these wait.
import contextlib
import logging
import sqlite3
import threading
from multiprocessing import Process

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


def rebuild_totals():
    with contextlib.closing(_connect()) as conn:
        conn.execute("UPDATE totals SET n = (SELECT count(*) FROM documents)")
        conn.commit()


def start_rebuild():
    Process(target=rebuild_totals).start()
