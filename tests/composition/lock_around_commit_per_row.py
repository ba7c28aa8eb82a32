# composes: SQF402, SQF202
# Worker threads that each save a document's rows with a commit per row: the
# batching and closing() both rewrite the loop. Each commit holds the write lock
# for one INSERT, so SQF303 leaves these writers alone (one-statement
# transactions make nobody wait longer than a statement).
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB_PATH = "pages.db"


def _connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def save_pages(doc_id, pages):
    conn = _connect()
    for number, text in enumerate(pages):
        conn.execute(
            "INSERT INTO pages (doc_id, number, text) VALUES (?, ?, ?)",
            (doc_id, number, text),
        )
        conn.commit()
    conn.close()


def save_all(documents):
    with ThreadPoolExecutor(max_workers=4) as pool:
        for doc_id, pages in documents.items():
            pool.submit(save_pages, doc_id, pages)
