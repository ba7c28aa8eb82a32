"""Loops that commit on purpose: in batches, per document of real work, per database."""

import sqlite3
import time

BATCH = 500


def import_rows(conn, rows):
    for i, row in enumerate(rows, 1):
        conn.execute("INSERT INTO events (kind, payload) VALUES (?, ?)", row)
        if i % BATCH == 0:
            conn.commit()
    conn.commit()


def process_documents(conn, documents, ocr):
    for doc in documents:
        text = ocr.extract(doc["path"])
        conn.execute("UPDATE documents SET text = ? WHERE id = ?", (text, doc["id"]))
        conn.commit()


def vacuum_all(paths):
    for path in paths:
        conn = sqlite3.connect(path)
        conn.execute("DELETE FROM cache")
        conn.commit()
        conn.close()


def touch_all(connections):
    for conn in connections:
        conn.execute("UPDATE meta SET touched = 1")
        conn.commit()


def save_with_retry(conn, doc_id, payload):
    for attempt in range(5):
        try:
            conn.execute("INSERT INTO results VALUES (?, ?)", (doc_id, payload))
            conn.commit()
            break
        except sqlite3.OperationalError:
            conn.rollback()
            time.sleep(0.05 * 2**attempt)


def worker(conn, queue):
    while True:
        job = queue.get()
        conn.execute("INSERT INTO done (job) VALUES (?)", (job,))
        conn.commit()


def report_progress(conn, doc_id, pages):
    for i, _page in enumerate(pages):
        conn.execute("UPDATE documents SET pages_done = ? WHERE id = ?", (i + 1, doc_id))
        conn.commit()


def save_batch(conn, rows):
    conn.executemany("INSERT INTO tags VALUES (?, ?)", rows)
    conn.commit()
