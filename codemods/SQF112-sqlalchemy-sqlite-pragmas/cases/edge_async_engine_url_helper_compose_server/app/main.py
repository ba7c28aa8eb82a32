"""The code defaults to a SQLite file and docker-compose sets a PostgreSQL URL.
sqlfix reads deployment files for how requests are served, not for which
database the environment names: the engine stays likely SQLite (a checkout
run without compose uses the file), and the fix is for review only."""
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from . import config


def to_async(url):
    return url.replace("sqlite:///", "sqlite+aiosqlite:///")


engine = None


@asynccontextmanager
async def lifespan(app):
    global engine
    url = to_async(config.DATABASE_URL)
    engine = create_async_engine(url)
    yield


app = FastAPI(lifespan=lifespan)


@app.post("/notes")
async def add_note(body: str):
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": body})
    return {"ok": True}
