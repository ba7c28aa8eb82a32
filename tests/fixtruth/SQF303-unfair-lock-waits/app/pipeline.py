import json
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor


def init(path, docs):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE documents (id TEXT PRIMARY KEY, pages_done INTEGER NOT NULL)")
    conn.execute("CREATE TABLE checkpoints (doc_id TEXT, page INTEGER, payload TEXT)")
    conn.execute("CREATE TABLE blocks (doc_id TEXT, page INTEGER, n INTEGER, text TEXT)")
    conn.execute("CREATE INDEX blocks_doc ON blocks (doc_id, page, n)")
    conn.executemany("INSERT INTO documents VALUES (?, 0)", [(d,) for d in docs])
    conn.commit()
    conn.close()


def save_checkpoint(path, doc_id, page, result):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute(
        "INSERT INTO checkpoints (doc_id, page, payload) VALUES (?, ?, ?)",
        (doc_id, page, json.dumps(result)),
    )
    conn.executemany(
        "INSERT INTO blocks (doc_id, page, n, text) VALUES (?, ?, ?, ?)",
        [(doc_id, page, n, block) for n, block in enumerate(result["blocks"])],
    )
    conn.execute("UPDATE documents SET pages_done = pages_done + 1 WHERE id = ?", (doc_id,))
    conn.commit()
    conn.close()


def process(path, doc_id, pages):
    for page in range(pages):
        blocks = [f"block {n} of page {page}: " + "lorem ipsum " * 8 for n in range(20)]
        result = {"doc": doc_id, "page": page, "blocks": blocks}
        save_checkpoint(path, doc_id, page, result)
        time.sleep(0.004)  # stand-in for converting the next page


def run(path, docs, pages, workers=16):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(process, path, doc_id, pages) for doc_id in docs]
    return [f.exception() for f in futures]


def pages_done(path):
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT id, pages_done FROM documents ORDER BY id").fetchall()
    conn.close()
    return [list(r) for r in rows]
