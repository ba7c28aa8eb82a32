"""The slow call needs what the transaction wrote: it cannot simply move."""
import sqlite3

import requests

DB = "docs.db"


def create(name):
    conn = sqlite3.connect(DB)
    cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (name,))
    doc_id = cur.lastrowid
    requests.post("https://hooks.example.com/created", json={"id": doc_id}, timeout=10)
    conn.commit()
    conn.close()
    return doc_id


def export_all(path):
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE documents SET exported = 1")
    for row in conn.execute("SELECT id, name FROM documents"):
        with open(path, "a") as f:
            f.write(f"{row[0]},{row[1]}\n")
    conn.commit()
    conn.close()
