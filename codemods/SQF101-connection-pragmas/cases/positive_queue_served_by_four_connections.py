"""The same queue shape, but four workers each open their own connection to one
file: they do contend for its write lock, so the advice stays."""
import queue
import sqlite3
import threading

jobs = queue.Queue()


def worker():
    conn = sqlite3.connect("jobs.db")
    while True:
        row = jobs.get()
        conn.execute("INSERT INTO done (item) VALUES (?)", (row,))
        conn.commit()


def main():
    for _ in range(4):
        threading.Thread(target=worker, daemon=True).start()
    for item in range(100):
        jobs.put(item)
    jobs.join()


if __name__ == "__main__":
    main()
