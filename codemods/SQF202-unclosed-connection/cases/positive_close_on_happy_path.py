import contextlib
import sqlite3


def get_status(doc_id):
    conn = sqlite3.connect("app.db")  # status lookups
    row = conn.execute(
        """
        SELECT status
        FROM documents
        WHERE id = ?
        """,
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    conn.close()
    return row[0]


def insert_document(name):
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    cur.execute("INSERT INTO documents (name) VALUES (?)", (name,))
    conn.commit()
    new_id = cur.lastrowid
    conn.close()
    return new_id
