"""Numbered entries per account; a training run and a tally daemon both append."""
import sqlite3
from filelock import FileLock

LEDGER_PATH = "ledger.db"
_append_guard = FileLock(LEDGER_PATH + ".lock")


def open_ledger():
    conn = sqlite3.connect(LEDGER_PATH, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def append_entry(account, amount):
    # A lock file: every process that appends takes it.
    with _append_guard:
        conn = open_ledger()
        try:
            cur = conn.cursor()
            cur.execute("SELECT MAX(entry_no) FROM entries WHERE account = ?", (account,))
            last = cur.fetchone()[0]
            entry_no = 0 if last is None else last + 1
            cur.execute(
                "INSERT INTO entries (account, entry_no, amount) VALUES (?, ?, ?)",
                (account, entry_no, amount),
            )
            conn.commit()
        finally:
            conn.close()
    return entry_no


def append_batch(account, amounts):
    with _append_guard:
        conn = open_ledger()
        try:
            last = conn.execute(
                "SELECT MAX(entry_no) FROM entries WHERE account = ?", (account,)
            ).fetchone()[0]
            first = 0 if last is None else last + 1
            rows = []
            for offset, amount in enumerate(amounts):
                rows.append((account, first + offset, amount))
            conn.executemany(
                "INSERT INTO entries (account, entry_no, amount) VALUES (?, ?, ?)", rows
            )
            conn.commit()
        finally:
            conn.close()
