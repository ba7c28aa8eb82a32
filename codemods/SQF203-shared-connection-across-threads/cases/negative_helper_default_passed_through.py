"""The caller passes its cursor on; the module cursor is only the default."""
import sqlite3
import threading

CONN = sqlite3.connect("codes.sqlite3")
CUR = CONN.cursor()


def _fetch(code, db=CUR):
    db.execute("SELECT name FROM codes WHERE code = ?", (code,))
    return db.fetchone()


def get(code, db=CUR):
    row = _fetch(code, db)
    return row[0] if row else None


def first(code, db=CUR):
    return _fetch(code, db=db)


class Worker(threading.Thread):
    def __init__(self, codes):
        super().__init__()
        self.codes = codes

    def run(self):
        conn = sqlite3.connect("codes.sqlite3")
        cur = conn.cursor()
        print([get(code, db=cur) for code in self.codes])
        conn.close()
