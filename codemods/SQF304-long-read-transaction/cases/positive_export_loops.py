"""Exports and syncs that walk a table while calling out per row."""
import sqlite3
import time

import requests

DB = "docs.db"


def push_to_search_index(conn):
    for doc_id, text in conn.execute("SELECT id, text FROM documents WHERE indexed = 0"):
        requests.post("https://search.example.com/index", json={"id": doc_id, "text": text}, timeout=30)


def export_csv(path):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM documents ORDER BY id")
    for row in cur:
        with open(path, "a") as f:
            f.write(f"{row[0]},{row[1]}\n")
    conn.close()


def throttled_resend(limit):
    conn = sqlite3.connect(DB)
    for (doc_id,) in conn.execute("SELECT id FROM outbox ORDER BY id LIMIT ?", (limit,)):
        if doc_id is None:
            break
        time.sleep(0.2)  # the receiver allows five requests a second
    conn.close()


def audit(doc_ids):
    conn = sqlite3.connect(DB)
    conn.execute("BEGIN")
    count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    requests.post("https://audit.example.com/", json={"count": count, "ids": doc_ids}, timeout=30)
    conn.commit()
    conn.close()
