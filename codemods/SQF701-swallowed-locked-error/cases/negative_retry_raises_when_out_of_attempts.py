"""Retry loops that tell the caller when the attempts run out: a re-raise on the
last attempt, a loop `else:` that raises, a failure returned after the loop."""
import sqlite3
import time

RETRIES = 5


def save_with_last_raise(conn, row):
    for attempt in range(RETRIES):
        try:
            conn.execute("INSERT INTO t VALUES (?)", (row,))
            conn.commit()
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or attempt == RETRIES - 1:
                raise
            time.sleep(0.05 * 2**attempt)


def save_with_else(conn, row):
    for attempt in range(RETRIES):
        try:
            conn.execute("INSERT INTO t VALUES (?)", (row,))
            conn.commit()
            break
        except sqlite3.OperationalError:
            time.sleep(0.05)
    else:
        raise RuntimeError("database stayed locked")


def save_or_report(conn, row):
    for attempt in range(RETRIES):
        try:
            conn.execute("INSERT INTO t VALUES (?)", (row,))
            conn.commit()
            return True
        except sqlite3.OperationalError:
            time.sleep(0.05)
    return False


def insert_all(conn, rows):
    # A loop over work, not a retry: each row is tried once.
    for row in rows:
        try:
            conn.execute("INSERT INTO t VALUES (?)", (row,))
        except sqlite3.IntegrityError:
            raise
