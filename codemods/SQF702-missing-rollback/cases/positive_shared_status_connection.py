"""The status store of a document pipeline: one connection shared by the request
handlers and the pipeline threads."""
import json
import logging
import sqlite3
import time

log = logging.getLogger(__name__)

_status_conn = sqlite3.connect("docs.db", check_same_thread=False, timeout=5.0)


def set_status(doc_id, status, detail=None):
    _status_conn.execute(
        "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
        (status, time.time(), doc_id),
    )
    _status_conn.execute(
        "INSERT INTO status_log (doc_id, status, detail) VALUES (?, ?, ?)",
        (doc_id, status, json.dumps(detail)),
    )
    _status_conn.commit()


def save_pages(doc_id, pages):
    try:
        for page in pages:
            _status_conn.execute(
                "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
                (doc_id, page["number"], page["text"]),
            )
        _status_conn.commit()
    except sqlite3.Error:
        log.exception("could not save pages for %s", doc_id)


class Checkpoints:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False)

    def save(self, doc_id, stage, state):
        try:
            self.conn.execute("DELETE FROM checkpoints WHERE doc_id = ? AND stage = ?", (doc_id, stage))
            self.conn.execute(
                "INSERT INTO checkpoints (doc_id, stage, state) VALUES (?, ?, ?)",
                (doc_id, stage, json.dumps(state)),
            )
            self.conn.commit()
        except Exception as e:
            log.warning("checkpoint %s/%s failed: %s", doc_id, stage, e)
            raise
