"""Two context managers that open a connection per block and, on the way out,
commit and then close it with no `finally`. If the block raises, the
generator's lines after `yield` never run; if the commit raises (the database
is locked), the close after it never runs. The class version also commits a
block that raised. Worker threads write through both."""
import sqlite3
import threading
from contextlib import contextmanager

LEDGER = "ledger.db"


@contextmanager
def ledger():
    conn = sqlite3.connect(LEDGER, timeout=10)
    yield conn
    conn.commit()
    conn.close()


class LedgerBlock:
    def __init__(self, path=LEDGER):
        self.path = path

    def __enter__(self):
        self.conn = sqlite3.connect(self.path, timeout=10)
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        self.conn.commit()
        self.conn.close()


def record(entry):
    with ledger() as db:
        db.execute("INSERT INTO entries(text) VALUES (?)", (entry,))


def record_twice(entry):
    with LedgerBlock() as db:
        db.execute("INSERT INTO entries(text) VALUES (?)", (entry,))
        db.execute("INSERT INTO audit(text) VALUES (?)", (entry,))


def start(entries):
    for e in entries:
        threading.Thread(target=record, args=(e,)).start()
        threading.Thread(target=record_twice, args=(e,)).start()
