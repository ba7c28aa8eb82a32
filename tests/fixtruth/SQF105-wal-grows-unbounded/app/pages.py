import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    return conn


def init(path):
    conn = connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS pages (doc TEXT, page INTEGER, body BLOB)")
    conn.commit()
    conn.close()


def save_page(path, doc, page, body):
    conn = connect(path)
    try:
        conn.execute("INSERT INTO pages (doc, page, body) VALUES (?, ?, ?)", (doc, page, body))
        conn.commit()
    finally:
        conn.close()


def page_count(conn):
    return conn.execute("SELECT count(*), sum(length(body)) FROM pages").fetchone()
