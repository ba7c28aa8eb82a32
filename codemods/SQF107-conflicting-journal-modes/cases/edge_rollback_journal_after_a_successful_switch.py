"""The handler of an unrelated error still switches a WAL file back: the except
clause guards the insert, not the WAL switch, so the flip is reported."""
import sqlite3


def store(path, row):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    try:
        conn.execute("INSERT INTO t (v) VALUES (?)", (row,))
        conn.commit()
    except sqlite3.IntegrityError:
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
