import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=1.0, check_same_thread=False)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    return conn


def init(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS progress (doc TEXT, stage INTEGER)")
    conn.commit()
    conn.close()


def record(conn, doc, stage):
    conn.execute("INSERT INTO progress (doc, stage) VALUES (?, ?)", (doc, stage))
    conn.commit()


def progress(path, doc):
    conn = sqlite3.connect(path, timeout=1.0)
    try:
        row = conn.execute("SELECT max(stage) FROM progress WHERE doc = ?", (doc,)).fetchone()
        return row[0]
    finally:
        conn.close()
