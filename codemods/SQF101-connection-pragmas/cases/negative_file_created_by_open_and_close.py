"""The writer threads configure their own connections; the two helpers that
create the file beforehand open it and close it again without running a
statement, so they never take a lock and need no pragma advice."""
import sqlite3
import threading

DB = "events.db"


def touch(path):
    sqlite3.connect(path).close()


def create(path):
    conn = sqlite3.connect(path)
    conn.close()


def record(n):
    conn = sqlite3.connect(DB, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("INSERT INTO events (n) VALUES (?)", (n,))
    conn.commit()
    conn.close()


def main():
    touch(DB)
    create(DB + ".old")
    for n in range(4):
        threading.Thread(target=record, args=(n,)).start()


if __name__ == "__main__":
    main()
