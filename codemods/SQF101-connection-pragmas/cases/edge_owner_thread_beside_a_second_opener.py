"""One thread owns a connection and serves a queue, but three report threads open
the same file on their own: the owner's connection now has second parties, and
four writers queue for the lock. Reported (two short writers alone would not be:
each waits for one short statement of the other)."""
import queue
import sqlite3
import threading
import time

DB = "ledger.db"
writes = queue.Queue()


def owner():
    conn = sqlite3.connect(DB)
    while True:
        amount = writes.get()
        conn.execute("INSERT INTO ledger (amount) VALUES (?)", (amount,))
        conn.commit()


def report():
    while True:
        conn = sqlite3.connect(DB)
        conn.execute("INSERT INTO reports (total) SELECT SUM(amount) FROM ledger")
        conn.commit()
        conn.close()
        time.sleep(60)


def main():
    threading.Thread(target=owner, daemon=True).start()
    for _ in range(3):
        threading.Thread(target=report, daemon=True).start()
    for amount in range(10):
        writes.put(amount)


if __name__ == "__main__":
    main()
