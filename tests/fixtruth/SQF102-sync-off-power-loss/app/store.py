import sqlite3

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "off",
    "cache_size": -16000,
}


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    for name, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {name}={value}")
    return conn


def init(path):
    conn = connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS pages (doc TEXT, n INTEGER)")
    conn.commit()
    conn.close()


def save_page(path, doc, n):
    conn = connect(path)
    try:
        conn.execute("INSERT INTO pages (doc, n) VALUES (?, ?)", (doc, n))
        conn.commit()
    finally:
        conn.close()


def pages(path):
    conn = connect(path)
    try:
        return conn.execute("SELECT doc, n FROM pages ORDER BY doc, n").fetchall()
    finally:
        conn.close()
