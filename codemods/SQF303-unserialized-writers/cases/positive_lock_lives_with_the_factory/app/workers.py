"""Pipeline workers; the database module only hands out connections."""
import threading

from app.db import get_connection


def save(doc_id, pages):
    conn = get_connection()
    conn.execute("INSERT INTO documents (id, pages) VALUES (?, ?)", (doc_id, pages))
    conn.commit()
    conn.close()


def start(docs):
    for doc_id, pages in docs:
        threading.Thread(target=save, args=(doc_id, pages)).start()
