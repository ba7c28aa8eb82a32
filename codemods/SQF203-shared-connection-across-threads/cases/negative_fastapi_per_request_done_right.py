"""The framework's own recipe: the dependency's connection may cross threads
(check_same_thread=False, one request uses it at a time); an async dependency and
async endpoint share the loop thread; a background task opens its own connection."""
import sqlite3

from fastapi import BackgroundTasks, Depends, FastAPI

app = FastAPI()
DB = "app.db"


def get_db():
    conn = sqlite3.connect(DB, check_same_thread=False)
    try:
        yield conn
    finally:
        conn.close()


async def get_async_db():
    conn = sqlite3.connect(DB)
    try:
        yield conn
    finally:
        conn.close()


def record(path, item_id):
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("UPDATE items SET hits = hits + 1 WHERE id = ?", (item_id,))
    finally:
        conn.close()


@app.get("/items/{item_id}")
def item(item_id: int, tasks: BackgroundTasks, conn=Depends(get_db)):
    tasks.add_task(record, DB, item_id)
    return conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()


@app.get("/fast/{item_id}")
async def fast_item(item_id: int, conn=Depends(get_async_db)):
    return conn.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
