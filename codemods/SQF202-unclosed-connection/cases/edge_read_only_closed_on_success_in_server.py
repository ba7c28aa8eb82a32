"""A server's read-only lookup closed on the success path, and one in a `finally`.
A read-only connection holds no lock, so the exception path costs a handle per
failure at most: neither is reported. A read-only connection that is never closed
in the same server is (the process stays up)."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB = "catalog.db"


@app.get("/items/{item_id}")
def item(item_id: int):
    conn = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    row = conn.execute("SELECT name FROM items WHERE id = ?", (item_id,)).fetchone()
    conn.close()
    return {"name": row[0] if row else None}


@app.get("/count")
def count():
    conn = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    try:
        return {"count": conn.execute("SELECT count(*) FROM items").fetchone()[0]}
    finally:
        conn.close()


@app.get("/names")
def names():
    with sqlite3.connect(f"file:{DB}?mode=ro", uri=True) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM items")]
