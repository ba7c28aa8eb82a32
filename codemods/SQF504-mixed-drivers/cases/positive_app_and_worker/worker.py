import sqlite3

from config import DB_PATH


def mark_done(doc_id):
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
