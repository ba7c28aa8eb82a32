"""Progress writes that are already throttled, or loops that are not processing loops."""

import sqlite3
import time


def ocr_throttled(conn, doc_id, pages, engine):
    last = 0.0
    for i, page in enumerate(pages):
        engine.ocr(page)
        if time.monotonic() - last > 1.0:
            conn.execute("UPDATE documents SET pages_done = ? WHERE id = ?", (i + 1, doc_id))
            conn.commit()
            last = time.monotonic()
    conn.execute("UPDATE documents SET pages_done = ? WHERE id = ?", (len(pages), doc_id))
    conn.commit()


def ocr_every_tenth(conn, doc_id, pages, engine):
    for i, page in enumerate(pages):
        engine.ocr(page)
        if i % 10 == 0:
            conn.execute("UPDATE documents SET pages_done = ? WHERE id = ?", (i, doc_id))


def requeue(conn, doc_ids):
    for doc_id in doc_ids:
        conn.execute("UPDATE documents SET status = 'queued' WHERE id = ?", (doc_id,))
    conn.commit()


def worker(conn, queue, engine):
    while True:
        doc_id = queue.get()
        engine.process(doc_id)
        conn.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
        conn.commit()


def store_text(path, doc_id, pages, engine):
    with sqlite3.connect(path) as conn:
        for n, page in enumerate(pages):
            conn.execute("INSERT INTO pages (doc_id, n, text) VALUES (?, ?, ?)", (doc_id, n, engine.ocr(page)))
