import sqlite3

from fastapi import FastAPI, UploadFile

app = FastAPI()
conn = sqlite3.connect("documents.db", check_same_thread=False)
conn.execute("CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, name TEXT, status TEXT)")


@app.post("/documents")
def create_document(file: UploadFile):
    cur = conn.execute("INSERT INTO documents (name, status) VALUES (?, 'queued')", (file.filename,))
    conn.commit()
    return {"id": cur.lastrowid}


@app.post("/documents/{doc_id}/retry")
def retry(doc_id: int):
    row = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return {"error": "not found"}
    if row[0] == "failed":
        conn.execute("UPDATE documents SET status = 'queued' WHERE id = ?", (doc_id,))
        conn.commit()
    return {"status": "queued"}


@app.get("/documents")
def list_documents():
    return conn.execute("SELECT id, name, status FROM documents").fetchall()
