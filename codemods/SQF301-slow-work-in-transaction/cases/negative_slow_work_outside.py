"""Slow work done before the transaction or after the commit; reads are fine."""
import sqlite3
import time

import requests

DB = "docs.db"


def finish(doc_id, pages):
    response = requests.post("https://hooks.example.com/documents", json={"id": doc_id}, timeout=10)
    with sqlite3.connect(DB) as conn:
        conn.execute(
            "UPDATE documents SET status = 'done', pages = ?, hook_status = ? WHERE id = ?",
            (pages, response.status_code, doc_id),
        )


def poll(doc_id):
    conn = sqlite3.connect(DB)
    for _ in range(10):
        row = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row and row[0] == "done":
            break
        time.sleep(0.5)
    conn.close()


def record_then_notify(doc_id):
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE documents SET notified = 1 WHERE id = ?", (doc_id,))
    conn.commit()
    requests.post("https://hooks.example.com/documents", json={"id": doc_id}, timeout=10)
    conn.close()
