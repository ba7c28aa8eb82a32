"""Openers of one file used by worker threads, each switching to WAL before a
longer wait is set, in shapes the check has to read:
- `through_cursor` runs both PRAGMAs on a cursor of the connection: reported;
- `with_query_between` reads a row between the two: reported, and the fix is
  unsafe (that read would now wait 30 s too);
- `runtime_ms` sets the timeout from a setting (`f"...={ms}"`): reported, the
  author means a longer wait than the default;
- `in_a_branch` raises the timeout only in one branch: not reported (no
  straight run from the switch to the timeout to move)."""
import sqlite3
import threading

DB = "feed.db"
BUSY_MS = 45000


def through_cursor():
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    return conn


def with_query_between():
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA journal_mode=WAL")
    version = conn.execute("SELECT version FROM meta").fetchone()
    conn.execute("PRAGMA busy_timeout=30000")
    return conn, version


def runtime_ms(ms=BUSY_MS):
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA busy_timeout={ms}")
    return conn


def in_a_branch(slow):
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA journal_mode=WAL")
    if slow:
        conn.execute("PRAGMA busy_timeout=30000")
    return conn


def worker(opener):
    conn = opener()
    if isinstance(conn, tuple):
        conn = conn[0]
    with conn:
        conn.execute("INSERT INTO items DEFAULT VALUES")
    conn.close()


def main():
    for opener in (through_cursor, with_query_between, runtime_ms):
        threading.Thread(target=worker, args=(opener,)).start()
    threading.Thread(target=worker, args=(lambda: in_a_branch(True),)).start()


if __name__ == "__main__":
    main()
