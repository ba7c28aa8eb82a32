"""A checkpoint pipeline: pages are processed on a thread pool and each worker
records its result (a name reserved if absent is no lost update: own_row.rs)."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "pipeline.db"


def record_page(doc_id, page, digest):
    conn = sqlite3.connect(DB, timeout=10)
    with conn:
        cur = conn.cursor()
        cur.execute("SELECT pages_done FROM documents WHERE id = ?", (doc_id,))
        done = cur.fetchone()[0]
        cur.execute(
            "UPDATE documents SET pages_done = ?, last_digest = ? WHERE id = ?",
            (done + 1, digest, doc_id),
        )
    conn.close()


def reserve_name(name):
    conn = sqlite3.connect(DB, isolation_level=None)
    try:
        taken = conn.execute("SELECT 1 FROM names WHERE name = ?", (name,)).fetchone()
        if not taken:
            conn.execute("INSERT INTO names (name) VALUES (?)", (name,))
    finally:
        conn.close()
    return not taken


def run(doc_id, pages):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for page, digest in pages:
            pool.submit(record_page, doc_id, page, digest)
        pool.submit(reserve_name, doc_id)
