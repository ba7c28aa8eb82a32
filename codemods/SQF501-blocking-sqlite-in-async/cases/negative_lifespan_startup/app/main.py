import sqlite3
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .db import DB_PATH, init_db, warm_cache

CACHE = {}


@asynccontextmanager
async def lifespan(app):
    init_db()
    await warm_cache(CACHE)
    conn = sqlite3.connect(DB_PATH)
    conn.execute("DELETE FROM sessions WHERE expires_at < CURRENT_TIMESTAMP")
    conn.commit()
    conn.close()
    yield
    CACHE.clear()


app = FastAPI(lifespan=lifespan)


@app.on_event("shutdown")
async def forget_sessions():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("DELETE FROM sessions")
    conn.commit()
    conn.close()


@app.get("/users/{name}")
async def role(name: str):
    return {"role": CACHE.get(name)}
