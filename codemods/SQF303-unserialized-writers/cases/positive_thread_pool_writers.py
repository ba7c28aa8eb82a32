"""A page pipeline: pages are converted on a thread pool, and every worker writes
its checkpoint and progress as it goes."""
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "pipeline.db"


def save_checkpoint(doc_id, page, result):
    with sqlite3.connect(DB, timeout=5.0) as conn:
        conn.execute(
            "INSERT INTO checkpoints (doc_id, page, result) VALUES (?, ?, ?)",
            (doc_id, page, json.dumps(result)),
        )


def advance(doc_id, pages_done):
    conn = sqlite3.connect(DB, isolation_level=None, timeout=5.0)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE documents SET pages_done = ? WHERE id = ?", (pages_done, doc_id))
    conn.execute("INSERT INTO progress_log (doc_id, pages_done) VALUES (?, ?)", (doc_id, pages_done))
    conn.execute("COMMIT")
    conn.close()


def log_event(doc_id, text):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("INSERT INTO events (doc_id, text) VALUES (?, ?)", (doc_id, text))
    conn.close()


def convert(doc_id, page, text):
    result = {"page": page, "chars": len(text)}
    save_checkpoint(doc_id, page, result)
    advance(doc_id, page)
    log_event(doc_id, f"page {page} done")


def run(doc_id, pages):
    with ThreadPoolExecutor(max_workers=8) as pool:
        for page, text in enumerate(pages, start=1):
            pool.submit(convert, doc_id, page, text)
