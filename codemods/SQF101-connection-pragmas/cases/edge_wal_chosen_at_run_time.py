"""The journal mode comes from configuration (DELETE unless someone sets it):
WAL is not certain, so the connection is still reported."""
import sqlite3
import threading

JOURNAL_MODE = "DELETE"


def open_db(path, journal_mode=JOURNAL_MODE):
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    return conn


def save(path, row):
    conn = open_db(path)
    conn.execute("INSERT INTO t VALUES (?)", (row,))
    conn.commit()
    conn.close()


def start(path):
    for row in range(4):
        threading.Thread(target=save, args=(path, row)).start()
