"""The same kind of script, but its loop also runs the set-up function again
(a `reset` command) while the worker thread writes: that call is not start-up,
so the set-up connection, closed only on the success path, is reported."""

import sqlite3
import threading
import time

DB = "queue.db"


def reset_db():
    conn = sqlite3.connect(DB)
    conn.execute("DROP TABLE IF EXISTS jobs")
    conn.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    conn.commit()
    conn.close()


def work_forever():
    while True:
        conn = sqlite3.connect(DB, timeout=30)
        try:
            conn.execute("DELETE FROM jobs WHERE id = (SELECT MIN(id) FROM jobs)")
            conn.commit()
        finally:
            conn.close()
        time.sleep(5)


def start_worker():
    threading.Thread(target=work_forever, daemon=True).start()


reset_db()
start_worker()

while True:
    command = input("> ").strip()
    if command == "reset":
        reset_db()
