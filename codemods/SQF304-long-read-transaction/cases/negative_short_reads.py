"""Rows fetched before the slow work, fast loops, and slow work outside reads."""
import sqlite3
import time

import requests

DB = "docs.db"


def push_all():
    conn = sqlite3.connect(DB)
    rows = conn.execute("SELECT id, text FROM documents").fetchall()
    conn.close()
    for doc_id, text in rows:
        requests.post("https://search.example.com/index", json={"id": doc_id, "text": text}, timeout=30)


def push_fetched():
    conn = sqlite3.connect(DB)
    for doc_id, text in conn.execute("SELECT id, text FROM documents").fetchall():
        requests.post("https://search.example.com/index", json={"id": doc_id, "text": text}, timeout=30)
    conn.close()


def totals():
    conn = sqlite3.connect(DB)
    out = {}
    for name, n in conn.execute("SELECT name, n FROM counters"):
        out[name] = n
    conn.close()
    return out


def wait_for(doc_id):
    conn = sqlite3.connect(DB)
    while conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()[0] != "done":
        time.sleep(0.5)
    conn.close()
