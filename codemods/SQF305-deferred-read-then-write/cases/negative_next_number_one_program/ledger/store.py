"""Numbered entries per account; only the tally daemon appends."""
import sqlite3
import threading

LEDGER_PATH = "ledger.db"
_append_guard = threading.Lock()


def open_ledger():
    conn = sqlite3.connect(LEDGER_PATH, timeout=30.0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def append_entry(account, amount):
    # The lock orders this process's threads; only this program appends.
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
