import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "app.db"


@app.post("/tags")
async def add_tag(name: str):
    # One `with` statement that writes: moved onto worker threads, it takes the
    # write lock as its first item instead of a second `with` around it.
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("INSERT INTO tags (name) VALUES (?)", (name,))
    return {"ok": True}


@app.delete("/tags/{tag_id}")
def delete(tag_id: int):
    # A sync route: FastAPI runs it in its thread pool beside the loop, on the
    # same file; its write lock can make the coroutines' statements wait.
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
