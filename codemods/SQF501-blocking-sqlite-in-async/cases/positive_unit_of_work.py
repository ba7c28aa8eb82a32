import sqlite3

from fastapi import FastAPI, UploadFile

app = FastAPI()
DB_PATH = "app.db"


@app.post("/documents")
async def upload(file: UploadFile):
    data = await file.read()
    conn = sqlite3.connect(DB_PATH)
    cur = conn.execute(
        "INSERT INTO documents (name, size) VALUES (?, ?)",
        (file.filename, len(data)),
    )
    doc_id = cur.lastrowid
    conn.commit()
    conn.close()
    return {"id": doc_id, "size": len(data)}


@app.get("/documents/{doc_id}")
async def status(doc_id: int):
    attempts = 0
    with sqlite3.connect(DB_PATH) as conn:
        attempts += 1
        row = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return {"status": row[0] if row else None, "attempts": attempts}


@app.delete("/documents/{doc_id}")
def delete(doc_id: int):
    # A sync route: FastAPI runs it in its thread pool beside the loop, on the
    # same file; its write lock can make the coroutines' statements wait.
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
