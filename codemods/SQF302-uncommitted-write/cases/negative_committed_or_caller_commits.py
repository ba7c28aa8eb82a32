"""Shared connections whose writes are committed: directly, by `with conn:`, by the
caller in the same module, or by a repository's explicit commit()."""
import sqlite3

_conn = sqlite3.connect("app.db", check_same_thread=False)
_auto = sqlite3.connect("app.db", isolation_level=None, check_same_thread=False)


def save(doc_id, status):
    _conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
    _conn.commit()


def save_all(items):
    with _conn:
        for doc_id, status in items:
            _conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))


def log_line(text):
    _auto.execute("INSERT INTO log (text) VALUES (?)", (text,))


def _insert_page(doc_id, page):
    _conn.execute("INSERT INTO pages (doc_id, page) VALUES (?, ?)", (doc_id, page))


def save_pages(doc_id, pages):
    for page in pages:
        _insert_page(doc_id, page)
    _conn.commit()


def local_only(path):
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM tmp")
    conn.close()


class Repository:
    """Unit of work: methods stage changes, the caller decides when to commit."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def add(self, name):
        self.conn.execute("INSERT INTO items (name) VALUES (?)", (name,))

    def remove(self, name):
        self.conn.execute("DELETE FROM items WHERE name = ?", (name,))

    def commit(self):
        self.conn.commit()

    def rollback(self):
        self.conn.rollback()
