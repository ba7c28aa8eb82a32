import sqlite3
from concurrent.futures import ThreadPoolExecutor

executor = ThreadPoolExecutor(max_workers=2)


def init(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()


def process(path, doc_id):
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT name FROM documents WHERE id = ?", (doc_id,)).fetchone()
    conn.close()
    return row[0] if row else "missing"


def upload(path, name):
    conn = sqlite3.connect(path)
    cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (name,))
    doc_id = cur.lastrowid
    job = executor.submit(process, path, doc_id)
    conn.commit()
    conn.close()
    return job
