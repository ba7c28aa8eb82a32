import sqlite3
import time


def connect(path):
    return sqlite3.connect(path, timeout=0.3)


def init(path):
    conn = connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS events (n INTEGER)")
    conn.commit()
    conn.close()


def add(path, n):
    conn = connect(path)
    try:
        conn.execute("INSERT INTO events (n) VALUES (?)", (n,))
        conn.commit()
    finally:
        conn.close()


def report(path, hold_seconds):
    """A slow report: reads inside one transaction, as a dashboard query would."""
    conn = connect(path)
    try:
        conn.execute("BEGIN")
        total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        time.sleep(hold_seconds)
        conn.execute("COMMIT")
        return total
    finally:
        conn.close()


def all_events(path):
    conn = connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT n FROM events ORDER BY n")]
    finally:
        conn.close()
