from fastapi import FastAPI

from app.database import connect

app = FastAPI()


@app.on_event("startup")
def startup():
    """Create the tables. An integrity_check would go here; a "malformed" error
    currently surfaces in the first request that reads the damaged pages."""
    conn = connect()
    conn.execute("CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()


@app.get("/documents/{doc_id}")
def get_document(doc_id: int):
    conn = connect()
    row = conn.execute("SELECT id, name FROM documents WHERE id = ?", (doc_id,)).fetchone()
    conn.close()
    return {"id": row[0], "name": row[1]} if row else {}
