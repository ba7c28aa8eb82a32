import sqlite3

from fastapi import FastAPI

from .registry import Registry, configure

app = FastAPI()


@app.get("/kv/{key}")
async def read(key: str):
    return Registry.store.load(key)



@app.delete("/kv/{key}")
def forget(key: str):
    # A sync route: run in FastAPI's thread pool beside the loop, on the same file.
    with sqlite3.connect("kv.db") as conn:
        conn.execute("DELETE FROM kv WHERE key = ?", (key,))


configure("kv.db")
