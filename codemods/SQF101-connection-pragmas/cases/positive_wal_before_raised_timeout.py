"""A job store opened by each worker thread with Python's default 5 s wait.
`open_store` switches the file to WAL first and raises the busy timeout to
30 s only on the next line: the switch needs the file's lock and waits just
5 s for it, so beside another process's long read it fails with "database is
locked" although the author asked for 30 s. Reported on the WAL PRAGMA; the
safe fix moves the timeout line above it (only PRAGMAs lie between)."""
import sqlite3
import threading

DB = "jobs.db"


def open_store():
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def worker(n):
    conn = open_store()
    with conn:
        conn.execute("INSERT INTO jobs(n) VALUES (?)", (n,))
    conn.close()


def main():
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


if __name__ == "__main__":
    main()
