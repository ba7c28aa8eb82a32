import sqlite3

DB_PATH = "pipeline.db"


def connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def update_progress(doc_id, done, total):
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute(
            "UPDATE documents SET pages_done = ?, pages_total = ? WHERE id = ?",
            (done, total, doc_id),
        )


def add_words(doc_id, n):
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("UPDATE documents SET words_done = words_done + ? WHERE id = ?", (n, doc_id))
