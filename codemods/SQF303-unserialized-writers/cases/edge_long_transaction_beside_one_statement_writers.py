"""An import service: a thread pool runs the jobs, and each job writes through
its own connection. A one-statement transaction (one INSERT in `with conn:`,
one UPDATE then commit) holds the write lock for that statement alone: another
writer waits at most one statement for it. The batch import (one INSERT per
row inside one transaction) and the two-table status change hold it for many
statements: writers queue behind those, and the busy handler serves the queue
unfairly. Only those two are reported."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "imports.db"


def record_upload(name):
    # One INSERT: quiet.
    with sqlite3.connect(DB, timeout=10) as conn:
        conn.execute("INSERT INTO uploads (name) VALUES (?)", (name,))


def touch(upload_id):
    # One UPDATE then commit: quiet.
    conn = sqlite3.connect(DB, timeout=10)
    conn.execute("UPDATE uploads SET seen = seen + 1 WHERE id = ?", (upload_id,))
    conn.commit()
    conn.close()


def import_rows(upload_id, rows):
    # One INSERT, but run for every row inside one transaction: reported.
    conn = sqlite3.connect(DB, timeout=10)
    for row in rows:
        conn.execute("INSERT INTO items (upload_id, value) VALUES (?, ?)", (upload_id, row))
    conn.commit()
    conn.close()


def finish(upload_id):
    # Two statements in one transaction: reported.
    conn = sqlite3.connect(DB, timeout=10)
    conn.execute("UPDATE uploads SET state = 'done' WHERE id = ?", (upload_id,))
    conn.execute("INSERT INTO audit (upload_id, what) VALUES (?, 'done')", (upload_id,))
    conn.commit()
    conn.close()


def job(upload_id, name, rows):
    record_upload(name)
    touch(upload_id)
    import_rows(upload_id, rows)
    finish(upload_id)


def run(uploads):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for upload_id, name, rows in uploads:
            pool.submit(job, upload_id, name, rows)
