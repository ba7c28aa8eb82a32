"""The repaired form: commit only when the block finished, roll back in
`except` and re-raise, close in `finally` (not reported). Beside it, a
generator that rolls back on error but closes only after the `try`, so a
failing commit or rollback still skips its close (reported)."""
import sqlite3
import threading
from contextlib import contextmanager

LEDGER = "ledger.db"


@contextmanager
def ledger():
    conn = sqlite3.connect(LEDGER, timeout=10)
    try:
        yield conn
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


@contextmanager
def ledger_half_fixed():
    conn = sqlite3.connect(LEDGER, timeout=10)
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    conn.close()


def record(entry):
    with ledger() as db:
        db.execute("INSERT INTO entries(text) VALUES (?)", (entry,))
    with ledger_half_fixed() as db:
        db.execute("INSERT INTO audit(text) VALUES (?)", (entry,))


def start(entries):
    for e in entries:
        threading.Thread(target=record, args=(e,)).start()
