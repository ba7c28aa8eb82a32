import sqlite3


def init(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE counter (name TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    conn.execute("INSERT INTO counter VALUES ('pages', 0)")
    conn.commit()
    conn.close()


def increment(path):
    # IMMEDIATE so that concurrent increments cannot interleave (or so we thought).
    conn = sqlite3.connect(path, isolation_level="IMMEDIATE", timeout=30)
    n = conn.execute("SELECT n FROM counter WHERE name = 'pages'").fetchone()[0]
    conn.execute("UPDATE counter SET n = ? WHERE name = 'pages'", (n + 1,))
    conn.commit()
    conn.close()


def value(path):
    conn = sqlite3.connect(path)
    n = conn.execute("SELECT n FROM counter").fetchone()[0]
    conn.close()
    return n
