"""A ledger that sets `synchronous=OFF` and catches DatabaseError, but only
logs it and carries on with the same file: nothing rebuilds the data, so a
power loss can lose it for good. Still reported. (A message cleaned with
`str.replace` in the handler moves no file aside.)"""
import logging
import sqlite3

LEDGER = "ledger.db"


def open_ledger():
    conn = sqlite3.connect(LEDGER)
    conn.execute("PRAGMA synchronous=OFF")
    try:
        conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as e:
        logging.error("ledger damaged: %s", str(e).replace("\n", " "))
    return conn
