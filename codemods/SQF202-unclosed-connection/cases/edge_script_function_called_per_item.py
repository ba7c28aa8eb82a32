"""Also a script, but `count_rows()` runs once per file in a top-level loop
and `refresh()` is a thread target: each call opens a connection it never
closes, so they pile up. Both stay reported; `main()` runs once and does not."""
import sqlite3
import sys
import threading


def count_rows(path):
    conn = sqlite3.connect(path)
    return conn.execute("SELECT count(*) FROM items").fetchone()[0]


def refresh():
    conn = sqlite3.connect("cache.db")
    conn.execute("DELETE FROM cache WHERE stale = 1")
    conn.commit()


def main():
    conn = sqlite3.connect("summary.db")
    conn.execute("INSERT INTO runs DEFAULT VALUES")
    conn.commit()


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(count_rows(p))
    threading.Thread(target=refresh).start()
    main()
