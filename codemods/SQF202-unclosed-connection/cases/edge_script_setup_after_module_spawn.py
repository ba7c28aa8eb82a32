"""A script whose module code hands a worker to a thread pool before it sets
up the table, then loops: the set-up runs while the worker already writes,
so it is not start-up code and its connection, closed only on the success
path, is reported."""

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

DB = "events.db"


def record_forever():
    while True:
        conn = sqlite3.connect(DB, timeout=30)
        try:
            conn.execute("INSERT INTO events (at) VALUES (?)", (time.time(),))
            conn.commit()
        finally:
            conn.close()
        time.sleep(1)


def prepare():
    conn = sqlite3.connect(DB)
    conn.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at REAL UNIQUE)")
    conn.commit()
    conn.close()


pool = ThreadPoolExecutor(max_workers=1)
pool.submit(record_forever)
prepare()

while True:
    if input("> ").strip() == "quit":
        break
