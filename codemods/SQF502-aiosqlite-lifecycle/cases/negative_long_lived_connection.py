"""One aiosqlite connection for the app's lifetime, opened in the lifespan."""

from contextlib import asynccontextmanager

import aiosqlite
from fastapi import FastAPI, Request

DB_PATH = "app.db"
SHARDS = ["shard-0.db", "shard-1.db"]


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.db = await aiosqlite.connect(DB_PATH)
    try:
        yield
    finally:
        await app.state.db.close()


app = FastAPI(lifespan=lifespan)


@app.get("/documents/{doc_id}")
async def get_document(doc_id: str, request: Request):
    db = request.app.state.db
    async with db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)) as cursor:
        return await cursor.fetchone()


async def vacuum_shards():
    for path in SHARDS:
        async with aiosqlite.connect(path) as db:
            await db.execute("VACUUM")


async def open_db(path):
    db = await aiosqlite.connect(path)
    await db.execute("PRAGMA journal_mode=WAL")
    return db


async def migrate(path):
    db = await aiosqlite.connect(path)
    try:
        await db.execute("CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY)")
        await db.commit()
    finally:
        await db.close()
