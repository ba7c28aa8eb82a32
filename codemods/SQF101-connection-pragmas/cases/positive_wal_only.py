import sqlite3


def open_db(path):
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def save(path, row):
    conn = open_db(path)
    conn.execute("INSERT INTO t VALUES (?)", (row,))
    conn.commit()
    conn.close()
