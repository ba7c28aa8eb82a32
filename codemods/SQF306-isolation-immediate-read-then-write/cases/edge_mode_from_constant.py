"""The isolation level comes from a module constant, not a literal: it is still
IMMEDIATE, and the read-then-write on worker threads is still unprotected."""
import sqlite3
import threading

TX_MODE = "IMMEDIATE"


def add_pages(path, doc_id, pages):
    conn = sqlite3.connect(path, isolation_level=TX_MODE, timeout=30)
    try:
        row = conn.execute("SELECT pages FROM doc_counters WHERE doc_id = ?", (doc_id,)).fetchone()
        total = (row[0] if row else 0) + pages
        conn.execute(
            "INSERT OR REPLACE INTO doc_counters (doc_id, pages) VALUES (?, ?)", (doc_id, total)
        )
        conn.commit()
    finally:
        conn.close()
    return total


def start(path, jobs):
    for doc_id, pages in jobs:
        threading.Thread(target=add_pages, args=(path, doc_id, pages)).start()
