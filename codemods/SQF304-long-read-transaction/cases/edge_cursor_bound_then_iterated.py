"""Search-index sync that binds the cursor to a name before looping over it.

Probes a live cursor reached through a name: `cur = conn.execute(SELECT)` then
`for row in cur:` around an HTTP call keeps the SELECT's snapshot open exactly like
iterating `conn.execute(...)` directly. Expected: `push_pending` is flagged and fixed
to loop over `cur.fetchall()`; `push_pending_fetched`, which drains the same cursor
into a list and closes the connection first, and `count_pending`, a fast loop, are
not flagged.
"""
import sqlite3

import requests

DB_PATH = "documents.db"
INDEX_URL = "https://search.example.com/index"


def push_pending():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    cur = conn.execute(
        "SELECT id, title, body FROM documents WHERE indexed_at IS NULL ORDER BY id"
    )
    for doc_id, title, body in cur:
        requests.post(INDEX_URL, json={"id": doc_id, "title": title, "body": body}, timeout=30)
    conn.close()


def push_pending_fetched():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    cur = conn.execute("SELECT id, title, body FROM documents WHERE indexed_at IS NULL")
    rows = cur.fetchall()
    conn.close()
    for doc_id, title, body in rows:
        requests.post(INDEX_URL, json={"id": doc_id, "title": title, "body": body}, timeout=30)


def count_pending():
    conn = sqlite3.connect(DB_PATH)
    cur = conn.execute("SELECT kind FROM documents WHERE indexed_at IS NULL")
    counts = {}
    for (kind,) in cur:
        counts[kind] = counts.get(kind, 0) + 1
    conn.close()
    return counts
