"""Thread workers whose loops can end: `drain()` leaves its loop with `break`
when the queue says stop, and `poll()` returns from it; each then drops its
connection unclosed while other threads write, and a new worker opens a new
one. Both stay reported: the loop is not the thread's whole life."""
import queue
import sqlite3
import threading

DB = "jobs.db"
jobs = queue.Queue()


def drain():
    conn = sqlite3.connect(DB, timeout=30)
    while True:
        job = jobs.get()
        if job is None:
            break
        conn.execute("INSERT INTO done (job) VALUES (?)", (job,))
        conn.commit()


def poll():
    conn = sqlite3.connect(DB, timeout=30)
    while True:
        row = conn.execute("SELECT id FROM jobs WHERE state = 'new'").fetchone()
        if row:
            return row[0]


for _ in range(4):
    threading.Thread(target=drain, daemon=True).start()
threading.Thread(target=poll, daemon=True).start()
