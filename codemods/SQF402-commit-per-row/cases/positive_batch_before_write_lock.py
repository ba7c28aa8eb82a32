"""A per-row commit in a function that worker threads run: SQF402 batches the loop
first, then SQF303 puts the one transaction that is left under the write lock.
Locking first would leave the commit inside `with _WRITE_LOCK:`, out of reach of
the batching fix."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB_PATH = "pages.db"


def get_connection():
    return sqlite3.connect(DB_PATH, timeout=5.0)


def save_pages(doc_id, pages):
    conn = get_connection()
    for page in pages:
        conn.execute(
            "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
            (doc_id, page["number"], page["text"]),
        )
        conn.commit()
    conn.close()


def save_all(docs):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for doc_id, pages in docs.items():
            pool.submit(save_pages, doc_id, pages)
