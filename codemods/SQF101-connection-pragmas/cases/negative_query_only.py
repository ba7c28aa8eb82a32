"""A connection that sets PRAGMA query_only never writes; a WAL PRAGMA on it
would still convert the file (F-wal-read-only), so it gets none."""
import sqlite3
import threading


def report(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA query_only=1")
    rows = conn.execute("SELECT count(*) FROM events").fetchall()
    conn.close()
    return rows


def shared(path):
    conn = sqlite3.connect(path)
    conn.execute("pragma query_only = ON")
    return conn


threading.Thread(target=report, args=("app.db",)).start()
