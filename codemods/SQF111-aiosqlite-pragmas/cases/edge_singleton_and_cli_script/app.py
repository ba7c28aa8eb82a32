# The service holds one aiosqlite connection for its life, but the project's
# CLI script (tools/purge.py) writes the same file through the same path
# constant, possibly while the service runs: a second connection, so the
# advice stays on the service's connection.
from contextlib import asynccontextmanager

import aiosqlite
from fastapi import FastAPI

from settings import DB_PATH

jobs = None


@asynccontextmanager
async def lifespan(app):
    global jobs
    jobs = await aiosqlite.connect(DB_PATH)
    yield
    await jobs.close()


app = FastAPI(lifespan=lifespan)


@app.post("/jobs")
async def add_job(name: str):
    await jobs.execute("INSERT INTO jobs (name) VALUES (?)", (name,))
    await jobs.commit()
    return {"ok": True}
