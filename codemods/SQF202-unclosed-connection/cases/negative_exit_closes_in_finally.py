"""Per-block connections whose exit always closes: a `finally` around the
`yield`, a `closing(...)` that owns the connection, and an `__exit__` whose
close sits in `finally`."""
import sqlite3
import threading
from contextlib import closing, contextmanager

LEDGER = "ledger.db"


@contextmanager
def ledger():
    conn = sqlite3.connect(LEDGER, timeout=10)
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


@contextmanager
def ledger_closing():
    with closing(sqlite3.connect(LEDGER, timeout=10)) as conn:
        yield conn
        conn.commit()


class LedgerBlock:
    def __enter__(self):
        self.conn = sqlite3.connect(LEDGER, timeout=10)
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.conn.commit()
        finally:
            self.conn.close()


def record(entry):
    with ledger() as db:
        db.execute("INSERT INTO entries(text) VALUES (?)", (entry,))
    with ledger_closing() as db:
        db.execute("INSERT INTO audit(text) VALUES (?)", (entry,))
    with LedgerBlock() as db:
        db.execute("INSERT INTO audit(text) VALUES (?)", (entry,))


def start(entries):
    for e in entries:
        threading.Thread(target=record, args=(e,)).start()
