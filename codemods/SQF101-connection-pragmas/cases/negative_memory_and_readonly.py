import sqlite3


def scratch():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x)")
    return conn


def report(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return conn.execute("SELECT count(*) FROM t").fetchone()


def peek(path):
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT * FROM t LIMIT 5").fetchall()
    conn.close()
    return rows
