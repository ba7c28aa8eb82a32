"""The PRAGMA raises the connect's timeout or repeats it: the last one set wins and
is at least what the connect asked for."""
import sqlite3
import threading


def open_db(path):
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def open_same(path):
    conn = sqlite3.connect(path, timeout=5)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def open_default(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA busy_timeout=3000")
    return conn


def serve(path):
    for _ in range(4):
        threading.Thread(target=lambda: open_db(path).execute("INSERT INTO t VALUES (1)")).start()
