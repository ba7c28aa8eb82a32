"""Page store of the OCR pipeline, one connection shared by the worker threads;
each unit of work is wrapped in try/finally.

Probes a `try` whose only clause is a `finally`: one that just logs timing lets an
exception leave with the transaction open on the shared connection, as if there
were no `try`. Expected: `replace_pages` is flagged and its statements are wrapped in
`with self.conn:` inside the try; `replace_pages_guarded`, whose finally rolls back
whatever is still open, is not flagged.
"""
import logging
import sqlite3
import time

log = logging.getLogger(__name__)


class PageStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, check_same_thread=False, timeout=5.0)

    def replace_pages(self, doc_id, pages):
        started = time.monotonic()
        try:
            self.conn.execute("DELETE FROM pages WHERE doc_id = ?", (doc_id,))
            for number, text in pages:
                self.conn.execute(
                    "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
                    (doc_id, number, text),
                )
            self.conn.commit()
        finally:
            log.info("replace_pages(%s) took %.3f s", doc_id, time.monotonic() - started)

    def replace_pages_guarded(self, doc_id, pages):
        try:
            self.conn.execute("DELETE FROM pages WHERE doc_id = ?", (doc_id,))
            for number, text in pages:
                self.conn.execute(
                    "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
                    (doc_id, number, text),
                )
            self.conn.commit()
        finally:
            if self.conn.in_transaction:
                self.conn.rollback()
