import sqlite3
import time


def init(path):
    conn = sqlite3.connect(path, timeout=0.3)
    conn.execute("CREATE TABLE IF NOT EXISTS events (n INTEGER)")
    conn.execute("INSERT INTO events (n) VALUES (-1)")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.commit()
    conn.close()


def add(path, n):
    conn = sqlite3.connect(path, timeout=0.3)
    try:
        conn.execute("INSERT INTO events (n) VALUES (?)", (n,))
        conn.commit()
    finally:
        conn.close()


def report(path, hold_seconds):
    """A slow report: reads inside one transaction, as a dashboard query would."""
    conn = sqlite3.connect(path, timeout=0.3, isolation_level=None)
    try:
        conn.execute("BEGIN")
        total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        time.sleep(hold_seconds)
        conn.execute("COMMIT")
        return total
    finally:
        conn.close()


def all_events(path):
    conn = sqlite3.connect(path, timeout=0.3)
    try:
        return [row[0] for row in conn.execute("SELECT n FROM events ORDER BY n")]
    finally:
        conn.close()
