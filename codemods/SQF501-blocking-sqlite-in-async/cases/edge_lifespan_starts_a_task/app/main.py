import asyncio
import sqlite3
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .db import DB_PATH, load_settings, poll_feeds


@asynccontextmanager
async def lifespan(app):
    app.state.settings = load_settings()
    task = asyncio.create_task(poll_feeds())

    async def sweep():
        conn = sqlite3.connect(DB_PATH)
        conn.execute("DELETE FROM sessions")
        conn.commit()
        conn.close()

    sweeper = asyncio.create_task(sweep())
    yield
    task.cancel()
    sweeper.cancel()


app = FastAPI(lifespan=lifespan)


@app.get("/settings")
async def settings():
    return load_settings()
