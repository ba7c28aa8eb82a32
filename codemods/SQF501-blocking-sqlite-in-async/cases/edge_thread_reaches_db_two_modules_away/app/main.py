"""A report service on one event loop whose routes read the database on the
loop, while a worker thread (`asyncio.to_thread(worker.render, ...)`) writes
the same file through a helper two modules away: the thread's write lock can
make the loop's read wait (a second party), so SQF501 reports it, naming the
thread."""
import asyncio
import sqlite3

import uvicorn
from fastapi import FastAPI

from . import settings, worker

app = FastAPI()


def report_state(report_id):
    conn = sqlite3.connect(settings.DB_PATH)
    row = conn.execute("SELECT state FROM reports WHERE id = ?", (report_id,)).fetchone()
    conn.close()
    return row[0] if row else None


@app.post("/reports/{report_id}")
async def render(report_id: int):
    await asyncio.to_thread(worker.render, report_id)
    return {"ok": True}


@app.get("/reports/{report_id}")
async def state(report_id: int):
    return {"state": report_state(report_id)}


if __name__ == "__main__":
    uvicorn.run(app)
