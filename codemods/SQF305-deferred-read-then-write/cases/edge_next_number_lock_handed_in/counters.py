"""The lock comes from the caller: it may be a thread lock or a file lock.

Reported when two programs load the module: a lock sqlfix cannot place is
taken to order one process's threads only.
"""
import sqlite3

DB = "counters.db"


def next_ticket(lock, queue):
    with lock:
        conn = sqlite3.connect(DB)
        row = conn.execute("SELECT MAX(number) FROM tickets WHERE queue = ?", (queue,)).fetchone()
        number = (row[0] or 0) + 1
        conn.execute("INSERT INTO tickets (queue, number) VALUES (?, ?)", (queue, number))
        conn.commit()
        conn.close()
    return number
