"""Worker threads open the same file; each opener sets its wait before the
switch to WAL, or never waits less during it than afterwards. Not reported:
`first` raises the timeout before asking for WAL; `long_connect` passes
`timeout=60` to connect, longer than the 20 s set afterwards; `shorter_later`
lowers the wait after the switch (the switch had the full 5 s); `other_conn`
raises the timeout of a second connection, not of the one switched to WAL."""
import sqlite3
import threading

DB = "queue.db"


def first():
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def long_connect():
    conn = sqlite3.connect(DB, timeout=60)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=20000")
    return conn


def shorter_later():
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=2000")
    return conn


def other_conn():
    conn = sqlite3.connect(DB, timeout=30)
    log = sqlite3.connect(DB, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    log.execute("PRAGMA busy_timeout=60000")
    log.close()
    return conn


def worker(opener):
    conn = opener()
    with conn:
        conn.execute("INSERT INTO items DEFAULT VALUES")
    conn.close()


def main():
    for opener in (first, long_connect, shorter_later, other_conn):
        threading.Thread(target=worker, args=(opener,)).start()


if __name__ == "__main__":
    main()
