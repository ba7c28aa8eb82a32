# composes: SQF101, SQF202, SQF501
# An upload handler that opens its own connection on the event loop, writes and
# closes only on the success path: the offload, the PRAGMA wrapper and closing()
# all touch the same `connect` statement.
import sqlite3
import threading  # the app also runs worker threads: a second party on the file

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "uploads.db"


@app.post("/documents")
async def upload(name: str):
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT INTO documents (name) VALUES (?)", (name,))
    conn.commit()
    conn.close()
    return {"name": name}
