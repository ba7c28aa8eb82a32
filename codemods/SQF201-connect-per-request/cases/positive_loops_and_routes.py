import sqlite3

from fastapi import Depends, FastAPI

DB_PATH = "documents.db"
app = FastAPI()


def get_db():
    conn = sqlite3.connect(DB_PATH, check_same_thread=False)
    try:
        yield conn
    finally:
        conn.close()


@app.get("/documents/{doc_id}")
def get_document(doc_id: int):
    conn = sqlite3.connect(DB_PATH)
    try:
        return conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    finally:
        conn.close()


@app.get("/documents")
def list_documents(conn=Depends(get_db)):
    return conn.execute("SELECT id FROM documents").fetchall()


def save_chunks(doc_id, chunks):
    for n, chunk in enumerate(chunks):
        with sqlite3.connect(DB_PATH) as conn:
            conn.execute("INSERT INTO chunks (doc_id, n, text) VALUES (?, ?, ?)", (doc_id, n, chunk))


def tag_all(doc_ids, label):
    for doc_id in doc_ids:
        conn = sqlite3.connect(DB_PATH)
        conn.execute("INSERT INTO tags (doc_id, label) VALUES (?, ?)", (doc_id, label))
        conn.commit()
        conn.close()
