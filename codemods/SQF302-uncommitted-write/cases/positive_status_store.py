"""Status tracking for the document pipeline, sharing one connection between the
request handlers and the pipeline threads."""
import logging
import sqlite3
import time

log = logging.getLogger(__name__)

_conn = sqlite3.connect("status.db", check_same_thread=False, timeout=5.0)


def set_status(doc_id, status):
    _conn.execute(
        "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
        (status, time.time(), doc_id),
    )
    log.info("document %s is %s", doc_id, status)


def add_event(doc_id, kind):
    cur = _conn.execute("INSERT INTO events (doc_id, kind) VALUES (?, ?)", (doc_id, kind))
    return cur.lastrowid


def mark_failed(doc_id, error):
    if error is None:
        return False
    _conn.execute("UPDATE documents SET status = 'failed', error = ? WHERE id = ?", (error, doc_id))
    return True


class Jobs:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def enqueue(self, doc_id):
        for stage in ("parse", "ocr", "export"):
            self.conn.execute("INSERT INTO jobs (doc_id, stage) VALUES (?, ?)", (doc_id, stage))

    def finish(self, job_id):
        self.conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job_id,))
        if job_id % 100 == 0:
            self.conn.commit()
