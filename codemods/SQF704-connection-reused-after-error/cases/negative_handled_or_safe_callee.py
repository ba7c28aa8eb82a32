"""Handlers that re-raise or reset the connection, and callees that roll back
themselves."""
import logging
import sqlite3

log = logging.getLogger(__name__)

_conn = sqlite3.connect("docs.db", check_same_thread=False)


def set_status(doc_id, status):
    with _conn:
        _conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        _conn.execute("INSERT INTO status_log (doc_id, status) VALUES (?, ?)", (doc_id, status))


def add_page(doc_id, page):
    _conn.execute("INSERT INTO pages (doc_id, page) VALUES (?, ?)", (doc_id, page))
    _conn.execute("UPDATE documents SET pages = pages + 1 WHERE id = ?", (doc_id,))
    _conn.commit()


def mark(doc_id):
    try:
        set_status(doc_id, "processing")
    except sqlite3.OperationalError:
        log.warning("status update skipped for %s", doc_id)


def add_pages(doc_id, pages):
    for page in pages:
        try:
            add_page(doc_id, page)
        except sqlite3.IntegrityError:
            _conn.rollback()
            log.warning("duplicate page %s", page)


def add_pages_strict(doc_id, pages):
    for page in pages:
        try:
            add_page(doc_id, page)
        except sqlite3.Error:
            log.error("page %s failed", page)
            raise
