"""WAL is on for these files, set by the connection itself; `synchronous` is left
at the default FULL or set explicitly. FULL is durable and correct in WAL; NORMAL
would trade the last commits on a power loss for speed. That is the author's
choice, not a concurrency hazard, even with worker threads writing."""
import sqlite3
import threading


def open_db(path):
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def open_durable(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def save(path, row):
    conn = open_db(path)
    conn.execute("INSERT INTO t VALUES (?)", (row,))
    conn.commit()
    conn.close()


def save_durably(path, row):
    conn = open_durable(path)
    conn.execute("INSERT INTO t VALUES (?)", (row,))
    conn.commit()
    conn.close()


def start(path):
    for row in range(4):
        threading.Thread(target=save, args=(path, row)).start()
        threading.Thread(target=save_durably, args=(path, row)).start()
