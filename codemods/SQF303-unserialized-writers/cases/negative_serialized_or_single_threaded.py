"""Writers that are already serialized, or never run on more than one thread."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

DB = "app.db"
_write_lock = threading.Lock()
_guard = threading.RLock()


def save(doc_id, page):
    with _write_lock:
        with sqlite3.connect(DB) as conn:
            conn.execute("INSERT INTO pages (doc_id, page) VALUES (?, ?)", (doc_id, page))


def save_guarded(doc_id, status):
    conn = sqlite3.connect(DB)
    with _guard, conn:
        conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
    conn.close()


def read_only(doc_id):
    conn = sqlite3.connect(DB)
    row = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    conn.close()
    return row


def migrate():
    # Run once from the command line, before the server starts.
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO schema_version (version) VALUES (2)")
    conn.commit()
    conn.close()


async def touch(doc_id):
    # On the event loop: SQF501's to fix first.
    with sqlite3.connect(DB) as conn:
        conn.execute("UPDATE documents SET touched = 1 WHERE id = ?", (doc_id,))


def run(pages):
    with ThreadPoolExecutor() as pool:
        for doc_id, page in pages:
            pool.submit(save, doc_id, page)
            pool.submit(save_guarded, doc_id, "processing")
            pool.submit(read_only, doc_id)


if __name__ == "__main__":
    migrate()
