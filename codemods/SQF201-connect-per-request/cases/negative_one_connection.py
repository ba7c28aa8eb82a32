"""Connections opened once per job, per database file, or per worker."""

import contextlib
import sqlite3

SHARDS = ["a.db", "b.db"]


def save_chunks(path, doc_id, chunks):
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        for n, chunk in enumerate(chunks):
            conn.execute("INSERT INTO chunks (doc_id, n, text) VALUES (?, ?, ?)", (doc_id, n, chunk))


def vacuum_shards():
    for path in SHARDS:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("VACUUM")


def worker(queue):
    while True:
        job = queue.get()
        with contextlib.closing(sqlite3.connect(job["db"])) as conn, conn:
            conn.execute("UPDATE jobs SET done = 1 WHERE id = ?", (job["id"],))


def report(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()
