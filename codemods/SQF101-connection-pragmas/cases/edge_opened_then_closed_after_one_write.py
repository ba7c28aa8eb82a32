"""Opened and closed at once, but with one write between: that connection
takes the write lock beside the writer threads. Reported; the helper that
only opens and closes the file is not."""
import sqlite3
import threading

DB = "events.db"


def touch(path):
    sqlite3.connect(path).close()


def mark(path, n):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO marks (n) VALUES (?)", (n,))
    conn.commit()
    conn.close()


def main():
    touch(DB)
    for n in range(4):
        threading.Thread(target=mark, args=(DB, n)).start()


if __name__ == "__main__":
    main()
