"""Coroutines that hand the imported connection's work to worker threads, under
a lock: nothing blocks the loop. Not reported by SQF501."""
import asyncio

from fastapi import FastAPI

from app.store import lock, shared

app = FastAPI()


@app.post("/visits/{page}")
async def visit(page: str):
    def work():
        with lock:
            shared.execute("INSERT INTO visits (page) VALUES (?)", (page,))
            shared.commit()

    await asyncio.to_thread(work)
    return {"ok": True}


@app.get("/visits")
async def visits():
    loop = asyncio.get_running_loop()

    def read():
        with lock:
            return shared.execute("SELECT count(*) FROM visits").fetchone()[0]

    return {"count": await loop.run_in_executor(None, read)}
