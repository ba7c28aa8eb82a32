import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def init(path):
    conn = connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS jobs (doc TEXT, status TEXT)")
    conn.commit()
    conn.close()


def set_status(path, doc, status):
    conn = connect(path)
    try:
        conn.execute("INSERT INTO jobs (doc, status) VALUES (?, ?)", (doc, status))
        conn.commit()
    finally:
        conn.close()


def statuses(path):
    conn = connect(path)
    try:
        return conn.execute("SELECT doc, status FROM jobs ORDER BY doc").fetchall()
    finally:
        conn.close()
