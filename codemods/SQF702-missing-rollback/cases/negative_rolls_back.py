"""Shared connections whose failed transactions are rolled back."""
import logging
import sqlite3

log = logging.getLogger(__name__)

_conn = sqlite3.connect("docs.db", check_same_thread=False)


def set_status(doc_id, status):
    with _conn:
        _conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        _conn.execute("INSERT INTO status_log (doc_id, status) VALUES (?, ?)", (doc_id, status))


def save_pages(doc_id, pages):
    try:
        for number, text in pages:
            _conn.execute("INSERT INTO pages VALUES (?, ?, ?)", (doc_id, number, text))
        _conn.commit()
    except sqlite3.Error:
        _conn.rollback()
        log.exception("could not save pages for %s", doc_id)


def touch(doc_id):
    # One statement, then commit: nothing between them can raise.
    _conn.execute("UPDATE documents SET touched = 1 WHERE id = ?", (doc_id,))
    _conn.commit()


def archive(doc_id):
    try:
        _conn.execute("INSERT INTO archive SELECT * FROM documents WHERE id = ?", (doc_id,))
        _conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    except Exception:
        _conn.rollback()
        raise
    else:
        _conn.commit()


def local(path, rows):
    conn = sqlite3.connect(path)
    try:
        conn.executemany("INSERT INTO t VALUES (?)", rows)
        conn.execute("UPDATE meta SET n = n + 1")
        conn.commit()
    except sqlite3.IntegrityError:
        log.warning("duplicate rows")
    finally:
        conn.close()
