"""Requests are handled on a thread pool: when a write fails, the connection that
is closed only on the success path keeps its lock while the other threads wait."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

pool = ThreadPoolExecutor(max_workers=4)


def save(path, row):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO t VALUES (?)", (row,))
    conn.commit()
    conn.close()


def handle(path, rows):
    for row in rows:
        pool.submit(save, path, row)
