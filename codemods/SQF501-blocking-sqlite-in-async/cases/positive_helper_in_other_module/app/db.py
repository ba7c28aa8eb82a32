import sqlite3

DB_PATH = "app.db"


def get_connection():
    return sqlite3.connect(DB_PATH)


def save_status(doc_id, status):
    conn = get_connection()
    try:
        conn.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        conn.commit()
    finally:
        conn.close()


def load_status(doc_id):
    conn = get_connection()
    try:
        return conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    finally:
        conn.close()


def record(doc_id, status):
    save_status(doc_id, status)
