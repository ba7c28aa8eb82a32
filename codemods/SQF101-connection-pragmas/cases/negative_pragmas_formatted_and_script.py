import sqlite3

JOURNAL = "WAL"


def connect(path):
    conn = sqlite3.connect(path, timeout=2.5)
    conn.executescript(
        f"""
        PRAGMA journal_mode={JOURNAL};
        PRAGMA synchronous=NORMAL;
        """
    )
    return conn


def connect_cursor(path):
    conn = sqlite3.connect(path, timeout=2.5)
    cur = conn.cursor()
    cur.execute("PRAGMA journal_mode = 'wal'")
    cur.execute("PRAGMA synchronous = {}".format("NORMAL"))
    return conn
