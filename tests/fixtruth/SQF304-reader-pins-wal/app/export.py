import sqlite3
import time


def init(path, n):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE TABLE uploads (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO documents (body) VALUES (?)", [(f"doc {i}",) for i in range(n)])
    conn.commit()
    conn.close()


def export_ids(path):
    conn = sqlite3.connect(path)
    sent = []
    for doc_id, body in conn.execute("SELECT id, body FROM documents ORDER BY id"):
        sent.append(doc_id)
        time.sleep(0.001)  # the receiving API allows a request per millisecond
    conn.close()
    return sent
