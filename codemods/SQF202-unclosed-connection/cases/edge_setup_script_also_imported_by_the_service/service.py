"""The service imports the setup script and runs its `create()` again whenever
a worker starts, while the other workers write: there the connection closed
only on its success path meets them, so `setup_db.py`'s site is reported even
though the script alone runs one command."""

import sqlite3
import threading

import setup_db

DB = "notes.db"


def save(note):
    conn = sqlite3.connect(DB, timeout=30)
    try:
        conn.execute("INSERT INTO notes (body) VALUES (?)", (note,))
        conn.execute("UPDATE stats SET count = count + 1")
        conn.commit()
    finally:
        conn.close()


def serve(queue):
    setup_db.create(False)
    while True:
        save(queue.get())


if __name__ == "__main__":
    import queue

    q = queue.Queue()
    for _ in range(4):
        threading.Thread(target=serve, args=(q,)).start()
