"""A developer's timing script: fetch everything into a scratch cache."""
import sqlite3
import sys
import time


def connect(dburi):
    conn = sqlite3.connect(dburi, uri=True)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = 1")
    return conn


if __name__ == "__main__":
    start = time.time()
    db = connect(sys.argv[1] if len(sys.argv) > 1 else "cache.db")
    db.execute("CREATE TABLE IF NOT EXISTS pkgs (name TEXT PRIMARY KEY, body BLOB)")
    print(time.time() - start)
