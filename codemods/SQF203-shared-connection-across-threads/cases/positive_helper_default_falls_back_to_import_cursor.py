"""A helper's default argument is the import-time cursor; a caller that was given
its own cursor calls the helper without passing it on."""
import sqlite3
import threading

CONN = sqlite3.connect("codes.sqlite3")
CUR = CONN.cursor()


def _fetch(code, db=CUR):
    db.execute("SELECT name FROM codes WHERE code = ?", (code,))
    return db.fetchone()


def get(code, db=CUR):
    row = _fetch(code)
    return row[0] if row else None


class Worker(threading.Thread):
    """Looks codes up on its own thread, through its own connection."""

    def __init__(self, codes):
        super().__init__()
        self.codes = codes

    def run(self):
        conn = sqlite3.connect("codes.sqlite3")
        cur = conn.cursor()
        print([get(code, db=cur) for code in self.codes])
        conn.close()
