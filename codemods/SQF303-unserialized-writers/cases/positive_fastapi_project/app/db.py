import sqlite3

DB_PATH = "docs.db"


def get_connection():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.row_factory = sqlite3.Row
    return conn


def set_status(doc_id, status):
    conn = get_connection()
    try:
        conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        conn.execute("INSERT INTO status_log (doc_id, status) VALUES (?, ?)", (doc_id, status))
        conn.commit()
    finally:
        conn.close()
