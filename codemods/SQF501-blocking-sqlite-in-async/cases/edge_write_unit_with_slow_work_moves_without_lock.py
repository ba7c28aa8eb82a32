import sqlite3
import time

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "app.db"


@app.post("/jobs")
async def add_job(name: str):
    # The unit writes but also sleeps: the write lock must never be held through
    # it, so the unit moves without the lock (SQF303 then says why on its own).
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT INTO jobs (name) VALUES (?)", (name,))
    time.sleep(0.5)
    conn.commit()
    conn.close()
    return {"ok": True}
