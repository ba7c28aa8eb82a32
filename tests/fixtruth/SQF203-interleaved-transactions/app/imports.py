import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor

conn = sqlite3.connect(os.environ.get("IMPORTS_DB", "imports.db"), check_same_thread=False)
conn.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY)")
conn.execute("CREATE TABLE IF NOT EXISTS pages (doc_id TEXT, n INTEGER, text TEXT)")


def import_document(doc_id, pages):
    conn.execute("INSERT INTO documents (id) VALUES (?)", (doc_id,))
    for n, text in enumerate(pages):
        conn.execute("INSERT INTO pages (doc_id, n, text) VALUES (?, ?, ?)", (doc_id, n, text))
    if any(not text for text in pages):
        conn.rollback()
        return False
    conn.commit()
    return True


def import_all(jobs):
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda job: import_document(*job), jobs))


def stored():
    return {
        "documents": [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")],
        "pages": conn.execute("SELECT doc_id, n FROM pages ORDER BY doc_id, n").fetchall(),
    }
