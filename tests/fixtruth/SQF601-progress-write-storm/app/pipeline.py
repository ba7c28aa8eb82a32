import sqlite3
import time


def init(path, doc_id):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, pages_done INTEGER, status TEXT)")
        conn.execute("INSERT INTO documents VALUES (?, 0, 'queued')", (doc_id,))
    conn.close()


def ocr(page):
    time.sleep(0.001)
    return page.upper()


def process(conn, doc_id, pages):
    texts = []
    for n, page in enumerate(pages, start=1):
        texts.append(ocr(page))
        conn.execute("UPDATE documents SET pages_done = ?, status = 'ocr' WHERE id = ?", (n, doc_id))
        conn.commit()
    return len(texts)
